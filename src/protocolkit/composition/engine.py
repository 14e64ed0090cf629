"""The composition engine: from "60 minutes of Swedish and deep tissue on the
upper back and neck" to a protocol that validates clean.

The engine owns the session's shape; the modality plugins own what happens in
each piece of it.  For every region, the modalities that can work there are
ordered by their ``compose_rank`` (myofascial release, which must come before
any lubricant, goes first).  The first of them opens the region with a
``warm-up`` slot, each then fills a ``work`` slot through the
``protocolkit_compose_steps`` hook, and the last closes with a ``flush``.  Time
is split evenly between regions, then between a region's slots, in 30-second
units so that everything adds up to the planned duration exactly.

The result is checked with the same rules ``validate`` runs; a composed
protocol that fails them is refused (a plugin bug), never written out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
from attrs import field, frozen

from protocolkit.composition.adapt import RefusedError, blockers_on, free_side, limits_for, notes
from protocolkit.model.conditions import Intake
from protocolkit.model.protocol import POSITIONS, Duration, Modality, Position, Pressure, Protocol, Side, Step, strings
# Re-exported: plugins written before planning.py existed import these from here.
from protocolkit.model.planning import PHASES as PHASES, ComposeError as ComposeError, Phase as Phase  # noqa: F401
from protocolkit.model.planning import PlanItem as PlanItem, Slot as Slot, plan_steps as plan_steps  # noqa: F401
from protocolkit.plugin.composer import ComposeHookError
from protocolkit.check.restrictions import Allowance, ClientLimits
from protocolkit.check.rules import run_rules
from protocolkit.check.rules.safety import site_allowance
from protocolkit.check.screening import screen

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog

WARM_UP_SHARE = 0.15
FLUSH_SHARE = 0.10
# Less than this of a modality on a region is a token gesture, not treatment.
MIN_WORK = Duration(120)
# What an intent allows whatever the modality: pre-event work is brisk, through
# clothing and never deep; post-event work stays light while the tissue recovers.
# (Sports massage practice: pre-event no lubricant and no deep work; post-event
# light effleurage and kneading within two hours.)
INTENT_LIMITS: dict[str, tuple[Pressure, bool]] = {
    "pre-event": (Pressure(3), False),
    "post-event": (Pressure(3), True),
}


@frozen
class ComposeRequest:
    duration: Duration
    regions: tuple[str, ...] = field(converter=strings)
    modalities: tuple[str, ...] = field(converter=strings, default=())
    goals: tuple[str, ...] = field(converter=strings, default=())
    intent: str | None = None
    protocol_id: str | None = None
    title: str | None = None
    # The client's intake: compose then leaves out, caps and avoids what it rules out.
    intake: Intake | None = None
    # The region (id or alias) that gets about half the hands-on time or more.
    focus: str | None = None
    # Chair work: seated, clothed, no lubricant.
    seated: bool = False


@frozen
class Composition:
    protocol: Protocol
    # What the intake changed, one line each, for the therapist (condition ids only).
    changes: tuple[str, ...] = field(converter=strings, default=())


def compose(catalog: Catalog, request: ComposeRequest) -> Protocol:
    return compose_session(catalog, request).protocol


def compose_session(catalog: Catalog, request: ComposeRequest) -> Composition:
    regions = _resolve_regions(catalog, request.regions)
    modalities = _choose_modalities(catalog, request, regions)
    try:
        limits = limits_for(request.intake, catalog)
    except RefusedError as error:
        client = f" for client {request.intake.client}" if request.intake else ""
        raise ComposeError(f"refusing to compose{client}: {error}") from error
    changes = notes(limits)
    plan = _plan_regions(catalog, request, modalities, regions, limits, changes)
    quantum = 30 if request.duration.seconds % 30 == 0 else 1
    units = request.duration.seconds // quantum
    steps: list[Step] = []
    for (region, slots), region_units in zip(plan.items(), _even_split(units, len(plan)), strict=True):
        position = position_for(catalog, limits, region)
        steps += [attrs.evolve(step, position=position) for step in _compose_region(catalog, slots, region_units,
                                                                                     quantum)]
    steps = _positions_written([attrs.evolve(step, index=index)
                                for index, step in enumerate(_merge_repeats(catalog, steps))])
    used = [m for m in modalities if any(step.modality == m.id for step in steps)]
    protocol = Protocol(
        id=request.protocol_id or "-".join([*(m.id for m in used), *plan, str(request.duration)]),
        title=request.title or _title(used, list(plan), request.duration),
        duration=request.duration, steps=steps, intent=request.intent, goals=request.goals,
        position=steps[0].position if steps else None)
    _refuse_unless_clean(protocol, limits, catalog)
    return Composition(protocol, changes)


def _refuse_unless_clean(protocol: Protocol, limits: ClientLimits, catalog: Catalog) -> None:
    """Fail closed: what compose produces must pass the very checks validate and screen run."""
    problems = run_rules(catalog.rules.values(), protocol, catalog)
    if limits.client is not None:
        problems += screen(protocol, limits, catalog)
    errors = [f for f in problems if f.severity == "error"]
    if errors:
        raise ComposeError(f"the composed protocol fails {errors[0].code} ({errors[0].message}); "
                           "a modality plugin's compose hook is at fault")


def _slot_for(catalog: Catalog, request: ComposeRequest, allowance: Allowance, region: str, side: Side,
              modality: Modality) -> Slot:
    """A template slot for one modality on a region: the phase and duration are filled in per slot.

    Its ceiling and techniques to avoid are the tightest of the session's
    intent, the client's limits and the region's own (an endangerment site)."""
    ceiling, lubricant = INTENT_LIMITS.get(request.intent or "", (Pressure(5), True))
    site_ceiling, site_avoid = site_allowance(catalog.regions, region)
    return Slot(region=region, duration=Duration(1), phase="work", techniques=catalog.slot_techniques(modality),
                side=side,
                intent=request.intent, goals=request.goals,
                max_pressure=min(ceiling, allowance.max_pressure, site_ceiling),
                lubricant_allowed=lubricant, avoid=allowance.avoid | site_avoid)


def _merge_repeats(catalog: Catalog, steps: list[Step]) -> list[Step]:
    """Join back-to-back steps that do the same thing (a warm-up running into the
    same stroke of the work), as long as the joined step stays within its bounds."""
    merged: list[Step] = []
    for step in steps:
        previous = merged[-1] if merged else None
        same = previous is not None and all(getattr(previous, name) == getattr(step, name) for name in
                                            ("modality", "technique", "region", "side", "pressure", "activity"))
        if previous is not None and same and step.hands_on:
            joined = previous.duration + step.duration
            bounds = catalog.duration_range(catalog.modality(str(step.modality)), str(step.technique))
            if joined in bounds:
                notes = "; ".join(n for n in (previous.notes, step.notes) if n) or None
                merged[-1] = attrs.evolve(previous, duration=joined, notes=notes)
                continue
        merged.append(step)
    return merged


def _resolve_regions(catalog: Catalog, words: Sequence[str]) -> list[str]:
    if not words:
        raise ComposeError("name at least one region with --region, e.g. --region upper-back")
    regions: list[str] = []
    for word in words:
        region = catalog.regions.resolve(word)
        if region is None:
            hint = catalog.regions.suggest(word)
            raise ComposeError(f"unknown region '{word}'" + (f"; did you mean '{hint}'?" if hint else ""))
        if region.id not in regions:
            regions.append(region.id)
    return regions


def _choose_modalities(catalog: Catalog, request: ComposeRequest, regions: list[str]) -> list[Modality]:
    if request.modalities:
        chosen = []
        for modality_id in dict.fromkeys(request.modalities):
            if modality_id not in catalog.modalities:
                raise ComposeError(_unknown_modality(catalog, modality_id))
            chosen.append(catalog.modality(modality_id))
    elif request.goals:
        chosen = [m for m in catalog.modalities.values()
                  if set(request.goals) & set(m.indications) and any(m.works_on(r) for r in regions)
                  and (request.intent is None or not m.intents or request.intent in m.intents)]
        if not chosen:
            raise ComposeError(f"no installed modality lists {', '.join(request.goals)} among its indications "
                               f"for {', '.join(regions)}; name modalities with --modality")
    else:
        raise ComposeError("name a modality with --modality, or a goal with --goal to pick modalities by indication")
    for modality in chosen:
        if not any(modality.works_on(region) for region in regions):
            raise ComposeError(f"{modality.id} works only on {', '.join(modality.regions)}, "
                               f"not on {', '.join(regions)}")
        if request.intent and modality.intents and request.intent not in modality.intents:
            raise ComposeError(f"{modality.id} has no '{request.intent}' intent; "
                               f"it offers {', '.join(modality.intents)}")
    return sorted(chosen, key=lambda m: m.compose_rank)


def _unknown_modality(catalog: Catalog, modality_id: str) -> str:
    missing = catalog.unavailable_plugin(modality_id)
    if missing is not None:
        return f"modality '{modality_id}' is unavailable: its plugin '{missing.name}' {missing.status} ({missing.error})"
    hint = catalog.modalities.suggest(modality_id)
    return f"unknown modality '{modality_id}'" + (f"; did you mean '{hint}'?" if hint else "")


RegionPlan = list[tuple[Modality, Slot]]


def _plan_regions(catalog: Catalog, request: ComposeRequest, modalities: list[Modality], regions: list[str],
                  limits: ClientLimits, changes: list[str]) -> dict[str, RegionPlan]:
    """Each region that stays in the session, with a template slot for every modality that may work it."""
    plan: dict[str, RegionPlan] = {}
    for region in regions:
        side = free_side(limits, region)
        if side is None:
            changes.append(f"left out {region}: {blockers_on(limits, region)} rules it out")
            continue
        if position_for(catalog, limits, region) is None:
            changes.append(f"left out {region}: the client may take no position it is worked in")
            continue
        if side != "both":
            changes.append(f"{region}: {side} side only, {blockers_on(limits, region)} rules out the other")
        chosen: RegionPlan = []
        for modality in (m for m in modalities if m.works_on(region)):
            allowance = limits.allowance(region, side, modality.id)
            if allowance.blocked:
                continue
            slot = _slot_for(catalog, request, allowance, region, side, modality)
            # Probe only where a client's or a site's limits apply: the plugin's own faults
            # (or an intent it cannot serve) keep their own messages.
            limited = limits.client is not None or site_allowance(catalog.regions, region)[0] < Pressure(5)
            if limited and not _can_work(catalog, modality, slot):
                changes.append(f"no {modality.id} on {region}: nothing it offers fits the limits there "
                               f"(pressure {slot.max_pressure.level} or less)")
                continue
            chosen.append((modality, slot))
        if chosen:
            plan[region] = chosen
        elif limits.client is None:
            raise ComposeError(_none_can_work(catalog, modalities, region))
        else:
            changes.append(f"left out {region}: no chosen modality may work there for this client")
    if not plan:
        raise ComposeError("nothing is left to compose once the intake's contraindications are respected: "
                           + "; ".join(changes))
    return plan


def position_for(catalog: Catalog, limits: ClientLimits, region: str) -> Position | None:
    """How the client lies for work on ``region``: the region's first position the client's limits allow
    (side-lying or semi-reclined past 20 weeks of pregnancy); None when they allow none of its positions."""
    barred = {position for limit in limits.limits for position in limit.positions}
    known = catalog.regions.get(region).positions if region in catalog.regions else ()
    return next((position for position in known or POSITIONS if position not in barred), None)  # type: ignore[misc]


def _positions_written(steps: list[Step]) -> list[Step]:
    """Each step says its position where the client turns; the protocol's default covers the first."""
    return [attrs.evolve(step, position_written=index > 0 and step.position != steps[index - 1].position)
            for index, step in enumerate(steps)]


