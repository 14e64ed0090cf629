"""Conditions and client intakes: the model behind contraindication screening.

A `Condition` is catalog knowledge: what a condition rules out and why.  An
`Intake` is one client's health data: which conditions they have, where, and
which a physician has cleared.  Intakes are sensitive, so the model keeps only
what screening needs (condition ids, regions, sides, clearances and an opaque
client reference) and never the free text a form may carry.
"""

from __future__ import annotations

from attrs import field, frozen

from collections.abc import Iterable

from .findings import JsonPath, json_path
from .model import ContraindicationCategory, Pressure, Side, is_slug, strings


def _slug(_instance: object, attribute: object, value: str) -> None:
    if not is_slug(value):
        raise ValueError(f"condition id {value!r} is not a lower-case slug such as 'varicose-veins'")


@frozen
class Condition:
    """What a condition restricts, with the reason and where the fact comes from.

    - ``systemic``: no session at all (no circulatory massage).
    - ``local``: keep off the affected region (and, with ``distal``, everything
      further out on the same limb, as for varicose veins).
    - ``caution``: adapt: stay at or under ``max_pressure``, leave out the
      ``avoid`` techniques (only on ``avoid_on`` regions when that is given).

    ``needs_clearance``: the session needs a physician's clearance at all.
    ``clearance_lifts``: once cleared, the caution findings become warnings.
    ``modality``: set for a condition that only one modality's own data names
    (reflexology's active gout, say); it then restricts that modality alone.
    """

    id: str = field(validator=_slug)
    name: str
    category: ContraindicationCategory
    reason: str
    source: str = ""
    distal: bool = False
    max_pressure: Pressure | None = None
    avoid: tuple[str, ...] = field(converter=strings, default=())
    avoid_on: tuple[str, ...] = field(converter=strings, default=())
    needs_clearance: bool = False
    clearance_lifts: bool = False
    advice: str = ""
    modality: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.category not in ("systemic", "local", "caution"):
            raise ValueError(f"condition {self.id}: category {self.category!r} is not systemic, local or caution")
        if self.distal and self.category != "local":
            raise ValueError(f"condition {self.id}: only a local condition can extend distally")
        if self.category != "caution" and (self.max_pressure or self.avoid or self.clearance_lifts):
            raise ValueError(f"condition {self.id}: a pressure ceiling, techniques to avoid and clearance "
                             "lifting belong to caution conditions")

    @property
    def restriction(self) -> str:
        """One line for people: what this condition restricts."""
        if self.category == "systemic":
            return "no session"
        parts = []
        if self.category == "local":
            parts.append("avoid the area and everything distal on the limb" if self.distal else "avoid the area")
        if self.max_pressure:
            parts.append(f"pressure {self.max_pressure.level} or less")
        if self.avoid:
            where = f" on {', '.join(self.avoid_on)}" if self.avoid_on else ""
            parts.append(f"no {', '.join(self.avoid)}{where}")
        if self.needs_clearance:
            parts.append("physician's clearance")
        if self.clearance_lifts:
            parts.append("clearance eases it")
        return "; ".join(parts) or "adapt"


@frozen
class IntakeEntry:
    """One condition or medication listed on an intake, with where it sits in the file."""

    id: str
    path: JsonPath = field(converter=json_path)
    region: str | None = None
    side: Side = "both"

    @property
    def id_path(self) -> JsonPath:
        return (*self.path, "id") if self.path and self.path[0] == "conditions" else self.path


def _entries(items: Iterable[IntakeEntry]) -> tuple[IntakeEntry, ...]:
    return tuple(items)


@frozen
class Intake:
    client: str
    entries: tuple[IntakeEntry, ...] = field(converter=_entries)
    clearance: frozenset[str] = field(converter=frozenset, default=frozenset())

    def cleared(self, condition_id: str) -> bool:
        return condition_id in self.clearance
