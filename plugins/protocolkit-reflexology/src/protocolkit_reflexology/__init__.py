"""Reflexology: thumb and finger walking on reflex areas of the feet and hands.

Practitioners hold that areas of the feet and hands correspond to organs and
parts elsewhere in the body, and ship maps of them (the ``references`` below).
Critics hold that this theory is unsupported for diagnosing or treating
anything, so the maps are here for practitioners to read, not as medical
claims.  The modality works only on the feet and hands (``regions``), which
rule RFX001 enforces for hand-written protocols too.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import (
    Contraindication,
    DurationRange,
    Modality,
    PressureRange,
    ReferenceTable,
    Step,
    Technique,
    TechniqueUse,
    hookimpl,
)
from protocolkit import PlanItem, Slot, plan_steps
from protocolkit import Rule

from .rules import RULES

_SEED = "Seed clinic page (reflexology: reflex areas of hands and feet, and its foot map)"
_SECONDARY = "Secondary reflexology sources collected in the domain notes (finer foot map)"
_CRITICS = "critics hold the theory unsupported for diagnosis or treatment"
_OWN = "Reflexology practice guidance (domain notes: reflexology's own contraindications)"
_WB = "Werner & Benjamin categories"

REFLEX_POINT_PRESSURE = Technique(
    "reflex-point-pressure", "Reflex-point pressure",
    "The thumb or a finger bends and straightens in tiny steps, inching across a reflex area of the sole or "
    "palm and pausing with steady pressure where the area feels tender; done on dry skin.",
    PressureRange.of(2, 4), DurationRange.of("1m", "30m"), "no",
    f"{_SEED}; thumb and finger walking at pressure 2-4, hands and feet only (domain notes)")

FOOT_RELAXATION = Technique(
    "foot-relaxation", "Foot and hand relaxation",
    "Easy loosening movements that open and close a reflexology session: circling the ankle (or wrist), "
    "wringing the foot (or hand) gently between both hands, and shaking it loose.",
    PressureRange.of(1, 2), DurationRange.of("30s", "10m"), "no",
    "Reflexology practitioner pages: ankle rotations and foot wringing before thumb walking")

TECHNIQUES = (REFLEX_POINT_PRESSURE, FOOT_RELAXATION)

FOOT_MAP = ReferenceTable("Foot reflex map", [
    ("Tips of the toes", "Head"),
    ("Ball of the foot", "Heart and chest"),
    ("Arch", "Liver, pancreas and kidney"),
    ("Heel", "Low back and intestines"),
])

FINER_FOOT_MAP = ReferenceTable("Finer foot map (secondary sources)", [
    ("Base of the toes", "Neck and shoulders"),
    ("Line just below the ball of the foot", "Diaphragm"),
    ("Right foot, below the diaphragm line", "Liver and gall bladder"),
    ("Left foot, below the diaphragm line", "Spleen"),
    ("Inner (medial) edge of the foot", "Spine"),
    ("Heel", "Pelvis and sciatic nerve"),
])

MODALITY = Modality(
    id="reflexology",
    name="Reflexology",
    summary="Walking thumb and finger pressure over reflex areas of the feet and hands, which practitioners "
            f"map to organs and body parts elsewhere; {_CRITICS}, so use it for comfort and relaxation.",
    techniques=[TechniqueUse("reflex-point-pressure"), TechniqueUse("foot-relaxation")],
    indications=["relaxation", "stress", "chronic-pain"],
    contraindications=[
        Contraindication("first-trimester", "systemic", "Many reflexologists defer treatment during the first "
                         "three months of pregnancy, so reflexology waits until the second trimester.", _OWN),
        Contraindication("fracture", "local", "A recently broken foot or hand bone must not be pressed or "
                         "twisted.", _OWN),
        Contraindication("recent-surgery", "local", "Keep off a foot or hand that was operated on until it "
                         "has healed and is cleared.", _OWN),
        Contraindication("pitting-oedema", "local", "Skin that keeps a dent when pressed is swollen tissue "
                         "that pressure can damage; leave the swollen area alone.", _OWN),
        Contraindication("open-wound", "local", "Work around cuts, blisters and sores, never on them.", _OWN),
        Contraindication("nail-fungus", "local", "Contagious; avoid the affected toes or fingers.", _OWN),
        Contraindication("warts", "local", "Contagious; do not press or walk over them.", _OWN),
        Contraindication("gout-flare", "local", "A foot in an active gout attack is too inflamed and painful "
                         "to touch.", _OWN),
        Contraindication("dvt", "systemic", "With a current thrombosis or embolism, no reflexology at all.",
                         f"{_OWN}; {_WB}"),
        Contraindication("varicose-veins", "caution", "Needs special consideration: swollen leg veins may hide "
                         "a clot, and work on the feet moves blood through them.", _OWN),
        Contraindication("fever", "systemic", "Infection load and contagion; reschedule.", _WB),
    ],
    intents=["relaxation", "maintenance"],
    regions=["foot", "hand"],
    pairings=["Fits into a long Swedish full-body session as its feet and hands part (about 8-10 min for the "
              "feet); work the reflex areas before they are oiled."],
    references=[FOOT_MAP, FINER_FOOT_MAP],
    compose_rank=30,
    source=f"{_SEED}; {_SECONDARY}; {_CRITICS}",
)

_PLANS = {
    "warm-up": [PlanItem("foot-relaxation", 1, "light", "circle the ankle or wrist and wring gently")],
    "work": [PlanItem("reflex-point-pressure", 1, "moderate",
                      "walk the thumb across each reflex area, lingering where it is tender")],
    "flush": [PlanItem("foot-relaxation", 1, "light", "close with gentle wringing and slow ankle or wrist circles")],
}
_RELAXATION_WORK = [PlanItem("reflex-point-pressure", 1, "light", "slow, light thumb walking over each area")]


def _plan(slot: Slot) -> list[PlanItem]:
    if slot.phase == "work" and slot.intent == "relaxation":
        return _RELAXATION_WORK
    return _PLANS[slot.phase]


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
