"""Tests for the deep-tissue plugin, used through its installed entry point."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from protocolkit import ComposeRequest, Duration, Pressure, Slot, compose
from protocolkit import ComposeError
from protocolkit.testing import assert_plugin_conforms, chair_work_steps, compose_and_validate
from protocolkit import validate_text

PLUGIN = "deep-tissue"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "upper-back-deep-tissue-60.yaml"


# --- what the plugin registers -------------------------------------------------


def test_registered_through_the_entry_point(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(PLUGIN) == PLUGIN
    assert protocolkit_catalog.techniques.owner("deep-stroking") == PLUGIN
    assert protocolkit_catalog.rules.owner("DTM001") == PLUGIN
    plugin = next(p for p in protocolkit_catalog.plugins if p.name == PLUGIN)
    assert (plugin.status, plugin.origin, plugin.distribution) == ("ok", "entry point", "protocolkit-deep-tissue")


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, PLUGIN)


def test_deep_stroking_is_deep_and_lubricated(protocolkit_catalog):
    technique = protocolkit_catalog.technique("deep-stroking")
    assert (technique.pressure.low, technique.pressure.high) == (Pressure(4), Pressure(5))
    assert technique.lubricant == "yes"
    assert technique.source


def test_offers_its_stroking_and_the_shared_techniques(protocolkit_catalog):
    modality = protocolkit_catalog.modality(PLUGIN)
    assert {use.technique for use in modality.techniques} == {
        "effleurage", "petrissage", "deep-stroking", "friction", "compression"}
    for shared in ("effleurage", "petrissage", "friction", "compression"):
        assert protocolkit_catalog.techniques.owner(shared) != PLUGIN
    assert Pressure(4) in protocolkit_catalog.pressure_range(modality, "compression")
    assert Pressure(4) in protocolkit_catalog.pressure_range(modality, "friction")
    assert modality.compose_rank == 60


def test_indications(protocolkit_catalog):
    assert {"strain", "sports-injury", "scar-tissue", "muscle-pain", "stiffness"} <= set(
        protocolkit_catalog.modality(PLUGIN).indications)


@pytest.mark.parametrize(("condition", "category"), [
    ("anticoagulants", "caution"), ("osteoporosis", "caution"), ("acute-inflammation", "local"),
    ("varicose-veins", "local"), ("recent-surgery", "local"), ("pain-medication", "caution"),
    ("dvt", "systemic"),
])
def test_contraindications_for_deep_pressure(protocolkit_catalog, condition, category):
    found = {c.id: c for c in protocolkit_catalog.modality(PLUGIN).contraindications}
    assert found[condition].category == category
    assert found[condition].reason and found[condition].source


def test_acute_inflammation_rules_out_deep_friction(protocolkit_catalog):
    found = {c.id: c for c in protocolkit_catalog.modality(PLUGIN).contraindications}
    assert "friction" in found["acute-inflammation"].reason


# --- composing -------------------------------------------------------------------


@pytest.mark.parametrize(("duration", "regions", "intent"), [
    ("30m", ["upper-back"], None),
    ("60m", ["upper-back", "neck", "shoulder"], "maintenance"),
    ("20m", ["calf"], "recovery"),
    ("45m", ["lower-back", "gluteal"], None),
])
def test_composed_alone_validates_clean(protocolkit_catalog, duration, regions, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, regions, [PLUGIN], intent=intent)
    assert findings == []
    assert all(step.modality == PLUGIN for step in protocol.hands_on_steps)


def test_composed_phases(protocolkit_catalog):
    protocol, _ = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], [PLUGIN])
    steps = protocol.hands_on_steps
    warm_up = [s for s in steps if s.technique in ("effleurage", "petrissage")][:2]
    assert [s.technique for s in warm_up] == ["effleurage", "petrissage"]
    assert steps[0].technique == "effleurage" and steps[0].pressure <= Pressure(3)
    assert all(s.pressure <= Pressure(3) for s in warm_up)
    work = [s for s in steps if s.technique in ("deep-stroking", "friction", "compression")]
    assert {s.technique for s in work} == {"deep-stroking", "friction", "compression"}
    assert all(s.pressure == Pressure(4) for s in work)
    assert steps[-1].technique == "effleurage" and steps[-1].pressure <= Pressure(3)


def test_composed_with_swedish_lets_swedish_warm_up(protocolkit_catalog):
    protocol, findings = compose_and_validate(protocolkit_catalog, "60m", ["upper-back", "neck"], (PLUGIN, "swedish"))
    assert findings == []
    first, last = protocol.hands_on_steps[0], protocol.hands_on_steps[-1]
    assert (first.modality, first.technique) == ("swedish", "effleurage")
    assert last.modality == PLUGIN and last.technique == "effleurage"
    assert any(step.technique == "deep-stroking" for step in protocol.steps)


def test_every_technique_says_how_long_it_may_work_one_region(protocolkit_catalog):
    uses = {use.technique: use for use in protocolkit_catalog.modality(PLUGIN).techniques}
    assert {technique: str(use.most_per_region) for technique, use in uses.items()} == {
        "effleurage": "5m", "petrissage": "8m", "deep-stroking": "10m", "friction": "10m", "compression": "5m"}
    assert "Cyriax" in uses["friction"].most_source
    assert all(use.most_source for use in uses.values())


@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_seated_slot_works_through_clothing_or_on_dry_skin(protocolkit_catalog, phase):
    steps = chair_work_steps(protocolkit_catalog, PLUGIN, phase, duration="6m")
    assert {step.technique for step in steps}.isdisjoint({"effleurage", "deep-stroking"})
    if phase == "work":
        assert all(step.pressure == Pressure(4) for step in steps)
    else:
        assert all(step.pressure <= Pressure(3) for step in steps)


def test_a_composed_chair_session_uses_no_oil(protocolkit_catalog):
    protocol = compose(protocolkit_catalog, ComposeRequest(Duration.parse("30m"), ["upper-back", "neck"], [PLUGIN],
                                                           seated=True))
    steps = protocol.hands_on_steps
    assert steps and not any(protocolkit_catalog.lubricated(step) for step in steps)
    assert all("oil" not in (step.notes or "") for step in steps)
    assert any(step.pressure == Pressure(4) for step in steps)


def test_no_pre_event_deep_tissue(protocolkit_catalog):
    with pytest.raises(ComposeError, match="pre-event"):
        compose_and_validate(protocolkit_catalog, "15m", ["calf"], [PLUGIN], intent="pre-event")


def test_compose_hook_ignores_other_modalities(protocolkit_catalog):
    import protocolkit_deep_tissue

    slot = Slot(region="calf", duration=Duration.parse("5m"), phase="work",
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(PLUGIN)))
    assert protocolkit_deep_tissue.protocolkit_compose_steps(protocolkit_catalog.modality("swedish"), slot) is None


# --- DTM001 ----------------------------------------------------------------------

DTM001_TRIPPED = textwrap.dedent("""\
    protocolkit: 1
    id: calf-deep
    title: Deep calf work
    duration: 10m
    steps:
      - modality: deep-tissue
        technique: effleurage
        region: calf
        duration: 3m
        pressure: light
      - modality: deep-tissue
        technique: deep-stroking
        region: calf
        duration: 7m
        pressure: maximal
    """)

DTM001_LAYERED = textwrap.dedent("""\
    protocolkit: 1
    id: calf-deep
    title: Deep calf work
    duration: 10m
    steps:
      - modality: deep-tissue
        technique: effleurage
        region: calf
        duration: 3m
        pressure: light
      - modality: deep-tissue
        technique: deep-stroking
        region: calf
        duration: 3m
        pressure: deep
      - modality: deep-tissue
        technique: deep-stroking
        region: calf
        duration: 4m
        pressure: maximal
    """)


def test_dtm001_maximal_without_a_deep_layer_first(protocolkit_catalog):
    findings = validate_text(DTM001_TRIPPED, protocolkit_catalog, path="calf.yaml")
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("DTM001", "warning", 15, 15)]
    assert findings[0].path == ("steps", 1, "pressure")
    assert "pressure 4" in findings[0].message


def test_dtm001_quiet_when_worked_deep_first(protocolkit_catalog):
    assert validate_text(DTM001_LAYERED, protocolkit_catalog, path="calf.yaml") == []


def test_dtm001_counts_sides_separately(protocolkit_catalog):
    text = DTM001_LAYERED.replace("    duration: 3m\n    pressure: deep", "    side: left\n    duration: 3m\n"
                                  "    pressure: deep")
    findings = validate_text(text, protocolkit_catalog, path="calf.yaml")
    # Only the left calf was worked at 4, so maximal on both sides still skips a layer on the right.
    assert [(f.code, f.path) for f in findings] == [("DTM001", ("steps", 2, "pressure"))]


# --- the example protocol --------------------------------------------------------


def test_upper_back_example_validates_with_no_findings(protocolkit_catalog):
    if not EXAMPLE.exists():
        pytest.skip("the example lives in the protocolkit checkout")
    assert validate_text(EXAMPLE.read_text(encoding="utf-8"), protocolkit_catalog, path=str(EXAMPLE)) == []
