"""A clinic owner's day in the studio, in a real browser, through its forms only: no YAML is typed.

Open a protocol in the form, set a pressure its modality does not allow and
see the finding on that step's row, fix it, add a step and move it up from
the keyboard, save (every comment of the file survives); write a new intake;
compose a session and save it; screen it for the new client ("adapt"), adapt
it in one click and save the adapted copy; screen that ("go") and print the
client's sheet to PDF: the verdict and the client reference are on paper,
the intake's private note is not.

One browser and one studio for the whole day (see test_studio_browser.py,
whose fixtures these are: Debian's chromium through chromium-driver, offline).
"""

from __future__ import annotations

import base64
import difflib
import io
import re
import stat
from pathlib import Path
from typing import Any


from .test_export_browser import pdf_pages
from .test_studio_browser import WAIT, browser, studio  # noqa: F401  (the fixtures, shared)

PROTOCOL = "neck-shoulders-myofascial-trigger-point.yaml"
CLIENT = "C-7311"
SECRET = "marmalade-heron"  # in the intake's private note: it must reach no printed page
NEW_STEP_NOTE = "a last slow flush before the advice"


def test_a_clinic_owners_day_through_the_forms(browser: Any, studio: tuple[str, Path]) -> None:  # noqa: F811
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, folder = studio
    base = url.split("/?")[0]
    # htmx swaps parts of the page in as it answers: an element found a moment before may be gone.
    wait = WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException,))

    def text_of(selector: str) -> str:
        found = browser.find_elements(By.CSS_SELECTOR, selector)
        return found[0].text if found else ""

    def checked_clean() -> bool:
        return "No findings" in text_of("#form-summary")

    # -- (a) a protocol from the library, edited in the form --------------------------------------
    original = (folder / PROTOCOL).read_text()
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 5, "the journey needs a protocol whose comments can be lost"
    browser.get(url)
    browser.find_element(By.CSS_SELECTOR, f'a[href="/edit/{PROTOCOL}"]').click()
    wait.until(lambda d: d.find_elements(By.ID, "steps-1-pressure"))
    assert browser.current_url == f"{base}/edit/{PROTOCOL}"
    assert browser.find_element(By.ID, "tab-form").get_attribute("aria-selected") == "true"
    assert checked_clean()

    # Step 2 is myofascial release, sustained pressure (2 to 3): maximal pressure is not its own.
    pressure = Select(browser.find_element(By.ID, "steps-1-pressure"))
    assert pressure.first_selected_option.get_attribute("value") == "2"
    pressure.select_by_value("5")
    said = wait.until(lambda d: text_of("#steps-1-findings"))
    assert "Step 2, pressure" in said and "PK304" in said and "2 to 3" in said
    assert not text_of("#steps-0-findings") and not text_of("#steps-2-findings"), "said at its own row only"
    Select(browser.find_element(By.ID, "steps-1-pressure")).select_by_value("2")
    wait.until(lambda d: not text_of("#steps-1-findings") and checked_clean())

    # A step added at the end (it takes the last hands-on step's modality, technique and region) ...
    count = len(browser.find_elements(By.CSS_SELECTOR, "ol.steps > li.step"))
    browser.find_element(By.ID, "add-step").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "ol.steps > li.step")) == count + 1)
    assert "Education" in Select(browser.find_element(By.ID, f"steps-{count - 1}-kind")).first_selected_option.text
    # ... moved up before the closing advice, from the keyboard; focus stays on the moved step's button.
    up = browser.find_element(By.CSS_SELECTOR, f'button[aria-label="Move step {count + 1} up"]')
    up.send_keys(Keys.ENTER)
    wait.until(lambda d: "Education" in Select(d.find_element(By.ID, f"steps-{count}-kind")).first_selected_option.text)
    assert browser.switch_to.active_element.get_attribute("aria-label") == f"Move step {count} up"
    assert browser.find_element(By.ID, "form-said").get_attribute("textContent") == \
        f"Step {count + 1} moved up: it is now step {count}."  # said to a screen reader
    moved = count - 1  # counted from 0, as the fields are named
    assert Select(browser.find_element(By.ID, f"steps-{moved}-kind")).first_selected_option.text == "Swedish massage"
    # Its 5 minutes take the session over the planned hour: an error, said of the planned duration.
    wait.until(lambda d: "has-errors" in d.find_element(By.CSS_SELECTOR, "#form-summary p").get_attribute("class"))
    assert "Duration" in text_of("#head-findings") and "PK201" in text_of("#head-findings")
    minutes = browser.find_element(By.ID, f"steps-{moved}-minutes")
    minutes.send_keys(Keys.CONTROL, "a")
    minutes.send_keys("2")
    assert browser.find_element(By.ID, f"steps-{moved}-words").text == "2 min"
    browser.find_element(By.ID, f"steps-{moved}-notes").send_keys(NEW_STEP_NOTE)
    wait.until(lambda d: checked_clean() and NEW_STEP_NOTE in d.find_element(By.ID, "text").get_property("value"))

    browser.find_element(By.ID, "save").click()
    wait.until(lambda d: text_of("#message") == "Saved.")
    saved = (folder / PROTOCOL).read_text()
    assert [line for line in saved.splitlines() if line.lstrip().startswith("#")] == comments
    # The file gained the new step and lost nothing: every line of the original is there, as it was.
    changes = [line for line in difflib.ndiff(original.splitlines(), saved.splitlines()) if line[:2] in ("- ", "+ ")]
    assert changes and all(line.startswith("+ ") for line in changes), changes
    assert any(NEW_STEP_NOTE in line for line in changes) and any("duration: 2m" in line for line in changes)

    # -- (b) a new intake, through its form -------------------------------------------------------
    browser.get(f"{base}/new/intake")
    wait.until(lambda d: d.find_elements(By.ID, "c0-condition"))
    browser.find_element(By.ID, "client").send_keys(CLIENT)
    browser.find_element(By.ID, "c0-condition").send_keys("Varicose veins")
    browser.find_element(By.ID, "c0-region").send_keys("calf")
    Select(browser.find_element(By.ID, "c0-side")).select_by_value("left")
    browser.find_element(By.ID, "notes").send_keys(f"Private: {SECRET}, told at the desk.")
    browser.find_element(By.CSS_SELECTOR, "#new-intake-form button[type=submit]").click()
    message = wait.until(lambda d: d.find_elements(By.ID, "saved-message"))[0]
    assert CLIENT in message.text
    intake = message.find_element(By.TAG_NAME, "code").text
    written = folder / intake
    assert SECRET in written.read_text() and "varicose-veins" in written.read_text()  # the note is kept ...
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert SECRET not in browser.page_source  # ... and shown nowhere

    # -- (c) a session composed through the Compose form, and saved --------------------------------
    browser.find_element(By.LINK_TEXT, "Compose").click()
    wait.until(lambda d: d.find_elements(By.ID, "compose-form"))
    duration = browser.find_element(By.ID, "duration")
    duration.clear()
    duration.send_keys("45m")
    browser.find_element(By.ID, "regions").send_keys("calf, hamstrings")
    for modality in ("swedish", "deep-tissue"):
        browser.find_element(By.CSS_SELECTOR, f'input[name="modalities"][value="{modality}"]').click()
    browser.find_element(By.ID, "compose-button").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#result .sheet"))
    composed = browser.find_element(By.ID, "save-name").get_attribute("value")
    browser.find_element(By.CSS_SELECTOR, "form.save button[type=submit]").click()
    wait.until(lambda d: "Saved as" in text_of("#save-area"))
    assert composed and (folder / composed).is_file()

    # -- (d) screened against the new intake: "adapt" ----------------------------------------------
    browser.find_element(By.LINK_TEXT, "Screen it for a client").click()
    wait.until(lambda d: d.find_elements(By.ID, "intake_file"))
    assert Select(browser.find_element(By.ID, "protocol")).first_selected_option.get_attribute("value") == composed
    Select(browser.find_element(By.ID, "intake_file")).select_by_value(intake)
    browser.find_element(By.CSS_SELECTOR, "form.screen button[type=submit]").click()
    verdict = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#verdict .verdict-word"))[0]
    assert verdict.text.lower() == "adapt" and CLIENT in text_of("#verdict")
    assert "calf" in text_of("ol.per-step").lower()

    # -- (e) adapted in one click: a new, unsaved file in the form, its changed steps marked; saved --
    browser.find_element(By.XPATH, '//button[normalize-space()="Adapt it for this client"]').click()
    adapted = f"{composed.removesuffix('.yaml')}-for-{CLIENT.lower()}.yaml"
    wait.until(lambda d: d.current_url.startswith(f"{base}/edit/{adapted}?draft="))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#message.adapted"))
    assert "left calf" in text_of("#message ul.changes")
    assert browser.find_elements(By.CSS_SELECTOR, "li.step.changed legend .tag")
    assert not (folder / adapted).exists(), "not saved until the user saves it"
    browser.find_element(By.ID, "save").click()
    wait.until(lambda d: text_of("#message") == "Saved.")
    assert stat.S_IMODE((folder / adapted).stat().st_mode) == 0o600  # it names the client
    assert CLIENT in (folder / adapted).read_text().splitlines()[0]

    # -- (f) the adapted protocol screens "go"; the client's sheet printed to PDF -------------------
    browser.find_element(By.LINK_TEXT, "Screen for a client").click()
    wait.until(lambda d: d.find_elements(By.ID, "intake_file"))
    assert Select(browser.find_element(By.ID, "protocol")).first_selected_option.get_attribute("value") == adapted
    Select(browser.find_element(By.ID, "intake_file")).select_by_value(intake)
    browser.find_element(By.CSS_SELECTOR, "form.screen button[type=submit]").click()
    verdict = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#verdict .verdict-word"))[0]
    assert verdict.text.lower() == "go"
    browser.find_element(By.XPATH, '//button[normalize-space()="Print for this client"]').click()
    sheet = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#client-print .client-print .sheet"))[0]
    assert CLIENT in sheet.text and SECRET not in browser.page_source
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    pdf = base64.b64decode(printed["data"])
    on_paper = pdf_text(pdf)
    assert on_paper.strip(), "the client's sheet printed as blank paper: nothing of it is on the PDF's pages"
    assert 2 <= len(pdf_pages(pdf)) <= 8, "the sheet's 25 steps, body map and advice on a few pages"
    assert re.search(rf"Screening for client {CLIENT}: go\b", on_paper, re.IGNORECASE), on_paper[:2000]
    assert "varicose-veins" in on_paper  # the condition, by its id; its notes and the intake's, never
    assert SECRET not in on_paper and SECRET.replace("-", "") not in on_paper.replace("-", "")
    # The page's print style prints the sheet alone, not the Screen page around it.
    for page_only in ("Screen a protocol against", "Session date", "Open the protocol in the editor",
                      "The sheet for client"):
        assert page_only not in on_paper


def pdf_text(pdf: bytes) -> str:
    """Every page's text, its runs of white space made one space."""
    from pypdf import PdfReader

    assert pdf.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
