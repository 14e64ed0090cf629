"""Tests for the sports plugin, used through its installed entry point."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from protocolkit import Pressure
from protocolkit.testing import assert_plugin_conforms, compose_and_validate
from protocolkit import validate_text

PLUGIN = "sports"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legs-post-event-sports.yaml"
LIGHT_ENOUGH = Pressure(3)


# --- what the plugin registers -------------------------------------------------


def test_registered_through_the_entry_point(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(PLUGIN) == PLUGIN
    assert protocolkit_catalog.rules.owner("SPT001") == PLUGIN
    plugin = next(p for p in protocolkit_catalog.plugins if p.name == PLUGIN)
    assert (plugin.status, plugin.origin, plugin.distribution) == ("ok", "entry point", "protocolkit-sports")


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, PLUGIN)


def test_offers_the_shared_sports_techniques(protocolkit_catalog):
    modality = protocolkit_catalog.modality(PLUGIN)
    offered = {use.technique for use in modality.techniques}
    assert offered == {"effleurage", "petrissage", "compression", "friction", "tapotement", "vibration",
                       "gliding", "stretching", "percussion", "ischemic-compression"}
    # All shared: the plugin registers no technique of its own.
    assert all(protocolkit_catalog.techniques.owner(technique) != PLUGIN for technique in offered)
    assert modality.compose_rank == 45


def test_intents_and_indications(protocolkit_catalog):
    modality = protocolkit_catalog.modality(PLUGIN)
    assert {"pre-event", "post-event"} <= set(modality.intents)
    assert {"recovery", "range-of-motion", "flexibility", "muscle-tension", "muscle-spasm", "injury-prevention",
            "warm-up", "cool-down"} <= set(modality.indications)


def test_contraindications(protocolkit_catalog):
    found = {c.id: c.category for c in protocolkit_catalog.modality(PLUGIN).contraindications}
    assert found["acute-inflammation"] == "local"
    assert found["dvt"] == "systemic"
    assert found["anticoagulants"] == "caution"
    assert found["osteoporosis"] == "caution"


# --- composing, by intent --------------------------------------------------------


@pytest.mark.parametrize(("duration", "regions"), [
    ("15m", ["calf", "anterior-thigh"]), ("10m", ["shoulder"]), ("20m", ["calf", "anterior-thigh", "posterior-thigh"]),
])
def test_pre_event_is_brisk_light_and_dry(protocolkit_catalog, duration, regions):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, regions, [PLUGIN], intent="pre-event")
    assert findings == []
    steps = protocol.hands_on_steps
    assert all(step.pressure <= LIGHT_ENOUGH for step in steps)
    assert not any(protocolkit_catalog.lubricated(step) for step in steps)
    assert {step.technique for step in steps} <= {"compression", "percussion", "tapotement", "vibration"}
    assert "stretching" not in {step.technique for step in steps}


@pytest.mark.parametrize(("duration", "regions"), [
    ("20m", ["posterior-thigh", "calf"]), ("30m", ["posterior-thigh", "calf", "anterior-thigh"]),
])
def test_post_event_is_light_effleurage_and_petrissage(protocolkit_catalog, duration, regions):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, regions, [PLUGIN], intent="post-event")
    assert findings == []
    assert {step.technique for step in protocol.steps} == {"effleurage", "petrissage"}
    assert all(step.pressure <= LIGHT_ENOUGH for step in protocol.steps)


@pytest.mark.parametrize("intent", [None, "maintenance", "recovery"])
def test_training_sessions_get_the_full_sequence(protocolkit_catalog, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], [PLUGIN], intent=intent)
    assert findings == []
    techniques = [step.technique for step in protocol.steps]
    assert {"friction", "ischemic-compression", "stretching"} <= set(techniques)
    # Stretch only once the tissue has been worked; warm up light, flush light.
    assert techniques.index("stretching") > techniques.index("ischemic-compression")
    assert protocol.steps[0].pressure <= LIGHT_ENOUGH and protocol.steps[-1].technique == "effleurage"


@pytest.mark.parametrize(("duration", "intent"), [("30m", "post-event"), ("45m", "recovery")])
def test_composed_with_swedish_validates_clean(protocolkit_catalog, duration, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, ["posterior-thigh", "calf"],
                                              (PLUGIN, "swedish"), intent=intent)
    assert findings == []
    assert protocol.steps[0].modality == "swedish" and protocol.steps[-1].modality == PLUGIN


def test_a_long_composed_pre_event_session_is_flagged(protocolkit_catalog):
    _, findings = compose_and_validate(protocolkit_catalog, "30m", ["calf"], [PLUGIN], intent="pre-event")
    assert [(f.code, f.path) for f in findings] == [("SPT001", ("duration",))]


# --- SPT001 ----------------------------------------------------------------------

PRE_EVENT = textwrap.dedent("""\
    protocolkit: 1
    id: calves-pre-event
    title: Calves before the race
    duration: {duration}
    intent: {intent}
    steps:
      - modality: sports
        technique: compression
        region: calf
        duration: {warm}
        pressure: light
      - modality: sports
        technique: compression
        region: calf
        duration: {work}
        pressure: {pressure}
      - modality: sports
        technique: vibration
        region: calf
        duration: {shake}
        pressure: light
    """)
# Step timings (warm-up, work, shaking) that add up to each planned duration.
TIMINGS = {"15m": ("5m", "8m", "2m"), "20m": ("8m", "8m", "4m"), "25m": ("10m", "10m", "5m")}


def pre_event(duration="15m", pressure="moderate", intent="pre-event"):
    warm, work, shake = TIMINGS[duration]
    return PRE_EVENT.format(duration=duration, intent=intent, warm=warm, work=work, shake=shake,
                            pressure=pressure)


def test_spt001_pre_event_too_long(protocolkit_catalog):
    findings = validate_text(pre_event(duration="25m"), protocolkit_catalog, path="race.yaml")
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("SPT001", "warning", 4, 11)]
    assert findings[0].path == ("duration",)
    assert "20m" in findings[0].message


def test_spt001_quiet_at_twenty_minutes(protocolkit_catalog):
    assert validate_text(pre_event(duration="20m"), protocolkit_catalog, path="race.yaml") == []


def test_spt001_pre_event_too_deep(protocolkit_catalog):
    findings = validate_text(pre_event(pressure="deep"), protocolkit_catalog, path="race.yaml")
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("SPT001", "warning", 16, 15)]
    assert findings[0].path == ("steps", 1, "pressure")
    assert "3 (moderate) or less" in findings[0].message


def test_spt001_quiet_at_moderate_pressure(protocolkit_catalog):
    assert validate_text(pre_event(pressure="moderate"), protocolkit_catalog, path="race.yaml") == []


def test_spt001_reports_length_and_every_deep_step(protocolkit_catalog):
    findings = validate_text(pre_event(duration="25m", pressure="deep"), protocolkit_catalog, path="race.yaml")
    assert [(f.code, f.path) for f in findings] == [("SPT001", ("duration",)),
                                                     ("SPT001", ("steps", 1, "pressure"))]


def test_spt001_only_concerns_pre_event(protocolkit_catalog):
    text = pre_event(duration="25m", pressure="deep", intent="maintenance")
    assert validate_text(text, protocolkit_catalog, path="race.yaml") == []


# --- the example protocol --------------------------------------------------------


def test_legs_post_event_example_validates_with_no_findings(protocolkit_catalog):
    if not EXAMPLE.exists():
        pytest.skip("the example lives in the protocolkit checkout")
    assert validate_text(EXAMPLE.read_text(encoding="utf-8"), protocolkit_catalog, path=str(EXAMPLE)) == []
