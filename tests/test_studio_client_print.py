"""Printing for a client from the Screen and Compose pages, and the next step each page offers.

The sheet is the one ``export --intake`` makes: the verdict and the client
reference, never a word of the intake's notes; the intake travels only in the
body of a POST.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from protocolkit.plugin.catalog import Catalog

from .studio_clients import examples_copy, signed_in

TOKEN = "print-token"
LEGS = "legs-post-event-sports.yaml"
SECRET = "told-me-about-her-divorce"
INTAKE = f"""\
protocolkit: 1
kind: intake
client: C-7781
conditions:
  - id: varicose-veins
    region: calf
    side: left
notes: {SECRET}
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    copied = examples_copy(tmp_path)
    (copied / "intakes" / "c-7781.yaml").write_text(INTAKE)
    return copied


@pytest.fixture()
def browser(folder: Path, catalog: Catalog) -> TestClient:
    return signed_in(folder, catalog, TOKEN)


@pytest.mark.parametrize("intake", [{"intake_file": "intakes/c-7781.yaml"}, {"intake_text": INTAKE}],
                         ids=["file", "typed"])
def test_the_client_sheet_has_the_verdict_and_reference_and_no_note(browser: TestClient, intake: dict[str, str]
                                                                   ) -> None:
    answer = browser.post("/print/client", data={"protocol": LEGS, "on": "2026-12-07", **intake})
    assert answer.status_code == 200, answer.text
    page = answer.text
    assert "C-7781" in page and "adapt" in page.lower() and "varicose-veins" in page
    assert SECRET not in page
    assert 'data-print' in page and "/static/client_print.css" in page
    assert 'class="hatch"' in page  # the regions the intake rules out, hatched on the body map


def test_the_sheet_is_export_with_the_intake(browser: TestClient, folder: Path, catalog: Catalog) -> None:
    from protocolkit.check.validation import read_intake
    from protocolkit.check.verdicts import on_day
    from protocolkit.studio.sheets import sheet_of

    read = read_intake(str(folder / "intakes" / "c-7781.yaml"), catalog)
    assert read.intake is not None
    from datetime import date

    expected = sheet_of((folder / LEGS).read_text(), LEGS, catalog, on_day(read.intake, date(2026, 12, 7)))
    page = browser.post("/print/client", data={"protocol": LEGS, "intake_file": "intakes/c-7781.yaml",
                                               "on": "2026-12-07"}).text
    assert str(expected) in page


def test_printing_needs_the_csrf_token_and_an_intake(browser: TestClient) -> None:
    token = browser.headers.pop("X-CSRF-Token")
    assert browser.post("/print/client", data={"protocol": LEGS, "intake_text": INTAKE}).status_code == 403
    browser.headers["X-CSRF-Token"] = token
    missing = browser.post("/print/client", data={"protocol": LEGS})
    assert missing.status_code == 422 and "Choose an intake" in missing.text
    broken = browser.post("/print/client", data={"protocol": LEGS, "intake_text": "kind: intake\nclient: [\n"})
    assert broken.status_code == 422 and "cannot be read in full" in broken.text
    outside = browser.post("/print/client", data={"protocol": "../secret.yaml", "intake_text": INTAKE})
    assert outside.status_code == 422 and SECRET not in outside.text


def test_the_screen_result_offers_printing_for_the_client(browser: TestClient) -> None:
    result = browser.post("/screen", data={"protocol": LEGS, "intake_file": "intakes/c-7781.yaml",
                                           "on": "2026-12-07"}).text
    assert 'hx-post="/print/client"' in result and "Print for this client" in result
    assert 'hx-include="form.screen"' in result  # the page's own form: the intake never goes into an address
    assert 'id="client-print"' in browser.get("/screen").text
    assert 'class="rule-code" href="/rules/PK402"' in result  # each code leads to its rule's page
    assert "protocolkit " not in result.replace("protocolkit studio", "")  # no terminal command for a web user
    assert '<a href="/rules">Rules</a>' in browser.get("/screen").text


