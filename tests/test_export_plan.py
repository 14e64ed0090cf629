"""`export PLAN`: a treatment plan's sheet (html, markdown, pdf), its FHIR CarePlan and its iCalendar file.

Each format is read back by something that knows it: the FHIR Bundle by
fhir.resources (R5 and R4B models), the calendar by the icalendar library's
parser, the PDF by pypdf.  None of them may carry anything of a client.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli

from .conftest import EXAMPLES

PLAN = EXAMPLES / "plans" / "upper-back-series.yaml"
INTAKE = EXAMPLES / "intakes" / "c-0318-cancer-cleared.yaml"
START = "2026-03-02"
# The example plan: six sessions every 3 days, then three a week apart.
DAYS = [0, 3, 6, 9, 12, 15, 18, 25, 32]
TITLES = ["Deep tissue for the upper back (60 minutes)"] * 6 + \
    ["Neck and shoulders, myofascial release and trigger points"] * 3
MODELS = {"R5": "fhir.resources", "R4B": "fhir.resources.R4B"}


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    return result.exit_code, result.output


def exported(*args: str) -> str:
    code, output = export(*args)
    assert code == 0, output
    return output


def intake_texts() -> list[str]:
    """Every string of every example intake that is not a key word, to look for in the exports."""
    import yaml

    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and (len(value) > 12 or value.upper().startswith("C-")):
            found.append(value)

    for path in sorted((EXAMPLES / "intakes").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text()))
    assert any(text.startswith("C-") for text in found)
    return found


def assert_no_client_data(text: str) -> None:
    for secret in intake_texts():
        assert secret not in text, secret


def broken_plan(folder: Path, protocol: str) -> Path:
    plan = folder / "plan.yaml"
    plan.write_text(PLAN.read_text().replace("../upper-back-deep-tissue-60.yaml", protocol)
                    .replace("../neck-shoulders", str(EXAMPLES / "neck-shoulders")))
    return plan


# -- the sheet -------------------------------------------------------------------------


def test_the_html_sheet_has_goals_phases_self_care_and_a_dated_calendar() -> None:
    html = exported(str(PLAN), "--to", "html", "--start", START)
    assert html.startswith("<!DOCTYPE html>")
    assert '<main class="sheet plan-sheet">' in html
    assert "<h1>Upper back recovery series</h1>" in html
    assert "muscle pain: <span class=\"target\">pain below 3/10</span>" in html
    assert "Phase 1: Deep tissue for the upper back (60 minutes)" in html
    assert "reassess at session 6" in html and "Doorway chest stretch, 30 s, three times a day." in html
    rows = re.findall(r"<tr(?: class=\"reassess\")?><td class=\"num\">(\d+)</td><td>([\d-]+) (\w+)</td>", html)
    first = date.fromisoformat(START)
    assert [(int(n), d) for n, d, _ in rows] == [(i + 1, (first + timedelta(days=day)).isoformat())
                                                 for i, day in enumerate(DAYS)]
    assert rows[0][2] == "Mon"
    assert html.count('class="reassess"') == 2
    # Self-contained and printable like the session sheet: its page rules and style, nothing loaded.
    assert "@page { size: A4; margin: 15mm; }" in html and ".sheet h1" in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)
    assert_no_client_data(html)


def test_without_a_start_the_calendar_counts_days() -> None:
    html = exported(str(PLAN), "--to", "html", "--paper", "letter")
    assert "<td>day 0</td>" in html and "<td>day 32</td>" in html
    assert "size: letter" in html


def test_user_text_is_escaped_in_the_sheet(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.read_text().replace("title: Upper back recovery series", "title: <b>Back</b> & \"more\"")
                    .replace("pain below 3/10", "<script>x</script>")
                    .replace("../", str(EXAMPLES) + "/"))
    html = exported(str(plan), "--to", "html")
    assert "<b>Back</b>" not in html and "<script>x" not in html
    assert "&lt;b&gt;Back&lt;/b&gt; &amp; &#34;more&#34;" in html
    markdown = exported(str(plan), "--to", "markdown")
    assert "<script>" not in markdown and "&lt;script>x&lt;/script>" in markdown


def test_the_markdown_sheet() -> None:
    markdown = exported(str(PLAN), "--to", "markdown", "--start", START)
    assert markdown.startswith("# Upper back recovery series\n")
    assert "**Sessions:** 9" in markdown and "- stiffness: turns the head fully both ways without pain" in markdown
    assert "### Phase 2: Neck and shoulders, myofascial release and trigger points" in markdown
    rows = [line for line in markdown.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 9
    assert rows[8] == ("| 9 | 2026-04-03 Fri | 2 | Neck and shoulders, myofascial release and trigger points | 60 | "
                       "reassess |")
    assert_no_client_data(markdown)


# -- FHIR ------------------------------------------------------------------------------


def validate(version: str, data: dict[str, Any]) -> Any:
    try:
        module = __import__(f"{MODELS[version]}.bundle", fromlist=["Bundle"])
    except ImportError as missing:
        pytest.fail(f"fhir.resources is needed to check the FHIR export ({missing}); install the test extras")
    return module.Bundle.model_validate(data)


@pytest.mark.parametrize("version", ["R5", "R4B"])
def test_the_care_plan_bundle_validates_and_points_at_the_phases_plan_definitions(version: str) -> None:
    text = exported(str(PLAN), "--to", "fhir", "--fhir-version", version, "--start", START)
    data = json.loads(text)
    validate(version, data)
    assert data["type"] == "collection"
    resources = {entry["fullUrl"]: entry["resource"] for entry in data["entry"]}
    assert len(resources) == len(data["entry"])
    (care_plan,) = [r for r in resources.values() if r["resourceType"] == "CarePlan"]
    assert (care_plan["status"], care_plan["intent"]) == ("draft", "plan")
    definitions = {r["url"]: r for r in resources.values() if r["resourceType"] == "PlanDefinition"}
    wanted = ["urn:protocolkit:protocol:upper-back-deep-tissue-60",
              "urn:protocolkit:protocol:neck-shoulders-myofascial-trigger-point"]
    assert sorted(definitions) == sorted(wanted)
    assert care_plan["instantiatesCanonical"] == wanted
    # Every canonical an action points at is in the Bundle, each ActivityDefinition once.
    activity_urls = [r["url"] for r in resources.values() if r["resourceType"] == "ActivityDefinition"]
    assert len(activity_urls) == len(set(activity_urls))
    for definition in definitions.values():
        for action in definition["action"]:
            if "definitionCanonical" in action:
                assert action["definitionCanonical"] in activity_urls
    pointed = []
    for activity in care_plan["activity"]:
        if version == "R5":
            request = resources[activity["plannedActivityReference"]["reference"]]
            assert request["resourceType"] == "ServiceRequest"
            pointed += request["instantiatesCanonical"]
            timing = request["occurrenceTiming"]["repeat"]
        else:
            pointed += activity["detail"]["instantiatesCanonical"]
            timing = activity["detail"]["scheduledTiming"]["repeat"]
        assert timing["periodUnit"] == "d"
    assert pointed == wanted
    goals = [resources[goal["reference"]] for goal in care_plan["goal"]]
    assert [goal["description"]["text"] for goal in goals] == [
        "muscle pain; target: pain below 3/10", "stiffness; target: turns the head fully both ways without pain"]
    assert care_plan["period"] == {"start": "2026-03-02", "end": "2026-04-03"}


def test_the_care_plan_names_no_client_and_is_the_same_every_time() -> None:
    first = exported(str(PLAN), "--to", "fhir")
    assert first == exported(str(PLAN), "--to", "fhir")
    data = json.loads(first)
    subjects = [entry["resource"]["subject"] for entry in data["entry"] if "subject" in entry["resource"]]
    assert subjects and all(subject == {"type": "Patient", "display": "The client: to be filled in by the "
                                        "receiving system"} for subject in subjects)
    assert_no_client_data(first)


def test_a_plan_takes_no_intake() -> None:
    code, output = export(str(PLAN), "--to", "fhir", "--intake", str(INTAKE))
    assert code == 2 and "holds no client data" in output


# -- iCalendar -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def icalendar() -> Any:
    try:
        import icalendar
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("icalendar is not installed: the calendar extra is part of `make install`")
        pytest.skip("icalendar is not installed (pip install 'protocolkit[calendar]')")
    return icalendar


def events_of(icalendar: Any, text: str) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(text)
    return [component for component in calendar.walk("VEVENT")]


def test_the_calendar_has_an_all_day_event_per_session(icalendar: Any, tmp_path: Path) -> None:
    exported(str(PLAN), "--to", "ics", "--start", START, "-o", str(tmp_path / "plan.ics"))
    written = (tmp_path / "plan.ics").read_bytes()
    # RFC 5545 lines end in CRLF, in the file as the library writes them.
    assert written.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nVERSION:2.0\r\n" in written
    text = written.decode()
    events = events_of(icalendar, text)
    assert len(events) == 9
    first = date.fromisoformat(START)
    assert [event.decoded("dtstart") for event in events] == [first + timedelta(days=day) for day in DAYS]
    assert all(not isinstance(event.decoded("dtstart"), datetime) for event in events)
    assert [str(event["summary"]) for event in events] == [
        f"Upper back recovery series: session {n}/9, {title}" for n, title in enumerate(TITLES, start=1)]
    uids = [str(event["uid"]) for event in events]
    assert len(set(uids)) == 9 and uids[0] == "upper-back-series-session-1@protocolkit"
    assert {event.decoded("dtstamp") for event in events} == {datetime(2026, 3, 2, tzinfo=events[0].decoded(
        "dtstamp").tzinfo)}
    assert "Reassess" in str(events[5]["description"]) and "Reassess" not in str(events[4]["description"])
    assert_no_client_data(text)
    # Reproducible bytes: the same plan and start give the same file.
    exported(str(PLAN), "--to", "ics", "--start", START, "-o", str(tmp_path / "again.ics"))
    assert (tmp_path / "again.ics").read_bytes() == written


def test_the_calendar_at_a_time_of_day_lasts_each_session(icalendar: Any, tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    exported(str(PLAN), "--to", "ics", "--start", START, "--time", "17:30", "-o", str(out))
    events = events_of(icalendar, out.read_bytes().decode())
    starts = [event.decoded("dtstart") for event in events]
    assert starts[0] == datetime(2026, 3, 2, 17, 30) and starts[0].tzinfo is None
    assert all(event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60) for event in events)


def test_the_calendar_needs_a_start_and_a_real_time() -> None:
    code, output = export(str(PLAN), "--to", "ics")
    assert code == 2 and "--to ics needs --start DATE" in output
    code, output = export(str(PLAN), "--to", "ics", "--start", START, "--time", "25:00")
    assert code == 2 and "not a time of day" in output


def test_without_icalendar_the_calendar_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # makes `import icalendar` fail
    code, output = export(str(PLAN), "--to", "ics", "--start", START)
    assert code == 2 and "pip install 'protocolkit[calendar]'" in output


def test_ics_is_for_plans_only() -> None:
    code, output = export(str(EXAMPLES / "reflexology-45.yaml"), "--to", "ics")
    assert code == 2 and "for treatment plans" in output


# -- errors and PDF --------------------------------------------------------------------


def test_a_plan_with_a_missing_protocol_is_not_exported(tmp_path: Path) -> None:
    plan = broken_plan(tmp_path, "no-such-protocol.yaml")
    out = tmp_path / "plan.html"
    code, output = export(str(plan), "--to", "html", "-o", str(out))
    assert code == 1 and "PK601" in output and "fix them before exporting the plan" in output
    assert not out.exists()


def test_a_plan_prints_to_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must install it (see .ci/run)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs these tests")
    out = tmp_path / "plan.pdf"
    exported(str(PLAN), "--to", "pdf", "-o", str(out), "--start", START, "--browser", chromium)
    pages = pypdf.PdfReader(out).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    assert 1 <= len(pages) <= 3
    assert all(float(page.mediabox.width) == pytest.approx(595.28, abs=2) for page in pages)
    for wanted in ("Upper back recovery series", "pain below 3/10", "Doorway chest stretch", "2026-04-03", *TITLES):
        assert wanted in text, wanted


def test_the_sheet_maps_the_minutes_of_every_session_on_the_body() -> None:
    def minutes(html: str) -> dict[tuple[str, str], float]:
        found = re.findall(r'data-region="([a-z-]+)" data-side="([a-z]+)"[^>]*data-minutes="([\d.]+)"', html)
        return {(region, side): float(amount) for region, side, amount in found}

    plan = minutes(exported(str(PLAN), "--to", "html"))
    deep = minutes(exported(str(EXAMPLES / "upper-back-deep-tissue-60.yaml"), "--to", "html"))
    neck = minutes(exported(str(EXAMPLES / "neck-shoulders-myofascial-trigger-point.yaml"), "--to", "html"))
    assert plan
    # Six sessions of the first protocol and three of the second, region by region and side by side.
    for place in set(deep) | set(neck):
        assert plan[place] == pytest.approx(6 * deep.get(place, 0) + 3 * neck.get(place, 0), abs=0.5), place
