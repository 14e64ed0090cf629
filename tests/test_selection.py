"""--select/--ignore/--exit-zero, suppression comments, and the codes that can never be switched off."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli
from protocolkit.model.findings import Finding
from protocolkit.check.selection import NEVER_IGNORED, Selection, SelectionError, apply_suppressions

from .conftest import DATA

BROKEN = DATA / "broken"


@pytest.mark.parametrize(("select", "ignore", "code", "wanted"), [
    ((), (), "PK301", True),
    (("PK3",), (), "PK301", True),
    (("PK3",), (), "PK201", False),
    ((), ("PK3",), "PK301", False),
    ((), ("PK3",), "PK304", False),
    (("PK",), ("PK3",), "PK304", False),
    (("PK304",), ("PK3",), "PK304", True),   # the more specific entry wins
    (("MFR",), (), "MFR001", True),
    ((), ("PK",), "PK401", True),             # never ignored
    ((), ("PK4",), "PK403", True),            # no screening code is
    ((), ("PK40",), "PK404", True),
    (("MFR",), (), "PK405", True),            # never dropped by a selection either
])
def test_selection_semantics(select: tuple[str, ...], ignore: tuple[str, ...], code: str, wanted: bool) -> None:
    assert Selection(select, ignore).wants(code) is wanted


def test_entries_must_name_a_rule() -> None:
    Selection(("PK3", "MFR001"), ("RFX",)).check_against(["PK301", "MFR001", "RFX001"])
    for bad in ("PK9", "pk3", "XYZ", "PK3,"):
        with pytest.raises(SelectionError, match="names no rule"):
            Selection((bad,)).check_against(["PK301"])


def finding(code: str, line: int) -> Finding:
    return Finding(code, "warning", "m", file="f.yaml", line=line, column=3)


def test_suppressions_cover_their_line_and_report_the_unused() -> None:
    text = "a: 1  # protocolkit: ignore[PK301]\nb: 2  # protocolkit: ignore[PK201, PK304]\nc: 3\n"
    kept = apply_suppressions([finding("PK301", 1), finding("PK304", 2), finding("PK301", 3)], text, "f.yaml")
    assert [(f.code, f.line) for f in kept] == [("PK301", 3), ("PK004", 2)]
    assert kept[1].message.startswith("the suppression of PK201 is unused") and kept[1].column == 7


def test_never_ignored_codes_cannot_be_suppressed() -> None:
    assert {"PK002", "PK003", "PK005", "PK401", "PK402", "PK403", "PK404", "PK405", "PK406", "PK407"} == NEVER_IGNORED
    for code in ("PK401", "PK403", "PK404"):
        kept = apply_suppressions([finding(code, 1)], f"a: 1  # protocolkit: ignore[{code}]\n", "f.yaml")
        assert [f.code for f in kept] == [code, "PK004"]
        assert "can never be suppressed" in kept[1].message


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(cli, list(args))
    else:
        with runner.isolated_filesystem(temp_dir=cwd):
            result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_select_ignore_and_exit_zero() -> None:
    both = [str(BROKEN / "pk201-over.yaml"), str(BROKEN / "pk301-no-warm-up.yaml")]
    code, out, _ = run("validate", *both)
    assert code == 1 and " PK201 " in out and " PK301 " in out
    code, out, _ = run("validate", "--select", "PK3", *both)
    assert code == 0 and " PK201 " not in out and " PK301 " in out
    code, out, _ = run("validate", "--ignore", "PK2,PK3", *both)
    assert (code, out) == (0, "")
    code, out, _ = run("validate", "--exit-zero", *both)
    assert code == 0 and " PK201 " in out
    code, _, err = run("validate", "--select", "NOPE1", *both)
    assert code == 2 and "'NOPE1' names no rule" in err


def test_screen_verdict_weighs_findings_the_report_leaves_out() -> None:
    code, out, _ = run("screen", str(BROKEN / "pk201-over.yaml"), "--intake",
                       str(DATA / "intakes" / "healthy.yaml"), "--ignore", "PK2")
    assert code == 1 and out.splitlines()[0].endswith(": adapt") and " PK201 " not in out
    code, out, _ = run("screen", str(BROKEN / "pk402-local-and-distal.yaml"), "--intake",
                       str(DATA / "intakes" / "varicose-left-thigh.yaml"), "--ignore", "PK4")
    assert code == 1 and out.splitlines()[0].endswith(": adapt") and " PK402 " in out, "screening stays reported"
