"""Tests for the trigger-point plugin, loaded through its real entry point."""

from __future__ import annotations

import pytest

from protocolkit import Duration, Pressure
from protocolkit import Slot
from protocolkit.testing import assert_plugin_conforms, chair_work_steps, compose_and_validate
from protocolkit import validate_text

TRP = "trigger-point"
REGIONS = ["upper-back", "neck", "shoulder"]


# -- registration ---------------------------------------------------------------------


def test_modality_is_registered_by_this_plugin(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(TRP) == TRP
    modality = protocolkit_catalog.modality(TRP)
    assert modality.compose_rank == 70  # after myofascial release (10) and a Swedish warm-up (40)
    assert modality.offers("ischemic-compression") and modality.offers("stretching")
    assert protocolkit_catalog.pressure_range(modality, "ischemic-compression").low == Pressure(3)
    assert protocolkit_catalog.pressure_range(modality, "ischemic-compression").high == Pressure(5)
    assert protocolkit_catalog.pressure_range(modality, "compression").high == Pressure(3)
    assert set(modality.indications) == {"referred-pain", "stiffness", "range-of-motion", "muscle-pain", "headache"}
    assert any("myofascial release" in pairing for pairing in modality.pairings)
    assert "Travell & Simons" in modality.source and "60-90 s" in modality.source


def test_registers_no_technique_of_its_own(protocolkit_catalog):
    assert protocolkit_catalog.techniques.owned_by(TRP) == []


def test_contraindications(protocolkit_catalog):
    categories = {c.id: c.category for c in protocolkit_catalog.modality(TRP).contraindications}
    assert categories["dvt"] == "systemic"
    assert categories["acute-inflammation"] == "local"
    assert categories["anticoagulants"] == "caution"
    assert all(c.reason and c.source for c in protocolkit_catalog.modality(TRP).contraindications)


def test_rule_is_registered_by_this_plugin(protocolkit_catalog):
    assert protocolkit_catalog.rules["TRP001"].severity == "warning"
    assert protocolkit_catalog.rules.owner("TRP001") == TRP


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, TRP)


# -- composing ------------------------------------------------------------------------


@pytest.mark.parametrize("intent", [None, "maintenance", "rehabilitation", "recovery"])
@pytest.mark.parametrize("duration", ["10m", "30m", "60m"])
def test_composed_alone_validates_clean(protocolkit_catalog, duration, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, REGIONS, [TRP], intent=intent)
    assert findings == []
    deepest = Pressure(3) if intent == "recovery" else Pressure(4)
    for region in REGIONS:
        steps = [step for step in protocol.hands_on_steps if step.region == region]
        assert steps[0].pressure <= Pressure(3) and steps[-1].pressure == Pressure(2)
        # The holds are followed by a stretch (TRP001 is quiet: findings == [] above).
        holds = [i for i, step in enumerate(steps) if step.technique == "ischemic-compression"]
        assert not holds or "stretching" in [step.technique for step in steps[holds[-1]:]]
        # The composer raises pressure a level at a time, so a short warm-up keeps the holds moderate.
        assert max(step.pressure for step in steps) <= deepest
    if duration != "10m":
        assert max(step.pressure for step in protocol.hands_on_steps) == deepest


@pytest.mark.parametrize("intent", [None, "maintenance", "rehabilitation", "recovery"])
@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_each_phase_plan(protocolkit_catalog, phase, intent):
    slot = Slot(region="neck", duration=Duration.parse("6m"), phase=phase,
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(TRP)), intent=intent)
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(TRP), slot)
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
        assert [(step.technique, step.pressure) for step in steps] == [("compression", Pressure(2)),
                                                                        ("stretching", Pressure(2))]


@pytest.mark.parametrize(("phase", "length"), [("work", "1m30s"), ("flush", "1m")])
def test_a_slot_with_room_for_one_step_stretches(protocolkit_catalog, phase, length):
    """A hold needs its stretch after it (TRP001): a slot too short for both stretches only."""
    slot = Slot(region="neck", duration=Duration.parse(length), phase=phase,
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(TRP)))
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(TRP), slot)
    assert [step.technique for step in steps] == ["stretching"]


def test_every_technique_says_how_long_it_may_work_one_region(protocolkit_catalog):
    uses = {use.technique: use for use in protocolkit_catalog.modality(TRP).techniques}
    assert {technique: str(use.most_per_region) for technique, use in uses.items()} == {
        "ischemic-compression": "8m", "stretching": "5m", "compression": "5m", "effleurage": "5m"}
    assert "60-90 s" in uses["ischemic-compression"].most_source
    assert all("project default" in use.most_source for use in uses.values())


@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_seated_slot_needs_nothing_new(protocolkit_catalog, phase):
    """The plans use no oil: a seated slot gets the same holds and stretches, with no word of oil."""
    assert chair_work_steps(protocolkit_catalog, TRP, phase)


def test_warm_up_phase_stays_at_pressure_three_or_less(protocolkit_catalog):
    protocol, findings = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], [TRP])
    assert findings == []
    warm_up = [step for step in protocol.steps if step.technique in ("compression",)]
    assert warm_up and all(step.pressure <= Pressure(3) for step in warm_up)
    assert protocol.hands_on_steps[0].technique == "compression"


@pytest.mark.parametrize("intent", [None, "maintenance", "recovery"])
def test_composed_with_swedish_validates_clean(protocolkit_catalog, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, "45m", REGIONS, ["swedish", TRP], intent=intent)
    assert findings == []
    assert {step.modality for step in protocol.hands_on_steps} == {TRP, "swedish"}
    for region in REGIONS:
        steps = [step for step in protocol.hands_on_steps if step.region == region]
        # Swedish warms the region up; the holds come after it.
        assert steps[0].modality == "swedish"
        holds = [i for i, step in enumerate(steps) if step.technique == "ischemic-compression"]
        assert all(steps[i].modality == TRP for i in holds)


def test_composed_after_myofascial_release_validates_clean(protocolkit_catalog):
    if "myofascial-release" not in protocolkit_catalog.modalities:
        pytest.skip("protocolkit-myofascial-release is not installed")
    protocol, findings = compose_and_validate(protocolkit_catalog, "60m", REGIONS, [TRP, "myofascial-release"],
                                              intent="maintenance")
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


def test_trp001_trips_without_a_stretch(protocolkit_catalog):
    text = HEADER + STRETCH.format(region="neck", side="both")
    findings = validate_text(text, protocolkit_catalog)
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("TRP001", "warning", 12, 16)]
    assert findings[0].json_path == "$.steps[1].technique"
    assert "add a stretching step on upper-back" in findings[0].message


def test_trp001_passes_with_a_stretch_of_the_region(protocolkit_catalog):
    assert validate_text(HEADER + STRETCH.format(region="upper-back", side="both"), protocolkit_catalog) == []


def test_trp001_wants_the_stretch_to_cover_every_side_held(protocolkit_catalog):
    text = HEADER + STRETCH.format(region="upper-back", side="left")
    codes = [f.code for f in validate_text(text, protocolkit_catalog)]
    assert codes == ["TRP001"]


def test_trp001_accepts_a_stretch_from_another_modality(protocolkit_catalog):
    if ("sports" not in protocolkit_catalog.modalities
            or not protocolkit_catalog.modality("sports").offers("stretching")):
        pytest.skip("no other installed modality offers stretching")
    text = HEADER + STRETCH.format(region="upper-back", side="both").replace("trigger-point", "sports")
    assert [f.code for f in validate_text(text, protocolkit_catalog) if f.code == "TRP001"] == []
