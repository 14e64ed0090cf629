"""What a modality plugin needs to fill a slot of a composed session.

``protocolkit_compose_steps`` receives a ``Slot`` and answers with steps;
``plan_steps`` does the arithmetic for a plan of ``PlanItem``s.  They live
apart from the composition engine (composition/engine.py) because every modality plugin
imports them when it loads, and ``validate`` loads plugins: this module keeps
that import to the model alone, while the engine brings screening and intake
adaptation with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal

from attrs import field, frozen

from protocolkit.model.protocol import (Duration, DurationRange, Lubricant, Modality, Position, Pressure, PressureRange,
                                        Side, Step, strings)

Phase = Literal["warm-up", "work", "flush"]
PHASES: tuple[Phase, ...] = ("warm-up", "work", "flush")


class ComposeError(Exception):
    """The request cannot be composed; the message says why in one line."""


@frozen
class TechniqueLimits:
    """What one technique allows in one modality: its pressure range and step
    durations (as the modality narrows them) and whether it needs lubricant."""

    pressure: PressureRange
    duration: DurationRange
    lubricant: Lubricant
    # The most minutes a composed session gives it on one region and side (None: the core's default).
    most_per_region: Duration | None = None


def _limits(items: Mapping[str, TechniqueLimits]) -> Mapping[str, TechniqueLimits]:
    return MappingProxyType(dict(items))


@frozen
class Slot:
    """One piece of a session that a modality is asked to fill.

    ``techniques`` are the modality's own techniques with what each allows
    (``Catalog.slot_techniques(modality)`` makes them): all a plugin needs of
    the catalog to fill the slot."""

    region: str
    duration: Duration
    phase: Phase
    techniques: Mapping[str, TechniqueLimits] = field(converter=_limits, eq=False, repr=False)
    side: Side = "both"
    intent: str | None = None
    goals: tuple[str, ...] = field(converter=strings, default=())
    max_pressure: Pressure = Pressure(5)
    lubricant_allowed: bool = True
    # Techniques the client's intake rules out here.
    avoid: frozenset[str] = frozenset()
    # How the client lies (or sits, for chair work through clothing); None when not yet chosen.
    position: Position | None = None


@frozen
class PlanItem:
    """A technique, its relative share of the slot, and the pressure to work at."""

    technique: str
    share: float
    pressure: int | str
    notes: str | None = None
    # False: worked through clothing or on dry skin even where the technique usually takes oil
    # (kneading in chair work); None: as the technique usually is.
    lubricant: bool | None = None


# No composed hands-on step is shorter than this: less is a gesture, not a technique.
SHORTEST_STEP = Duration(60)
# The most time a technique gets on one region and side when its modality gives no figure
# (TechniqueUse.most_per_region): the project's conservative default.
DEFAULT_MOST_PER_REGION = Duration(600)


class SlotTooLong(ComposeError):
    """A slot asks for more time than its plan's techniques can use on one region and side."""

    def __init__(self, message: str, most: Duration) -> None:
        super().__init__(message)
        self.most = most


def plan_steps(modality: Modality, slot: Slot, plan: Sequence[PlanItem]) -> list[Step]:
    """Turn a plan into steps that fill ``slot`` exactly and respect each technique's bounds.

    Pressure is capped at the slot's ceiling (an item the ceiling pushes below
    its technique's range is dropped), lubricated techniques are dropped where
    the slot forbids lubricant (unless the item says it works without), the
    least-weighted items are dropped when a short slot cannot give each a
    minute, and a slot longer than the plan's techniques may take on one region
    (their ``most_per_region``, shared between items of one technique) raises
    ``SlotTooLong``: a plan's cycle is never repeated to fill time.
    """
    items: list[tuple[PlanItem, Pressure]] = []
    for item in plan:
        limits = slot.techniques.get(item.technique)
        if not modality.offers(item.technique) or limits is None:
            raise ValueError(f"{modality.id} does not offer {item.technique}; fix the plugin's compose plan")
        pressure = min(Pressure.parse(item.pressure), slot.max_pressure)
        if pressure < limits.pressure.low:
            continue
        if not slot.lubricant_allowed and limits.lubricant == "yes" and item.lubricant is not False:
            continue
        if item.technique in slot.avoid:
            continue
        items.append((item, pressure))
    quantum = 30 if slot.duration.seconds % 30 == 0 else 1
    units = slot.duration.seconds // quantum
    uses = {technique: sum(1 for item, _ in items if item.technique == technique) for technique in slot.techniques}

    def bounds(item: PlanItem) -> tuple[int, int]:
        limits = slot.techniques[item.technique]
        most = (limits.most_per_region or DEFAULT_MOST_PER_REGION).seconds // uses[item.technique]
        low = math.ceil(max(limits.duration.shortest, SHORTEST_STEP).seconds / quantum)
        return low, max(low, min(limits.duration.longest.seconds, most) // quantum)

    # Keep the heaviest items whose shortest steps fit, in plan order.
    budget, kept = units, set()
    for index in sorted(range(len(items)), key=lambda i: (-items[i][0].share, i)):
        if bounds(items[index][0])[0] <= budget:
            kept.add(index)
            budget -= bounds(items[index][0])[0]
    items = [pair for index, pair in enumerate(items) if index in kept]
    if not items:
        raise ComposeError(f"{slot.duration} is too short for the {modality.id} {slot.phase} on {slot.region}")
    most = sum(bounds(item)[1] for item, _ in items)
    if most < units:
        raise SlotTooLong(f"{slot.duration} of {modality.id} on {slot.region} is more than its techniques can use "
                          f"there (at most {Duration(most * quantum)})", Duration(most * quantum))
    allocation = _allocate(units, [item.share for item, _ in items], [bounds(item) for item, _ in items])
    return [Step(duration=Duration(count * quantum), modality=modality.id, technique=item.technique,
                 region=slot.region, side=slot.side, pressure=pressure, notes=item.notes,
                 lubricant=item.lubricant)
            for (item, pressure), count in zip(items, allocation, strict=True)]


def _allocate(units: int, shares: list[float], limits: list[tuple[int, int]]) -> list[int]:
    """Split ``units`` by ``shares`` within per-item (low, high) limits, largest remainders first."""
    counts = [low for low, _ in limits]
    remaining = units - sum(counts)
    while remaining > 0:
        open_items = [i for i, (_, high) in enumerate(limits) if counts[i] < high]
        total_share = sum(shares[i] for i in open_items)
        wanted = {i: remaining * shares[i] / total_share for i in open_items}
        given = 0
        for i in open_items:
            extra = min(int(wanted[i]), limits[i][1] - counts[i])
            counts[i] += extra
            given += extra
        if given == 0:  # hand out single units to the largest remainders
            for i in sorted(open_items, key=lambda i: (-(wanted[i] - int(wanted[i])), i)):
                if given < remaining and counts[i] < limits[i][1]:
                    counts[i] += 1
                    given += 1
        remaining -= given
    return counts
