"""Sports massage: targeted work whose shape depends on when it happens.

Before an event the tissue must be woken up, not changed: a short, brisk,
lubricant-free sequence at pressure 3 or less, with nothing that alters muscle
length.  Straight after an event the tissue is tired and may be micro-injured:
light stroking and kneading only, deeper work waiting 24-72 hours.  In training
(maintenance, recovery) the full repertoire is used.  The compose hook
therefore chooses its plan by ``slot.intent`` as well as ``slot.phase``, and by
seating: chair work (a seated, clothed client, or any slot where no oil may go
on) compresses and kneads through clothing instead of gliding.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import Contraindication, Modality, Step, TechniqueUse, hookimpl
from protocolkit import PlanItem, Slot, plan_steps

from .rules import PRE_EVENT, protocolkit_register_rules

__all__ = ["MODALITY", "PLANS", "SEATED_PLANS", "plan_for", "protocolkit_register_rules"]

SEED = "Seed clinic page (sports massage: techniques and benefits)"
TIMING = "Domain notes, session structure (pre-event and post-event sports massage)"
WERNER = "Werner & Benjamin categories"
POST_EVENT = "post-event"
# The most a composed session gives each technique on one region and side (TechniqueUse.most_per_region).
_DEFAULT = "project default"
_PRE = "project default, within a pre-event session of a few minutes up to 15 (domain notes, session structure)"
_POST = "project default, within 10-20 min of post-event effleurage and kneading (domain notes, session structure)"
_BRISK = "project default (domain notes: tapotement and percussion in brisk short bouts)"
_HOLDS = "project default: a few trigger points held 60-90 s each (domain notes, techniques table)"
# The code names the strokes whatever the modality, so sports massage's effleurage, petrissage and tapotement
# bill under it as Swedish massage's do; the source names none of its other techniques, which carry no code.
_MASSAGE_CODE = "97124"
_CODE_SOURCE = ("97124 covers effleurage, petrissage and tapotement: chirocode.com article 07062; "
                "dynamicchiropractic.com article 52445 (domain notes, Billing units)")

MODALITY = Modality(
    id="sports",
    name="Sports massage",
    summary="Targeted work on the areas an athlete loads: brisk and short before an event, light after it, "
            "and a full sequence in training to keep range of motion and shorten recovery.",
    techniques=[TechniqueUse("effleurage", most_per_region="10m", most_source=_POST,
                             billing_code=_MASSAGE_CODE, billing_source=_CODE_SOURCE),
                TechniqueUse("petrissage", most_per_region="10m", most_source=_POST,
                             billing_code=_MASSAGE_CODE, billing_source=_CODE_SOURCE),
                TechniqueUse("compression", most_per_region="5m", most_source=_PRE),
                TechniqueUse("friction", most_per_region="5m", most_source=_DEFAULT),
                TechniqueUse("tapotement", most_per_region="2m", most_source=_BRISK,
                             billing_code=_MASSAGE_CODE, billing_source=_CODE_SOURCE),
                TechniqueUse("vibration", most_per_region="2m", most_source=_DEFAULT),
                TechniqueUse("gliding", most_per_region="5m", most_source=_DEFAULT),
                TechniqueUse("stretching", most_per_region="5m", most_source=_DEFAULT),
                TechniqueUse("percussion", most_per_region="2m", most_source=_BRISK),
                TechniqueUse("ischemic-compression", most_per_region="5m", most_source=_HOLDS)],
    indications=["recovery", "range-of-motion", "flexibility", "muscle-tension", "muscle-spasm",
                 "injury-prevention", "warm-up", "cool-down"],
    contraindications=[
        Contraindication("dvt", "systemic", "Circulatory strokes over a clotted vein may send the clot on.",
                         WERNER),
        Contraindication("fever", "systemic", "An athlete with a fever should rest, not be worked on.", WERNER),
        Contraindication("acute-inflammation", "local", "A hot, swollen injury straight after an event is "
                         "left alone; work around it, never on it.", WERNER + "; " + TIMING),
        Contraindication("acute-sprain", "local", "A fresh sprain needs rest and ice; massage there "
                         "aggravates it.", WERNER),
        Contraindication("acute-strain", "local", "A fresh muscle tear still bleeds; kneading or friction "
                         "there makes it worse.", WERNER),
        Contraindication("fracture", "local", "Suspected or recent fracture: keep off the area and refer.",
                         WERNER),
        Contraindication("open-wound", "local", "Grazes and blisters from the event are avoided.", WERNER),
        Contraindication("bruise", "local", "Kneading a fresh knock reopens the bleed; avoid it.", WERNER),
        Contraindication("skin-infection", "local", "Strokes spread the infection across the skin.", WERNER),
        Contraindication("varicose-veins", "local", "Pressure damages the weakened vein and can free a clot.",
                         WERNER),
        Contraindication("anticoagulants", "caution", "On blood thinners deep friction and trigger-point "
                         "pressure raise bruises, and stretching strains tissue that bleeds easily.", WERNER),
        Contraindication("osteoporosis", "caution", "Fragile bone can crack under percussion, tapotement "
                         "or overpressure at the end of a stretch.", WERNER),
    ],
    intents=[PRE_EVENT, POST_EVENT, "maintenance", "recovery"],
    pairings=["Post-event and recovery work combine well with Swedish strokes on the same region.",
              "Trigger-point pressure is followed by a stretch of the same muscle."],
    compose_rank=45,
    source=SEED + "; " + TIMING,
)

# Plans by intent, then phase.  Pre-event: lubricant-free, pressure 3 or less, no
# stretching.  Post-event: light effleurage and kneading only.  Every warm-up stays
# at 3 or below so that deep work later in the region is acceptable (PK301).
_PRE_EVENT = {
    "warm-up": [PlanItem("compression", 1, "light", "brisk rhythmic pumping through clothing")],
    "work": [PlanItem("compression", 3, "moderate", "rhythmic pumping of the muscle bellies, through clothing"),
             PlanItem("percussion", 1, "light", "short brisk bout to wake the muscle up"),
             PlanItem("tapotement", 1, "light", "quick hacking or cupping"),
             PlanItem("vibration", 1, "light", "shake the limb loose")],
    "flush": [PlanItem("compression", 1, "light", "quick, light compressions along the muscle"),
              PlanItem("vibration", 1, "light", "brisk shaking to finish")],
}
_POST_EVENT = {
    "warm-up": [PlanItem("effleurage", 1, "light", "slow strokes toward the heart")],
    "work": [PlanItem("effleurage", 1, "light", "long light strokes toward the heart"),
             PlanItem("petrissage", 2, "light", "gentle kneading; skip anything hot or swollen")],
    "flush": [PlanItem("effleurage", 1, "light", "light flush toward the heart")],
}
_TRAINING = {
    "warm-up": [PlanItem("effleurage", 1, "light", "spread the oil and warm the area"),
                PlanItem("gliding", 1, "moderate", "long strokes along the muscles")],
    "work": [PlanItem("petrissage", 3, "moderate", "knead the working muscles"),
             PlanItem("friction", 2, "deep", "across the fibres over tight bands"),
             PlanItem("ischemic-compression", 2, "deep", "hold each trigger point until it eases"),
             PlanItem("stretching", 1, "moderate", "stretch the muscles just treated"),
             PlanItem("tapotement", 1, "light", "brief brisk bout")],
    "flush": [PlanItem("effleurage", 1, "light", "flush toward the heart")],
}
PLANS = {PRE_EVENT: _PRE_EVENT, POST_EVENT: _POST_EVENT, None: _TRAINING}

# Chair work (seated, clothed, no oil): compression and kneading through clothing instead of
# gliding.  Pre-event work is dry already and keeps its own plan.
_POST_EVENT_SEATED = {
    "warm-up": [PlanItem("compression", 1, "light", "slow, broad compressions through clothing")],
    "work": [PlanItem("compression", 1, "light", "slow, broad compressions along the muscle"),
             PlanItem("petrissage", 2, "light", "gentle kneading through clothing; skip anything hot or swollen",
                      lubricant=False)],
    "flush": [PlanItem("compression", 1, "light", "light compressions toward the trunk to finish")],
}
_TRAINING_SEATED = {
    "warm-up": [PlanItem("compression", 1, "light", "rhythmic compressions through clothing to warm the area"),
                PlanItem("petrissage", 1, "moderate", "knead through clothing", lubricant=False)],
    "work": [PlanItem("petrissage", 3, "moderate", "knead the working muscles through clothing", lubricant=False),
             PlanItem("friction", 2, "deep", "across the fibres over tight bands"),
             PlanItem("ischemic-compression", 2, "deep", "hold each trigger point until it eases"),
             PlanItem("stretching", 1, "moderate", "stretch the muscles just treated"),
             PlanItem("tapotement", 1, "light", "brief brisk bout")],
    "flush": [PlanItem("compression", 1, "light", "light compressions toward the trunk"),
              PlanItem("vibration", 1, "light", "shake the area loose to finish")],
}
SEATED_PLANS = {PRE_EVENT: _PRE_EVENT, POST_EVENT: _POST_EVENT_SEATED, None: _TRAINING_SEATED}


def plan_for(slot: Slot) -> list[PlanItem]:
    """The plan for one slot: by seating, then by intent and phase."""
    chair = slot.position == "seated" or not slot.lubricant_allowed
    plans = (SEATED_PLANS if chair else PLANS)
    return plans.get(slot.intent, plans[None])[slot.phase]


@hookimpl
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    register(MODALITY)


@hookimpl
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    if modality.id != MODALITY.id:
        return None
    return plan_steps(modality, slot, plan_for(slot))
