"""Screening cases (kind: screening-case) and `protocolkit cases`: reading, running, comparing, printing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.check.cases import CaseResult, flagged_steps, run_case, run_cases
from protocolkit.check.validation import check, validate_file
from protocolkit.cli import cli
from protocolkit.load.documents import load_document
from protocolkit.model.cases import Expectation, ScreeningCase
from protocolkit.model.conditions import Intake
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.cases import result_text

from .conftest import DATA, EXAMPLES

CASES = DATA / "cases"
EXAMPLE_CASES = EXAMPLES / "cases"
ENV = {"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}
SECRET = "INLINE-SECRET"
REFLEXOLOGY = EXAMPLES / "reflexology-45.yaml"


def example_cases() -> list[Path]:
    """Every shipped case, in examples/cases and its subfolders (the protocols kept beside them are not cases)."""
    return sorted(path for path in EXAMPLE_CASES.rglob("*.yaml")
                  if load_document(path).data.get("kind") == "screening-case")


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["cases", *args], env=ENV)
    return result.exit_code, result.output


def case_file(folder: Path, body: str, name: str = "case.yaml") -> Path:
    """A case written into ``folder``, naming the example protocols and intakes by absolute path."""
    path = folder / name
    path.write_text(f"protocolkit: 1\nkind: screening-case\n{body}", encoding="utf-8")
    return path


INLINE_LYMPH = f"""intake:
  client: T-0901
  conditions:
    - id: lymph-node-removal
      region: axilla
      side: left
      notes: {SECRET} removed at Hidden Clinic
  notes: {SECRET} lives at 12 Hidden Lane
