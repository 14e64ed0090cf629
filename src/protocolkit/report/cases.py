"""Screening cases written out: one line a case, what differs for a failure, a summary; or JSON data.

A passing case is one line (``PASS path: verdict``).  A failing one adds
what was expected and what came (the verdict, the steps flagged and spared,
the screening's reasons), each difference in words, the case's ``why``, and
the screening findings at the steps in question.  A case that cannot be run
says what stops it, located in the case file.  Findings are capped per case
(JSON gives more, and says how many were left off).  Nothing of an intake
is written but its condition ids (inside finding messages) and client
reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from protocolkit.check.cases import CaseResult
from protocolkit.model.cases import Expectation
from protocolkit.model.findings import Finding
from protocolkit.report.reporters import printable

MAX_TEXT_FINDINGS = 10
MAX_JSON_FINDINGS = 100
MAX_TEXT_PROBLEMS = 20
_LABELS = {"pass": "PASS", "fail": "FAIL", "error": "ERROR"}


def result_text(result: CaseResult) -> str:
    """The case's line, and for a failure or an error the indented lines that say why."""
    if result.status == "error":
        first, *rest = result.problems or ("it cannot be run",)
        # "PATH: cannot read: ..." says its path already.
        lines = [f"ERROR {result.path}: {first.removeprefix(f'{result.path}: ')}", *(f"  {p}" for p in rest)]
        lines += _located(result.findings, MAX_TEXT_FINDINGS)
        return printable("\n".join(lines))
    assert result.screening is not None and result.case is not None
    lines = [f"{_LABELS[result.status]} {result.path}: {result.screening.verdict}"]
    if result.status == "fail":
        case = result.case
        on = f" (session on {case.on.isoformat()})" if case.on else ""
        lines.append(f"  expected{on}: {_expected(case.expect)}")
        lines.append(f"  got: {_got(result)}")
        shown = result.problems[:MAX_TEXT_PROBLEMS]
        lines += [f"  - {problem}" for problem in shown]
        if len(result.problems) > len(shown):
            lines.append(f"  - and {len(result.problems) - len(shown)} more differences")
        lines += [f"  reason: {reason}" for reason in result.screening.reasons]
        lines.append(f"  why: {case.why}")
        lines += _located(_in_question(result), MAX_TEXT_FINDINGS)
    return printable("\n".join(lines))


def _expected(expect: Expectation) -> str:
    parts = [f"verdict '{expect.verdict}'"]
    if expect.flagged:
        parts.append(f"flagged steps {_numbers(expect.flagged)}")
    if expect.spared:
        parts.append(f"spared steps {_numbers(expect.spared)}")
    return "; ".join(parts)


def _got(result: CaseResult) -> str:
    assert result.screening is not None
    parts = [f"verdict '{result.screening.verdict}'"]
    if result.step_count is not None:
        parts.append(f"flagged steps {_numbers(result.flagged) or 'none'}")
        parts.append(f"spared steps {_numbers(result.spared) or 'none'}")
    return "; ".join(parts)


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(number) for number in numbers)


def _in_question(result: CaseResult) -> list[Finding]:
    """The screening findings a failure is about: at the steps that differ, and those on the whole session."""
    assert result.case is not None
    steps = set(result.case.expect.flagged) | set(result.case.expect.spared)
    return [finding for finding in result.findings if finding.severity == "error" and (
        not (len(finding.path) > 1 and finding.path[0] == "steps" and isinstance(finding.path[1], int))
        or int(finding.path[1]) + 1 in steps)]


def _located(findings: Sequence[Finding], cap: int) -> list[str]:
    lines = [f"  {finding.file}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
             for finding in findings[:cap]]
    if len(findings) > cap:
        lines.append(f"  ... and {len(findings) - cap} more findings (--format json shows up to {MAX_JSON_FINDINGS})")
    return lines


def summary_line(counts: dict[str, int]) -> str:
    """``N passed, M failed``, and how many could not be run when any could not."""
    line = f"{counts.get('pass', 0)} passed, {counts.get('fail', 0)} failed"
    errors = counts.get("error", 0)
    return line + (f", {errors} could not be run" if errors else "")


def result_data(result: CaseResult) -> dict[str, Any]:
    """One case as JSON: what was expected, what came, the differences, and the findings (capped)."""
    case, screened = result.case, result.screening
    data: dict[str, Any] = {"path": result.path, "status": result.status,
                            "verdict": screened.verdict if screened else None,
                            "client": screened.client if screened else None}
    if case is not None:
        data |= {"protocol": case.protocol,
                 "intake": "written in the case" if case.inline_intake else case.intake,
                 "on": case.on.isoformat() if case.on else None,
                 "policy": case.policy.to_json() if case.policy else None,
                 "expected": {"verdict": case.expect.verdict, "flagged": list(case.expect.flagged),
                              "spared": list(case.expect.spared)},
                 "why": case.why, "sources": list(case.sources)}
    if screened is not None:
        data["got"] = {"verdict": screened.verdict, "reasons": list(screened.reasons),
                       "flagged": list(result.flagged) if result.step_count is not None else None,
                       "spared": list(result.spared) if result.step_count is not None else None,
                       "steps": result.step_count}
    data["problems"] = list(result.problems)
    data["findings"] = [finding.to_json() for finding in result.findings[:MAX_JSON_FINDINGS]]
    data["findings_left_off"] = max(0, len(result.findings) - MAX_JSON_FINDINGS)
    return data


def results_data(results: Iterable[CaseResult]) -> dict[str, Any]:
    """``{"cases": [...], "passed", "failed", "errors"}``."""
    cases = [result_data(result) for result in results]
    return {"cases": cases, "passed": sum(c["status"] == "pass" for c in cases),
            "failed": sum(c["status"] == "fail" for c in cases),
            "errors": sum(c["status"] == "error" for c in cases)}
