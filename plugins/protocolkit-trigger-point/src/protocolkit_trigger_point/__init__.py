"""Trigger point therapy: held pressure on trigger points, then a stretch.

Active trigger points refer pain elsewhere; latent ones hurt only when pressed
and are linked to stiffness and lost range.  Both are treated with the shared
``ischemic-compression`` technique held to a tolerable discomfort, and the
muscle is lengthened afterwards, which is why every composed work slot pairs
the holds with ``stretching`` and why rule TRP001 looks for that stretch.  The
modality registers no technique of its own: everything it offers is shared.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit import Contraindication, Duration, Modality, PressureRange, Step, TechniqueUse, hookimpl
from protocolkit import PlanItem, Slot, plan_steps
from protocolkit import Rule

from .rules import RULES

_SEED = "Seed clinic page (trigger point therapy: active and latent points; hand in hand with myofascial release)"
_HOLDS = ("Travell & Simons: hold up to about a minute, then stretch; trials on upper trapezius and levator "
          "scapulae: 60-90 s holds beat 30 s. The often-quoted 8-12 s is unverified")
_WB = "Werner & Benjamin categories"
# The most a composed session gives each technique on one region and side (TechniqueUse.most_per_region).
_POINTS = ("project default: a handful of points on one region, each held 60-90 s (domain notes: Travell & "
           "Simons up to about a minute; trials 60-90 s)")
_DEFAULT = "project default"

MODALITY = Modality(
    id="trigger-point",
    name="Trigger point therapy",
    summary="Firm thumb or finger pressure held on tender knots in a muscle, active ones that send pain "
            "elsewhere and latent ones that only hurt when pressed, until they soften; then the muscle is "
            "stretched.",
    techniques=[
        TechniqueUse("ischemic-compression", most_per_region="8m", most_source=_POINTS),
        TechniqueUse("stretching", most_per_region="5m", most_source=_DEFAULT),
        # Broad compression only warms the muscle and finds the taut bands; the deep work is the point holds.
        TechniqueUse("compression", pressure=PressureRange.of(2, 3), most_per_region="5m", most_source=_DEFAULT),
        TechniqueUse("effleurage", most_per_region="5m", most_source=_DEFAULT),
    ],
    indications=["referred-pain", "stiffness", "range-of-motion", "muscle-pain", "headache"],
    contraindications=[
        Contraindication("dvt", "systemic", "Deep held pressure could dislodge a clot (embolism).", _WB),
        Contraindication("fever", "systemic", "Infection load and contagion; reschedule.", _WB),
        Contraindication("acute-inflammation", "local", "Pressing into hot, swollen tissue aggravates it.", _WB),
        Contraindication("acute-strain", "local", "A freshly torn muscle must not be compressed or stretched.",
                         _WB),
        Contraindication("bruise", "local", "Held pressure on a bruise deepens the damage.", _WB),
        Contraindication("varicose-veins", "local", "Held pressure on a varicose vein, or below it on the "
                         "limb, can damage it or free a clot.", _WB),
        Contraindication("anticoagulants", "caution", "On blood thinners held pressure raises bruises, and "
                         "stretches pull on tissue that bleeds easily.", _WB),
        Contraindication("osteoporosis", "caution", "Thinned bone can crack under hard pressure or a forced "
                         "stretch.", _WB),
        Contraindication("diabetic-neuropathy", "caution", "Numb tissue cannot rate the discomfort that guides a "
                         "hold, so the pressure can go too far unnoticed.", _WB),
        Contraindication("pain-medication", "caution", "Dulled feedback makes the 7-out-of-10 discomfort guide "
                         "unreliable.", _WB),
    ],
    intents=["maintenance", "rehabilitation", "recovery"],
    pairings=["Goes hand in hand with myofascial release: release the fascia first, then treat the points.",
              "Comes after a Swedish warm-up on the same region (compose rank 70), so the holds and stretches "
              "meet warmed tissue."],
    compose_rank=70,
    source=f"{_SEED}; {_HOLDS}",
)

_HOLD_NOTES = "hold each point 60-90 s at a bearable discomfort (about 7/10) until it eases"
_PLANS = {
    "warm-up": [PlanItem("compression", 2, "light", "broad rhythmic compression to warm the muscle"),
                PlanItem("ischemic-compression", 1, 3, "find the taut bands with moderate pressure")],
    "work": [PlanItem("ischemic-compression", 3, "deep", _HOLD_NOTES),
             PlanItem("stretching", 1, "light", "lengthen the treated muscle")],
    # The stretch weighs more: a flush with room for one step stretches.
    "flush": [PlanItem("compression", 1, "light", "light, broad compression over the treated muscle"),
              PlanItem("stretching", 2, "light", "a last gentle stretch of the region")],
}
# Tissue still recovering from load gets moderate holds: deep work waits 24-72 h after hard training.
_RECOVERY_WORK = [PlanItem("ischemic-compression", 3, "moderate", _HOLD_NOTES.replace("about 7/10", "below 7/10")),
                  PlanItem("stretching", 1, "light", "lengthen the treated muscle")]


# A work slot too short for a hold and its stretch (a minute each at least) stretches only:
# a hold with no stretch after it is what rule TRP001 flags.
_SHORT_WORK = [PlanItem("stretching", 1, "light", "too short for a hold and its stretch: a gentle stretch")]
_MINUTE = Duration(60)


def _too_short_for_a_hold(slot: Slot) -> bool:
    shortest = [max(slot.techniques[technique].duration.shortest, _MINUTE)
                for technique in ("ischemic-compression", "stretching")]
    return slot.duration < Duration(sum(duration.seconds for duration in shortest))


def _plan(slot: Slot) -> list[PlanItem]:
    if slot.phase == "work" and _too_short_for_a_hold(slot):
        return _SHORT_WORK
    if slot.phase == "work" and slot.intent == "recovery":
        return _RECOVERY_WORK
    return _PLANS[slot.phase]


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
