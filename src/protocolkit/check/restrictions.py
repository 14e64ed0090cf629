"""What one client's intake allows: worked out once, used by screen and compose alike.

``assess`` turns an intake into two things:

- *blockers*: reasons the session must not go ahead at all (a systemic
  condition; a condition that needs a physician's clearance the intake does
  not list; a local condition the intake does not place).  Any blocker makes
  the verdict "do not treat", and compose refuses with the same words.
- *limits*: what each condition allows on part of the body (nothing at all
  there, a pressure ceiling, techniques to leave out, the only techniques
  allowed there), optionally for one
  modality's steps only.  Screening reports every step a limit catches;
  compose plans every slot inside the limits that cover it.

Because both faces read the same limits through the same ``covers`` and
``problems``, what compose builds screens "go" by construction; compose
still screens its result, as a guard against a plugin that ignores its slot.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs
from attrs import field, frozen

from protocolkit.plugin.catalog import Catalog
from protocolkit.model.conditions import Clearance, Condition, Intake, IntakeEntry, RegionLimit
from protocolkit.model.protocol import Pressure, Side, Step
from protocolkit.model.codes import CLEARANCE_MISSING, LOCAL, SYSTEMIC
from protocolkit.check.phases import implied_by_weeks, phase_of, session_date, weeks_label

BOTH_SIDES: frozenset[Side] = frozenset(("left", "right"))


@frozen
class Applicable:
    """A condition as it applies to this client: where it is, and any clearance given."""

    condition: Condition
    entry: IntakeEntry
    clearance: Clearance | None
    # The phase a dated condition is in on the day (or how its weeks read); None for the rest.
    phase: str | None = None

    @property
    def cleared(self) -> bool:
        return self.clearance is not None


@frozen
class Blocker:
    """Why the session must not go ahead at all, in words for the therapist (condition ids only)."""

    condition: str
    code: str
    message: str


def _techniques(items: Iterable[str]) -> frozenset[str]:
    return frozenset(items)


def _allow_list(items: Iterable[str] | None) -> frozenset[str] | None:
    return None if items is None else frozenset(items)


@frozen
class Limit:
    """One condition's limit on part of a session.

    ``regions`` None means every region; ``sides`` are the sides of those
    regions it holds on.  ``kind`` says where the limit comes from, so the
    finding can say why: the intake's ``site`` (``area`` is the region the
    intake names, the rest of ``regions`` lies in its reach), a session-wide
    ``ceiling`` (``cleared`` when a clearance gave its level), a ``fixed``
    region limit that holds whatever a clearance says, a ``side`` limit on the
    intake's side, a ``position`` rule (``positions`` ruled out for the whole
    session, ``why`` says why), or a ``modality``'s own contraindication.
    ``only``: the techniques allowed where the limit holds (None: no
    allow-list; an empty set allows none), every other one is ruled out.
    """

    condition: Condition
    kind: str
    regions: frozenset[str] | None = None
    sides: frozenset[Side] = BOTH_SIDES
    off_limits: bool = False
    max_pressure: Pressure | None = None
    avoid: frozenset[str] = field(converter=_techniques, default=frozenset())
    modality: str | None = None
    area: str | None = None
    # How people name the regions of a fixed limit ("abdomen, the legs"), for notes.
    where: str = ""
    positions: frozenset[str] = field(converter=_techniques, default=frozenset())
    why: str = ""
    only: frozenset[str] | None = field(converter=_allow_list, default=None)

    def covers(self, region: str | None, side: Side, modality: str | None) -> bool:
        """Does the limit hold for work on ``region`` (on ``side``) by ``modality``?"""
        if self.modality is not None and modality != self.modality:
            return False
        if self.regions is not None and region not in self.regions:
            return False
        return side == "both" or side in self.sides

    def problems(self, step: Step) -> Iterator[str]:
        """What ``step`` breaks: 'region' (it must not be there at all), 'pressure', 'technique',
        'position' (one ruled out) or 'position unknown' (the step states none, and this limit needs it)."""
        if not step.hands_on or not self.covers(step.region, step.side, step.modality):
            return
        if self.positions:
            if step.position is None:
                yield "position unknown"
            elif step.position in self.positions:
                yield "position"
            return
        if self.off_limits:
            yield "region"
            return
        if self.max_pressure is not None and step.pressure is not None and step.pressure > self.max_pressure:
            yield "pressure"
        if not self.allows(step.technique):
            yield "technique"

    def allows(self, technique: str | None) -> bool:
        """Is ``technique`` allowed where the limit holds: not avoided, and on the allow-list if there is one?"""
        return technique not in self.avoid and (self.only is None or technique in self.only)


@frozen
class Allowance:
    """Everything the limits allow one modality on one region and side: what compose plans within.

    ``only``: the techniques allowed at all (None: no allow-list; where several
    limits have one, what they all allow); a technique must be on it and not in
    ``avoid``."""

    blocked_by: tuple[str, ...]
    max_pressure: Pressure
    avoid: frozenset[str]
    barred_positions: frozenset[str] = frozenset()
    only: frozenset[str] | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_by)


@frozen
class ClientLimits:
    client: str | None
    blockers: tuple[Blocker, ...] = ()
    limits: tuple[Limit, ...] = ()

    def allowance(self, region: str, side: Side, modality: str | None) -> Allowance:
        covering = [limit for limit in self.limits if limit.covers(region, side, modality)]
        ceilings = [limit.max_pressure for limit in covering if limit.max_pressure is not None]
        lists = [limit.only for limit in covering if limit.only is not None]
        return Allowance(tuple(dict.fromkeys(limit.condition.id for limit in covering if limit.off_limits)),
                         min(ceilings, default=Pressure(5)),
                         frozenset(technique for limit in covering for technique in limit.avoid),
                         frozenset(position for limit in covering for position in limit.positions),
                         lists[0].intersection(*lists[1:]) if lists else None)

    def problems(self, step: Step) -> Iterator[tuple[Limit, str]]:
        for limit in self.limits:
            for problem in limit.problems(step):
                yield limit, problem


NO_INTAKE = ClientLimits(None)


def modality_conditions(catalog: Catalog) -> dict[str, list[Condition]]:
    """Conditions from the modalities' own data, each scoped to its modality.

    A modality's caution means: not with this modality until a physician has
    cleared the condition."""
    found: dict[str, list[Condition]] = {}
    for modality in catalog.modalities.values():
        for item in modality.contraindications:
            found.setdefault(item.id, []).append(Condition(
                id=item.id, name=item.id.replace("-", " "), category=item.category, reason=item.reason,
                source=item.source, modality=modality.id, needs_clearance=item.category == "caution",
                advice=f"leave out the {modality.id} steps"))
    return found


# A modality's own contraindication counts where its category is stricter than the
# catalog's: "local" for a catalog caution keeps that modality off the area.
CATEGORY_ORDER = {"caution": 1, "local": 2, "systemic": 3}


def applicable(intake: Intake, catalog: Catalog) -> list[Applicable]:
    """Every condition that restricts this client on the session's day: the catalog's (in the
    phase its date puts it in), those it implies (and those the weeks of a pregnancy bring), and
    a modality's own where it rules out more than the catalog already does."""
    scoped = modality_conditions(catalog)
    on = session_date(intake)
    found: dict[tuple[object, ...], Applicable] = {}

    def add(condition: Condition, entry: IntakeEntry, clearance: Clearance | None, phase: str | None = None) -> None:
        # The same condition written twice counts once, unless the two say different things
        # (one of them widespread, a date, weeks, leg symptoms): each then counts.
        key = (condition.id, condition.modality, entry.region, entry.side, entry.widespread, entry.leg_symptoms,
               entry.platelets, entry.since, entry.weeks, entry.approach)
        found.setdefault(key, Applicable(condition, entry, clearance, phase))

    for entry in intake.entries:
        clearance = intake.clearance_of(entry.id)
        general = catalog.conditions.get(entry.id)
        if general is not None and general.weeks_below is not None and entry.weeks is None:
            entry = attrs.evolve(entry, weeks=general.weeks_below - 1)  # first-trimester: under 13 weeks
        if general is not None:
            phased = phase_of(general, entry, on, clearance is not None)
            condition = phased.condition
            add(condition, entry, clearance, phased.phase or (weeks_label(entry) if general.weeks_imply else None))
            for implied in condition.implies:
                if implied in catalog.conditions:
                    add(catalog.conditions[implied], entry, intake.clearance_of(implied) or clearance)
            # The early weeks' limits come with a pregnancy whose weeks are few or unknown; a clearance
            # of the pregnancy is not one of them (its level would cap the whole body twice).
            by_weeks = implied_by_weeks(general, entry)
            if by_weeks is not None and by_weeks in catalog.conditions:
                add(catalog.conditions[by_weeks], entry, intake.clearance_of(by_weeks))
        for scoped_condition in scoped.get(entry.id, []):
            if general is None or CATEGORY_ORDER[scoped_condition.category] > CATEGORY_ORDER[general.category]:
                add(scoped_condition, entry, clearance)
    return list(found.values())


