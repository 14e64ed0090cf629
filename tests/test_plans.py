"""Treatment plans: the checks (PK601-PK604), screening a plan, and `plan summary`."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from protocolkit.check.validation import plan_report, validate_file
from protocolkit.check.verdicts import screen_file, worst_verdict
from protocolkit.cli import cli
from protocolkit.load.documents import load_document
from protocolkit.model import codes
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.plan_summary import plan_sessions, plan_summary

from .conftest import EXAMPLES

PLAN = EXAMPLES / "plans" / "upper-back-series.yaml"
HEALTHY = str(EXAMPLES / "intakes" / "c-0107-healthy.yaml")
FEVER = str(EXAMPLES / "intakes" / "c-0420-fever.yaml")
DEEP = "upper-back-deep-tissue-60.yaml"


def plan_in(folder: Path, text: str, *protocols: str) -> Path:
    """A plan written into ``folder`` with copies of example protocols beside it."""
    for name in protocols:
        shutil.copy(EXAMPLES / name, folder / name)
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def codes_of(path: Path, catalog: Catalog) -> list[str]:
    return sorted(f.code for f in validate_file(str(path), catalog).findings)


# -- the checks and their rule pages ------------------------------------------------------------------


@pytest.mark.parametrize("rule", [codes.PLAN_PROTOCOL_MISSING, codes.PLAN_PROTOCOL_INVALID,
                                  codes.RECOVERY_TOO_SHORT, codes.REASSESSMENT_OVERDUE], ids=lambda r: r.code)
def test_each_page_example_trips_its_rule_beside_its_protocols_and_the_fix_does_not(
        rule: codes.Rule, catalog: Catalog, tmp_path: Path) -> None:
    broken, fixed = tmp_path / "example", tmp_path / "fix"
    broken.mkdir(), fixed.mkdir()
    draft = (EXAMPLES / DEEP).read_text(encoding="utf-8")
    (broken / "upper-back-draft.yaml").write_text(draft.replace("region: upper-back\n", "region: upper-bak\n", 1))
    (fixed / "upper-back-draft.yaml").write_text(draft)
    assert codes_of(plan_in(broken, rule.example, DEEP), catalog) == [rule.code]
    assert codes_of(plan_in(fixed, rule.fix, DEEP), catalog) == []


def test_the_example_plan_validates_clean(catalog: Catalog) -> None:
    assert validate_file(str(PLAN), catalog).findings == []


def test_a_protocol_named_by_id_beside_the_plan_is_found(catalog: Catalog, tmp_path: Path) -> None:
    text = codes.PLAN_PROTOCOL_MISSING.fix.replace(DEEP, "upper-back-deep-tissue-60")
    assert codes_of(plan_in(tmp_path, text, DEEP), catalog) == []
    missing = plan_in(tmp_path, text.replace("upper-back-deep-tissue-60", "upper-back-deep"))
    (finding,) = validate_file(str(missing), catalog).findings
    assert finding.code == "PK601" and "no protocol with id 'upper-back-deep'" in finding.message


@pytest.mark.parametrize(("reference", "said"), [
    (".", "is a folder"), ("plan.yaml", "names the plan itself"),
    ("../../etc/no-such.yaml", "does not exist")])
def test_a_phase_pointing_at_no_protocol_is_a_located_pk601(catalog: Catalog, tmp_path: Path, reference: str,
                                                           said: str) -> None:
    text = codes.PLAN_PROTOCOL_MISSING.fix.replace(DEEP, reference if reference != "." else "sub.yaml")
    if reference == ".":
        (tmp_path / "sub.yaml").mkdir()
    (finding,) = validate_file(str(plan_in(tmp_path, text)), catalog).findings
    assert (finding.code, finding.line, finding.column) == ("PK601", 9, 15) and said in finding.message


def test_an_intake_named_as_a_protocol_is_refused_unquoted(catalog: Catalog, tmp_path: Path) -> None:
    shutil.copy(FEVER, tmp_path / "client.yaml")
    text = codes.PLAN_PROTOCOL_MISSING.fix.replace(DEEP, "client.yaml")
    (finding,) = validate_file(str(plan_in(tmp_path, text)), catalog).findings
    assert finding.code == "PK602" and "is not a protocol" in finding.message and "fever" not in finding.message


def test_unknown_keys_are_located(catalog: Catalog, tmp_path: Path) -> None:
    text = codes.PLAN_PROTOCOL_MISSING.fix.replace("    every: 3d", "    evry: 3d")
    found = validate_file(str(plan_in(tmp_path, text, DEEP)), catalog).findings
    assert [(f.code, f.line, f.column) for f in found if "evry" in f.message] == [("PK001", 11, 5)]
    assert "did you mean 'every'?" in " ".join(f.message for f in found)


def test_goals_are_plain_ids_as_in_a_protocol_or_ids_with_a_target(catalog: Catalog, tmp_path: Path) -> None:
    beside = PLAN.read_text(encoding="utf-8").replace("protocol: ../", "protocol: ")
    protocols = (DEEP, "neck-shoulders-myofascial-trigger-point.yaml")
    mixed = beside.replace("goals:\n", "goals:\n  - range-of-motion\n", 1)
    path = plan_in(tmp_path, mixed, *protocols)
    assert codes_of(path, catalog) == []
    report = plan_report(load_document(path), catalog)
    assert not isinstance(report, list)
    assert [(goal.id, goal.target) for goal in report.plan.goals] == [
        ("range-of-motion", None), ("muscle-pain", "pain below 3/10"),
        ("stiffness", "turns the head fully both ways without pain")]
    listed = beside.replace(beside[beside.index("goals:"):beside.index("phases:")], "goals: [muscle-pain, stiffness]\n")
    assert codes_of(plan_in(tmp_path, listed, *protocols), catalog) == []
    # A plain id is spelt as a protocol's goals are; a mapping still names its unknown keys.
    (finding,) = validate_file(str(plan_in(tmp_path, mixed.replace("- range-of-motion", "- Range of motion"))),
                               catalog).findings
    assert (finding.code, finding.line, finding.column) == ("PK001", 10, 5) and "lower-case id" in finding.message
    typo = plan_in(tmp_path, beside.replace("    target: pain below", "    targt: pain below", 1))
    assert "did you mean 'target'?" in " ".join(f.message for f in validate_file(str(typo), catalog).findings)


def test_the_recovery_and_reassessment_limits_are_settings(catalog: Catalog, tmp_path: Path) -> None:
    path = plan_in(tmp_path, codes.RECOVERY_TOO_SHORT.fix.replace("every: 3d", "every: 2d"), DEEP)
    assert codes_of(path, catalog) == []
    strict = attrs.evolve(catalog, recovery_hours=72.0, reassess_every=3)
    assert sorted(f.code for f in validate_file(str(path), strict).findings) == ["PK603", "PK604"]


def test_settings_come_from_protocolkit_toml(runner: CliRunner, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan_in(tmp_path, codes.RECOVERY_TOO_SHORT.fix, DEEP)
    (tmp_path / "protocolkit.toml").write_text("recovery-hours = 96\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0 and "PK603" in result.stdout and "96 h" in result.stdout
    (tmp_path / "protocolkit.toml").write_text("reassess-every = 0\n")
    bad = runner.invoke(cli, ["validate", str(path)])
    assert bad.exit_code == 2 and "'reassess-every' must be" in bad.stderr


# -- screening ---------------------------------------------------------------------------------------------


def test_worst_verdict_fails_closed() -> None:
    assert worst_verdict(["go", "adapt"]) == "adapt"
    assert worst_verdict(["adapt", "do not treat", "go"]) == "do not treat"
    assert worst_verdict(["do not treat", "no verdict"]) == "no verdict"
    assert worst_verdict([]) == "no verdict"


def test_a_plan_is_screened_phase_by_phase(catalog: Catalog) -> None:
    screened, unreadable = screen_file(str(PLAN), HEALTHY, catalog)
    assert unreadable is None and screened.verdict == "go"
    phases = screened.phases  # type: ignore[attr-defined]
    assert [(p.index, p.protocol, p.screening.verdict) for p in phases] == [
        (0, "../upper-back-deep-tissue-60.yaml", "go"), (1, "../neck-shoulders-myofascial-trigger-point.yaml", "go")]
    sick, _ = screen_file(str(PLAN), FEVER, catalog)
    assert sick.verdict == "do not treat"
    assert all(p.screening.verdict == "do not treat" for p in sick.phases)  # type: ignore[attr-defined]


def test_an_unreadable_protocol_means_no_verdict_for_the_plan(catalog: Catalog, tmp_path: Path) -> None:
    text = codes.PLAN_PROTOCOL_MISSING.fix + "  - protocol: gone.yaml\n    sessions: 1\n    every: 1w\n"
    screened, _ = screen_file(str(plan_in(tmp_path, text, DEEP)), HEALTHY, catalog)
    assert screened.verdict == "no verdict"
    assert [p.screening.verdict for p in screened.phases] == ["go", "no verdict"]  # type: ignore[attr-defined]
    assert any("phase 2 (gone.yaml): no verdict" in reason for reason in screened.reasons)


def test_screen_json_has_the_protocol_shape_and_the_phases(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", str(PLAN), "--intake", HEALTHY, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"verdict", "client", "on", "reasons", "advice", "findings", "phases"} and data["verdict"] == "go"
    assert [set(phase) for phase in data["phases"]] == [{"phase", "protocol", "verdict", "reasons", "findings"}] * 2
    fever = runner.invoke(cli, ["screen", str(PLAN), "--intake", FEVER])
    assert fever.exit_code == 1 and "do not treat" in fever.stdout and "phase 1" in fever.stdout


def test_screen_a_plan_that_does_not_check_gives_no_verdict(runner: CliRunner, tmp_path: Path) -> None:
    path = plan_in(tmp_path, "protocolkit: 1\nkind: treatment-plan\nid: x\ntitle: X\nphases: []\n")
    result = runner.invoke(cli, ["screen", str(path), "--intake", HEALTHY, "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["verdict"] == "no verdict"
    assert "Traceback" not in result.output


# -- the summary -----------------------------------------------------------------------------------------


def test_plan_sessions_number_date_and_mark_reassessments(catalog: Catalog) -> None:
    report = plan_report(load_document(PLAN), catalog)
    assert not isinstance(report, list)
    sessions = plan_sessions(report, date(2027, 1, 4))
    assert [s.day for s in sessions] == [0, 3, 6, 9, 12, 15, 18, 25, 32]
    assert [s.number for s in sessions if s.reassess] == [6, 9]
    assert sessions[6].date == date(2027, 1, 22) and sessions[6].phase == 1 and sessions[6].phase_session == 1
    assert sessions[0].protocol_id == "upper-back-deep-tissue-60" and str(sessions[0].duration) == "1h"
    assert plan_sessions(report)[0].date is None
    summary = plan_summary(report, catalog)
    assert (summary.session_count, summary.total_minutes, summary.span_days) == (9, 540.0, 32)
    assert summary.lines[0].startswith("Deep tissue massage and Swedish massage, upper back, 60 min, every 3 days "
                                       "(about 2x/week) for 3 weeks; reassess at session 6; self-care: stretch: ")


def test_plan_summary_text_and_calendar(runner: CliRunner) -> None:
    plain = runner.invoke(cli, ["plan", "summary", str(PLAN)])
    assert plain.exit_code == 0, plain.output
    assert "9 sessions over 33 days, 540 min in all" in plain.stdout and "Calendar" not in plain.stdout
    dated = runner.invoke(cli, ["plan", "summary", str(PLAN), "--start", "2027-01-04"])
    lines = dated.stdout.splitlines()
    assert "  2027-01-04 Mon  session  1  phase 1  Deep tissue for the upper back (60 minutes)" in lines
    assert lines[-1].startswith("  2027-02-05 Fri  session  9  phase 2") and lines[-1].endswith("reassess")


def test_plan_summary_json(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["plan", "summary", str(PLAN), "--start", "2027-01-04", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["findings"] == [] and data["summary"]["sessions"] == 9
    assert data["summary"]["calendar"][5] == {
        "number": 6, "phase": 0, "phase_session": 6, "day": 15, "date": "2027-01-19",
        "protocol": "../upper-back-deep-tissue-60.yaml", "protocol_id": "upper-back-deep-tissue-60",
        "protocol_title": "Deep tissue for the upper back (60 minutes)", "duration": "1h", "reassess": True}


@pytest.mark.parametrize(("args", "code", "said"), [
    (["no-such-plan.yaml"], 2, "cannot read"),
    ([str(EXAMPLES / DEEP)], 2, "is not a treatment plan"),
    ([str(PLAN), "--start", "4 Jan"], 2, "Invalid value for '--start'"),
])
def test_plan_summary_bad_input(runner: CliRunner, args: list[str], code: int, said: str) -> None:
    result = runner.invoke(cli, ["plan", "summary", *args])
    assert result.exit_code == code and said in result.stderr and "Traceback" not in result.output


def test_plan_summary_of_a_plan_with_a_missing_protocol(runner: CliRunner, tmp_path: Path) -> None:
    path = plan_in(tmp_path, codes.PLAN_PROTOCOL_MISSING.example)
    result = runner.invoke(cli, ["plan", "summary", str(path)])
    assert result.exit_code == 1 and "PK601" in result.stderr
    assert "upper-back-deep-tissue.yaml (the protocol cannot be read)" in result.stdout
