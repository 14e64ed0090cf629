"""Rule pages: every rule has one, its example trips it, its fix does not, and docs/rules/ is current.

A meta-test over the core's and the seed plugins' rules (by name: a plugin
installed beside them answers to ``protocolkit check-plugin``, not to this
suite) and a house modality: a rule without a section, an example that no
longer trips its rule, or a fix that trips anything fails here, by the same
bar the public check applies (``authoring.quality``); so does a committed page
that differs from what ``make rule-pages`` would write for those rules.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from protocolkit.authoring.quality import rule_page_problems
from protocolkit.check.validation import read_intake_text, validate_text
from protocolkit.cli import cli
from protocolkit.model.findings import Finding
from protocolkit.model.rules import PAGE_SECTIONS, Rule
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.plugin.house_pages import with_house_page
from protocolkit.report import rule_pages
from protocolkit.report.rule_pages import (
    GENERATED,
    catalog_rules,
    documentation_pages,
    page_markdown,
    page_text,
    snippet_language,
    write_pages,
)

from .conftest import EXAMPLES, ROOT
from .seeds import seed_codes, seed_owned

DOCS = ROOT / "docs" / "rules"
SEED_PLUGINS = sorted(path.name.removeprefix("protocolkit-") for path in (ROOT / "plugins").iterdir()
                      if (path / "pyproject.toml").is_file())
# Rules whose example cannot be checked on its own, and why that is expected.
NOT_RUNNABLE = {
    "PK003": "a crashing rule is a plugin's Python",
    "PK005": "it takes a file with over 1,000 findings",
    "PK105": "validate accepts region aliases; --fix and the editor report them",
    "PK502": "the curriculum names a protocol file beside it",
    "PK503": "the curriculum names a protocol file beside it",
    "PK508": "the example names the whole disk, the fix a folder beside the curriculum",
    **dict.fromkeys(("PK601", "PK602", "PK603", "PK604"), "the plan names protocol files beside it"),
    **dict.fromkeys(("PK701", "PK702", "PK703", "PK704", "PK705", "PK706", "PK707"),
                    "curriculum report --against checks a curriculum against a profile; validate does not"),
}
# The core rules whose reason is clinical: their page names the source of it.
CLINICAL = {"PK202", "PK301", "PK304", "PK401", "PK402", "PK403", "PK404", "PK406"}


def findings_of(catalog: Catalog, rule: Rule, part: str) -> list[Finding]:
    """What ``protocolkit validate`` reports for the page's example or fix, screened against its intake."""
    text = rule.example if part == "example" else rule.fix
    intake_text = rule.example_intake if part == "example" else rule.fix_intake or rule.example_intake
    intake = None
    if intake_text:
        read = read_intake_text(intake_text, catalog)
        assert read.intake is not None and read.findings == [], f"{rule.code}: the {part}'s intake: {read}"
        intake = read.intake
    return validate_text(text, catalog, path=f"{rule.code}-{part}.yaml", intake=intake)


# -- every rule has a page ---------------------------------------------------------------------------


def test_the_catalog_holds_the_core_and_every_seed_plugin(catalog: Catalog) -> None:
    # Guards the meta-tests below against passing on a catalog with plugins missing.
    owners = {catalog.rules.owner(code) for code in catalog.rules}
    assert "core-rules" in owners
    with_rules = [name for name in SEED_PLUGINS if name not in ("swedish", "requirements-us")]  # no rules of their own
    assert set(with_rules) <= owners, "a seed plugin with rules is not installed; run make install"
    assert len(catalog.rules) >= 30


def seed_rules(catalog: Catalog) -> dict[str, Rule]:
    """The core's and the seed plugins' rules, by code."""
    return {code: catalog.rules[code] for code in sorted(seed_owned(catalog, "rule"))}


def test_every_rule_has_every_section(catalog: Catalog) -> None:
    missing = {code: rule.missing_sections() for code, rule in seed_rules(catalog).items() if rule.missing_sections()}
    assert missing == {}, f"rules whose page lacks sections (give the Rule {', '.join(PAGE_SECTIONS)}): {missing}"


