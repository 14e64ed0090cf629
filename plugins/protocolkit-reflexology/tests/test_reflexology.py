"""Tests for the reflexology plugin, loaded through its real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit import Duration, Pressure
from protocolkit import ComposeError, ComposeRequest, Slot, compose
from protocolkit.testing import assert_plugin_conforms, chair_work_steps, compose_and_validate
from protocolkit import validate_text

RFX = "reflexology"


# -- registration ---------------------------------------------------------------------


def test_modality_is_registered_by_this_plugin(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(RFX) == RFX
    modality = protocolkit_catalog.modality(RFX)
    assert modality.regions == ("foot", "hand")
    assert [use.technique for use in modality.techniques] == ["reflex-point-pressure", "foot-relaxation"]
    assert modality.compose_rank == 30
    assert "unsupported" in modality.summary and "unsupported" in modality.source


def test_own_techniques(protocolkit_catalog):
    walking = protocolkit_catalog.technique("reflex-point-pressure")
    assert protocolkit_catalog.techniques.owner("reflex-point-pressure") == RFX
    assert (walking.pressure.low.level, walking.pressure.high.level) == (2, 4)
    assert walking.lubricant == "no"
    assert (walking.duration.shortest, walking.duration.longest) == (Duration.parse("1m"), Duration.parse("30m"))
    loosening = protocolkit_catalog.technique("foot-relaxation")
    assert protocolkit_catalog.techniques.owner("foot-relaxation") == RFX
    assert (loosening.pressure.low.level, loosening.pressure.high.level) == (1, 2)
    assert walking.source and loosening.source


def test_reference_maps(protocolkit_catalog):
    seed_map, finer_map = protocolkit_catalog.modality(RFX).references
    assert seed_map.title == "Foot reflex map"
    assert dict(seed_map.rows) == {"Tips of the toes": "Head", "Ball of the foot": "Heart and chest",
                                   "Arch": "Liver, pancreas and kidney", "Heel": "Low back and intestines"}
    assert "secondary sources" in finer_map.title
    finer = dict(finer_map.rows)
    assert finer["Base of the toes"] == "Neck and shoulders"
    assert finer["Inner (medial) edge of the foot"] == "Spine"
    assert "Spleen" in finer.values() and "Pelvis and sciatic nerve" in finer.values()


def test_own_contraindications(protocolkit_catalog):
    categories = {c.id: c.category for c in protocolkit_catalog.modality(RFX).contraindications}
    assert categories["first-trimester"] == "systemic"  # reflexology waits for the second trimester
    for local in ("fracture", "recent-surgery", "pitting-oedema", "open-wound", "nail-fungus", "warts",
                  "gout-flare"):
        assert categories[local] == "local", local
    assert categories["dvt"] == "systemic"
    assert all(c.reason and c.source for c in protocolkit_catalog.modality(RFX).contraindications)


def test_rule_is_registered_by_this_plugin(protocolkit_catalog):
    assert protocolkit_catalog.rules["RFX001"].severity == "error"
    assert protocolkit_catalog.rules.owner("RFX001") == RFX


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, RFX)


# -- composing ------------------------------------------------------------------------


@pytest.mark.parametrize("intent", [None, "maintenance", "relaxation"])
@pytest.mark.parametrize("duration", ["10m", "30m", "45m", "60m"])
def test_composed_validates_clean(protocolkit_catalog, duration, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, ["feet", "hands"], [RFX], intent=intent)
    assert findings == []
    expected = Pressure(2) if intent == "relaxation" else Pressure(3)
    assert {step.region for step in protocol.hands_on_steps} == {"foot", "hand"}
    feet = [step for step in protocol.hands_on_steps if step.technique == "reflex-point-pressure"
            and step.region == "foot"]
    assert {step.side for step in feet} == {"left", "right"}
    for region in ("foot", "hand"):
        for side in ("left", "right"):
            steps = [step for step in protocol.hands_on_steps if (step.region, step.side) == (region, side)]
            work = [step for step in steps if step.technique == "reflex-point-pressure"]
            assert all(step.pressure == expected for step in work)
            # Foot relaxation opens and closes around the reflex work, never in the middle of it.
            loosening = [i for i, step in enumerate(steps) if step.technique == "foot-relaxation"]
            assert all(i == 0 or i == len(steps) - 1 for i in loosening)
            assert all(steps[i].pressure == Pressure(2) for i in loosening)
            if region == "foot":
                assert [area_of(step) for step in work] == list(range(len(work)))


@pytest.mark.parametrize("intent", [None, "relaxation"])
@pytest.mark.parametrize(("phase", "technique", "level"), [
    ("warm-up", "foot-relaxation", 2), ("work", "reflex-point-pressure", 3), ("flush", "foot-relaxation", 2)])
def test_each_phase_plan_on_a_hand(protocolkit_catalog, phase, technique, level, intent):
    slot = Slot(region="hand", duration=Duration.parse("4m"), phase=phase,
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(RFX)), intent=intent)
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(RFX), slot)
    expected = Pressure(2) if intent == "relaxation" else Pressure(level)
    assert [(s.technique, s.duration, s.pressure) for s in steps] == [(technique, Duration.parse("4m"), expected)]
    assert "wrist" in steps[0].notes or "palm" in steps[0].notes


def test_composed_with_swedish_on_the_feet_validates_clean(protocolkit_catalog):
    protocol, findings = compose_and_validate(protocolkit_catalog, "30m", ["foot"], [RFX, "swedish"],
                                              intent="relaxation")
    assert findings == []
    steps = protocol.hands_on_steps
    assert steps[0].modality == RFX and steps[-1].modality == "swedish"


# -- the foot map, area by area ---------------------------------------------------------------

MAP_ORDER = ["toe tips (head reflexes)", "base of the toes (neck and shoulder reflexes)",
             "ball of the foot and the diaphragm line (heart, chest and diaphragm reflexes)", "arch (",
             "medial edge (spine reflexes)", "heel (low back, intestines, pelvis and sciatic nerve reflexes)"]
ARCH = {"right": "arch (liver and gall bladder, pancreas and kidney reflexes)",
        "left": "arch (spleen, pancreas and kidney reflexes)",
        "both": "arch (pancreas and kidney reflexes; liver and gall bladder on the right foot, spleen on the left)"}


def area_of(step):
    return next(i for i, area in enumerate(MAP_ORDER) if area in step.notes)


def foot_work(catalog, duration, side="both", intent=None):
    slot = Slot(region="foot", duration=Duration.parse(duration), phase="work", side=side, intent=intent,
                techniques=catalog.slot_techniques(catalog.modality(RFX)))
    return catalog.composer.steps(catalog.modality(RFX), slot)


@pytest.mark.parametrize("side", ["left", "right", "both"])
def test_a_foot_is_worked_area_by_area_in_map_order(protocolkit_catalog, side):
    steps = foot_work(protocolkit_catalog, "15m", side)
    assert sum(step.duration.seconds for step in steps) == 900
    assert [area_of(step) for step in steps] == list(range(len(MAP_ORDER)))
    assert all(step.technique == "reflex-point-pressure" and step.side == side for step in steps)
    assert all(step.duration >= Duration.parse("1m") for step in steps)
    assert steps[0].notes == "thumb-walk the toe tips (head reflexes)"
    assert steps[3].notes == f"thumb-walk the {ARCH[side]}"


def test_the_arch_names_the_organs_of_that_foot(protocolkit_catalog):
    right, left = (foot_work(protocolkit_catalog, "12m", side)[3].notes for side in ("right", "left"))
    assert "liver and gall bladder" in right and "spleen" not in right
    assert "spleen" in left and "liver" not in left


@pytest.mark.parametrize(("duration", "kept"), [("1m", 1), ("3m", 3), ("4m30s", 4), ("6m", 6)])
def test_a_short_slot_keeps_the_first_areas_in_map_order(protocolkit_catalog, duration, kept):
    steps = foot_work(protocolkit_catalog, duration, "right")
    assert [area_of(step) for step in steps] == list(range(kept))
    assert all(step.duration >= Duration.parse("1m") for step in steps)


def test_relaxation_walks_the_same_areas_lightly(protocolkit_catalog):
    steps = foot_work(protocolkit_catalog, "12m", "left", intent="relaxation")
    assert [area_of(step) for step in steps] == list(range(len(MAP_ORDER)))
    assert all(step.pressure == Pressure(2) and step.notes.startswith("slow, light") for step in steps)


@pytest.mark.parametrize("phase", ["warm-up", "flush"])
def test_warm_up_and_flush_loosen_the_foot(protocolkit_catalog, phase):
    slot = Slot(region="foot", duration=Duration.parse("3m"), phase=phase, side="left",
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(RFX)))
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(RFX), slot)
    assert [(step.technique, step.pressure) for step in steps] == [("foot-relaxation", Pressure(2))]
    assert "ankle" in steps[0].notes


def test_every_technique_says_how_long_it_may_work_one_foot(protocolkit_catalog):
    uses = {use.technique: use for use in protocolkit_catalog.modality(RFX).techniques}
    assert {technique: str(use.most_per_region) for technique, use in uses.items()} == {
        "reflex-point-pressure": "30m", "foot-relaxation": "10m"}
    assert all("project default" in use.most_source for use in uses.values())
    # A 45-60 minute session over both feet fits: each foot takes up to 40 minutes.
    assert len(foot_work(protocolkit_catalog, "30m")) == len(MAP_ORDER)


@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_seated_hand_needs_no_oil(protocolkit_catalog, phase):
    assert chair_work_steps(protocolkit_catalog, RFX, phase, region="hand", duration="4m")


def test_compose_refuses_regions_off_the_hands_and_feet(protocolkit_catalog):
    with pytest.raises(ComposeError, match="reflexology works only on foot, hand"):
        compose(protocolkit_catalog, ComposeRequest(Duration.parse("30m"), regions=["upper-back"], modalities=[RFX]))


# -- RFX001: reflexology off the hands and feet -------------------------------------------

DOC = """\
protocolkit: 1
id: rfx-regions
title: Reflexology regions
duration: 20m
steps:
  - modality: reflexology
    technique: foot-relaxation
    region: feet
    duration: 5m
    pressure: light
  - modality: reflexology
    technique: reflex-point-pressure
    region: {region}
    duration: 15m
    pressure: moderate
