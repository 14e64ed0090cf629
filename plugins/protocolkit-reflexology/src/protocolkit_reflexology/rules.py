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


_ON_THE_CALF = """\
protocolkit: 1
id: reflexology-20
title: Reflexology
duration: 20m
steps:
  - modality: reflexology
    technique: reflex-point-pressure
    region: calf   # no reflex areas here
    duration: 20m
    pressure: moderate
"""

OUTSIDE_REGIONS = Rule(
    "RFX001", "error", "a reflexology step on a region other than the feet or hands", _outside_regions,
    what="A reflexology step on any region but the feet and hands, the regions the reflexology modality lists.",
    why="Reflexology works by pressure on the reflex areas of the feet and hands; elsewhere a step is not "
        "reflexology, and its limits are unknown: use another modality there. Source: seed clinic page "
        "(reflexology: pressure on reflex areas of hands and feet).",
    example=_ON_THE_CALF, fix=_ON_THE_CALF.replace("region: calf   # no reflex areas here", "region: foot"))
RULES = (OUTSIDE_REGIONS,)
