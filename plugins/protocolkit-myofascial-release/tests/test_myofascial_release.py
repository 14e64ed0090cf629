"""Tests for the myofascial-release plugin, loaded through its real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit import Duration, Pressure
from protocolkit import Slot
from protocolkit.testing import assert_plugin_conforms, chair_work_steps, compose_and_validate
from protocolkit import validate_text

MFR = "myofascial-release"
REGIONS = ["upper-back", "neck", "shoulder"]


# -- registration ---------------------------------------------------------------------


def test_modality_is_registered_by_this_plugin(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(MFR) == MFR
    modality = protocolkit_catalog.modality(MFR)
    assert [use.technique for use in modality.techniques] == ["sustained-pressure", "skin-rolling"]
    assert modality.compose_rank == 10
    assert set(modality.indications) == {"fascial-restriction", "chronic-pain", "posture", "range-of-motion",
                                         "scar-tissue", "muscle-pain"}
    assert modality.source


def test_own_techniques_are_dry_and_gentle(protocolkit_catalog):
    held = protocolkit_catalog.technique("sustained-pressure")
    assert protocolkit_catalog.techniques.owner("sustained-pressure") == MFR
    assert (held.pressure.low.level, held.pressure.high.level) == (2, 3)
    assert held.lubricant == "no"
    assert (held.duration.shortest, held.duration.longest) == (Duration.parse("90s"), Duration.parse("20m"))
    assert "90-120 s" in held.source
    rolling = protocolkit_catalog.technique("skin-rolling")
    assert protocolkit_catalog.techniques.owner("skin-rolling") == MFR
    assert rolling.lubricant == "no" and rolling.source


def test_contraindications_and_pairings(protocolkit_catalog):
    modality = protocolkit_catalog.modality(MFR)
    categories = {c.id: c.category for c in modality.contraindications}
    assert categories["dvt"] == "systemic"
    assert categories["open-wound"] == "local"
    assert categories["anticoagulants"] == "caution"
    assert all(c.reason and c.source for c in modality.contraindications)
    pairings = " ".join(modality.pairings).lower()
    assert "movement re-education" in pairings and "postural and movement awareness" in pairings
    assert "trigger point" in pairings


def test_rules_are_registered_by_this_plugin(protocolkit_catalog):
    assert protocolkit_catalog.rules["MFR001"].severity == "error"
    assert protocolkit_catalog.rules["MFR002"].severity == "warning"
    assert protocolkit_catalog.rules.owner("MFR001") == protocolkit_catalog.rules.owner("MFR002") == MFR


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, MFR)


# -- composing ------------------------------------------------------------------------


@pytest.mark.parametrize("intent", [None, "maintenance", "rehabilitation", "recovery", "relaxation"])
@pytest.mark.parametrize("duration", ["10m", "20m", "30m", "60m"])
def test_composed_alone_validates_clean(protocolkit_catalog, duration, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, REGIONS, [MFR], intent=intent)
    assert findings == []
    steps = protocol.hands_on_steps
    assert {step.modality for step in steps} == {MFR}
    assert all(step.pressure <= Pressure(3) for step in steps)
    if intent == "relaxation":
        assert all(step.pressure == Pressure(2) for step in steps)
    else:
        assert any(step.pressure == Pressure(3) for step in steps)


@pytest.mark.parametrize("intent", [None, "maintenance", "relaxation"])
@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_every_phase_uses_sustained_pressure(protocolkit_catalog, phase, intent):
    slot = Slot(region="upper-back", duration=Duration.parse("5m"), phase=phase,
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(MFR)),
                intent=intent)
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(MFR), slot)
    assert sum(step.duration.seconds for step in steps) == 300
    assert {step.modality for step in steps} == {MFR}
    assert "sustained-pressure" in [step.technique for step in steps]
    if phase != "work" or intent == "relaxation":
        assert all(step.pressure == Pressure(2) for step in steps)
    else:
        assert Pressure(3) in [step.pressure for step in steps]


def test_every_technique_says_how_long_it_may_work_one_region(protocolkit_catalog):
    uses = {use.technique: use for use in protocolkit_catalog.modality(MFR).techniques}
    assert {technique: str(use.most_per_region) for technique, use in uses.items()} == {
        "sustained-pressure": "15m", "skin-rolling": "5m"}
    assert "90-120 s" in uses["sustained-pressure"].most_source
    assert all("project default" in use.most_source for use in uses.values())


@pytest.mark.parametrize("intent", [None, "relaxation"])
@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_seated_slot_needs_nothing_new(protocolkit_catalog, phase, intent):
    """Worked dry already: a seated slot gets the same holds, with no word of oil and no striking."""
    steps = chair_work_steps(protocolkit_catalog, MFR, phase, intent=intent)
    assert {step.technique for step in steps} <= {"sustained-pressure", "skin-rolling"}


@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_slot_too_short_for_one_hold_gets_skin_rolling(protocolkit_catalog, phase):
    slot = Slot(region="neck", duration=Duration.parse("1m"), phase=phase,
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(MFR)))
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(MFR), slot)
    assert [(step.technique, step.duration, step.pressure) for step in steps] == [
        ("skin-rolling", Duration.parse("1m"), Pressure(2))]


def test_a_slot_too_short_for_a_hold_gets_skin_rolling(protocolkit_catalog):
    protocol, findings = compose_and_validate(protocolkit_catalog, "10m", REGIONS, [MFR])
    assert findings == []
    assert protocol.hands_on_steps[0].technique == "skin-rolling"
    assert protocol.hands_on_steps[0].duration < Duration.parse("90s")


@pytest.mark.parametrize("intent", [None, "maintenance", "recovery", "relaxation"])
def test_composed_with_swedish_goes_first_and_validates_clean(protocolkit_catalog, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, "45m", REGIONS, ["swedish", MFR], intent=intent)
    assert findings == []
    assert {step.modality for step in protocol.hands_on_steps} == {"swedish", MFR}
    for region in REGIONS:
        order = [step.modality for step in protocol.hands_on_steps if step.region == region]
        # A region short of time may keep only the first modality (myofascial release).
        first_swedish = order.index("swedish") if "swedish" in order else len(order)
        assert set(order[:first_swedish]) == {MFR} and MFR not in order[first_swedish:]


def test_composed_with_trigger_point_validates_clean(protocolkit_catalog):
    if "trigger-point" not in protocolkit_catalog.modalities:
        pytest.skip("protocolkit-trigger-point is not installed")
    protocol, findings = compose_and_validate(protocolkit_catalog, "60m", REGIONS, ["trigger-point", MFR, "swedish"],
                                              intent="maintenance")
    assert findings == []
    assert protocol.hands_on_steps[0].modality == MFR


# -- MFR001: myofascial release after lubricant on the same region ----------------------

HEADER = """\
protocolkit: 1
id: mfr-order
title: Myofascial release and oil
duration: 10m
steps:
"""


def _doc(first, second):
    """Two 5-minute steps; the second one's ``modality`` value is on line 11, column 15."""
    return HEADER + first + second


