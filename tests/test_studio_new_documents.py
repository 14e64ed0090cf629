"""New documents from the studio: a blank protocol, a copy of one, and a new intake.

Through Starlette's TestClient as a signed-in browser sends (the cookie and
htmx's CSRF header): what is written is checked with the command line's own
readers (``validate``'s findings, ``read_intake``), names that are taken or
lead out of the folder are refused with what was typed kept, and nothing of
an intake but its client reference comes back in any response.  One browser
test adds and removes conditions from the keyboard and saves.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import stat
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from protocolkit.check.validation import read_intake
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio import files

from .test_studio_browser import WAIT, browser, studio  # noqa: F401  (fixtures for the one browser test)
from .test_studio_pages import signed_in, snapshot

HTMX = {"HX-Request": "true"}
SECRET = "Client mentioned a private family matter"  # a note: it must come back in no response
CONDITION_SECRET = "Veins behind the left knee, sore after long flights"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(Path(__file__).parent.parent / "examples", tmp_path / "examples")
    return tmp_path / "examples"


@pytest.fixture()
def client(folder: Path, catalog: Catalog) -> TestClient:
    return signed_in(folder, catalog)


def errors_of(folder: Path, name: str, catalog: Catalog) -> list[str]:
    text = (folder / name).read_text()
    return [f"{f.code} {f.message}" for f in files.findings_for(folder, name, text, catalog) if f.severity == "error"]


def field_message(page: str, field: str) -> str:
    found = re.search(rf'<p id="{re.escape(field)}-error" class="field-error"[^>]*>(.*?)</p>', page, re.S)
    assert found, f"no message place for {field}"
    return html.unescape(found[1])


def value_of(page: str, field_id: str) -> str | None:
    found = re.search(rf'<input id="{re.escape(field_id)}"[^>]*\bvalue="([^"]*)"', page)
    return html.unescape(found[1]) if found else None


# -- protocols --------------------------------------------------------------------------------------

def test_the_library_offers_a_new_protocol_and_a_new_intake(client: TestClient, folder: Path,
                                                             catalog: Catalog) -> None:
    page = client.get("/").text
    assert '<a href="/new/protocol">New protocol</a>' in page and '<a href="/new/intake">New intake</a>' in page
    read_only = signed_in(folder, catalog, read_only=True)
    assert "/new/protocol" not in read_only.get("/").text
    before = snapshot(folder)
    refused = read_only.post("/new/protocol", data={"start": "blank", "title": "Neck", "duration": "30m"})
    assert refused.status_code == 403 and "read-only" in refused.text
    assert read_only.post("/new/intake", data={"client": "C-1"}).status_code == 403
    assert snapshot(folder) == before


def test_a_blank_protocol_is_written_valid_and_opens_in_the_editor(client: TestClient, folder: Path,
                                                                   catalog: Catalog) -> None:
    answer = client.post("/new/protocol", data={"start": "blank", "title": "Neck & shoulders, 30 min",
                                                "duration": "30m", "name": ""}, headers=HTMX)
    assert answer.status_code == 201 and answer.headers["HX-Redirect"] == "/edit/neck-shoulders-30-min.yaml"
    text = (folder / "neck-shoulders-30-min.yaml").read_text()
    assert "id: neck-shoulders-30-min\ntitle: Neck & shoulders, 30 min\nduration: 30m\n" in text
    assert errors_of(folder, "neck-shoulders-30-min.yaml", catalog) == []
    assert "Neck &amp; shoulders" in client.get(answer.headers["HX-Redirect"]).text  # the editor opens it

    # A second with the same title: a new id and file, never the first one's; a named file keeps the id.
    again = client.post("/new/protocol", data={"start": "blank", "title": "Neck & shoulders, 30 min",
                                               "duration": "30m"}, headers=HTMX)
    assert again.headers["HX-Redirect"] == "/edit/neck-shoulders-30-min-2.yaml"
    assert "id: neck-shoulders-30-min-2\n" in (folder / "neck-shoulders-30-min-2.yaml").read_text()
    (folder / "mine").mkdir()
    named = client.post("/new/protocol", data={"start": "blank", "title": "Hands", "duration": "1h",
                                               "name": "mine/hands for Anna.yaml"}, follow_redirects=False)
    assert named.status_code == 303 and named.headers["location"] == "/edit/mine/hands%20for%20Anna.yaml"
    assert errors_of(folder, "mine/hands for Anna.yaml", catalog) == []


def test_a_copy_gets_a_new_id_and_title_and_keeps_every_other_byte(client: TestClient, folder: Path,
                                                                   catalog: Catalog) -> None:
    page = client.get("/new/protocol").text
    assert '<option value="reflexology-45.yaml">Reflexology for feet and hands (reflexology-45.yaml)' in page
    answer = client.post("/new/protocol", data={"start": "copy", "source": "reflexology-45.yaml", "name": ""},
                         headers=HTMX)
    assert answer.status_code == 201 and answer.headers["HX-Redirect"] == "/edit/copy-of-reflexology-45.yaml"
    original = (folder / "reflexology-45.yaml").read_text()
    copy = (folder / "copy-of-reflexology-45.yaml").read_text()
    assert copy == original.replace("id: reflexology-45", "id: copy-of-reflexology-45").replace(
        "title: Reflexology for feet and hands", 'title: "Copy of Reflexology for feet and hands"')
    assert copy.startswith("# A 45-minute reflexology session")  # comments kept
    assert errors_of(folder, "copy-of-reflexology-45.yaml", catalog) == []


@pytest.mark.parametrize("name", ["reflexology-45.yaml", "intakes/c-0107-healthy.yaml"])
def test_an_existing_name_is_refused_and_the_form_keeps_what_was_typed(client: TestClient, folder: Path,
                                                                       name: str) -> None:
    before = snapshot(folder)
    answer = client.post("/new/protocol", data={"start": "blank", "title": "Calves, 20 min", "duration": "20m",
                                                "name": name}, headers=HTMX)
    assert answer.status_code == 409 and "HX-Redirect" not in answer.headers
    assert "exists already" in field_message(answer.text, "blank-name") and snapshot(folder) == before
    assert value_of(answer.text, "blank-title") == "Calves, 20 min" and value_of(answer.text, "blank-duration") == "20m"
    assert value_of(answer.text, "blank-name") == name
    assert re.search(r'id="blank-name"[^>]*aria-describedby="blank-name-hint blank-name-error" aria-invalid="true"',
                     answer.text)
    copy = client.post("/new/protocol", data={"start": "copy", "source": "legs-post-event-sports.yaml",
                                              "name": name}, headers=HTMX)
    assert copy.status_code == 409 and snapshot(folder) == before
    assert 'value="legs-post-event-sports.yaml" selected' in copy.text and value_of(copy.text, "copy-name") == name


@pytest.mark.parametrize("name", ["../x.yaml", "/tmp/x.yaml", "sub/../../x.yaml", "..\\x.yaml", "~/x.yaml",
                                  "C:/x.yaml", ".hidden.yaml", "x.json", "x", "no-such-folder/x.yaml", "out/x.yaml",
                                  "a//x.yaml", "./x.yaml"])
def test_a_name_out_of_the_folder_or_not_a_new_yaml_file_is_refused(client: TestClient, folder: Path,
                                                                   name: str) -> None:
    outside = folder.parent / "outside"
    outside.mkdir()
    (folder / "out").symlink_to(outside)  # a folder in the library that leads out of it
    before = snapshot(folder.parent)
    answer = client.post("/new/protocol", data={"start": "blank", "title": "Calves", "duration": "20m",
                                                "name": name}, headers=HTMX)
    assert answer.status_code == 422 and field_message(answer.text, "blank-name")
    assert value_of(answer.text, "blank-name") == name and value_of(answer.text, "blank-title") == "Calves"
    assert snapshot(folder.parent) == before and not list(outside.iterdir())


def test_a_bad_title_duration_or_source_is_said_beside_its_field(client: TestClient, folder: Path) -> None:
    before = snapshot(folder)
    blank = client.post("/new/protocol", data={"start": "blank", "title": " ", "duration": "soon"}, headers=HTMX)
    assert blank.status_code == 422 and "change the 2 fields" in blank.text
    assert "title" in field_message(blank.text, "blank-title") and "60m" in field_message(blank.text, "blank-duration")
    copy = client.post("/new/protocol", data={"start": "copy", "source": "../etc/x.yaml"}, headers=HTMX)
    assert copy.status_code == 422 and "cannot be opened" in field_message(copy.text, "copy-source")
    assert snapshot(folder) == before


def test_every_new_document_needs_the_csrf_token(client: TestClient, folder: Path) -> None:
    before = snapshot(folder)
    del client.headers["X-CSRF-Token"]
    for path, data in (("/new/protocol", {"start": "blank", "title": "Neck", "duration": "30m"}),
                       ("/new/intake", {"client": "C-0777", "c0-condition": "fever"})):
        answer = client.post(path, data=data, headers=HTMX)
        assert answer.status_code == 403 and "safety token" in answer.text
    assert snapshot(folder) == before


# -- intakes ----------------------------------------------------------------------------------------

def intake_form(**changes: str) -> dict[str, str]:
    """What the page posts for a client with varicose veins and a pregnancy (rows c0 and c3: c1 and c2 were
    added and removed), a medication, a clearance with a level and one without, and notes."""
    empty = {"region": "", "side": "", "since": "", "weeks": "", "leg-symptoms": "", "platelets": "",
             "approach": "", "notes": ""}
    form = {"client": "C-0777",
            **{f"c0-{k}": v for k, v in {**empty, "condition": "Varicose veins", "region": "calves", "side": "left",
                                          "since": "2026-01-02", "notes": CONDITION_SECRET}.items()},
            **{f"c3-{k}": v for k, v in {**empty, "condition": "pregnancy", "weeks": "22"}.items()},
            "m0-condition": "Anticoagulant medication", "cl0-condition": "Pregnancy", "cl0-level": "",
            "cl4-condition": "varicose-veins", "cl4-level": "2", "notes": SECRET, "name": ""}
    form.update(changes)
    return form


def test_a_new_intake_is_written_0600_and_reads_back_as_typed(client: TestClient, folder: Path,
                                                              catalog: Catalog) -> None:
    answer = client.post("/new/intake", data=intake_form(), headers=HTMX)
    assert answer.status_code == 201 and answer.headers["HX-Retarget"] == "#new-intake"
    path = folder / "intakes" / "c-0777.yaml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    read = read_intake(str(path), catalog)
    assert read.intake is not None and read.findings == []
    assert read.intake.client == "C-0777"
    entries = [(e.id, e.region, e.side, e.since, e.weeks) for e in read.intake.entries]
    assert entries == [("varicose-veins", "calf", "left", date(2026, 1, 2), None),
                       ("pregnancy", None, "both", None, 22), ("anticoagulants", None, "both", None, None)]
    assert [(c.id, c.pressure.level if c.pressure else None) for c in read.intake.clearance] == [
        ("pregnancy", None), ("varicose-veins", 2)]
    from protocolkit.load.documents import load_document

    assert load_document(str(path)).data == {
        "protocolkit": 1, "kind": "intake", "client": "C-0777",
        "conditions": [{"id": "varicose-veins", "region": "calf", "side": "left", "since": "2026-01-02",
                        "notes": CONDITION_SECRET}, {"id": "pregnancy", "weeks": 22}],
        "medications": ["anticoagulants"], "clearance": ["pregnancy", {"id": "varicose-veins", "pressure": 2}],
        "notes": SECRET}

    # The page names the client and screens a protocol for this intake, which it names by its path alone.
    assert "C-0777" in answer.text and "<code>intakes/c-0777.yaml</code>" in answer.text
    assert '<input type="hidden" name="intake_file" value="intakes/c-0777.yaml">' in answer.text
    assert 'hx-post="/screen"' in answer.text
    chosen = {"protocol": "legs-post-event-sports.yaml", "intake_file": "intakes/c-0777.yaml", "on": "2026-06-01"}
    screened = client.post("/screen", data=chosen)
    assert screened.status_code == 200 and "C-0777" in screened.text and 'id="verdict"' in screened.text
    assert 'hx-include="form.screen"' not in screened.text or '<section id="client-print"' in answer.text

    # Listed by its client reference; its notes come back in no response, here or on any other page.
    library = client.get("/")
    assert "client C-0777" in library.text
    seen = [answer, screened, library, client.get("/new/intake"), client.get("/screen"), client.get("/compose"),
            client.get("/fragments/library"), client.post("/print/client", data=chosen)]
    for response in seen:
        assert SECRET not in response.text and CONDITION_SECRET not in response.text
        assert SECRET not in str(response.headers) and "C-0777" not in str(response.url)


def test_a_refused_intake_says_each_problem_at_its_field_and_sends_nothing_typed_back(
        client: TestClient, folder: Path) -> None:
    before = snapshot(folder)
    form = intake_form(**{"c0-condition": "slipped disc", "c0-region": "kneee",
                          "c3-side": "right", "m0-condition": "Anticoagulant medication",
                          "cl4-condition": "", "cl4-level": "2"})
    form.update({"c5-condition": "other", "c5-notes": "", "m1-condition": "anticoagulants",
                 "c6-condition": "Fever", "c6-weeks": "4"})
    answer = client.post("/new/intake", data=form, headers=HTMX)
    assert answer.status_code == 422 and snapshot(folder) == before and "HX-Retarget" not in answer.headers
    page = answer.text
    assert "Lumbar disc herniation" in field_message(page, "c0-condition")
    assert "did you mean 'knee'" in field_message(page, "c0-region")
    assert field_message(page, "c6-weeks").startswith("Weeks of pregnancy go with a pregnancy; Fever takes none.")
    assert "A side goes with a region" in field_message(page, "c3-side")
    assert "remove clearance 2" in field_message(page, "cl4-condition")
    assert "notes" in field_message(page, "c5-notes") and "listed already" in field_message(page, "m1-condition")
    assert field_message(page, "client") == "" and field_message(page, "c3-weeks") == ""  # old messages cleared
    assert 'hx-swap-oob="true"' in page and '<a href="#c0-condition" data-focus-field="c0-condition">Condition 1</a>' in page
    assert '<a href="#c3-side" data-focus-field="c3-side">Condition 2, side</a>' in page
    for typed in ("slipped disc", "kneee", SECRET, CONDITION_SECRET, "C-0777"):
        assert typed not in page
    assert "<form" not in page  # the form is never sent back: what was typed stays in the browser


def test_intake_names_are_new_yaml_files_in_the_folder(client: TestClient, folder: Path) -> None:
    before = snapshot(folder)
    taken = client.post("/new/intake", data=intake_form(name="intakes/c-0042-varicose-anticoagulants.yaml"),
                        headers=HTMX)
    assert taken.status_code == 409 and "exists already" in field_message(taken.text, "name")
    for name in ("../c.yaml", "/tmp/c.yaml", "intakes/../../c.yaml"):
        tricked = client.post("/new/intake", data=intake_form(name=name), headers=HTMX)
        assert tricked.status_code == 422 and field_message(tricked.text, "name") and SECRET not in tricked.text
    assert snapshot(folder) == before
    (folder / "intakes").rename(folder / "kept")  # no intakes/ folder: the default name is at the top
    assert client.post("/new/intake", data=intake_form(), headers=HTMX).status_code == 201
    assert (folder / "c-0777.yaml").exists()


def test_a_client_reference_is_never_checked_for_looking_like_a_name_only_advised(client: TestClient,
                                                                                  folder: Path) -> None:
    page = client.get("/new/intake").text
    hint = re.search(r'<p id="client-hint" class="hint">(.*?)</p>', page, re.S)
    assert hint and "never the client's name" in hint[1] and "names no one" in " ".join(hint[1].split())
    # Whether "JaneDoe" is a name no check can know (nor that "Rose" is not one); the hint asks, the form accepts.
    saved = client.post("/new/intake", data=intake_form(client="JaneDoe", name="jd.yaml"), headers=HTMX)
    assert saved.status_code == 201 and (folder / "jd.yaml").exists()
    # What the schema refuses (a space: a full name) is refused at the field, and not quoted back.
    spaced = client.post("/new/intake", data=intake_form(client="Jane Doe", name="jd2.yaml"), headers=HTMX)
    assert spaced.status_code == 422 and "never the client's name" in field_message(spaced.text, "client")
    assert "Jane" not in spaced.text and not (folder / "jd2.yaml").exists()


class Labels(HTMLParser):
    """Every form field of a page, and the ids labels point at."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str | None]] = []
        self.labelled: set[str] = set()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "label" and found.get("for"):
            self.labelled.add(str(found["for"]))
        if tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.fields.append(found)


