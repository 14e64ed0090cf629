"""How many findings one file may report: the first 1,000, then one finding saying how many more.

A file with tens of thousands of mistakes (a generated or pasted document)
would otherwise fill a terminal, a SARIF upload, the studio's page and an
editor's problem list with megabytes nobody reads.  The pipeline
(`protocolkit.check.validation.check`) keeps the first `FINDINGS_PER_FILE` in
file order and adds one PK005 finding, placed where the unshown ones begin,
that counts them by severity.  It carries the worst severity among them, so a
file whose errors all lie past the cap still fails (exit 1) and a tally of
errors never shrinks to a warning; no selection or comment switches it off.
Every face (validate in each format, the studio, the language server) reads
findings from the pipeline, so each shows the same cap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs

from protocolkit.model import codes
from protocolkit.model.findings import SEVERITIES, Finding

FINDINGS_PER_FILE = 1000


def capped(findings: Sequence[Finding], limit: int = FINDINGS_PER_FILE) -> list[Finding]:
    """The first ``limit`` of ``findings`` (in file order already), and one PK005 for the rest."""
    if len(findings) <= limit:
        return list(findings)
    rest = findings[limit:]
    counts = Counter(finding.severity for finding in rest)
    worst = next(severity for severity in SEVERITIES if counts[severity])
    said = ", ".join(f"{counts[severity]:,} {severity}{'s' if counts[severity] != 1 else ''}"
                     for severity in SEVERITIES if counts[severity])
    first = rest[0]
    summary = codes.FINDINGS_CAPPED.finding(
        f"{len(rest):,} more findings not shown ({said}): only the first {limit:,} of a file are listed; fix "
        "those and check again", first.path, severity=worst)
    where = attrs.evolve(summary, at_key=first.at_key, file=first.file, line=first.line, column=first.column)
    return [*findings[:limit], where]
