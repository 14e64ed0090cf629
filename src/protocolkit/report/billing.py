"""Billing units as ``protocolkit units`` prints them, for a biller.

A table of code, minutes and units with the total, the minutes that bill
nothing and what they are, then why the count is what it is (the rule's
reasoning from `check.billing`), the hints, and the caveat once, last.  A plan
gets a block per phase (one session, then times its sessions) and the series.
"""

from __future__ import annotations

from typing import Any, cast

from protocolkit.check.billing import Units, in_units, number
from protocolkit.check.billing_plan import RULES, PlanUnits, in_sessions
from protocolkit.model.billing import CAVEAT


def units_text(units: Units, title: str) -> str:
    """One protocol's units as ``protocolkit units`` prints them."""
    lines = [f"{title}: {in_units(units.total_units)} by {RULES[units.policy]}", ""]
    lines += _table(units)
    lines += ["", *_reasons(units), "", CAVEAT]
    return "\n".join(lines) + "\n"


def plan_units_text(plan: PlanUnits) -> str:
    """A plan's units: a block per phase (one session, then times its sessions), the series, the caveat."""
    lines = [f"{plan.title} ({plan.id}): {in_units(plan.total_units)} over {in_sessions(plan.session_count)} "
             f"by {RULES[plan.policy]}"]
    for phase in plan.phases:
        lines += ["", f"Phase {phase.number}: {phase.title} ({phase.reference}), {in_sessions(phase.sessions)}",
                  "  One session:"]
        lines += [f"  {line}" for line in _table(phase.units)]
        lines += [f"  {line}" if line else "" for line in _reasons(phase.units)]
        lines.append(f"  {in_sessions(phase.sessions)} x {in_units(phase.units.total_units)} = "
                     f"{in_units(phase.sessions * phase.units.total_units)}")
    lines += ["", f"Series ({in_sessions(plan.session_count)}):", *_table(plan), "", CAVEAT]
    return "\n".join(lines) + "\n"


def _table(counted: Units | PlanUnits) -> list[str]:
    """Code, minutes and units, the total, then the minutes that bill nothing, with what they are."""
    if isinstance(counted, Units):
        rows = [(code.code, code.minutes, code.units) for code in counted.codes]
        timed, untimed, no_code_minutes = counted.timed_minutes, counted.untimed_minutes, counted.no_code_minutes
    else:  # a series: each session's minutes and units added up
        totals = counted.totals()  # series_total's shape: numbers, and codes as a list of rows
        timed, untimed, no_code_minutes = (cast(float, totals[key])
                                           for key in ("timed-minutes", "untimed-minutes", "no-code-minutes"))
        rows = [(row["code"], row["minutes"], row["units"]) for row in cast(list[dict[str, Any]], totals["codes"])]
    lines = [f"  {'Code':<12} {'Minutes':>8} {'Units':>6}"]
    lines += [f"  {code:<12} {number(minutes):>8} {units:>6}" for code, minutes, units in rows]
    if not rows:  # no step bills under a code: the no-code line says which ones could
        lines.append(f"  {'(none)':<12} {'0':>8} {0:>6}")
    lines.append(f"  {'Total timed':<12} {number(timed):>8} {counted.total_units:>6}")
    if counted.no_code:
        lines.append(f"  No code: {number(no_code_minutes)} minutes of {', '.join(counted.no_code)}; they bill "
                     "nothing until they are mapped under [billing] codes in protocolkit.toml.")
    if untimed:
        lines.append(f"  Untimed: {number(untimed)} minutes of activities (assessment, education, rest, "
                     "transition), which bill nothing.")
    return lines


def _reasons(units: Units) -> list[str]:
    """Why (the rule's reasoning: the table above says the minutes, the page the caveat), then the hints."""
    lines = ["Why:", *(f"  {line}" for line in units.reasoning)]
    if units.hints:
        lines += ["Hints (nothing in the protocol was changed):", *(f"  {hint}" for hint in units.hints)]
    return lines