def assess(intake: Intake | None, catalog: Catalog) -> ClientLimits:
    """The blockers and limits an intake puts on any session for this client."""
    if intake is None:
        return NO_INTAKE
    blockers: list[Blocker] = []
    limits: list[Limit] = []
    for item in applicable(intake, catalog):
        if item.condition.modality is not None:
            limits += _modality_limits(item, catalog)
        else:
            blocker = _blocker(item)
            if blocker is not None:
                blockers.append(blocker)
            limits += _condition_limits(item, catalog)
    return ClientLimits(intake.client, tuple(dict.fromkeys(blockers)), tuple(limits))


_LIST_CLEARANCE = ("Once a physician has cleared it, list it under 'clearance' in the intake (with the pressure "
                   "level allowed, if one was given).")


def _blocker(item: Applicable) -> Blocker | None:
    condition, entry = item.condition, item.entry
    advice = sentence(condition.advice or "Refer the client to a physician")
    if condition.category == "systemic":
        return Blocker(condition.id, SYSTEMIC.code,
                       f"{condition.id}: {sentence(condition.reason)} Do not treat: {advice}")
    if condition.category == "local" and entry.widespread:
        return Blocker(condition.id, SYSTEMIC.code,
                       f"{condition.id} is widespread, so no area is left to work around: "
                       f"{sentence(condition.reason)} Do not treat: {advice}")
    if condition.needs_clearance and not item.cleared:
        return Blocker(condition.id, CLEARANCE_MISSING.code,
                       f"do not treat until cleared: {condition.id}: {sentence(condition.reason)} It needs a "
                       f"physician's clearance before massage. {_LIST_CLEARANCE}")
    floor = condition.needs_clearance_below_platelets
    if floor and not item.cleared and (entry.platelets is None or entry.platelets < floor):
        count = "the intake gives no platelet count" if entry.platelets is None else "the count is under it"
        return Blocker(condition.id, CLEARANCE_MISSING.code,
                       f"do not treat until cleared: {condition.id}: below {floor:,} platelets massage needs the "
                       f"oncology team's clearance, and {count}. Give the latest count on the intake "
                       f"(platelets: {floor}), or get the clearance. {_LIST_CLEARANCE}")
    if condition.category == "local" and _site(item) is None:
        return Blocker(condition.id, LOCAL.code,
                       f"do not treat until the intake says where {condition.id} is: it rules out the area it "
                       "affects, so add its region (and side) to the intake.")
    return None


