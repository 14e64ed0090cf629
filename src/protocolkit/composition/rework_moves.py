"""The changes adapt can make to one step, each made afresh: ``rework`` decides which one it takes.

Each returns the step as it would be; none checks it against the client's
limits or the rules, which is ``rework``'s job.  A step whose work changes
(its technique, region or side) gets a note saying what it replaced, in place
of its author's, which described the old work.
"""

from __future__ import annotations

from typing import Any

import attrs

from protocolkit.check.restrictions import Allowance
from protocolkit.composition.rework_time import longest
from protocolkit.model.protocol import Modality, Pressure, Step
from protocolkit.plugin.catalog import Catalog


def gentler(catalog: Catalog, step: Step, modality: Modality, allowance: Allowance) -> list[str]:
    """The modality's techniques ``allowance`` allows, no firmer than the step's and possible at or under
    its ceiling: effleurage first, then the nearest lower pressure range first."""
    current = catalog.pressure_range(modality, str(step.technique))
    found = []
    for use in modality.techniques:
        name = use.technique
        if name == step.technique or name not in catalog.techniques or name in allowance.avoid \
                or (allowance.only is not None and name not in allowance.only):
            continue
        span = catalog.pressure_range(modality, name)
        if span.low <= allowance.max_pressure and span.high <= current.high and span.low <= current.low:
            found.append((name != "effleurage", -span.high.level, -span.low.level, name))
    return [name for *_, name in sorted(found)]


def swap(catalog: Catalog, step: Step, modality: Modality, technique: str, ceiling: Pressure) -> Step:
    """``step`` done with ``technique``: its pressure within that technique's range and ``ceiling``, the skin
    oiled or dry as it was (so no rule on oil comes into play), and no longer than its longest step."""
    span = catalog.pressure_range(modality, technique)
    level = max(span.low.level, min(ceiling.level, span.high.level,
                                    step.pressure.level if step.pressure else ceiling.level))
    oiled = catalog.lubricated(step)
    lubricant = None if (catalog.techniques[technique].lubricant == "yes") == oiled else oiled
    swapped = attrs.evolve(step, technique=technique, pressure=Pressure(level), lubricant=lubricant,
                           notes=f"adapted: {technique} in place of {step.technique} at {step.pressure}")
    bound = longest(swapped, catalog)
    return swapped if swapped.duration <= bound or not bound.seconds else attrs.evolve(swapped, duration=bound)


def worked(step: Step, **changes: Any) -> Step:
    """``step`` worked elsewhere (``region`` or ``side`` changed), its note saying where it was."""
    region, side = changes.get("region", step.region), changes.get("side", step.side)
    was = f"{step.side} {step.region}" if step.side != "both" else str(step.region)
    now = f"{side} {region}" if side != "both" else str(region)
    return attrs.evolve(step, notes=f"adapted: on the {now} in place of the {was}", **changes)


def shorter(before: Step, after: Step) -> str:
    """Words for a step a swap shortened to its new technique's longest step ('' when it was not)."""
    if after.duration < before.duration:
        return f"; {after.duration} rather than {before.duration}, its longest step"
    return ""
