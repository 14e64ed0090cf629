"""The core condition catalog is complete, consistent and speaks only of known techniques and regions."""

from __future__ import annotations

import pytest

from protocolkit.builtin.conditions import CORE_CONDITIONS
from protocolkit.model.conditions import Condition
from protocolkit.model.protocol import Pressure
from protocolkit.model.regions import REGIONS

BY_ID = {condition.id: condition for condition in CORE_CONDITIONS}

# Every technique id the installed plugins register between them.
TECHNIQUES = {
    "effleurage", "gliding", "petrissage", "compression", "friction", "tapotement", "percussion",
    "vibration", "stretching", "ischemic-compression", "deep-stroking", "pin-and-stretch",
    "sustained-pressure", "skin-rolling", "reflex-point-pressure", "foot-relaxation",
}

REQUIRED = {
    "dvt": "systemic", "fever": "systemic", "contagious-illness": "systemic",
    "skin-infection": "local", "acute-inflammation": "local", "acute-sprain": "local",
    "acute-strain": "local", "recent-surgery": "local", "fracture": "local", "open-wound": "local",
    "burn": "local", "sunburn": "local", "bruise": "local", "varicose-veins": "local",
    "undiagnosed-lump": "local", "rheumatoid-arthritis-flare": "local", "lupus-flare": "local",
    "anticoagulants": "caution", "bleeding-disorder": "caution", "thrombocytopenia": "caution",
    "osteoporosis": "caution", "pregnancy": "caution", "pre-eclampsia": "systemic",
    "chemotherapy": "caution", "cancer": "caution", "diabetic-neuropathy": "caution",
    "hypertension-uncontrolled": "systemic", "heart-failure": "systemic", "aneurysm": "systemic",
    "lymphangitis": "systemic", "intoxication": "systemic", "oedema": "caution",
    "epilepsy": "caution", "psychosis": "caution", "pain-medication": "caution",
    # the second pass: conditions that once lived in reflexology's data alone, and common intake items
    "first-trimester": "caution", "high-risk-pregnancy": "caution", "gout-flare": "local",
    "pitting-oedema": "local", "nail-fungus": "local", "warts": "local", "lymphedema": "caution",
    "lymph-node-removal": "caution", "hernia": "local", "kidney-disease": "caution", "dialysis-fistula": "local",
    "diabetes": "caution", "corticosteroids": "caution", "muscle-relaxants": "caution", "sedatives": "caution",
    "antiplatelets": "caution", "pacemaker": "local", "implanted-port": "local", "radiation-site": "local",
    "neutropenia": "caution",
}

CEILINGS = {
    "anticoagulants": 2, "antiplatelets": 2, "bleeding-disorder": 2, "thrombocytopenia": 2, "osteoporosis": 2,
    "cancer": 2, "corticosteroids": 2, "pregnancy": 3, "chemotherapy": 2, "fibromyalgia": 3, "oedema": 2, "pain-medication": 3,
    "muscle-relaxants": 3, "sedatives": 3,
}

# Conditions that rule the session out until a physician's clearance is listed.
NEEDS_CLEARANCE = {"recent-surgery", "cancer", "oedema", "chemotherapy", "concussion", "other", "psychosis",
                   "high-risk-pregnancy",
                   "neutropenia"}

BLEEDING_AVOID = {"friction", "deep-stroking", "pin-and-stretch", "ischemic-compression", "tapotement", "percussion"}
DEEP_WORK = {"friction", "deep-stroking", "pin-and-stretch", "ischemic-compression"}


@pytest.mark.parametrize(("condition_id", "category"), sorted(REQUIRED.items()))
def test_required_condition_present_with_its_category(condition_id: str, category: str) -> None:
    assert condition_id in BY_ID, condition_id
    assert BY_ID[condition_id].category == category


def test_ids_are_unique() -> None:
    ids = [condition.id for condition in CORE_CONDITIONS]
    assert len(ids) == len(set(ids))


def test_conditions_once_only_in_reflexology_data_are_core_now() -> None:
    assert {"gout-flare", "nail-fungus", "warts", "first-trimester", "pitting-oedema"} <= set(BY_ID)


@pytest.mark.parametrize("condition", CORE_CONDITIONS, ids=lambda c: c.id)
def test_every_entry_is_documented(condition: Condition) -> None:
    for text in (condition.name, condition.reason, condition.source, condition.advice):
        assert text.strip(), condition.id
    assert condition.advice.endswith("."), condition.id
    assert condition.modality is None


def test_reach() -> None:
    reach = {condition.id: condition.reach for condition in CORE_CONDITIONS if condition.reach != "area"}
    assert reach == {"varicose-veins": "distal", "dialysis-fistula": "limb", "lymphedema": "quadrant",
                     "lymph-node-removal": "quadrant"}


