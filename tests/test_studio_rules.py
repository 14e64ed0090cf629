"""The studio's rule pages, and findings in plain words with their codes linked to those pages (issue 23).

Every expectation is read from the installed rules (the catalog) rather
than written out here, so that another plugin cannot make these tests lie.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from protocolkit.check.validation import validate_file
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.report.rule_pages import HEADINGS
from protocolkit.studio.app import create_app
from protocolkit.studio.templating import TEMPLATES, studio_words

from .conftest import DATA, EXAMPLES

TOKEN = "test-token-123"
HOST = "testserver"
PROTOCOL = "reflexology-45.yaml"

# A plugin rule written to be escaped, with a page whose prose names a terminal command the studio has a page for.
EXTRA_PLUGIN = """\
from protocolkit import Rule, hookimpl


@hookimpl
def protocolkit_register_rules(register):
    register(Rule("STU001", "warning", "a <test> rule that finds nothing", check=lambda protocol, catalog: [],
                  what="It checks <nothing>; 'protocolkit regions' lists the regions.", why="For a test & no one.",
                  example="protocolkit: 1\\nid: a<b>\\n", fix="protocolkit: 1\\nid: ab\\n",
                  not_runnable="A test's rule."))
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


def signed_in(folder: Path, catalog: Catalog) -> TestClient:
    return TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={HOST}),
                      headers={"Authorization": f"Bearer {TOKEN}"})


@pytest.fixture()
def client(folder: Path, catalog: Catalog) -> TestClient:
    return signed_in(folder, catalog)


def text_of(page: str) -> str:
    """The words a reader sees in the page's main part, entities decoded and spaces collapsed."""
    main = re.sub(r"</?(?:a|code|em|strong|span)\b[^>]*>", "", page[page.index("<main"):])  # inline: no space
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def assert_a_plain_page(page: str) -> None:
    """Words for people: no traceback, nothing the content security policy would block."""
    assert "Traceback" not in page
    assert not re.search(r"<script(?![^>]*\ssrc=)", page) and " style=" not in page and "<style" not in page


def codes_linked(page: str) -> list[tuple[str, str]]:
    """(link target, code) for every finding code the page shows."""
    return re.findall(r'<a class="rule-code" href="([^"]*)"[^>]*><code>([^<]*)</code></a>', page)


# -- the rule pages ------------------------------------------------------------------------------------

def test_every_installed_rule_has_its_page(client: TestClient, catalog: Catalog) -> None:
    for code, rule in catalog.rules.items():
        response = client.get(f"/rules/{code}")
        assert response.status_code == 200, code
        page = response.text
        assert_a_plain_page(page)
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title and html.unescape(title[1]) == f"{code}: {rule.summary}: protocolkit studio"
        assert f"<h1><code>{code}</code>: {escape(rule.summary)}</h1>" in page
        for section, heading in HEADINGS.items():
            present = section not in rule.missing_sections()
            assert (f">{heading}</h2>" in page) == present, (code, section)
        for snippet in (rule.example, rule.fix, rule.example_intake, rule.fix_intake):
            if snippet.strip():
                assert str(escape(snippet.rstrip("\n"))) in page, code
        assert f"plugin {catalog.rules.owner(code)}" in page or catalog.rules.owner(code).startswith("core-")


def test_the_rule_page_shows_what_the_rule_checks_an_example_and_its_fix(client: TestClient,
                                                                            catalog: Catalog) -> None:
    rule = catalog.rules["PK404"]
    page = client.get("/rules/PK404").text
    words = text_of(page)
    assert words.startswith(f"All rules PK404: {rule.summary} error An error:")
    assert "What it checks Steps on an endangerment site" in words and "Why it matters Nerves and vessels" in words
    example, fix = page.index('id="example-title"'), page.index('id="fix-title"')
    assert example < fix
    assert page.index(str(escape(rule.example.rstrip()))) > example
    assert page.index(str(escape(rule.fix.rstrip()))) > fix
    assert '<a href="/rules">All rules</a>' in page


def test_a_screening_rule_shows_the_intake_it_is_checked_against(client: TestClient, catalog: Catalog) -> None:
    rule = next(rule for rule in catalog.rules.values() if rule.example_intake.strip())
    words = text_of(client.get(f"/rules/{rule.code}").text)
    assert "Example The client's intake:" in words


def test_the_list_shows_every_installed_rule_with_its_summary(client: TestClient, catalog: Catalog) -> None:
    response = client.get("/rules")
    assert response.status_code == 200
    page = response.text
    assert_a_plain_page(page)
    assert "<h1>Rules</h1>" in page and "Checks built into protocolkit" in page
    assert "Checks from installed plugins" in page  # the seed plugins are installed with the core
    for code, rule in catalog.rules.items():
        assert f'<a href="/rules/{code}"><code>{code}</code>: {escape(rule.summary)}</a>' in page


def test_an_unknown_code_is_a_page_in_words_with_the_way_back(client: TestClient) -> None:
    response = client.get("/rules/PK409")
    assert response.status_code == 404
    assert_a_plain_page(response.text)
    words = text_of(response.text)
    assert "No such rule" in words and "No installed plugin provides a rule PK409." in words
    assert '<a href="/rules">See every installed rule</a>' in response.text
    assert 'href="/rules/PK' in response.text.split('id="missing"')[1]  # the closest code, as a link


