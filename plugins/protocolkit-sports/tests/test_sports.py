"""Tests for the sports plugin, used through its installed entry point."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from protocolkit import ComposeError, ComposeRequest, Duration, Pressure, compose
from protocolkit.testing import assert_plugin_conforms, chair_work_steps, compose_and_validate
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
    ("15m", ["calf", "anterior-thigh"]), ("10m", ["shoulder"]), ("12m", ["calf", "anterior-thigh", "posterior-thigh"]),
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
    ("15m", ["posterior-thigh", "calf"]), ("20m", ["posterior-thigh", "calf", "anterior-thigh"]),
])
def test_post_event_is_light_effleurage_and_petrissage(protocolkit_catalog, duration, regions):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, regions, [PLUGIN], intent="post-event")
    assert findings == []
    assert {step.technique for step in protocol.hands_on_steps} == {"effleurage", "petrissage"}
    assert all(step.pressure <= LIGHT_ENOUGH for step in protocol.hands_on_steps)


@pytest.mark.parametrize("intent", [None, "maintenance", "recovery"])
def test_training_sessions_get_the_full_sequence(protocolkit_catalog, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], [PLUGIN], intent=intent)
    assert findings == []
    steps = protocol.hands_on_steps
    techniques = [step.technique for step in steps]
    assert {"friction", "ischemic-compression", "stretching"} <= set(techniques)
    # Stretch only once the tissue has been worked; warm up light, flush light.
    assert techniques.index("stretching") > techniques.index("ischemic-compression")
    assert steps[0].pressure <= LIGHT_ENOUGH and steps[-1].technique == "effleurage"


@pytest.mark.parametrize(("duration", "intent"), [("20m", "post-event"), ("45m", "recovery")])
def test_composed_with_swedish_validates_clean(protocolkit_catalog, duration, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, ["posterior-thigh", "calf"],
                                              (PLUGIN, "swedish"), intent=intent)
    assert findings == []
    steps = protocol.hands_on_steps
    # Swedish opens (compose rank 40 before 45); a short session may leave the second modality out.
    assert steps[0].modality == "swedish" and {step.modality for step in steps} <= {"swedish", PLUGIN}
    if intent == "recovery":
        assert steps[-1].modality == PLUGIN


def test_a_long_pre_event_session_is_not_composed(protocolkit_catalog):
    # Written by hand, SPT001 flags it (below); compose refuses to write it at all.
    with pytest.raises(ComposeError, match="pre-event"):
        compose_and_validate(protocolkit_catalog, "30m", ["calf"], [PLUGIN], intent="pre-event")


def test_every_technique_says_how_long_it_may_work_one_region(protocolkit_catalog):
    uses = {use.technique: use for use in protocolkit_catalog.modality(PLUGIN).techniques}
    assert {technique: str(use.most_per_region) for technique, use in uses.items()} == {
        "effleurage": "10m", "petrissage": "10m", "compression": "5m", "friction": "5m", "tapotement": "2m",
        "vibration": "2m", "gliding": "5m", "stretching": "5m", "percussion": "2m", "ischemic-compression": "5m"}
    assert "up to 15" in uses["compression"].most_source
    assert all(use.most_source for use in uses.values())


# --- chair work --------------------------------------------------------------------


@pytest.mark.parametrize("intent", [None, "maintenance", "recovery", "pre-event", "post-event"])
@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_seated_slot_works_through_clothing(protocolkit_catalog, phase, intent):
    ceiling = Pressure(3) if intent in ("pre-event", "post-event") else Pressure(5)
    steps = chair_work_steps(protocolkit_catalog, PLUGIN, phase, intent=intent, max_pressure=ceiling)
    assert {step.technique for step in steps}.isdisjoint({"effleurage", "gliding"})


def test_a_composed_chair_session_uses_no_oil(protocolkit_catalog):
    protocol = compose(protocolkit_catalog, ComposeRequest(Duration.parse("20m"), ["upper-back", "shoulder"], [PLUGIN],
                                                           seated=True))
    steps = protocol.hands_on_steps
    assert steps and not any(protocolkit_catalog.lubricated(step) for step in steps)
    assert all("oil" not in (step.notes or "") for step in steps)
    assert "petrissage" in {step.technique for step in steps}


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
