"""A treatment plan's sheet, as printable HTML or as Markdown: goals, phases, self-care and the calendar.

The HTML sheet is the session sheet's kin: the same page rules (paper size,
margins: ``sheet/page.css``) and style (``sheet/sheet.css``, every rule under
``.sheet``), a few rules of its own (``plan/plan.css``), and the same
promise: one self-contained file that loads nothing.  Text from the plan and
its protocols is user data and is escaped by the templates' autoescaping; the
Markdown escapes it as the session sheet's Markdown does.

What the sheet shows: the plan's figures (sessions, days, minutes on the
table, the first date when a start was given), its goals with their targets,
each phase (its protocol, the SOAP Plan line, its sessions, its self-care),
the body map of every session's minutes added up (the session sheet's map)
and the calendar of sessions, dated from ``--start`` or counted in days
from the first session.  Nothing about a client: a plan holds none.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from protocolkit.export.billing_box import PlanBilling, plan_billing
from protocolkit.export.bodymap import Place, body_map, worked_seconds
from protocolkit.export.markdown import billing_section, cell, text
from protocolkit.export.plan_context import PlanExport
from protocolkit.export.summary import summarise, words
from protocolkit.export.templating import environment, paper_size
from protocolkit.model.export import ExportContext
from protocolkit.model.plan import every_text

SELF_CARE_NAMES = {"stretch": "Stretch", "heat": "Heat", "cold": "Cold", "rest": "Rest", "hydration": "Hydration"}


@frozen
class GoalLine:
    name: str
    target: str


@frozen
class PhaseView:
    number: int
    title: str
    protocol_id: str
    line: str  # the SOAP Plan line
    sessions: str  # "sessions 1-6 of 9"
    every: str  # "every 3 days (3d)"
    reassess: bool
    self_care: tuple[tuple[str, str], ...]  # (kind in words, instruction)


@frozen
class CalendarRow:
    number: int
    when: str  # "2026-03-02" or "day 0"
    weekday: str  # "Mon", or empty without a start
    phase: int
    protocol: str
    minutes: str
    reassess: bool
    moved: str = ""  # "moved from Sat 2026-03-07 (closed)" when the clinic is closed on the day it would fall


def render(export: PlanExport) -> str:
    """The standalone plan sheet: a complete HTML document."""
    page = environment().get_template("plan/page.html")
    # Jinja2 drops a template's final line break; a text file ends with one.
    return page.render(plan_variables(export), paper=paper_size(str(export.options.get("paper", "a4")))) + "\n"


def plan_variables(export: PlanExport) -> dict[str, Any]:
    """Everything ``plan/plan.html`` renders from: ``plan``, ``facts``, ``goals``, ``phases``, ``calendar``,
    ``body_map`` (the minutes of all the sessions on the body, for ``sheet/bodymap.html``) and ``billing``
    (a `billing_box.PlanBilling`, or None when the clinic has no ``[billing]``: then no box)."""
    plan, summary = export.report.plan, export.summary
    sessions = export.sessions
    facts = [("Sessions", f"{summary.session_count} over {summary.days_over} days")]
    reassessments = [str(s.number) for s in sessions if s.reassess]
    if reassessments:
        facts.append(("Reassess at", f"session{'s' if len(reassessments) > 1 else ''} {', '.join(reassessments)}"))
    if summary.total_minutes is not None:
        facts.append(("On the table", f"{summary.total_minutes:g} min in all"))
    if export.start is not None:
        facts.append(("From", f"{export.start.isoformat()} to {sessions[-1].date.isoformat()}"
                      if sessions[-1].date else export.start.isoformat()))
    phases = []
    for phase, found, line in zip(plan.phases, export.report.protocols, summary.lines, strict=True):
        numbers = [s.number for s in sessions if s.phase == phase.index]
        protocol = found.protocol
        span = f"session {numbers[0]}" if len(numbers) == 1 else f"sessions {numbers[0]}–{numbers[-1]}"
        phases.append(PhaseView(
            phase.index + 1, protocol.title if protocol else phase.protocol, protocol.id if protocol else "", line, f"{span} of {len(sessions)}",
            f"every {phase.every} day{'s' if phase.every != 1 else ''} ({every_text(phase.every)})", phase.reassess,
            tuple((SELF_CARE_NAMES.get(item.kind, item.kind), item.instruction) for item in phase.self_care)))
    calendar = tuple(CalendarRow(
        s.number, s.date.isoformat() if s.date else f"day {s.day}", f"{s.date:%a}" if s.date else "", s.phase + 1,
        s.protocol_title or s.protocol_reference, _minutes(s.duration.seconds) if s.duration else "", s.reassess,
        f"moved from {s.moved_from:%a} {s.moved_from.isoformat()} (closed)" if s.moved_from else "")
        for s in sessions)
    return {"plan": plan, "facts": tuple(facts), "phases": tuple(phases), "calendar": calendar,
            "goals": tuple(GoalLine(words(goal.id), goal.target or "") for goal in plan.goals),
            "body_map": body_map(plan_seconds(export), export.catalog.regions,
                                 title=f"Regions on the body over the whole plan, {plan.title}"),
            "billing": _billing(export)}


def _billing(export: PlanExport) -> PlanBilling | None:
    """The plan's Billing box: each phase's protocol counted once per session (a day each), then the series."""
    phases = [(phase.index + 1, found.protocol.title, phase.sessions, found.protocol)
              for phase, found in zip(export.report.plan.phases, export.report.protocols, strict=True)
              if found.protocol is not None]
    return plan_billing(phases, export.catalog)


def plan_seconds(export: PlanExport) -> dict[Place, int]:
    """The hands-on seconds of every session of the plan by region and side: each phase's session times its count."""
    worked: dict[Place, int] = {}
    for phase, found in zip(export.report.plan.phases, export.report.protocols, strict=True):
        if found.protocol is None:
            continue
        session = worked_seconds(summarise(ExportContext(found.protocol, export.catalog, None, {})))
        for place, seconds in session.items():
            worked[place] = worked.get(place, 0) + seconds * phase.sessions
    return worked


