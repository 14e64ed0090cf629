"""Deep tissue massage: slow, deep work on the inner layers of muscle and fascia.

Deep pressure is only welcome in tissue that has been warmed first, so a
composed region opens with light effleurage and moderate kneading, goes deep
with slow stroking along the fibres, cross-fibre friction and sustained
compression, and closes with a light flush.  The one technique of its own is
``deep-stroking``; everything else comes from the shared catalog, narrowed to
the pressures this modality works at.

Chair work (a seated, clothed client, or any slot where no oil may go on)
cannot strip along the fibres with oil: it warms by kneading through clothing
(``PlanItem(..., lubricant=False)``) and broad compression, and goes deep with
held compression and friction on dry skin.
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

from .rules import protocolkit_register_rules

__all__ = ["DEEP_STROKING", "MODALITY", "PLANS", "SEATED_PLANS", "plan_for", "protocolkit_register_rules"]

SEED = "Seed clinic page (deep tissue: slow deep strokes, strains, sports injuries, scar tissue)"
WERNER = "Werner & Benjamin categories"
# The most a composed session gives each technique on one region and side (TechniqueUse.most_per_region).
_DEFAULT = "project default"
CYRIAX = "Cyriax deep transverse friction: 10-20 min at the lesion (domain notes, techniques table); the lower figure"

DEEP_STROKING = Technique(
    "deep-stroking", "Deep stroking (stripping)",
    "A slow stroke with forearm, knuckles or thumb that travels the length of a muscle along its fibres at "
    "deep pressure, sinking one layer further on each pass once the surface layers have let go.",
    PressureRange.of(4, 5), DurationRange.of("30s", "10m"), "yes",
    "Domain notes, techniques table (deep stroking / stripping 4-5, with lubricant); " + SEED)

MODALITY = Modality(
    id="deep-tissue",
    name="Deep tissue massage",
    summary="Slow strokes and sustained pressure that reach the deeper layers of muscle and connective "
            "tissue, after a Swedish-style warm-up, for strains, old injuries, scar tissue, pain and stiffness.",
    techniques=[
        # Effleurage and kneading only warm up and flush here, so they get less than in Swedish work.
        TechniqueUse("effleurage", most_per_region="5m", most_source=_DEFAULT),
        TechniqueUse("petrissage", most_per_region="8m", most_source=_DEFAULT),
        TechniqueUse("deep-stroking", most_per_region="10m", most_source=_DEFAULT),
        TechniqueUse("friction", most_per_region="10m", most_source=CYRIAX),
        # Sustained compression here is a held, sinking pressure, not a light rhythmic pump.
        TechniqueUse("compression", pressure=PressureRange.of(3, 4), most_per_region="5m", most_source=_DEFAULT),
    ],
    indications=["strain", "sports-injury", "scar-tissue", "muscle-pain", "stiffness", "muscle-tension"],
    contraindications=[
        Contraindication("dvt", "systemic", "Deep strokes over a clotted vein may free the clot into the "
                         "circulation.", WERNER),
        Contraindication("fever", "systemic", "The body is already fighting an infection; hold any "
                         "circulatory work until it has passed.", WERNER),
        Contraindication("acute-inflammation", "local", "Deep work and friction inflame the area further; "
                         "leave it alone and work elsewhere until it settles.",
                         WERNER + "; Cyriax: no deep friction on acute inflammation"),
        Contraindication("acute-strain", "local", "A fresh tear is still bleeding and repairing; deep "
                         "pressure only tears it again. Wait until it is no longer acute.", WERNER),
        Contraindication("recent-surgery", "local", "Deep work near a healing incision can reopen it or "
                         "disturb the repair.", WERNER),
        Contraindication("varicose-veins", "local", "Deep pressure damages the weakened vein and can free a "
                         "clot hiding in it.", WERNER),
        Contraindication("skin-infection", "local", "Lubricated strokes carry the infection across the "
                         "skin; avoid the area.", WERNER),
        Contraindication("open-wound", "local", "Work around broken skin, never over it.", WERNER),
        Contraindication("anticoagulants", "caution", "On blood thinners deep pressure raises bruises under "
                         "the skin, and stretching strains tissue that bleeds easily.", WERNER),
        Contraindication("bleeding-disorder", "caution", "The tissue bleeds and bruises easily under deep pressure.",
                         WERNER),
        Contraindication("osteoporosis", "caution", "Fragile bone can crack under deep or forceful pressure, "
                         "above all over bony areas.", WERNER),
        Contraindication("diabetic-neuropathy", "caution", "Numb tissue cannot report when deep pressure is too "
                         "much, and damage to the skin goes unnoticed.", WERNER),
        Contraindication("pain-medication", "caution", "Painkillers dull the client's feedback, so deep "
                         "pressure can go too far without either of you noticing.", WERNER),
    ],
    intents=["maintenance", "recovery"],
    pairings=["Follows a Swedish warm-up on the same region; compose it with swedish to let Swedish "
              "effleurage and kneading open the tissue first.",
              "Comes after myofascial release or active release work on the same region, since its "
              "strokes use lubricant."],
    compose_rank=60,
    source=SEED + "; Swedish warm-up before going deeper layer by layer (domain notes, session structure)",
)

# (technique, share of the slot, pressure) for each phase of a composed region.
# The warm-up stays at 3 or below: it is what makes the deep work acceptable (PK301).
PLANS = {
    "warm-up": [PlanItem("effleurage", 1, "light", "broad strokes to spread the oil and read the tissue"),
                PlanItem("petrissage", 2, "moderate", "knead to warm the muscle before going deeper")],
    "work": [PlanItem("deep-stroking", 3, "deep", "slow strokes along the fibres, one layer deeper each pass"),
             PlanItem("friction", 2, "deep", "across the fibres over adhesions and scar tissue"),
             PlanItem("compression", 2, "deep", "sustained pressure on tight spots until they soften")],
    "flush": [PlanItem("effleurage", 1, "light", "light strokes toward the heart to flush the area")],
}
# Chair work: kneading through clothing and broad compression to warm, then held compression and
# friction on dry skin; the warm-up stays at 3 or below, one level under the deep work.
SEATED_PLANS = {
    "warm-up": [PlanItem("petrissage", 2, "light", "knead through clothing to warm the muscle", lubricant=False),
                PlanItem("compression", 1, "moderate", "broad palm compressions through clothing")],
    "work": [PlanItem("compression", 3, "deep", "sustained pressure on tight spots until they soften"),
             PlanItem("friction", 2, "deep", "across the fibres over adhesions, on dry skin")],
    "flush": [PlanItem("petrissage", 1, "light", "light kneading through clothing to settle the area",
                       lubricant=False)],
}


def plan_for(slot: Slot) -> list[PlanItem]:
    """A seated client, or a slot where no oil may go on, gets the chair plan."""
    chair = slot.position == "seated" or not slot.lubricant_allowed
    return (SEATED_PLANS if chair else PLANS)[slot.phase]


@hookimpl
def protocolkit_register_techniques(register: Callable[[Technique], None]) -> None:
    register(DEEP_STROKING)


@hookimpl
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    register(MODALITY)


@hookimpl
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    if modality.id != MODALITY.id:
        return None
    return plan_steps(modality, slot, plan_for(slot))
