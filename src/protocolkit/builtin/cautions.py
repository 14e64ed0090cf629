"""The core's caution conditions: the work goes ahead, adapted.

Each one sets a default pressure ceiling (which a physician's clearance level
replaces), techniques to leave out, limits at the region the intake names, or
limits on named regions that hold whatever a clearance says (pregnancy keeps
the abdomen to light effleurage and the legs light, without deep work or
sustained holds).  Registered with the rest of the core catalog by
``conditions.py``.
"""

from __future__ import annotations

import attrs

from protocolkit.model.conditions import Condition, RegionLimit
from protocolkit.model.protocol import Pressure

CATEGORIES = "Werner & Benjamin categories"
SECOND_PASS = "Domain notes, screening second pass"
THIRD_PASS = "Domain notes, screening third pass"
W98 = "Werner & Benjamin, A Massage Therapist's Guide to Pathology, 1st ed. (1998), quick reference chart"
PROJECT_DEFAULT = "a project DEFAULT, no published figure"
_TECHNIQUE_NOTES = "Domain notes: technique-specific contraindications"
_DEFAULT = "default ceiling, no published figure; a clearance level or your own policy may change it"
_NOT_DEEP = "no deep work = Walton 3 or less (deep is 4 in the project's words)"

LIGHT = Pressure(2)
MODERATE = Pressure(3)
# Below this platelet count (per microlitre) massage waits for the oncology team's clearance (Ng et al. 2018).
PLATELETS_FOR_MASSAGE = 50_000

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


# Techniques that hold pressure in one place rather than glide: on a leg, a sustained hold
# presses on veins whose clot risk rises in pregnancy.  compression presses into the muscle
# belly, ischemic-compression and sustained-pressure are holds of seconds to minutes, and
# pin-and-stretch holds tension on the tissue while the client moves.  Not in the list:
# reflex-point-pressure walks across the sole and only pauses (the light ceiling still holds
# on the foot), and a house modality's stone placement rests a stone, it does not press.
_SUSTAINED_HOLDS = ("compression", "ischemic-compression", "sustained-pressure", "pin-and-stretch")

# Pregnancy keeps the abdomen (the navel with it) to light effleurage, the legs (the inner
# thigh with them) to light pressure without deep work or sustained holds, and striking off
# the sacrum, abdomen and lower back, whether or not an obstetrician cleared massage.
_PREGNANCY_LIMITS = (
    RegionLimit(regions=("abdomen", "umbilicus"), max_pressure=LIGHT, only=("effleurage",)),
    RegionLimit(limbs=("leg",), max_pressure=LIGHT, avoid=tuple(dict.fromkeys((*_DEEP_WORK, *_SUSTAINED_HOLDS)))),
    RegionLimit(regions=("sacrum", "abdomen", "lower-back"), avoid=_STRIKING),
)
_PREGNANCY_SOURCE = (f"{SECOND_PASS}: pregnancy (clot risk rises in pregnancy; deep work on the legs, inner thigh "
                     "and abdomen stays out whether or not cleared; no tapotement over sacrum, abdomen, lower back); "
                     "effleurage alone on the abdomen and navel, light pressure (Walton 2) there and on the legs, and "
                     f"no sustained compression or holds on the legs ({', '.join(_SUSTAINED_HOLDS)}) are "
                     f"{PROJECT_DEFAULT}")


# The head and neck, where a concussion keeps the work light while symptoms last.
_HEAD_AND_NECK = ("head", "scalp", "face", "neck", "anterior-neck", "posterior-triangle")
# Stretches that pull on the nerves of the leg (a straight-leg raise is one).
_NERVE_TENSION = ("stretching", "pin-and-stretch")

