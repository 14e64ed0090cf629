"""The studio's reference pages: the catalog of the installed plugins, and a curriculum's hours report.

Every expectation is read from the library (the Catalog, the curriculum
report, validate) rather than written out here, so that installing another
plugin or changing the example curriculum cannot make these tests lie.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from protocolkit.check.curriculum import CurriculumReport, format_hours, meets
from protocolkit.check.validation import curriculum_report, read_file, validate_file
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.report.describe import all_conditions
from protocolkit.studio.app import create_app
from protocolkit.studio.reference import SECTIONS, catalog_data

from .conftest import EXAMPLES

TOKEN = "test-token-123"
HOST = "testserver"
PROGRAMME = "curricula/elap-style-programme.yaml"

# A curriculum one module short of what it asks for, its title written to be escaped.
SHORT_COURSE = """\
protocolkit: 1
kind: curriculum
id: short-course
title: A short <course> & its hours
requirements:
  total-hours: 100
  subjects: {massage-theory: 8, pathology: 12}
  modalities: {swedish: 4}
modules:
  - id: theory
    title: Theory
    subject: massage-theory
    contact-hours: 10
    topics:
      - {title: History, hours: 4}
      - {title: Effects on the body, hours: 6}
"""

# A plugin the installed ones know nothing of, every text of it written to be escaped.
EXTRA_PLUGIN = """\
from protocolkit import (Condition, DurationRange, Modality, Pressure, PressureRange, Rule, Technique,
                         TechniqueUse, hookimpl)


@hookimpl
def protocolkit_register_techniques(register):
    register(Technique("studio-test-glide", "Glide <b>slowly</b>", "A stroke & <i>nothing</i> more.",
                       PressureRange.of(1, 2), DurationRange.of("30s", "5m"), "yes"))


@hookimpl
def protocolkit_register_modalities(register):
    register(Modality("studio-test-work", "Studio <script>alert(1)</script> work", "Only for a test & no one else.",
                      [TechniqueUse("studio-test-glide"), TechniqueUse("effleurage")]))


@hookimpl
def protocolkit_register_conditions(register):
    register(Condition("studio-test-bruise", "Test <bruise>", "caution", "Because <reasons>.",
                       max_pressure=Pressure(2)))


@hookimpl
def protocolkit_register_rules(register):
    register(Rule("STU001", "warning", "a <test> rule that finds nothing", check=lambda protocol, catalog: []))
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


def signed_in(folder: Path, catalog: Catalog, **options: bool) -> TestClient:
    return TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={HOST}, **options),
                      headers={"Authorization": f"Bearer {TOKEN}"})


@pytest.fixture()
def client(folder: Path, catalog: Catalog) -> TestClient:
    return signed_in(folder, catalog)


def text_of(page: str) -> str:
    """The words a reader sees in the page's main part, entities decoded and spaces collapsed."""
    main = page[page.index('<main id="content"'):]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def assert_a_plain_page(page: str) -> None:
    """Words for people: no traceback, no raw JSON, nothing the content security policy would block."""
    assert "Traceback" not in page and '{"' not in page.split('<main id="content"', 1)[1]
    assert not re.search(r"<script(?![^>]*\ssrc=)", page) and " style=" not in page and "<style" not in page


# -- the catalog ---------------------------------------------------------------------------------------

def test_the_catalog_page_lists_everything_the_plugins_installed(client: TestClient, catalog: Catalog) -> None:
    response = client.get("/catalog")
    assert response.status_code == 200
    page = response.text
    assert_a_plain_page(page)
    for anchor in SECTIONS:
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    for modality in catalog.modalities.values():
        assert f'id="modality-{modality.id}"' in page and escape(modality.name) in page
        assert f"from plugin {escape(catalog.modalities.owner(modality.id))}" in page
    for technique in catalog.techniques.values():
        assert f'id="technique-{technique.id}"' in page and escape(technique.name) in page
    for region in catalog.regions:
        assert f'id="region-{region.id}"' in page
        if region.endangerment:
            assert escape(region.endangerment) in page
            row = page[page.index(f'id="region-{region.id}"'):].split("</tr>")[0]
            assert region.allowance is not None and region.within is not None
            assert " or ".join(region.allowance.techniques) in row and region.within.replace("-", " ") in row
    for condition in all_conditions(catalog):
        assert f"<code>{condition.id}</code>" in page and escape(condition.restriction) in page
    for rule in catalog.rules.values():
        assert f'id="rule-{rule.code}"' in page and escape(rule.summary) in page


