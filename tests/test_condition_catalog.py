"""The core condition catalog is complete, consistent and speaks only of known techniques and regions."""

from __future__ import annotations

import pytest

from protocolkit.builtin.conditions import CORE_CONDITIONS
from protocolkit.conditions import Condition
from protocolkit.model import Pressure
from protocolkit.regions import REGIONS

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
    "chemotherapy": "systemic", "cancer": "caution", "diabetic-neuropathy": "caution",
    "hypertension-uncontrolled": "systemic", "heart-failure": "systemic", "aneurysm": "systemic",
    "lymphangitis": "systemic", "intoxication": "systemic", "oedema": "caution",
    "epilepsy": "caution", "psychosis": "caution", "pain-medication": "caution",
}

CEILINGS = {
    "anticoagulants": 2, "bleeding-disorder": 2, "thrombocytopenia": 2, "osteoporosis": 2, "cancer": 2,
    "pregnancy": 3, "diabetic-neuropathy": 3, "oedema": 2, "pain-medication": 3,
}

# (needs_clearance, clearance_lifts) where the catalog makes a promise about them.
CLEARANCE = {
    "recent-surgery": (True, False),
    "anticoagulants": (False, False), "bleeding-disorder": (False, False), "thrombocytopenia": (False, False),
    "osteoporosis": (False, False), "diabetic-neuropathy": (False, False), "pain-medication": (False, False),
    "pregnancy": (False, True),
    "cancer": (True, True), "oedema": (True, True), "epilepsy": (True, True), "psychosis": (True, True),
}

BLEEDING_AVOID = {"friction", "deep-stroking", "pin-and-stretch", "ischemic-compression", "tapotement", "percussion"}


@pytest.mark.parametrize(("condition_id", "category"), sorted(REQUIRED.items()))
def test_required_condition_present_with_its_category(condition_id: str, category: str) -> None:
    assert condition_id in BY_ID, condition_id
    assert BY_ID[condition_id].category == category


def test_ids_are_unique() -> None:
    ids = [condition.id for condition in CORE_CONDITIONS]
    assert len(ids) == len(set(ids))


def test_reflexology_only_conditions_are_left_to_the_reflexology_plugin() -> None:
    assert not {"gout-flare", "nail-fungus", "warts", "first-trimester", "pitting-oedema"} & set(BY_ID)


@pytest.mark.parametrize("condition", CORE_CONDITIONS, ids=lambda c: c.id)
def test_every_entry_is_documented(condition: Condition) -> None:
    for text in (condition.name, condition.reason, condition.source, condition.advice):
        assert text.strip(), condition.id
    assert condition.advice.endswith("."), condition.id
    assert condition.modality is None


def test_only_varicose_veins_extends_distally() -> None:
    assert {condition.id for condition in CORE_CONDITIONS if condition.distal} == {"varicose-veins"}


@pytest.mark.parametrize("condition", CORE_CONDITIONS, ids=lambda c: c.id)
def test_avoid_lists_name_known_techniques_and_regions(condition: Condition) -> None:
    assert set(condition.avoid) <= TECHNIQUES, condition.id
    assert all(region in REGIONS for region in condition.avoid_on), condition.id
    assert len(set(condition.avoid)) == len(condition.avoid)


def test_pressure_ceilings() -> None:
    ceilings = {c.id: c.max_pressure.level for c in CORE_CONDITIONS if c.max_pressure is not None}
    assert ceilings == CEILINGS
    assert BY_ID["epilepsy"].max_pressure is None and BY_ID["psychosis"].max_pressure is None


@pytest.mark.parametrize(("condition_id", "flags"), sorted(CLEARANCE.items()))
def test_clearance_flags(condition_id: str, flags: tuple[bool, bool]) -> None:
    condition = BY_ID[condition_id]
    assert (condition.needs_clearance, condition.clearance_lifts) == flags


def test_only_caution_conditions_are_lifted_by_clearance() -> None:
    assert all(c.category == "caution" for c in CORE_CONDITIONS if c.clearance_lifts)


@pytest.mark.parametrize("condition_id", ["anticoagulants", "bleeding-disorder", "thrombocytopenia"])
def test_bleeding_risks_leave_out_deep_and_striking_work(condition_id: str) -> None:
    condition = BY_ID[condition_id]
    assert set(condition.avoid) == BLEEDING_AVOID
    assert condition.avoid_on == ()


def test_specific_avoid_lists() -> None:
    assert set(BY_ID["osteoporosis"].avoid) == {"tapotement", "percussion", "stretching", "pin-and-stretch"}
    assert set(BY_ID["pregnancy"].avoid) == {"tapotement", "percussion"}
    assert set(BY_ID["pregnancy"].avoid_on) == {"sacrum", "abdomen", "lower-back"}
    assert set(BY_ID["diabetic-neuropathy"].avoid) == {"friction", "deep-stroking"}
    assert set(BY_ID["pain-medication"].avoid) == {"deep-stroking", "pin-and-stretch"}
    assert {"friction", "deep-stroking"} <= set(BY_ID["oedema"].avoid)


def test_reasons_carry_the_key_facts() -> None:
    neuropathy = BY_ID["diabetic-neuropathy"].reason.lower()
    assert "numb" in neuropathy and "heat" in neuropathy
    assert "feedback" in BY_ID["pain-medication"].reason.lower()
    assert BY_ID["chemotherapy"].source == "One clinic's policy: within 72 hours of treatment"
    assert "walton" in BY_ID["cancer"].source.lower()
    assert "physician" in BY_ID["undiagnosed-lump"].advice.lower()


@pytest.mark.parametrize("condition_id", ["pregnancy", "cancer", "oedema", "pain-medication"])
def test_ceilings_without_a_published_figure_are_marked_as_defaults(condition_id: str) -> None:
    assert "default" in BY_ID[condition_id].source


@pytest.mark.parametrize(("condition_id", "restriction"), [
    ("fever", "no session"),
    ("bruise", "avoid the area"),
    ("varicose-veins", "avoid the area and everything distal on the limb"),
    ("pregnancy", "pressure 3 or less; no tapotement, percussion on sacrum, abdomen, lower-back; "
                  "clearance eases it"),
    ("cancer", "pressure 2 or less; physician's clearance; clearance eases it"),
    ("epilepsy", "physician's clearance; clearance eases it"),
])
def test_restriction_reads_sensibly(condition_id: str, restriction: str) -> None:
    assert BY_ID[condition_id].restriction == restriction


def test_a_caution_condition_cannot_extend_distally() -> None:
    with pytest.raises(ValueError, match="only a local condition can extend distally"):
        Condition("bad", "Bad", "caution", "a reason", distal=True)


def test_a_local_condition_cannot_carry_a_pressure_ceiling() -> None:
    with pytest.raises(ValueError, match="belong to caution conditions"):
        Condition("bad", "Bad", "local", "a reason", max_pressure=Pressure(2))


def test_a_systemic_condition_cannot_list_techniques_to_avoid() -> None:
    with pytest.raises(ValueError, match="belong to caution conditions"):
        Condition("bad", "Bad", "systemic", "a reason", avoid=["friction"])


def test_an_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="is not systemic, local or caution"):
        Condition("bad", "Bad", "sometimes", "a reason")  # type: ignore[arg-type]
