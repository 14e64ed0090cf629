"""The catalog's search box and its anchors: every condition, region and rule can be linked to, and the box is
labelled, announced politely and driven by a deferred script of the studio's own (the CSP allows no other).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from protocolkit.plugin.catalog import Catalog
from protocolkit.report.describe import all_conditions
from protocolkit.studio.app import create_app

from .conftest import EXAMPLES
from .test_studio_browser import WAIT, browser, studio  # noqa: F401 (the browser tests' fixtures)

TOKEN = "test-token-123"
HOST = "testserver"


@pytest.fixture()
def page(tmp_path: Path, catalog: Catalog) -> str:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    client = TestClient(create_app(tmp_path / "examples", catalog, token=TOKEN, allowed_hosts={HOST}),
                        headers={"Authorization": f"Bearer {TOKEN}"})
    response = client.get("/catalog")
    assert response.status_code == 200
    return response.text


def ids_in(page: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', page)


def test_every_condition_region_and_rule_has_its_anchor(page: str, catalog: Catalog) -> None:
    ids = ids_in(page)
    assert len(ids) == len(set(ids)), "an anchor is given twice"
    for condition in all_conditions(catalog):
        assert f"condition-{condition.id}" in ids
        row = page[page.index(f'id="condition-{condition.id}"'):].split("</tr>")[0]
        assert f"<code>{condition.id}</code>" in row
    for region in catalog.regions:
        assert f"region-{region.id}" in ids
    for rule in catalog.rules.values():
        assert f"rule-{rule.code}" in ids
    # What the search filters: each entry is marked, and nothing else is.
    marked = [found for tag in re.findall(r"<(?:tr|article)\b[^>]*\sdata-search-entry[^>]*>", page)
              for found in re.findall(r'\sid="([^"]+)"', tag)]
    assert sorted(marked) == sorted(i for i in ids if i.split("-")[0] in
                                    {"modality", "technique", "region", "condition", "rule"})


def test_the_search_box_is_labelled_and_its_script_deferred_with_no_inline_script(page: str) -> None:
    form = re.search(r'<form class="catalog-search"[^>]*>.*?</form>', page, re.S)
    assert form is not None and 'role="search"' in form.group(0)
    assert " hidden" in form.group(0).split(">")[0], "without script the box would do nothing: it starts hidden"
    assert '<label for="catalog-search">' in form.group(0) and 'id="catalog-search"' in form.group(0)
    assert 'type="search"' in form.group(0)
    status = re.search(r'<p [^>]*id="catalog-search-status"[^>]*>', form.group(0))
    assert status is not None and 'aria-live="polite"' in status.group(0) and 'role="status"' in status.group(0)
    assert re.search(r'<script src="/static/catalog_search\.js" defer></script>', page)
    assert '<link rel="stylesheet" href="/static/catalog_search.css">' in page
    for script in re.findall(r"<script\b[^>]*>", page):
        assert ' src="/static/' in script
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", page), "an inline script"
    assert " style=" not in page and "<style" not in page and " on" + "input=" not in page


def test_the_static_files_are_served(tmp_path: Path, catalog: Catalog) -> None:
    client = TestClient(create_app(tmp_path, catalog, token=TOKEN, allowed_hosts={HOST}),
                        headers={"Authorization": f"Bearer {TOKEN}"})
    for name in ("catalog_search.js", "catalog_search.css"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and "http" not in response.text  # reaches nothing outside


def test_typing_preg_leaves_the_pregnancy_condition_and_hides_the_rest(browser: Any,  # noqa: F811
                                                                        studio: tuple[str, Path]) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    started = time.monotonic()
    url, _ = studio
    browser.get(url)  # the start-up link sets the token's cookie
    browser.get(url.split("/?")[0] + "/catalog")
    box = WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "catalog-search"))
    WebDriverWait(browser, WAIT).until(lambda d: box.is_displayed())
    pregnancy = browser.find_element(By.ID, "condition-pregnancy")
    unrelated = browser.find_element(By.CSS_SELECTOR, "#rules tbody tr")
    box.click()
    box.send_keys("preg")
    WebDriverWait(browser, WAIT).until(lambda d: not unrelated.is_displayed())
    browser.execute_script("arguments[0].scrollIntoView()", pregnancy)
    assert pregnancy.is_displayed()
    status = browser.find_element(By.ID, "catalog-search-status")
    WebDriverWait(browser, WAIT).until(lambda d: re.fullmatch(r"\d+ matches|1 match", status.text))
    shown = len([e for e in browser.find_elements(By.CSS_SELECTOR, "[data-search-entry]") if e.is_displayed()])
    assert status.text in (f"{shown} matches", "1 match")
    box.send_keys(Keys.ESCAPE)  # from the keyboard, the search is cleared and everything comes back
    WebDriverWait(browser, WAIT).until(lambda d: unrelated.is_displayed())
    assert box.get_attribute("value") == ""
    assert time.monotonic() - started < 10
