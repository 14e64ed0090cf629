"""The form editor: a protocol as a form beside its text, through Starlette's TestClient (and once in chromium).

The test client reads a page's form as a browser would submit it (``fields``)
and posts it back with one change, so what is tested is what a therapist's
browser sends: every field as shown, the text in its box, the button pressed.
"""

from __future__ import annotations

import difflib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app
from protocolkit.studio.guard import derive

from .conftest import EXAMPLES
from .test_studio_browser import WAIT, browser, studio  # noqa: F401  # the browser test's fixtures

TOKEN = "form-token"
UPPER_BACK = "upper-back-deep-tissue-60.yaml"  # named by the curriculum (by id) and the plan (by path)
NECK = "neck-shoulders-myofascial-trigger-point.yaml"  # comments between its steps


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


def signed_in(folder: Path, catalog: Catalog) -> TestClient:
    client = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"}))
    client.get(f"/?token={TOKEN}")
    client.headers["X-CSRF-Token"] = derive(TOKEN, "csrf")
    return client


class _Fields(HTMLParser):
    """The named fields of a page's editor form as a browser submits them (no button; checked boxes only)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.autofocus: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if "autofocus" in found:
            self.autofocus.append(found.get("id", ""))
        name = found.get("name")
        if tag == "input" and name and found.get("type") != "checkbox" or \
                tag == "input" and name and "checked" in found:
            self.fields.append((name or "", found.get("value", "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((found.get("value", ""), "selected" in found))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [self._options[0][0]]
            self.fields.append((self._select, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def fields(page: str) -> list[tuple[str, str]]:
    parser = _Fields()
    parser.feed(page)
    return parser.fields


def autofocused(page: str) -> list[str]:
    parser = _Fields()
    parser.feed(page)
    return parser.autofocus


def changed(form: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The form with ``values`` in place of what was there (field names with '_' for '-')."""
    wanted = {name.replace("_", "-"): value for name, value in values.items()}
    return [(name, wanted.get(name, value)) for name, value in form]


def send(client: TestClient, address: str, form: list[tuple[str, str]], op: str | None = None,
         **headers: str) -> Any:
    """Post ``form`` as a browser does (every value of a repeated field), with the button ``op`` pressed."""
    data: dict[str, list[str]] = {}
    for name, given in [*form, *([("op", op)] if op else [])]:
        data.setdefault(name, []).append(given)
    return client.post(address, data=data, headers={key.replace("_", "-"): v for key, v in headers.items()})


def value(form: list[tuple[str, str]], name: str) -> str:
    return next(v for n, v in form if n == name)


def steps_of(text: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load(text)["steps"])


