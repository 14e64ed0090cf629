"""Swedish massage: the classic sequence that most other modalities build on.

It offers only shared techniques from the core catalog, and composes each
region in the customary order: effleurage to open, petrissage as the body of
the work, friction where the tissue needs it, a brisk bout of tapotement, and
effleurage again to flush.

Some slots get plans of their own.  A relaxation session leaves out friction
and tapotement: both are there to work or wake the tissue, not to settle it.
Post-event work is light effleurage and kneading only.  Chair work (a seated client, clothed, no oil) cannot glide, so it
kneads through clothing (``PlanItem(..., lubricant=False)``) and leaves
effleurage out.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import Contraindication, Modality, Step, TechniqueUse, hookimpl
from protocolkit import PlanItem, Slot, plan_steps

SOURCE = "Seed clinic page (sports massage lists Swedish style); Swedish technique order from massage curricula"
# The most a composed session gives each technique on one region and side.  The domain notes give
# no per-region figure for these strokes, so each is the project's own conservative choice.
_DEFAULT = "project default"
_BRISK = "project default (domain notes: tapotement in brisk short bouts)"
# The timed billing code of the strokes the source names; friction and vibration it does not name, so they
# carry no code and a clinic that bills them maps them in [billing] codes.
_MASSAGE_CODE = "97124"
_CODE_SOURCE = ("97124 covers effleurage, petrissage and tapotement: chirocode.com article 07062; "
                "dynamicchiropractic.com article 52445 (domain notes, Billing units)")

MODALITY = Modality(
    id="swedish",
    name="Swedish massage",
    summary="Gliding, kneading and rhythmic strokes at light to moderate pressure, toward the heart, "
            "to relax the client, ease general muscle tension and help circulation.",
    techniques=[TechniqueUse("effleurage", most_per_region="10m", most_source=_DEFAULT,
                             billing_code=_MASSAGE_CODE, billing_source=_CODE_SOURCE),
                TechniqueUse("petrissage", most_per_region="10m", most_source=_DEFAULT,
                             billing_code=_MASSAGE_CODE, billing_source=_CODE_SOURCE),
                TechniqueUse("friction", most_per_region="5m", most_source=_DEFAULT),
                TechniqueUse("tapotement", most_per_region="2m", most_source=_BRISK,
                             billing_code=_MASSAGE_CODE, billing_source=_CODE_SOURCE),
                TechniqueUse("vibration", most_per_region="2m", most_source=_DEFAULT)],
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
    "work": [PlanItem("effleurage", 1, "light", "long strokes to link the work"),
             PlanItem("petrissage", 4, "moderate", "knead the muscle bellies"),
             PlanItem("friction", 2, "moderate", "around tight spots"),
             PlanItem("tapotement", 1, "light", "brief brisk bout"),
             PlanItem("vibration", 1, "light", "shake the area loose")],
    "flush": [PlanItem("effleurage", 1, "light", "flush toward the heart")],
}
# Relaxation: gliding, kneading and gentle rocking only; no friction, no tapotement.
RELAXATION_WORK = [PlanItem("effleurage", 1, "light", "slow, long strokes toward the heart"),
                   PlanItem("petrissage", 4, "moderate", "slow, rhythmic kneading of the muscle bellies"),
                   PlanItem("vibration", 1, "light", "gentle rocking to settle the area")]
# Post-event: light effleurage and kneading only (domain notes, session structure).
POST_EVENT_WORK = [PlanItem("effleurage", 1, "light", "long, light strokes toward the heart"),
                   PlanItem("petrissage", 2, "light", "gentle kneading; skip anything hot or swollen")]

# Chair work: seated and clothed, so no gliding; kneading goes through the clothing (lubricant=False).
SEATED_PLANS = {
    "warm-up": [PlanItem("petrissage", 1, "light", "slow, light kneading through clothing to warm the area",
                         lubricant=False)],
    "work": [PlanItem("petrissage", 4, "moderate", "knead the muscle bellies through clothing",
                      lubricant=False),
             PlanItem("friction", 2, "moderate", "small circles around tight spots, through clothing"),
             PlanItem("tapotement", 1, "light", "brief brisk bout"),
             PlanItem("vibration", 1, "light", "shake the area loose")],
    "flush": [PlanItem("petrissage", 1, "light", "light kneading through clothing to settle the area",
                       lubricant=False)],
}
SEATED_RELAXATION_WORK = [PlanItem("petrissage", 4, "moderate", "slow, rhythmic kneading through clothing",
                                   lubricant=False),
                          PlanItem("vibration", 1, "light", "gentle rocking to settle the area")]
SEATED_POST_EVENT_WORK = [PlanItem("petrissage", 1, "light", "gentle kneading through clothing; skip anything hot "
                                   "or swollen", lubricant=False)]
# The work by intent: (on the table, in the chair).
_WORK_BY_INTENT = {"relaxation": (RELAXATION_WORK, SEATED_RELAXATION_WORK),
                   "post-event": (POST_EVENT_WORK, SEATED_POST_EVENT_WORK)}


def is_chair_work(slot: Slot) -> bool:
    """A seated client, or a slot where no oil may go on: nothing that glides on oil."""
    return slot.position == "seated" or not slot.lubricant_allowed


def plan_for(slot: Slot) -> list[PlanItem]:
    """The plan for one slot: by intent for the work (relaxation, post-event), and by seating."""
    chair = is_chair_work(slot)
    if slot.phase == "work" and slot.intent in _WORK_BY_INTENT:
        table, seated = _WORK_BY_INTENT[slot.intent]
        return seated if chair else table
    return (SEATED_PLANS if chair else PLANS)[slot.phase]


@hookimpl
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    register(MODALITY)


@hookimpl
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    if modality.id != MODALITY.id:
        return None
    return plan_steps(modality, slot, plan_for(slot))
