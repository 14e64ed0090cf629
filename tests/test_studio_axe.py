"""axe-core in chromium over every page of the studio, the example folder loaded (issue 24, part 3).

axe-core is the npm package, pinned below and installed on first use into
build/node (see node_packages.py); nothing is fetched while a page is
checked.  Its script is injected through WebDriver, which the page's
content security policy does not govern (it governs the page's own
scripts), and ``axe.run`` reports each page's violations; any of impact
serious or critical fails the test, all of them named in one message.
The pages are the studio's GET routes that render a page (the downloads,
.ics, FHIR and style sheets, are not pages), plus the states the htmx
actions fill in: a screening's verdict and its client sheet, a composed
session and its saved message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .node_packages import installed, require_node
from .studio_pages import INTAKE, PAGES, PROTOCOL
from .test_studio_browser import WAIT, browser, studio  # noqa: F401  (fixtures)

VERSION = "4.14.1"
# axe's own defaults, the violations only: passes and incomplete checks would only slow each page down.
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(e => done({error: String(e)}));
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    require_node()
    return installed("axe-core", VERSION, "axe.min.js").read_text("utf-8")


def serious(browser: Any, axe_source: str, page: str) -> list[str]:  # noqa: F811
    """``page``'s serious and critical violations, one line each."""
    browser.execute_script(axe_source)
    found = browser.execute_async_script(RUN)
    assert not (isinstance(found, dict) and "error" in found), f"{page}: axe.run failed: {found}"
    return [f"{page}: {v['id']} ({v['impact']}: {v['help']}) at {'; '.join(v['targets'])}"
            for v in found if v["impact"] in ("serious", "critical")]


def opened(browser: Any, studio: tuple[str, Path]) -> str:  # noqa: F811
    """Open the start-up link (its token becomes a cookie); the studio's base URL."""
    url, _ = studio
    browser.get(url)
    browser.set_script_timeout(60)
    return "{0.scheme}://{0.netloc}".format(urlsplit(browser.current_url))


def loaded(browser: Any) -> None:  # noqa: F811
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && !document.querySelector('.htmx-request')"))


def test_no_page_has_a_serious_violation(browser: Any, studio: tuple[str, Path], axe_source: str) -> None:  # noqa: F811
    base = opened(browser, studio)
    failures = []
    for page in PAGES:
        browser.get(base + page)
        loaded(browser)
        assert browser.execute_script("return document.querySelector('main') !== null"), f"{page}: no main"
        failures += serious(browser, axe_source, page)
    # The check can fail: an image without a text alternative, added to the last page, is reported.
    browser.execute_script("document.querySelector('main').append(document.createElement('img'))")
    assert any(" image-alt " in line for line in serious(browser, axe_source, page))
    assert not failures, "serious or critical violations:\n" + "\n".join(failures)


def test_no_result_the_actions_fill_in_has_a_serious_violation(browser: Any, studio: tuple[str, Path],  # noqa: F811
                                                                axe_source: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base = opened(browser, studio)
    failures = []
    browser.get(f"{base}/screen?protocol={PROTOCOL}")
    Select(browser.find_element(By.ID, "intake_file")).select_by_value(INTAKE)
    browser.find_element(By.CSS_SELECTOR, "form.screen button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "verdict"))
    loaded(browser)
    failures += serious(browser, axe_source, "/screen, its verdict")
    browser.find_element(By.XPATH, "//button[normalize-space()='Print for this client']").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#client-print .sheet"))
    loaded(browser)
    failures += serious(browser, axe_source, "/screen, its client sheet")

    browser.get(f"{base}/compose")
    loaded(browser)
    duration = browser.find_element(By.ID, "duration")
    duration.clear()
    duration.send_keys("45m")
    browser.find_element(By.ID, "regions").send_keys("lower back, hamstrings")
    for modality in ("swedish", "deep-tissue"):
        browser.find_element(By.CSS_SELECTOR, f'input[name="modalities"][value="{modality}"]').click()
    browser.find_element(By.ID, "compose-button").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#result .sheet"))
    loaded(browser)
    failures += serious(browser, axe_source, "/compose, its session")
    browser.find_element(By.CSS_SELECTOR, "form.save button[type=submit]").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.ID, "save-message"))
    loaded(browser)
    failures += serious(browser, axe_source, "/compose, saved")
    assert not failures, "serious or critical violations:\n" + "\n".join(failures)