THIRD_PASS_CAUTIONS: tuple[Condition, ...] = (
    Condition("other", "A condition protocolkit does not know", "caution",
              "A condition protocolkit does not know: treat after a clinician has reviewed it.",
              source="The project's fail-closed rule: what screening cannot read is never a 'go'",
              needs_clearance=True,
              advice="Say what it is in the entry's notes (they stay private); once a clinician has reviewed it, "
                     "list 'other' under clearance, with the pressure level allowed if they gave one."),
    Condition("chemotherapy", "Chemotherapy (active treatment)", "caution",
              "During active chemotherapy the client is fragile, bruises and tires easily, and may carry a port or "
              "line; light pressure is the default ceiling until the oncology team gives a level.",
              source="Walton, Medical Conditions and Massage Therapy (2011) p. 387 (unknown primary site: pressure "
                     "1-2); massage during infusions without adverse events (Mao et al., J Oncol Pract 2017); "
                     f"Walton 2 during active treatment and gloves within 48 h of an infusion are {PROJECT_DEFAULT}",
              max_pressure=LIGHT, needs_clearance=True, family="cancer",
              advice="Get the oncology team's clearance with the pressure level they allow; never work over a "
                     "port or line; wear gloves for any contact with body fluids within 48 hours of an infusion."),
    Condition("concussion", "Concussion", "caution",
              "A recent head injury needs a clinician's assessment first, and red flags (worsening headache, "
              "vomiting, confusion, a seizure, weakness) mean referral; while symptoms last, deep work on the head "
              "and neck and neck stretches can make them worse.",
              source=f"{THIRD_PASS}: Amsterdam 2022 consensus (Patricios et al., BJSM 2023;57:695): assessment in "
                     "the first 72 h; no massage-specific rule found: deferring under 48 h or with any red flag, "
                     f"and no deep head or neck work or neck stretching while symptomatic, are {PROJECT_DEFAULT}; "
                     f"{_NOT_DEEP}",
              needs_clearance=True, family="head-injury",
              region_limits=(RegionLimit(regions=_HEAD_AND_NECK, max_pressure=MODERATE, avoid=_DEEP_WORK),
                             RegionLimit(regions=("neck", "anterior-neck", "posterior-triangle"),
                                         avoid=_NERVE_TENSION)),
              advice="Defer for at least 48 hours after the injury and refer on any red flag; once a clinician "
                     "has assessed the client, list concussion under clearance, keep the head and neck light and "
                     "leave out neck stretches while any symptom lasts."),
    Condition("disc-herniation", "Lumbar disc herniation", "caution",
              "Past the acute stage massage helps, but passive stretches that pull on the sciatic nerve can send "
              "symptoms down the leg; without a word on leg symptoms, both legs are spared them.",
              source=f"{W98}: indicated subacute; Luchau (2011): gentle active movement rather than passive "
                     "moving, stretching or positioning; BMJ Best Practice: bladder or bowel change, saddle "
                     "numbness, weakness in both legs need immediate referral; no straight-leg raise or other "
                     f"nerve-tension stretch of a leg with symptoms is {PROJECT_DEFAULT}",
              symptom_limit=RegionLimit(limbs=("leg",), avoid=_NERVE_TENSION), family="back",
              advice="Say on the intake whether there are leg symptoms (leg-symptoms: true or false, and the "
                     "side); prefer gentle active movement; stop any position that sends symptoms down the leg; "
                     "refer at once for bladder or bowel changes, saddle numbness or weakness in both legs."),
    Condition("fibromyalgia", "Fibromyalgia", "caution",
              "Massage is indicated, but people with fibromyalgia are very sensitive to pain and easily "
              "overtreated: moderate pressure at most and no deep or trigger-point work.",
              source=f"{W98}: indicated; do not overtreat; very sensitive to pain; Walton 3 at most with no deep "
                     f"or trigger-point work is {PROJECT_DEFAULT}",
              max_pressure=MODERATE, avoid=("deep-stroking", "ischemic-compression", "pin-and-stretch"),
              family="pain-sensitivity",
              advice="Do not overtreat: keep it moderate and ask about soreness the day after."),
    Condition("hypertension", "High blood pressure (controlled)", "caution",
              "Blood pressure that medication keeps in range does not stop a massage, but getting up quickly "
              "afterwards can make the client dizzy.",
              source="ACC/AHA 2017: stage 1 130-139/80-89, stage 2 140/90 or more, crisis over 180 and/or 120; "
                     f"{THIRD_PASS}: no massage deferral threshold found: deferring at 180 systolic or 110 "
                     f"diastolic or more, or with symptoms, is {PROJECT_DEFAULT}",
              family="heart-and-vessels",
              advice="Take transitions slowly and let the client sit a moment before standing. If today's reading "
                     "is 180 systolic or 110 diastolic or more, or with symptoms, do not treat: write "
                     "hypertension-uncontrolled."),
)

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
    attrs.evolve(
        _bleeding_risk("thrombocytopenia", "Thrombocytopenia (low platelets)",
                       "With too few platelets the blood clots poorly and bruises form easily; below 50,000 "
                       "platelets no massage without the oncology team's clearance.",
                       f"{CATEGORIES}; {_TECHNIQUE_NOTES}; Ng et al., J Integr Oncol 2018 (safe with no fever, "
                       "platelets above 50,000 and no clotting disorder); no massage below 50,000 without "
                       "clearance, and Walton 2 from 50,000 to 150,000, are project DEFAULTs, no published "
                       "figure"),
        needs_clearance_below_platelets=PLATELETS_FOR_MASSAGE,
        advice="Give the latest platelet count on the intake (platelets: 60000); below 50,000, or with no count, "
               "get the oncology team's clearance first. Keep the work light and broad."),
    Condition("osteoporosis", "Osteoporosis", "caution",
              "Thinned bones can crack under heavy pressure, striking or forceful stretching.",
              source=f"{CATEGORIES}; {_TECHNIQUE_NOTES}; very gentle = Walton 2",
              max_pressure=LIGHT, avoid=(*_STRIKING, "stretching", "pin-and-stretch"),
              advice="Work very gently and never push a joint past its easy range."),
    Condition("corticosteroids", "Corticosteroid medication (long-term, taken by mouth or inhaled)", "caution",
              "Long-term corticosteroid medicine thins the skin and the bones, so both take less pressure than "
              "usual; light pressure is a default ceiling. A single injection into a joint or tendon is "
              "corticosteroid-injection instead.",
              source=f"{SECOND_PASS}: corticosteroid use (thin skin and bone: lighter pressure); "
                     f"Walton 2 is a {_DEFAULT}",
              max_pressure=LIGHT, family="corticosteroids",
              advice="Keep the pressure light and watch the skin for tearing or bruising."),
    Condition("pregnancy", "Pregnancy", "caution",
              "Clot risk rises in pregnancy, so whatever a clearance says the abdomen takes effleurage alone at "
              "light pressure, the legs and inner thigh take light pressure with no deep work and no sustained "
              "compression or holds, and striking stays off the sacrum, abdomen and lower back; moderate "
              "pressure elsewhere is a default ceiling.",
              source=f"{_PREGNANCY_SOURCE}; Walton 3 elsewhere is a {_DEFAULT}",
              max_pressure=MODERATE, region_limits=_PREGNANCY_LIMITS, family="pregnancy",
              advice="Stroke the abdomen lightly (effleurage only) and the legs lightly toward the heart, with no "
                     "held compression. From 13 weeks no prone, from 20 weeks no flat supine: side-lying, or "
                     "semi-reclined with a wedge under the right hip. Give the weeks on the intake (weeks: 24); "
                     "without them, neither position, and the first trimester's limits too."),
    Condition("first-trimester", "Pregnancy, first trimester", "caution",
              "Many therapists defer massage in the first three months; at the least, no deep pressure and no "
              "striking on the abdomen and lower back, on top of everything pregnancy restricts (which keeps the "
              "abdomen to effleurage alone).",
              source=f"{SECOND_PASS}: first trimester; {_NOT_DEEP}; the abdomen is held by pregnancy's "
                     "stricter limit, which first-trimester implies",
              # The abdomen needs no limit here: the pregnancy this implies allows it effleurage alone.
              region_limits=(RegionLimit(regions=("lower-back",), max_pressure=MODERATE,
                                         avoid=(*_DEEP_WORK, *_STRIKING)),),
              implies=("pregnancy",), family="pregnancy",
              advice="Keep the abdomen to light effleurage and the lower back free of deep or striking work, or "
                     "defer the session until the second trimester."),
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
              "Where sensation is reduced the client cannot tell when pressure or heat is too much, and the skin "
              "may be damaged without their knowing; give the numb region on the intake (without one, the limit "
              "holds everywhere).",
              source=f"{W98}: at least locally contraindicated (may irritate); NYSED: caution with decreased "
                     "sensation; ABMP Pocket Pathology: watch for foot ulcers, inspect the feet; Walton 2 at most "
                     f"where sensation is reduced is {PROJECT_DEFAULT}",
              site_max_pressure=LIGHT, site_avoid=("friction", "deep-stroking"), family="diabetes",
              advice="Use no heat on numb skin, keep the pressure light there and inspect the feet for sores or "
                     "ulcers before you start."),
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
    Condition("epilepsy", "Epilepsy (seizures controlled)", "caution",
              "With seizures under control massage can go ahead, as long as the therapist knows what to do if "
              "one starts; after a new or uncontrolled seizure, write epilepsy-uncontrolled instead.",
              source=f"{THIRD_PASS}: epilepsy (no Werner text found); treat when seizures are controlled and a "
                     f"seizure plan is recorded, defer and refer after a new or uncontrolled seizure: "
                     f"{PROJECT_DEFAULT}",
              family="seizures",
              advice="Record the client's seizure plan before the first session and keep it at hand; after a new "
                     "or uncontrolled seizure, defer and refer."),
    Condition("psychosis", "Psychosis", "caution",
              "A client in or near a psychotic episode may find touch confusing or distressing; a physician can "
              "say whether massage is appropriate.", source=CATEGORIES, needs_clearance=True,
              advice="Get a physician's clearance and check in with the client often."),
    _dulled_feedback("pain-medication", "Pain medication", "Painkillers", CATEGORIES),
    _dulled_feedback("muscle-relaxants", "Muscle relaxants", "Muscle relaxants",
                     f"{SECOND_PASS}: muscle relaxants or sedatives (dulled feedback, like pain medication)"),
    _dulled_feedback("sedatives", "Sedatives", "Sedatives and sleeping pills",
                     f"{SECOND_PASS}: muscle relaxants or sedatives (dulled feedback, like pain medication)"),
    *THIRD_PASS_CAUTIONS,
)
