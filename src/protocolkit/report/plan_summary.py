"""What a treatment plan comes to: its sessions in order, and the Plan line of a SOAP note.

``plan_sessions`` is the calendar every face and export builds on (the plan
summary here, the plan sheet, iCalendar and FHIR exports): one ``PlanSession``
per session, numbered from 1, with its phase, its day from the first session
(and its date when a start is given), its protocol and whether a
reassessment ends it.  Keep its fields stable: exports read them.

Scheduling: the sessions of a phase are ``every`` days apart; the next phase
starts ``every`` days (the earlier phase's interval) after its last session.
With a start and closed weekdays (``[plans] closed`` in protocolkit.toml), a
session that would fall on a closed day moves to the next open day (``moved_from``)
and the sessions after it count their interval from the day it moved to, so
two sessions are never closer than the interval the plan (and PK603) relies on.
Without a start there are no weekdays, and nothing moves.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from datetime import date, timedelta
from datetime import date as Day  # the name PlanSession's field 'date' leaves free
from typing import TYPE_CHECKING, Any

from attrs import frozen

from protocolkit.model.findings import Finding
from protocolkit.model.plan import Phase, every_text
from protocolkit.model.protocol import Duration, Protocol

if TYPE_CHECKING:
    from protocolkit.check.plan import PlanReport
    from protocolkit.plugin.catalog import Catalog


@frozen
class PlanSession:
    """One session of a plan.

    ``number`` counts from 1 over the whole plan, ``phase`` is the phase's index
    (0-based) and ``phase_session`` the session's number within it (from 1);
    ``day`` is days after the first session (0 for the first), ``date`` the day
    itself when the plan was given a start (else None).  ``protocol_id``,
    ``protocol_title`` and ``duration`` are None when the phase's protocol could
    not be read (``protocol_reference`` is always the reference as written);
    ``reassess`` is True for a phase's last session when it ends with a reassessment."""

    number: int
    phase: int
    phase_session: int
    day: int
    date: date | None
    protocol_reference: str
    protocol_id: str | None
    protocol_title: str | None
    duration: Duration | None
    reassess: bool
    moved_from: Day | None = None  # the closed day it would have fallen on, when it moved to the next open one

    def to_json(self) -> dict[str, object]:
        moved: dict[str, object] = {"moved_from": self.moved_from.isoformat()} if self.moved_from else {}  # only when it moved
        return {"number": self.number, "phase": self.phase, "phase_session": self.phase_session, "day": self.day,
                "date": self.date.isoformat() if self.date else None, "protocol": self.protocol_reference,
                "protocol_id": self.protocol_id, "protocol_title": self.protocol_title,
                "duration": str(self.duration) if self.duration else None, "reassess": self.reassess,
                **moved}


def plan_sessions(plan_result: PlanReport, start: date | None = None,
                  closed: Collection[int] = ()) -> list[PlanSession]:
    """Every session of a checked plan, in order (see the module's note on scheduling).

    ``closed`` holds the weekdays (Monday 0) the clinic books nothing on; it counts only with a start."""
    if start is not None and len(set(closed) & set(range(7))) >= 7:
        raise ValueError("every weekday is closed; a plan needs at least one open day")
    sessions: list[PlanSession] = []
    day, first = 0, None
    for phase, found in zip(plan_result.plan.phases, plan_result.protocols, strict=True):
        protocol = found.protocol
        for count in range(1, phase.sessions + 1):
            when, moved = None, None
            if start is not None:
                when = (first or start) + timedelta(days=day)
                moved = when if when.weekday() in closed else None
                while when.weekday() in closed:
                    when += timedelta(days=1)
                first = first or when
                day = (when - first).days
            sessions.append(PlanSession(
                number=len(sessions) + 1, phase=phase.index, phase_session=count, day=day,
                date=when, protocol_reference=phase.protocol,
                protocol_id=protocol.id if protocol else None, protocol_title=protocol.title if protocol else None,
                duration=protocol.duration if protocol else None, reassess=phase.reassess and count == phase.sessions,
                moved_from=moved))
            day += phase.every
    return sessions


@frozen
class PlanSummary:
    """The plan in figures and words: the SOAP Plan line of each phase, the session count,
    the minutes on the table (None when a phase's protocol could not be read) and the days
    from the first session to the last."""

    lines: tuple[str, ...]
    session_count: int
    total_minutes: float | None
    span_days: int

    @property
    def days_over(self) -> int:
        """The calendar days the sessions take, the first and last included: "9 sessions over 33 days"."""
        return self.span_days + 1

    def to_json(self) -> dict[str, object]:
        return {"lines": list(self.lines), "sessions": self.session_count, "total_minutes": self.total_minutes,
                "span_days": self.span_days}


def plan_summary(plan_result: PlanReport, catalog: Catalog | None = None, start: date | None = None,
                 closed: Collection[int] = ()) -> PlanSummary:
    """The summary of a checked plan; with a catalog, modalities and regions go by their names.  With a
    start and closed weekdays, the span counts the sessions as they are booked (see `plan_sessions`)."""
    sessions = plan_sessions(plan_result, start, closed)
    lines = []
    for phase, found in zip(plan_result.plan.phases, plan_result.protocols, strict=True):
        reassess_at = next((s.number for s in sessions if s.phase == phase.index and s.reassess), None)
        lines.append(_phase_line(phase, found.protocol, reassess_at, catalog))
    minutes = None if any(s.duration is None for s in sessions) else \
        sum(s.duration.seconds for s in sessions if s.duration) / 60
    return PlanSummary(tuple(lines), len(sessions), minutes, sessions[-1].day)


