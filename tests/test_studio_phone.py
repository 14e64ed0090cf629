"""The studio on a phone: at 390 px wide no page scrolls sideways (issue 24, part 4).

One browser, emulating a 390x844 phone through DevTools, visits every page of
the studio over the examples and checks that the document is no wider than
the screen; every page that scrolls sideways is named in the one failure.
The sheet's timeline must keep labels readable: never smaller than 9 px.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .test_studio_browser import WAIT, browser, studio  # noqa: F401  (fixtures)

PROTOCOL = "reflexology-45.yaml"
PAGES = (
    "/",
    "/compose",
    "/screen",
    "/catalog",
    "/rules",
    "/rules/PK404",
    "/new/protocol",
    "/new/intake",
    f"/edit/{PROTOCOL}",
    f"/edit/{PROTOCOL}?view=text",
    f"/sheet/{PROTOCOL}",
    "/curriculum/curricula/elap-style-programme.yaml",
)

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
                # the timeline scales down only so far: its labels stay readable, and a chart wider
                # than the screen scrolls inside its own figure
                smallest = browser.execute_script(
                    "const t = [...document.querySelectorAll('#timeline text')];"
                    "return t.length ? Math.min(...t.map(e => e.getBoundingClientRect().height)) : null;")
                if smallest is None or smallest < 9:
                    failures.append(f"{page}: the timeline's smallest label is {smallest} px tall (at least 9)")
            if scroll > client + 1:
                failures.append(f"{page}: scrolls to {scroll} px on a {client} px screen; too wide: "
                                + ", ".join(wide))
        assert not failures, "pages that scroll sideways at 390 px:\n" + "\n".join(failures)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