def test_the_catalog_page_reads_what_the_api_answers(client: TestClient, catalog: Catalog) -> None:
    assert client.get("/api/catalog").json() == json.loads(json.dumps(catalog_data(catalog)))
    words = text_of(client.get("/catalog").text)
    counts = {key: len(items) for key, items in catalog_data(catalog).items()}
    for key, heading in SECTIONS.items():
        assert f"{heading} ({counts[key]})" in words


def test_a_plugin_added_at_runtime_shows_up_escaped(folder: Path, tmp_path: Path) -> None:
    module = tmp_path / "studio_extra_plugin.py"
    module.write_text(EXTRA_PLUGIN)
    warnings: list[str] = []
    extended = load_catalog(local_modules=[str(module)], environ={}, warn=warnings.append)
    assert warnings == [] and "studio-test-work" in extended.modalities
    response = signed_in(folder, extended).get("/catalog")
    assert response.status_code == 200
    page = response.text
    assert_a_plain_page(page)
    assert 'id="modality-studio-test-work"' in page and 'id="technique-studio-test-glide"' in page
    assert 'id="rule-STU001"' in page and "<code>studio-test-bruise</code>" in page
    assert "Studio &lt;script&gt;alert(1)&lt;/script&gt; work" in page and "<script>alert" not in page
    assert "Glide &lt;b&gt;slowly&lt;/b&gt;" in page and "A stroke &amp; &lt;i&gt;nothing&lt;/i&gt; more." in page
    assert "Test &lt;bruise&gt;" in page and "a &lt;test&gt; rule that finds nothing" in page
    words = text_of(page)
    assert "Studio <script>alert(1)</script> work studio-test-work , from plugin studio_extra_plugin" in words
    assert "pressure 2 or less" in words  # what the condition restricts, in the library's words


# -- a curriculum --------------------------------------------------------------------------------------

def report_of(path: Path, catalog: Catalog) -> CurriculumReport:
    document = read_file(str(path), catalog).document
    assert document is not None
    report = curriculum_report(document, catalog)
    assert isinstance(report, CurriculumReport), report
    return report


def requirement_rows(page: str) -> list[tuple[str, str]]:
    """(requirement, verdict) for each row of the page's requirements table."""
    rows = re.findall(r'<tr class="(?:met|unmet)">\s*<td>(.*?)</td>.*?<td class="verdict">(.*?)</td>', page, re.S)
    return [(html.unescape(name), html.unescape(verdict)) for name, verdict in rows]


def expected_verdicts(report: CurriculumReport) -> list[str]:
    return ["met" if meets(actual, required) else f"not met: short by {format_hours(required - actual)} h"
            for _kind, _name, required, actual in report.requirements()]


def test_the_example_curriculum_shows_its_hours_and_requirements(client: TestClient, folder: Path,
                                                                 catalog: Catalog) -> None:
    response = client.get(f"/curriculum/{PROGRAMME}")
    assert response.status_code == 200
    page = response.text
    assert_a_plain_page(page)
    report = report_of(folder / PROGRAMME, catalog)
    words = text_of(page)
    hours = report.hours
    assert (f"{format_hours(hours.total)} hours in all: {format_hours(hours.contact)} contact hours and "
            f"{format_hours(hours.clinic)} supervised clinic hours") in words
    rows = requirement_rows(page)
    assert [verdict for _name, verdict in rows] == expected_verdicts(report) and rows
    for subject, value in hours.by_subject.items():
        assert f"{subject} {format_hours(value)} h" in words
    for modality, value in hours.by_modality.items():
        assert f"{catalog.modalities[modality].name} {format_hours(value)} h" in words
    for topic in report.data["modules"][0]["topics"]:
        assert f"{topic['title']}: {format_hours(topic['hours'])} h" in words
    assert f'href="/edit/{PROGRAMME}"' in page
    assert "No findings" in words and validate_file(str(folder / PROGRAMME), catalog).findings == []


