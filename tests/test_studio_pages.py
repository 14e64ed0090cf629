"""The studio's working pages through Starlette's TestClient: library refresh, protocol sheet, screen, compose.

Each page gets what a signed-in browser sends (the cookie and the CSRF
header htmx adds) and is checked against what the command line says for the
same files: the verdict of ``screen``, the steps of ``compose``, the sheet of
``export --to html``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from protocolkit.check.verdicts import screen_file
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app
from protocolkit.studio.guard import derive

from .conftest import EXAMPLES

TOKEN = "pages-token"
LEGS = "legs-post-event-sports.yaml"
VARICOSE = "intakes/c-0042-varicose-anticoagulants.yaml"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


def signed_in(folder: Path, catalog: Catalog, **options: object) -> TestClient:
    browser = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"}, **options))  # type: ignore[arg-type]
    browser.get(f"/?token={TOKEN}")
    browser.headers["X-CSRF-Token"] = derive(TOKEN, "csrf")
    return browser


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- library ----------------------------------------------------------------------------------------

def test_the_library_answers_nothing_new_until_a_file_changes(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    page = browser.get("/").text
    since = re.search(r'hx-get="/fragments/library\?since=(\w+)"', page)
    assert since and 'hx-trigger="every 3s"' in page
    assert browser.get(f"/fragments/library?since={since[1]}").status_code == 204
    (folder / "new-neck.yaml").write_text((folder / "reflexology-45.yaml").read_text().replace(
        "id: reflexology-45", "id: new-neck").replace("title: ", "title: Brand new ", 1))
    fresh = browser.get(f"/fragments/library?since={since[1]}")
    assert fresh.status_code == 200 and "new-neck.yaml" in fresh.text and "Brand new" in fresh.text
    assert f"since={since[1]}" not in fresh.text  # the new list carries the new fingerprint


def test_the_library_opens_each_kind_where_it_belongs(folder: Path, catalog: Catalog) -> None:
    page = signed_in(folder, catalog).get("/").text
    assert f'href="/edit/{LEGS}"' in page
    assert 'href="/curriculum/curricula/elap-style-programme.yaml"' in page
    assert f'href="/edit/{VARICOSE}"' not in page and "client C-0042" in page


# -- protocol: the sheet beside the editor, and on its own for printing ----------------------------

def test_the_editor_shows_the_sheet_and_numbers_its_lines(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    page = browser.get(f"/edit/{LEGS}").text
    lines = (folder / LEGS).read_text().count("\n") + 1  # as the browser counts: the empty line after the last
    assert '<article class="sheet"' in page and 'id="timeline"' in page and 'id="pressure"' in page
    assert re.search(r'<pre class="gutter"[^>]*>1\n2\n', page) and f"\n{lines}</pre>" in page
    curriculum = browser.get("/edit/curricula/elap-style-programme.yaml").text
    assert 'class="sheet"' not in curriculum and "sheet-view" not in curriculum


def test_the_sheet_follows_the_text_and_waits_for_errors_to_go(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    text = (folder / LEGS).read_text()
    retitled = browser.post(f"/fragments/sheet/{LEGS}", data={"text": text.replace("title: ", "title: Retitled ", 1)})
    assert retitled.status_code == 200 and "Retitled" in retitled.text and 'class="sheet"' in retitled.text
    # With errors the page keeps its last sheet: only the note above it changes (out of band).
    broken = browser.post(f"/fragments/sheet/{LEGS}", data={"text": text.replace("duration:", "durat1on:", 1)})
    assert broken.headers["HX-Reswap"] == "none" and 'class="sheet"' not in broken.text
    assert 'id="sheet-status"' in broken.text and "last one without errors" in broken.text
    unreadable = browser.post(f"/fragments/sheet/{LEGS}", data={"text": "steps: [unclosed"})
    assert unreadable.headers["HX-Reswap"] == "none" and "last one without errors" in unreadable.text
    assert "HX-Reswap" not in retitled.headers and 'id="sheet-status"' in retitled.text
    opened_broken = browser.put(f"/api/files/{LEGS}", json={"text": text.replace("duration:", "durat1on:", 1),
                                                            "etag": browser.get(f"/api/files/{LEGS}").json()["etag"]})
    assert opened_broken.status_code == 200
    assert 'id="no-sheet"' in browser.get(f"/edit/{LEGS}").text  # no sheet to keep: the page says why


def test_the_printable_sheet_is_the_exported_sheet(folder: Path, catalog: Catalog) -> None:
    from click.testing import CliRunner

    from protocolkit.cli import cli

    browser = signed_in(folder, catalog)
    page = browser.get(f"/sheet/{LEGS}?paper=letter").text
    exported = CliRunner().invoke(cli, ["export", str(folder / LEGS), "--to", "html"]).output
    sheet = re.search(r'<main class="sheet".*?</main>', exported, re.S)
    assert sheet and sheet[0] in page, "one sheet, rendered by both"
    assert 'href="/sheet.css?paper=letter"' in page and "data-print" in page
    css = browser.get("/sheet.css?paper=letter")
    assert css.headers["content-type"].startswith("text/css") and "size: letter" in css.text and ".sheet h1" in css.text
    assert browser.get("/sheet/../outside.yaml").status_code in (403, 404)
    assert browser.get("/sheet/missing.yaml").status_code == 404


# -- screen ------------------------------------------------------------------------------------------

def test_the_screen_page_lists_protocols_and_intakes_by_client_only(folder: Path, catalog: Catalog) -> None:
    page = signed_in(folder, catalog).get(f"/screen?protocol={LEGS}").text
    assert f'<option value="{LEGS}" selected>' in page and f'value="{VARICOSE}"' in page
    assert "client C-0042" in page and "Visible veins" not in page and "anticoagulants</option>" not in page
    assert 'type="file"' in page and 'name="intake_upload"' not in page  # an upload never leaves the browser


@pytest.mark.parametrize("intake", sorted(p.name for p in (EXAMPLES / "intakes").glob("*.yaml")))
def test_screen_agrees_with_the_command_line(folder: Path, catalog: Catalog, intake: str) -> None:
    expected, _ = screen_file(str(folder / LEGS), str(folder / "intakes" / intake), catalog)
    answer = signed_in(folder, catalog).post("/screen", data={"protocol": LEGS, "intake_file": f"intakes/{intake}"})
    verdict = re.search(r'<p class="verdict-word">(.*?)</p>', answer.text)
    assert answer.status_code == 200 and verdict and verdict[1] == expected.verdict
    for finding in expected.findings:
        assert finding.code in answer.text


def test_a_typed_intake_is_screened_and_never_kept(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    before = snapshot(folder)
    typed = (folder / VARICOSE).read_text().replace("C-0042", "C-TYPED")
    answer = browser.post("/screen", data={"protocol": LEGS, "intake_text": typed})
    assert "C-TYPED" in answer.text and '<p class="verdict-word">adapt</p>' in answer.text
    assert "Visible veins" not in answer.text and "bruises easily" not in answer.text
    assert 'data-step="' in answer.text and "What must change, step by step" in answer.text
    assert "<strong>Step 4</strong>: Effleurage, Calf" in answer.text  # each step said as the sheet says it
    assert snapshot(folder) == before


def test_screen_says_what_to_fix_instead_of_guessing(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    unknown = "protocolkit: 1\nkind: intake\nclient: C-9\nconditions:\n  - id: not-a-condition\n"
    answer = browser.post("/screen", data={"protocol": LEGS, "intake_text": unknown})
    assert '<p class="verdict-word">no verdict</p>' in answer.text and "What stops a verdict" in answer.text
    both = browser.post("/screen", data={"protocol": LEGS, "intake_text": unknown, "intake_file": VARICOSE})
    assert both.status_code == 422 and "Give one intake" in both.text
    assert browser.post("/screen", data={"protocol": LEGS}).status_code == 422
    escape = browser.post("/screen", data={"protocol": "../x.yaml", "intake_file": VARICOSE})
    assert escape.status_code == 422 and "cannot be opened" in escape.text


# -- compose -----------------------------------------------------------------------------------------

def test_the_compose_form_offers_what_the_plugins_offer(folder: Path, catalog: Catalog) -> None:
    page = signed_in(folder, catalog).get("/compose").text
    for modality in catalog.modalities.values():
        assert f'name="modalities" value="{modality.id}"' in page
    assert 'id="region-names"' in page and 'hx-post="/compose"' in page


def test_compose_shows_the_session_as_a_sheet_and_saves_it_new(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    answer = browser.post("/compose", data={"duration": "45m", "regions": "lower back, hamstrings",
                                            "modalities": ["swedish", "deep-tissue"], "intake_file": VARICOSE})
    assert answer.status_code == 200 and '<article class="sheet"' in answer.text
    assert "What the intake changed" in answer.text and "Visible veins" not in answer.text
    text = re.search(r'<input type="hidden" name="text" value="(.*?)">', answer.text, re.S)
    name = re.search(r'id="save-name" name="name" value="(.*?)"', answer.text)
    assert text and name
    import html

    yaml_text = html.unescape(text[1])
    saved = browser.post("/compose/save", data={"text": yaml_text, "name": name[1]})
    assert saved.status_code == 201 and "Saved as" in saved.text
    assert (folder / name[1]).read_text() == yaml_text
    again = browser.post("/compose/save", data={"text": "something else", "name": name[1]})
    assert again.status_code == 409 and "already exists" in again.text and "something else" in again.text
    assert (folder / name[1]).read_text() == yaml_text, "never overwritten"
    assert browser.post("/compose/save", data={"text": yaml_text, "name": "../out.yaml"}).status_code == 422
    assert browser.post("/compose/save", data={"text": yaml_text, "name": "a/../../out.yaml"}).status_code == 403
    assert not (folder.parent / "out.yaml").exists()
    assert browser.post("/compose/save", data={"text": yaml_text, "name": "notes.txt"}).status_code == 422


def test_compose_explains_a_refusal_in_the_forms_words(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog)
    none = browser.post("/compose", data={"duration": "30m", "regions": "neck"})
    assert none.status_code == 422 and "--modality" not in none.text and "Modalities" in none.text
    unknown = browser.post("/compose", data={"duration": "30m", "regions": "nowhere", "modalities": "swedish"})
    assert unknown.status_code == 422 and "Unknown region" in unknown.text
    fever = browser.post("/compose", data={"duration": "30m", "regions": "neck", "modalities": "swedish",
                                           "intake_file": "intakes/c-0420-fever.yaml"})
    assert fever.status_code == 422 and "C-0420" in fever.text and "raised temperature" not in fever.text
    assert browser.post("/compose", data={"duration": "soon", "regions": "neck",
                                          "modalities": "swedish"}).status_code == 422


def test_read_only_composes_but_saves_nothing(folder: Path, catalog: Catalog) -> None:
    browser = signed_in(folder, catalog, read_only=True)
    answer = browser.post("/compose", data={"duration": "30m", "regions": "neck", "modalities": "swedish"})
    assert answer.status_code == 200 and "read-only" in answer.text and "/compose/save" not in answer.text
    refused = browser.post("/compose/save", data={"text": "protocolkit: 1\n", "name": "x.yaml"})
    assert refused.status_code == 403 and not (folder / "x.yaml").exists()


def test_a_curriculum_finds_its_protocols_beside_it_in_the_folder(folder: Path, catalog: Catalog) -> None:
    from protocolkit.check.validation import validate_file

    browser = signed_in(folder, catalog)
    name = "curricula/elap-style-programme.yaml"
    text = (folder / name).read_text()
    expected = [(f.code, f.line) for f in validate_file(str(folder / name), catalog).findings]
    fragment = browser.post(f"/fragments/findings/{name}", data={"text": text}).text
    assert re.findall(r"<code>(PK\d+)</code>", fragment) == [code for code, _ in expected]
    checked = browser.post("/api/check", json={"text": text, "name": name}).json()["findings"]
    assert [(f["code"], f["line"]) for f in checked] == expected and all(f["file"] == name for f in checked)
    # A name that leads out of the folder is checked as if it lay at the folder's top, never out there.
    outside = browser.post("/api/check", json={"text": text, "name": "../../elsewhere/c.yaml"}).json()["findings"]
    assert str(folder.parent) not in str(outside)


def test_an_internal_error_is_answered_in_words_and_never_logged_with_the_intake(
        folder: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    import protocolkit.check.verdicts as verdicts

    def crash(protocol: str, intake: str, *args: object, **kwargs: object) -> None:
        raise ValueError(f"cannot screen {intake!r}")  # an error whose message quotes the intake

    monkeypatch.setattr(verdicts, "screen_texts", crash)
    browser = signed_in(folder, catalog)
    answer = browser.post("/screen", data={"protocol": LEGS, "intake_text": "client: C-1\nnotes: SECRET-NOTE\n"})
    assert answer.status_code == 500 and "Something went wrong" in answer.text and "SECRET" not in answer.text
    said = capsys.readouterr()
    assert "internal error (ValueError)" in said.err
    assert "SECRET" not in said.err + said.out + caplog.text
