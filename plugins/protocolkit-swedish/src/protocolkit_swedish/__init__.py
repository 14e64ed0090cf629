"""Swedish massage: the classic sequence that most other modalities build on.

It offers only shared techniques from the core catalog, and composes each
region in the customary order: effleurage to open, petrissage as the body of
the work, friction where the tissue needs it, a brisk bout of tapotement, and
effleurage again to flush.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import Contraindication, Modality, Step, TechniqueUse, hookimpl
from protocolkit import PlanItem, Slot, plan_steps

SOURCE = "Seed clinic page (sports massage lists Swedish style); Swedish technique order from massage curricula"

MODALITY = Modality(
    id="swedish",
    name="Swedish massage",
    summary="Gliding, kneading and rhythmic strokes at light to moderate pressure, toward the heart, "
            "to relax the client, ease general muscle tension and help circulation.",
    techniques=[TechniqueUse("effleurage"), TechniqueUse("petrissage"), TechniqueUse("friction"),
                TechniqueUse("tapotement"), TechniqueUse("vibration")],
    indications=["relaxation", "muscle-tension", "circulation", "stress", "recovery", "sleep"],
    contraindications=[
        Contraindication("fever", "systemic", "Circulatory massage while the body fights an infection adds load "
                         "and spreads what is contagious.", "Werner & Benjamin categories"),
        Contraindication("dvt", "systemic", "Stroking over a deep vein clot can dislodge it (embolism).",
                         "Werner & Benjamin categories"),
        Contraindication("skin-infection", "local", "Gliding strokes spread the infection; avoid the area.",
                         "Werner & Benjamin categories"),
        Contraindication("varicose-veins", "local", "Pressure on the vein, or below it on the limb, can "
                         "damage it or free a clot.", "Werner & Benjamin categories"),
        Contraindication("bruise", "local", "Kneading a fresh bruise reopens the damage; avoid it.",
                         "Werner & Benjamin categories"),
        Contraindication("osteoporosis", "caution", "Fragile bone can crack under tapotement or overpressure.",
                         "Werner & Benjamin categories"),
    ],
    intents=["relaxation", "maintenance", "recovery", "post-event"],
    pairings=["Opens the tissue before deep-tissue or sports work on the same region."],
    compose_rank=40,
    source=SOURCE,
)

# (technique, share of the slot, pressure) for each phase of a composed region.
PLANS = {
    "warm-up": [PlanItem("effleurage", 1, "light", "long strokes toward the heart to spread the oil and warm up")],
    "work": [PlanItem("effleurage", 1, "light"),
             PlanItem("petrissage", 4, "moderate", "knead the muscle bellies"),
             PlanItem("friction", 2, "moderate", "around tight spots"),
             PlanItem("tapotement", 1, "light", "brief brisk bout"),
             PlanItem("vibration", 1, "light")],
    "flush": [PlanItem("effleurage", 1, "light", "flush toward the heart")],
}


@hookimpl
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    register(MODALITY)


@hookimpl
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    if modality.id != MODALITY.id:
        return None
    return plan_steps(modality, slot, PLANS[slot.phase])
