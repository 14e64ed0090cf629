"""The studio on a phone: at 390 px wide no page scrolls sideways (issue 24, part 4).

One browser, emulating a 390x844 phone through DevTools, visits every page of
the studio over the examples and checks that the document is no wider than
the screen; every page that scrolls sideways is named in the one failure.
On a phone the sheet shows its narrow timeline (each step's words on a line
above its bar) instead of the wide one, whose labels sit in a gutter: every
label is at least 10 px tall and inside the picture, never cut off at the
screen's edge.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .studio_pages import PAGES
from .test_studio_browser import WAIT, browser, studio  # noqa: F401  (fixtures)

WIDTH_SCRIPT = """
const root = document.documentElement;
const wide = [];
if (root.scrollWidth > root.clientWidth + 1) {
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > root.clientWidth + 1 && el.offsetParent !== null) {
      let name = el.tagName.toLowerCase();
      if (el.id) name += '#' + el.id;
      if (el.classList.length) name += '.' + [...el.classList].join('.');
      wide.push(name + ' (right ' + Math.round(box.right) + ')');
      if (wide.length >= 4) break;
    }
  }
}
return [root.scrollWidth, root.clientWidth, wide];
"""


def test_no_page_scrolls_sideways_at_phone_width(browser: Any, studio: tuple[str, str]) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _folder = studio
    browser.get(url)  # the start-up link sets the token cookie
    base = "{0.scheme}://{0.netloc}".format(urlsplit(browser.current_url))
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    try:
        failures = []
        for page in PAGES:
            browser.get(base + page)
            WebDriverWait(browser, WAIT).until(
                lambda d: d.execute_script("return document.readyState") == "complete")
            assert browser.find_elements(By.TAG_NAME, "main"), f"{page}: no main element"
            scroll, client, wide = browser.execute_script(WIDTH_SCRIPT)
            assert client <= 400, f"{page}: the page is {client} px wide, not a phone's 390"
            if page.startswith("/sheet/"):
                failures += _timeline_on_a_phone(browser, page)
            if scroll > client + 1:
                failures.append(f"{page}: scrolls to {scroll} px on a {client} px screen; too wide: "
                                + ", ".join(wide))
        assert not failures, "pages that scroll sideways at 390 px:\n" + "\n".join(failures)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


TIMELINE_SCRIPT = """
const shown = [...document.querySelectorAll('svg#timeline, svg.timeline-narrow')]
  .filter(svg => svg.getBoundingClientRect().width > 0).map(svg => svg.id);
const narrow = document.querySelector('svg.timeline-narrow');
if (!narrow) return [shown, null, []];
const box = narrow.getBoundingClientRect();
const texts = [...narrow.querySelectorAll('text')].map(t => t.getBoundingClientRect());
const outside = texts.filter(r => r.right > box.right + 1 || r.left < box.left - 1).length;
return [shown, texts.length ? Math.min(...texts.map(r => r.height)) : null, outside];
"""


def _timeline_on_a_phone(driver: Any, page: str) -> list[str]:
    """What is wrong with the sheet's timeline at phone width: the wide one showing, small or cut-off words."""
    shown, smallest, outside = driver.execute_script(TIMELINE_SCRIPT)
    failures = []
    if shown != ["timeline-narrow"]:
        failures.append(f"{page}: the timelines showing are {shown}, not the narrow one alone")
    if smallest is None or smallest < 10:
        failures.append(f"{page}: the narrow timeline's smallest label is {smallest} px tall (at least 10)")
    if outside:
        failures.append(f"{page}: {outside} labels of the narrow timeline run past the picture's edge")
    # the steps table stacks: each row a block, each cell said under its column's name
    row, said = driver.execute_script(
        "const td = document.querySelector('.steps td.region');"
        "return [getComputedStyle(td.parentElement).display, getComputedStyle(td, '::before').content];")
    if row != "block" or said != '"Region: "':
        failures.append(f"{page}: the steps table does not stack (row {row}, a cell's name {said})")
    return failures