def test_every_why_with_a_clinical_reason_names_its_source(catalog: Catalog) -> None:
    # Screening and plugin rules rest on clinical facts: their page must say where each comes from.
    # (A plugin rule's source is part of the public check too; CLINICAL is the core's own choice.)
    clinical = [code for code in seed_rules(catalog) if code in CLINICAL or catalog.rules.owner(code) != "core-rules"]
    unsourced = [code for code in clinical if "Source" not in catalog.rules[code].why]
    assert unsourced == []


def test_a_house_modality_rule_has_every_section() -> None:
    warnings: list[str] = []
    house = load_catalog(house_modalities=[str(EXAMPLES / "modalities" / "hot-stone.yaml")], environ={},
                         warn=warnings.append)
    assert warnings == []
    codes = house.rules.owned_by(next(p.name for p in house.plugins if p.origin == "house modality"))
    assert codes == ["HST001", "HST002", "HST003"]
    for code in codes:
        rule = house.rules[code]
        assert rule.missing_sections() == (), code
        assert not rule.runnable and "Hot stone massage" in rule.why and rule.summary in rule.why
        assert "hot-stone" in rule.example and rule.example != rule.fix


@pytest.mark.parametrize(("declaration", "broken", "put_right"), [
    ({"only-on": ["foot", "hand"]}, "region: head   # hot-stone does not work here", "region: foot"),
    ({"never-after-lubricant": True}, "technique: effleurage   # oils the region",
     "technique: hot-stone-glide   # first, on dry skin"),
    ({"max-pressure": "moderate"}, "pressure: 4   # over 3", "pressure: 3"),
    ({"max-step": "20m"}, "duration: 25m   # over 20m", "duration: 20m"),
])
def test_each_kind_of_house_rule_gets_its_own_page(catalog: Catalog, declaration: dict[str, Any], broken: str,
                                                   put_right: str) -> None:
    modality = catalog.modality("swedish")
    modality = type(modality)(id="hot-stone", name="Hot stone massage", summary="Warm stones.",
                              techniques=[type(modality.techniques[0])("hot-stone-glide")], regions=["foot", "hand"],
                              source="House notes")
    rule = with_house_page(Rule("HST001", "warning", "a house rule"), modality, {"code": "HST001", **declaration})
    assert broken in rule.example and broken not in rule.fix
    assert put_right in rule.fix
    assert yaml.safe_load(rule.example)["steps"] and yaml.safe_load(rule.fix)["steps"]
    assert rule.why == "A house rule the clinic wrote for Hot stone massage: a house rule. Source: House notes."


# -- the examples trip their rule, the fixes trip nothing ------------------------------------------------


def test_the_runnable_examples_trip_exactly_their_rule_and_the_fixes_nothing(catalog: Catalog) -> None:
    # The public check's bar (protocolkit check-plugin), counting every seed plugin's codes together, so
    # that one seed's example tripping another seed's rule fails here as well.
    counted = seed_codes(catalog)
    runnable = {code: rule for code, rule in seed_rules(catalog).items() if rule.runnable}
    assert len(runnable) >= 30
    wrong = [problem for code, rule in runnable.items()
             for problem in rule_page_problems(rule, catalog, counted,
                                               core=catalog.rules.owner(code).startswith("core-"))]
    assert wrong == []


def test_only_the_expected_rules_are_not_runnable(catalog: Catalog) -> None:
    assert {code for code, rule in seed_rules(catalog).items() if not rule.runnable} == set(NOT_RUNNABLE)


@pytest.mark.parametrize("code", sorted(NOT_RUNNABLE))
def test_a_snippet_that_cannot_run_still_parses(catalog: Catalog, code: str) -> None:
    rule = catalog.rules[code]
    assert rule.not_runnable.endswith(".")
    for snippet in (rule.example, rule.fix):
        if snippet_language(snippet) == "python":
            ast.parse(snippet)
        else:
            assert isinstance(yaml.safe_load(snippet), dict)


