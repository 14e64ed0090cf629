"""MFR rules: myofascial release needs dry skin.

Oil or cream makes the hands slide over a restriction instead of engaging it,
so once a region has been lubricated myofascial work there is too late.  Sides
overlap when they are equal or either step covers both sides.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit import Rule

if TYPE_CHECKING:
    from protocolkit import Catalog
    from protocolkit import Finding
    from protocolkit import Protocol, Step

MODALITY_ID = "myofascial-release"


def _sides_overlap(first: Step, second: Step) -> bool:
    return first.side == second.side or "both" in (first.side, second.side)


def _where(step: Step) -> str:
    return str(step.region) if step.side == "both" else f"{step.side} {step.region}"


def _after_lubricant(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    lubricated: list[Step] = []
    for step in protocol.hands_on_steps:
        if step.modality == MODALITY_ID:
            oiled = next((earlier for earlier in lubricated
                          if earlier.region == step.region and _sides_overlap(earlier, step)), None)
            if oiled is not None:
                yield AFTER_LUBRICANT.finding(
                    f"myofascial release on {_where(step)} comes after oil or cream there "
                    f"(step {oiled.index + 1}, {oiled.modality} {oiled.technique}); work myofascial release "
                    f"before any oil or cream on {step.region}, or move it to a region not yet oiled",
                    (*step.path, "modality"))
        if catalog.lubricated(step):
            lubricated.append(step)


def _lubricant_declared(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        if step.modality == MODALITY_ID and step.lubricant:
            yield LUBRICANT_DECLARED.finding(
                f"this myofascial release step on {_where(step)} says lubricant: true, but the work is done on "
                "dry skin so the hands can hold the restriction; remove the lubricant or use another modality",
                (*step.path, "lubricant"))


AFTER_LUBRICANT = Rule("MFR001", "error",
                       "myofascial release on a region (and side) after an earlier lubricated step there",
                       _after_lubricant)
LUBRICANT_DECLARED = Rule("MFR002", "warning", "a myofascial release step is marked as using oil or cream",
                          _lubricant_declared)
RULES = (AFTER_LUBRICANT, LUBRICANT_DECLARED)
