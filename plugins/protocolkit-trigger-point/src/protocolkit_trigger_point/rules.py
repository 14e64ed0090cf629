"""TRP rules: a trigger-point hold is followed by a stretch.

Travell & Simons pair the compression with lengthening the muscle afterwards;
without the stretch the point tends to come back.  Any later stretching step
on the same region (by any modality) that covers the hold's side counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit import Rule

if TYPE_CHECKING:
    from protocolkit import Catalog
    from protocolkit import Finding
    from protocolkit import Protocol, Step

MODALITY_ID = "trigger-point"
HOLD = "ischemic-compression"
STRETCH = "stretching"


def _hold_without_stretch(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    # One pass from the end, remembering what the stretches after each step cover, so that a long
    # protocol costs its length, not its length squared.
    stretched_later: set[tuple[str | None, str]] = set()
    unstretched: list[Step] = []
    for step in reversed(protocol.hands_on_steps):
        if step.modality == MODALITY_ID and step.technique == HOLD:
            assert step.region is not None
            if (step.region, step.side) not in stretched_later:
                unstretched.append(step)
        if step.technique == STRETCH:
            sides = ("left", "right", "both") if step.side == "both" else (step.side,)
            stretched_later.update((step.region, side) for side in sides)
    for step in reversed(unstretched):
        where = step.region if step.side == "both" else f"{step.side} {step.region}"
        yield NO_STRETCH.finding(
            f"trigger-point compression on {where} is not followed by a stretch of {where}; add a stretching "
            f"step on {where} after the holds (Travell & Simons: compress, then lengthen the muscle)",
            (*step.path, "technique"))


_HOLD_ONLY = """\
protocolkit: 1
id: upper-back-points
title: Upper back trigger points
duration: 10m
steps:
  - modality: trigger-point
    technique: compression
    region: upper-back
    duration: 5m
    pressure: moderate
  - modality: trigger-point
    technique: ischemic-compression   # the holds, and then nothing
    region: upper-back
    duration: 5m
    pressure: moderate
"""
_HOLD_THEN_STRETCH = """\
protocolkit: 1
id: upper-back-points
title: Upper back trigger points
duration: 10m
steps:
  - modality: trigger-point
    technique: compression
    region: upper-back
    duration: 3m
    pressure: moderate
  - modality: trigger-point
    technique: ischemic-compression
    region: upper-back
    duration: 5m
    pressure: moderate
  - modality: trigger-point
    technique: stretching   # lengthen the muscle after the holds
    region: upper-back
    duration: 2m
    pressure: light
"""

NO_STRETCH = Rule(
    "TRP001", "warning", "trigger-point ischaemic compression with no later stretch of the same region and side",
    _hold_without_stretch,
    what="A trigger-point hold (ischemic-compression) with no stretching step after it on the same region and "
         "side, by any modality.",
    why="The hold is paired with lengthening the muscle afterwards; without the stretch the point tends to "
        "come back. Source: Travell & Simons (hold up to about a minute, then stretch).",
    example=_HOLD_ONLY, fix=_HOLD_THEN_STRETCH)
RULES = (NO_STRETCH,)