def test_a_code_that_is_not_one_is_never_written_back(client: TestClient) -> None:
    response = client.get("/rules/%3Cb%3Ealert(1)")
    assert response.status_code == 404 and "alert(1)" not in response.text and "<b>" not in response.text
    assert "That is not a rule's code" in text_of(response.text)


def test_a_code_in_small_letters_goes_to_its_page(client: TestClient) -> None:
    response = client.get("/rules/pk404", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "/rules/PK404"


def test_the_rule_pages_are_behind_the_token(folder: Path, catalog: Catalog) -> None:
    anonymous = TestClient(create_app(folder, catalog, token=TOKEN, allowed_hosts={HOST}))
    assert anonymous.get("/rules").status_code == 401 and anonymous.get("/rules/PK404").status_code == 401


def test_a_plugin_rule_added_at_runtime_has_its_page_escaped(folder: Path, tmp_path: Path) -> None:
    module = tmp_path / "studio_rules_plugin.py"
    module.write_text(EXTRA_PLUGIN)
    warnings: list[str] = []
    extended = load_catalog(local_modules=[str(module)], environ={}, warn=warnings.append)
    assert warnings == [] and "STU001" in extended.rules
    browser = signed_in(folder, extended)
    listing = browser.get("/rules").text
    assert '<code>STU001</code>: a &lt;test&gt; rule that finds nothing</a>' in listing
    page = browser.get("/rules/STU001").text
    assert_a_plain_page(page)
    assert "It checks &lt;nothing&gt;;" in page and "<nothing>" not in page and "id: a&lt;b&gt;" in page
    assert "From the plugin studio_rules_plugin." in text_of(page) and "A test&#39;s rule." in page
    assert '<a href="/catalog#regions">' in page and "protocolkit regions" not in page


# -- findings in words, their codes linked --------------------------------------------------------------

def test_the_editor_names_the_step_as_the_sheet_numbers_it(client: TestClient, folder: Path) -> None:
    text = (folder / PROTOCOL).read_text()
    # The second step (steps[1]) is foot relaxation at light pressure; its technique allows 1 to 2.
    (folder / PROTOCOL).write_text(text.replace("pressure: light", "pressure: deep", 1))
    page = client.get(f"/edit/{PROTOCOL}").text
    item = next(item for item in re.findall(r"<li [^>]*>(.*?)</li>", page, re.S) if "PK304" in item)
    words = text_of(f"<main>{item}")
    assert words.startswith("Step 2, pressure (line ") and "): warning PK304 pressure 4 (deep)" in words
    assert "steps[1]" not in page


def test_every_code_in_the_findings_links_to_its_rule_page(client: TestClient, folder: Path) -> None:
    text = (folder / PROTOCOL).read_text()
    broken = (text.replace("pressure: light", "pressure: deep", 1).replace("region: foot", "region: nowhere", 1)
              .replace("technique: reflex-point-pressure", "technique: reflex-point-presure", 1))
    typed = client.post(f"/fragments/findings/{PROTOCOL}", data={"text": broken}).text
    (folder / PROTOCOL).write_text(broken)
    for page in (typed, client.get(f"/edit/{PROTOCOL}").text):  # as one types, and as the file opens
        shown = re.findall(r"<code>([A-Z]{2,5}[0-9]{3})</code>", page)
        linked = codes_linked(page)
        assert len(shown) >= 3 and [code for _href, code in linked] == shown
        assert all(href == f"/rules/{code}" for href, code in linked)
        for href, _code in set(linked):
            assert client.get(href).status_code == 200


def test_no_finding_tells_a_web_user_to_run_a_command(client: TestClient, folder: Path) -> None:
    text = (folder / PROTOCOL).read_text()
    broken = text.replace("region: foot", "region: nowhere", 1).replace("modality: reflexology", "modality: nope", 1)
    page = client.post(f"/fragments/findings/{PROTOCOL}", data={"text": broken}).text
    assert "PK103" in page and "PK101" in page
    assert "protocolkit " not in html.unescape(page) and "run " not in html.unescape(page)
    assert '<a href="/catalog#regions">the list of body regions in the Catalog</a> lists them' in page
    assert '<a href="/catalog#modalities">the list of modalities in the Catalog</a> lists the installed ones' in page


def test_the_studio_words_escape_everything_but_their_own_links() -> None:
    said = studio_words("unknown region '<b>'; run 'protocolkit regions' to list them & more")
    assert str(said) == ("unknown region &#39;&lt;b&gt;&#39;; <a href=\"/catalog#regions\">the list of body regions in "
                         "the Catalog</a> lists them &amp; more")
    assert "the library" in studio_words("protocol 'x' has 1 error(s), the first: y; run 'protocolkit validate' on it")
    assert str(studio_words("(see 'protocolkit rules')")) == '(see <a href="/rules">the list of rules</a>)'


def test_without_a_text_the_findings_have_no_line_links(catalog: Catalog) -> None:
    findings = validate_file(str(DATA / "broken" / "pk304-pressure-range.yaml"), catalog).findings
    assert findings
    partial = TEMPLATES.get_template("findings.html")
    assert "data-goto-line" in partial.render(findings=findings)
    alone = partial.render(findings=findings, with_lines=False)
    assert "data-goto-line" not in alone and all(f"/rules/{f.code}" in alone for f in findings)