def test_the_guide_s_rule_example_trips_its_rule(catalog: Catalog) -> None:
    from .test_plugin_docs import EXAMPLES as GUIDE_EXAMPLES
    from .test_plugin_docs import _Loader

    modalities = next(code for hook, _, code in GUIDE_EXAMPLES if hook == "protocolkit_register_modalities")
    rules = next(code for hook, _, code in GUIDE_EXAMPLES if hook == "protocolkit_register_rules")
    try:
        _, guide = _Loader.load(modalities + "\n\n" + rules, "docs_example_rule_page")
        rule = guide.rules["HOT001"]
        assert rule.missing_sections() == ()
        assert "HOT001" in {finding.code for finding in findings_of(guide, rule, "example")}
        assert "HOT001" not in {finding.code for finding in findings_of(guide, rule, "fix")}
    finally:
        for name in _Loader.names:
            sys.modules.pop(name, None)
        _Loader.names.clear()


# -- the Rule value type ---------------------------------------------------------------------------------


def test_explanation_is_the_older_name_of_why() -> None:
    old = Rule("HOT001", "warning", "hot", None, "because")
    assert old.why == "because" and old.explanation == "because"
    assert Rule("HOT001", "warning", "hot", explanation="because").why == "because"
    assert Rule("HOT001", "warning", "hot", explanation="because", why="because").why == "because"
    with pytest.raises(ValueError, match="not both"):
        Rule("HOT001", "warning", "hot", explanation="because", why="for another reason")


def test_missing_sections_and_runnable() -> None:
    rule = Rule("HOT001", "warning", "hot", what="a hot step", example="steps: []", fix=" ")
    assert rule.missing_sections() == ("why", "fix")
    assert rule.runnable and not Rule("HOT001", "warning", "hot", not_runnable="It names files.").runnable


def test_a_rule_with_a_check_keeps_its_page(catalog: Catalog) -> None:
    declared = catalog.rules["PK301"]
    assert declared.check is not None and declared.what and declared.example
    assert declared.with_check(lambda protocol, catalog: []).why == declared.why


# -- rendering -------------------------------------------------------------------------------------------


def test_the_text_page_has_a_heading_and_the_four_sections_in_order(catalog: Catalog) -> None:
    text = page_text(catalog.rules["PK301"], "core-rules")
    lines = text.splitlines()
    assert lines[0] == "PK301 (warning, from core-rules)"
    positions = [lines.index(heading) for heading in ("What it checks", "Why it matters", "Example", "Fix")]
    assert positions == sorted(positions)
    prose = [line for line in lines if line and not line.startswith("    ")]
    assert all(len(line) <= 80 for line in prose)
    assert "        pressure: deep" in lines


def test_a_screening_page_shows_the_intake_beside_the_protocol(catalog: Catalog) -> None:
    page = page_markdown(catalog.rules["PK406"], "core-rules")
    assert page.count("The client's intake:") == 2 and "The protocol stays as it is." in page
    assert "clearance: [cancer]" in page.split("## Fix")[1]
    local = page_markdown(catalog.rules["PK402"])
    assert "The protocol, screened against the same intake:" in local


def test_a_plugin_s_python_is_fenced_as_python(catalog: Catalog) -> None:
    page = page_markdown(catalog.rules["PK003"])
    assert "```python\n# A plugin's rule" in page and "```yaml" not in page
    assert f"*{catalog.rules['PK003'].not_runnable}*" in page


def test_a_rule_without_a_page_still_renders() -> None:
    bare = Rule("OLD001", "warning", "an old plugin's rule")
    assert "What it checks" not in page_text(bare)
    assert "gives no page for it yet" in page_text(bare) and "gives no page for it yet" in page_markdown(bare)
    why_only = page_markdown(Rule("OLD001", "warning", "an old plugin's rule", explanation="Because."))
    assert "## Why it matters\n\nBecause." in why_only and "## Example" not in why_only


# -- the CLI -------------------------------------------------------------------------------------------------


def test_protocolkit_rule_prints_the_page(runner: CliRunner, catalog: Catalog) -> None:
    result = runner.invoke(cli, ["rule", "PK301"])
    assert result.exit_code == 0, result.output
    assert result.stdout == page_text(catalog.rules["PK301"], "core-rules")
    assert runner.invoke(cli, ["rule", "mfr001"]).stdout.startswith("MFR001 (error, from myofascial-release)")