def test_an_unmet_requirement_is_said_in_words_with_its_findings(client: TestClient, folder: Path,
                                                                 catalog: Catalog) -> None:
    path = folder / "short course.yaml"
    path.write_text(SHORT_COURSE)
    response = client.get("/curriculum/short%20course.yaml")
    assert response.status_code == 200
    page = response.text
    assert_a_plain_page(page)
    assert "A short &lt;course&gt; &amp; its hours" in page and "<course>" not in page
    report = report_of(path, catalog)
    verdicts = expected_verdicts(report)
    assert [verdict for _name, verdict in requirement_rows(page)] == verdicts
    assert "met" in verdicts and "not met: short by 90 h" in verdicts and "not met: short by 12 h" in verdicts
    assert ("Modality: Swedish massage", "not met: short by 4 h") in requirement_rows(page)
    # The findings are exactly the ones validate gives for the file, at the same lines.
    expected = validate_file(str(path), catalog).findings
    shown = re.findall(r'data-line="(\d+)">.*?<code>(\w+)</code></a> <span class="severity">(\w+):</span>', page,
                       re.S)
    assert 'href="/rules/PK504"' in page  # each code leads to its rule's page
    assert expected and shown == [(str(f.line), f.code, f.severity) for f in expected]
    assert 'href="/edit/short%20course.yaml"' in page


def test_a_curriculum_the_schema_refuses_has_findings_and_no_report(client: TestClient, folder: Path) -> None:
    (folder / "half.yaml").write_text("protocolkit: 1\nkind: curriculum\nid: half\ntitle: Half\n")
    response = client.get("/curriculum/half.yaml")
    assert response.status_code == 200
    assert "no hours report until the errors below are fixed" in response.text and "PK001" in response.text


# -- refusals --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "status", "words"), [
    ("..%2Foutside.yaml", 403, "must stay inside the studio's folder"),
    ("curricula%2F..%2F..%2Foutside.yaml", 403, "must stay inside the studio's folder"),
    ("link/outside.yaml", 403, "must stay inside the studio's folder"),
    ("%2Fetc%2Foutside.yaml", 403, "must stay inside the studio's folder"),
    ("notes.txt", 403, "only documents"),
    ("missing.yaml", 404, "There is no such document in the studio's folder."),
    ("curricula", 403, "only documents"),
])
def test_paths_out_of_the_folder_and_missing_files_are_refused(client: TestClient, folder: Path, path: str,
                                                               status: int, words: str) -> None:
    (folder.parent / "outside.yaml").write_text(SHORT_COURSE.replace("A short", "An outside"))
    (folder / "link").symlink_to(folder.parent)
    (folder / "notes.txt").write_text(SHORT_COURSE)
    response = client.get(f"/curriculum/{path}")
    assert response.status_code == status, response.text
    assert words in html.unescape(response.text)
    assert "outside &lt;course&gt;" not in response.text and "hours in all" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("path", ["reflexology-45.yaml", "intakes/c-0042-varicose-anticoagulants.yaml",
                                  "modalities/hot-stone.yaml"])
def test_a_document_that_is_not_a_curriculum_is_refused_with_a_link_to_the_editor(client: TestClient,
                                                                                  path: str) -> None:
    response = client.get(f"/curriculum/{path}")
    assert response.status_code == 422
    assert "This file is not a curriculum" in text_of(response.text) and f'href="/edit/{path}"' in response.text
    assert_a_plain_page(response.text)
    assert "bruises easily" not in response.text  # nothing an intake says about its client reaches the page


def test_a_file_that_does_not_parse_is_refused_with_its_finding(client: TestClient, folder: Path) -> None:
    (folder / "broken.yaml").write_text("protocolkit: 1\nkind: curriculum\nmodules: [\n")
    response = client.get("/curriculum/broken.yaml")
    assert response.status_code == 422
    words = text_of(response.text)
    assert "cannot be read as YAML or JSON" in words and "PK002" in words
    assert 'href="/edit/broken.yaml"' in response.text and "Traceback" not in response.text


def test_a_failure_inside_is_words_not_a_traceback(folder: Path, catalog: Catalog,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import protocolkit.check.validation as validation

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(validation, "check", broken)
    client = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={HOST}),
                        headers={"Authorization": f"Bearer {TOKEN}"}, raise_server_exceptions=False)
    response = client.get(f"/curriculum/{PROGRAMME}")
    assert response.status_code == 500 and "Something went wrong" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
