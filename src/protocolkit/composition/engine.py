"""The composition engine: from "60 minutes of Swedish and deep tissue on the
upper back and neck" to the session a massage teacher would hand a student.

The engine owns the session's shape; the modality plugins own what happens in
each piece of it (``protocolkit_compose_steps`` fills a ``warm-up``, ``work``
or ``flush`` slot on one region and side).  The shape, as schools teach it:

- an assessment first, education last (and a retest before it when the
  session has a goal);
- regions grouped by the position they are worked in, prone first, turning
  the client as few times as possible, with a transition at each turn
  (``layout``);
- within a position, a limb at a time: a general warm-up of the area, the
  specific work, then a flush (``shaping`` keeps the pressure rising one level
  at a time and the stimulating strokes after the deep work);
- time where the work is: regions weighted by the domain notes' full-body
  splits, a focus region at least half, and never more time on a region than
  its techniques can use (``timing``): a request that asks for more is refused.

The result is checked with the very rules ``validate`` runs (and, for a client,
screening): anything they would flag, even as a warning, is refused, never
written out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from attrs import field, frozen

from protocolkit.composition import layout
from protocolkit.composition.adapt import RefusedError, blockers_on, free_side, limits_for, notes
from protocolkit.composition.intents import INTENT_LIMITS as INTENT_LIMITS, INTENTS, refuse_length  # noqa: F401
from protocolkit.composition.sessions import activities_around, assemble, turn_count
from protocolkit.composition.targets import Target, expand, requested
from protocolkit.composition.timing import Prober, allocate, open_and_close, phases_for
from protocolkit.model.conditions import Intake
from protocolkit.model.protocol import POSITIONS, Duration, Modality, Position, Pressure, Protocol, Side, strings
# Re-exported: plugins written before planning.py existed import these from here.
from protocolkit.model.planning import PHASES as PHASES, ComposeError as ComposeError, Phase as Phase  # noqa: F401
from protocolkit.model.planning import PlanItem as PlanItem, Slot as Slot, plan_steps as plan_steps  # noqa: F401
from protocolkit.plugin.composer import ComposeHookError
from protocolkit.check.restrictions import ClientLimits
from protocolkit.check.rules import run_rules
from protocolkit.check.screening import screen

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog

# Less than this of a modality on a region is a token gesture, not treatment.
MIN_WORK = Duration(120)


@frozen
class ComposeRequest:
    duration: Duration
    regions: tuple[str, ...] = field(converter=strings, default=())
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


@frozen
class Planned:
    """A target of the session with where the client lies for it and the modalities that work it."""

    target: Target
    position: Position
    chosen: tuple[tuple[Modality, Slot], ...]


def compose(catalog: Catalog, request: ComposeRequest) -> Protocol:
    return compose_session(catalog, request).protocol


def compose_session(catalog: Catalog, request: ComposeRequest) -> Composition:
    try:  # first, since it is about the client whatever the session: screening's "do not treat"
        limits = limits_for(request.intake, catalog)
    except RefusedError as error:
        client = f" for client {request.intake.client}" if request.intake else ""
        raise ComposeError(f"refusing to compose{client}: {error}") from error
    refuse_length(request.intent, request.duration)
    wanted, focus = requested(catalog, request.regions, request.goals, request.focus)
    modalities = _choose_modalities(catalog, request, [region for region, _ in wanted])
    changes = notes(limits)
    planned = _plan(catalog, request, modalities, wanted, focus, limits, changes)
    before, after, turn = activities_around(request, planned[0].target.region if not focus else focus)
    hands_on = request.duration.seconds - sum(s.duration.seconds for s in (*before, *after))
    hands_on -= turn.seconds * turn_count(planned)
    if hands_on < 60 * len(planned):
        raise ComposeError(f"{request.duration} is too short for this session: after the assessment, education "
                           f"and turns it leaves {Duration(max(hands_on, 0))} of hands-on time, less than a minute "
                           "for each region and side; ask for more time or fewer regions")
    quantum = 30 if request.duration.seconds % 30 == 0 and hands_on % 30 == 0 else 1
    probe = Prober(catalog, quantum)
    units = allocate(probe, planned, hands_on // quantum)
    pieces = open_and_close([phases_for(probe, item, share) for item, share in zip(planned, units, strict=True)],
                            quantum)
    steps = assemble(catalog, planned, pieces, before, after, turn, quantum)
    used = [m for m in modalities if any(step.modality == m.id for step in steps)]
    regions = list(dict.fromkeys(item.target.region for item in planned))
    protocol = Protocol(
        id=request.protocol_id or "-".join([*(m.id for m in used), *regions, str(request.duration)]),
        title=request.title or _title(used, regions, request.duration, request.seated),
        duration=request.duration, steps=steps, intent=request.intent, goals=request.goals,
        position=planned[0].position)
    _refuse_unless_clean(protocol, limits, catalog)
    return Composition(protocol, tuple(dict.fromkeys(changes)))  # a note per region, not per side


def _refuse_unless_clean(protocol: Protocol, limits: ClientLimits, catalog: Catalog) -> None:
    """Fail closed: what compose produces passes the very checks validate and screen run, warnings too."""
    problems = run_rules(catalog.rules.values(), protocol, catalog)
    if limits.client is not None:
        problems += screen(protocol, limits, catalog)
    flagged = [f for f in problems if f.severity in ("error", "warning")]
    if flagged:
        raise ComposeError(f"the composed protocol would be flagged {flagged[0].code} ({flagged[0].message}); "
                           "ask for fewer modalities or another duration, or report it: a modality plugin's "
                           "compose hook may be at fault")


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
    # Modalities that need dry skin rank first (their plugins say so with a low rank); then general to specific.
    return sorted(chosen, key=lambda m: m.compose_rank)


def _unknown_modality(catalog: Catalog, modality_id: str) -> str:
    missing = catalog.unavailable_plugin(modality_id)
    if missing is not None:
        return f"modality '{modality_id}' is unavailable: its plugin '{missing.name}' {missing.status} ({missing.error})"
    hint = catalog.modalities.suggest(modality_id)
    return f"unknown modality '{modality_id}'" + (f"; did you mean '{hint}'?" if hint else "")


def _plan(catalog: Catalog, request: ComposeRequest, modalities: list[Modality], wanted: list[tuple[str, Side]],
          focus: str | None, limits: ClientLimits, changes: list[str]) -> list[Planned]:
    """Every target that stays in the session, in session order, with its position and modalities."""
    others = sum(layout.minutes(region) for region, _ in wanted if region != focus)
    targets: list[Target] = []
    for region, side in wanted:
        free = free_side(limits, region)
        if free is None:
            changes.append(f"left out {region}: {blockers_on(limits, region)} rules it out")
            continue
        for target in expand(catalog, region, side, focus, others or layout.minutes(region)):
            if free == "both" or target.side == free:
                targets.append(target)
                continue
            if target.side == "both":
                targets.append(Target(region, free, target.weight / 2))
            changes.append(f"{region}: {free} side only, {blockers_on(limits, region)} rules out the other; "
                           "its time is halved")
    allowed = {t.region: _positions(catalog, limits, t.region, request.seated) for t in targets}
    for region in [r for r, positions in allowed.items() if not positions]:
        if request.seated:
            raise ComposeError(f"{region} is not worked seated; leave it out of chair work, or compose lying down")
        changes.append(f"left out {region}: the client may take no position it is worked in")
    positions = layout.choose_positions({r: p for r, p in allowed.items() if p})
    planned = [Planned(t, positions[t.region], tuple(_modalities_for(catalog, request, modalities, t, positions[
        t.region], limits, changes))) for t in targets if t.region in positions]
    for item in planned:
        if not item.chosen and limits.client is None:
            raise ComposeError(f"none of {', '.join(m.id for m in modalities)} works on {item.target.region}")
    planned = [item for item in planned if item.chosen]
    if not planned:
        raise ComposeError("nothing is left to compose once the intake's contraindications are respected: "
                           + "; ".join(changes))
    return _in_session_order(catalog, planned, modalities)


def _limb(item: Planned) -> tuple[Position, str, Side]:
    """The limb (an arm or a leg, on one side, in one position) a target is worked with; "trunk" for the rest."""
    return item.position, layout.block_of(item.target.region), item.target.side


def _in_session_order(catalog: Catalog, planned: list[Planned], modalities: list[Modality]) -> list[Planned]:
    """The targets in session order (``layout.order_key``), each limb's regions in its compose order.

    A modality that declares an order (lymphatic drainage: proximal to distal) has a reason for it, and
    the routine is no claim about the path, so a declared order wins over it.  Where two declared orders
    disagree the first modality by compose_rank wins (``modalities`` is in that order): the ranking
    already says whose work comes first on a region, and a limb gets one path, never a mix of two."""
    working: dict[tuple[Position, str, Side], set[str]] = {}
    for item in planned:
        working.setdefault(_limb(item), set()).update(m.id for m, _ in item.chosen)
    orders = {limb: next((m.compose_order for m in modalities if m.id in ids and m.compose_order != "routine"),
                         "routine") for limb, ids in working.items()}

    def key(item: Planned) -> tuple[int, int, int, int, int]:
        region = item.target.region
        level = catalog.regions.get(region).level if region in catalog.regions else 0
        rank = layout.limb_rank(orders[_limb(item)], level)
        return layout.order_key(item.position, region, item.target.side, rank)
    return sorted(planned, key=key)


def _positions(catalog: Catalog, limits: ClientLimits, region: str, seated: bool) -> list[Position]:
    barred = {position for limit in limits.limits for position in limit.positions}
    known = catalog.regions.get(region).positions if region in catalog.regions else POSITIONS
    if seated:
        return ["seated"] if "seated" in known and "seated" not in barred else []
    return [p for p in known if p not in barred and p != "seated"]  # type: ignore[misc]


def _modalities_for(catalog: Catalog, request: ComposeRequest, modalities: list[Modality], target: Target,
                    position: Position, limits: ClientLimits, changes: list[str]) -> list[tuple[Modality, Slot]]:
    chosen = []
    intent = INTENTS.get(request.intent or "")
    for modality in (m for m in modalities if m.works_on(target.region)):
        allowance = limits.allowance(target.region, target.side, modality.id)
        if allowance.blocked:
            continue
        techniques = catalog.slot_techniques(modality)
        only = allowance.only
        avoid = allowance.avoid | (intent.avoid if intent else frozenset())
        avoid |= frozenset(t for t in techniques if only is not None and t not in only)
        slot = Slot(region=target.region, duration=MIN_WORK, phase="work", techniques=techniques,
                    side=target.side, intent=request.intent, goals=request.goals,
                    max_pressure=min(intent.ceiling if intent else Pressure(5), allowance.max_pressure),
                    lubricant_allowed=(intent.lubricant if intent else True) and not request.seated,
                    avoid=avoid, position=position)
        if not _can_work(catalog, modality, slot):
            if limits.client is not None or intent is not None or request.seated:
                changes.append(f"no {modality.id} on {target.region}: nothing it offers fits the limits there "
                               f"(pressure {slot.max_pressure.level} or less)")
                continue
        chosen.append((modality, slot))
    return chosen


def _can_work(catalog: Catalog, modality: Modality, template: Slot) -> bool:
    """Whether the modality can fill every phase of a short slot within these limits."""
    for phase in PHASES:
        try:
            steps = catalog.composer.steps(modality, attrs.evolve(template, phase=phase, duration=MIN_WORK))
        except ComposeHookError as error:
            if not isinstance(error.__cause__, (ComposeError, ValueError)):
                raise ComposeError(str(error)) from error  # a plugin's fault keeps its own message
            return False
        except (ComposeError, ValueError):
            return False
        if not steps:
            return False
    return True


def _title(modalities: list[Modality], regions: list[str], duration: Duration, seated: bool) -> str:
    names = [m.name for m in modalities]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    places = ", ".join(region.replace("-", " ") for region in regions)
    return f"{joined}{' (seated)' if seated else ''}: {places} ({duration})"