def test_protocolkit_rule_markdown_is_the_documentation_page(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rule", "SPT001", "--format", "markdown"])
    assert result.exit_code == 0
    assert f"{GENERATED}\n\n{result.stdout}" == (DOCS / "SPT001.md").read_text(encoding="utf-8")


def test_protocolkit_rule_json(runner: CliRunner, catalog: Catalog) -> None:
    data = json.loads(runner.invoke(cli, ["rule", "PK402", "--format", "json"]).stdout)
    rule = catalog.rules["PK402"]
    assert data["code"] == "PK402" and data["plugin"] == "core-rules"
    assert (data["what"], data["example_intake"], data["runnable"]) == (rule.what, rule.example_intake, True)


@pytest.mark.parametrize(("code", "hint"), [("PK31", "did you mean 'PK301'?"), ("PK999", ""), ("shiatsu", "")])
def test_an_unknown_code_exits_two(runner: CliRunner, code: str, hint: str) -> None:
    result = runner.invoke(cli, ["rule", code])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"unknown rule code '{code}'" in result.stderr and hint in result.stderr
    assert "Traceback" not in result.stderr


def test_protocolkit_rule_in_a_real_process() -> None:
    done = subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", "rule", "PK30"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("protocolkit: error: unknown rule code 'PK30'; did you mean 'PK30")
    shown = subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", "rule", "RFX001"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and shown.stdout.startswith("RFX001 (error, from reflexology)\n")


def test_rules_json_carries_the_sections_and_keeps_its_keys(runner: CliRunner, catalog: Catalog) -> None:
    listed = {item["code"]: item for item in json.loads(runner.invoke(cli, ["rules", "--format", "json"]).stdout)}
    assert set(listed) == set(catalog.rules)
    for item in listed.values():
        assert {"code", "severity", "summary", "plugin", *PAGE_SECTIONS} <= set(item)
    assert listed["TRP001"]["fix"] == catalog.rules["TRP001"].fix


# -- docs/rules/ -------------------------------------------------------------------------------------------


def test_the_committed_rule_pages_are_current(catalog: Catalog, tmp_path: Path) -> None:
    seeds = set(seed_rules(catalog))
    write_pages(documentation_pages((rule, owner) for rule, owner in catalog_rules(catalog) if rule.code in seeds),
                tmp_path)
    expected = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    committed = {path.name: path.read_bytes() for path in DOCS.iterdir()} if DOCS.is_dir() else {}
    stale = sorted(name for name in expected.keys() | committed.keys() if expected.get(name) != committed.get(name))
    assert stale == [], f"docs/rules/ is out of date ({', '.join(stale)}); run `make rule-pages` and commit it"


def test_the_index_links_every_page(catalog: Catalog) -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for code in seed_rules(catalog):
        assert f"[{code}]({code}.md)" in index


def test_writing_pages_removes_stale_ones_and_leaves_other_files(tmp_path: Path) -> None:
    (tmp_path / "OLD001.md").write_text("a rule that is gone\n")
    (tmp_path / "notes.md").write_text("the team's own notes\n")
    pages = {"NEW001.md": "new\n", "README.md": "index\n"}
    assert sorted(path.name for path in write_pages(pages, tmp_path)) == ["NEW001.md", "README.md"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["NEW001.md", "README.md", "notes.md"]
    assert write_pages(pages, tmp_path) == [], "unchanged pages are not rewritten"


def test_the_module_entry_point(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rule_pages.main([str(tmp_path / "rules")]) == 0
    assert (tmp_path / "rules" / "PK301.md").is_file() and (tmp_path / "rules" / "README.md").is_file()
    assert "rule pages:" in capsys.readouterr().out
    assert rule_pages.main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_named_distributions_keep_the_pages_to_the_core_and_them(tmp_path: Path) -> None:
    """`make rule-pages` names this repository's plugins: a plugin installed beside them gets no page here."""
    everything, chosen = tmp_path / "all", tmp_path / "chosen"
    assert rule_pages.main([str(everything)]) == 0
    assert rule_pages.main([str(chosen), "protocolkit-deep-tissue"]) == 0
    written = {path.name for path in chosen.glob("*.md")}
    assert {"PK301.md", "README.md"} <= written and any(name.startswith("DT") for name in written)
    assert not any(name.startswith(("AR", "TR", "RF", "SP", "MF")) for name in written)
    assert any(path.name.startswith("TR") for path in everything.glob("*.md")), "without names, every plugin's"
