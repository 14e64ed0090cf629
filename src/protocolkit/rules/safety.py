"""PK404: endangerment sites take broad, light pressure only, whoever the client is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Finding
from ..model import Pressure
from . import Rule

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Protocol

# Endangerment sites are not off-limits, but only broad, flat, light work belongs there.
ENDANGERMENT_CEILING = Pressure(2)


def _endangerment_pressure(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        if step.region is None or step.region not in catalog.regions or step.pressure is None:
            continue
        region = catalog.regions.get(step.region)
        if region.is_endangerment_site and step.pressure > ENDANGERMENT_CEILING:
            yield ENDANGERMENT.finding(
                f"{region.id} is an endangerment site ({region.endangerment}); pressure {step.pressure} is too much "
                f"there: use broad, flat pressure of {ENDANGERMENT_CEILING.level} or less", (*step.path, "pressure"))


ENDANGERMENT = Rule("PK404", "warning", "an endangerment site worked at pressure above 2", _endangerment_pressure)
RULES = (ENDANGERMENT,)