def _none_can_work(catalog: Catalog, modalities: list[Modality], region: str) -> str:
    names = ", ".join(m.id for m in modalities)
    site_ceiling, _ = site_allowance(catalog.regions, region)
    if site_ceiling < Pressure(5):
        return (f"none of {names} can work on {region} within the broad, light pressure "
                f"({site_ceiling.level} or less) an endangerment site allows; leave it out or add a lighter modality")
    return f"none of {names} works on {region}"


def _can_work(catalog: Catalog, modality: Modality, template: Slot) -> bool:
    """Whether the modality can fill every phase of a generous slot within these limits."""
    for phase in PHASES:
        try:
            steps = catalog.composer.steps(modality, attrs.evolve(template, phase=phase, duration=MIN_WORK + MIN_WORK))
        except (ComposeError, ComposeHookError, ValueError):
            return False
        if not steps:
            return False
    return True


def _even_split(units: int, parts: int) -> list[int]:
    base, extra = divmod(units, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def _compose_region(catalog: Catalog, chosen: RegionPlan, units: int, quantum: int) -> list[Step]:
    region = chosen[0][1].region
    warm_up = max(1, round(units * WARM_UP_SHARE))
    flush = max(1, round(units * FLUSH_SHARE))
    work = _even_split(units - warm_up - flush, len(chosen))
    if min(work, default=0) * quantum < MIN_WORK.seconds:
        needed = math.ceil(len(chosen) * MIN_WORK.seconds / (1 - WARM_UP_SHARE - FLUSH_SHARE) / 60)
        raise ComposeError(f"{Duration(units * quantum)} on {region} is too short for {len(chosen)} "
                           f"modalit{'y' if len(chosen) == 1 else 'ies'}: each needs at least {MIN_WORK} of work "
                           f"between a warm-up and a flush; give the region at least {needed}m")
    slots: list[tuple[Modality, Slot, Phase, int]] = [(*chosen[0], "warm-up", warm_up)]
    slots += [(modality, template, "work", share) for (modality, template), share in zip(chosen, work, strict=True)]
    slots.append((*chosen[-1], "flush", flush))
    steps: list[Step] = []
    for modality, template, phase, share in slots:
        slot = attrs.evolve(template, duration=Duration(share * quantum), phase=phase)
        try:
            filled = catalog.composer.steps(modality, slot)
        except ComposeHookError as error:
            raise ComposeError(str(error)) from error
        if not filled:
            raise ComposeError(f"no plugin composes steps for {modality.id} (its plugin has no compose hook)")
        total = sum(step.duration.seconds for step in filled)
        if total != slot.duration.seconds:
            raise ComposeError(f"{modality.id} filled its {phase} slot on {region} with {Duration(total)} "
                               f"instead of {slot.duration}; a modality plugin's compose hook is at fault")
        steps += filled
    return steps


def _title(modalities: list[Modality], regions: list[str], duration: Duration) -> str:
    names = [m.name for m in modalities]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    places = ", ".join(region.replace("-", " ") for region in regions)
    return f"{joined}: {places} ({duration})"