def test_compose_offers_printing_and_after_saving_the_next_steps(browser: TestClient) -> None:
    composed = browser.post("/compose", data={"duration": "30m", "modalities": "swedish", "regions": "upper back",
                                              "intake_file": "intakes/c-7781.yaml", "on": "2026-12-07"})
    assert composed.status_code == 200, composed.text
    assert "Print for this client" in composed.text and 'hx-post="/print/client"' in composed.text
    saved = browser.post("/compose/save", data={"name": "for-c-7781.yaml", "text": _composed_text(composed.text)})
    assert saved.status_code == 201, saved.text
    for link in ('href="/edit/for-c-7781.yaml"', 'href="/screen?protocol=for-c-7781.yaml"',
                 'href="/sheet/for-c-7781.yaml"'):
        assert link in saved.text


def _composed_text(page: str) -> str:
    import html
    import re

    found = re.search(r'<input type="hidden" name="text" value="([^"]*)"', page)
    assert found, page
    return html.unescape(found[1])


# -- "Adapt it for this client" --------------------------------------------------------------------

def test_adapting_opens_the_adapted_protocol_unsaved_with_its_changes_marked(browser: TestClient,
                                                                            folder: Path) -> None:
    import os
    import re

    before = (folder / LEGS).read_bytes()
    result = browser.post("/screen", data={"protocol": LEGS, "intake_file": "intakes/c-7781.yaml",
                                           "on": "2026-12-07"}).text
    assert "Adapt it for this client" in result and 'hx-post="/screen/adapt"' in result
    adapted = browser.post("/screen/adapt", data={"protocol": LEGS, "intake_file": "intakes/c-7781.yaml",
                                                  "on": "2026-12-07"})
    assert adapted.status_code == 200, adapted.text
    target = adapted.headers["HX-Redirect"]
    assert re.fullmatch(r"/edit/legs-post-event-sports-for-c-7781\.yaml\?draft=[\w-]{16,64}", target)
    assert "c-7781" not in target.split("?draft=")[1] and SECRET not in target
    name = "legs-post-event-sports-for-c-7781.yaml"
    assert not (folder / name).exists()  # not saved yet
    page = browser.get(target)
    assert page.status_code == 200 and "Adapted for this client and not saved yet" in page.text
    assert 'class="step hands-on changed"' in page.text and "changed for this client" in page.text
    assert SECRET not in page.text
    assert browser.get(target).status_code == 404  # a draft is taken once
    text = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert text
    import html as markup

    saved = browser.post(f"/edit/{name}", data={"text": markup.unescape(text[1]), "etag": "", "view": "text",
                                                 "op": "save", "for_client": "1"})
    assert saved.status_code == 200 and "Saved" in saved.text, saved.text
    assert (folder / name).exists() and os.stat(folder / name).st_mode & 0o777 == 0o600
    assert (folder / LEGS).read_bytes() == before  # the original stays as it was
    screened = browser.post("/screen", data={"protocol": name, "intake_file": "intakes/c-7781.yaml",
                                             "on": "2026-12-07"}).text
    assert 'class="verdict-word">go<' in screened


def test_adapting_a_client_not_to_treat_is_refused_in_words(browser: TestClient, folder: Path) -> None:
    (folder / "intakes" / "fever.yaml").write_text("protocolkit: 1\nkind: intake\nclient: C-9\nconditions:\n"
                                                    "  - id: fever\n")
    refused = browser.post("/screen/adapt", data={"protocol": LEGS, "intake_file": "intakes/fever.yaml"})
    assert refused.status_code == 422 and "Not adapted" in refused.text and "HX-Redirect" not in refused.headers


def test_adapting_a_treatment_plan_is_refused_in_words(browser: TestClient) -> None:
    refused = browser.post("/screen/adapt", data={"protocol": "plans/upper-back-series.yaml",
                                                  "intake_file": "intakes/c-0042-varicose-anticoagulants.yaml"})
    assert refused.status_code == 422 and "HX-Redirect" not in refused.headers
    assert "Only a protocol can be adapted, and this is a treatment plan" in refused.text
