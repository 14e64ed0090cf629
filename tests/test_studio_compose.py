"""The compose form's focus, sides and chair work, and the same options through the JSON API.

What the form and the API send is checked on the ``ComposeRequest`` the
engine receives (its ``compose_session`` replaced by one that records it);
what the page shows on success, with the real engine and plain region names;
and every bad value is said beside its own field, the rest of the form left
as the therapist had it.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from protocolkit.composition import engine
from protocolkit.composition.engine import ComposeError, ComposeRequest
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.app import create_app

from .conftest import EXAMPLES
from .test_studio_pages import TOKEN, signed_in


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("compose") / "examples"
    shutil.copytree(EXAMPLES, copy)
    return copy


@pytest.fixture()
def browser(folder: Path, catalog: Catalog) -> TestClient:
    return signed_in(folder, catalog)


@pytest.fixture()
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[ComposeRequest]]:
    """The requests the engine gets; it then refuses each, so only the translation is under test."""
    requests: list[ComposeRequest] = []

    def recorded(_catalog: Any, request: ComposeRequest) -> Any:
        requests.append(request)
        raise ComposeError("recorded, not composed")

    monkeypatch.setattr(engine, "compose_session", recorded)
    yield requests


def field_error(page: str, field: str) -> str:
    found = re.search(rf'<p id="{field}-error" class="field-error">(.*?)</p>', page, re.S)
    assert found, f"no message place for {field}"
    return html.unescape(found[1])


def selected(page: str, select_id: str) -> list[str]:
    found = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', page, re.S)
    assert found, f"no select {select_id}"
    return re.findall(r'<option value="([^"]*)" selected>', found[1])


# -- the form ---------------------------------------------------------------------------------------

def test_the_form_asks_for_focus_sides_and_chair_work_and_needs_no_region(browser: TestClient) -> None:
    page = browser.get("/compose").text
    regions = re.search(r'<input id="regions"[^>]*>', page, re.S)
    assert regions and "required" not in regions[0] and 'aria-describedby="regions-hint regions-error"' in regions[0]
    # The rows below are asked for with the region fields only: the intake never goes along.
    assert 'hx-post="/compose/regions"' in regions[0] and 'hx-params="regions,sides,focus"' in regions[0]
    assert '<label for="focus">Give most of the time to</label>' in page
    assert selected(page, "focus") == [] and '<option value="">No focus' in page
    assert re.search(r'<label class="choice" for="seated"><input type="checkbox" id="seated" name="seated" '
                     r'value="yes">\s*Chair work: seated, through clothing, no oil</label>', page)


def test_each_region_typed_gets_a_labelled_side_choice_and_a_place_in_the_focus(browser: TestClient) -> None:
    rows = browser.post("/compose/regions", data={"regions": "lower back, hamstrings:right, low back",
                                                  "sides": "lower-back:left", "focus": "hamstrings"}).text
    assert '<legend>Which side of each region</legend>' in rows
    assert '<label for="side-lower-back">Lower back</label>' in rows
    assert '<label for="side-posterior-thigh">Back of the thigh <small>(hamstrings)</small></label>' in rows
    assert rows.count('<select id="side-lower-back"') == 1, "a region named twice is one row"
    assert selected(rows, "side-lower-back") == ["lower-back:left"]  # as chosen before
    assert selected(rows, "side-posterior-thigh") == ["posterior-thigh:right"]  # as typed
    assert re.findall(r'<option value="posterior-thigh:(\w+)"[^>]*>([^<]+)<', rows) == [
        ("both", "both sides"), ("left", "left side only"), ("right", "right side only")]
    assert selected(rows, "focus") == ["posterior-thigh"] and '<option value="lower-back">Lower back' in rows
    assert 'aria-describedby="side-lower-back-error"' in rows and field_error(rows, "regions") == ""
    # A side typed after the choice was made wins while typing; a focus no longer named is dropped.
    again = browser.post("/compose/regions", data={"regions": "lower back:right",
                                                   "sides": "lower-back:left", "focus": "posterior-thigh"}).text
    assert selected(again, "side-lower-back") == ["lower-back:right"] and selected(again, "focus") == []
    typo = browser.post("/compose/regions", data={"regions": "neck, hamstirngs"}).text
    assert field_error(typo, "regions") == "Unknown region 'hamstirngs'; did you mean 'posterior-thigh'?"
    assert '<select id="side-neck"' in typo
    assert browser.post("/compose/regions", data={}).text.count("<fieldset") == 0


def test_the_form_sends_sides_focus_and_seated(browser: TestClient, sent: list[ComposeRequest]) -> None:
    browser.post("/compose", data={"duration": "30m", "regions": "lower back, hamstrings", "modalities": "swedish",
                                   "sides": ["lower-back:both", "posterior-thigh:right"], "focus": "posterior-thigh",
                                   "seated": "yes"})
    browser.post("/compose", data={"duration": "30m", "regions": "Hamstrings : Left, neck", "modalities": "swedish"})
    browser.post("/compose", data={"duration": "30m", "regions": "neck", "modalities": "swedish"})
    browser.post("/compose", data={"duration": "30m", "goals": "hamstring-flexibility"})
    assert [(r.regions, r.focus, r.seated) for r in sent] == [
        (("lower-back", "posterior-thigh:right"), "posterior-thigh", True),
        (("posterior-thigh:left", "neck"), None, False),
        (("neck",), None, False),
        ((), None, False)]
    assert sent[-1].goals == ("hamstring-flexibility",), "a goal alone reaches the engine, which picks its regions"


def test_a_bad_side_or_focus_is_said_beside_its_field_and_nothing_typed_is_lost(browser: TestClient,
                                                                                sent: list[ComposeRequest]) -> None:
    form = {"duration": "30m", "modalities": "swedish", "intake_text": "kept in the box"}
    typed = browser.post("/compose", data={**form, "regions": "neck:up, calf", "focus": "nek"})
    assert typed.status_code == 422 and sent == []
    assert field_error(typed.text, "regions") == ("'neck:up': 'up' is not a side; after the colon write left, "
                                                  "right or both (or leave the colon out for both sides).")
    assert field_error(typed.text, "focus") == "Unknown region 'nek'; did you mean 'neck'?"
    assert selected(typed.text, "focus") == ["nek"], "the focus stays as it was sent"
    assert 'role="alert"' in typed.text and '<a href="#regions">' in typed.text
    # The answer replaces the result and the rows under Regions, never the fields typed into.
    assert 'id="regions"' not in typed.text and "intake_text" not in typed.text and 'id="duration"' not in typed.text
    assert 'id="region-choices" class="region-choices" hx-swap-oob="true"' in typed.text

    chosen = browser.post("/compose", data={**form, "regions": "neck, calf", "sides": ["neck:top", "calf:left"],
                                            "focus": "calf"})
    assert chosen.status_code == 422 and '<a href="#side-neck">' in chosen.text
    assert field_error(chosen.text, "side-neck").startswith("'top' is not a side")
    assert 'aria-describedby="side-neck-error" aria-invalid="true"' in chosen.text
    assert selected(chosen.text, "side-neck") == ["neck:top"] and selected(chosen.text, "side-calf") == ["calf:left"]
    assert selected(chosen.text, "focus") == ["calf"] and field_error(chosen.text, "focus") == ""

    disagree = browser.post("/compose", data={**form, "regions": "calf:right", "sides": "calf:left"})
    assert field_error(disagree.text, "side-calf").startswith("The Regions box says right side only for calf")
    elsewhere = browser.post("/compose", data={**form, "regions": "neck", "focus": "calf"})
    assert field_error(elsewhere.text, "focus").startswith("Calf is not among the regions named above")
    assert sent == []


def test_with_neither_region_nor_goal_the_engines_reason_stands_at_regions(browser: TestClient) -> None:
    answer = browser.post("/compose", data={"duration": "30m", "modalities": "swedish"})
    said = field_error(answer.text, "regions")
    assert answer.status_code == 422 and "region" in said and "--" not in answer.text


def test_a_session_composed_with_a_focus_shows_as_its_sheet_and_clears_the_messages(browser: TestClient) -> None:
    answer = browser.post("/compose", data={"duration": "45m", "regions": "lower back, hamstrings",
                                            "modalities": "swedish", "focus": "lower-back"})
    assert answer.status_code == 200 and '<article class="sheet"' in answer.text
    assert field_error(answer.text, "regions") == "" and field_error(answer.text, "focus") == ""
    assert selected(answer.text, "focus") == ["lower-back"]


def test_a_side_and_chair_work_reach_the_composed_session(browser: TestClient) -> None:
    # With the engine that honours them: the right thigh only, and chair work seated through clothing.
    sided = browser.post("/compose", data={"duration": "45m", "regions": "lower back, hamstrings",
                                           "sides": "posterior-thigh:right", "modalities": "swedish"})
    assert sided.status_code == 200 and "Back of the thigh (right)" in sided.text
    assert "Back of the thigh (left)" not in sided.text
    seated = browser.post("/compose", data={"duration": "30m", "regions": "neck, shoulders", "seated": "yes",
                                            "modalities": "swedish"})
    assert seated.status_code == 200 and "position: seated" in html.unescape(seated.text)


# -- the JSON API ------------------------------------------------------------------------------------

def test_the_api_takes_focus_seated_and_sides(folder: Path, catalog: Catalog, sent: list[ComposeRequest]) -> None:
    api = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"}),
                     headers={"Authorization": f"Bearer {TOKEN}"})
    body = {"duration": "30m", "modalities": ["swedish"]}
    api.post("/api/compose", json={**body, "regions": ["neck", "hamstrings:Right", "calf:both"], "focus": "hamstrings",
                                   "seated": True})
    api.post("/api/compose", json={**body, "regions": ["neck"], "focus": None, "seated": None})
    api.post("/api/compose", json={**body, "goals": ["hamstring-flexibility"]})
    assert [(r.regions, r.focus, r.seated) for r in sent] == [
        (("neck", "hamstrings:right", "calf"), "posterior-thigh", True), (("neck",), None, False), ((), None, False)]
    for sent_body, status, message in [
            ({"regions": "neck"}, 400, "'regions' must be a list of ids or names"),
            ({"regions": ["neck", 3]}, 400, "'regions'[1] must be text"),
            ({"modalities": "swedish", "regions": ["neck"]}, 400, "'modalities' must be a list of ids"),
            ({"regions": ["neck"], "focus": 3}, 400, "'focus' must be text"),
            ({"regions": ["neck"], "seated": "yes"}, 400, "'seated' must be true or false"),
            ({"regions": ["neck", "calf:up"]}, 422, "'regions'[1]: 'calf:up': 'up' is not a side"),
            ({"regions": ["neck"], "focus": "nek"}, 422, "'focus': unknown region 'nek'; did you mean 'neck'?")]:
        answer = api.post("/api/compose", json={**body, **sent_body})
        assert answer.status_code == status and answer.json()["error"].startswith(message), sent_body
    assert len(sent) == 3