def render_markdown(export: PlanExport) -> str:
    """The plan sheet as Markdown, for handbooks and wikis."""
    variables = plan_variables(export)
    plan = variables["plan"]
    lines = [f"# {text(plan.title)}", ""]
    if plan.description:
        lines += [text(plan.description), ""]
    lines += ["  \n".join(f"**{term}:** {text(value)}" for term, value in variables["facts"]), ""]
    if variables["goals"]:
        lines += ["## Goals", ""]
        lines += [f"- {text(goal.name)}" + (f": {text(goal.target)}" if goal.target else "")
                  for goal in variables["goals"]]
        lines.append("")
    lines += ["## Phases", ""]
    for phase in variables["phases"]:
        lines += [f"### Phase {phase.number}: {text(phase.title)}", ""]
        lines += [f"{text(phase.line)}", "",
                  f"{phase.sessions}, {phase.every}" + ("; a reassessment ends it." if phase.reassess else "."), ""]
        if phase.self_care:
            lines += ["Self-care between sessions:", ""]
            lines += [f"- **{kind}:** {text(instruction)}" for kind, instruction in phase.self_care]
            lines.append("")
    billing = variables["billing"]
    if billing is not None:  # only for a clinic that bills ([billing] in protocolkit.toml)
        # Each phase's units a session first, then the series' table (every session added up).
        per_phase = [f"- Phase {line.number}, {text(line.title)}: {line.sessions} session"
                     f"{'s' if line.sessions != 1 else ''} x {line.units} unit{'s' if line.units != 1 else ''} "
                     f"= {line.sessions * line.units}" for line in billing.phases]
        lines += billing_section(billing, [*per_phase, "", f"The series, {billing.session_count} sessions:", ""])
    lines += ["## Calendar", "", "| session | when | phase | protocol | min | |", "|---:|---|---:|---|---:|---|"]
    for row in variables["calendar"]:
        when = f"{row.when} {row.weekday}".strip()
        lines.append(f"| {row.number} | {when} | {row.phase} | {cell(row.protocol)} | {row.minutes} | "
                     f"{'; '.join(note for note in ('reassess' if row.reassess else '', row.moved) if note)} |")
    return "\n".join(lines) + "\n"


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:g}"
