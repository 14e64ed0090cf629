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


PIN_NEEDS_DRY_SKIN = Rule("ART001", "warning",
                          "a pin-and-stretch step on lubricated skin (marked so, or oiled by an earlier step "
                          "on the same region and side)", _pin_on_lubricated_skin)
RULES = (PIN_NEEDS_DRY_SKIN,)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in RULES:
        register(rule)
