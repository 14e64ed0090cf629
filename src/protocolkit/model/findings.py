"""Findings: what a check has to say about one place in one document.

Rules produce findings that know only their JSON path; the file, line and
column are filled in afterwards by `locate`, which asks the document where
that path is.  That keeps rules free of any notion of files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol as TypingProtocol

import attrs
from attrs import frozen

from protocolkit.model.protocol import Severity

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
JsonPath = tuple[str | int, ...]


def json_path(parts: Iterable[str | int]) -> JsonPath:
    return tuple(parts)


@frozen
class Finding:
    code: str
    severity: Severity = attrs.field(validator=attrs.validators.in_(SEVERITIES))
    message: str
    path: JsonPath = attrs.field(default=(), converter=json_path)
    # True when the finding is about a mapping key (an unknown key) rather than its value.
    at_key: bool = False
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def json_path(self) -> str:
        """The path written the way JSONPath and jq users read it: ``$.steps[2].region``."""
        text = "$"
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.json_path,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


class Locator(TypingProtocol):
    @property
    def path(self) -> str: ...

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]: ...


def locate(findings: Iterable[Finding], document: Locator) -> list[Finding]:
    """Give each finding the document's file name and the line:column of its path."""
    located = []
    for finding in findings:
        line, column = document.locate(finding.path, key=finding.at_key)
        located.append(attrs.evolve(finding, file=document.path, line=line, column=column))
    return located


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.file or "", finding.line or 0, finding.column or 0, finding.code)