OILED_UPPER_BACK = """\
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
"""
MFR_UPPER_BACK = """\
  - modality: myofascial-release
    technique: sustained-pressure
    region: upper-back
    duration: 5m
    pressure: light
"""


def test_mfr001_trips_after_oil_on_the_region(protocolkit_catalog):
    findings = validate_text(_doc(OILED_UPPER_BACK, MFR_UPPER_BACK), protocolkit_catalog)
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("MFR001", "error", 11, 15)]
    assert findings[0].json_path == "$.steps[1].modality"
    assert "work myofascial release before any oil or cream on upper-back" in findings[0].message
    assert "move it to a region not yet oiled" in findings[0].message


def test_mfr001_passes_when_myofascial_release_comes_first(protocolkit_catalog):
    assert validate_text(_doc(MFR_UPPER_BACK, OILED_UPPER_BACK), protocolkit_catalog) == []


def test_mfr001_passes_on_a_region_not_yet_oiled(protocolkit_catalog):
    text = _doc(OILED_UPPER_BACK, MFR_UPPER_BACK.replace("upper-back", "neck"))
    assert validate_text(text, protocolkit_catalog) == []


@pytest.mark.parametrize(("oiled_side", "mfr_side", "trips"), [
    ("left", "right", False),
    ("left", "left", True),
    ("left", "both", True),
    ("both", "right", True),
])
def test_mfr001_only_counts_overlapping_sides(protocolkit_catalog, oiled_side, mfr_side, trips):
    first = OILED_UPPER_BACK + f"    side: {oiled_side}\n"
    second = MFR_UPPER_BACK + f"    side: {mfr_side}\n"
    codes = [f.code for f in validate_text(HEADER + first + second, protocolkit_catalog)]
    assert codes == (["MFR001"] if trips else [])


def test_mfr001_honours_an_explicit_lubricant_flag(protocolkit_catalog):
    dry_effleurage = OILED_UPPER_BACK + "    lubricant: false\n"
    assert validate_text(_doc(dry_effleurage, MFR_UPPER_BACK), protocolkit_catalog) == []
    # vibration is "either" by default (not lubricated) until the author says otherwise
    vibration = OILED_UPPER_BACK.replace("effleurage", "vibration")
    assert validate_text(_doc(vibration, MFR_UPPER_BACK), protocolkit_catalog) == []
    oiled_vibration = vibration + "    lubricant: true\n"
    assert [f.code for f in validate_text(_doc(oiled_vibration, MFR_UPPER_BACK), protocolkit_catalog)] == ["MFR001"]


# -- MFR002: a myofascial step marked as lubricated ---------------------------------------


def test_mfr002_trips_on_lubricant_true(protocolkit_catalog):
    text = HEADER + MFR_UPPER_BACK.replace("5m", "10m") + "    lubricant: true\n"
    findings = validate_text(text, protocolkit_catalog)
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("MFR002", "warning", 11, 16)]
    assert "remove the lubricant" in findings[0].message


def test_mfr002_passes_on_lubricant_false(protocolkit_catalog):
    text = HEADER + MFR_UPPER_BACK.replace("5m", "10m") + "    lubricant: false\n"
    assert validate_text(text, protocolkit_catalog) == []


# -- the repository's example -------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "neck-shoulders-myofascial-trigger-point.yaml"


@pytest.mark.skipif(not EXAMPLE.exists(), reason="run from a protocolkit checkout")
def test_the_neck_and_shoulders_example_validates_with_no_findings(protocolkit_catalog):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert validate_text(text, protocolkit_catalog) == []
    # moving the first myofascial step after the oiled flush trips MFR001 on it
    lines = text.splitlines(keepends=True)
    start = lines.index("  - modality: myofascial-release\n")
    first_mfr, rest = lines[start:start + 6], lines[:start] + lines[start + 6:]
    education = rest.index("  - activity: education\n")
    moved = "".join(rest[:education] + first_mfr + rest[education:])
    assert [f.code for f in validate_text(moved, protocolkit_catalog)] == ["MFR001"]
