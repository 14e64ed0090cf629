"""RFX rules: reflexology works only where its reflex areas are, the feet and hands.

The core does not check a modality's ``regions`` on hand-written protocols
(only the composer honours them), so this rule does, reading the allowed
regions from the registered modality rather than repeating them here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protocolkit import Rule

if TYPE_CHECKING:
    from protocolkit import Catalog
    from protocolkit import Finding
    from protocolkit import Protocol

MODALITY_ID = "reflexology"


def _outside_regions(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    modality = catalog.modalities.get(MODALITY_ID)
    if modality is None or not modality.regions:
        return
    allowed = " or ".join(modality.regions)
    for step in protocol.hands_on_steps:
        if step.modality != MODALITY_ID or step.region is None or modality.works_on(step.region):
            continue
        if step.region not in catalog.regions:
            continue  # PK103 already reports an unknown region
        yield OUTSIDE_REGIONS.finding(
            f"reflexology works only on the {allowed}, not on {step.region}; move this step to the {allowed}, "
            f"or use another modality for {step.region}", (*step.path, "region"))


OUTSIDE_REGIONS = Rule("RFX001", "error", "a reflexology step on a region other than the feet or hands",
                       _outside_regions)
RULES = (OUTSIDE_REGIONS,)
