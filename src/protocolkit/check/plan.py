"""Treatment plans: every phase's protocol found and checked, then the series itself.

A plan (``kind: treatment-plan``) names a protocol per phase, by a file
relative to the plan or by the id of a protocol in the plan's folder.  Each is
checked by the validate pipeline (handed in, as for curricula) and its own
findings are reported at the reference (PK601 when it cannot be found or
read, PK602 when it has errors or warnings).  Then the series: deep work on
one region sooner than tissue recovery allows (PK603), and too many sessions
without a reassessment (PK604).  Session counts and dates are not findings:
``protocolkit.report.plan_summary`` reports them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from protocolkit.check import reach
from protocolkit.load import schemas
from protocolkit.load.documents import DOCUMENT_SUFFIXES, Document, DocumentError, load_document
from protocolkit.load.plans import plan_from_data
from protocolkit.load.serialize import BuildError
from protocolkit.model.codes import (PLAN_PROTOCOL_INVALID, PLAN_PROTOCOL_MISSING, REASSESSMENT_OVERDUE,
                                     RECOVERY_TOO_SHORT)
from protocolkit.model.findings import Finding, JsonPath
from protocolkit.model.plan import Phase, TreatmentPlan
from protocolkit.model.protocol import Protocol, Side
from protocolkit.plugin.catalog import Catalog

if TYPE_CHECKING:
    from protocolkit.check.validation import Checked

# How a plan has its protocols checked: the validate pipeline, handed in by it.
ProtocolChecker = Callable[[Document], "Checked"]
DEEP = 4  # pressure 4 (deep) and 5 (maximal) on the Walton scale


@frozen
class PhaseProtocol:
    """What one phase's reference led to: the file and document read (None when neither
    could be), and the protocol built from it (None when it has errors that stop the build)."""

    reference: str
    file: Path | None
    document: Document | None
    protocol: Protocol | None

    @property
    def readable(self) -> bool:
        """Whether the phase has a protocol to screen and to count: it was found, read and built."""
        return self.protocol is not None


@frozen
class PlanReport:
    """A checked plan: the model, each phase's protocol (in phase order) and every finding (unlocated)."""

    plan: TreatmentPlan
    protocols: tuple[PhaseProtocol, ...]
    findings: list[Finding]


def check_plan(document: Document, catalog: Catalog, check_protocol: ProtocolChecker) -> PlanReport | list[Finding]:
    """The report for a plan, or its schema findings (unlocated) when it is not one."""
    findings = schemas.check("treatment-plan", document.data)
    if findings:
        return findings
    try:
        plan = plan_from_data(document.data)
    except BuildError as error:
        return [Finding(schemas.SCHEMA_VIOLATION, "error", message, path) for message, path in error.problems]
    folder = Path(document.path).parent
    found: list[PhaseProtocol] = []
    findings = []
    for phase in plan.phases:
        phase_protocol, phase_findings = _resolve(phase, folder, Path(document.path), catalog, check_protocol)
        found.append(phase_protocol)
        findings += phase_findings
    findings += _recovery_findings(plan, found, catalog.recovery_hours)
    findings += _reassessment_findings(plan, catalog.reassess_every)
    return PlanReport(plan, tuple(found), findings)


def _resolve(phase: Phase, folder: Path, plan_file: Path, catalog: Catalog,
             check_protocol: ProtocolChecker) -> tuple[PhaseProtocol, list[Finding]]:
    reference, where = phase.protocol, (*phase.path, "protocol")
    missing = PhaseProtocol(reference, None, None, None)
    if reference.lower().endswith(DOCUMENT_SUFFIXES):
        file: Path | None = Path(os.path.normpath(folder / reference))
    else:
        file = _protocol_ids(folder, catalog).get(reference)
        if file is None:
            return missing, [PLAN_PROTOCOL_MISSING.finding(
                f"no protocol with id '{reference}' in {reach.shown(folder)}; name its file (relative to this plan, ending in "
                ".yaml) or put the protocol beside the plan", where)]
    assert file is not None
    if not reach.allowed(file):  # a face serving one folder opens nothing outside it
        return missing, [PLAN_PROTOCOL_MISSING.finding(
            f"protocol file '{reference}' lies outside the studio's folder, and the studio reads nothing outside "
            "it, so it was not opened; put the protocol beside the plan and name it relative to the plan", where)]
    if file.resolve() == plan_file.resolve():
        return missing, [PLAN_PROTOCOL_MISSING.finding(f"phase {phase.index + 1} names the plan itself; name a "
                                                       "protocol file", where)]
    try:
        document = load_document(file, max_bytes=catalog.max_file_bytes)
    except IsADirectoryError:
        return missing, [PLAN_PROTOCOL_MISSING.finding(f"'{reference}' is a folder, not a protocol file "
                                                       f"({reach.shown(file)})", where)]
    except OSError as error:
        why = "does not exist" if isinstance(error, FileNotFoundError) else f"cannot be read ({error.strerror})"
        return missing, [PLAN_PROTOCOL_MISSING.finding(f"protocol file '{reference}' {why} (looked for {reach.shown(file)}); "
                                                       "name the file relative to this plan", where)]
    except DocumentError as error:
        return PhaseProtocol(reference, file, None, None), [PLAN_PROTOCOL_INVALID.finding(
            f"protocol '{reference}' does not parse ({reach.shown(file)}:{error.line}:{error.column}: "
            f"{error.message}); fix it "
            "first", where)]
    if document.data.get("kind", "protocol") != "protocol":
        # Never quote it: the file may be a client's intake.
        return PhaseProtocol(reference, file, None, None), [PLAN_PROTOCOL_INVALID.finding(
            f"'{reference}' is not a protocol (its kind is not 'protocol'); name a protocol file", where)]
    checked = check_protocol(document)
    protocol = checked.model if isinstance(checked.model, Protocol) else None
    return PhaseProtocol(reference, file, document, protocol), list(_own_findings(reference, checked, where))


