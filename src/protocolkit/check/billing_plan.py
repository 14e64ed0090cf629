"""Billing units of a file: one protocol's session, or a treatment plan's whole series.

The file is read and checked first, by the validate pipeline: a protocol or
plan with an error gets no units (a count for a session that does not check
would be a count of something nobody should deliver).  A plan's units are its
phases' protocols counted by `check.billing`, once per session: each session
is a day of its own, and the rules count a day's timed minutes.  The series'
totals add the sessions up (`check.billing.series_total`).  The text a biller reads is
`report.billing`'s.  Nothing here changes a protocol.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from attrs import frozen

from protocolkit.check.billing import Units, in_units, protocol_units, series_total
from protocolkit.model.billing import CAVEAT, DEFAULT_POLICY
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog

if TYPE_CHECKING:
    from protocolkit.check.plan import PlanReport

RULES = {"cms": "the CMS rule (the total timed minutes set the units)",
         "per-code": "the per-code rule (each code counted on its own)"}
COUNTED = ("protocol", "treatment-plan")


@frozen
class PhaseUnits:
    """One phase of a plan: its protocol's units for one session, and how many sessions it has."""

    number: int  # from 1, as a therapist counts phases
    reference: str  # the protocol as the plan names it
    title: str
    sessions: int
    units: Units


@frozen
class PlanUnits:
    """A plan's units: each phase's, and the whole series' totals."""

    id: str
    title: str
    policy: str
    phases: tuple[PhaseUnits, ...]

    def sessions(self) -> Iterator[tuple[int, PhaseUnits]]:
        """Every session of the series in order, numbered from 1, with its phase."""
        count = 0
        for phase in self.phases:
            for _ in range(phase.sessions):
                count += 1
                yield count, phase

    @property
    def session_count(self) -> int:
        return sum(phase.sessions for phase in self.phases)

    @property
    def total_units(self) -> int:
        return sum(phase.sessions * phase.units.total_units for phase in self.phases)

    @property
    def no_code(self) -> tuple[str, ...]:
        return tuple(sorted({key for phase in self.phases for key in phase.units.no_code}))

    def totals(self) -> dict[str, object]:
        return series_total(phase.units for _, phase in self.sessions())

    def explanation(self) -> list[str]:
        said = [f"Each session is billed on its own day, by {RULES[self.policy]}; the series adds them up."]
        said += [f"Phase {phase.number} ({phase.reference}): {in_sessions(phase.sessions)} x "
                 f"{in_units(phase.units.total_units)} = {in_units(phase.sessions * phase.units.total_units)}."
                 for phase in self.phases]
        said.append(f"Series: {in_units(self.total_units)} over {in_sessions(self.session_count)}.")
        return [*said, CAVEAT]

    def hints(self) -> list[str]:
        return [f"Phase {phase.number} ({phase.reference}): {hint}" for phase in self.phases
                for hint in phase.units.hints]

    def to_json(self) -> dict[str, object]:
        totals = self.totals()
        return {"policy": self.policy, "codes": totals["codes"], "total-units": totals["total-units"],
                "timed-minutes": totals["timed-minutes"], "untimed-minutes": totals["untimed-minutes"],
                "no-code-minutes": totals["no-code-minutes"], "no-code": list(self.no_code),
                "explanation": self.explanation(), "hints": self.hints(),
                "sessions": [{"session": count, "protocol": phase.reference, **phase.units.to_json()}
                             for count, phase in self.sessions()]}


def plan_units(report: PlanReport, catalog: Catalog, policy: str | None = None) -> PlanUnits | None:
    """The units of a checked plan's series, or None when a phase has no protocol to count."""
    chosen = policy or (catalog.billing.policy if catalog.billing is not None else DEFAULT_POLICY)
    phases = []
    for phase, found in zip(report.plan.phases, report.protocols, strict=True):
        if found.protocol is None:
            return None  # a finding (PK601, PK602) already says why, at the phase
        phases.append(PhaseUnits(phase.index + 1, found.reference, found.protocol.title, phase.sessions,
                                 protocol_units(found.protocol, catalog, chosen)))
    return PlanUnits(report.plan.id, report.plan.title, chosen, tuple(phases))


@frozen
class UnitsRead:
    """What ``protocolkit units`` found in a file: the units of a protocol (``units``, with its
    ``title``) or of a plan (``plan``); neither when the file has errors (in ``findings``) or
    cannot be read at all (``error``, said in words with the file)."""

    findings: list[Finding]
    units: Units | None = None
    title: str = ""
    plan: PlanUnits | None = None
    error: str | None = None

    @property
    def counted(self) -> bool:
        return self.units is not None or self.plan is not None


def read_units(path: str, catalog: Catalog, policy: str | None = None) -> UnitsRead:
    """Read and check ``path`` (a protocol or a treatment plan), then count its units; never raises
    for a bad file."""
    from protocolkit.check.plan import PlanReport
    from protocolkit.check.validation import check, read_file
    from protocolkit.model.protocol import Protocol

    read = read_file(path, catalog)
    if read.document is None:
        return UnitsRead(read.findings, error=read.error)
    kind = read.document.data.get("kind", "protocol")
    if isinstance(kind, str) and kind not in COUNTED:  # a non-string kind is the schema's to report
        # The kind is not quoted: the file may be a client's intake.
        return UnitsRead([], error=f"{path} is neither a protocol nor a treatment plan; units are counted for a "
                                   "protocol (one session) or a plan (kind: treatment-plan)")
    checked = check(read.document, catalog)
    if any(finding.severity == "error" for finding in checked.findings):
        return UnitsRead(checked.findings)
    if isinstance(checked.model, Protocol):
        return UnitsRead(checked.findings, units=protocol_units(checked.model, catalog, policy),
                         title=f"{checked.model.title} ({checked.model.id})")
    if isinstance(checked.model, PlanReport):
        return UnitsRead(checked.findings, plan=plan_units(checked.model, catalog, policy))
    return UnitsRead(checked.findings)


def in_sessions(count: int) -> str:
    """``1 session``, ``6 sessions``."""
    return f"{count} session" + ("" if count == 1 else "s")
