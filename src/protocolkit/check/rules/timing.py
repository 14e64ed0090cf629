"""PK2xx: timings that add up, and steps that last a sensible time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit.model.findings import Finding
from protocolkit.model import codes

if TYPE_CHECKING:
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.model.protocol import Protocol

def _total_differs(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    planned, total = protocol.duration.seconds, protocol.steps_total.seconds
    tolerance = catalog.duration_tolerance
    if abs(total - planned) <= planned * tolerance:
        return
    if total > planned:
        yield TOTAL_DIFFERS.finding(
            f"the steps add up to {protocol.steps_total}, over the planned {protocol.duration} by more than "
            f"{tolerance:.0%}; shorten steps or raise the duration", ("duration",))
    else:
        yield TOTAL_DIFFERS.finding(
            f"the steps add up to {protocol.steps_total}, under the planned {protocol.duration} by more than "
            f"{tolerance:.0%}; lengthen steps or lower the duration", ("duration",), severity="warning")


def _step_out_of_bounds(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    for step in protocol.hands_on_steps:
        modality = catalog.modalities.get(step.modality or "")
        if modality is None or not modality.offers(step.technique or ""):
            continue  # PK101/PK102 already speak for this step
        assert step.technique is not None
        bounds = catalog.duration_range(modality, step.technique)
        if step.duration not in bounds:
            yield STEP_DURATION.finding(
                f"{step.duration} of {step.technique} is outside its {bounds} range for {modality.id}; "
                f"split the step or change its duration", (*step.path, "duration"))


TOTAL_DIFFERS = codes.TOTAL_DIFFERS.with_check(_total_differs)
STEP_DURATION = codes.STEP_DURATION.with_check(_step_out_of_bounds)
RULES = (TOTAL_DIFFERS, STEP_DURATION)
