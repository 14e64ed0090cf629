"""Words people write on an intake for a condition or region, with the ids they may mean.

Only did-you-mean hints read these: an intake must still name the id, so a
person decides.  A word that can mean a mild or a severe condition names the
milder id, and the hint adds the family's stricter members beside it
(``high-blood-pressure``: 'hypertension', and check 'hypertension-uncontrolled').
Registered by ``conditions.py`` through the public synonym hook; a plugin may
add its own words the same way.
"""

from __future__ import annotations

from protocolkit.model.synonyms import Synonym

_CONDITION_WORDS: dict[str, tuple[str, ...]] = {
    # contagion
    "nits": ("head-lice",), "lice": ("head-lice",), "headlice": ("head-lice",),
    "herpes-zoster": ("shingles",), "zoster": ("shingles",),
    "herpes-simplex": ("cold-sore",), "fever-blister": ("cold-sore",), "cold-sores": ("cold-sore",),
    "ringworm": ("tinea",), "athletes-foot": ("tinea",), "jock-itch": ("tinea",),
    "mites": ("scabies",), "flu": ("contagious-illness",), "influenza": ("contagious-illness",),
    "covid": ("contagious-illness",), "common-cold": ("contagious-illness",),
    "fungal-nail": ("nail-fungus",), "verruca": ("warts",),
    # injuries and the back
    "slipped-disc": ("disc-herniation",), "herniated-disc": ("disc-herniation",),
    "bulging-disc": ("disc-herniation",), "disc-prolapse": ("disc-herniation",),
    "prolapsed-disc": ("disc-herniation",),
    "head-injury": ("concussion",), "mild-traumatic-brain-injury": ("concussion",),
    "sprain": ("acute-sprain",), "sprained-ankle": ("acute-sprain",), "strain": ("acute-strain",),
    "pulled-muscle": ("acute-strain",), "broken-bone": ("fracture",), "whiplash-injury": ("whiplash",),
    # skin and wounds
    "tattoo": ("new-tattoo",), "fresh-tattoo": ("new-tattoo",), "cut": ("open-wound",), "wound": ("open-wound",),
    # vessels and blood
    "high-blood-pressure": ("hypertension",), "blood-pressure": ("hypertension",),
    "thrombosis": ("dvt",), "blood-clot": ("dvt",), "deep-vein-thrombosis": ("dvt",),
    "blood-thinners": ("anticoagulants",), "warfarin": ("anticoagulants",), "aspirin": ("antiplatelets",),
    "congestive-heart-failure": ("heart-failure",), "chf": ("heart-failure",),
    "cardiac-failure": ("heart-failure",),
    "low-platelets": ("thrombocytopenia",), "haemophilia": ("bleeding-disorder",),
    "hemophilia": ("bleeding-disorder",),
    # swelling and lymph
    "lymphoedema": ("lymphedema",), "lymph-nodes-removed": ("lymph-node-removal",),
    "lymph-node-dissection": ("lymph-node-removal",), "mastectomy": ("lymph-node-removal", "recent-surgery"),
    "edema": ("oedema",), "swelling": ("oedema",),
    # cancer and medication
    "chemo": ("chemotherapy",), "radiotherapy": ("radiation-site",), "radiation": ("radiation-site",),
    "steroid-injection": ("corticosteroid-injection",), "cortisone-injection": ("corticosteroid-injection",),
    "cortisone-shot": ("corticosteroid-injection",), "steroid-shot": ("corticosteroid-injection",),
    "steroids": ("corticosteroids", "corticosteroid-injection"), "prednisone": ("corticosteroids",),
    "painkillers": ("pain-medication",), "opioids": ("pain-medication",), "sleeping-pills": ("sedatives",),
    "insulin": ("diabetes",), "insulin-pump": ("diabetes",), "neuropathy": ("diabetic-neuropathy",),
    # other
    "pregnant": ("pregnancy",), "seizures": ("epilepsy",), "fibro": ("fibromyalgia",),
    "drunk": ("intoxication",),
}

_REGION_WORDS: dict[str, tuple[str, ...]] = {
    "lower-leg": ("calf", "shin"), "leg": ("anterior-thigh", "posterior-thigh", "calf", "shin"),
    "back": ("upper-back", "mid-back", "lower-back"), "trapezius": ("upper-back", "neck"),
    "traps": ("upper-back", "neck"), "lats": ("mid-back",), "bum": ("gluteal",), "toes": ("foot",),
    "fingers": ("hand",), "heel": ("foot",), "temple": ("head",),
    "knee-cap": ("knee",), "knee-joint": ("knee",), "ankle-joint": ("ankle",), "ankle-bone": ("ankle",),
    "elbow-joint": ("elbow",), "wrist-joint": ("wrist",),
}

CORE_SYNONYMS: tuple[Synonym, ...] = (
    *(Synonym(word, targets) for word, targets in _CONDITION_WORDS.items()),
    *(Synonym(word, targets, kind="region") for word, targets in _REGION_WORDS.items()),
)
