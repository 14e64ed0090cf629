"""The page of a house modality's declarative rule, written from its declaration.

A clinic declares a rule in a few words (``only-on``, ``never-after-lubricant``,
``max-pressure``, ``max-step``); its page says the same in sentences and shows
a few steps that break it and the same steps put right, so that
``protocolkit rule HST001`` reads like any plugin's rule.  The reason is the
clinic's own: its summary, and the modality's source.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from attrs import evolve

from protocolkit.model.protocol import Duration, Modality, Pressure
from protocolkit.model.regions import REGIONS
from protocolkit.model.rules import Rule

EXCERPT = "The example and fix are steps written from the rule's declaration in the house modality file."
_OILING_STEP = "swedish", "effleurage"
_FIVE_MINUTES = Duration.parse("5m")


def with_house_page(rule: Rule, modality: Modality, data: dict[str, Any]) -> Rule:
    """``rule`` with the sections of its page, for the declarative rule ``data`` of ``modality``."""
    own = partial(_step, modality.id, modality.techniques[0].technique)
    oiling = partial(_step, *_OILING_STEP)
    home = modality.regions[0] if modality.regions else "upper-back"
    source = f" Source: {modality.source}." if modality.source else ""
    why = f"A house rule the clinic wrote for {modality.name}: {rule.summary}.{source}"
    if "only-on" in data:
        allowed = [REGIONS.canonical(region) for region in data["only-on"]]
        outside = next(region.id for region in REGIONS if region.id not in allowed)
        what = f"A {modality.id} step on a region other than {', '.join(allowed)}."
        example = own(outside, note=f"{modality.id} does not work here", on="region")
        fix = own(allowed[0])
    elif "never-after-lubricant" in data:
        what = f"A {modality.id} step on a region and side that an earlier step has already oiled."
        example = oiling(home, note="oils the region", on="technique") + own(home, note="too late", on="technique")
        fix = own(home, note="first, on dry skin", on="technique") + oiling(home)
    elif "max-pressure" in data:
        ceiling = Pressure.parse(data["max-pressure"])
        what = f"A {modality.id} step above pressure {ceiling.level} on the 1-5 scale."
        example = own(home, pressure=min(ceiling.level + 1, 5), note=f"over {ceiling.level}", on="pressure")
        fix = own(home, pressure=ceiling.level)
    else:
        longest = Duration.parse(data["max-step"])
        what = f"A {modality.id} step longer than {longest}."
        example = own(home, duration=Duration(longest.seconds + 300), note=f"over {longest}", on="duration")
        fix = own(home, duration=longest)
    return evolve(rule, what=what, why=why, example="steps:\n" + example, fix="steps:\n" + fix,
                  not_runnable=EXCERPT)


def _step(modality: str, technique: str, region: str, *, pressure: int = 2, duration: Duration = _FIVE_MINUTES,
          note: str = "", on: str = "") -> str:
    """One step as YAML list item lines, with ``note`` as a comment on the key ``on``."""
    values = {"modality": modality, "technique": technique, "region": region, "duration": str(duration),
              "pressure": str(pressure)}
    return "".join(f"{'  - ' if index == 0 else '    '}{key}: {value}{f'   # {note}' if key == on else ''}\n"
                   for index, (key, value) in enumerate(values.items()))
