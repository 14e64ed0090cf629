"""A programme director in a real browser: from the library to the example curriculum, its verdict against
every installed requirement profile, the advice for the module taught as one block, its handbook, and the
handbook's PDF (the one ``export CURRICULUM --to pdf`` prints), read back with pypdf.

Offline like every browser test here (the ``browser`` and ``studio`` fixtures of test_studio_browser); the
verdicts are computed through the very call ``curriculum report --against all`` makes, so a profile added
or changed cannot make the test lie.  What tests/test_handbook_words.py checks of the exported handbook
is checked here of the PDF the studio hands out.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from protocolkit.check.validation import ALL_PROFILES, curriculum_against, read_file, requirement_profiles
from protocolkit.cli import cli
from protocolkit.plugin.catalog import Catalog

from .test_studio_browser import WAIT, browser, studio  # noqa: F401  (fixtures)

PROGRAMME = "curricula/elap-style-programme.yaml"
BLOCK_TITLE = "Anatomy, physiology and kinesiology"  # the example's module taught as one block


def test_a_director_checks_the_programme_and_takes_its_handbook(browser: Any, studio: tuple[str, Path],  # noqa: F811
                                                                catalog: Catalog) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    pypdf = pytest.importorskip("pypdf")
    url, folder = studio
    document = read_file(str(folder / PROGRAMME), catalog).document
    assert document is not None
    _report, results = curriculum_against(document, catalog, requirement_profiles([ALL_PROFILES], catalog))
    by_id = {result.profile.id: result for result in results}
    assert by_id.keys() == catalog.requirements.keys(), "every installed profile is set against the curriculum"

    browser.get(url)  # the start-up link sets the token cookie and opens the library
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'a[href*="{PROGRAMME}"]'))
    browser.find_element(By.CSS_SELECTOR, f'a[href="/curriculum/{PROGRAMME}"]').click()
    matrix = WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "profiles"))

    rows = {row.get_attribute("id").removeprefix("profile-"): row.text
            for row in matrix.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert list(rows) == [result.profile.id for result in results]
    for profile_id, result in by_id.items():
        assert f"{result.profile.jurisdiction}: {'met' if result.met else 'not met'}" in rows[profile_id]
    for profile_id in ("texas", "florida"):
        if profile_id not in by_id:
            continue
        assert not by_id[profile_id].met and "not met" in rows[profile_id]
        for subject in by_id[profile_id].subjects:
            if not subject.met:  # what is short, by name
                assert subject.id in rows[profile_id]
        assert "the module \u201c" in rows[profile_id] or "module '" in rows[profile_id]  # the module to change
    if "texas" in by_id:
        texas = rows["texas"]
        # The anatomy module teaches anatomy, physiology and kinesiology as one block: not "no module teaches it".
        assert f"module '{BLOCK_TITLE}' teaches them in a" in texas and "block whose hours are not split" in texas
        assert re.search(r"subjects: \{anatomy: [\d.]+, physiology: [\d.]+, kinesiology: [\d.]+\}", texas), texas
        assert not re.search(r"of (anatomy|physiology|kinesiology) short: no module teaches it", texas)

    browser.find_element(By.ID, "handbook-link").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "body.print-page .handbook-cover"))
    # One page, one main and one title: the handbook's sheets are articles titled by an h2.
    assert len(browser.find_elements(By.TAG_NAME, "main")) == 1
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    sheets = browser.find_elements(By.CSS_SELECTOR, "main article.sheet")
    assert sheets and all(sheet.find_elements(By.CSS_SELECTOR, "header h2") for sheet in sheets)
    headers = [re.sub(r"\s+", " ", th.get_attribute("textContent")).strip()
               for th in browser.find_elements(By.CSS_SELECTOR, "table.coverage-matrix thead th")][1:]
    assert len(headers) == len(results)  # a column per installed profile, after the "subject" column

    # "Download PDF": fetched with the browser's own cookie, as the browser would save it.
    link = browser.find_element(By.ID, "handbook-pdf")
    assert link.text == "Download PDF"
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link.get_attribute("href"),  # noqa: S310 - the local studio
                                                       headers={"Cookie": cookie}), timeout=120) as answer:
        assert answer.headers["Content-Type"] == "application/pdf"
        assert "attachment" in answer.headers["Content-Disposition"]
        data = answer.read()
    assert data.startswith(b"%PDF-")
    studio_pdf = folder.parent / "studio-handbook.pdf"
    studio_pdf.write_bytes(data)
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(studio_pdf).pages]

    # The same handbook as the export command prints (a PDF's bytes carry its printing time; its text does not).
    from click.testing import CliRunner

    exported = folder.parent / "exported-handbook.pdf"
    result = CliRunner().invoke(cli, ["export", str(folder / PROGRAMME), "--to", "pdf", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert pages == [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(exported).pages]

    # Read on paper: the matrix headers are whole words, and no terminal command is named.
    cover = " ".join(pages[:3]).casefold().replace("\N{NON-BREAKING HYPHEN}", "-")
    for header in headers:  # wrapped between words it reads the same; broken inside a word it does not
        assert header.casefold().replace("\N{NON-BREAKING HYPHEN}", "-") in cover, header
    text = " ".join(pages)
    commands = "|".join(re.escape(name) for name in cli.commands)
    assert not re.search(rf"protocolkit ({commands})\b", text)
    assert "--against" not in text
