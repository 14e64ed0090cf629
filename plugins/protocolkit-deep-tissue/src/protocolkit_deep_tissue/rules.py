"""DTM rules: what deep tissue work needs beyond the core's pressure checks.

The core's PK301 already asks for a warm-up before pressure 4.  Deep tissue
also goes deeper one layer at a time, so maximal pressure belongs only where
the same region and side have first been worked at deep pressure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from protocolkit import Pressure, Rule, hookimpl

if TYPE_CHECKING:
    from protocolkit import Catalog, Finding, Protocol
    from protocolkit import Side

MODALITY_ID = "deep-tissue"
DEEP = Pressure(4)
MAXIMAL = Pressure(5)


def _maximal_before_deep(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    """Yield a finding for each deep-tissue step at pressure 5 whose region/side has seen no pressure 4."""
    layered: set[tuple[str, Side]] = set()
    for step in protocol.hands_on_steps:
        assert step.region is not None and step.pressure is not None
        sides: tuple[Side, ...] = ("left", "right") if step.side == "both" else (step.side,)
        if step.modality == MODALITY_ID and step.pressure >= MAXIMAL:
            skipped = [side for side in sides if (step.region, side) not in layered]
            if skipped:
                where = step.region if step.side == "both" else f"{step.side} {step.region}"
                yield LAYER_BY_LAYER.finding(
                    f"maximal pressure on {where} before any deep (4) work there; deep tissue goes one "
                    f"layer at a time, so add a step at pressure 4 on {where} first or lower this one to 4",
                    (*step.path, "pressure"))
        if step.pressure >= DEEP:
            layered.update((step.region, side) for side in sides)


_STRAIGHT_TO_MAXIMAL = """\
protocolkit: 1
id: upper-back-deep
title: Upper back, deep
duration: 15m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: deep-tissue
    technique: deep-stroking
    region: upper-back
    duration: 10m
    pressure: maximal   # straight from light to maximal
"""
_LAYER_BY_LAYER = """\
protocolkit: 1
id: upper-back-deep
title: Upper back, deep
duration: 15m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: deep-tissue
    technique: deep-stroking
    region: upper-back
    duration: 5m
    pressure: deep   # one layer deeper first
  - modality: deep-tissue
    technique: deep-stroking
    region: upper-back
    duration: 5m
    pressure: maximal
"""

LAYER_BY_LAYER = Rule(
    "DTM001", "warning",
    "a deep-tissue step at maximal pressure (5) on a region and side not yet worked at deep pressure (4)",
    _maximal_before_deep,
    what="A deep-tissue step at pressure 5 (maximal) on a region and side that no earlier step has worked at "
         "pressure 4 (deep). The core's PK301 already asks for a warm-up before pressure 4.",
    why="Deep tissue work warms up with Swedish strokes, then goes deeper one layer at a time: maximal "
        "pressure belongs only where deep pressure has gone first. Source: domain notes, session structure "
        "(deep tissue: warm up with Swedish strokes first, then go deeper layer by layer).",
    example=_STRAIGHT_TO_MAXIMAL, fix=_LAYER_BY_LAYER)
RULES = (LAYER_BY_LAYER,)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in RULES:
        register(rule)
