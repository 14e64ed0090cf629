"""Closed days (`[plans] closed` in protocolkit.toml): no session of a plan's calendar is booked on one.

The summary, the plan sheet and the calendar file all schedule from one
calendar, so they agree on every date and on the "over N days" span; a
session moved off a closed day says so, and the spacing never shrinks.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli
from protocolkit.load.config import ConfigError, load_settings

from .conftest import EXAMPLES

PLAN = str(EXAMPLES / "plans" / "upper-back-series.yaml")
FRIDAY = "2027-01-08"
# The example plan from a Friday with the weekend closed: Sundays move to Mondays, and the
# sessions after a moved one count their interval from the Monday.
BOOKED = ["2027-01-08", "2027-01-11", "2027-01-14", "2027-01-18", "2027-01-21", "2027-01-25", "2027-01-28",
          "2027-02-04", "2027-02-11"]
INTERVALS = [3, 3, 3, 3, 3, 3, 7, 7]  # the plan's own: six sessions every 3 days, then three a week apart


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str | None, *args: str) -> tuple[int, str]:
    if config is not None:
        (tmp_path / "protocolkit.toml").write_text(config)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def ok(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str | None, *args: str) -> str:
    code, output = run(tmp_path, monkeypatch, config, *args)
    assert code == 0, output
    return output


WEEKEND = '[plans]\nclosed = ["Sat", "SUN"]\n'


def _sheet_dates(html: str) -> list[str]:
    return re.findall(r"<td>(\d{4}-\d\d-\d\d) [A-Z][a-z]{2}</td>", html)


def _over(text: str) -> int:
    found = re.search(r"over (\d+) days", text)
    assert found is not None, text
    return int(found.group(1))


def test_no_session_on_a_closed_day_in_summary_sheet_and_calendar(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from icalendar import Calendar

    summary = ok(tmp_path, monkeypatch, WEEKEND, "plan", "summary", PLAN, "--start", FRIDAY)
    listed = re.findall(r"^  (\d{4}-\d\d-\d\d) (\w{3})  session", summary, re.MULTILINE)
    assert [day for day, _ in listed] == BOOKED
    assert not {weekday for _, weekday in listed} & {"Sat", "Sun"}
    assert summary.count("(moved from Sun") == 2 and "moved from Sun 2027-01-17" in summary

    data = json.loads(ok(tmp_path, monkeypatch, None, "plan", "summary", PLAN, "--start", FRIDAY,
                         "--format", "json"))["summary"]
    assert [s["date"] for s in data["calendar"]] == BOOKED
    assert data["calendar"][3]["moved_from"] == "2027-01-17" and "moved_from" not in data["calendar"][0]

    sheet = ok(tmp_path, monkeypatch, None, "export", PLAN, "--to", "html", "--start", FRIDAY)
    assert _sheet_dates(sheet) == BOOKED

    ics = ok(tmp_path, monkeypatch, None, "export", PLAN, "--to", "ics", "--start", FRIDAY)
    events = sorted(Calendar.from_ical(ics).walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
    days = [event.decoded("dtstart") for event in events]
    assert [day.isoformat() for day in days] == BOOKED
    assert all(day.weekday() < 5 for day in days)
    timed = ok(tmp_path, monkeypatch, None, "export", PLAN, "--to", "ics", "--start", FRIDAY, "--time", "09:30")
    assert all(event.decoded("dtstart").weekday() < 5 for event in Calendar.from_ical(timed).walk("VEVENT"))

    # Moving a session never brings two sessions closer than the plan's interval.
    booked = [date.fromisoformat(day) for day in BOOKED]
    assert all((after - before).days >= gap for before, after, gap in zip(booked[:-1], booked[1:], INTERVALS,
                                                                                    strict=True))


def test_summary_and_sheet_give_the_same_span(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = ok(tmp_path, monkeypatch, WEEKEND, "plan", "summary", PLAN, "--start", FRIDAY)
    sheet = ok(tmp_path, monkeypatch, None, "export", PLAN, "--to", "html", "--start", FRIDAY)
    markdown = ok(tmp_path, monkeypatch, None, "export", PLAN, "--to", "markdown", "--start", FRIDAY)
    span = (date.fromisoformat(BOOKED[-1]) - date.fromisoformat(BOOKED[0])).days + 1
    assert _over(summary) == _over(sheet) == _over(markdown) == span == 35
    assert "moved from Sun 2027-01-17 (closed)" in markdown


def test_a_closed_start_moves_the_first_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = ok(tmp_path, monkeypatch, WEEKEND, "plan", "summary", PLAN, "--start", "2027-01-09")
    listed = re.findall(r"^  (\d{4}-\d\d-\d\d) (\w{3})  session", summary, re.MULTILINE)
    assert listed[0] == ("2027-01-11", "Mon") and "moved from Sat 2027-01-09" in summary
    assert not {weekday for _, weekday in listed} & {"Sat", "Sun"}


def test_default_is_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = ok(tmp_path, monkeypatch, None, "plan", "summary", PLAN, "--start", FRIDAY)
    first = date.fromisoformat(FRIDAY)
    expected = [first + timedelta(days=day) for day in (0, 3, 6, 9, 12, 15, 18, 25, 32)]
    listed = re.findall(r"^  (\d{4}-\d\d-\d\d) \w{3}  session", summary, re.MULTILINE)
    assert listed == [day.isoformat() for day in expected]
    assert "moved" not in summary and _over(summary) == 33
    sheet = ok(tmp_path, monkeypatch, None, "export", PLAN, "--to", "html", "--start", FRIDAY)
    assert _sheet_dates(sheet) == listed and _over(sheet) == 33
    assert load_settings(tmp_path).closed_days == ()


def test_config_shows_the_closed_days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = json.loads(ok(tmp_path, monkeypatch, WEEKEND, "config", "--format", "json"))
    assert shown["plans.closed"] == {"value": ["sat", "sun"], "source": str(tmp_path / "protocolkit.toml")}
    text = ok(tmp_path, monkeypatch, None, "config")
    assert re.search(r"^plans\.closed\s+sat, sun\s+from ", text, re.MULTILINE)
    (tmp_path / "protocolkit.toml").unlink()
    assert re.search(r"^plans\.closed\s+\(none\)\s+from default", ok(tmp_path, monkeypatch, None, "config"),
                     re.MULTILINE)


@pytest.mark.parametrize(("text", "message"), [
    ('[plans]\nclosed = ["sat", "sunday"]\n', r"'plans\.closed': 'sunday' is not a weekday"),
    ('[plans]\nclosed = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n', "closes all seven days"),
    ('[plans]\nclosed = "sat"\n', r"'plans\.closed' must be a list of weekdays"),
    ('[plans]\nshut = ["sat"]\n', r"unknown key 'plans\.shut'"),
    ('plans = 1\n', "'plans' must be a table"),
])
def test_bad_closed_days_are_located_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                            message: str) -> None:
    (tmp_path / "protocolkit.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path)
    for args in (("plan", "summary", PLAN, "--start", FRIDAY), ("export", PLAN, "--to", "ics", "--start", FRIDAY),
                 ("config",)):
        code, output = run(tmp_path, monkeypatch, None, *args)
        assert code == 2, output
        assert str(tmp_path / "protocolkit.toml") in output and re.search(message, output)
        assert "Traceback" not in output
