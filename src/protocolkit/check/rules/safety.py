"""PK404: endangerment sites take broad, light pressure only, whoever the client is.

Deep pressure on an endangerment site is an error, not a style note: ABMP and
Werner teach broad, flat, light pressure only there, and some sites rule a
technique out altogether (no tapotement over the kidneys).  Compose plans
every slot on a site within ``site_allowance``, the same limits this rule
checks, so what it composes passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Pressure
from protocolkit.model import codes

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.model.protocol import Protocol
    from protocolkit.model.regions import RegionVocabulary

# Endangerment sites are not off-limits, but only broad, flat, light work belongs there
# (ABMP, "Take the Danger Out of Endangerment Sites"; light = Walton 2 in the project's words).
ENDANGERMENT_CEILING = Pressure(2)
ANY_PRESSURE = Pressure(5)


def site_allowance(regions: RegionVocabulary, region_id: str) -> tuple[Pressure, frozenset[str]]:
    """The highest pressure and the techniques to leave out on a region, for anyone."""
    if region_id not in regions:
        return ANY_PRESSURE, frozenset()
    region = regions.get(region_id)
    if not region.is_endangerment_site:
        return ANY_PRESSURE, frozenset()
    return ENDANGERMENT_CEILING, frozenset(region.avoid)


def _endangerment_site(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        if step.region is None or step.pressure is None:
            continue
        ceiling, avoid = site_allowance(catalog.regions, step.region)
        if ceiling == ANY_PRESSURE and not avoid:
            continue
        region = catalog.regions.get(step.region)
        if step.pressure > ceiling:
            yield ENDANGERMENT.finding(
                f"{region.id} is an endangerment site ({region.endangerment}); pressure {step.pressure} is too much "
                f"there: use broad, flat pressure of {ceiling.level} or less", (*step.path, "pressure"))
        if step.technique in avoid:
            yield ENDANGERMENT.finding(
                f"{region.id} is an endangerment site ({region.endangerment}); {step.technique} does not belong "
                "there at any pressure: use broad, flat strokes instead", (*step.path, "technique"))


ENDANGERMENT = codes.ENDANGERMENT.with_check(_endangerment_site)
RULES = (ENDANGERMENT,)