def _phase_line(phase: Phase, protocol: Protocol | None, reassess_at: int | None, catalog: Catalog | None) -> str:
    """'Deep tissue massage, upper back, 60 min, every 3 days (about 2x/week) for 3 weeks; reassess at
    session 6; self-care: stretch: ...'."""
    if protocol is None:
        what = f"{phase.protocol} (the protocol cannot be read)"
    else:
        what = f"{_modalities(protocol, catalog)}, {_regions(protocol, catalog)}, {_minutes(protocol.duration)}"
    parts = [f"{what}, {frequency(phase.every)} for {_span(phase)}"]
    if reassess_at is not None:
        parts.append(f"reassess at session {reassess_at}")
    if phase.self_care:
        parts.append("self-care: " + "; ".join(f"{item.kind}: {item.instruction.rstrip('.')}"
                                                 for item in phase.self_care))
    return "; ".join(parts) + "."


def frequency(every: int) -> str:
    """How often, as a clinic writes it: daily, 1x/week, every 2 weeks, every 3 days (about 2x/week)."""
    if every == 1:
        return "daily"
    if every % 7 == 0:
        return "1x/week" if every == 7 else f"every {every // 7} weeks"
    if every < 7:
        return f"every {every} days (about {round(7 / every)}x/week)"
    return f"every {every} days"


def _span(phase: Phase) -> str:
    days = phase.span_days
    if days < 7:
        return f"{days} day{'s' if days != 1 else ''}"
    weeks = math.ceil(days / 7)
    return f"{weeks} week{'s' if weeks != 1 else ''}"


def _minutes(duration: Duration) -> str:
    return f"{duration.seconds / 60:g} min"


def _by_minutes(protocol: Protocol, key: str) -> list[str]:
    spent: dict[str, int] = defaultdict(int)
    for step in protocol.hands_on_steps:
        spent[str(getattr(step, key))] += step.duration.seconds
    return sorted(spent, key=lambda item: (-spent[item], item))


def _modalities(protocol: Protocol, catalog: Catalog | None) -> str:
    names = []
    for modality_id in _by_minutes(protocol, "modality"):
        known = catalog.modalities.get(modality_id) if catalog else None
        name = known.name if known else modality_id.replace("-", " ")
        names.append(name if "massage" in name.lower() or "therapy" in name.lower() else f"{name} massage")
    return _and(names) or "no hands-on work"


def _regions(protocol: Protocol, catalog: Catalog | None) -> str:
    names = []
    for region_id in _by_minutes(protocol, "region"):
        known = catalog.regions.get(region_id) if catalog and region_id in catalog.regions else None
        names.append((known.name if known else region_id.replace("-", " ")).lower())
    return _and(names) or "no region"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def summary_data(plan_result: PlanReport, catalog: Catalog | None = None, start: date | None = None,
                 closed: Collection[int] = ()) -> dict[str, Any]:
    """What ``plan summary --format json`` prints: the summary and every session."""
    plan = plan_result.plan
    return {"id": plan.id, "title": plan.title,
            "goals": [{"id": goal.id, "target": goal.target} for goal in plan.goals],
            "phases": [{"protocol": phase.protocol, "sessions": phase.sessions, "every": every_text(phase.every),
                        "reassess": phase.reassess,
                        "self_care": [{"kind": item.kind, "instruction": item.instruction}
                                      for item in phase.self_care]} for phase in plan.phases],
            **plan_summary(plan_result, catalog, start, closed).to_json(),
            "calendar": [session.to_json() for session in plan_sessions(plan_result, start, closed)]}


@frozen
class PlanRead:
    """A plan file read and checked: the report (None when it does not build), every finding
    located in the plan, and why the file could not be read at all (exit 2)."""

    report: PlanReport | None
    findings: list[Finding]
    error: str | None = None


def read_plan(path: str, catalog: Catalog) -> PlanRead:
    """Read and check a plan file for the summary; never raises for a bad file."""
    from protocolkit.check.plan import PlanReport
    from protocolkit.check.validation import check, read_file

    read = read_file(path, catalog)
    if read.document is None:
        return PlanRead(None, read.findings, read.error)
    if read.document.data.get("kind") != "treatment-plan":
        return PlanRead(None, [], f"{path} is not a treatment plan; it starts with 'protocolkit: 1' and "
                                  "'kind: treatment-plan'")
    checked = check(read.document, catalog)
    report = checked.model if isinstance(checked.model, PlanReport) else None
    return PlanRead(report, checked.findings)


def summary_text(report: PlanReport, catalog: Catalog | None = None, start: date | None = None,
                 closed: Collection[int] = ()) -> str:
    """The summary as ``plan summary`` prints it: figures, goals, the Plan lines, and with a
    start the calendar (a session moved off a closed day says so)."""
    plan, summary = report.plan, plan_summary(report, catalog, start, closed)
    minutes = f", {summary.total_minutes:g} min in all" if summary.total_minutes is not None else ""
    lines = [f"{plan.title} ({plan.id}): {summary.session_count} sessions over {summary.days_over} days{minutes}"]
    if plan.goals:
        lines.append("Goals: " + "; ".join(f"{goal.id} ({goal.target})" if goal.target else goal.id
                                          for goal in plan.goals))
    lines.append("Plan:")
    lines += [f"  {line}" for line in summary.lines]
    if start is not None:
        lines.append(f"Calendar from {start.isoformat()}:")
        for session in plan_sessions(report, start, closed):
            assert session.date is not None
            mark = "  reassess" if session.reassess else ""
            if session.moved_from is not None:
                mark += f"  (moved from {session.moved_from:%a} {session.moved_from.isoformat()}: closed)"
            lines.append(f"  {session.date.isoformat()} {session.date:%a}  session {session.number:>2}  phase "
                         f"{session.phase + 1}  {session.protocol_title or session.protocol_reference}{mark}")
    return "\n".join(lines) + "\n"
