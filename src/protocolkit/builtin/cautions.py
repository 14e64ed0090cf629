"""The core's caution conditions: the work goes ahead, adapted.

Each one sets a default pressure ceiling (which a physician's clearance level
replaces), techniques to leave out, limits at the region the intake names, or
limits on named regions that hold whatever a clearance says (pregnancy keeps
deep work off the legs and abdomen).  Registered with the rest of the core
catalog by ``conditions.py``.
"""

from __future__ import annotations

from protocolkit.model.conditions import Condition, RegionLimit
from protocolkit.model.protocol import Pressure

CATEGORIES = "Werner & Benjamin categories"
SECOND_PASS = "Domain notes, screening second pass"
_TECHNIQUE_NOTES = "Domain notes: technique-specific contraindications"
_DEFAULT = "default ceiling, no published figure; a clearance level or your own policy may change it"
_NOT_DEEP = "no deep work = Walton 3 or less (deep is 4 in the project's words)"

LIGHT = Pressure(2)
MODERATE = Pressure(3)

# Deep or forceful work that risks bruising tissue that bleeds easily.
_BRUISING_RISK = ("friction", "deep-stroking", "pin-and-stretch", "ischemic-compression", "tapotement", "percussion")
# Deep work that pushes hard into tissue: what swollen or fragile tissue cannot take.
_DEEP_WORK = ("friction", "deep-stroking", "pin-and-stretch", "ischemic-compression")
_STRIKING = ("tapotement", "percussion")


def _bleeding_risk(condition_id: str, name: str, why: str, source: str) -> Condition:
    """A condition that makes the client bruise or bleed easily: light work only."""
    return Condition(
        condition_id, name, "caution",
        f"{why} Deep or percussive work can raise bruises under the skin, so keep the pressure light, "
        "leave out deep and striking techniques and take care with stretching.",
        source=f"{source}; light pressure = Walton 2",
        max_pressure=LIGHT, avoid=_BRUISING_RISK, family="bleeding",
        advice="Keep the work light and broad, and stretch gently if at all.",
    )


def _dulled_feedback(condition_id: str, name: str, what: str, source: str) -> Condition:
    """Medication that dulls the client's feedback: no deep work they cannot report on."""
    return Condition(
        condition_id, name, "caution",
        f"{what} dull the client's feedback, so they cannot warn the therapist when deep work goes too far; "
        "moderate pressure is a default ceiling.",
        source=f"{source}; Walton 3 is a {_DEFAULT}",
        max_pressure=MODERATE, avoid=("deep-stroking", "pin-and-stretch"), family="dulled-feedback",
        advice="Stay at moderate pressure and leave out deep work.",
    )


def _lymph_risk(condition_id: str, name: str, what: str) -> Condition:
    """Lymphedema and its risk after node removal: light work only on that side's whole quadrant."""
    return Condition(
        condition_id, name, "caution",
        f"{what} A lifelong precaution for the whole limb and body quadrant on that side: deep or vigorous "
        "work can bring on or worsen swelling, so only light pressure belongs there, with no heat.",
        source="Lymphedema-risk guidance (Metta Massage reprints; Walton), domain notes screening second pass; "
               "light pressure only = Walton 2",
        reach="quadrant", site_max_pressure=LIGHT, site_avoid=(*_DEEP_WORK, *_STRIKING),
        family="swelling-and-lymph",
        advice="Give the region and side on the intake; work that quadrant lightly, stroking toward the trunk, "
               "and use no heat there.",
    )


# Pregnancy keeps deep work off the legs (clot risk rises in pregnancy), the inner
# thigh and the abdomen, and striking off the sacrum, abdomen and lower back,
# whether or not an obstetrician cleared massage.
_PREGNANCY_LIMITS = (
    RegionLimit(regions=("abdomen",), limbs=("leg",), max_pressure=MODERATE, avoid=_DEEP_WORK),
    RegionLimit(regions=("sacrum", "abdomen", "lower-back"), avoid=_STRIKING),
)
_PREGNANCY_SOURCE = (f"{SECOND_PASS}: pregnancy (deep work on the legs, inner thigh and abdomen stays out whether "
                     f"or not cleared; no tapotement over sacrum, abdomen, lower back); {_NOT_DEEP}")

