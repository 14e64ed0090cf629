"""Findings as the editor shows them: 0-based ranges in its code units, one per finding.

A finding points at a line and column (1-based, code points); its range runs
from there to the end of the value or key it points at (a quoted string, a
flow list, a plain scalar), or to the end of the line when no token can be
made out there.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from protocolkit.lsp.text import Lines, token_end
from protocolkit.model.findings import Finding

SOURCE = "protocolkit"
_SEVERITIES = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
               "info": types.DiagnosticSeverity.Information}


def finding_range(finding: Finding, lines: Lines, fmt: str) -> types.Range:
    number = min(max((finding.line or 1) - 1, 0), len(lines) - 1)
    line = lines.line(number)
    start = min(max((finding.column or 1) - 1, 0), len(line))
    return types.Range(start=lines.position(number, start), end=lines.position(number, token_end(line, start, fmt)))


def to_diagnostics(findings: Iterable[Finding], lines: Lines, fmt: str) -> list[types.Diagnostic]:
    """One diagnostic per finding.  No ``codeDescription``: the rule pages live in the docs and in
    `protocolkit rule CODE`, at no address an editor could open; hover on a code shows its page's gist."""
    return [types.Diagnostic(range=finding_range(finding, lines, fmt), message=finding.message,
                             severity=_SEVERITIES.get(finding.severity, types.DiagnosticSeverity.Error),
                             code=finding.code, source=SOURCE)
            for finding in findings]


def problem_diagnostic(message: str, lines: Lines) -> types.Diagnostic:
    """A project that cannot check this document: said once, on its first line."""
    return types.Diagnostic(range=types.Range(start=lines.position(0, 0), end=lines.position(0, len(lines.line(0)))),
                            message=f"{message} (nothing in this document was checked)",
                            severity=types.DiagnosticSeverity.Error, source=SOURCE)
