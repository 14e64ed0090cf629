"""What a client's intake asks of a composed session, worked out before composing.

Compose reads the same ``ClientLimits`` that screening checks a protocol
against (``restrictions.assess``): it refuses, in screening's own words,
exactly when screening would say "do not treat", and plans every slot inside
the limits that cover it.  Each limit also becomes a one-line note for the
therapist saying what changed and why, naming only condition ids.
"""

from __future__ import annotations

from protocolkit.plugin.catalog import Catalog
from protocolkit.model.conditions import Intake
from protocolkit.model.protocol import Side
from protocolkit.check.restrictions import BOTH_SIDES, ClientLimits, Limit, assess

SIDES_OF_BOTH: tuple[Side, Side] = ("left", "right")
_REACH_NOTES = {"area": "the {area}", "distal": "the {area} and everything distal on its limb",
                "limb": "the whole limb of the {area}", "quadrant": "the body quadrant of the {area}"}


class RefusedError(Exception):
    """The intake rules the session out: screening would say "do not treat"."""


def limits_for(intake: Intake | None, catalog: Catalog) -> ClientLimits:
    """The limits an intake puts on any session; refuses what screening would not treat."""
    limits = assess(intake, catalog)
    if limits.blockers:
        raise RefusedError("; ".join(blocker.message for blocker in limits.blockers))
    return limits


def free_side(limits: ClientLimits, region: str) -> Side | None:
    """The side a region may still be worked on by every modality: both, one, or None for neither."""
    free = [side for side in SIDES_OF_BOTH if not limits.allowance(region, side, None).blocked]
    if len(free) == 2:
        return "both"
    return free[0] if free else None


def blockers_on(limits: ClientLimits, region: str) -> str:
    """The conditions that rule a region out on either side, for a note."""
    ids = {cid for side in SIDES_OF_BOTH for cid in limits.allowance(region, side, None).blocked_by}
    return ", ".join(sorted(ids))


def notes(limits: ClientLimits) -> list[str]:
    """What the intake changes in any session, one line per limit (condition ids only)."""
    lines = [_note(limit) for limit in limits.limits if not (limit.off_limits and limit.modality is None)]
    return list(dict.fromkeys(line for line in lines if line))


def _note(limit: Limit) -> str:
    condition = limit.condition.id
    if limit.positions:
        return f"no {' or '.join(sorted(limit.positions))} position for {condition}"
    if limit.modality is not None:
        if limit.regions is None:
            return f"{limit.modality} left out for {condition}"
        return f"no {limit.modality} on {', '.join(sorted(limit.regions))} for {condition}"
    where = f" on {limit.where or ', '.join(sorted(limit.regions))}" if limit.regions is not None else ""
    if limit.kind == "site" and limit.area is not None and len(limit.regions or ()) > 1:
        side = "" if limit.sides == BOTH_SIDES else f"{next(iter(limit.sides))} "
        where = " on " + _REACH_NOTES[limit.condition.reach].format(area=f"{side}{limit.area}")
    parts = []
    if limit.max_pressure is not None:
        cleared = " (its clearance level)" if limit.kind == "cleared" else ""
        parts.append(f"pressure capped at {limit.max_pressure.level}{where} for {condition}{cleared}")
    if limit.only is not None:
        parts.append(f"only {' or '.join(sorted(limit.only)) or 'no technique'}{where} for {condition}")
    if limit.avoid:
        parts.append(f"no {', '.join(sorted(limit.avoid))}{where} for {condition}")
    return "; ".join(parts)