"""


@pytest.mark.parametrize("region", ["calf", "lower-back"])
def test_rfx001_trips_off_the_hands_and_feet(protocolkit_catalog, region):
    findings = validate_text(DOC.format(region=region), protocolkit_catalog)
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("RFX001", "error", 13, 13)]
    assert findings[0].json_path == "$.steps[1].region"
    assert f"not on {region}" in findings[0].message and "foot or hand" in findings[0].message


@pytest.mark.parametrize("region", ["hand", "palm", "foot", "sole"])
def test_rfx001_passes_on_hands_and_feet(protocolkit_catalog, region):
    assert validate_text(DOC.format(region=region), protocolkit_catalog) == []


def test_rfx001_leaves_unknown_regions_to_pk103(protocolkit_catalog):
    assert [f.code for f in validate_text(DOC.format(region="elbow-pit"), protocolkit_catalog)] == ["PK103"]


# -- the repository's example -------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "reflexology-45.yaml"


@pytest.mark.skipif(not EXAMPLE.exists(), reason="run from a protocolkit checkout")
def test_the_45_minute_example_validates_with_no_findings(protocolkit_catalog):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert validate_text(text, protocolkit_catalog) == []
    moved = text.replace("region: hand\n    side: left", "region: forearm\n    side: left")
    assert [f.code for f in validate_text(moved, protocolkit_catalog)] == ["RFX001"]
