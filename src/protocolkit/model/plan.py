"""Treatment plans: a series of sessions, as frozen values.

A protocol is one session; a plan (``kind: treatment-plan``) repeats protocols
over weeks: goals with measurable targets, then phases that each give one
protocol a number of sessions at a fixed interval, a reassessment at the end
of a phase where asked, and self-care between sessions.  A plan holds no
client data.  The phases name their protocols as written (a file relative to
the plan, or an id beside it); finding and checking those is the check
stage's job (``protocolkit.check.plan``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import attrs
from attrs import field, frozen

from protocolkit.model.protocol import is_slug

SelfCareKind = Literal["stretch", "heat", "cold", "rest", "hydration"]
SELF_CARE_KINDS: tuple[SelfCareKind, ...] = ("stretch", "heat", "cold", "rest", "hydration")
_EVERY = re.compile(r"^([1-9][0-9]{0,2})([dw])$")


def parse_every(text: str) -> int:
    """An interval as the plan writes it (``3d``, ``1w``, ``2w``) in days."""
    match = _EVERY.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not an interval; write days or weeks such as 3d, 1w or 2w")
    count, unit = int(match.group(1)), match.group(2)
    return count * 7 if unit == "w" else count


def every_text(days: int) -> str:
    """The interval written back: whole weeks as ``1w``, anything else in days (``3d``)."""
    return f"{days // 7}w" if days % 7 == 0 else f"{days}d"


def _slug(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not is_slug(value):
        raise ValueError(f"{attribute.name} {value!r} must be a lower-case id such as pain-relief")


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be 1 or more, not {value}")


@frozen
class SelfCare:
    """What the client does between sessions: a kind and one short instruction."""

    kind: SelfCareKind = field(validator=attrs.validators.in_(SELF_CARE_KINDS))
    instruction: str


@frozen
class PlanGoal:
    """A goal id as protocols use them, with an optional measurable target in words."""

    id: str = field(validator=_slug)
    target: str | None = None


def _self_care(items: Iterable[SelfCare]) -> tuple[SelfCare, ...]:
    return tuple(items)


@frozen
class Phase:
    """One protocol repeated: ``sessions`` sessions, ``every`` days apart.

    ``index`` is the phase's place in the plan (0-based), ``protocol`` the
    reference exactly as written; ``reassess`` marks a reassessment at the
    phase's last session."""

    index: int
    protocol: str
    sessions: int = field(validator=_positive)
    every: int = field(validator=_positive)  # days between two sessions
    reassess: bool = False
    self_care: tuple[SelfCare, ...] = field(converter=_self_care, default=())

    @property
    def path(self) -> tuple[str | int, ...]:
        """Where the phase is in the document, for findings."""
        return ("phases", self.index)

    @property
    def span_days(self) -> int:
        """Days from the phase's first session to the day the next phase may start."""
        return self.sessions * self.every


def _goals(items: Iterable[PlanGoal | str]) -> tuple[PlanGoal, ...]:
    """A bare id is a goal without a target, as a protocol's goals are written."""
    return tuple(item if isinstance(item, PlanGoal) else PlanGoal(item) for item in items)


def _phases(items: Iterable[Phase]) -> tuple[Phase, ...]:
    return tuple(items)


def _some_phase(_instance: object, _attribute: object, value: tuple[Phase, ...]) -> None:
    if not value:
        raise ValueError("a treatment plan needs at least one phase")


@frozen
class TreatmentPlan:
    """A series of sessions: goals and phases, in order.  No client data."""

    id: str = field(validator=_slug)
    title: str
    phases: tuple[Phase, ...] = field(converter=_phases, validator=_some_phase)
    goals: tuple[PlanGoal, ...] = field(converter=_goals, default=())
    description: str | None = None
    format_version: int = 1

    @property
    def session_count(self) -> int:
        return sum(phase.sessions for phase in self.phases)

    @property
    def span_days(self) -> int:
        """Days from the first session to the last one (0 for a single session)."""
        return sum(phase.span_days for phase in self.phases) - self.phases[-1].every
