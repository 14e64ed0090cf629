"""What a compose request asks to be worked: regions, sides and the focus.

A region may be written with a side, ``posterior-thigh:right`` (``:left``,
``:both``).  Limbs and the glutes are worked one side at a time, so a request
for both sides becomes a right and a left target, each with half the region's
time; a side the request or the intake leaves out takes its half with it.
Endangerment sites are never targets: compose names the region to ask for
instead.  Without regions, a goal's plugin says which regions it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from protocolkit.composition import layout
from protocolkit.model.planning import ComposeError
from protocolkit.model.protocol import Side

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog

SIDE_WORDS: tuple[Side, ...] = ("left", "right", "both")
FOCUS_FACTOR = 1.5


@frozen
class Target:
    """One region and side of the session, and its share of the hands-on time (in full-body minutes)."""

    region: str
    side: Side
    weight: float


def requested(catalog: Catalog, words: tuple[str, ...], goals: tuple[str, ...],
              focus: str | None) -> tuple[list[tuple[str, Side]], str | None]:
    """The regions (with the side asked for) and the focus region, in the order given."""
    regions = [_resolve(catalog, word) for word in words]
    if not regions:
        regions = _goal_regions(catalog, goals)
        focus = focus or (regions[0][0] if regions else None)
    focus_id = _resolve(catalog, focus)[0] if focus else None
    if focus_id is not None and all(region != focus_id for region, _ in regions):
        regions.insert(0, (focus_id, "both"))
    return list(dict.fromkeys(regions)), focus_id


def expand(catalog: Catalog, region: str, side: Side, focus: str | None, total: float) -> list[Target]:
    """The targets one region becomes: left and right for a limb, one otherwise; ``total`` is the
    weight of every other region together, which a focus region weighs one and a half times: three
    fifths of the hands-on time ("about half or more"; three fifths is the project's default)."""
    limb = catalog.regions.get(region).limb if region in catalog.regions else None
    weight = layout.minutes(region)
    if region == focus:
        weight = max(weight, FOCUS_FACTOR * total)
    if layout.paired(region, limb):
        sides: tuple[Side, ...] = layout.SIDE_ORDER if side == "both" else (side,)  # type: ignore[assignment]
        return [Target(region, s, weight / 2) for s in sides]
    return [Target(region, side, weight if side == "both" else weight / 2)]


def _resolve(catalog: Catalog, word: str) -> tuple[str, Side]:
    name, _, side = word.partition(":")
    if side and side not in SIDE_WORDS:
        raise ComposeError(f"'{word}': the side after ':' is left, right or both, e.g. {name}:right")
    region = catalog.regions.resolve(name)
    if region is None:
        hint = catalog.regions.suggest(name)
        raise ComposeError(f"unknown region '{name}'" + (f"; did you mean '{hint}'?" if hint else ""))
    if region.is_endangerment_site:
        instead = f"; ask for {region.within} and the session works around it" if region.within else ""
        raise ComposeError(f"{region.id} is an endangerment site ({region.endangerment}): compose never makes it "
                           f"a target, only broad, light strokes pass over it{instead}")
    return region.id, side or "both"


def _goal_regions(catalog: Catalog, goals: tuple[str, ...]) -> list[tuple[str, Side]]:
    if not goals:
        raise ComposeError("name at least one region with --region (e.g. --region upper-back), "
                           "or a goal with --goal whose regions a plugin knows")
    regions: list[tuple[str, Side]] = []
    for goal_id in goals:
        if goal_id not in catalog.goals:
            known = ", ".join(sorted(catalog.goals)) or "none installed"
            raise ComposeError(f"no installed plugin says which regions goal '{goal_id}' needs; name them with "
                               f"--region (goals with regions: {known})")
        regions += [(_resolve(catalog, region)[0], "both") for region in catalog.goals[goal_id].regions]
    return regions