CAUTION_CONDITIONS: tuple[Condition, ...] = (
    _bleeding_risk("anticoagulants", "Anticoagulant medication",
                   "Blood thinners stop the blood from clotting as it normally would.",
                   f"{CATEGORIES}; {_TECHNIQUE_NOTES}"),
    _bleeding_risk("antiplatelets", "Antiplatelet medication",
                   "Antiplatelet drugs such as aspirin or clopidogrel stop platelets from sealing small bleeds, "
                   "much as blood thinners do.",
                   f"{SECOND_PASS}: antiplatelets (bruising, like anticoagulants)"),
    _bleeding_risk("bleeding-disorder", "Bleeding disorder",
                   "A clotting disorder such as haemophilia makes the client bleed and bruise easily.",
                   f"{CATEGORIES}; {_TECHNIQUE_NOTES}"),
    _bleeding_risk("thrombocytopenia", "Thrombocytopenia (low platelets)",
                   "With too few platelets the blood clots poorly and bruises form easily.",
                   f"{CATEGORIES}; {_TECHNIQUE_NOTES}"),
    Condition("osteoporosis", "Osteoporosis", "caution",
              "Thinned bones can crack under heavy pressure, striking or forceful stretching.",
              source=f"{CATEGORIES}; {_TECHNIQUE_NOTES}; very gentle = Walton 2",
              max_pressure=LIGHT, avoid=(*_STRIKING, "stretching", "pin-and-stretch"),
              advice="Work very gently and never push a joint past its easy range."),
    Condition("corticosteroids", "Corticosteroid medication (long-term)", "caution",
              "Long-term corticosteroids thin the skin and the bones, so both take less pressure than usual; "
              "light pressure is a default ceiling.",
              source=f"{SECOND_PASS}: corticosteroid use (thin skin and bone: lighter pressure); "
                     f"Walton 2 is a {_DEFAULT}",
              max_pressure=LIGHT, advice="Keep the pressure light and watch the skin for tearing or bruising."),
    Condition("pregnancy", "Pregnancy", "caution",
              "Clot risk rises in pregnancy, so deep work stays off the legs, inner thigh and abdomen, and "
              "striking stays off the sacrum, abdomen and lower back, whatever a clearance says; moderate "
              "pressure elsewhere is a default ceiling.",
              source=f"{_PREGNANCY_SOURCE}; Walton 3 elsewhere is a {_DEFAULT}",
              max_pressure=MODERATE, region_limits=_PREGNANCY_LIMITS, family="pregnancy",
              advice="From about the second trimester position the client side-lying or semi-reclined rather "
                     "than prone or flat on the back."),
    Condition("first-trimester", "Pregnancy, first trimester", "caution",
              "Many therapists defer massage in the first three months; at the least, no deep pressure and no "
              "striking on the abdomen and lower back, on top of everything pregnancy restricts.",
              source=f"{SECOND_PASS}: first trimester; {_NOT_DEEP}",
              region_limits=(RegionLimit(regions=("abdomen", "lower-back"), max_pressure=MODERATE,
                                         avoid=(*_DEEP_WORK, *_STRIKING)),),
              implies=("pregnancy",), family="pregnancy",
              advice="Keep the abdomen and lower back light, or defer the session until the second trimester."),
    Condition("high-risk-pregnancy", "High-risk pregnancy", "caution",
              "Bleeding, placenta problems, pre-term labour or a history of pre-eclampsia: no massage without "
              "the obstetric team's clearance, and everything pregnancy restricts once cleared.",
              source=f"{SECOND_PASS}: high-risk pregnancy (no massage without obstetric clearance)",
              needs_clearance=True, implies=("pregnancy",), family="pregnancy",
              advice="Get the obstetric team's clearance in writing before any session."),
    Condition("cancer", "Cancer", "caution",
              "Treatment and the disease itself can leave tissue, bones and vessels fragile, so pressure is set "
              "on the Walton scale by the client's medical status; light pressure is the default ceiling until "
              "a clearance gives a level.",
              source=f"Walton pressure scale; MassageMag, 'Gentle pressure in oncology massage'; {CATEGORIES}; "
                     f"Walton 2 is a {_DEFAULT}",
              max_pressure=LIGHT, needs_clearance=True, family="cancer",
              advice="Get the oncology team's clearance, with the pressure level they allow."),
    Condition("neutropenia", "Neutropenia (low white cells)", "caution",
              "With too few white cells the client cannot fight off an infection the therapist may carry; "
              "no session until a physician clears it.",
              source=f"{SECOND_PASS}: neutropenia (infection risk: systemic until cleared)",
              needs_clearance=True, family="cancer",
              advice="Get a physician's clearance; wash up thoroughly and reschedule if you have any infection."),
    Condition("diabetic-neuropathy", "Diabetic neuropathy", "caution",
              "Numbness means the client cannot tell when pressure or heat is too much: keep to light-moderate "
              "pressure, use no heat and check the skin for damage.",
              source=f"{CATEGORIES}; {_TECHNIQUE_NOTES}; light-moderate = Walton 3",
              max_pressure=MODERATE, avoid=("friction", "deep-stroking"), family="diabetes",
              advice="Use no heat, keep the pressure moderate at most and check the skin of numb areas."),
    Condition("diabetes", "Diabetes (insulin injection or pump site)", "caution",
              "Insulin injection and pump sites must not be pressed or rubbed, and massage can lower blood "
              "sugar; give the site as the region on the intake.",
              source=f"{SECOND_PASS}: diabetes (avoid insulin injection and pump sites; risk of low blood sugar)",
              site_off_limits=True, family="diabetes",
              advice="Keep off the injection or pump site, and have something sugary at hand."),
    Condition("kidney-disease", "Kidney disease", "caution",
              "Diseased kidneys take no pressure or striking over the kidney area, and swelling may mean fluid "
              "the kidneys cannot clear; light pressure there is a default ceiling.",
              source=f"{SECOND_PASS}: kidney disease (caution over the kidney area); Walton 2 is a {_DEFAULT}",
              region_limits=(RegionLimit(regions=("kidney-area",), max_pressure=LIGHT,
                                         avoid=(*_DEEP_WORK, *_STRIKING)),),
              family="kidney", advice="Keep the kidney area light and ask about any swelling."),
    _lymph_risk("lymphedema", "Lymphedema", "Lymph fluid that no longer drains swells the limb."),
    _lymph_risk("lymph-node-removal", "Lymph nodes removed",
                "With lymph nodes removed (axillary nodes after breast surgery, say), the limb on that side may "
                "swell for life."),
    Condition("oedema", "Oedema (painful, hot)", "caution",
              "Painful, hot swelling may come from the heart, kidneys, a clot or an infection, so its cause needs "
              "a physician's word first; light pressure is a default ceiling.",
              source=f"{CATEGORIES}; Walton 2 is a {_DEFAULT}",
              max_pressure=LIGHT, avoid=_DEEP_WORK, needs_clearance=True, family="swelling-and-lymph",
              advice="Get a physician's clearance and keep the work light over the swelling."),
    Condition("epilepsy", "Epilepsy", "caution",
              "Seizures can be set off in some clients; a physician can say whether massage is safe and what to "
              "avoid.", source=CATEGORIES, needs_clearance=True,
              advice="Get a physician's clearance and know the client's seizure plan."),
    Condition("psychosis", "Psychosis", "caution",
              "A client in or near a psychotic episode may find touch confusing or distressing; a physician can "
              "say whether massage is appropriate.", source=CATEGORIES, needs_clearance=True,
              advice="Get a physician's clearance and check in with the client often."),
    _dulled_feedback("pain-medication", "Pain medication", "Painkillers", CATEGORIES),
    _dulled_feedback("muscle-relaxants", "Muscle relaxants", "Muscle relaxants",
                     f"{SECOND_PASS}: muscle relaxants or sedatives (dulled feedback, like pain medication)"),
    _dulled_feedback("sedatives", "Sedatives", "Sedatives and sleeping pills",
                     f"{SECOND_PASS}: muscle relaxants or sedatives (dulled feedback, like pain medication)"),
)
