"""Reporters: findings out, in the format a person or a CI system reads.

Reporters stream: each file's findings are written as soon as that file is
checked, so a run over thousands of files never holds them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Protocol as TypingProtocol
from typing import TextIO

from .findings import Finding

FORMATS = ("text", "json")


class Reporter(TypingProtocol):
    def start(self) -> None: ...

    def file(self, findings: Iterable[Finding]) -> None: ...

    def finish(self) -> None: ...


class TextReporter:
    """``file:line:col: CODE message``, one finding a line, the way compilers and linters print."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def start(self) -> None:
        pass

    def file(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.out.write(f"{finding.file}:{finding.line}:{finding.column}: {finding.code} {finding.message}\n")

    def finish(self) -> None:
        pass


class JsonReporter:
    """One JSON array of finding objects, written element by element."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def start(self) -> None:
        self.out.write("[")

    def file(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.out.write(("," if self.count else "") + "\n  " + json.dumps(finding.to_json()))
            self.count += 1

    def finish(self) -> None:
        self.out.write("\n]\n" if self.count else "]\n")


def reporter(name: str, out: TextIO) -> Reporter:
    if name == "json":
        return JsonReporter(out)
    if name == "text":
        return TextReporter(out)
    raise ValueError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
