"""ART rules: the pin needs dry skin.

A pin-and-stretch contact holds the skin and the tissue under it while the
client moves; on oiled skin it slides and the adhered layers are never made to
move past each other.  So pin-and-stretch belongs before any lubricated step
on the same region and side, never after one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from protocolkit import Rule, hookimpl

if TYPE_CHECKING:
    from protocolkit import Catalog, Finding, Protocol
    from protocolkit import Side

TECHNIQUE_ID = "pin-and-stretch"


def _pin_on_lubricated_skin(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    """Yield a finding for each pin-and-stretch step that is, or follows, lubricated work there."""
    oiled: set[tuple[str, Side]] = set()
    for step in protocol.hands_on_steps:
        assert step.region is not None
        sides: tuple[Side, ...] = ("left", "right") if step.side == "both" else (step.side,)
        where = step.region if step.side == "both" else f"{step.side} {step.region}"
        if step.technique == TECHNIQUE_ID:
            if step.lubricant:
                yield PIN_NEEDS_DRY_SKIN.finding(
                    f"pin-and-stretch with lubricant on {where}: the pin slides on oiled skin; "
                    f"set lubricant to false (work on dry skin)", (*step.path, "lubricant"))
            elif any((step.region, side) in oiled for side in sides):
                yield PIN_NEEDS_DRY_SKIN.finding(
                    f"pin-and-stretch on {where} after an earlier step oiled it: the pin slides on oiled skin; "
                    f"move this step before the lubricated work on {where}", (*step.path, "technique"))
        if catalog.lubricated(step):
            oiled.update((step.region, side) for side in sides)


_PIN_AFTER_OIL = """\
protocolkit: 1
id: hamstrings-release
title: Hamstrings release
duration: 10m
steps:
  - modality: swedish
    technique: effleurage   # oils the hamstrings
    region: hamstrings
    duration: 5m
    pressure: light
  - modality: active-release
    technique: pin-and-stretch   # the pin slides on the oil
    region: hamstrings
    duration: 5m
    pressure: moderate
"""
_PIN_FIRST = """\
protocolkit: 1
id: hamstrings-release
title: Hamstrings release
duration: 10m
steps:
  - modality: active-release
    technique: compression   # warms the hamstrings without oil
    region: hamstrings
    duration: 3m
    pressure: moderate
  - modality: active-release
    technique: pin-and-stretch   # on dry skin
    region: hamstrings
    duration: 5m
    pressure: moderate
  - modality: swedish
    technique: effleurage   # the oil comes after
    region: hamstrings
    duration: 2m
    pressure: light
"""

PIN_NEEDS_DRY_SKIN = Rule(
    "ART001", "warning",
    "a pin-and-stretch step on lubricated skin (marked so, or oiled by an earlier step on the same region and "
    "side)", _pin_on_lubricated_skin,
    what="A pin-and-stretch step that says 'lubricant: true', or that comes after a step which oiled the same "
         "region and side.",
    why="Pin-and-stretch is worked without lubricant: the contact holds the skin and the tissue under it while "
        "the client moves, and on oiled skin it slides, so the layers never move past each other. Sources: "
        "seed clinic page (Active Release Technique: tension at the tender area while the client moves); "
        "domain notes, technique table (active release: no lubricant).",
    example=_PIN_AFTER_OIL, fix=_PIN_FIRST)
RULES = (PIN_NEEDS_DRY_SKIN,)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in RULES:
        register(rule)
