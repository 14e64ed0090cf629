"""Every rule trips on a broken document and stays quiet on its near-miss twin.

Broken documents live in tests/data/broken; each says what it must produce in a
leading comment ``# expect: CODE line:col [severity] ...`` (JSON files, which
cannot hold comments, in a ``.expect`` file beside them).  The clean twins in
tests/data/clean name the rule they stay just clear of: ``# clean of: CODE``.
A ``# intake: FILE`` comment screens the document against tests/data/intakes/FILE,
and a ``# verdict: ...`` comment says what ``protocolkit screen --format json``
must conclude for it (go, adapt, do not treat).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.model.conditions import Intake
from protocolkit.check.validation import read_intake, validate_file

from .conftest import DATA
from .seeds import seed_owned

BROKEN = sorted(p for p in (DATA / "broken").iterdir() if p.suffix in (".yaml", ".json"))
CLEAN = sorted((DATA / "clean").glob("*.yaml"))
_EXPECT = re.compile(r"([A-Z]+\d{3}) (\d+):(\d+)(?: (error|warning|info))?")
# Codes no document can trip on its own: a rule crashing needs a faulty plugin (see test_plugins),
# and validate accepts region aliases: the fix stage finds them (PK105, see test_fixes).  A curriculum
# against a requirement profile (PK701-PK707) is 'curriculum report --against', not validate: its
# documents are in tests/data/requirements, run by test_requirements.  PK005 needs over 1,000 findings in
# one file: test_large_documents makes such files.
TRIPPED_ELSEWHERE = {"PK003", "PK005", "PK105", "PK701", "PK702", "PK703", "PK704", "PK705", "PK706", "PK707"}


def header(path: Path, key: str) -> str | None:
    """The value of a ``# key: value`` line among the file's leading comments."""
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            return None
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return None


def intake_for(path: Path, catalog: Catalog) -> Intake | None:
    name = header(path, "intake")
    if name is None:
        return None
    result = read_intake(str(DATA / "intakes" / name), catalog)
    assert result.readable and result.findings == [], result
    return result.intake


def expectations(path: Path) -> list[tuple[str, int, int, str]]:
    if path.suffix == ".json":
        text = path.with_name(path.name + ".expect").read_text()
    else:
        text = header(path, "expect") or ""
    return sorted((code, int(line), int(col), severity or "error")
                  for code, line, col, severity in _EXPECT.findall(text))


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_document_trips_exactly_what_it_expects(path: Path, catalog: Catalog) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} declares no expectation"
    result = validate_file(str(path), catalog, intake_for(path, catalog))
    got = sorted((f.code, f.line, f.column, f.severity) for f in result.findings)
    assert got == expected
    assert all(f.file == str(path) and f.message for f in result.findings)


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_twin_has_no_finding(path: Path, catalog: Catalog) -> None:
    assert validate_file(str(path), catalog, intake_for(path, catalog)).findings == []


VERDICT_DOCUMENTS = [p for p in BROKEN + CLEAN if header(p, "verdict")]


@pytest.mark.parametrize("path", VERDICT_DOCUMENTS, ids=lambda p: p.name)
def test_the_screening_verdict_is_the_one_declared(path: Path) -> None:
    intake = str(DATA / "intakes" / str(header(path, "intake")))
    result = CliRunner().invoke(cli, ["screen", str(path), "--intake", intake, "--format", "json"])
    screened = json.loads(result.stdout)
    assert screened["verdict"] == header(path, "verdict"), screened
    assert result.exit_code == (0 if screened["verdict"] == "go" else 1)
    assert sorted(f["code"] for f in screened["findings"]) == sorted(code for code, *_ in expectations(path))


def test_every_verdict_has_documents_both_ways() -> None:
    assert {header(p, "verdict") for p in VERDICT_DOCUMENTS if p in BROKEN} == {"adapt", "do not treat"}
    assert {header(p, "verdict") for p in VERDICT_DOCUMENTS if p in CLEAN} == {"go"}


def test_every_core_rule_has_a_tripping_and_a_clean_document(catalog: Catalog) -> None:
    tripped = {code for path in BROKEN for code, *_ in expectations(path)}
    cleared = {header(p, "clean of") for p in CLEAN}
    codes = {code for code in catalog.rules if catalog.rules.owner(code) == "core-rules"} - TRIPPED_ELSEWHERE
    assert codes - tripped == set(), "rules with no broken document"
    loader_codes = {"PK001", "PK002"}  # their clean case is every example and clean twin
    assert codes - cleared - loader_codes == set(), "rules with no clean twin"


def test_every_plugin_rule_is_exercised_by_its_plugin_tests(catalog: Catalog) -> None:
    """Plugin rules are tested beside their plugin; each code must at least appear there.

    This repository's layout (plugins/protocolkit-NAME/tests), so only the seed plugins' rules: a plugin
    installed from elsewhere keeps its tests where its author put them."""
    plugins_dir = Path(__file__).parent.parent / "plugins"
    for code in seed_owned(catalog, "rule"):
        owner = catalog.rules.owner(code)
        if owner.startswith("core-"):
            continue
        tests = "".join(p.read_text() for p in (plugins_dir / f"protocolkit-{owner}" / "tests").glob("test_*.py"))
        assert tests.count(code) >= 2, f"{code} of plugin {owner} is not tested both ways"
