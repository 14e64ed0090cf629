"""Tests for the reflexology plugin, loaded through its real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit import Duration, Pressure, load_catalog
from protocolkit.compose import ComposeError, ComposeRequest, Slot, compose
from protocolkit.serialize import dump_yaml, protocol_to_data
from protocolkit.validation import validate_text

RFX = "reflexology"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _validate(text, catalog):
    return validate_text(text, catalog, path="x.yaml")


def _compose(catalog, duration, regions, modalities, intent=None):
    protocol = compose(catalog, ComposeRequest(Duration.parse(duration), regions=regions, modalities=modalities,
                                               intent=intent))
    return protocol, _validate(dump_yaml(protocol_to_data(protocol)), catalog)


# -- registration ---------------------------------------------------------------------


def test_modality_is_registered_by_this_plugin(catalog):
    assert catalog.owner("modality", RFX) == RFX
    modality = catalog.modality(RFX)
    assert modality.regions == ("foot", "hand")
    assert [use.technique for use in modality.techniques] == ["reflex-point-pressure", "foot-relaxation"]
    assert modality.compose_rank == 30
    assert "unsupported" in modality.summary and "unsupported" in modality.source


def test_own_techniques(catalog):
    walking = catalog.technique("reflex-point-pressure")
    assert catalog.owner("technique", "reflex-point-pressure") == RFX
    assert (walking.pressure.low.level, walking.pressure.high.level) == (2, 4)
    assert walking.lubricant == "no"
    assert (walking.duration.shortest, walking.duration.longest) == (Duration.parse("1m"), Duration.parse("30m"))
    loosening = catalog.technique("foot-relaxation")
    assert catalog.owner("technique", "foot-relaxation") == RFX
    assert (loosening.pressure.low.level, loosening.pressure.high.level) == (1, 2)
    assert walking.source and loosening.source


def test_reference_maps(catalog):
    seed_map, finer_map = catalog.modality(RFX).references
    assert seed_map.title == "Foot reflex map"
    assert dict(seed_map.rows) == {"Tips of the toes": "Head", "Ball of the foot": "Heart and chest",
                                   "Arch": "Liver, pancreas and kidney", "Heel": "Low back and intestines"}
    assert "secondary sources" in finer_map.title
    finer = dict(finer_map.rows)
    assert finer["Base of the toes"] == "Neck and shoulders"
    assert finer["Inner (medial) edge of the foot"] == "Spine"
    assert "Spleen" in finer.values() and "Pelvis and sciatic nerve" in finer.values()


def test_own_contraindications(catalog):
    categories = {c.id: c.category for c in catalog.modality(RFX).contraindications}
    assert categories["first-trimester"] == "caution"
    for local in ("fracture", "recent-surgery", "pitting-oedema", "open-wound", "nail-fungus", "warts",
                  "gout-flare"):
        assert categories[local] == "local", local
    assert categories["dvt"] == "systemic"
    assert all(c.reason and c.source for c in catalog.modality(RFX).contraindications)


def test_rule_is_registered_by_this_plugin(catalog):
    assert catalog.rules["RFX001"].severity == "error"
    assert catalog.rule_owner("RFX001") == RFX


# -- composing ------------------------------------------------------------------------


@pytest.mark.parametrize("intent", [None, "maintenance", "relaxation"])
@pytest.mark.parametrize("duration", ["10m", "30m", "45m", "60m"])
def test_composed_validates_clean(catalog, duration, intent):
    protocol, findings = _compose(catalog, duration, ["feet", "hands"], [RFX], intent)
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
def test_each_phase_plan(catalog, phase, technique, level, intent):
    slot = Slot(region="hand", duration=Duration.parse("4m"), phase=phase, catalog=catalog, intent=intent)
    steps = catalog.compose_steps(catalog.modality(RFX), slot)
    expected = Pressure(2) if intent == "relaxation" else Pressure(level)
    assert [(s.technique, s.duration, s.pressure) for s in steps] == [(technique, Duration.parse("4m"), expected)]


def test_composed_with_swedish_on_the_feet_validates_clean(catalog):
    protocol, findings = _compose(catalog, "30m", ["foot"], [RFX, "swedish"], "relaxation")
    assert findings == []
    assert protocol.steps[0].modality == RFX and protocol.steps[-1].modality == "swedish"


def test_compose_refuses_regions_off_the_hands_and_feet(catalog):
    with pytest.raises(ComposeError, match="reflexology works only on foot, hand"):
        compose(catalog, ComposeRequest(Duration.parse("30m"), regions=["upper-back"], modalities=[RFX]))


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
def test_rfx001_trips_off_the_hands_and_feet(catalog, region):
    findings = _validate(DOC.format(region=region), catalog)
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("RFX001", "error", 13, 13)]
    assert findings[0].json_path == "$.steps[1].region"
    assert f"not on {region}" in findings[0].message and "foot or hand" in findings[0].message


@pytest.mark.parametrize("region", ["hand", "palm", "foot", "sole"])
def test_rfx001_passes_on_hands_and_feet(catalog, region):
    assert _validate(DOC.format(region=region), catalog) == []


def test_rfx001_leaves_unknown_regions_to_pk103(catalog):
    assert [f.code for f in _validate(DOC.format(region="elbow-pit"), catalog)] == ["PK103"]


# -- the repository's example -------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "reflexology-45.yaml"


@pytest.mark.skipif(not EXAMPLE.exists(), reason="run from a protocolkit checkout")
def test_the_45_minute_example_validates_with_no_findings(catalog):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert _validate(text, catalog) == []
    assert [f.code for f in _validate(text.replace("region: hand\n    side: left", "region: forearm\n    side: left"),
                                      catalog)] == ["RFX001"]