def test_every_field_of_the_intake_form_is_labelled_and_tied_to_its_message(client: TestClient) -> None:
    page = client.get("/new/intake").text
    # The rows in the <template>s are the ones the page adds: checked with a key in place of __K__.
    parsed = Labels()
    parsed.feed(page.replace("__K__", "9"))
    assert len(parsed.fields) > 20
    for field in parsed.fields:
        assert field["id"] in parsed.labelled, field
        described = str(field.get("aria-describedby") or "").split()
        assert f"{field['id']}-error" in described and all(i in parsed.ids for i in described), field
    for button in ("Add a condition", "Add a medication", "Add a clearance"):
        assert re.search(rf'<button type="button" data-add-row="[a-z-]+"[^>]*>{button}</button>', page)
    assert re.search(r'<button type="button" data-remove-row>Remove condition <span data-row-number>1</span>', page)
    # Conditions are found by name, id or the words people write; regions by name, id or alias.
    assert '<option value="Lumbar disc herniation" label="disc-herniation, bulging disc, ' in page
    assert '<option value="Back of the thigh" label="posterior-thigh, hamstrings, hamstring">' in page
    assert '<script src="/static/new_documents.js" defer></script>' in page
    assert client.get("/static/new_documents.js").status_code == 200


# -- in a browser, from the keyboard ---------------------------------------------------------------