def _site(item: Applicable) -> str | None:
    """Where the condition is: the intake's region, else the condition's own default (a cold sore: the face)."""
    return item.entry.region or item.condition.default_region


def _sides(entry: IntakeEntry) -> frozenset[Side]:
    return BOTH_SIDES if entry.side == "both" else frozenset((entry.side,))


def _reach(condition: Condition, region: str, catalog: Catalog) -> frozenset[str]:
    if region not in catalog.regions:  # an unknown region is the intake check's error; keep to it alone
        return frozenset((region,))
    return frozenset(catalog.regions.reach(region, condition.reach))


def _condition_limits(item: Applicable, catalog: Catalog) -> Iterator[Limit]:
    condition, entry = item.condition, item.entry
    if condition.category == "systemic":
        return
    site = _site(item)
    if condition.category == "local" or condition.site_off_limits:
        if site is not None:
            yield Limit(condition, "site", _reach(condition, site, catalog), _sides(entry), off_limits=True,
                        area=site)
    elif condition.has_site:
        yield Limit(condition, "site", _reach(condition, site, catalog) if site else None,
                    _sides(entry) if site else BOTH_SIDES, max_pressure=condition.site_max_pressure,
                    avoid=condition.site_avoid, area=site)
    level = item.clearance.pressure if item.clearance is not None else None
    ceiling = level or condition.max_pressure
    if ceiling is not None or condition.avoid:
        yield Limit(condition, "cleared" if level else "ceiling", max_pressure=ceiling, avoid=condition.avoid)
    for fixed in condition.region_limits:
        yield Limit(condition, "fixed", _regions_of(fixed, catalog), max_pressure=fixed.max_pressure,
                    avoid=fixed.avoid, where=fixed.where, only=_only(fixed))
    # Symptoms down the limb the intake does not rule out (unstated is the strictest reading).
    if condition.symptom_limit is not None and entry.leg_symptoms is not False:
        limit = condition.symptom_limit
        sides = "both sides" if entry.side == "both" else f"the {entry.side} side"
        yield Limit(condition, "symptom", _regions_of(limit, catalog), _sides(entry), max_pressure=limit.max_pressure,
                    avoid=limit.avoid, where=f"{limit.where} on {sides}", only=_only(limit))
    if condition.house_ceiling is not None:
        yield Limit(condition, "policy", max_pressure=condition.house_ceiling)
    for limit in condition.side_limits:
        yield Limit(condition, "side", _regions_of(limit, catalog), _sides(entry), max_pressure=limit.max_pressure,
                    avoid=limit.avoid, where=limit.where, only=_only(limit))
    known_approaches = {approach for rule in condition.position_rules for approach in rule.approaches}
    for rule in condition.position_rules:
        by_weeks = rule.from_weeks is None or entry.weeks is None or entry.weeks >= rule.from_weeks
        by_approach = not rule.approaches or entry.approach not in known_approaches or entry.approach in rule.approaches
        by_site = not rule.at or entry.region is None or entry.region in rule.at
        if by_weeks and by_approach and by_site:
            yield Limit(condition, "position", positions=rule.positions, why=rule.reason)


def _only(limit: RegionLimit) -> frozenset[str] | None:
    """A region limit's allow-list for screening: an empty tuple in the catalog means none."""
    return frozenset(limit.only) if limit.only else None


def _regions_of(limit: RegionLimit, catalog: Catalog) -> frozenset[str]:
    return frozenset((*limit.regions, *(r for limb in limit.limbs for r in catalog.regions.on_limb(limb))))


def _modality_limits(item: Applicable, catalog: Catalog) -> Iterator[Limit]:
    """A modality's own contraindication: that modality stays off the site, or out altogether."""
    condition, entry = item.condition, item.entry
    if condition.category == "caution" and item.cleared:
        return
    site = _site(item)
    if condition.category == "local" and site is not None:
        yield Limit(condition, "modality", _reach(condition, site, catalog), _sides(entry),
                    off_limits=True, modality=condition.modality, area=site)
    else:
        yield Limit(condition, "modality", off_limits=True, modality=condition.modality)


def sentence(text: str) -> str:
    """``text`` ending in a full stop, so that catalog reasons join into messages."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
