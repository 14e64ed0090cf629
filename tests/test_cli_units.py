"""`protocolkit units` through the real CLI: a protocol and a plan, text and JSON, both policies, and
bad input answered in words with its exit code (never a traceback).

The clinic's codes are set in a temporary protocolkit.toml, so the counts below do not depend on
which codes the plugins ship: every technique of the examples that a count relies on is mapped here,
and the rest (deep-tissue effleurage and friction, trigger-point work) is named "no code".
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from protocolkit.cli import cli
from protocolkit.cli.billing import POLICY_NAMES
from protocolkit.model.billing import CAVEAT, POLICIES

from .conftest import EXAMPLES

PROTOCOL = str(EXAMPLES / "upper-back-deep-tissue-60.yaml")
PLAN = str(EXAMPLES / "plans" / "upper-back-series.yaml")
# Upper back: 97124 13 min (Swedish strokes), 97140 23 min (deep strokes 17, compression 6); 16 min no code.
CODES = ('codes = {"swedish.effleurage" = "97124", "swedish.petrissage" = "97124", '
         '"deep-tissue.deep-stroking" = "97140", "deep-tissue.compression" = "97140", '
         '"myofascial-release.sustained-pressure" = "97140", "myofascial-release.skin-rolling" = "97140"}\n')
PLUGIN_ENV = {"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clinic folder whose protocolkit.toml maps the codes (policy left to the default, cms)."""
    (tmp_path / "protocolkit.toml").write_text("[billing]\n" + CODES)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["units", *args], env=PLUGIN_ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def shown(*args: str) -> dict[str, object]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def by_code(data: dict[str, object]) -> dict[str, tuple[float, int]]:
    codes = data["codes"]
    assert isinstance(codes, list)
    return {row["code"]: (row["minutes"], row["units"]) for row in codes}


def test_a_protocol_in_json_has_the_issues_shape(clinic: Path) -> None:
    data = shown(PROTOCOL)
    assert list(data) == ["policy", "codes", "total-units", "timed-minutes", "untimed-minutes", "no-code-minutes",
                          "no-code", "explanation", "hints"]
    assert data["policy"] == "cms" and by_code(data) == {"97124": (13, 1), "97140": (23, 1)}
    figures = (data["total-units"], data["timed-minutes"], data["untimed-minutes"], data["no-code-minutes"])
    assert figures == (2, 36, 8, 16)
    assert data["no-code"] == ["deep-tissue.effleurage", "deep-tissue.friction"]
    assert data["hints"] == ["38 timed minutes would bill 3 units; this protocol has 36."]


def test_per_code_counts_each_code_alone_where_cms_counts_the_total(clinic: Path) -> None:
    cms, per_code = shown(PROTOCOL, "--policy", "cms"), shown(PROTOCOL, "--policy", "per-code")
    # 36 timed minutes are 2 units under cms; alone, 13 minutes of 97124 bill 1 and 23 of 97140 bill 2.
    assert (cms["total-units"], per_code["total-units"]) == (2, 3)
    assert by_code(per_code) == {"97124": (13, 1), "97140": (23, 2)}


def test_the_clinics_policy_is_the_default_and_the_option_overrides_it(clinic: Path) -> None:
    (clinic / "protocolkit.toml").write_text('[billing]\npolicy = "per-code"\n' + CODES)
    assert shown(PROTOCOL)["policy"] == "per-code" and shown(PROTOCOL)["total-units"] == 3
    assert shown(PROTOCOL, "--policy", "cms")["total-units"] == 2


def test_the_text_is_a_table_then_why_then_hints_then_the_caveat(clinic: Path) -> None:
    result = run(PROTOCOL)
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Deep tissue for the upper back (60 minutes) (upper-back-deep-tissue-60): 2 units")
    rows = [line.split() for line in lines]
    assert ["97124", "13", "1"] in rows and ["97140", "23", "1"] in rows and ["Total", "timed", "36", "2"] in rows
    text = result.stdout
    assert "No code: 16 minutes of deep-tissue.effleurage, deep-tissue.friction" in text
    assert "Untimed: 8 minutes of activities" in text
    assert text.index("Why:") < text.index("Hints") < text.index(CAVEAT)
    assert "38 timed minutes would bill 3 units; this protocol has 36." in text
    assert lines[-1] == CAVEAT and text.count(CAVEAT) == 1


def test_a_protocol_without_a_code_bills_nothing_and_says_how_to_map_its_techniques(clinic: Path) -> None:
    result = run(str(EXAMPLES / "reflexology-45.yaml"))  # no code maps a reflexology technique
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["(none)", "0", "0"] in rows and ["Total", "timed", "0", "0"] in rows
    assert "they bill nothing until they are mapped under [billing] codes in protocolkit.toml" in result.stdout


