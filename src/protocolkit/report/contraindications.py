"""A modality's contraindications as screening enforces them, for ``protocolkit show MODALITY``.

Every ceiling and rule-out a modality page prints comes from the condition
catalog that screening reads: the catalog condition's own restriction, the
restrictions of the conditions it brings along (``implies``), and what the
modality's own entry adds where screening applies it (only where its category
is stricter than the catalog's, as ``check.restrictions.applicable`` decides).
The plugin's prose is kept as the modality's reason, never as a limit: a
plugin that wrote "pressure 3 at most" while screening enforced 2 would
otherwise tell the therapist something screening does not do.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from protocolkit.model.conditions import Condition
from protocolkit.model.protocol import Contraindication, Modality
from protocolkit.plugin.catalog import Catalog

NOT_IN_CATALOG = ("restricts nothing: no condition in the catalog has this id, so no intake can name it "
                  "('protocolkit conditions' lists the ids)")


def modality_words(category: str, modality: str) -> str:
    """What a modality's own entry of ``category`` means for its steps, once screening applies it."""
    return {"systemic": f"no {modality} at all",
            "local": f"no {modality} on the area the intake names (none at all until it names one)",
            "caution": f"no {modality} until a physician's clearance is listed"}[category]


@frozen
class Enforced:
    """One contraindication a modality lists, with what screening enforces for it with that modality.

    ``condition`` is the catalog's (None when no catalog condition has the id),
    ``implied`` the conditions it brings along, and ``adds`` the category of
    the modality's own entry where screening applies it, else None."""

    modality: str
    item: Contraindication
    condition: Condition | None
    implied: tuple[Condition, ...] = ()
    adds: str | None = None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def restriction(self) -> str:
        """The whole of what screening enforces with this modality, in one line."""
        if self.condition is None:
            return NOT_IN_CATALOG
        parts = [self.condition.restriction]
        if self.adds is not None:
            parts.append(modality_words(self.adds, self.modality))
        return "; ".join(parts)


def enforced(catalog: Catalog, modality: Modality) -> list[Enforced]:
    """Each contraindication ``modality`` lists, as screening applies it to that modality's steps."""
    from protocolkit.check.restrictions import CATEGORY_ORDER

    found = []
    for item in modality.contraindications:
        condition = catalog.conditions.get(item.id)
        if condition is None:
            found.append(Enforced(modality.id, item, None))
            continue
        implied = tuple(catalog.conditions[other] for other in condition.implies if other in catalog.conditions)
        stricter = CATEGORY_ORDER[item.category] > CATEGORY_ORDER[condition.category]
        found.append(Enforced(modality.id, item, condition, implied, item.category if stricter else None))
    return found


def _condition_data(condition: Condition) -> dict[str, Any]:
    return {"id": condition.id, "name": condition.name, "category": condition.category,
            "restriction": condition.restriction}


def enforced_data(entry: Enforced) -> dict[str, Any]:
    """JSON-ready: the catalog's category and restriction, what the modality adds, then its reason.

    The condition's structured limits are ``protocolkit conditions --format json``'s to give; this
    keeps to the words, so that a program shows the same line a person reads."""
    if entry.condition is None:
        data: dict[str, Any] = {"id": entry.id, "name": None, "category": None, "restriction": NOT_IN_CATALOG}
    else:
        data = _condition_data(entry.condition)
    data["implies"] = [_condition_data(other) for other in entry.implied]
    data["modality_adds"] = (None if entry.adds is None else
                             {"category": entry.adds, "restriction": modality_words(entry.adds, entry.modality)})
    data["enforced"] = entry.restriction
    data["reason"], data["source"] = entry.item.reason, entry.item.source
    return data


def enforced_lines(entries: list[Enforced]) -> list[str]:
    """The text page's section: what screening enforces for each, then the modality's reason."""
    if not entries:
        return []
    lines = ["Contraindications (what screening enforces with this modality; then why, in its own words):"]
    for entry in entries:
        category = entry.condition.category if entry.condition is not None else "not in the catalog"
        lines.append(f"  {entry.id} ({category}): {entry.restriction}")
        lines += [f"    with {other.id} ({other.category}): {other.restriction}" for other in entry.implied]
        lines.append(f"    why: {entry.item.reason}")
    return lines
