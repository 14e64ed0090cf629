"""Tests for the trigger-point plugin, loaded through its real entry point."""

from __future__ import annotations

import pytest

from protocolkit import Duration, Pressure, load_catalog
from protocolkit.compose import ComposeRequest, Slot, compose
from protocolkit.serialize import dump_yaml, protocol_to_data
from protocolkit.validation import validate_text

TRP = "trigger-point"
REGIONS = ["upper-back", "neck", "shoulder"]


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
    assert catalog.owner("modality", TRP) == TRP
    modality = catalog.modality(TRP)
    assert modality.compose_rank == 20
    assert modality.offers("ischemic-compression") and modality.offers("stretching")
    assert catalog.pressure_range(modality, "ischemic-compression").low == Pressure(3)
    assert catalog.pressure_range(modality, "ischemic-compression").high == Pressure(5)
    assert catalog.pressure_range(modality, "compression").high == Pressure(3)
    assert set(modality.indications) == {"referred-pain", "stiffness", "range-of-motion", "muscle-pain", "headache"}
    assert any("myofascial release" in pairing for pairing in modality.pairings)
    assert "Travell & Simons" in modality.source and "60-90 s" in modality.source


def test_registers_no_technique_of_its_own(catalog):
    assert [key for key, owner in catalog.owners.items() if key[0] == "technique" and owner == TRP] == []


def test_contraindications(catalog):
    categories = {c.id: c.category for c in catalog.modality(TRP).contraindications}
    assert categories["dvt"] == "systemic"
    assert categories["acute-inflammation"] == "local"
    assert categories["anticoagulants"] == "caution"
    assert all(c.reason and c.source for c in catalog.modality(TRP).contraindications)


def test_rule_is_registered_by_this_plugin(catalog):
    assert catalog.rules["TRP001"].severity == "warning"
    assert catalog.rule_owner("TRP001") == TRP


# -- composing ------------------------------------------------------------------------


@pytest.mark.parametrize("intent", [None, "maintenance", "rehabilitation", "recovery"])
@pytest.mark.parametrize("duration", ["10m", "30m", "60m"])
def test_composed_alone_validates_clean(catalog, duration, intent):
    protocol, findings = _compose(catalog, duration, REGIONS, [TRP], intent)
    assert findings == []
    deepest = Pressure(3) if intent == "recovery" else Pressure(4)
    for region in REGIONS:
        steps = [step for step in protocol.steps if step.region == region]
        assert steps[0].pressure <= Pressure(3)
        assert steps[-1].technique == "stretching" and steps[-1].pressure == Pressure(2)
        assert max(step.pressure for step in steps) == deepest


@pytest.mark.parametrize("intent", [None, "maintenance", "rehabilitation", "recovery"])
@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_each_phase_plan(catalog, phase, intent):
    slot = Slot(region="neck", duration=Duration.parse("6m"), phase=phase, catalog=catalog, intent=intent)
    steps = catalog.compose_steps(catalog.modality(TRP), slot)
    assert sum(step.duration.seconds for step in steps) == 360
    techniques = [step.technique for step in steps]
    if phase == "warm-up":
        assert techniques == ["compression", "ischemic-compression"]
        assert all(step.pressure <= Pressure(3) for step in steps)
    elif phase == "work":
        assert techniques == ["ischemic-compression", "stretching"]
        assert steps[0].pressure == (Pressure(3) if intent == "recovery" else Pressure(4))
        assert "60-90 s" in steps[0].notes
    else:
        assert [(step.technique, step.pressure) for step in steps] == [("stretching", Pressure(2))]


def test_warm_up_phase_stays_at_pressure_three_or_less(catalog):
    protocol, findings = _compose(catalog, "30m", ["upper-back"], [TRP])
    assert findings == []
    warm_up = [step for step in protocol.steps if step.technique in ("compression",)]
    assert warm_up and all(step.pressure <= Pressure(3) for step in warm_up)
    assert protocol.steps[0].technique == "compression"


@pytest.mark.parametrize("intent", [None, "maintenance", "recovery"])
def test_composed_with_swedish_validates_clean(catalog, intent):
    protocol, findings = _compose(catalog, "45m", REGIONS, ["swedish", TRP], intent)
    assert findings == []
    for region in REGIONS:
        order = [step.modality for step in protocol.steps if step.region == region]
        assert order[0] == TRP and order[-1] == "swedish"


def test_composed_after_myofascial_release_validates_clean(catalog):
    if "myofascial-release" not in catalog.modalities:
        pytest.skip("protocolkit-myofascial-release is not installed")
    protocol, findings = _compose(catalog, "60m", REGIONS, [TRP, "myofascial-release"], "maintenance")
    assert findings == []
    upper_back = [step.modality for step in protocol.steps if step.region == "upper-back"]
    assert upper_back[0] == "myofascial-release" and upper_back[-1] == TRP


# -- TRP001: a hold with no stretch after it ---------------------------------------------

HEADER = """\
protocolkit: 1
id: trp-stretch
title: Trigger points and a stretch
duration: 10m
steps:
  - modality: trigger-point
    technique: compression
    region: upper-back
    duration: 2m
    pressure: light
  - modality: trigger-point
    technique: ischemic-compression
    region: upper-back
    duration: 6m
    pressure: deep
"""
STRETCH = """\
  - modality: trigger-point
    technique: stretching
    region: {region}
    side: {side}
    duration: 2m
    pressure: light
"""


def test_trp001_trips_without_a_stretch(catalog):
    text = HEADER + STRETCH.format(region="neck", side="both")
    findings = _validate(text, catalog)
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("TRP001", "warning", 12, 16)]
    assert findings[0].json_path == "$.steps[1].technique"
    assert "add a stretching step on upper-back" in findings[0].message


def test_trp001_passes_with_a_stretch_of_the_region(catalog):
    assert _validate(HEADER + STRETCH.format(region="upper-back", side="both"), catalog) == []


def test_trp001_wants_the_stretch_to_cover_every_side_held(catalog):
    codes = [f.code for f in _validate(HEADER + STRETCH.format(region="upper-back", side="left"), catalog)]
    assert codes == ["TRP001"]


def test_trp001_accepts_a_stretch_from_another_modality(catalog):
    if "sports" not in catalog.modalities or not catalog.modality("sports").offers("stretching"):
        pytest.skip("no other installed modality offers stretching")
    text = HEADER + STRETCH.format(region="upper-back", side="both").replace("trigger-point", "sports")
    assert [f.code for f in _validate(text, catalog) if f.code == "TRP001"] == []
