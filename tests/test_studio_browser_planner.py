"""A therapist planning a series in a real browser, by the links a user would follow.

The clinic is closed at weekends (``[plans] closed`` in its protocolkit.toml,
which `serve` finds from where it runs).  From the library to the plan: its
sheet, a start date whose calendar would fall on a weekend, the calendar
keeping off the closed days as ``plan summary`` does, the calendar file and
FHIR downloads, the print view, and then screening the plan for a client.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXAMPLES
from .studio_server import running_studio
from .test_studio_browser import TOKEN, WAIT, browser  # noqa: F401  (fixtures)

PLAN = "plans/upper-back-series.yaml"
START = "2026-03-06"  # a Friday: every 3 days from it falls on Sunday 15 and Saturday 21 March
CLOSED = ("Sat", "Sun")
PROTOCOLKIT = str(Path(sys.executable).with_name("protocolkit"))


@pytest.fixture()
def clinic(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`protocolkit serve` over a copy of the examples, run in a clinic whose settings close the weekend."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    (folder / "protocolkit.toml").write_text('[plans]\nclosed = ["sat", "sun"]\n')
    with running_studio(folder, TOKEN, wait=WAIT, cwd=folder) as line:
        yield line.removeprefix("protocolkit studio: "), folder


def summary(cwd: Path, plan: Path) -> str:
    """What ``plan summary PLAN --start`` prints when run in ``cwd`` (with the settings found from there)."""
    done = subprocess.run([PROTOCOLKIT, "plan", "summary", str(plan), "--start", START], cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def fetched(driver: Any, address: str) -> bytes:
    """The bytes at ``address``, asked for with the browser's cookies (the signed-in studio's)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(address, headers={"Cookie": cookies}), timeout=WAIT) as answer:
        assert answer.status == 200
        return bytes(answer.read())


def test_a_therapist_plans_a_series_and_screens_it(browser: Any, clinic: tuple[str, Path],  # noqa: F811
                                                   tmp_path: Path) -> None:
    import icalendar
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, folder = clinic
    # Without the clinic's settings this start would put sessions on a weekend, so the check below means something.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert re.search(r"\d{4}-\d\d-\d\d (Sat|Sun) ", summary(elsewhere, folder / PLAN))
    expected = summary(folder, folder / PLAN)

    browser.get(url)
    browser.find_element(By.LINK_TEXT, "Upper back recovery series").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "plan-start"))
    sheet = browser.find_element(By.CSS_SELECTOR, "article.plan-sheet")
    headings = [h.text for h in sheet.find_elements(By.TAG_NAME, "h2")]
    assert {"Phases", "Regions on the body", "Calendar"} <= set(headings), headings
    assert len(sheet.find_elements(By.CSS_SELECTOR, "p.plan-line")) == 2  # the SOAP Plan line of each phase
    assert len(sheet.find_elements(By.CSS_SELECTOR, "section.phase")) == 2
    assert "Doorway chest stretch" in sheet.find_element(By.CSS_SELECTOR, "ul.self-care").text
    assert sheet.find_elements(By.CSS_SELECTOR, "svg.body-map")

    # The first session's day, as the date picker would set it; then the form is sent as a user sends it.
    start = browser.find_element(By.ID, "plan-start")
    browser.execute_script("arguments[0].value = arguments[1]", start, START)
    browser.find_element(By.CSS_SELECTOR, "form.plan-start button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda d: f"start={START}" in d.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.calendar tbody tr")
    days = [row.find_elements(By.TAG_NAME, "td")[1].text for row in rows]
    counted = re.search(r"(\d+) sessions over", expected)
    assert counted is not None
    sessions = int(counted[1])
    assert len(days) == sessions == 9
    assert days[0].startswith(START) and not [day for day in days if day.endswith(CLOSED)], days
    over = re.search(r"over (\d+) days", browser.find_element(By.TAG_NAME, "main").text)
    assert over is not None and f"over {over[1]} days" in expected

    # The calendar file: one event per session, none on a closed day.
    ics = browser.find_element(By.LINK_TEXT, "Download calendar (.ics)").get_attribute("href")
    events = icalendar.Calendar.from_ical(fetched(browser, ics)).walk("VEVENT")
    assert len(events) == sessions
    starts = [event.decoded("DTSTART") for event in events]
    assert all(isinstance(day, date) and day.strftime("%a") not in CLOSED for day in starts), starts
    fhir = browser.find_element(By.LINK_TEXT, "Download FHIR (JSON)").get_attribute("href")
    bundle = json.loads(fetched(browser, fhir))  # export --to fhir: a Bundle around the one CarePlan
    assert [e["resource"]["resourceType"] for e in bundle["entry"]].count("CarePlan") == 1

    browser.find_element(By.LINK_TEXT, "Print").click()
    WebDriverWait(browser, WAIT).until(lambda d: "/plan-print/" in d.current_url)
    assert len(browser.find_elements(By.TAG_NAME, "main")) == 1
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    browser.back()

    # Screening the plan for a client: the intake is chosen on the Screen page, never in an address.
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.LINK_TEXT, "Screen this plan for a client"))[0].click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "intake_file"))
    assert Select(browser.find_element(By.ID, "protocol")).first_selected_option.get_attribute("value") == PLAN
    Select(browser.find_element(By.ID, "intake_file")).select_by_value("intakes/c-0042-varicose-anticoagulants.yaml")
    browser.find_element(By.CSS_SELECTOR, "form.screen button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#result .plan-phase"))
    result = browser.find_element(By.ID, "result")
    # textContent: the words themselves, whatever case the style shows them in.
    assert result.find_element(By.CSS_SELECTOR, ".verdict-word").get_attribute("textContent") == "adapt"
    phases = [p.get_attribute("textContent") for p in result.find_elements(By.CSS_SELECTOR, ".phase-verdict")]
    assert phases == ["adapt", "adapt"]
    assert "c-0042" not in browser.current_url
