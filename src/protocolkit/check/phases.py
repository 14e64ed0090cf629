"""Time and weeks: how a dated condition acts on the day of the session.

A condition whose rule depends on time (an acute injury, an injection, a new
hip) lists its ``phases``; the intake's ``since`` and the session's date put
it in one.  Dates have no hour, so the time that has passed is counted the
least it can be: an injury late on the 1st met on the 4th is taken as two
full days old, not three.  No date means the strictest reading: the
condition as the catalog writes it, before any phase.  A clearance ends the
phases of a condition that says so (a surgeon lifting a hip's precautions).

Pregnancy works by weeks, not dates: before the week ``weeks_imply`` names,
or with the weeks not given, it brings the early weeks' condition too.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen

from protocolkit.model.conditions import Condition, Intake, IntakeEntry

UNDATED = "no date given: the strictest reading"


def session_date(intake: Intake) -> date:
    """The day of the session the intake is read for (today, when it does not say)."""
    return intake.on or date.today()


def days_surely_passed(since: date, on: date) -> int:
    """Whole days surely passed between two dates with no hour: one less than the calendar says."""
    return max(0, (on - since).days - 1)


@frozen
class Phased:
    """A condition as it acts on the day: the catalog's own (undated) or one of its phases."""

    condition: Condition
    phase: str | None = None


def phase_of(condition: Condition, entry: IntakeEntry, on: date, cleared: bool) -> Phased:
    """How ``condition`` acts for this entry on ``on``."""
    if not condition.phases:
        return Phased(condition)
    if cleared and condition.clearance_ends_phases:
        last = condition.phases[-1]
        return Phased(last.condition, f"{last.name} (cleared)")
    if entry.since is None:
        return Phased(condition, UNDATED)
    if entry.since > on:  # a typo, or something still to come: never an eased phase
        first = condition.phases[0]
        return Phased(first.condition, f"{first.name} (dated after the session's day)")
    passed = days_surely_passed(entry.since, on)
    for phase in condition.phases:
        if phase.until_days is None or passed < phase.until_days:
            return Phased(phase.condition, phase.name)
    raise AssertionError("the last phase is open-ended")  # Condition's validator keeps it so


def implied_by_weeks(condition: Condition, entry: IntakeEntry) -> str | None:
    """The condition the weeks of pregnancy bring (first-trimester before 13 weeks, or with none given)."""
    if condition.weeks_imply is None:
        return None
    implied, before = condition.weeks_imply
    return implied if entry.weeks is None or entry.weeks < before else None


def weeks_label(entry: IntakeEntry) -> str:
    return "weeks not given: the strictest rules" if entry.weeks is None else f"{entry.weeks} weeks"