def test_an_intake_made_from_the_keyboard(browser: Any, studio: tuple[str, Path]) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    url, folder = studio
    browser.get(url)
    browser.get(url.split("/?")[0] + "/new/intake")
    focused = browser.switch_to

    def active() -> str:
        return str(focused.active_element.get_attribute("id") or focused.active_element.text)

    browser.find_element(By.ID, "client").send_keys("C-0888", Keys.TAB)
    assert active() == "c0-condition"
    focused.active_element.send_keys("Varicose veins", Keys.TAB)
    focused.active_element.send_keys("calf", Keys.TAB)
    focused.active_element.send_keys("Left")  # a select takes the option typed
    browser.find_element(By.CSS_SELECTOR, '[data-add-row="condition-rows"]').send_keys(Keys.ENTER)
    assert active() == "c1-condition", "a new row takes the focus"
    WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "rows-status").get_attribute(
        "textContent") == "Condition 2 added.")
    focused.active_element.send_keys("Fever")
    browser.find_element(By.CSS_SELECTOR, '[data-add-row="condition-rows"]').send_keys(Keys.ENTER)
    focused.active_element.send_keys("Pregnancy")
    browser.find_element(By.ID, "c2-weeks").send_keys("22")
    browser.find_element(By.CSS_SELECTOR, "#c1 [data-remove-row]").send_keys(Keys.SPACE)  # Fever goes
    assert active() == "c2-condition", "focus moves to the row that took the removed one's place"
    assert browser.find_element(By.CSS_SELECTOR, "#c2 legend").text == "Condition 2"
    browser.find_element(By.CSS_SELECTOR, "#new-intake-form button[type=submit]").send_keys(Keys.ENTER)
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "saved-message"))
    assert active() == "saved-message" and "C-0888" in browser.find_element(By.ID, "saved-message").text
    saved = folder / "intakes" / "c-0888.yaml"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    text = saved.read_text()
    assert "id: varicose-veins\n  region: calf\n  side: left\n" in text and "weeks: 22" in text
    assert "fever" not in text
