"""The studio's curriculum page against every installed requirement profile, and its printable handbook.

The verdicts are computed here through the very call ``curriculum report
--against all`` makes (``curriculum_against`` over ``requirement_profiles(["all"])``),
so that installing another profile or changing the example cannot make these tests lie.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from protocolkit.check.requirements import ProfileResult
from protocolkit.check.validation import ALL_PROFILES, curriculum_against, read_file, requirement_profiles
from protocolkit.plugin.catalog import Catalog

from .studio_clients import examples_copy, with_bearer

TOKEN = "test-token-123"
PROGRAMME = "curricula/elap-style-programme.yaml"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return examples_copy(tmp_path)


@pytest.fixture()
def client(folder: Path, catalog: Catalog) -> TestClient:
    return with_bearer(folder, catalog, TOKEN)


def words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def results_of(path: Path, catalog: Catalog) -> list[ProfileResult]:
    document = read_file(str(path), catalog).document
    assert document is not None
    _report, results = curriculum_against(document, catalog, requirement_profiles([ALL_PROFILES], catalog))
    return results


def profile_rows(page: str) -> dict[str, str]:
    """Each profile's row in the profiles table, by profile id, as the words a reader sees."""
    table = page[page.index('<table class="reference profiles"'):]
    table = table[:table.index("</table>")]
    return {match[1]: words(match[2]) for match in re.finditer(r'<tr id="profile-([^"]+)"[^>]*>(.*?)</tr>', table,
                                                              re.S)}


def test_every_installed_profile_is_listed_with_the_reports_verdict(client: TestClient, folder: Path,
                                                                      catalog: Catalog) -> None:
    results = results_of(folder / PROGRAMME, catalog)
    assert results, "the example needs at least one installed requirement profile"
    response = client.get(f"/curriculum/{PROGRAMME}")
    assert response.status_code == 200
    page = response.text
    assert "<caption>" in page and '<th scope="row">' in page
    rows = profile_rows(page)
    assert list(rows) == [result.profile.id for result in results]
    for result in results:
        verdict = "met" if result.met else "not met"
        assert f"{result.profile.jurisdiction}: {verdict}" in rows[result.profile.id]
        if result.met:
            assert "Nothing is short" in rows[result.profile.id]
    qualifies = [result.profile.jurisdiction for result in results if result.met]
    assert all(jurisdiction in words(page[page.index('id="qualifies"'):]) for jurisdiction in qualifies)


@pytest.mark.parametrize("profile_id", ["texas", "florida"])
def test_texas_and_florida_say_what_is_short_and_where(client: TestClient, folder: Path, catalog: Catalog,
                                                      profile_id: str) -> None:
    results = {result.profile.id: result for result in results_of(folder / PROGRAMME, catalog)}
    if profile_id not in results:
        pytest.skip(f"no '{profile_id}' profile installed")
    result = results[profile_id]
    row = profile_rows(client.get(f"/curriculum/{PROGRAMME}").text)[profile_id]
    assert (f"{result.profile.jurisdiction}: not met" in row) == (not result.met)
    for subject in result.subjects:
        if not subject.met:
            assert subject.id in row
    if not result.met:
        # a short subject taught somewhere names the module to change
        assert "short" in row or "not taught" in row or "Rule not kept" in row
        assert "protocolkit " not in row  # words for a director, no terminal commands


def test_the_handbook_link_gives_the_printable_handbook(client: TestClient, folder: Path) -> None:
    page = client.get(f"/curriculum/{PROGRAMME}").text
    link = re.search(r'<a href="([^"]+)" id="handbook-link">Print handbook</a>', page)
    assert link is not None
    response = client.get(link[1])
    assert response.status_code == 200
    title = read_title(folder / PROGRAMME)
    assert f"<h1>{html.escape(title, quote=False)}</h1>" in response.text
    assert "data-print" in response.text and 'class="handbook-cover"' in response.text
    # The studio's policy: no inline style or script on the page; the style sheet is served beside it.
    assert "<style" not in response.text and " style=" not in response.text
    assert not re.search(r"<script(?![^>]*\ssrc=)", response.text)
    style = client.get("/handbook.css?paper=letter")
    assert style.status_code == 200 and "letter" in style.text.lower() and ".handbook-cover" in style.text


def test_a_curriculum_with_errors_has_no_handbook(client: TestClient, folder: Path) -> None:
    (folder / "broken-curriculum.yaml").write_text("protocolkit: 1\nkind: curriculum\nid: x\n", encoding="utf-8")
    response = client.get("/handbook/broken-curriculum.yaml")
    assert response.status_code == 422 and "has errors" in response.text and "Traceback" not in response.text
    assert client.get("/handbook/../outside.yaml").status_code in (403, 404)


def read_title(path: Path) -> str:
    from ruamel.yaml import YAML

    return str(YAML(typ="safe").load(path.read_text(encoding="utf-8"))["title"])