protocol: {REFLEXOLOGY}
"""


# -- the command ------------------------------------------------------------------------------------


def test_a_passing_case_is_one_line_and_the_summary(runner: CliRunner) -> None:
    code, out = run(runner, str(CASES / "passing-fever.yaml"))
    assert code == 0
    assert out.splitlines() == [f"PASS {CASES / 'passing-fever.yaml'}: do not treat", "1 passed, 0 failed"]


def test_a_failing_case_shows_what_was_expected_and_what_came(runner: CliRunner) -> None:
    code, out = run(runner, str(CASES / "failing-expects-go.yaml"))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"FAIL {CASES / 'failing-expects-go.yaml'}: adapt" and lines[-1] == "0 passed, 1 failed"
    assert "  expected: verdict 'go'; flagged steps 8; spared steps 2, 4" in lines
    assert "  got: verdict 'adapt'; flagged steps 2, 3, 4, 5, 6, 9; spared steps 1, 7, 8, 10, 11" in lines
    assert "  - verdict: expected 'go', got 'adapt'" in lines
    assert "  - step 8 was expected to be flagged, but screening found nothing there" in lines
    assert "  - step 2 was expected to be spared, but screening flagged it" in lines
    assert "  reason: 6 steps must change: 2, 3, 4, 5, 6, 9" in lines
    assert "  why: Written wrong on purpose, to show what a failing case prints." in lines
    # The findings at the steps in question, located in the protocol; the intake's notes never.
    assert any("legs-post-event-sports.yaml:17:13: PK402 varicose-veins" in line for line in lines)
    assert "must never appear" not in out and "nor must this" not in out


def test_an_intake_given_by_path_and_one_written_in_screen_alike(catalog: Catalog, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "intakes" / "c-0533-lymph-nodes-left.yaml", tmp_path / "intake.yaml")
    (tmp_path / "intake.yaml").write_text((tmp_path / "intake.yaml").read_text().replace(
        "medications: [antiplatelets]", "medications: []"))
    by_path = run_case(str(case_file(tmp_path, f"intake: intake.yaml\nprotocol: {REFLEXOLOGY}\n"
                                     "expect: {verdict: adapt, flagged: [8], spared: [3, 4, 7]}\nwhy: w\n"
                                     "sources: [s]\n", "by-path.yaml")), catalog)
    written_in = run_case(str(CASES / "inline-intake.yaml"), catalog)
    assert by_path.status == written_in.status == "pass"
    assert by_path.flagged == written_in.flagged == (8,)
    assert isinstance(written_in.case, ScreeningCase) and written_in.case.inline_intake
    assert isinstance(by_path.case, ScreeningCase) and by_path.case.intake == "intake.yaml"


def test_nothing_of_an_intake_written_in_is_printed(runner: CliRunner, tmp_path: Path) -> None:
    failing = case_file(tmp_path, INLINE_LYMPH + "expect: {verdict: go, spared: [8]}\nwhy: w\nsources: [s]\n",
                        "failing.yaml")
    unknown = case_file(tmp_path, INLINE_LYMPH.replace("lymph-node-removal", "lymph-nodes-gone").replace(
        "region: axilla", f"region: {SECRET}-arm") + "expect: {verdict: go}\nwhy: w\nsources: [s]\n", "unknown.yaml")
    broken = case_file(tmp_path, INLINE_LYMPH.replace(f"  notes: {SECRET} lives", f"  {SECRET}-key: 1\n  notes: {SECRET} lives").replace(
        "side: left", f"side: {SECRET}") + "expect: {verdict: go}\nwhy: w\nsources: [s]\n", "broken.yaml")
    listed = case_file(tmp_path, f"intake: [{SECRET}, lymph]\nprotocol: {REFLEXOLOGY}\nexpect: {{verdict: go}}\n"
                                 "why: w\nsources: [s]\n", "listed.yaml")
    for path in (CASES / "inline-intake.yaml", failing, unknown, broken, listed):
        for output_format in ("text", "json"):
            code, out = run(runner, str(path), "--format", output_format)
            assert code in (0, 1, 2) and out.strip(), (path.name, out)
            assert SECRET not in out and "Hidden" not in out, (path.name, output_format, out)
    assert "T-0901" in run(runner, str(failing), "--format", "json")[1]  # the client reference may be shown
    assert "the value is not allowed at intake.conditions[0].side" in run(runner, str(broken))[1]


def test_a_protocol_that_cannot_be_read_is_located_and_the_other_cases_still_run(runner: CliRunner,
                                                                                  tmp_path: Path) -> None:
    code, out = run(runner, str(CASES / "missing-protocol.yaml"), str(CASES / "passing-fever.yaml"))
    assert code == 2
    lines = out.splitlines()
    assert lines[0].startswith(f"ERROR {CASES / 'missing-protocol.yaml'}: {CASES / 'missing-protocol.yaml'}:5:11: "
                               "protocol: ") and "No such file or directory" in lines[0]
    assert lines[1].startswith("PASS ") and lines[-1] == "1 passed, 0 failed, 1 could not be run"
    (tmp_path / "folder.yaml").mkdir()  # a folder where the file should be: cannot be read either
    case = case_file(tmp_path, f"intake: folder.yaml\nprotocol: {REFLEXOLOGY}\nexpect: {{verdict: go}}\nwhy: w\n"
                               "sources: [s]\n")
    code, out = run(runner, str(case))
    assert code == 2 and f"{case}:3:9: intake: " in out and "the intake file relative to this case" in out


def test_a_protocol_that_does_not_parse_gives_no_verdict_as_screen_does(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("protocolkit: 1\nsteps: [\n")
    case = case_file(tmp_path, f"intake: {EXAMPLES / 'intakes' / 'c-0107-healthy.yaml'}\nprotocol: bad.yaml\n"
                               "expect: {verdict: no verdict}\nwhy: w\nsources: [s]\n")
    result = run_case(str(case), catalog)
    assert result.status == "pass" and result.screening is not None
    assert result.screening.reasons == ("the protocol cannot be read",)
    assert [f.code for f in result.findings] == ["PK002"]


def test_schema_errors_are_located_in_the_case(runner: CliRunner) -> None:
    path = CASES / "schema-errors.yaml"
    code, out = run(runner, str(path))
    assert code == 2
    assert out.splitlines() == [
        f"ERROR {path}: the case has errors; fix them, then run it again",
        f"  {path}:2:1: PK001 missing required key 'why'",
        f"  {path}:7:12: PK001 'maybe' is not allowed at expect.verdict; use one of: go, adapt, do not treat, "
        "no verdict",
        f"  {path}:8:13: PK001 0 is less than the minimum of 1 at expect.flagged[0]",
        "0 passed, 0 failed, 1 could not be run"]


@pytest.mark.parametrize(("body", "message", "where"), [
    ("on: 2025-02-30\n", "on: '2025-02-30' is not a date", (5, 5)),
    ("on: 14/03/2025\n", "expected the session's date as YYYY-MM-DD", (5, 5)),
    ("expect: {verdict: adapt, flagged: [3], spared: [3]}\n", "step 3 is listed as both flagged and spared", (5, 9)),
    ("sources: ['  ']\n", "at least one source, and no empty one", (5, 10)),
    ("sources: []\n", "the list at sources is empty", (5, 10)),
    ("policy: {rule-out-session: [Gout Flare]}\n", "is not valid at policy.rule-out-session[0]", (5, 29)),
    ("policy: {ceilings: {gout-flare: 9}}\n", "at policy.ceilings.gout-flare", (5, 33)),
    ("policy: {forbid: [gout-flare]}\n", "unknown key 'forbid' at policy", (5, 10)),
], ids=["impossible-date", "date-format", "flagged-and-spared", "blank-source", "no-source", "policy-id",
        "policy-level", "policy-key"])
def test_what_the_schema_and_the_model_refuse(catalog: Catalog, tmp_path: Path, body: str, message: str,
                                              where: tuple[int, int]) -> None:
    defaults = {"expect": "expect: {verdict: go}\n", "sources": "sources: [s]\n"}
    key = body.split(":")[0]
    text = (f"intake: {EXAMPLES / 'intakes' / 'c-0107-healthy.yaml'}\nprotocol: {REFLEXOLOGY}\n" + body
            + "".join(line for name, line in defaults.items() if name != key) + "why: w\n")
    result = run_case(str(case_file(tmp_path, text)), catalog)
    assert result.status == "error" and len(result.findings) == 1, result.findings
    finding = result.findings[0]
    assert message in finding.message and (finding.line, finding.column) == where, finding


def test_the_clean_example_cases_validate_and_a_broken_one_is_validates_to_report(catalog: Catalog) -> None:
    for path in example_cases():
        checked = check(load_document(path), catalog)
        assert checked.findings == [] and isinstance(checked.model, ScreeningCase), path.name
    unknown = validate_file(str(CASES / "unknown-condition-no-verdict.yaml"), catalog).findings
    assert [(f.code, f.line, f.column, f.json_path) for f in unknown] == [
        ("PK405", 7, 11, "$.intake.conditions[0].id")]
    assert [f.code for f in validate_file(str(CASES / "schema-errors.yaml"), catalog).findings] == ["PK001"] * 3


def test_json_output(runner: CliRunner) -> None:
    code, out = run(runner, str(CASES / "passing-fever.yaml"), str(CASES / "failing-expects-go.yaml"),
                    str(CASES / "inline-intake.yaml"), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert (data["passed"], data["failed"], data["errors"]) == (2, 1, 0)
    passing, failing, inline = data["cases"]
    assert passing["status"] == "pass" and passing["verdict"] == "do not treat" and passing["on"] == "2025-03-14"
    assert passing["intake"] == "../intakes/fever.yaml" and passing["client"] == "T-0002"
    assert passing["sources"] == ["Werner & Benjamin categories"] and passing["policy"] is None
    assert failing["expected"] == {"verdict": "go", "flagged": [8], "spared": [2, 4]}
    assert failing["got"]["verdict"] == "adapt" and failing["got"]["flagged"] == [2, 3, 4, 5, 6, 9]
    assert failing["got"]["spared"] == [1, 7, 8, 10, 11] and failing["got"]["steps"] == 11
    assert "step 2 was expected to be spared, but screening flagged it" in failing["problems"]
    assert {f["code"] for f in failing["findings"]} >= {"PK402"} and failing["findings_left_off"] == 0
    assert inline["intake"] == "written in the case" and inline["client"] == "T-0900"


def test_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, str(CASES / "passing-fever.yaml"))[0] == 0
    assert run(runner, str(CASES / "passing-fever.yaml"), str(CASES / "failing-expects-go.yaml"))[0] == 1
    assert run(runner, str(CASES / "failing-expects-go.yaml"), str(CASES / "schema-errors.yaml"))[0] == 2
    assert run(runner, str(tmp_path / "nowhere.yaml")) == (2, f"ERROR {tmp_path / 'nowhere.yaml'}: no such file or "
                                                            "directory\n0 passed, 0 failed, 1 could not be run\n")
    assert run(runner, str(EXAMPLES / "reflexology-45.yaml"))[0] == 2  # named on purpose, but no case
    assert runner.invoke(cli, ["cases"], env=ENV).exit_code == 2  # no path at all: a usage error


def test_a_folder_is_searched_for_cases_only(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(CASES / "passing-fever.yaml", tmp_path / "sub" / "fever.yaml")
    (tmp_path / "sub" / "fever.yaml").write_text((CASES / "passing-fever.yaml").read_text().replace(
        "../intakes/fever.yaml", str(DATA / "intakes" / "fever.yaml")).replace(
        "../../../examples/", str(EXAMPLES) + "/"))
    shutil.copy(REFLEXOLOGY, tmp_path / "reflexology-45.yaml")  # another kind: left alone
    (tmp_path / "broken.yaml").write_text("protocolkit: 1\nid: [\n")  # not a case either, even if it does not parse
    code, out = run(runner, str(tmp_path))
    assert code == 0 and out.splitlines() == [f"PASS {tmp_path / 'sub' / 'fever.yaml'}: do not treat",
                                              "1 passed, 0 failed"]
    (tmp_path / "broken-case.yaml").write_text("protocolkit: 1\nkind: screening-case\nexpect: [\n")
    code, out = run(runner, str(tmp_path))
    assert code == 2 and f"ERROR {tmp_path / 'broken-case.yaml'}: " in out and "PK002" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out = run(runner, str(empty))
    assert code == 2 and "no screening cases" in out


# -- comparing -------------------------------------------------------------------------------------


def test_a_step_the_protocol_does_not_have_fails_rather_than_passing_quietly(catalog: Catalog,
                                                                            tmp_path: Path) -> None:
    case = case_file(tmp_path, INLINE_LYMPH + "expect: {verdict: adapt, flagged: [8], spared: [12]}\nwhy: w\n"
                                              "sources: [s]\n")
    result = run_case(str(case), catalog)
    assert result.status == "fail"
    assert result.problems == ("step 12 was expected to be spared, but the protocol has only 10 steps",)


def test_steps_cannot_be_checked_without_a_verdict_or_in_a_plan(catalog: Catalog, tmp_path: Path) -> None:
    unknown = case_file(tmp_path, INLINE_LYMPH.replace("lymph-node-removal", "lymph-nodes-gone")
                        + "expect: {verdict: no verdict, spared: [2]}\nwhy: w\nsources: [s]\n", "unknown.yaml")
    result = run_case(str(unknown), catalog)
    assert result.status == "fail" and result.problems == (
        "step 2 was expected to be spared, but there is no verdict, so screening never reached the steps",)
    plan = case_file(tmp_path, f"intake: {EXAMPLES / 'intakes' / 'c-0420-fever.yaml'}\n"
                               f"protocol: {EXAMPLES / 'plans' / 'upper-back-series.yaml'}\n"
                               "expect: {verdict: do not treat}\nwhy: w\nsources: [s]\n", "plan.yaml")
    assert run_case(str(plan), catalog).status == "pass"
    with_steps = case_file(tmp_path, plan.read_text().split("kind: screening-case\n")[1].replace(
        "verdict: do not treat", "verdict: do not treat, flagged: [3]"), "plan-steps.yaml")
    result = run_case(str(with_steps), catalog)
    assert result.status == "fail" and "a treatment plan: it has phases, not steps" in result.problems[0]


def test_flagged_steps_count_only_screening_findings_at_a_step() -> None:
    findings = [Finding("PK402", "error", "m", ("steps", 1, "region")), Finding("PK403", "error", "m", ("steps", 4)),
                Finding("PK201", "error", "a duration, not screening", ("steps", 6)),
                Finding("PK401", "error", "the whole session", ())]
    assert flagged_steps(findings) == (2, 5)


def test_an_expectation_is_checked_when_it_is_built() -> None:
    assert Expectation("adapt", [1, 2], [3]).flagged == (1, 2)
    for wrong in ({"verdict": "maybe"}, {"verdict": "go", "flagged": [0]}, {"verdict": "go", "spared": [True]},
                  {"verdict": "go", "flagged": [2], "spared": [2]}):
        with pytest.raises(ValueError):
            Expectation(**wrong)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one source"):
        ScreeningCase("p.yaml", Intake("C-1", []), Expectation("go"), "why", [])


def test_a_policy_in_the_case_tightens_screening_for_that_case_only(catalog: Catalog, tmp_path: Path) -> None:
    gout = (EXAMPLE_CASES / "gout-flare-one-foot.yaml").read_text().split("kind: screening-case\n")[1].replace(
        "protocol: ../reflexology-45.yaml", f"protocol: {REFLEXOLOGY}")
    strict = case_file(tmp_path, gout.split("expect:")[0] + "policy:\n  rule-out-session: [gout-flare]\n"
                       "expect: {verdict: do not treat}\nwhy: w\nsources: [s]\n", "strict.yaml")
    plain = case_file(tmp_path, gout, "plain.yaml")
    results = list(run_cases([str(strict), str(plain)], catalog))
    assert [result.status for result in results] == ["pass", "pass"], [result_text(r) for r in results]
    assert catalog.conditions["gout-flare"].category == "local"  # the shared catalog is as it was
    milder = case_file(tmp_path, gout.replace("expect:\n", "policy:\n  ceilings: {gout-flare: 3}\nexpect:\n"),
                       "milder.yaml")
    refused = run_case(str(milder), catalog)
    assert refused.status == "error" and f"{milder}:11:3: policy" in refused.problems[0]


# -- the examples ----------------------------------------------------------------------------------


def test_every_example_case_passes(catalog: Catalog) -> None:
    """The shipped cases, as a clinic would run them: each failure listed with what it expected and got."""
    results: list[CaseResult] = list(run_cases([str(EXAMPLE_CASES)], catalog))
    assert len(results) == len(example_cases()) >= 40
    failures = [result_text(result) for result in results if result.status != "pass"]
    assert failures == [], "\n\n".join(failures)


def test_the_real_executable_runs_the_example_cases() -> None:
    script = Path(sys.executable).with_name("protocolkit")
    done = subprocess.run([str(script), "cases", str(EXAMPLE_CASES)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == f"{len(example_cases())} passed, 0 failed"


def test_every_example_case_cites_a_source_and_says_why(catalog: Catalog) -> None:
    for result in run_cases([str(EXAMPLE_CASES)], catalog):
        assert result.case is not None and result.case.sources and len(result.case.why.split()) >= 8, result.path


@pytest.mark.parametrize("name", ["unknown-condition-no-verdict.yaml", "no-verdict-misspelt-clearance.yaml"])
def test_the_no_verdict_cases_pass(catalog: Catalog, name: str) -> None:
    """'no verdict' needs an intake error, which 'validate examples' would report, so these live in tests/data."""
    [result] = run_cases([str(Path(__file__).parent / "data" / "cases" / name)], catalog)
    assert result.status == "pass", result_text(result)
    assert result.case is not None and result.case.expect.verdict == "no verdict"
