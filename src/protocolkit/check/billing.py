"""Billing units: which timed codes a protocol bills, and how many units, with the reasoning shown.

Each hands-on step's minutes go to the code its technique bills under
(`plugin.billing_codes.code_for`: the clinic's ``[billing] codes`` first,
then the modality's own); a step without one is "no code", an activity's
minutes are untimed.  Then one of two rules (domain notes, "Billing units"):

- ``cms`` (Medicare Claims Processing Manual, Pub 100-04, ch. 5, sec. 20.2):
  the total timed minutes set the number of units: under 8 none, 8-22 one,
  23-37 two, and so on by 15.  Each code first gets the full 15-minute units
  its minutes hold; the units left go one each to the codes with the most
  minutes left over (so two codes of 7 minutes or less whose total is 8 or
  more bill one unit, for the longer).  A tie goes to the lower code number,
  and the explanation says the biller may choose.
- ``per-code`` (the code book's own time rule): each code on its own, a
  unit once the mid-point is passed: 8 minutes for the first, 23 for two, ...

Minutes may be fractional (a 7 min 30 s step is 7.5 minutes).  The count
never depends on the order of the steps.  Nothing here changes a protocol:
a hint says when a few more minutes would bill another unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import frozen

from protocolkit.model.billing import CAVEAT, DEFAULT_POLICY, UNIT_MINUTES
from protocolkit.model.protocol import Protocol
from protocolkit.plugin.billing_codes import code_for
from protocolkit.plugin.catalog import Catalog

FIRST_UNIT_MINUTES = 8  # the mid-point of the first 15 minutes: less bills nothing
# A hint names the next unit when it is this many timed minutes away or fewer: the project's own
# choice of what "a few minutes" is, not a billing figure.
HINT_MINUTES = 5


def units_for(minutes: float) -> int:
    """Units for ``minutes`` of timed work by the 8-minute rule: 0 under 8, 1 for 8-22, 2 for 23-37, ..."""
    seconds = _seconds(minutes)
    if seconds < FIRST_UNIT_MINUTES * 60:
        return 0
    return (seconds + (UNIT_MINUTES - FIRST_UNIT_MINUTES) * 60) // (UNIT_MINUTES * 60)


def _seconds(minutes: float) -> int:
    """Minutes as whole seconds, the finest a protocol writes: the rules count in integers, so a sum
    of thirds of a minute (20 s steps) never lands a hair under a boundary such as 8 or 23."""
    return round(minutes * 60)


def minutes_for(units: int) -> int:
    """The fewest timed minutes that bill ``units`` units (8 for one, 23 for two, ...); 0 for none."""
    return 0 if units <= 0 else UNIT_MINUTES * units - (UNIT_MINUTES - FIRST_UNIT_MINUTES)


def span(units: int) -> str:
    """The minutes that bill exactly ``units``: '38-52 minutes' (or 'under 8 minutes' for none)."""
    if units <= 0:
        return f"under {FIRST_UNIT_MINUTES} minutes"
    return f"{minutes_for(units)}-{minutes_for(units + 1) - 1} minutes"


def number(minutes: float) -> str:
    """Minutes as a biller reads them: 52, 7.5."""
    return f"{minutes:.2f}".rstrip("0").rstrip(".")


@frozen
class CodeUnits:
    code: str
    minutes: float
    units: int

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "minutes": self.minutes, "units": self.units}


@frozen
class Units:
    """One session's units under one policy, how they were reached, and what a few minutes would change."""

    policy: str
    codes: tuple[CodeUnits, ...]  # by code number
    total_units: int
    timed_minutes: float
    untimed_minutes: float
    no_code_minutes: float
    no_code: tuple[str, ...]  # the modality.technique of each step without a code, once each
    explanation: tuple[str, ...]  # the minutes sorted, the rule's reasoning, the caveat: all of it in words
    hints: tuple[str, ...]
    reasoning: tuple[str, ...] = ()  # the rule's reasoning alone, for a page whose table already says the minutes

    def to_json(self) -> dict[str, object]:
        return {"policy": self.policy, "codes": [code.to_json() for code in self.codes],
                "total-units": self.total_units, "timed-minutes": self.timed_minutes,
                "untimed-minutes": self.untimed_minutes, "no-code-minutes": self.no_code_minutes,
                "no-code": list(self.no_code), "explanation": list(self.explanation), "hints": list(self.hints)}


@frozen
class Minutes:
    """A session's minutes sorted for billing: per code, without a code, and untimed."""

    by_code: dict[str, float]
    no_code: dict[str, float]  # modality.technique -> minutes
    untimed: float


def session_minutes(protocol: Protocol, catalog: Catalog) -> Minutes:
    # Seconds are added as integers and turned into minutes once: the same sums whatever the steps' order.
    by_code: dict[str, int] = {}
    no_code: dict[str, int] = {}
    untimed = 0
    for step in protocol.steps:
        seconds = step.duration.seconds
        if step.activity is not None or step.technique is None:
            untimed += seconds  # assessment, education, rest, transition: no timed service
            continue
        code = code_for(catalog, step.modality, step.technique)
        if code is None:
            key = f"{step.modality}.{step.technique}"
            no_code[key] = no_code.get(key, 0) + seconds
        else:
            by_code[code] = by_code.get(code, 0) + seconds
    return Minutes({code: value / 60 for code, value in by_code.items()},
                   {key: value / 60 for key, value in sorted(no_code.items())}, untimed / 60)