@pytest.mark.parametrize("condition", CORE_CONDITIONS, ids=lambda c: c.id)
def test_avoid_lists_name_known_techniques_and_regions(condition: Condition) -> None:
    techniques = [*condition.avoid, *condition.site_avoid,
                  *(t for lim in condition.region_limits for t in (*lim.avoid, *lim.only))]
    assert set(techniques) <= TECHNIQUES, condition.id
    assert all(region in REGIONS for limit in condition.region_limits for region in limit.regions), condition.id
    assert all(REGIONS.on_limb(limb) for limit in condition.region_limits for limb in limit.limbs), condition.id
    assert len(set(condition.avoid)) == len(condition.avoid)
    assert set(condition.implies) <= set(BY_ID)


def test_pressure_ceilings() -> None:
    ceilings = {c.id: c.max_pressure.level for c in CORE_CONDITIONS if c.max_pressure is not None}
    assert ceilings == CEILINGS
    assert BY_ID["epilepsy"].max_pressure is None and BY_ID["psychosis"].max_pressure is None


def test_clearance_needs() -> None:
    assert {c.id for c in CORE_CONDITIONS if c.needs_clearance} == NEEDS_CLEARANCE


@pytest.mark.parametrize("condition_id", ["anticoagulants", "antiplatelets", "bleeding-disorder", "thrombocytopenia"])
def test_bleeding_risks_leave_out_deep_and_striking_work(condition_id: str) -> None:
    condition = BY_ID[condition_id]
    assert set(condition.avoid) == BLEEDING_AVOID
    assert condition.region_limits == () and condition.family == "bleeding"


def test_specific_avoid_lists() -> None:
    assert set(BY_ID["osteoporosis"].avoid) == {"tapotement", "percussion", "stretching", "pin-and-stretch"}
    # Neuropathy limits the numb region the intake names (everywhere when it names none).
    neuropathy = BY_ID["diabetic-neuropathy"]
    assert set(neuropathy.site_avoid) == {"friction", "deep-stroking"} and neuropathy.site_max_pressure == Pressure(2)
    assert set(BY_ID["pain-medication"].avoid) == {"deep-stroking", "pin-and-stretch"}
    assert BY_ID["muscle-relaxants"].avoid == BY_ID["sedatives"].avoid == BY_ID["pain-medication"].avoid
    assert {"friction", "deep-stroking"} <= set(BY_ID["oedema"].avoid)


SUSTAINED_HOLDS = {"compression", "ischemic-compression", "sustained-pressure", "pin-and-stretch"}


def test_pregnancy_limits_the_abdomen_legs_and_back_whatever_the_clearance() -> None:
    belly, legs, striking = BY_ID["pregnancy"].region_limits
    assert (set(belly.regions), belly.limbs, belly.max_pressure, belly.only, belly.avoid) == \
        ({"abdomen", "umbilicus"}, (), Pressure(2), ("effleurage",), ())
    assert (legs.regions, legs.limbs, legs.max_pressure, legs.only) == ((), ("leg",), Pressure(2), ())
    assert set(legs.avoid) == DEEP_WORK | SUSTAINED_HOLDS and len(set(legs.avoid)) == len(legs.avoid)
    assert "medial-thigh" in REGIONS.on_limb("leg") and "calf" in REGIONS.on_limb("leg")
    assert (set(striking.regions), set(striking.avoid)) == ({"sacrum", "abdomen", "lower-back"},
                                                            {"tapotement", "percussion"})
    assert "project DEFAULT" in BY_ID["pregnancy"].source and "clot" in BY_ID["pregnancy"].source
    assert "effleurage only, pressure 2 or less on abdomen, umbilicus" in BY_ID["pregnancy"].restriction
    first = BY_ID["first-trimester"]
    assert first.implies == ("pregnancy",) and BY_ID["high-risk-pregnancy"].implies == ("pregnancy",)
    # The abdomen is pregnancy's (stricter) to limit; first-trimester adds the lower back.
    (back,) = first.region_limits
    assert set(back.regions) == {"lower-back"} and back.max_pressure == Pressure(3)
    assert {"tapotement", "percussion", "deep-stroking"} <= set(back.avoid)


@pytest.mark.parametrize("condition_id", ["lymphedema", "lymph-node-removal"])
def test_lymph_risk_limits_the_whole_quadrant_on_its_side(condition_id: str) -> None:
    condition = BY_ID[condition_id]
    assert condition.site_max_pressure == Pressure(2) and condition.max_pressure is None
    assert DEEP_WORK | {"tapotement", "percussion"} == set(condition.site_avoid)


def test_site_limits() -> None:
    assert BY_ID["diabetes"].site_off_limits and BY_ID["diabetes"].max_pressure is None
    (kidney,) = BY_ID["kidney-disease"].region_limits
    assert kidney.regions == ("kidney-area",) and kidney.max_pressure == Pressure(2)


def test_families_group_what_staff_might_confuse() -> None:
    families = {}
    for condition in CORE_CONDITIONS:
        families.setdefault(condition.family_id, set()).add(condition.id)
    assert {"pregnancy", "first-trimester", "high-risk-pregnancy", "pre-eclampsia"} == families["pregnancy"]
    assert {"oedema", "pitting-oedema", "lymphedema", "lymph-node-removal", "lymphangitis"} == \
        families["swelling-and-lymph"]


