"""Conditions and client intakes: the model behind contraindication screening.

A `Condition` is catalog knowledge: what a condition rules out and why.  An
`Intake` is one client's health data: which conditions they have, where, and
which a physician has cleared (and to what pressure).  Intakes are sensitive,
so the model keeps only what screening needs (condition ids, regions, sides,
clearances and an opaque client reference) and never the free text a form
may carry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from attrs import field, frozen

from protocolkit.model.findings import JsonPath, json_path
from protocolkit.model.protocol import POSITIONS, ContraindicationCategory, Position, Pressure, Side, is_slug, strings

if TYPE_CHECKING:
    from datetime import date

Reach = Literal["area", "distal", "limb", "quadrant"]
REACHES: tuple[Reach, ...] = ("area", "distal", "limb", "quadrant")
_REACH_WORDS = {"area": "the area", "distal": "the area and everything distal on the limb",
                "limb": "the whole limb on that side", "quadrant": "the whole body quadrant on that side"}


def _slug(_instance: object, attribute: object, value: str) -> None:
    if not is_slug(value):
        raise ValueError(f"condition id {value!r} is not a lower-case slug such as 'varicose-veins'")


@frozen
class RegionLimit:
    """A limit on named regions (and every region of the named limbs) that holds
    whatever a physician's clearance says: pregnancy keeps deep work off the legs.

    ``only``: the techniques allowed there (every other one is ruled out); the
    abdomen of a pregnant client takes effleurage alone."""

    regions: tuple[str, ...] = field(converter=strings, default=())
    limbs: tuple[str, ...] = field(converter=strings, default=())
    max_pressure: Pressure | None = None
    avoid: tuple[str, ...] = field(converter=strings, default=())
    only: tuple[str, ...] = field(converter=strings, default=())

    def __attrs_post_init__(self) -> None:
        if not (self.regions or self.limbs):
            raise ValueError("a region limit names at least one region or limb")
        if self.max_pressure is None and not self.avoid and not self.only:
            raise ValueError("a region limit sets a pressure ceiling, techniques to avoid or the only techniques "
                             "allowed")
        both = [technique for technique in self.only if technique in self.avoid]
        if both:
            raise ValueError(f"a region limit cannot both allow only {both[0]!r} and avoid it")

    @property
    def where(self) -> str:
        return ", ".join([*self.regions, *(f"the {limb}s" for limb in self.limbs)])

    @property
    def restriction(self) -> str:
        parts = [f"pressure {self.max_pressure.level} or less" if self.max_pressure else "",
                 f"no {', '.join(self.avoid)}" if self.avoid else ""]
        limits = " and ".join(p for p in parts if p)
        if self.only:
            limits = f"{' or '.join(self.only)} only" + (f", {limits}" if limits else "")
        return f"{limits} on {self.where}"


def _region_limits(items: Iterable[RegionLimit]) -> tuple[RegionLimit, ...]:
    return tuple(items)


def _positions(items: Iterable[str]) -> tuple[Position, ...]:
    found = tuple(items)
    unknown = [item for item in found if item not in POSITIONS]
    if unknown:
        raise ValueError(f"unknown position {unknown[0]!r}; use one of {', '.join(POSITIONS)}")
    return found  # type: ignore[return-value]


@frozen
class PositionRule:
    """Positions a condition rules out for the whole session, with why.

    ``from_weeks``: from this week of pregnancy on (None: whatever the
    weeks); an intake that does not give the weeks meets every rule.
    ``approaches``: only for these surgical approaches; an intake that gives
    none (or one no rule names) meets every rule of the condition.  ``at``:
    only when the intake places the condition in one of these regions (a
    port in the chest), or places it nowhere."""

    positions: tuple[Position, ...] = field(converter=_positions)
    reason: str
    from_weeks: int | None = None
    approaches: tuple[str, ...] = field(converter=strings, default=())
    at: tuple[str, ...] = field(converter=strings, default=())

    def __attrs_post_init__(self) -> None:
        if not self.positions:
            raise ValueError("a position rule names at least one position")


def _position_rules(items: Iterable[PositionRule]) -> tuple[PositionRule, ...]:
    return tuple(items)


@frozen
class TimePhase:
    """How a dated condition acts for a while after its date (the intake's ``since``).

    ``until_days``: the phase lasts while fewer days than this have surely
    passed (None: from then on); ``condition``: how the condition acts in
    the phase (with no limit left, a caution condition with only its advice)."""

    name: str
    until_days: float | None
    condition: Condition


def _phases(items: Iterable[TimePhase]) -> tuple[TimePhase, ...]:
    return tuple(items)


def _increasing(ends: list[float | None]) -> bool:
    known = [end for end in ends if end is not None]
    return len(known) == len(ends) and all(a < b for a, b in zip(known, known[1:], strict=False))


@frozen
class Condition:
    """What a condition restricts, with the reason and where the fact comes from.

    ``category`` (Werner & Benjamin):

    - ``systemic``: no session at all.
    - ``local``: keep off the affected region on its side; ``reach`` widens
      that to everything ``distal`` on the limb (varicose veins), the whole
      ``limb`` (a dialysis fistula arm) or the body ``quadrant``.  The intake
      must say where; until it does, the client is not treated.
    - ``caution``: adapt the work.  ``max_pressure`` is the default ceiling
      everywhere and ``avoid`` the techniques left out everywhere.  With
      ``site_max_pressure``/``site_avoid`` the limit holds only at the
      intake's region within ``reach`` (lymphedema: the quadrant on that side;
      no region on the intake: everywhere).  ``site_off_limits`` keeps off the
      region an intake names, when it names one (diabetes: the insulin site).

    ``region_limits`` hold on named regions whatever any clearance says.
    ``needs_clearance``: no session until a physician's clearance is listed.
    A clearance with a pressure level replaces ``max_pressure`` (or adds that
    ceiling where the condition has none); nothing else is lifted by it.
    ``implies``: conditions that come with this one (first trimester implies
    pregnancy).  ``family`` groups related conditions, so that a suggestion
    for a mistyped id never offers a milder member of it without the rest.
    ``modality``: set for a condition only one modality's own data names; it
    then restricts that modality's steps alone.

    ``default_region``: where the condition is when the intake does not say
    (a cold sore is on the face).  ``needs_clearance_below_platelets``: the
    condition needs clearance unless the intake gives a platelet count at or
    above this figure (an unstated count is the strictest reading).
    ``symptom_limit``: a limit on the affected side's limb that holds while the
    intake says the client has symptoms down it, or does not say (a disc
    herniation with leg symptoms: no nerve-tension stretch of that leg).
    ``house_ceiling``: a clinic policy's ceiling, which holds whatever a
    clearance level says (a policy tightens, never loosens).

    ``side_limits`` hold on the intake's side (both sides when it gives
    none): a new hip replacement keeps stretches off that hip and thigh.
    ``position_rules``: positions ruled out for the whole session (no prone
    from 13 weeks of pregnancy).  ``phases``: how a dated condition acts as
    time passes after the intake's ``since`` (``since_means`` says what that
    date is: the injury, the injection); the condition itself is how it acts
    with no date, the strictest reading.  ``clearance_ends_phases``: a
    clearance ends the time-limited precautions (a surgeon lifting a hip
    replacement's precautions early).  ``weeks_imply``: (condition id, week):
    before that week of pregnancy, or with the weeks not given, the condition
    brings that one too (pregnancy brings first-trimester's limits);
    ``weeks_below``: writing this condition says the pregnancy is under that
    many weeks (first-trimester: 13), when the intake gives no weeks.
    """

    id: str = field(validator=_slug)
    name: str
    category: ContraindicationCategory
    reason: str
    source: str = ""
    reach: Reach = "area"
    max_pressure: Pressure | None = None
    avoid: tuple[str, ...] = field(converter=strings, default=())
    site_max_pressure: Pressure | None = None
    site_avoid: tuple[str, ...] = field(converter=strings, default=())
    site_off_limits: bool = False
    region_limits: tuple[RegionLimit, ...] = field(converter=_region_limits, default=())
    needs_clearance: bool = False
    implies: tuple[str, ...] = field(converter=strings, default=())
    family: str = ""
    advice: str = ""
    modality: str | None = None
    default_region: str | None = None
    needs_clearance_below_platelets: int | None = None
    symptom_limit: RegionLimit | None = None
    house_ceiling: Pressure | None = None
    side_limits: tuple[RegionLimit, ...] = field(converter=_region_limits, default=())
    position_rules: tuple[PositionRule, ...] = field(converter=_position_rules, default=())
    phases: tuple[TimePhase, ...] = field(converter=_phases, default=())
    since_means: str = ""
    clearance_ends_phases: bool = False
    weeks_imply: tuple[str, int] | None = None
    weeks_below: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.category not in ("systemic", "local", "caution"):
            raise ValueError(f"condition {self.id}: category {self.category!r} is not systemic, local or caution")
        if self.reach not in REACHES:
            raise ValueError(f"condition {self.id}: reach {self.reach!r} is not one of {', '.join(REACHES)}")
        limits = (self.max_pressure, self.avoid, self.site_max_pressure, self.site_avoid, self.site_off_limits,
                  self.region_limits, self.symptom_limit, self.house_ceiling, self.side_limits)
        if self.category != "caution" and any(limits):
            raise ValueError(f"condition {self.id}: pressure ceilings, techniques to avoid and region limits "
                             "belong to caution conditions")
        if self.site_off_limits and (self.site_max_pressure or self.site_avoid):
            raise ValueError(f"condition {self.id}: a site that is off limits needs no ceiling or techniques")
        if self.reach != "area" and not (self.category == "local" or self.has_site):
            raise ValueError(f"condition {self.id}: only a local condition or one with site limits has a reach")
        if self.id in self.implies:
            raise ValueError(f"condition {self.id}: a condition cannot imply itself")
        if self.category == "systemic" and (self.needs_clearance or self.needs_clearance_below_platelets
                                            or self.position_rules):
            raise ValueError(f"condition {self.id}: a systemic condition rules out the session; no clearance "
                             "lifts it")
        if self.default_region is not None and not self.has_site:
            raise ValueError(f"condition {self.id}: only a condition with a site has a default region")
        ends = [phase.until_days for phase in self.phases]
        if self.phases and (ends[-1] is not None or not _increasing(ends[:-1])):
            raise ValueError(f"condition {self.id}: phases run in order of their end, the last one open-ended")
        if self.phases and not self.since_means:
            raise ValueError(f"condition {self.id}: a dated condition says what its date is (since_means)")

    @property
    def has_site(self) -> bool:
        """Does this condition restrict the region the intake names (rather than everywhere)?"""
        return self.category == "local" or self.site_off_limits or bool(self.site_max_pressure or self.site_avoid)

    @property
    def distal(self) -> bool:
        return self.reach == "distal"

    @property
    def family_id(self) -> str:
        return self.family or self.id

    @property
    def strictness(self) -> int:
        """How much a condition rules out, for comparing two: systemic 4, local 3,
        caution that needs clearance 2, other caution 1."""
        if self.category == "systemic":
            return 4
        if self.category == "local":
            return 3
        return 2 if self.needs_clearance or self.needs_clearance_below_platelets else 1

    @property
    def restriction(self) -> str:
        """One line for people: what this condition restricts."""
        if self.category == "systemic":
            return "no session"
        parts = []
        if self.needs_clearance:
            parts.append("no session until a physician's clearance is listed")
        elif self.needs_clearance_below_platelets:
            parts.append(f"no session until a physician's clearance is listed, unless the intake gives a platelet "
                         f"count of {self.needs_clearance_below_platelets:,} or more")
        if self.category == "local":
            parts.append(f"avoid {_REACH_WORDS[self.reach]}")
        if self.max_pressure:
            parts.append(f"pressure {self.max_pressure.level} or less (a clearance level may change it)")
        if self.avoid:
            parts.append(f"no {', '.join(self.avoid)}")
        if self.site_off_limits:
            parts.append("avoid the region the intake names, if any")
        elif self.category == "caution" and self.has_site:
            site = [f"pressure {self.site_max_pressure.level} or less" if self.site_max_pressure else "",
                    f"no {', '.join(self.site_avoid)}" if self.site_avoid else ""]
            parts.append(f"{' and '.join(p for p in site if p)} on {_REACH_WORDS[self.reach]}")
        parts += [limit.restriction for limit in self.region_limits]
        if self.symptom_limit is not None:
            parts.append(f"{self.symptom_limit.restriction} on the affected side while there are symptoms there "
                         "(or the intake does not say)")
        if self.house_ceiling is not None:
            parts.append(f"pressure {self.house_ceiling.level} or less whatever a clearance says (clinic policy)")
        parts += [f"{limit.restriction} on the affected side" for limit in self.side_limits]
        for rule in self.position_rules:
            when = f" from {rule.from_weeks} weeks" if rule.from_weeks is not None else ""
            how = f" ({', '.join(rule.approaches)} approach)" if rule.approaches else ""
            parts.append(f"no {' or '.join(rule.positions)} position{when}{how}")
        if self.phases:
            parts.append("less as time passes after " + (self.since_means or "its date") + " (give 'since')")
        if self.implies:
            parts.append(f"and all that {', '.join(self.implies)} restricts")
        return "; ".join(parts) or "no limit on the work; keep its advice in mind"


@frozen
class IntakeEntry:
    """One condition or medication listed on an intake, with where it sits in the file."""

    id: str
    path: JsonPath = field(converter=json_path)
    region: str | None = None
    side: Side = "both"
    # A local condition the intake calls widespread leaves no area to work: it rules out the session.
    widespread: bool = False
    # Symptoms down the limb (a disc herniation's leg symptoms); None: the intake does not say.
    leg_symptoms: bool | None = None
    # A platelet count per microlitre, when the intake gives one.
    platelets: int | None = None
    # The condition's date (onset, injury, procedure, injection); None: not given, the strictest phase.
    since: date | None = None
    # Weeks of pregnancy; None: not given, the strictest rules.
    weeks: int | None = None
    # A surgical approach (hip replacement): posterior, anterior, lateral; None: not given.
    approach: str | None = None

    @property
    def id_path(self) -> JsonPath:
        return (*self.path, "id") if self.path and self.path[0] == "conditions" else self.path


@frozen
class Clearance:
    """A physician's clearance of one condition, optionally with the pressure level allowed;
    ``path`` is where its condition id sits in the intake file."""

    id: str
    pressure: Pressure | None = None
    path: JsonPath = field(converter=json_path, default=())


def _entries(items: Iterable[IntakeEntry]) -> tuple[IntakeEntry, ...]:
    return tuple(items)


def _clearances(items: Iterable[Clearance | str]) -> tuple[Clearance, ...]:
    """Bare ids are clearances without a level (the form intakes have always had)."""
    return tuple(item if isinstance(item, Clearance) else Clearance(item, path=("clearance", index))
                 for index, item in enumerate(items))


@frozen
class Intake:
    """One client's intake as it stands on the day of a session: ``on`` is that day (None:
    today), which puts each dated condition in its phase."""

    client: str
    entries: tuple[IntakeEntry, ...] = field(converter=_entries)
    clearance: tuple[Clearance, ...] = field(converter=_clearances, default=())
    on: date | None = None

    def clearance_of(self, condition_id: str) -> Clearance | None:
        return next((item for item in self.clearance if item.id == condition_id), None)

    def cleared(self, condition_id: str) -> bool:
        return self.clearance_of(condition_id) is not None