def one_line_changed(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# -- the form -----------------------------------------------------------------------------------------

def test_the_form_shows_the_head_and_each_step_with_its_choices(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    page = client.get(f"/edit/{UPPER_BACK}").text
    form = dict(fields(page))
    assert form["view"] == "form" and form["title"] == "Deep tissue for the upper back (60 minutes)"
    assert (form["duration-minutes"], form["duration-seconds"], form["intent"]) == ("60", "0", "maintenance")
    assert {v for n, v in fields(page) if n == "goals"} == {"muscle-pain", "stiffness"}
    assert '<option value="relaxation">relaxation</option>' in page  # intents the modalities offer
    assert 'value="hamstring-flexibility"> hamstring flexibility' in page  # a catalog goal
    assert form["steps-0-kind"] == "activity:assessment" and "steps-0-technique" not in form
    assert (form["steps-1-kind"], form["steps-1-technique"], form["steps-1-pressure"]) == \
        ("modality:swedish", "effleurage", "2")
    step_two = page[page.index('id="steps-1"'):page.index('id="steps-2"')]
    assert "Effleurage (pressure 1-3)" in step_two and "Petrissage" in step_two
    assert "deep-stroking" not in step_two, "only the chosen modality's techniques"
    assert '<option value="2" selected>2 light</option>' in step_two and ">3 moderate<" in step_two
    assert (form["steps-4-side"], form["steps-4-minutes"], form["steps-4-seconds"]) == ("right", "6", "0")
    assert '<output id="steps-4-words" class="words">6 min</output>' in page
    assert 'aria-label="Move step 3 up"' in page and 'aria-label="Delete step 10"' in page
    assert re.search(r'<option value="posterior-thigh">Back of the thigh \([^)]*hamstrings', page)
    assert client.get("/edit/curricula/elap-style-programme.yaml").text.count('id="form-panel"') == 0
    assert dict(fields(client.get(f"/edit/{UPPER_BACK}?view=text").text))["view"] == "text"


def test_a_duration_reads_in_minutes_and_seconds(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    form = fields(client.get(f"/edit/{UPPER_BACK}").text)
    page = send(client, f"/form/{UPPER_BACK}", changed(form, steps_2_minutes="7", steps_2_seconds="30"),
                "view-form").text
    text = dict(fields(page))["text"]
    assert "    duration: 7m30s\n" in text
    assert '<output id="steps-2-words" class="words">7 min 30 s</output>' in page and "7:30" not in page


def test_one_change_from_the_form_saves_only_that_line(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    before = (folder / NECK).read_text()
    form = fields(client.get(f"/edit/{NECK}").text)
    assert value(form, "steps-1-pressure") == "2"
    saved = send(client, f"/edit/{NECK}", changed(form, steps_1_pressure="3"), "save")
    assert saved.status_code == 200 and "Saved." in saved.text
    after = (folder / NECK).read_text()
    assert one_line_changed(before, after) == ["-    pressure: light", "+    pressure: moderate"]
    assert after.startswith("# Neck and shoulders, 60 minutes") and after.count("\n  # ") == before.count("\n  # ")


def test_steps_are_added_duplicated_deleted_and_moved(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    original = steps_of((folder / NECK).read_text())
    form = fields(client.get(f"/edit/{NECK}").text)

    moved = send(client, f"/form/{NECK}", form, "up-5").text  # step 6 up: now step 5
    text = dict(fields(moved))["text"]
    assert steps_of(text) == [*original[:4], original[5], original[4], *original[6:]]
    assert autofocused(moved) == ["steps-4-up"], "focus stays on the moved step's button"
    assert '<p id="form-said" hx-swap-oob="innerHTML">Step 6 moved up: it is now step 5.</p>' in moved
    assert "  # Trigger points: hold each point" in text, "a comment between steps survives a move"

    form = fields(moved)
    at_top = send(client, f"/form/{NECK}", form, "up-1").text
    assert autofocused(at_top) == ["steps-0-down"], "at the top, its other button"

    duplicated = send(client, f"/form/{NECK}", fields(at_top), "duplicate-2").text
    steps = steps_of(dict(fields(duplicated))["text"])
    assert steps[3] == steps[2] and len(steps) == len(original) + 1
    assert autofocused(duplicated) == ["steps-3-kind"]

    deleted = send(client, f"/form/{NECK}", fields(duplicated), "delete-3").text
    assert len(steps_of(dict(fields(deleted))["text"])) == len(original)

    added = send(client, f"/form/{NECK}", fields(deleted), "add").text
    steps = steps_of(dict(fields(added))["text"])
    last_hands_on = next(s for s in reversed(original) if "modality" in s)
    assert len(steps) == len(original) + 1 and steps[-1]["modality"] == last_hands_on["modality"]
    assert steps[-1]["duration"] == "5m" and autofocused(added) == [f"steps-{len(original)}-kind"]
    assert (folder / NECK).read_text().count("\n") > 0 and steps_of((folder / NECK).read_text()) == original, \
        "nothing is written before Save"


def test_a_change_of_modality_offers_its_own_techniques(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    form = fields(client.get(f"/edit/{UPPER_BACK}").text)
    page = send(client, f"/form/{UPPER_BACK}", changed(form, steps_1_kind="modality:deep-tissue")).text
    step_two = page[page.index('id="steps-1"'):page.index('id="steps-2"')]
    assert "Deep stroking" in step_two and "Tapotement" not in step_two
    to_rest = send(client, f"/form/{UPPER_BACK}", changed(fields(page), steps_1_kind="activity:rest")).text
    assert steps_of(dict(fields(to_rest))["text"])[1] == {
        "activity": "rest", "duration": "5m",
        "notes": "long strokes up either side of the spine and out over the shoulder blades to spread the oil"}


# -- findings where they belong -------------------------------------------------------------------------

def test_findings_land_on_their_row_and_field_as_one_types(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    form = fields(client.get(f"/edit/{UPPER_BACK}").text)
    typed = send(client, f"/form/{UPPER_BACK}", changed(form, steps_1_pressure="5"))
    assert typed.headers["HX-Reswap"] == "none" and typed.headers["X-Editor-State"] == "unsaved"
    said = re.search(r'<li id="steps-1-pressure-error" class="field-warning">(.*?)</li>', typed.text, re.S)
    assert said and "Step 2, pressure:" in said[1] and "PK304" in said[1] and "steps[1]" not in said[1]
    assert 'id="steps-0-findings" hx-swap-oob="true">' in typed.text and "steps-0-pressure-error" not in typed.text
    assert 'id="text" name="text"' in typed.text and "    pressure: maximal\n" in typed.text
    assert 'name="steps-1-pressure"' not in typed.text, "no field is replaced while the user types"

    broken = send(client, f"/form/{UPPER_BACK}", changed(form, steps_2_minutes="8x"))
    said = re.search(r'<li id="steps-2-duration-error" class="field-error">(.*?)</li>', broken.text, re.S)
    assert said and "Step 3, duration" in said[1] and "whole numbers" in said[1]
    missing = send(client, f"/form/{UPPER_BACK}", changed(form, steps_3_region="", title=""))
    assert re.search(r'id="steps-3-region-error" class="field-error">.*?Step 4, region', missing.text, re.S)
    assert re.search(r'id="title-error" class="field-error">.*?Title', missing.text, re.S)


# -- saving ---------------------------------------------------------------------------------------------

def test_a_save_with_errors_asks_first_and_names_who_uses_the_protocol(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    before = (folder / UPPER_BACK).read_text()
    form = changed(fields(client.get(f"/edit/{UPPER_BACK}").text), steps_1_region="nowhere")
    asked = send(client, f"/edit/{UPPER_BACK}", form, HX_Request="true")
    assert asked.status_code == 200 and "1 error remains; save anyway?" in asked.text
    assert 'href="/curriculum/curricula/elap-style-programme.yaml"' in asked.text  # names it by id
    assert 'href="/edit/plans/upper-back-series.yaml"' in asked.text  # names it by path
    assert (folder / UPPER_BACK).read_text() == before, "nothing is written before the user says so"
    confirm = re.search(r'name="confirm" value="(\w+)"', asked.text)
    assert confirm
    again = send(client, f"/edit/{UPPER_BACK}", [*form, ("confirm", confirm[1])], HX_Request="true")
    assert "Saved, with 1 error." in again.text and "region: nowhere" in (folder / UPPER_BACK).read_text()
    assert 'id="etag" value="' in again.text and 'hx-swap-oob="true"' in again.text


def test_a_confirmation_holds_for_the_text_it_was_given_for(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    form = changed(fields(client.get("/edit/reflexology-45.yaml").text), steps_1_technique="")
    asked = send(client, "/edit/reflexology-45.yaml", form).text
    assert "save anyway?" in asked and "curricula/elap-style-programme.yaml" in asked  # by path, ../reflexology-45
    confirm = re.search(r'name="confirm" value="(\w+)"', asked)
    assert confirm
    other = changed(form, steps_2_technique="")  # a second error since: asked again
    again = send(client, "/edit/reflexology-45.yaml", [*other, ("confirm", confirm[1])]).text
    assert "2 errors remain; save anyway?" in again and "Saved" not in again


def test_a_stale_save_is_refused_and_keeps_the_users_changes(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    form = changed(fields(client.get(f"/edit/{UPPER_BACK}").text), title="Mine")
    theirs = (folder / UPPER_BACK).read_text() + "# changed in another window\n"
    (folder / UPPER_BACK).write_text(theirs)
    refused = send(client, f"/edit/{UPPER_BACK}", form)
    assert refused.status_code == 409 and "Not saved: the file changed on disk" in refused.text
    assert (folder / UPPER_BACK).read_text() == theirs
    kept = dict(fields(refused.text))
    assert kept["title"] == "Mine" and "title: Mine\n" in kept["text"]
    through_htmx = send(client, f"/edit/{UPPER_BACK}", form, HX_Request="true")
    assert through_htmx.status_code == 409 and "title: Mine\n" in through_htmx.text


def test_form_text_form_keeps_an_unsaved_change(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    before = (folder / UPPER_BACK).read_text()
    form = changed(fields(client.get(f"/edit/{UPPER_BACK}").text), title="Changed in the form")
    as_text = send(client, f"/form/{UPPER_BACK}", form, "view-text").text
    text_form = dict(fields(as_text))
    assert text_form["view"] == "text" and "title: Changed in the form\n" in text_form["text"]
    assert autofocused(as_text) == ["tab-text"]
    typed = text_form["text"].replace("duration: 60m", "duration: 65m")
    back = send(client, f"/form/{UPPER_BACK}", changed(list(text_form.items()), text=typed), "view-form").text
    form_again = dict(fields(back))
    assert form_again["view"] == "form" and form_again["title"] == "Changed in the form"
    assert form_again["duration-minutes"] == "65"
    assert (folder / UPPER_BACK).read_text() == before
    no_script = send(client, f"/edit/{UPPER_BACK}", form, "view-text")  # the same without htmx
    assert no_script.status_code == 200 and "title: Changed in the form" in no_script.text
    assert (folder / UPPER_BACK).read_text() == before


def test_a_text_that_does_not_read_stays_in_the_text_tab(folder: Path, catalog: Catalog) -> None:
    client = signed_in(folder, catalog)
    form = dict(fields(client.get(f"/edit/{UPPER_BACK}?view=text").text))
    form["text"] = "protocolkit: 1\nsteps: [unclosed\n"
    page = client.post(f"/form/{UPPER_BACK}", data={**form, "op": "view-form"}).text
    assert dict(fields(page))["view"] == "text" and "fix it in the Text tab" in page


def test_a_form_edit_holds_no_one_else_up(tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    from urllib.parse import urlencode

    from .studio_server import studio_in_process
    from .test_studio_work import ANSWER, BOUND, FORM, TOKEN as HELD, hold, request

    shutil.copytree(EXAMPLES, tmp_path / "examples")
    body = urlencode({"text": (EXAMPLES / UPPER_BACK).read_text(), "view": "form", "title": "Held"}).encode()
    entered, release = hold(monkeypatch, "protocolkit.studio.files.findings_for")
    with studio_in_process(tmp_path / "examples", catalog, HELD) as (host, port):
        statuses: list[int] = []
        worker = threading.Thread(target=lambda: statuses.append(
            request(host, port, "POST", f"/form/{UPPER_BACK}", FORM, body, BOUND * 2)))
        worker.start()
        try:
            assert entered.wait(BOUND), "the form's findings were never asked for"
            assert request(host, port, "GET", "/api/catalog", {}, b"", ANSWER) == 200
        finally:
            release.set()
            worker.join(BOUND * 2)
    assert statuses == [200]


# -- in a browser -----------------------------------------------------------------------------------

def test_a_therapist_edits_a_protocol_through_the_form_only(browser: Any, studio: tuple[str, Path]) -> None:  # noqa: F811
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    def until(check: Any) -> Any:  # parts of the page are swapped in while it is looked at
        return WebDriverWait(browser, WAIT, ignored_exceptions=[StaleElementReferenceException]).until(check)

    url, folder = studio
    before = (folder / NECK).read_text()
    browser.get(url.split("/?")[0] + f"/edit/{NECK}?" + url.split("/?")[1])
    pressure = Select(until(lambda d: d.find_element(By.ID, "steps-1-pressure")))
    pressure.select_by_visible_text("5 maximal")  # sustained pressure in myofascial release takes 2 to 3
    until(lambda d: "Step 2, pressure" in d.find_element(By.ID, "steps-1-findings").text)
    assert browser.find_element(By.ID, "steps-1-pressure").get_attribute("aria-describedby") == \
        "steps-1-pressure-error"
    pressure.select_by_visible_text("2 light")
    until(lambda d: not d.find_element(By.ID, "steps-1-findings").text.strip())

    count = len(browser.find_elements(By.CSS_SELECTOR, "ol.steps > li"))
    browser.find_element(By.ID, "add-step").send_keys(Keys.ENTER)  # the keyboard, not the mouse
    until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "ol.steps > li")) == count + 1)
    up = browser.find_element(By.CSS_SELECTOR, f'button[aria-label="Move step {count + 1} up"]')
    up.send_keys(Keys.ENTER)
    until(lambda d: d.switch_to.active_element.get_attribute("aria-label") == f"Move step {count} up")

    # Five minutes more than planned is an error on the planned duration; saving would ask first. Fixed instead:
    until(lambda d: "PK201" in d.find_element(By.ID, "head-findings").text)
    minutes = browser.find_element(By.ID, "duration-minutes")
    minutes.send_keys(Keys.BACKSPACE, Keys.BACKSPACE, "65")
    assert browser.find_element(By.ID, "duration-words").text == "65 min"
    until(lambda d: not d.find_element(By.ID, "head-findings").text.strip())
    minutes.send_keys(Keys.ENTER)  # Enter in a field saves, and focus stays in it
    until(lambda d: "Saved" in d.find_element(By.ID, "save-status").text)
    assert browser.switch_to.active_element.get_attribute("id") == "duration-minutes"
    after = (folder / NECK).read_text()
    steps = steps_of(after)
    assert len(steps) == count + 1 and steps[count - 1]["duration"] == "5m" and steps[1]["pressure"] == "light"
    assert "duration: 65m\n" in after
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == \
        [line for line in before.splitlines() if line.lstrip().startswith("#")], "every comment survives"