def test_reasons_carry_the_key_facts() -> None:
    neuropathy = BY_ID["diabetic-neuropathy"].reason.lower()
    assert "numb" in neuropathy and "heat" in neuropathy
    assert "feedback" in BY_ID["pain-medication"].reason.lower()
    assert "Walton" in BY_ID["chemotherapy"].source and "DEFAULT" in BY_ID["chemotherapy"].source
    assert "walton" in BY_ID["cancer"].source.lower()
    assert "physician" in BY_ID["undiagnosed-lump"].advice.lower()


@pytest.mark.parametrize("condition_id", ["pregnancy", "cancer", "oedema", "pain-medication", "corticosteroids",
                                          "kidney-disease", "muscle-relaxants", "sedatives"])
def test_ceilings_without_a_published_figure_are_marked_as_defaults(condition_id: str) -> None:
    assert "default" in BY_ID[condition_id].source


@pytest.mark.parametrize("condition", CORE_CONDITIONS, ids=lambda c: c.id)
def test_every_ceiling_has_a_source_note_saying_where_it_comes_from(condition: Condition) -> None:
    if condition.max_pressure or condition.site_max_pressure or condition.region_limits:
        assert "walton" in condition.source.lower() or "default" in condition.source, condition.id


@pytest.mark.parametrize(("condition_id", "restriction"), [
    ("fever", "no session"),
    ("bruise", "avoid the area"),
    ("varicose-veins", "avoid the area and everything distal on the limb"),
    ("dialysis-fistula", "avoid the whole limb on that side"),
    ("cancer", "no session until a physician's clearance is listed; pressure 2 or less (a clearance level may "
               "change it)"),
    ("epilepsy", "no limit on the work; keep its advice in mind"),
    ("chemotherapy", "no session until a physician's clearance is listed; pressure 2 or less (a clearance level "
                     "may change it)"),
    ("thrombocytopenia", "no session until a physician's clearance is listed, unless the intake gives a platelet "
                         "count of 50,000 or more; pressure 2 or less (a clearance level may change it); no friction, "
                         "deep-stroking, pin-and-stretch, ischemic-compression, tapotement, percussion"),
    ("lymphedema", "pressure 2 or less and no friction, deep-stroking, pin-and-stretch, ischemic-compression, "
                   "tapotement, percussion on the whole body quadrant on that side"),
    ("diabetes", "avoid the region the intake names, if any"),
    ("high-risk-pregnancy", "no session until a physician's clearance is listed; and all that pregnancy restricts"),
])
def test_restriction_reads_sensibly(condition_id: str, restriction: str) -> None:
    assert BY_ID[condition_id].restriction == restriction


def test_only_a_local_condition_or_a_site_limit_has_a_reach() -> None:
    with pytest.raises(ValueError, match="only a local condition or one with site limits has a reach"):
        Condition("bad", "Bad", "caution", "a reason", reach="distal", max_pressure=Pressure(2))
    assert Condition("ok", "Ok", "caution", "a reason", reach="limb", site_max_pressure=Pressure(2)).has_site


def test_a_region_limit_must_say_where_and_what() -> None:
    from protocolkit.model.conditions import RegionLimit

    with pytest.raises(ValueError, match="names at least one region or limb"):
        RegionLimit(max_pressure=Pressure(2))
    with pytest.raises(ValueError, match="sets a pressure ceiling, techniques to avoid or the only techniques"):
        RegionLimit(regions=["calf"])
    with pytest.raises(ValueError, match="cannot both allow only 'effleurage' and avoid it"):
        RegionLimit(regions=["calf"], only=["effleurage"], avoid=["effleurage"])
    assert RegionLimit(regions=["abdomen"], only=["effleurage"]).restriction == "effleurage only on abdomen"
    assert RegionLimit(regions=["abdomen"], only=["effleurage", "vibration"], max_pressure=Pressure(1),
                       avoid=["friction"]).restriction == \
        "effleurage or vibration only, pressure 1 or less and no friction on abdomen"


def test_a_condition_cannot_imply_itself() -> None:
    with pytest.raises(ValueError, match="cannot imply itself"):
        Condition("loop", "Loop", "caution", "a reason", implies=["loop"])


def test_a_local_condition_cannot_carry_a_pressure_ceiling() -> None:
    with pytest.raises(ValueError, match="belong to caution conditions"):
        Condition("bad", "Bad", "local", "a reason", max_pressure=Pressure(2))


def test_a_systemic_condition_cannot_list_techniques_to_avoid() -> None:
    with pytest.raises(ValueError, match="belong to caution conditions"):
        Condition("bad", "Bad", "systemic", "a reason", avoid=["friction"])


def test_an_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="is not systemic, local or caution"):
        Condition("bad", "Bad", "sometimes", "a reason")  # type: ignore[arg-type]