def protocol_units(protocol: Protocol, catalog: Catalog, policy: str | None = None) -> Units:
    """The units ``protocol`` bills under ``policy`` (default: the clinic's, else cms)."""
    chosen = policy or (catalog.billing.policy if catalog.billing is not None else DEFAULT_POLICY)
    return units_of(session_minutes(protocol, catalog), chosen)


def units_of(minutes: Minutes, policy: str) -> Units:
    by_code = dict(sorted(minutes.by_code.items()))
    timed = sum(_seconds(value) for value in by_code.values()) / 60
    if policy == "per-code":
        units = {code: units_for(value) for code, value in by_code.items()}
        explanation = [f"Per code: each code is counted on its own, a unit once the mid-point of its 15 minutes "
                       f"is passed ({FIRST_UNIT_MINUTES} minutes for the first, {minutes_for(2)} for two, ...)."]
        explanation += [f"{code}: {number(value)} minutes, {in_units(units[code])} ({span(units[code])})."
                        for code, value in by_code.items()]
        hints = [f"{code}: {number(minutes_for(units[code] + 1))} minutes would bill {in_units(units[code] + 1)}; "
                 f"this protocol has {number(value)}."
                 for code, value in by_code.items() if 0 < minutes_for(units[code] + 1) - value <= HINT_MINUTES]
    else:
        units, explanation, hints = _cms(by_code, timed)
    reasoning = tuple(explanation)
    explanation = _minutes_said(minutes, timed) + explanation + [CAVEAT]
    return Units(policy, tuple(CodeUnits(code, value, units[code]) for code, value in by_code.items()),
                 sum(units.values()), timed, minutes.untimed,
                 sum(_seconds(value) for value in minutes.no_code.values()) / 60,
                 tuple(minutes.no_code), tuple(explanation), tuple(hints), reasoning)


def _cms(by_code: Mapping[str, float], timed: float) -> tuple[dict[str, int], list[str], list[str]]:
    """Units per code by the CMS rule, the steps of the reasoning, and the hints."""
    total = units_for(timed)
    said = [f"CMS rule: the total timed minutes set the units: {number(timed)} minutes is {in_units(total)} "
            f"({span(total)})."]
    units = {code: _seconds(value) // (UNIT_MINUTES * 60) for code, value in by_code.items()}
    left_over = {code: (_seconds(value) - UNIT_MINUTES * 60 * units[code]) / 60 for code, value in by_code.items()}
    for code, value in by_code.items():
        held = f"{in_units(units[code])} of 15 minutes" if units[code] else "no full unit of 15 minutes"
        said.append(f"{code}: {number(value)} minutes hold {held}, {number(left_over[code])} minutes left over.")
    remaining = total - sum(units.values())
    # Highest minutes left over first; between equal ones, the lower code (the biller may choose).
    order = sorted((code for code in by_code if left_over[code] > 0), key=lambda code: (-left_over[code], code))
    assert remaining <= len(order), "the 8-minute rule never leaves more units than codes with minutes left"
    for code in order[:remaining]:
        units[code] += 1
    if remaining > 0:
        given = ", ".join(f"{code} ({number(left_over[code])} min)" for code in order[:remaining])
        said.append(f"{in_units(remaining).capitalize()} left after the full units "
                    f"{'goes' if remaining == 1 else 'go'} to the code{'s' if remaining > 1 else ''} with the most "
                    f"minutes left over: {given}.")
        last = left_over[order[remaining - 1]]
        tied = [code for code in order if left_over[code] == last]
        if remaining < len(order) and left_over[order[remaining]] == last:
            said.append(f"{' and '.join(tied)} have the same minutes left over; the unit went to the lower code "
                        "number, and the biller may give it to either.")
    hints = []
    following = minutes_for(total + 1)
    if 0 < following - timed <= HINT_MINUTES:
        hints.append(f"{following} timed minutes would bill {in_units(total + 1)}; this protocol has {number(timed)}.")
    if total > 0:  # with no unit at all, the line above already says what a few minutes more would do
        hints += [f"{code}: its {number(value)} minutes bill no unit of their own; they count toward the total."
                  for code, value in by_code.items() if units[code] == 0]
    return units, said, hints


def _minutes_said(minutes: Minutes, timed: float) -> list[str]:
    parts = ", ".join(f"{code} {number(value)} min" for code, value in sorted(minutes.by_code.items()))
    said = [f"Timed minutes: {number(timed)}" + (f" ({parts})." if parts else ".")]
    if minutes.no_code:
        said.append(f"No code: {number(sum(minutes.no_code.values()))} minutes of "
                    f"{', '.join(minutes.no_code)} (map them under [billing] codes to bill them).")
    if minutes.untimed:
        said.append(f"Untimed: {number(minutes.untimed)} minutes of activities (assessment, education, rest, "
                    "transition), which bill nothing.")
    return said


def in_units(count: int) -> str:
    """``1 unit``, ``3 units``."""
    return f"{count} unit" + ("" if count == 1 else "s")


def series_total(sessions: Iterable[Units]) -> dict[str, object]:
    """A series' totals: units and minutes over every session, and units per code."""
    listed = list(sessions)
    per_code: dict[str, list[float]] = {}
    for session in listed:
        for code in session.codes:
            minutes, units = per_code.setdefault(code.code, [0.0, 0])
            per_code[code.code] = [minutes + code.minutes, units + code.units]
    return {"codes": [{"code": code, "minutes": minutes, "units": int(units)}
                      for code, (minutes, units) in sorted(per_code.items())],
            "total-units": sum(session.total_units for session in listed),
            "timed-minutes": sum(session.timed_minutes for session in listed),
            "untimed-minutes": sum(session.untimed_minutes for session in listed),
            "no-code-minutes": sum(session.no_code_minutes for session in listed)}
