"""The SARIF and GitHub Actions reporters: what code-scanning services and CI runners read.

The SARIF log is checked against the official 2.1.0 schema kept beside the
repository (never copied into it), so a field a consumer would reject fails
here rather than on an upload.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from protocolkit.model.findings import Finding
from protocolkit.report.reporters import (
    FORMATS,
    GithubReporter,
    JsonReporter,
    SarifReporter,
    TextReporter,
    reporter,
    rule_name,
)
from protocolkit.model.rules import Rule
from protocolkit.report.rule_pages import page_markdown, page_text

SCHEMA_ENV = "PROTOCOLKIT_SARIF_SCHEMA"
DEFAULT_SCHEMA = Path(__file__).resolve().parents[2] / "shared/ref/sarif-schema-2.1.0.json"

RULES = {
    "TST001": Rule("TST001", "error", "a step names a modality no plugin provides"),
    "TST002": Rule("TST002", "warning", "a step's pressure is outside its technique's range"),
    "TST003": Rule("TST003", "info", "the session could end with a calming step: for comfort"),
}


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    """The official schema, from PROTOCOLKIT_SARIF_SCHEMA or the shared reference folder."""
    path = Path(os.environ.get(SCHEMA_ENV) or DEFAULT_SCHEMA)
    if not path.is_file():
        pytest.skip(f"SARIF 2.1.0 schema not found at {path}; set {SCHEMA_ENV} to a copy of "
                    "sarif-schema-2.1.0.json to run the schema checks")
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def sarif(findings_by_file: Iterable[list[Finding]], *, rules: dict[str, Rule] | None = None,
          root: Path | None = None, tool_version: str = "1.2.3") -> dict[str, Any]:
    out = io.StringIO()
    report = SarifReporter(out, rules=RULES if rules is None else rules, tool_version=tool_version, root=root)
    report.start()
    for findings in findings_by_file:
        report.file(findings)
    report.finish()
    log: dict[str, Any] = json.loads(out.getvalue())
    return log


def assert_valid(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.fixture
def mixed(tmp_path: Path) -> list[list[Finding]]:
    top, nested = str(tmp_path / "back.yaml"), str(tmp_path / "sessions" / "neck care.yaml")
    return [
        [Finding("TST001", "error", "modality 'shiatsu' is not installed", ("steps", 0, "modality"),
                 file=top, line=4, column=15),
         Finding("TST003", "info", "consider a calming step", file=top, line=1, column=1)],
        [Finding("TST002", "warning", "pressure 5 is above 3", ("steps", 2, "pressure"),
                 file=nested, line=12, column=7),
         Finding("TST001", "error", "no line known", file=nested),
         Finding("ZZZ999", "warning", "from a plugin that did not load", file=nested, line=2, column=3)],
    ]


class TestSarif:
    def test_mixed_findings_validate(self, sarif_validator: jsonschema.Draft4Validator, tmp_path: Path,
                                     mixed: list[list[Finding]]) -> None:
        assert_valid(sarif_validator, sarif(mixed, root=tmp_path))

    def test_zero_findings_validate(self, sarif_validator: jsonschema.Draft4Validator, tmp_path: Path) -> None:
        log = sarif([], root=tmp_path)
        assert_valid(sarif_validator, log)
        assert log["runs"][0]["results"] == []
        assert [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]] == sorted(RULES)

    def test_empty_rule_map_and_no_version_validate(self, sarif_validator: jsonschema.Draft4Validator,
                                                    tmp_path: Path, mixed: list[list[Finding]]) -> None:
        log = sarif(mixed, rules={}, root=tmp_path, tool_version="")
        assert_valid(sarif_validator, log)
        driver = log["runs"][0]["tool"]["driver"]
        assert "version" not in driver
        assert [rule["id"] for rule in driver["rules"]] == ["TST001", "TST003", "TST002", "ZZZ999"]

    def test_outside_root_validates(self, sarif_validator: jsonschema.Draft4Validator, tmp_path: Path) -> None:
        elsewhere = tmp_path / "elsewhere" / "x.yaml"
        log = sarif([[Finding("TST001", "error", "m", file=str(elsewhere), line=1, column=1)]],
                    root=tmp_path / "project")
        assert_valid(sarif_validator, log)
        location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": elsewhere.as_uri()}

    def test_header_and_driver(self, tmp_path: Path) -> None:
        log = sarif([], root=tmp_path)
        assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
        assert log["version"] == "2.1.0"
        assert len(log["runs"]) == 1
        run = log["runs"][0]
        assert run["columnKind"] == "unicodeCodePoints"
        assert "originalUriBaseIds" not in run  # the log names no path of the machine that wrote it
        assert str(tmp_path) not in json.dumps(log)
        driver = run["tool"]["driver"]
        assert driver["name"] == "protocolkit"
        assert driver["version"] == "1.2.3"

    def test_every_rule_described(self, tmp_path: Path) -> None:
        driver = sarif([], root=tmp_path)["runs"][0]["tool"]["driver"]
        by_id = {rule["id"]: rule for rule in driver["rules"]}
        assert set(by_id) == set(RULES)
        for code, rule in RULES.items():
            assert by_id[code]["shortDescription"] == {"text": rule.summary}
        assert by_id["TST001"]["defaultConfiguration"] == {"level": "error"}
        assert by_id["TST002"]["defaultConfiguration"] == {"level": "warning"}
        assert by_id["TST003"]["defaultConfiguration"] == {"level": "note"}
        assert by_id["TST001"]["name"] == "StepNamesAModalityNoPluginProvides"
        assert by_id["TST002"]["name"] == "StepsPressureIsOutsideItsTechniquesRange"
        assert by_id["TST003"]["name"] == "SessionCouldEndWithACalmingStep"

    def test_a_rule_s_page_is_its_help(self, sarif_validator: jsonschema.Draft4Validator, tmp_path: Path) -> None:
        paged = Rule("TST004", "warning", "a step pressed too hard", what="A step above pressure 3.",
                     why="Because.", example="steps: []\n", fix="steps: []\n")
        why_only = Rule("TST005", "info", "an older plugin's rule", explanation="Because.")
        log = sarif([], rules={**RULES, "TST004": paged, "TST005": why_only}, root=tmp_path)
        assert_valid(sarif_validator, log)
        by_id = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
        assert by_id["TST004"]["fullDescription"] == {"text": "A step above pressure 3."}
        assert by_id["TST004"]["help"] == {"text": page_text(paged), "markdown": page_markdown(paged)}
        assert "## Why it matters" in by_id["TST004"]["help"]["markdown"]
        assert "fullDescription" not in by_id["TST005"] and "Why it matters" in by_id["TST005"]["help"]["text"]
        assert "fullDescription" not in by_id["TST001"] and "help" not in by_id["TST001"]
        # No web address is published for the pages, and a relative path is no URI a viewer can open.
        assert all("helpUri" not in rule for rule in by_id.values())

    def test_results(self, tmp_path: Path, mixed: list[list[Finding]]) -> None:
        run = sarif(mixed, root=tmp_path)["runs"][0]
        rules, results = run["tool"]["driver"]["rules"], run["results"]
        assert [r["ruleId"] for r in results] == ["TST001", "TST003", "TST002", "TST001", "ZZZ999"]
        assert [r["level"] for r in results] == ["error", "note", "warning", "error", "warning"]
        assert [r["message"] for r in results] == [{"text": f.message} for fs in mixed for f in fs]
        for result in results:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]

        first = results[0]["locations"][0]
        assert first["physicalLocation"] == {
            "artifactLocation": {"uri": "back.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 4, "startColumn": 15},
        }
        assert first["logicalLocations"] == [{"fullyQualifiedName": "$.steps[0].modality"}]
        assert "logicalLocations" not in results[1]["locations"][0]  # no path, nothing to add

        nested = results[2]["locations"][0]["physicalLocation"]
        # Forward slashes whatever the platform, and a space percent-encoded as a URI needs.
        assert nested["artifactLocation"] == {"uri": "sessions/neck%20care.yaml", "uriBaseId": "%SRCROOT%"}
        assert nested["region"] == {"startLine": 12, "startColumn": 7}

        no_line = results[3]["locations"][0]["physicalLocation"]
        assert no_line == {"artifactLocation": {"uri": "sessions/neck%20care.yaml", "uriBaseId": "%SRCROOT%"}}

    def test_unknown_code_gets_its_own_descriptor(self, tmp_path: Path, mixed: list[list[Finding]]) -> None:
        run = sarif(mixed + [[Finding("ZZZ999", "error", "again", file=str(tmp_path / "c.yaml"))]],
                    root=tmp_path)["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        unknown = [index for index, rule in enumerate(rules) if rule["id"] == "ZZZ999"]
        assert unknown == [len(RULES)]  # added once, after the known rules
        assert [r["ruleIndex"] for r in run["results"] if r["ruleId"] == "ZZZ999"] == unknown * 2
        assert "defaultConfiguration" not in rules[unknown[0]]  # its default level is not known

    def test_default_root_is_working_directory(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        findings = [Finding("TST001", "error", "m", file=os.path.join("deep", "er", "p.yaml"), line=1, column=2),
                    Finding("TST001", "error", "m", file=str(tmp_path / "q.yaml"), line=1, column=2)]
        run = sarif([findings])["runs"][0]
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
        assert uris == ["deep/er/p.yaml", "q.yaml"]

    def test_colon_in_file_name_is_not_a_scheme(self, tmp_path: Path) -> None:
        run = sarif([[Finding("TST001", "error", "m", file=str(tmp_path / "a:b.yaml"), line=1)]],
                    root=tmp_path)["runs"][0]
        physical = run["results"][0]["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "a%3Ab.yaml"
        assert physical["region"] == {"startLine": 1}  # a line without a column is still a region

    def test_finding_without_file_has_no_location(self, tmp_path: Path) -> None:
        result = sarif([[Finding("TST001", "error", "nowhere")]], root=tmp_path)["runs"][0]["results"][0]
        assert "locations" not in result

    def test_results_stream(self, tmp_path: Path) -> None:
        out = io.StringIO()
        report = SarifReporter(out, rules=RULES, tool_version="1", root=tmp_path)
        report.start()
        report.file([Finding("TST001", "error", "written early", file=str(tmp_path / "a.yaml"), line=1)])
        assert "written early" in out.getvalue()
        report.finish()
        assert json.loads(out.getvalue())["runs"][0]["results"][0]["message"]["text"] == "written early"

    def test_finish_alone_is_a_valid_log(self, sarif_validator: jsonschema.Draft4Validator) -> None:
        out = io.StringIO()
        SarifReporter(out, rules={}, tool_version="1").finish()
        assert_valid(sarif_validator, json.loads(out.getvalue()))


@pytest.mark.parametrize(("summary", "name"), [
    ("a step names a modality", "StepNamesAModality"),
    ("an endangerment site worked at pressure above 2", "EndangermentSiteWorkedAtPressureAbove2"),
    ("the steps' total differs (by more than 5%)", "StepsTotalDiffers"),
    ("a rule raised; the protocol is not known to be valid", "RuleRaised"),
    ("trigger-point compression", "TriggerPointCompression"),
    ("5 minutes", "ABC123"),
    ("", "ABC123"),
])
def test_rule_name(summary: str, name: str) -> None:
    assert rule_name(summary, "ABC123") == name


class TestGithub:
    def lines(self, findings: list[Finding]) -> list[str]:
        out = io.StringIO()
        report = GithubReporter(out)
        report.start()
        report.file(findings)
        report.finish()
        return out.getvalue().splitlines()

    def test_one_command_a_finding(self) -> None:
        assert self.lines([
            Finding("PK101", "error", "unknown modality", file="p/a.yaml", line=3, column=9),
            Finding("PK304", "warning", "pressure too high", file="b.yaml", line=10, column=1),
            Finding("PK999", "info", "a hint", file="c.yaml", line=1, column=2),
        ]) == [
            "::error file=p/a.yaml,line=3,col=9,title=PK101::unknown modality",
            "::warning file=b.yaml,line=10,col=1,title=PK304::pressure too high",
            "::notice file=c.yaml,line=1,col=2,title=PK999::a hint",
        ]

    def test_no_line_or_column_when_unknown(self) -> None:
        assert self.lines([
            Finding("PK002", "error", "does not parse", file="a.yaml"),
            Finding("PK002", "error", "line only", file="a.yaml", line=5),
            Finding("PK401", "error", "no file at all"),
        ]) == [
            "::error file=a.yaml,title=PK002::does not parse",
            "::error file=a.yaml,line=5,title=PK002::line only",
            "::error title=PK401::no file at all",
        ]

    def test_message_escaping(self) -> None:
        # Only %, CR and LF are special in the message: ':' and ',' stay as they are there.
        assert self.lines([Finding("PK201", "error", "over by 5%: a, b\r\nnext line\n", file="a.yaml", line=1,
                                   column=1)]) == [
            "::error file=a.yaml,line=1,col=1,title=PK201::over by 5%25: a, b%0D%0Anext line%0A",
        ]

    def test_property_escaping(self) -> None:
        assert self.lines([Finding("PK001", "warning", "m", file="C:\\w,x%y\nz.yaml", line=2, column=3)]) == [
            "::warning file=C%3A\\w%2Cx%25y%0Az.yaml,line=2,col=3,title=PK001::m",
        ]

    def test_percent_is_escaped_first(self) -> None:
        # A literal "%0A" in a message must survive as text, not turn into a newline.
        assert self.lines([Finding("PK001", "error", "100%0A", file="a%3A.yaml")]) == [
            "::error file=a%253A.yaml,title=PK001::100%250A",
        ]


class TestFactory:
    def test_formats(self) -> None:
        assert FORMATS == ("text", "json", "sarif", "github")

    def test_existing_calls_still_work(self) -> None:
        assert isinstance(reporter("text", io.StringIO()), TextReporter)
        assert isinstance(reporter("json", io.StringIO()), JsonReporter)
        assert isinstance(reporter("github", io.StringIO()), GithubReporter)

    def test_sarif_without_rules(self) -> None:
        out = io.StringIO()
        report = reporter("sarif", out)
        assert isinstance(report, SarifReporter)
        report.start()
        report.file([Finding("PK101", "error", "m")])
        report.finish()
        run = json.loads(out.getvalue())["runs"][0]
        assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["PK101"]
        assert "version" not in run["tool"]["driver"]

    def test_sarif_with_rules_version_and_root(self, tmp_path: Path) -> None:
        out = io.StringIO()
        report = reporter("sarif", out, rules=RULES, tool_version="9.9", root=tmp_path)
        report.start()
        report.file([Finding("TST002", "warning", "m", file=str(tmp_path / "x" / "y.yaml"), line=1, column=1)])
        report.finish()
        run = json.loads(out.getvalue())["runs"][0]
        assert run["tool"]["driver"]["version"] == "9.9"
        assert len(run["tool"]["driver"]["rules"]) == len(RULES)
        assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "x/y.yaml"

    def test_unknown_format(self) -> None:
        with pytest.raises(ValueError, match="sarif, github"):
            reporter("xml", io.StringIO())
