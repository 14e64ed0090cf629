"""PK404: an endangerment site is never a target: broad, light work only, whoever the client is.

Deep pressure on an endangerment site is an error, not a style note: ABMP and
Werner teach broad, flat, light pressure only there (domain notes,
"Endangerment sites").  Each site carries its allowance as data beside the
region (``Region.allowance``, see model/regions.py): the techniques that may
work it, the highest pressure (2, the domain notes' "light") and the longest
step.  The technique list (broad, light effleurage or a still hold) and the
minute a step are the project's conservative default: the sources give
neither.  A step on a site is flagged for each limit it breaks, and the message
says what to do instead: the allowed work, or work around the site on the
ordinary region it lies ``within``.

``site_allowance`` is the one place other code (a composer, the studio) asks
what a site allows, so what it plans passes this rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit.model import codes
from protocolkit.model.findings import Finding
from protocolkit.model.regions import normalise

if TYPE_CHECKING:
    from protocolkit.model.protocol import Protocol, Step
    from protocolkit.model.regions import Region, RegionVocabulary, SiteAllowance
    from protocolkit.plugin.catalog import Catalog


def site_allowance(regions: RegionVocabulary, region_id: str) -> SiteAllowance | None:
    """What may work ``region_id`` if it is an endangerment site: the techniques, the highest
    pressure and the longest step; None for an ordinary region or a word that names no region."""
    return regions.allowance(region_id)


def _instead(around: str, allowance: SiteAllowance) -> str:
    """What to do instead, in a therapist's words."""
    return (f"use {allowance.words} of {_minutes(allowance)} at most, at pressure {allowance.max_pressure.level} "
            f"or less, or work around it on the {around}")


def _around(regions: RegionVocabulary, site: Region) -> str:
    """The region a site lies within, by its name, with its id where the name does not spell it."""
    within = regions.get(str(site.within))
    words = within.name.split(" (")[0].lower()
    return words if normalise(words) == within.id else f"{words} ({within.id})"


def _minutes(allowance: SiteAllowance) -> str:
    seconds = allowance.longest_step.seconds
    return "a minute" if seconds == 60 else str(allowance.longest_step)


def _broken_limits(step: Step, region: Region, around: str, allowance: SiteAllowance) -> Iterator[tuple[str, str]]:
    """(key, message) for each limit of the site the step breaks."""
    site = f"{region.id} is an endangerment site ({region.endangerment})"
    if not allowance.allows(step.technique):
        yield "technique", f"{site}; {step.technique} does not belong there: {_instead(around, allowance)}"
    if step.pressure is not None and step.pressure > allowance.max_pressure:
        yield "pressure", (f"{site}; pressure {step.pressure} is too firm there: keep to broad, flat pressure of "
                           f"{allowance.max_pressure.level} or less, or work around it on the {around}")
    if step.duration > allowance.longest_step:
        what = f"{step.duration} of {step.technique}" if step.technique else str(step.duration)
        yield "duration", (f"{site}; {what} is too long to stay there: {_minutes(allowance)} at most a step, "
                           f"then move on to the {around}")


def _endangerment_site(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        if step.region is None:
            continue
        allowance = site_allowance(catalog.regions, step.region)
        if allowance is None:
            continue
        region = catalog.regions.get(step.region)
        for key, message in _broken_limits(step, region, _around(catalog.regions, region), allowance):
            yield ENDANGERMENT.finding(message, (*step.path, key))


ENDANGERMENT = codes.ENDANGERMENT.with_check(_endangerment_site)
RULES = (ENDANGERMENT,)