def test_a_plan_counts_every_session_and_the_series(clinic: Path) -> None:
    data = shown(PLAN)
    sessions = data["sessions"]
    assert isinstance(sessions, list) and len(sessions) == 6 + 3  # the plan's phases: 6 sessions, then 3
    assert [entry["session"] for entry in sessions] == list(range(1, 10))
    assert {entry["protocol"] for entry in sessions[:6]} == {"../upper-back-deep-tissue-60.yaml"}
    assert {entry["protocol"] for entry in sessions[6:]} == {"../neck-shoulders-myofascial-trigger-point.yaml"}
    assert data["total-units"] == sum(entry["total-units"] for entry in sessions)
    for key in ("timed-minutes", "untimed-minutes", "no-code-minutes"):
        assert data[key] == sum(entry[key] for entry in sessions), key
    for code, (minutes, units) in by_code(data).items():
        assert units == sum(by_code(entry).get(code, (0, 0))[1] for entry in sessions)
        assert minutes == sum(by_code(entry).get(code, (0, 0))[0] for entry in sessions)
    explanation = data["explanation"]
    assert sessions[0]["total-units"] == 2 and isinstance(explanation, list) and explanation[-1] == CAVEAT


def test_a_plans_text_has_a_block_per_phase_and_the_series(clinic: Path) -> None:
    result = run(PLAN)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    total = shown(PLAN)["total-units"]
    assert text.splitlines()[0].startswith(f"Upper back recovery series (upper-back-series): {total} units over 9")
    assert "Phase 1: Deep tissue for the upper back (60 minutes)" in text and "6 sessions x 2 units = 12 units" in text
    assert "Phase 2: Neck and shoulders" in text and "Series (9 sessions):" in text
    assert text.splitlines()[-1] == CAVEAT


@pytest.mark.parametrize(("billing", "said"), [
    ('policy = "medicare"\n', ["'billing.policy'", "write 'cms' or 'per-code'"]),
    ('codes = {"swedish.effleurage" = "9712"}\n',
     ["'billing.codes.\"swedish.effleurage\"'", "'9712' is not a billing code", "five digits"]),
    ('codes = {"deep-tisue.deep-stroking" = "97140"}\n',
     ["'deep-tisue.deep-stroking'", "did you mean 'deep-tissue.deep-stroking'"]),
    # a misspelt modality whose nearest one has no such technique: the hint names what it offers
    ('codes = {"deep-tisue.stripping" = "97140"}\n',
     ["no installed modality 'deep-tisue'", "did you mean 'deep-tissue'? It offers effleurage"]),
    ('codes = {"swedish.frictoin" = "97140"}\n',
     ["Swedish massage has no technique 'frictoin'", "did you mean 'swedish.friction'"]),
    ('codes = {"swedish.zzzzzz" = "97140"}\n', ["has no technique 'zzzzzz'", "it offers effleurage"]),
])
def test_a_bad_billing_table_is_located_in_the_file_and_says_the_fix(clinic: Path, billing: str,
                                                                     said: list[str]) -> None:
    (clinic / "protocolkit.toml").write_text("[billing]\n" + billing)
    result = run(PROTOCOL)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{clinic / 'protocolkit.toml'}:" in result.stderr
    for words in said:
        assert words in result.stderr


def test_a_policy_that_does_not_exist_on_the_command_line_is_a_usage_error(clinic: Path) -> None:
    result = run(PROTOCOL, "--policy", "medicare")
    assert result.exit_code == 2 and "'medicare' is not one of 'cms', 'per-code'" in result.stderr


def test_the_commands_policies_are_the_models(clinic: Path) -> None:
    assert POLICY_NAMES == POLICIES  # written out in the CLI so that --help loads no model


def test_a_plan_whose_phase_protocol_is_missing_is_located_and_counts_nothing(clinic: Path) -> None:
    (clinic / "plans").mkdir()
    plan = clinic / "plans" / "series.yaml"
    plan.write_text(Path(PLAN).read_text().replace("../upper-back-deep-tissue-60.yaml", "../missing.yaml"))
    result = run(str(plan))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{plan}:15:" in result.stderr and "PK601" in result.stderr
    assert "'../missing.yaml' does not exist" in result.stderr
    assert "fix them first" in result.stderr


def test_a_protocol_with_errors_counts_nothing(clinic: Path) -> None:
    broken = clinic / "broken.yaml"
    broken.write_text(Path(PROTOCOL).read_text().replace("technique: friction", "technique: frictoin", 1))
    result = run(str(broken), "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{broken}:" in result.stderr and "frictoin" in result.stderr


INTAKE = EXAMPLES / "intakes" / "c-0042-varicose-anticoagulants.yaml"


@pytest.mark.parametrize(("name", "copied", "said"), [
    ("gone.yaml", None, "cannot read"),
    ("intake.yaml", INTAKE, "is neither a protocol nor a treatment plan"),
])
def test_a_file_that_is_no_protocol_or_plan_exits_2_with_the_file_and_why(clinic: Path, name: str,
                                                                          copied: Path | None, said: str) -> None:
    path = clinic / name
    if copied is not None:
        path.write_text(copied.read_text())
    result = run(str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert str(path) in result.stderr and said in result.stderr


def test_help_documents_the_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["units", "--help"])
    assert result.exit_code == 0
    assert "0 units reported" in result.stdout and "1 the file has errors" in result.stdout
    assert "2 the file cannot be read" in result.stdout


def test_the_installed_command_prints_json(clinic: Path) -> None:
    """Once through a real subprocess and the installed console script."""
    script = Path(sys.executable).with_name("protocolkit")
    done = subprocess.run([str(script), "units", PROTOCOL, "--format", "json", "--policy", "per-code"], cwd=clinic,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total-units"] == 3
