"""The studio in a real browser: Debian's chromium driven through its chromium-driver by selenium.

The tests find /usr/bin/chromium and /usr/bin/chromedriver and never
download a browser or a driver (selenium is kept offline). They skip on a
developer's machine without them and fail in CI (``CI`` set), where
.ci/run installs both, so a CI that lost its browser cannot pass quietly.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import EXAMPLES
from .studio_server import running_studio

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
TOKEN = "browser-test-token"
WAIT = 15  # seconds an expected change on the page may take, at most


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (CHROMIUM.exists() and DRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are not installed, and CI must install them (see .ci/run)")
        pytest.skip("chromium or chromium-driver is not installed (apt-get install chromium chromium-driver); "
                    "CI runs these tests")
    os.environ["SE_OFFLINE"] = "true"  # selenium must never fetch a browser or a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="protocolkit-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1200,1000", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture()
def studio(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`protocolkit serve` over a copy of the examples: its printed start-up URL, and the folder."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    with running_studio(folder, TOKEN, wait=WAIT) as line:
        yield line.removeprefix("protocolkit studio: "), folder


def test_type_a_mistake_see_its_finding_fix_it_and_save(browser: Any, studio: tuple[str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    url, folder = studio
    original = (folder / "reflexology-45.yaml").read_text()
    browser.get(url)  # the start-up link: its token becomes a cookie and leaves the address
    assert "token=" not in browser.current_url
    assert "reflexology-45.yaml" in browser.find_element(By.TAG_NAME, "table").text
    browser.find_element(By.LINK_TEXT, "Reflexology for feet and hands").click()
    # A protocol opens in the form; its text is the Text tab's.
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "tab-text"))[0].click()
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script(
        "const box = document.getElementById('text'); return box !== null && box.offsetParent !== null"))
    WebDriverWait(browser, WAIT).until(lambda d: "No findings" in d.find_element(By.ID, "findings").text)

    editor = browser.find_element(By.ID, "text")
    editor.click()
    editor.send_keys(Keys.CONTROL, Keys.END)
    mistake = "bogus-key: 1"
    editor.send_keys(mistake)  # typed onto the file's last line, which now ends in the mistake
    last_line = len(original.rstrip("\n").splitlines()) + (0 if original.endswith("\n") else 1)
    found = WebDriverWait(browser, WAIT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li[data-line]"))
    assert "PK00" in found[0].text and found[0].get_attribute("data-line") in (str(last_line), str(last_line + 1))

    editor.send_keys(Keys.BACKSPACE * len(mistake))  # fixed again: the finding goes
    WebDriverWait(browser, WAIT).until(lambda d: "No findings" in d.find_element(By.ID, "findings").text)

    browser.find_element(By.CSS_SELECTOR, "form.editor button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "message"))
    assert browser.find_element(By.ID, "message").text == "Saved."
    assert (folder / "reflexology-45.yaml").read_text().rstrip("\n") == original.rstrip("\n")


def test_compose_a_session_through_the_form_save_it_and_print_its_sheet(browser: Any,
                                                                         studio: tuple[str, Path]) -> None:
    import base64

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from .conftest import A4
    from .test_export_browser import pdf_pages

    url, folder = studio
    browser.get(url)
    browser.find_element(By.LINK_TEXT, "Compose").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "compose-form"))
    duration = browser.find_element(By.ID, "duration")
    duration.clear()
    duration.send_keys("45m")
    browser.find_element(By.ID, "regions").send_keys("lower back, hamstrings")
    for modality in ("swedish", "deep-tissue"):
        browser.find_element(By.CSS_SELECTOR, f'input[name="modalities"][value="{modality}"]').click()
    browser.find_element(By.ID, "compose-button").click()
    sheet = WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#result .sheet"))[0]
    techniques = [cell.text for cell in sheet.find_elements(By.CSS_SELECTOR, "table.steps .technique")]
    assert techniques and "Effleurage" in techniques

    name = browser.find_element(By.ID, "save-name").get_attribute("value")
    browser.find_element(By.CSS_SELECTOR, "form.save button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda d: "Saved as" in d.find_element(By.ID, "save-area").text)
    assert name and (folder / name).read_text().startswith("# Composed in protocolkit studio")

    browser.find_element(By.LINK_TEXT, "Open it in the editor").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#sheet-view .sheet"))
    browser.find_element(By.LINK_TEXT, "Print the sheet").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "body.print-page main.sheet"))
    # The browser's own print to PDF, the page's @page size honoured as in the print dialog.
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    pdf = base64.b64decode(printed["data"])
    pages = pdf_pages(pdf)
    # with the body map, assessment, education and each leg in turn: 5 pages measured
    assert pdf.startswith(b"%PDF-") and 1 <= len(pages) <= 5, pages
    for width, height in pages:
        assert width == pytest.approx(A4[0], abs=2) and height == pytest.approx(A4[1], abs=2)


def test_compose_asks_a_side_for_each_region_typed_and_says_a_mistake_beside_its_field(
        browser: Any, studio: tuple[str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, _ = studio
    browser.get(url)
    browser.find_element(By.LINK_TEXT, "Compose").click()
    regions = WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "regions"))
    regions.send_keys("lower back, hamstrings:rigth")
    browser.find_element(By.CSS_SELECTOR, 'input[name="modalities"][value="swedish"]').click()
    browser.find_element(By.ID, "compose-button").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "refusal"))
    said = browser.find_element(By.ID, "regions-error").text
    assert "'rigth' is not a side" in said and regions.get_attribute("aria-invalid") == "true"
    assert regions.get_property("value") == "lower back, hamstrings:rigth", "what was typed stays"

    regions.clear()
    regions.send_keys("lower back, hamstrings")  # the rows follow as it is typed, and the message goes
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "side-posterior-thigh")
                                       and not d.find_element(By.ID, "regions-error").text)
    assert regions.get_attribute("aria-invalid") is None
    Select(browser.find_element(By.ID, "side-posterior-thigh")).select_by_visible_text("right side only")
    Select(browser.find_element(By.ID, "focus")).select_by_visible_text("Back of the thigh")
    browser.find_element(By.ID, "compose-button").click()
    sheet = WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#result .sheet"))[0]
    assert "Back of the thigh (right)" in sheet.text and "Back of the thigh (left)" not in sheet.text
    assert Select(browser.find_element(By.ID, "focus")).first_selected_option.text == "Back of the thigh"


def test_screen_an_uploaded_intake_verdict_first(browser: Any, studio: tuple[str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url, folder = studio
    before = sorted((p.relative_to(folder), p.stat().st_mtime_ns) for p in folder.rglob("*"))
    browser.get(url)
    browser.find_element(By.LINK_TEXT, "Screen").click()
    Select(WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "protocol"))).select_by_value(
        "upper-back-deep-tissue-60.yaml")
    upload = browser.find_element(By.ID, "intake_upload")
    upload.send_keys(str(folder / "intakes" / "c-0420-fever.yaml"))  # read into the box by the page
    WebDriverWait(browser, WAIT).until(lambda d: "C-0420" in d.find_element(By.ID, "intake_text").get_property("value"))
    browser.find_element(By.CSS_SELECTOR, "form.screen button[type=submit]").click()
    verdict = WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#verdict .verdict-word"))
    assert verdict[0].text.lower() == "do not treat"
    assert float(verdict[0].value_of_css_property("font-size").removesuffix("px")) >= 32  # large type
    assert "C-0420" in browser.find_element(By.ID, "intake_text").get_property("value"), "the box keeps the text"
    assert sorted((p.relative_to(folder), p.stat().st_mtime_ns) for p in folder.rglob("*")) == before
