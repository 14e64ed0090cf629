"""The core condition catalog, registered by the core as a plugin like any other.

Every condition an intake can name lives here, whichever modality is used: a
modality's own contraindications may restrict that modality further, never
less.  Each condition says what it restricts (Werner & Benjamin's three
categories: systemic, local, caution), why, and what the therapist should do.
Pressure ceilings are on the Walton scale (project words: light 2, moderate 3,
deep 4), so "no deep work" is a ceiling of 3.  A ceiling the sources give no
figure for is marked as a default in its source note: a starting point a
physician's clearance level or a clinic's policy may change, never a
published limit.  The caution conditions live in ``cautions.py`` beside this.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit.model.conditions import Condition
from protocolkit.model.synonyms import Synonym
from protocolkit.plugin.hookspecs import hookimpl
from protocolkit.builtin.cautions import (CAUTION_CONDITIONS, CATEGORIES, PROJECT_DEFAULT, SECOND_PASS, THIRD_PASS,
                                          W98)
from protocolkit.builtin.contagion import CONTAGIOUS_CONDITIONS
from protocolkit.builtin.synonyms import CORE_SYNONYMS
from protocolkit.builtin.timing import HIP_REPLACEMENT, with_time

_SOURCE = CATEGORIES
_CONTAGIOUS_SKIN = ("Reflexology's own contraindications (domain notes: nail fungus, warts) applied to every "
                    f"modality; {CATEGORIES} (skin infection: local)")


def _systemic(condition_id: str, name: str, reason: str, advice: str, *, source: str = _SOURCE,
              family: str = "") -> Condition:
    return Condition(condition_id, name, "systemic", reason, source=source, advice=advice, family=family)


def _local(condition_id: str, name: str, reason: str, advice: str = "Work around the area; never over it.", *,
           source: str = _SOURCE, family: str = "", **more: object) -> Condition:
    return Condition(condition_id, name, "local", reason, source=source, advice=advice, family=family,
                     **more)  # type: ignore[arg-type]


_REFER = "Refer the client to a physician before any massage."

SYSTEMIC_CONDITIONS: tuple[Condition, ...] = (
    _systemic("dvt", "Deep vein thrombosis or thrombophlebitis",
              "A clot in a deep vein can be dislodged by circulatory massage and travel to the lungs.", _REFER,
              family="heart-and-vessels"),
    _systemic("fever", "Fever",
              "A fever means the body is fighting an infection; massage adds to the load and the client may pass "
              "the infection on.", "Reschedule once the fever has passed.", family="infection"),
    _systemic("contagious-illness", "Contagious illness (flu, cold)",
              "A client with a catching illness such as flu or a cold can infect the therapist and later clients.",
              "Reschedule once the client is no longer contagious.", family="infection"),
    _systemic("pre-eclampsia", "Pre-eclampsia",
              "High blood pressure late in pregnancy with risk to mother and baby; circulatory massage is not "
              "safe.", "Refer the client to her obstetric team before any massage.", family="pregnancy"),
    _systemic("hypertension-uncontrolled", "Uncontrolled high blood pressure",
              "Blood pressure that medication does not keep in range (today 180 systolic or 110 diastolic or more, "
              "or with symptoms) leaves the heart and vessels under strain that circulatory massage can add to.",
              _REFER, family="heart-and-vessels",
              source=f"{CATEGORIES}; ACC/AHA 2017 (crisis over 180 and/or 120); deferring at 180 systolic or 110 "
                     f"diastolic or more, or with symptoms, is {PROJECT_DEFAULT}"),
    _systemic("epilepsy-uncontrolled", "Epilepsy after a new or uncontrolled seizure",
              "After a new seizure, or while seizures are not under control, the cause and the plan need a "
              "physician first.", "Defer the session and refer the client to a physician.", family="seizures",
              source=f"{THIRD_PASS}: epilepsy (no Werner text found): defer and refer after a new or uncontrolled "
                     f"seizure is {PROJECT_DEFAULT}"),
    _systemic("heart-failure", "Heart failure (uncompensated)",
              "A failing heart cannot cope with the extra fluid that circulatory massage returns to it.", _REFER,
              family="heart-and-vessels"),
    _systemic("aneurysm", "Aneurysm",
              "A weakened, bulging artery wall may rupture under pressure or raised circulation.", _REFER,
              family="heart-and-vessels"),
    _systemic("lymphangitis", "Lymphangitis",
              "An infection spreading through the lymph vessels; massage would push it further through the body.",
              "Refer the client to a physician at once and do not massage.", family="swelling-and-lymph"),
    _systemic("intoxication", "Intoxication",
              "A client under the influence of alcohol or drugs cannot give reliable feedback or consent, and "
              "massage may intensify the effects.", "Reschedule for when the client is sober."),
)

LOCAL_CONDITIONS: tuple[Condition, ...] = (
    _local("skin-infection", "Skin infection",
           "Touching infected skin can spread the infection to other areas and to the therapist; a widespread "
           "one rules out the whole session (write widespread: true). Scabies, head lice, impetigo and shingles "
           "have ids of their own and rule out the session.", family="contagious",
           advice="Keep off the area and cover it; if it is widespread, write widespread: true and do not treat."),
    _local("nail-fungus", "Nail fungus",
           "A fungal nail infection is contagious and spreads to other nails and to the therapist's hands.",
           "Keep off the affected toes or fingers.", source=_CONTAGIOUS_SKIN, family="contagious"),
    _local("warts", "Warts",
           "Warts are caused by a contagious virus that pressing or rubbing spreads.",
           "Do not press or glide over them.", source=_CONTAGIOUS_SKIN, family="contagious"),
    _local("acute-inflammation", "Acute inflammation",
           "Pressure or friction on freshly inflamed tissue makes the inflammation worse.",
           "Work around the area and use no deep friction near it.",
           source=f"{CATEGORIES}; Domain notes: technique-specific contraindications", family="injury"),
    _local("acute-sprain", "Acute sprain", "A freshly injured ligament is easily aggravated by working over it.",
           "Work around the area until the acute stage has passed.", family="injury"),
    _local("acute-strain", "Acute strain", "A freshly torn muscle or tendon is easily aggravated by working over it.",
           "Work around the area until the acute stage has passed.", family="injury"),
    _local("recent-surgery", "Recent surgery",
           "The surgical site is still healing and must not be disturbed; the surgeon should confirm that "
           "massage elsewhere is safe.", "Get the surgeon's clearance and keep well away from the site.",
           needs_clearance=True),
    _local("whiplash", "Whiplash",
           "A whiplash injury of the neck is aggravated by work on it in the acute stage; until the intake can "
           "say when it happened, the neck stays off limits.",
           "Keep off the neck for the first 72 hours; from day 4 to week 6 only gentle work there and no friction; "
           "friction only after 6 weeks.",
           source=f"{W98}: whiplash contraindicated acute, indicated subacute; PEACE & LOVE (Dubois & Esculier, "
                  "BJSM 2020;54:72): protect for 1-3 days; 0-72 h no direct work, day 4 to week 6 gentle work and no "
                  f"friction, friction only after 6 weeks: {PROJECT_DEFAULT}",
           family="injury", default_region="neck"),
    _local("fracture", "Fracture (acute)", "A broken bone that has not yet knitted can be displaced by pressure or "
           "movement.", family="injury"),
    _local("open-wound", "Open wound", "Broken skin lets infection in and is disturbed by any contact.",
           "Cover the wound and work around it; never over it.", family="wounds"),
    _local("burn", "Burn", "Burned skin is damaged and painful, and rubbing it delays healing.", family="wounds"),
    _local("new-tattoo", "New tattoo",
           "A new tattoo is a healing wound: rubbing or lubricant on it lets infection in and spoils the healing.",
           "Keep off the tattoo until it has healed (no scabbing or peeling left).",
           source=f"{CATEGORIES}: open wound (local); a new tattoo is a healing wound", family="wounds"),
    _local("sunburn", "Sunburn", "Sunburned skin is inflamed and tender; friction and lubricant irritate it further.",
           "Leave the burned skin alone and work only on unaffected areas.", family="wounds"),
    _local("bruise", "Bruise", "Pressing on a bruise hurts and can make the bleeding under the skin worse.",
           source=f"{CATEGORIES}; Domain notes: technique-specific contraindications", family="wounds"),
    _local("varicose-veins", "Varicose veins",
           "Swollen, twisted veins may hide clots; pressure on them or further down the limb can dislodge one. "
           "Mild cases only rule out deep, specific work there.",
           "Keep off the veins and everything distal to them on that limb.",
           source=f"{CATEGORIES}; Domain notes: technique-specific contraindications", reach="distal",
           family="heart-and-vessels"),
    _local("undiagnosed-lump", "Undiagnosed lump",
           "A lump nobody has examined could be anything, including a tumour or an infection.",
           "Refer the client to a physician and keep off the lump until it is diagnosed."),
    _local("rheumatoid-arthritis-flare", "Rheumatoid arthritis flare",
           "During a flare the affected joints are hot, swollen and painful; if the client feels unwell all over, "
           "treat it as ruling out the whole session.", "Keep off the flaring joints until the flare settles.",
           family="flares"),
    _local("lupus-flare", "Lupus flare",
           "During a flare inflamed tissue is easily aggravated; if the client feels unwell all over, treat it "
           "as ruling out the whole session.", "Keep off the affected areas until the flare settles.",
           family="flares"),
    _local("gout-flare", "Gout flare (acute)",
           "A joint in an acute gout attack is hot, swollen and too painful to touch; some texts rule out the "
           "whole session while the attack lasts.", "Leave the affected joint entirely until the attack is over.",
           source=f"{SECOND_PASS}: gout (Werner)", family="flares"),
    _local("pitting-oedema", "Pitting oedema",
           "Swelling that keeps a dent when pressed is fluid-logged tissue that pressure can damage, and it may "
           "come from the heart or kidneys.",
           "Leave the swollen area alone and ask whether a physician knows about the swelling.",
           source=f"{SECOND_PASS}: pitting oedema is a local contraindication for every modality",
           family="swelling-and-lymph"),
    _local("hernia", "Hernia",
           "Pressure on a hernia can push tissue further through the weak spot; an infected or strangulated "
           "hernia rules out the whole session.",
           "Keep off the hernia; if it is infected or strangulated, do not treat and refer the client to a "
           "physician.",
           source=f"{SECOND_PASS}: hernia (local; systemic if infected or strangulated)"),
    _local("dialysis-fistula", "Dialysis fistula",
           "The fistula arm carries the vessel that dialysis depends on; pressure anywhere on that arm can "
           "damage or block it.", "Leave the whole fistula arm alone, hand to shoulder.",
           source=f"{SECOND_PASS}: dialysis fistula (no pressure on the fistula arm)", reach="limb",
           family="kidney"),
    _local("pacemaker", "Pacemaker",
           "The device and its leads sit just under the skin; pressure over them can dislodge or damage them.",
           "Keep off the device site; light work elsewhere is fine.",
           source=f"{SECOND_PASS}: pacemaker or implanted port (avoid the site)", family="implants"),
    _local("implanted-port", "Implanted port",
           "A port sits under the skin with a catheter into a large vein; pressure over it can shift or damage "
           "it and raises the risk of infection.", "Keep off the port site.",
           source=f"{SECOND_PASS}: pacemaker or implanted port (avoid the site)", family="implants"),
    _local("corticosteroid-injection", "Corticosteroid injection (a single one, into a joint or tendon)",
           "The injected area needs a day or two of rest, and an injected tendon is weaker for a while; until the "
           "intake can say when it was given, the site stays off limits.",
           "Keep off the injected site for 48 hours; no friction or end-range stretch of an injected tendon for "
           "14 days.",
           source="McMorrow et al., Arthrosc Sports Med Rehabil 2023 and patient sheets: 1-2 days' rest of the "
                  "injected area; NYSED massage precautions: caution with medication that weakens connective "
                  f"tissue; 48 h off the site and 14 days without friction or end-range stretch: {PROJECT_DEFAULT}",
           family="corticosteroids"),
    _local("radiation-site", "Radiation treatment site",
           "Skin in a radiation field is fragile and easily broken while it heals.",
           "Keep off the treated skin while it is fragile.",
           source=f"{SECOND_PASS}: radiation site (avoid the treated skin while it is fragile)", family="cancer"),
)

CORE_CONDITIONS: tuple[Condition, ...] = with_time((*SYSTEMIC_CONDITIONS, *LOCAL_CONDITIONS, *CONTAGIOUS_CONDITIONS,
                                                    *CAUTION_CONDITIONS, HIP_REPLACEMENT))


@hookimpl
def protocolkit_register_conditions(register: Callable[[Condition], None]) -> None:
    for condition in CORE_CONDITIONS:
        register(condition)


@hookimpl
def protocolkit_register_synonyms(register: Callable[[Synonym], None]) -> None:
    for synonym in CORE_SYNONYMS:
        register(synonym)
