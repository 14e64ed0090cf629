"""Tests for the reflexology plugin, loaded through its real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit import Duration, Pressure
from protocolkit import ComposeError, ComposeRequest, Slot, compose
from protocolkit.testing import assert_plugin_conforms, compose_and_validate
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
    for region in ("foot", "hand"):
        warm_up, *work, flush = [step for step in protocol.steps if step.region == region]
        assert warm_up.technique == flush.technique == "foot-relaxation"
        assert warm_up.pressure == flush.pressure == Pressure(2)
        assert work and all(step.technique == "reflex-point-pressure" for step in work)
        expected = Pressure(2) if intent == "relaxation" else Pressure(3)
        assert all(step.pressure == expected for step in work)


@pytest.mark.parametrize("intent", [None, "relaxation"])
@pytest.mark.parametrize(("phase", "technique", "level"), [
    ("warm-up", "foot-relaxation", 2), ("work", "reflex-point-pressure", 3), ("flush", "foot-relaxation", 2)])
def test_each_phase_plan(protocolkit_catalog, phase, technique, level, intent):
    slot = Slot(region="hand", duration=Duration.parse("4m"), phase=phase,
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(RFX)), intent=intent)
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(RFX), slot)
    expected = Pressure(2) if intent == "relaxation" else Pressure(level)
    assert [(s.technique, s.duration, s.pressure) for s in steps] == [(technique, Duration.parse("4m"), expected)]


def test_composed_with_swedish_on_the_feet_validates_clean(protocolkit_catalog):
    protocol, findings = compose_and_validate(protocolkit_catalog, "30m", ["foot"], [RFX, "swedish"],
                                              intent="relaxation")
    assert findings == []
    assert protocol.steps[0].modality == RFX and protocol.steps[-1].modality == "swedish"


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
