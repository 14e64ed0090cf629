"""PK3xx: pressure that the tissue is ready for and the technique allows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Pressure
from protocolkit.model import codes

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.model.protocol import Protocol, Side

DEEP = Pressure(4)
WARM_UP_CEILING = Pressure(3)


def _deep_without_warm_up(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    warmed: set[tuple[str, Side]] = set()
    for step in protocol.hands_on_steps:
        assert step.region is not None and step.pressure is not None
        sides: tuple[Side, ...] = ("left", "right") if step.side == "both" else (step.side,)
        if step.pressure >= DEEP:
            cold = [side for side in sides if (step.region, side) not in warmed]
            if cold:
                where = step.region if step.side == "both" else f"{step.side} {step.region}"
                yield NO_WARM_UP.finding(
                    f"pressure {step.pressure} on {where} with no warm-up before it; add a step at pressure "
                    f"{WARM_UP_CEILING.level} or less on {where} first (e.g. effleurage)", (*step.path, "pressure"))
        else:
            warmed.update((step.region, side) for side in sides)


def _pressure_out_of_range(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        modality = catalog.modalities.get(step.modality or "")
        if modality is None or not modality.offers(step.technique or ""):
            continue
        assert step.technique is not None and step.pressure is not None
        allowed = catalog.pressure_range(modality, step.technique)
        if step.pressure not in allowed:
            # A modality that makes its ranges strict (``strict_pressure``) gets PK304 as an error on its own
            # steps, through the severity one finding may carry: one code for one fault, so that selecting,
            # ignoring and looking PK304 up work the same whoever's steps it is about.
            strict = f"; {modality.id} makes its pressure ranges strict" if modality.strict_pressure else ""
            yield PRESSURE_RANGE.finding(
                f"pressure {step.pressure} is outside the {allowed} range of {step.technique} in {modality.id}"
                f"{strict}; use a pressure from {allowed.low.level} to {allowed.high.level}",
                (*step.path, "pressure"), severity="error" if modality.strict_pressure else None)


NO_WARM_UP = codes.NO_WARM_UP.with_check(_deep_without_warm_up)
PRESSURE_RANGE = codes.PRESSURE_RANGE.with_check(_pressure_out_of_range)
RULES = (NO_WARM_UP, PRESSURE_RANGE)
