"""What a client's intake asks of a composed session, worked out before composing.

Compose turns an intake into restrictions rather than composing first and
screening after: regions (or one side of them) to leave out, modalities to
leave out, a pressure ceiling and techniques to avoid.  Each restriction keeps
a one-line note saying what changed and why, naming only condition ids, for
the therapist; the composed protocol is still screened afterwards.
"""

from __future__ import annotations

from attrs import define, field

from .catalog import Catalog
from .conditions import Intake
from .model import Pressure, Side
from .screening import applicable

SIDES_OF_BOTH: tuple[Side, Side] = ("left", "right")


class RefusedError(Exception):
    """The intake rules the session out, or leaves it impossible to screen."""


@define
class Restrictions:
    max_pressure: Pressure = Pressure(5)
    avoid: set[str] = field(factory=set)
    avoid_on: dict[str, set[str]] = field(factory=dict)
    # region -> the sides the client's local conditions rule out there, and which conditions
    blocked_sides: dict[str, set[Side]] = field(factory=dict)
    blocked_by: dict[str, set[str]] = field(factory=dict)
    # modality -> the regions it must leave alone; None means all of them
    modality_blocked: dict[str, set[str] | None] = field(factory=dict)
    notes: list[str] = field(factory=list)

    def side_for(self, region: str) -> Side | None:
        """The side a region may still be worked on: both, one, or None for neither."""
        blocked = self.blocked_sides.get(region, set())
        free = [side for side in SIDES_OF_BOTH if side not in blocked]
        if len(free) == 2:
            return "both"
        return free[0] if free else None

    def allows(self, modality_id: str, region: str) -> bool:
        if modality_id not in self.modality_blocked:
            return True
        regions = self.modality_blocked[modality_id]
        return regions is not None and region not in regions

    def avoided_on(self, region: str) -> frozenset[str]:
        return frozenset(self.avoid | self.avoid_on.get(region, set()))


def restrictions_for(intake: Intake | None, catalog: Catalog) -> Restrictions:
    """The restrictions an intake puts on any session; refuses what cannot go ahead."""
    restrictions = Restrictions()
    if intake is None:
        return restrictions
    refusals = []
    for item in applicable(intake, catalog):
        condition, entry = item.condition, item.entry
        if condition.needs_clearance and not item.cleared and condition.modality is None \
                and condition.category != "systemic":
            refusals.append(f"{condition.id} needs a physician's clearance first; list it under 'clearance' "
                            "in the intake once given")
        if condition.modality is not None:
            _restrict_modality(restrictions, condition.modality, condition.id, condition.category, entry.region,
                               cleared=item.cleared)
        elif condition.category == "systemic":
            refusals.append(f"{condition.id} is a systemic contraindication: the session must not go ahead")
        elif condition.category == "local":
            if entry.region is None:
                refusals.append(f"{condition.id} is a local contraindication with no region on the intake; "
                                "add where it is")
                continue
            regions = [entry.region, *(catalog.regions.distal_to(entry.region) if condition.distal
                                       and entry.region in catalog.regions else ())]
            sides: tuple[Side, ...] = SIDES_OF_BOTH if entry.side == "both" else (entry.side,)
            for region in regions:
                restrictions.blocked_sides.setdefault(region, set()).update(sides)
                restrictions.blocked_by.setdefault(region, set()).add(condition.id)
        else:
            if condition.max_pressure is not None and condition.max_pressure < restrictions.max_pressure:
                restrictions.max_pressure = condition.max_pressure
                restrictions.notes.append(f"pressure capped at {condition.max_pressure.level} for {condition.id}")
            if condition.avoid:
                target = restrictions.avoid if not condition.avoid_on else None
                for region in condition.avoid_on:
                    restrictions.avoid_on.setdefault(region, set()).update(condition.avoid)
                if target is not None:
                    target.update(condition.avoid)
                where = f" on {', '.join(condition.avoid_on)}" if condition.avoid_on else ""
                restrictions.notes.append(f"no {', '.join(condition.avoid)}{where} for {condition.id}")
    if refusals:
        raise RefusedError("; ".join(refusals))
    return restrictions


def _restrict_modality(restrictions: Restrictions, modality: str, condition_id: str, category: str,
                       region: str | None, *, cleared: bool) -> None:
    """A modality's own contraindication: leave that modality out where it applies."""
    if category == "caution" and cleared:
        return
    if category == "local" and region is not None:
        blocked = restrictions.modality_blocked.setdefault(modality, set())
        if blocked is not None:
            blocked.add(region)
        restrictions.notes.append(f"no {modality} on {region} for {condition_id}")
        return
    restrictions.modality_blocked[modality] = None
    restrictions.notes.append(f"{modality} left out for {condition_id}")
