"""Myofascial release: slow, sustained pressure into fascial restrictions, worked dry.

The work is done without oil or cream so the hands can feel where the fascia
is bound down and hold it until it gives; that is why this modality composes
first on a region (``compose_rank`` 10) and why its rule MFR001 refuses a
myofascial step on a region that has already been oiled.  Its own techniques
are registered here because no other modality offers them.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import (
    Contraindication,
    DurationRange,
    Modality,
    PressureRange,
    Step,
    Technique,
    TechniqueUse,
    hookimpl,
)
from protocolkit import PlanItem, Slot, plan_steps
from protocolkit import Rule

from .rules import RULES

_SEED = "Seed clinic page (myofascial release: gentle sustained pressure, no oils or creams)"
_WB = "Werner & Benjamin categories"
# The most a composed session gives each technique on one region and side (TechniqueUse.most_per_region).
_HOLDS = ("project default: a few holds on one region (domain notes: release after 90-120 s, holds of 5 min or "
          "more, practitioner claims)")
# Myofascial release is coded as manual therapy: every technique this modality offers bills under it.
_MFR_CODE = "97140"
_CODE_SOURCE = ("myofascial release is coded as 97140: chirocode.com article 07062; "
                "dynamicchiropractic.com article 52445 (domain notes, Billing units)")

SUSTAINED_PRESSURE = Technique(
    "sustained-pressure", "Sustained myofascial pressure",
    "Hands or forearm sink slowly into a fascial restriction at low to moderate pressure and wait there, "
    "following the tissue as it softens instead of forcing it; each hold lasts minutes, not seconds.",
    PressureRange.of(2, 3), DurationRange.of("90s", "20m"), "no",
    f"{_SEED}; practitioners report a release after 90-120 s and holds of 5 min or more (practitioner claims)")

SKIN_ROLLING = Technique(
    "skin-rolling", "Skin rolling",
    "The skin and the layer under it are lifted between thumbs and fingers and rolled across the area like a "
    "wave, to find and loosen places where the skin sticks to what lies beneath (scars, adhesions).",
    PressureRange.of(2, 3), DurationRange.of("30s", "10m"), "no",
    "Massage-school and clinic glossaries: skin rolling as a myofascial and scar-tissue technique, worked dry")

TECHNIQUES = (SUSTAINED_PRESSURE, SKIN_ROLLING)

MODALITY = Modality(
    id="myofascial-release",
    name="Myofascial release",
    summary="Gentle pressure held for minutes on bound-down connective tissue, on dry skin, to ease pain and "
            "give back movement; it comes before any oiled work on a region.",
    techniques=[TechniqueUse("sustained-pressure", most_per_region="15m", most_source=_HOLDS,
                             billing_code=_MFR_CODE, billing_source=_CODE_SOURCE),
                TechniqueUse("skin-rolling", most_per_region="5m", most_source="project default",
                             billing_code=_MFR_CODE, billing_source=_CODE_SOURCE)],
    indications=["fascial-restriction", "chronic-pain", "posture", "range-of-motion", "scar-tissue", "muscle-pain"],
    contraindications=[
        Contraindication("dvt", "systemic", "Held pressure over or near a clot could set it loose (embolism).", _WB),
        Contraindication("fever", "systemic", "The body is fighting an infection; bodywork adds load and spreads "
                         "what is contagious.", _WB),
        Contraindication("acute-inflammation", "local", "Fresh, hot, swollen tissue is aggravated by sustained "
                         "pressure; wait until it settles.", _WB),
        Contraindication("open-wound", "local", "Skin must be closed before it is stretched or lifted.", _WB),
        Contraindication("recent-surgery", "local", "Stay off the site until the surgeon clears it; scar work "
                         "starts only once the incision has healed.", _WB),
        Contraindication("fracture", "local", "An unhealed bone must not be loaded or twisted.", _WB),
        Contraindication("skin-infection", "local", "Lifting and holding the skin spreads the infection.", _WB),
        Contraindication("anticoagulants", "caution", "On blood thinners sustained pressure and lifted, rolled "
                         "skin raise bruises easily.", _WB),
    ],
    intents=["maintenance", "rehabilitation", "recovery", "relaxation"],
    pairings=[
        "Pair with a movement re-education session (postural and movement awareness) so the client learns "
        "to use the freed-up range.",
        "Goes hand in hand with trigger point therapy: release the fascia first, then treat the points.",
        "Work it before any oiled modality (Swedish, deep tissue) on the same region.",
    ],
    compose_rank=10,
    source=_SEED,
)

# Plans per phase; the work phase is lighter for a relaxation session.
_WARM_UP = [PlanItem("sustained-pressure", 1, "light", "broad, light holds to meet the tissue")]
_WORK = [PlanItem("skin-rolling", 1, "light", "roll the skin to map where it is bound down"),
         PlanItem("sustained-pressure", 4, "moderate", "sink into each restriction and wait for the release "
                  "(about 90-120 s), then follow it")]
_WORK_RELAXATION = [PlanItem("sustained-pressure", 1, "light", "slow light holds, following the tissue")]
_FLUSH = [PlanItem("sustained-pressure", 1, "light", "a last light hold over the whole region")]
# A slot too short for one sustained hold gets skin rolling instead.
_SHORT = [PlanItem("skin-rolling", 1, "light", "a slot too short for a full hold: light skin rolling")]


def _plan(slot: Slot) -> list[PlanItem]:
    shortest = slot.techniques["sustained-pressure"].duration.shortest
    if slot.duration < shortest:
        return _SHORT
    if slot.phase == "warm-up":
        return _WARM_UP
    if slot.phase == "flush":
        return _FLUSH
    return _WORK_RELAXATION if slot.intent == "relaxation" else _WORK


@hookimpl
def protocolkit_register_techniques(register: Callable[[Technique], None]) -> None:
    for technique in TECHNIQUES:
        register(technique)


@hookimpl
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    register(MODALITY)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in RULES:
        register(rule)


@hookimpl
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    if modality.id != MODALITY.id:
        return None
    return plan_steps(modality, slot, _plan(slot))
