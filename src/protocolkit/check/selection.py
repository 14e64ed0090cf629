"""Which findings a run reports: --select/--ignore by code or prefix, and
per-line suppression comments (``# protocolkit: ignore[PK301]``) in YAML.

A few codes can never be switched off, because switching them off would let a
file pass that was never checked, or a client be hurt: a file that does not
parse (PK002), a rule that crashed (PK003), and every screening code (PK401
to PK406: what an intake rules out, endangerment sites, an unknown condition,
a missing clearance).  Screening fails closed, whatever the settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from attrs import evolve, field, frozen

from protocolkit.model.findings import Finding
from protocolkit.model.protocol import strings
from protocolkit.model import codes

NEVER_IGNORED = codes.NEVER_IGNORED
UNUSED_SUPPRESSION = codes.UNUSED_SUPPRESSION
_COMMENT = re.compile(r"#\s*protocolkit:\s*ignore\[([^\]]*)\]")
_CODE = re.compile(r"^[A-Z]{1,5}[0-9]{0,3}$")


class SelectionError(ValueError):
    """A --select/--ignore entry that names no rule."""


def _match_length(code: str, prefixes: Iterable[str]) -> int:
    return max((len(prefix) for prefix in prefixes if code.startswith(prefix)), default=-1)


@frozen
class Selection:
    select: tuple[str, ...] = field(converter=strings, default=())
    ignore: tuple[str, ...] = field(converter=strings, default=())

    def wants(self, code: str) -> bool:
        """Selected and not ignored; the more specific of the two entries wins (ruff's way)."""
        if code in NEVER_IGNORED:
            return True
        selected = _match_length(code, self.select) if self.select else 0
        return selected >= 0 and selected > _match_length(code, self.ignore)

    def check_against(self, codes: Iterable[str]) -> None:
        known = list(codes)
        for entry in (*self.select, *self.ignore):
            if not _CODE.match(entry) or not any(code.startswith(entry) for code in known):
                raise SelectionError(f"'{entry}' names no rule; use a code or a prefix such as PK3 or MFR "
                                     "(see 'protocolkit rules')")

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [finding for finding in findings if self.wants(finding.code)]


def apply_suppressions(findings: Sequence[Finding], text: str, path: str) -> list[Finding]:
    """Drop findings a comment on their line suppresses; report comments that suppress nothing.

    A comment covers the line it stands on, so it goes at the end of the line
    a finding points at.  Codes that can never be ignored are not suppressed,
    and a comment naming one is reported.
    """
    if "ignore[" not in text:  # every protocol says "protocolkit: 1"; only a comment says this
        return list(findings)
    comments: dict[int, list[tuple[str, int]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _COMMENT.finditer(line):
            codes = [code.strip() for code in match.group(1).split(",") if code.strip()]
            comments.setdefault(number, []).extend((code, match.start() + 1) for code in codes)
    if not comments:
        return list(findings)
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        on_line = {code for code, _ in comments.get(finding.line or 0, [])}
        if finding.code in on_line and finding.code not in NEVER_IGNORED:
            used.add((finding.line or 0, finding.code))
        else:
            kept.append(finding)
    for number, entries in comments.items():
        for code, column in entries:
            if (number, code) in used:
                continue
            why = (f"{code} can never be suppressed" if code in NEVER_IGNORED
                   else f"nothing on this line is reported as {code}")
            kept.append(evolve(UNUSED_SUPPRESSION.finding(f"the suppression of {code} is unused: {why}; remove it"),
                               file=path, line=number, column=column))
    return kept
