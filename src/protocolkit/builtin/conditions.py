"""The core condition catalog, registered by the core as a plugin like any other.

Each condition says what it restricts (Werner & Benjamin's three categories:
systemic, local, caution), why, and what the therapist should do about it.
Pressure ceilings are on the Walton scale (project words: light 2, moderate 3).
A ceiling the domain notes give no figure for is marked as a default in its
source: a starting point a clinic may tighten or loosen, never a hard limit.

Conditions that only one modality's own data names (reflexology's active gout,
say) are registered by that modality's plugin, not here.
"""

from __future__ import annotations

from collections.abc import Callable

from ..conditions import Condition
from ..hookspecs import hookimpl
from ..model import Pressure

_CATEGORIES = "Werner & Benjamin categories"
_TECHNIQUE_NOTES = "Domain notes: technique-specific contraindications"
_DEFAULT = "default ceiling, no published figure; adjust to your own policy"

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
        max_pressure=LIGHT, avoid=_BRUISING_RISK,
        advice="Keep the work light and broad, and stretch gently if at all.",
    )


CORE_CONDITIONS: tuple[Condition, ...] = (
    # -- systemic: no session at all ------------------------------------------------------------
    Condition("dvt", "Deep vein thrombosis or thrombophlebitis", "systemic",
              "A clot in a deep vein can be dislodged by circulatory massage and travel to the lungs.",
              source=_CATEGORIES,
              advice="Refer the client to a physician before any massage."),
    Condition("fever", "Fever", "systemic",
              "A fever means the body is fighting an infection; massage adds to the load and the client "
              "may pass the infection on.",
              source=_CATEGORIES,
              advice="Reschedule once the fever has passed."),
    Condition("contagious-illness", "Contagious illness (flu, cold)", "systemic",
              "A client with a catching illness such as flu or a cold can infect the therapist and later "
              "clients.",
              source=_CATEGORIES,
              advice="Reschedule once the client is no longer contagious."),
    Condition("pre-eclampsia", "Pre-eclampsia", "systemic",
              "High blood pressure late in pregnancy with risk to mother and baby; circulatory massage "
              "is not safe.",
              source=_CATEGORIES,
              advice="Refer the client to her obstetric team before any massage."),
    Condition("chemotherapy", "Chemotherapy (within 72 hours)", "systemic",
              "In the days straight after a chemotherapy treatment the client is at their most fragile "
              "and the drugs are still clearing the body.",
              source="One clinic's policy: within 72 hours of treatment",
              advice="Reschedule for at least three days after the last treatment."),
    Condition("hypertension-uncontrolled", "Uncontrolled high blood pressure", "systemic",
              "Blood pressure that medication does not keep in range leaves the heart and vessels under "
              "strain that circulatory massage can add to.",
              source=_CATEGORIES,
              advice="Refer the client to a physician before any massage."),
    Condition("heart-failure", "Heart failure (uncompensated)", "systemic",
              "A failing heart cannot cope with the extra fluid that circulatory massage returns to it.",
              source=_CATEGORIES,
              advice="Refer the client to a physician before any massage."),
    Condition("aneurysm", "Aneurysm", "systemic",
              "A weakened, bulging artery wall may rupture under pressure or raised circulation.",
              source=_CATEGORIES,
              advice="Refer the client to a physician before any massage."),
    Condition("lymphangitis", "Lymphangitis", "systemic",
              "An infection spreading through the lymph vessels; massage would push it further through "
              "the body.",
              source=_CATEGORIES,
              advice="Refer the client to a physician at once and do not massage."),
    Condition("intoxication", "Intoxication", "systemic",
              "A client under the influence of alcohol or drugs cannot give reliable feedback or consent, "
              "and massage may intensify the effects.",
              source=_CATEGORIES,
              advice="Reschedule for when the client is sober."),
    # -- local: keep off the area ---------------------------------------------------------------
    Condition("skin-infection", "Skin infection (impetigo, ringworm, shingles)", "local",
              "Touching infected skin can spread the infection to other areas and to the therapist; if it "
              "is widespread, treat it as ruling out the whole session.",
              source=_CATEGORIES,
              advice="Work around the area; never over it."),
    Condition("acute-inflammation", "Acute inflammation", "local",
              "Pressure or friction on freshly inflamed tissue makes the inflammation worse.",
              source=f"{_CATEGORIES}; {_TECHNIQUE_NOTES}",
              advice="Work around the area and use no deep friction near it."),
    Condition("acute-sprain", "Acute sprain", "local",
              "A freshly injured ligament is easily aggravated by working over it.",
              source=_CATEGORIES,
              advice="Work around the area until the acute stage has passed."),
    Condition("acute-strain", "Acute strain", "local",
              "A freshly torn muscle or tendon is easily aggravated by working over it.",
              source=_CATEGORIES,
              advice="Work around the area until the acute stage has passed."),
    Condition("recent-surgery", "Recent surgery", "local",
              "The surgical site is still healing and must not be disturbed; the surgeon should confirm "
              "that massage elsewhere is safe.",
              source=_CATEGORIES, needs_clearance=True,
              advice="Get the surgeon's clearance and keep well away from the site."),
    Condition("fracture", "Fracture (acute)", "local",
              "A broken bone that has not yet knitted can be displaced by pressure or movement.",
              source=_CATEGORIES,
              advice="Work around the area; never over it."),
    Condition("open-wound", "Open wound", "local",
              "Broken skin lets infection in and is disturbed by any contact.",
              source=_CATEGORIES,
              advice="Cover the wound and work around it; never over it."),
    Condition("burn", "Burn", "local",
              "Burned skin is damaged and painful, and rubbing it delays healing.",
              source=_CATEGORIES,
              advice="Work around the area; never over it."),
    Condition("sunburn", "Sunburn", "local",
              "Sunburned skin is inflamed and tender; friction and lubricant irritate it further.",
              source=_CATEGORIES,
              advice="Leave the burned skin alone and work only on unaffected areas."),
    Condition("bruise", "Bruise", "local",
              "Pressing on a bruise hurts and can make the bleeding under the skin worse.",
              source=f"{_CATEGORIES}; {_TECHNIQUE_NOTES}",
              advice="Work around the area; never over it."),
    Condition("varicose-veins", "Varicose veins", "local",
              "Swollen, twisted veins may hide clots; pressure on them or further down the limb can "
              "dislodge one. Mild cases only rule out deep, specific work there.",
              source=f"{_CATEGORIES}; {_TECHNIQUE_NOTES}", distal=True,
              advice="Keep off the veins and everything distal to them on that limb."),
    Condition("undiagnosed-lump", "Undiagnosed lump", "local",
              "A lump nobody has examined could be anything, including a tumour or an infection.",
              source=_CATEGORIES,
              advice="Refer the client to a physician and keep off the lump until it is diagnosed."),
    Condition("rheumatoid-arthritis-flare", "Rheumatoid arthritis flare", "local",
              "During a flare the affected joints are hot, swollen and painful; if the client feels unwell "
              "all over, treat it as ruling out the whole session.",
              source=_CATEGORIES,
              advice="Keep off the flaring joints until the flare settles."),
    Condition("lupus-flare", "Lupus flare", "local",
              "During a flare inflamed tissue is easily aggravated; if the client feels unwell all over, "
              "treat it as ruling out the whole session.",
              source=_CATEGORIES,
              advice="Keep off the affected areas until the flare settles."),
    # -- caution: adapt the work ----------------------------------------------------------------
    _bleeding_risk("anticoagulants", "Anticoagulant medication",
                   "Blood thinners stop the blood from clotting as it normally would.",
                   f"{_CATEGORIES}; {_TECHNIQUE_NOTES}"),
    _bleeding_risk("bleeding-disorder", "Bleeding disorder",
                   "A clotting disorder such as haemophilia makes the client bleed and bruise easily.",
                   f"{_CATEGORIES}; {_TECHNIQUE_NOTES}"),
    _bleeding_risk("thrombocytopenia", "Thrombocytopenia (low platelets)",
                   "With too few platelets the blood clots poorly and bruises form easily.",
                   f"{_CATEGORIES}; {_TECHNIQUE_NOTES}"),
    Condition("osteoporosis", "Osteoporosis", "caution",
              "Thinned bones can crack under heavy pressure, striking or forceful stretching.",
              source=f"{_CATEGORIES}; {_TECHNIQUE_NOTES}; very gentle = Walton 2",
              max_pressure=LIGHT, avoid=(*_STRIKING, "stretching", "pin-and-stretch"),
              advice="Work very gently and never push a joint past its easy range."),
    Condition("pregnancy", "Pregnancy", "caution",
              "Striking over the sacrum, abdomen or lower back is unsuitable in pregnancy; the first "
              "trimester is often deferred and a high-risk pregnancy should not be massaged. Moderate "
              "pressure is a default ceiling.",
              source=f"{_CATEGORIES}; {_TECHNIQUE_NOTES}; Walton 3 is a {_DEFAULT}",
              max_pressure=MODERATE, avoid=_STRIKING, avoid_on=("sacrum", "abdomen", "lower-back"),
              clearance_lifts=True,
              advice="Position the client comfortably and use no striking strokes over the sacrum, abdomen "
                     "or lower back."),
    Condition("cancer", "Cancer", "caution",
              "Treatment and the disease itself can leave tissue, bones and vessels fragile, so pressure "
              "is adapted on the Walton scale; light pressure is a default ceiling.",
              source=f"Walton pressure scale; {_CATEGORIES}; Walton 2 is a {_DEFAULT}",
              max_pressure=LIGHT, needs_clearance=True, clearance_lifts=True,
              advice="Get the oncology team's clearance and keep the pressure light."),
    Condition("diabetic-neuropathy", "Diabetic neuropathy", "caution",
              "Numbness means the client cannot tell when pressure or heat is too much: keep to "
              "light-moderate pressure, use no heat and check the skin for damage.",
              source=f"{_CATEGORIES}; {_TECHNIQUE_NOTES}; light-moderate = Walton 3",
              max_pressure=MODERATE, avoid=("friction", "deep-stroking"),
              advice="Use no heat, keep the pressure moderate at most and check the skin of numb areas."),
    Condition("oedema", "Oedema (painful, hot)", "caution",
              "Painful, hot swelling may come from the heart, kidneys, a clot or an infection, so its "
              "cause needs a physician's word first; light pressure is a default ceiling.",
              source=f"{_CATEGORIES}; Walton 2 is a {_DEFAULT}",
              max_pressure=LIGHT, avoid=_DEEP_WORK, needs_clearance=True, clearance_lifts=True,
              advice="Get a physician's clearance and keep the work light over the swelling."),
    Condition("epilepsy", "Epilepsy", "caution",
              "Seizures can be set off in some clients; a physician can say whether massage is safe and "
              "what to avoid.",
              source=_CATEGORIES, needs_clearance=True, clearance_lifts=True,
              advice="Get a physician's clearance and know the client's seizure plan."),
    Condition("psychosis", "Psychosis", "caution",
              "A client in or near a psychotic episode may find touch confusing or distressing; a "
              "physician can say whether massage is appropriate.",
              source=_CATEGORIES, needs_clearance=True, clearance_lifts=True,
              advice="Get a physician's clearance and check in with the client often."),
    Condition("pain-medication", "Pain medication", "caution",
              "Painkillers dull the client's feedback, so they cannot warn the therapist when deep work "
              "goes too far; moderate pressure is a default ceiling.",
              source=f"{_CATEGORIES}; Walton 3 is a {_DEFAULT}",
              max_pressure=MODERATE, avoid=("deep-stroking", "pin-and-stretch"),
              advice="Stay at moderate pressure and leave out deep work."),
)


@hookimpl
def protocolkit_register_conditions(register: Callable[[Condition], None]) -> None:
    for condition in CORE_CONDITIONS:
        register(condition)
