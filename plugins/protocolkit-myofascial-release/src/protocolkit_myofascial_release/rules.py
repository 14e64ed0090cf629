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


def _where(step: Step) -> str:
    return str(step.region) if step.side == "both" else f"{step.side} {step.region}"


def _after_lubricant(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    # The first lubricated step on each region and side, so that each step is one look-up, not a
    # scan of every earlier step (a long protocol costs its length, not its length squared).
    first_oiled: dict[tuple[str | None, str], Step] = {}
    for step in protocol.hands_on_steps:
        if step.modality == MODALITY_ID:
            sides = ("left", "right", "both") if step.side == "both" else (step.side, "both")
            candidates = [first_oiled[(step.region, side)] for side in sides if (step.region, side) in first_oiled]
            oiled = min(candidates, key=lambda earlier: earlier.index) if candidates else None
            if oiled is not None:
                yield AFTER_LUBRICANT.finding(
                    f"myofascial release on {_where(step)} comes after oil or cream there "
                    f"(step {oiled.index + 1}, {oiled.modality} {oiled.technique}); work myofascial release "
                    f"before any oil or cream on {step.region}, or move it to a region not yet oiled",
                    (*step.path, "modality"))
        if catalog.lubricated(step):
            first_oiled.setdefault((step.region, step.side), step)


def _lubricant_declared(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        if step.modality == MODALITY_ID and step.lubricant:
            yield LUBRICANT_DECLARED.finding(
                f"this myofascial release step on {_where(step)} says lubricant: true, but the work is done on "
                "dry skin so the hands can hold the restriction; remove the lubricant or use another modality",
                (*step.path, "lubricant"))


_SOURCE = "Seed clinic page (myofascial release: gentle sustained pressure, performed without oils or creams)"

_OILED_FIRST = """\
protocolkit: 1
id: upper-back-release
title: Upper back release
duration: 10m
steps:
  - modality: swedish
    technique: effleurage   # oils the upper back
    region: upper-back
    duration: 5m
    pressure: light
  - modality: myofascial-release
    technique: sustained-pressure   # too late: the skin is oiled
    region: upper-back
    duration: 5m
    pressure: light
"""
_DRY_FIRST = """\
protocolkit: 1
id: upper-back-release
title: Upper back release
duration: 10m
steps:
  - modality: myofascial-release
    technique: sustained-pressure   # first, on dry skin
    region: upper-back
    duration: 5m
    pressure: light
  - modality: swedish
    technique: effleurage   # the oil comes after
    region: upper-back
    duration: 5m
    pressure: light
"""
_MARKED_OILED = """\
protocolkit: 1
id: upper-back-release
title: Upper back release
duration: 5m
steps:
  - modality: myofascial-release
    technique: sustained-pressure
    region: upper-back
    duration: 5m
    pressure: light
    lubricant: true   # myofascial release is done on dry skin
"""

AFTER_LUBRICANT = Rule(
    "MFR001", "error", "myofascial release on a region (and side) after an earlier lubricated step there",
    _after_lubricant,
    what="A myofascial release step on a region and side that an earlier step has already oiled: effleurage, "
         "petrissage or any step that uses oil or cream there.",
    why="Myofascial release is done on dry skin: oil or cream makes the hands slide over a restriction "
        f"instead of holding it until it gives, so it belongs before any oil on that region. Source: {_SOURCE}.",
    example=_OILED_FIRST, fix=_DRY_FIRST)
LUBRICANT_DECLARED = Rule(
    "MFR002", "warning", "a myofascial release step is marked as using oil or cream", _lubricant_declared,
    what="A myofascial release step that says 'lubricant: true'.",
    why="Myofascial release is done on dry skin, so the hands can feel where the tissue is bound down and "
        f"hold it; with oil or cream they slide. Source: {_SOURCE}.",
    example=_MARKED_OILED, fix=_MARKED_OILED.replace("    lubricant: true   # myofascial release is done on dry skin\n", ""))
RULES = (AFTER_LUBRICANT, LUBRICANT_DECLARED)