def _own_findings(reference: str, checked: Checked, where: JsonPath) -> Iterator[Finding]:
    """The protocol's own findings, summarised at the reference: errors as an error, else warnings as one."""
    for severity in ("error", "warning"):
        found = [f for f in checked.findings if f.severity == severity]
        if found:
            shown = "; ".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in found[:3])
            more = f"; and {len(found) - 3} more" if len(found) > 3 else ""
            yield PLAN_PROTOCOL_INVALID.finding(
                f"protocol '{reference}' has {len(found)} {severity}{'s' if len(found) != 1 else ''} "
                f"({reach.shown(checked.document.path)}: {shown}{more}); run 'protocolkit validate' on it", where,
                severity="error" if severity == "error" else "warning")
            return


def _protocol_ids(folder: Path, catalog: Catalog) -> dict[str, Path]:
    """Protocol ids in the plan's own folder (not below it), first file by name wins."""
    ids: dict[str, Path] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ids
    for name in names:
        # A file that is a symlink out of a face's confinement is not read.
        if not name.lower().endswith(DOCUMENT_SUFFIXES) or not reach.allowed(folder / name):
            continue
        try:
            data = load_document(folder / name, max_bytes=catalog.max_file_bytes).data
        except (DocumentError, OSError):
            continue
        if data.get("kind", "protocol") == "protocol" and isinstance(data.get("id"), str):
            ids.setdefault(data["id"], folder / name)
    return ids


def deep_work(protocol: Protocol) -> set[tuple[str, Side]]:
    """The (region, side) pairs a protocol works at pressure 4 or 5; ``both`` counts for each side."""
    worked: set[tuple[str, Side]] = set()
    for step in protocol.hands_on_steps:
        if step.region is not None and step.pressure is not None and step.pressure.level >= DEEP:
            sides: tuple[Side, ...] = ("left", "right") if step.side == "both" else (step.side,)
            worked.update((step.region, side) for side in sides)
    return worked


def _recovery_findings(plan: TreatmentPlan, found: list[PhaseProtocol], recovery_hours: float) -> Iterator[Finding]:
    """PK603: two sessions ``every`` days apart that both work one region deep, sooner than recovery allows.

    Within a phase the same protocol meets itself; between phases the last
    session of one meets the first of the next, the first phase's interval apart."""
    for phase, phase_protocol in zip(plan.phases, found, strict=True):
        if phase_protocol.protocol is None or phase.sessions < 2:
            continue
        regions = _regions(deep_work(phase_protocol.protocol))
        if regions and phase.every * 24 < recovery_hours:
            yield RECOVERY_TOO_SHORT.finding(
                f"every session of phase {phase.index + 1} works {', '.join(regions)} at deep pressure, "
                f"{phase.every * 24} h apart; tissue needs {recovery_hours:g} h to recover; space the sessions "
                f"at least {_days(recovery_hours)} apart or lighten the work", (*phase.path, "every"))
    paired = list(zip(plan.phases, found, strict=True))
    for (before, before_protocol), (after, after_protocol) in zip(paired, paired[1:], strict=False):
        if before_protocol.protocol is None or after_protocol.protocol is None:
            continue
        shared = _regions(deep_work(before_protocol.protocol) & deep_work(after_protocol.protocol))
        if shared and before.every * 24 < recovery_hours:
            yield RECOVERY_TOO_SHORT.finding(
                f"phase {after.index + 1} starts {before.every * 24} h after phase {before.index + 1} ends, and "
                f"both work {', '.join(shared)} at deep pressure; tissue needs {recovery_hours:g} h to recover; "
                f"give phase {before.index + 1} an interval of at least {_days(recovery_hours)}",
                (*before.path, "every"))


def _regions(worked: set[tuple[str, Side]]) -> list[str]:
    return sorted({region for region, _side in worked})


def _days(hours: float) -> str:
    days = -(-hours // 24)
    return f"{days:g} day{'s' if days != 1 else ''}"


def _reassessment_findings(plan: TreatmentPlan, every: int) -> Iterator[Finding]:
    """PK604: more than ``every`` sessions in a row without a reassessment; reported once, at
    the phase in which the count passes the limit."""
    since = 0
    for phase in plan.phases:
        if since + phase.sessions > every:
            yield REASSESSMENT_OVERDUE.finding(
                f"session {every - since + 1} of phase {phase.index + 1} makes {every + 1} sessions in a row "
                f"without a reassessment; reassess at least every {every} sessions: split the phase, or end "
                "an earlier one with 'reassess: true'", phase.path)
            return
        since = 0 if phase.reassess else since + phase.sessions
