"""Turning the plugins' steps into work a teacher would sign off.

- On each region and side, pressure rises at most one level from one step to
  the next (from light before the first): a step that would jump starts one
  level lower, where its technique allows.
- Stimulating strokes (tapotement, percussion, vibration) close a region's
  work, after the specific work of every modality: never right before deep work.
- Back-to-back steps that do the same thing (same technique, pressure and
  notes) join into one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from protocolkit.composition.intents import STIMULATING
from protocolkit.model.protocol import Pressure, Step

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog

DEEP = Pressure(4)
# Before a region's first step the hands are on it lightly (or not at all): it may open at one level above.
_START = Pressure(2)
_LIGHTER = "at {} pressure here, one level up from the step before"


def stimulating_last(work: list[Step]) -> list[Step]:
    """A region's work with its stimulating strokes moved to its end, after every modality's specific work
    (and after the stretch that follows a hold), just before the flush."""
    return [s for s in work if s.technique not in STIMULATING] + [s for s in work if s.technique in STIMULATING]


def ramp(catalog: Catalog, steps: list[Step]) -> list[Step]:
    """Pressure rising a level at a time on each region and side; drops are free."""
    last: dict[tuple[str | None, str], Pressure] = {}
    shaped = []
    for step in steps:
        if not step.hands_on or step.pressure is None:
            shaped.append(step)
            continue
        key = (step.region, step.side)
        ceiling = Pressure(min(5, last.get(key, _START).level + 1))
        if step.pressure > ceiling:
            low = catalog.pressure_range(catalog.modality(str(step.modality)), str(step.technique)).low
            if low <= ceiling:
                said = f"{step.notes}; " if step.notes else ""
                step = attrs.evolve(step, pressure=ceiling, notes=f"{said}{_LIGHTER.format(ceiling.word or ceiling.level)}")
        last[key] = step.pressure or ceiling
        shaped.append(step)
    return shaped


def merge(catalog: Catalog, steps: list[Step]) -> list[Step]:
    """Join back-to-back steps that do the same thing, while the joined step stays within its bounds."""
    merged: list[Step] = []
    for step in steps:
        previous = merged[-1] if merged else None
        same = previous is not None and all(getattr(previous, name) == getattr(step, name) for name in
                                            ("modality", "technique", "region", "side", "pressure", "activity",
                                             "position", "lubricant"))
        if previous is not None and same and step.hands_on and (previous.notes == step.notes or not step.notes):
            joined = previous.duration + step.duration
            if joined in catalog.duration_range(catalog.modality(str(step.modality)), str(step.technique)):
                merged[-1] = attrs.evolve(previous, duration=joined)
                continue
        merged.append(step)
    return merged
