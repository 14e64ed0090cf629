"""A treatment plan in the studio: its sheet from a start date, the print view, the calendar file and FHIR.

What the page and its downloads show is what ``export PLAN --start`` makes:
the same sheet, the same calendar bytes, the same CarePlan.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from protocolkit.cli import cli

from protocolkit.plugin.catalog import Catalog
from protocolkit.report.plan_summary import read_plan, summary_data
from protocolkit.studio.app import create_app

from .studio_clients import examples_copy

TOKEN = "plan-token"
PLAN = "plans/upper-back-series.yaml"
START = "2026-03-02"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return examples_copy(tmp_path)


@pytest.fixture()
def browser(folder: Path, catalog: Catalog) -> TestClient:
    client = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"}))
    client.get(f"/?token={TOKEN}")
    return client


def _session_dates(folder: Path, catalog: Catalog, start: str = START) -> list[str]:
    read = read_plan(str(folder / PLAN), catalog)
    assert read.report is not None
    data = summary_data(read.report, catalog, date.fromisoformat(start))
    sessions = data["calendar"]
    assert isinstance(sessions, list)
    return [str(session["date"]) for session in sessions]


def test_the_plan_page_shows_the_title_and_every_session_date(browser: TestClient, folder: Path,
                                                              catalog: Catalog) -> None:
    page = browser.get(f"/plan/{PLAN}?start={START}")
    assert page.status_code == 200
    assert "Upper back recovery series" in page.text
    dates = _session_dates(folder, catalog)
    assert len(dates) == 9
    for day in dates:
        assert day in page.text
    assert f'href="/plan-print/{PLAN}?start={START}"' in page.text
    assert f'href="/plan-ics/{PLAN}?start={START}"' in page.text
    assert f'href="/plan-fhir/{PLAN}?start={START}"' in page.text
    assert 'href="/plan.css"' in page.text
    assert "<style" not in page.text and "style=" not in page.text


def test_without_a_start_the_calendar_begins_today(browser: TestClient) -> None:
    page = browser.get(f"/plan/{PLAN}")
    assert page.status_code == 200
    assert f'value="{date.today().isoformat()}"' in page.text
    assert date.today().isoformat() in page.text


def test_the_print_view_is_the_same_sheet(browser: TestClient, folder: Path, catalog: Catalog) -> None:
    page = browser.get(f"/plan-print/{PLAN}?start={START}&paper=letter")
    assert page.status_code == 200
    assert 'href="/plan.css?paper=letter"' in page.text and "data-print" in page.text
    for day in _session_dates(folder, catalog):
        assert day in page.text
    css = browser.get("/plan.css?paper=letter")
    assert css.headers["content-type"].startswith("text/css") and ".plan-sheet" in css.text


def test_the_calendar_download_has_an_event_for_every_session(browser: TestClient, folder: Path, catalog: Catalog,
                                                             tmp_path: Path) -> None:
    from icalendar import Calendar

    answer = browser.get(f"/plan-ics/{PLAN}?start={START}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert ".ics" in answer.headers["content-disposition"]
    events = Calendar.from_ical(answer.content).walk("VEVENT")
    assert len(events) == len(_session_dates(folder, catalog))
    # The very bytes the export command writes.
    written = tmp_path / "plan.ics"
    result = CliRunner().invoke(cli, ["export", str(folder / PLAN), "--to", "ics", "--start", START,
                                      "-o", str(written)])
    assert result.exit_code == 0, result.output
    assert answer.content == written.read_bytes()

def test_the_fhir_download_is_a_care_plan(browser: TestClient) -> None:
    answer = browser.get(f"/plan-fhir/{PLAN}?start={START}")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment;")
    # export --to fhir writes a Bundle around the CarePlan (and the PlanDefinitions it follows).
    bundle = json.loads(answer.content)
    assert bundle["resourceType"] == "Bundle"
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("CarePlan") == 1


@pytest.mark.parametrize("address", ["/plan/", "/plan-ics/", "/plan-fhir/", "/plan-print/"])
def test_a_bad_start_is_said_in_words(browser: TestClient, address: str) -> None:
    answer = browser.get(f"{address}{PLAN}?start=2026-02-30")
    assert answer.status_code == 422
    assert "YYYY-MM-DD" in answer.text and "Traceback" not in answer.text


@pytest.mark.parametrize("address", ["/plan/", "/plan-ics/", "/plan-fhir/"])
def test_paths_outside_the_folder_are_refused(browser: TestClient, address: str) -> None:
    answer = browser.get(f"{address}plans/..%2F..%2Fsecret.yaml?start={START}")
    assert answer.status_code in (403, 404)
    assert answer.status_code == 404 or "must stay inside" in answer.text
    refused = browser.get(f"{address}plans/../../outside.yaml?start={START}")
    assert refused.status_code in (403, 404)


def test_a_document_that_is_not_a_plan_is_refused(browser: TestClient) -> None:
    answer = browser.get(f"/plan/upper-back-deep-tissue-60.yaml?start={START}")
    assert answer.status_code == 422
    assert "not a treatment plan" in answer.text


def test_the_library_opens_a_plan_on_its_page(browser: TestClient) -> None:
    assert f'href="/plan/{PLAN}"' in browser.get("/").text


def test_the_clinics_closed_days_keep_the_studios_calendar_off_the_weekend(folder: Path, catalog: Catalog) -> None:
    from protocolkit.load.config import Settings

    closed = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"},
                                   settings=Settings(closed_days=(5, 6))))
    closed.get(f"/?token={TOKEN}")
    friday = "2027-01-08"
    calendar = closed.get(f"/plan-ics/{PLAN}?start={friday}")
    assert calendar.status_code == 200
    import icalendar

    days = [event.decoded("dtstart") for event in icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")]
    assert days and all(day.weekday() < 5 for day in days), days
    open_every_day = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={"testserver"}))
    open_every_day.get(f"/?token={TOKEN}")
    weekend = icalendar.Calendar.from_ical(open_every_day.get(f"/plan-ics/{PLAN}?start={friday}").content)
    assert any(event.decoded("dtstart").weekday() >= 5 for event in weekend.walk("VEVENT"))  # the test can fail
