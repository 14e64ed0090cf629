"""Active Release Technique: tension on a tender spot while the client moves.

The therapist pins the shortened tissue at the point of tenderness and the
client actively takes it to its lengthened position, so the adhered layers
are made to slide past the pin.  The contact has to grip the skin, so every
technique this modality offers is lubricant-free and its compose plan warms
the tissue with light compression rather than oiled strokes; the same plan
serves chair work (a seated, clothed client).

Four of its indications name what they need: the plugin registers them as
goals (``GOALS``), so that ``compose --goal hamstring-flexibility`` works the
hamstrings, calf and glutes without being told the regions.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import (
    Contraindication,
    DurationRange,
    Goal,
    Modality,
    PressureRange,
    Step,
    Technique,
    TechniqueUse,
    hookimpl,
)
from protocolkit import PlanItem, Slot, plan_steps

from .rules import protocolkit_register_rules

__all__ = ["GOALS", "MODALITY", "PIN_AND_STRETCH", "PLANS", "protocolkit_register_rules"]

SEED = "Seed clinic page (Active Release Technique: tension at the tender area, shortened to lengthened)"
WERNER = "Werner & Benjamin categories"
# The most a composed session gives each technique on one region and side (TechniqueUse.most_per_region).
_SERIES = "project default: one pin-and-stretch series on one muscle group"
_DEFAULT = "project default"

PIN_AND_STRETCH = Technique(
    "pin-and-stretch", "Pin and stretch (active release)",
    "The therapist holds firm tension on adhered tissue at the tender spot, with the muscle shortened, while "
    "the client actively moves the joint so the muscle lengthens under the contact; repeated in passes.",
    PressureRange.of(3, 5), DurationRange.of("30s", "10m"), "no",
    "Domain notes, techniques table (active release 3-5, no lubricant); " + SEED)

MODALITY = Modality(
    id="active-release",
    name="Active Release Technique",
    summary="Pin-and-stretch work on dry skin that frees adhesions and fibrosis from repetitive overload, "
            "to restore free movement of muscle, tendon, fascia and the nerves running through them.",
    techniques=[
        TechniqueUse("pin-and-stretch", most_per_region="10m", most_source=_SERIES),
        # Warm-up and flush only: light pumping through the sheet, never a deep hold.
        TechniqueUse("compression", pressure=PressureRange.of(2, 3), most_per_region="5m", most_source=_DEFAULT),
        TechniqueUse("stretching", most_per_region="5m", most_source=_DEFAULT),
    ],
    indications=["adductor-strain", "hamstring-flexibility", "carpal-tunnel-syndrome", "quadriceps-inhibition",
                 "adhesions", "fibrosis"],
    contraindications=[
        Contraindication("dvt", "systemic", "Firm pins and active movement of a limb with a clotted vein may "
                         "free the clot.", WERNER),
        Contraindication("fever", "systemic", "Wait until an infection has passed.", WERNER),
        Contraindication("acute-inflammation", "local", "Tension on hot, swollen tissue aggravates it; leave "
                         "it until the acute phase is over.", WERNER),
        Contraindication("acute-strain", "local", "A fresh tear cannot take a pin under movement; wait until "
                         "it has begun to heal.", WERNER),
        Contraindication("fracture", "local", "Moving a limb against a pin loads the bone; keep off a "
                         "recent fracture.", WERNER),
        Contraindication("recent-surgery", "local", "Keep away from the surgical site until the surgeon "
                         "clears it.", WERNER),
        Contraindication("open-wound", "local", "A pin drags the skin; never over broken skin.", WERNER),
        Contraindication("skin-infection", "local", "Avoid the infected area.", WERNER),
        Contraindication("anticoagulants", "caution", "On blood thinners a firm pin raises bruises, and the "
                         "stretch under it pulls on tissue that bleeds easily.", WERNER),
        Contraindication("osteoporosis", "caution", "Thinned bone can crack under a forceful pin or under "
                         "overpressure at the end of the movement.", WERNER),
        Contraindication("diabetic-neuropathy", "caution", "Numb tissue cannot report when a pin's tension is too "
                         "much, and damaged skin goes unnoticed.", WERNER),
    ],
    intents=["maintenance", "recovery"],
    pairings=["Comes before any lubricated modality on the same region (Swedish, deep tissue), since the pin "
              "needs dry skin.",
              "Follows myofascial release or trigger-point work on the same region well."],
    compose_rank=30,
    source=SEED,
)

# (technique, share of the slot, pressure) for each phase; all lubricant-free, and the
# warm-up stays at 3 or below so the deeper pins that follow are acceptable (PK301).
PLANS = {
    "warm-up": [PlanItem("compression", 1, "light",
                         "broad rhythmic compression on dry skin or through clothing to warm the area")],
    "work": [PlanItem("pin-and-stretch", 1, "moderate",
                      "first passes: pin the tender spot while the client moves from shortened to lengthened"),
             PlanItem("pin-and-stretch", 2, "deep", "firmer passes along the adhered tissue")],
    # The stretch weighs more: a flush with room for one step stretches.
    "flush": [PlanItem("compression", 1, "light", "light compression over the worked tissue"),
              PlanItem("stretching", 2, "light", "gentle passive stretch of the treated muscle")],
}

# Goals among the indications whose regions the seed facts name: the muscle each one is about
# first (the focus), then the neighbours that share its work.
_GOAL_SEED = ("Seed clinic page (Active Release Technique helps adductor strains, hamstring flexibility, "
              "carpal tunnel syndrome and quadriceps inhibition)")
GOALS = (
    Goal("hamstring-flexibility", "Hamstring flexibility", ["posterior-thigh", "calf", "gluteal"],
         source=f"{_GOAL_SEED}; the hamstrings first, with the calf and glutes of the same posterior chain "
                "(project default)"),
    Goal("adductor-strain", "Adductor strain", ["medial-thigh"],
         source=f"{_GOAL_SEED}; the adductors lie in the inner thigh"),
    Goal("carpal-tunnel-syndrome", "Carpal tunnel syndrome", ["forearm", "wrist", "hand"],
         source=f"{_GOAL_SEED}; the forearm flexors whose tendons run through the carpal tunnel first, then "
                "the wrist and hand the median nerve supplies (project default)"),
    Goal("quadriceps-inhibition", "Quadriceps inhibition", ["anterior-thigh"],
         source=f"{_GOAL_SEED}; the quadriceps lie in the front of the thigh"),
)


@hookimpl
def protocolkit_register_techniques(register: Callable[[Technique], None]) -> None:
    register(PIN_AND_STRETCH)


@hookimpl
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    register(MODALITY)


@hookimpl
def protocolkit_register_goals(register: Callable[[Goal], None]) -> None:
    for goal in GOALS:
        register(goal)


@hookimpl
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    if modality.id != MODALITY.id:
        return None
    return plan_steps(modality, slot, PLANS[slot.phase])
