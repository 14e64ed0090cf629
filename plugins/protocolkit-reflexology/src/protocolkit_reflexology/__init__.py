"""Reflexology: thumb and finger walking on reflex areas of the feet and hands.

Practitioners hold that areas of the feet and hands correspond to organs and
parts elsewhere in the body, and ship maps of them (the ``references`` below).
Critics hold that this theory is unsupported for diagnosing or treating
anything, so the maps are here for practitioners to read, not as medical
claims.  The modality works only on the feet and hands (``regions``), which
rule RFX001 enforces for hand-written protocols too.

A composed foot follows the map the way a practitioner teaches it: one step
per reflex area, from the toe tips to the heel (``FOOT_AREAS``), each naming
the area and what the map puts there, the arch by the foot being worked.  The
domain notes give no hand map, so a hand gets one walk over the palm and
fingers.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import (
    Contraindication,
    DurationRange,
    Modality,
    PressureRange,
    ReferenceTable,
    Side,
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
# The most a composed session gives each technique on one foot or hand (TechniqueUse.most_per_region).
_FOOT_SHARE = "project default: one foot's share of a 45-60 min session over both feet, with the relaxation"

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
    techniques=[TechniqueUse("reflex-point-pressure", most_per_region="30m", most_source=_FOOT_SHARE),
                TechniqueUse("foot-relaxation", most_per_region="10m", most_source="project default")],
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

# The foot map in order, toes to heel: (area, what the map puts there).  Seed map and the finer
# secondary map (domain notes); the arch depends on the foot (_ARCH_BY_SIDE).  The notes say what
# practitioners' maps claim; critics hold the theory unsupported for diagnosis or treatment.
FOOT_AREAS: tuple[tuple[str, str], ...] = (
    ("toe tips", "head"),
    ("base of the toes", "neck and shoulder"),
    ("ball of the foot and the diaphragm line", "heart, chest and diaphragm"),
    ("arch", "liver, pancreas and kidney"),
    ("medial edge", "spine"),
    ("heel", "low back, intestines, pelvis and sciatic nerve"),
)
_ARCH_BY_SIDE: dict[Side, str] = {
    "right": "arch (liver and gall bladder, pancreas and kidney reflexes)",
    "left": "arch (spleen, pancreas and kidney reflexes)",
    "both": "arch (pancreas and kidney reflexes; liver and gall bladder on the right foot, spleen on the left)",
}

# Warm-up and flush loosen the foot (or hand) as a whole; the domain notes give no hand map, so a
# hand's work is one walk over the palm and fingers.
_LOOSEN = {
    "warm-up": "circle the {joint} and wring the {part} gently",
    "flush": "close with gentle wringing and slow {joint} circles",
}
_HAND_WORK = [PlanItem("reflex-point-pressure", 1, "moderate",
                       "walk the thumb across the palm and each finger, lingering where it is tender")]
_HAND_RELAXATION_WORK = [PlanItem("reflex-point-pressure", 1, "light",
                                  "slow, light thumb walking over the palm and each finger")]


def foot_areas(side: Side) -> list[str]:
    """The foot's reflex areas in map order, each with what the map puts there ('toe tips (head
    reflexes)'); the arch as the map has it on that foot."""
    return [_ARCH_BY_SIDE[side] if area == "arch" else f"{area} ({mapped} reflexes)" for area, mapped in FOOT_AREAS]


def foot_work(slot: Slot) -> list[PlanItem]:
    """One step per reflex area, in map order; a slot too short for all keeps the first ones."""
    light = slot.intent == "relaxation"
    pressure, how = ("light", "slow, light thumb walking over the") if light else ("moderate", "thumb-walk the")
    return [PlanItem("reflex-point-pressure", 1, pressure, f"{how} {area}") for area in foot_areas(slot.side)]


def _plan(slot: Slot) -> list[PlanItem]:
    if slot.phase != "work":
        joint, part = ("ankle", "foot") if slot.region == "foot" else ("wrist", "hand")
        return [PlanItem("foot-relaxation", 1, "light", _LOOSEN[slot.phase].format(joint=joint, part=part))]
    if slot.region == "foot":
        return foot_work(slot)
    return _HAND_RELAXATION_WORK if slot.intent == "relaxation" else _HAND_WORK


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
