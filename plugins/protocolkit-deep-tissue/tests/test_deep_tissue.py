"""Tests for the deep-tissue plugin, used through its installed entry point."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from protocolkit import Duration, Pressure, load_catalog
from protocolkit.compose import ComposeError, ComposeRequest, compose
from protocolkit.serialize import dump_yaml, protocol_to_data
from protocolkit.validation import validate_text

PLUGIN = "deep-tissue"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "upper-back-deep-tissue-60.yaml"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def findings_for(catalog, protocol):
    return validate_text(dump_yaml(protocol_to_data(protocol)), catalog, path="composed.yaml")


def composed(catalog, duration, regions, modalities=(PLUGIN,), intent=None):
    return compose(catalog, ComposeRequest(Duration.parse(duration), regions=regions, modalities=modalities,
                                           intent=intent))


# --- what the plugin registers -------------------------------------------------


def test_registered_through_the_entry_point(catalog):
    assert catalog.owner("modality", PLUGIN) == PLUGIN
    assert catalog.owner("technique", "deep-stroking") == PLUGIN
    assert catalog.owner("rule", "DTM001") == PLUGIN
    plugin = next(p for p in catalog.plugins if p.name == PLUGIN)
    assert (plugin.status, plugin.origin, plugin.distribution) == ("ok", "entry point", "protocolkit-deep-tissue")


def test_deep_stroking_is_deep_and_lubricated(catalog):
    technique = catalog.technique("deep-stroking")
    assert (technique.pressure.low, technique.pressure.high) == (Pressure(4), Pressure(5))
    assert technique.lubricant == "yes"
    assert technique.source


def test_offers_its_stroking_and_the_shared_techniques(catalog):
    modality = catalog.modality(PLUGIN)
    assert {use.technique for use in modality.techniques} == {
        "effleurage", "petrissage", "deep-stroking", "friction", "compression"}
    for shared in ("effleurage", "petrissage", "friction", "compression"):
        assert catalog.owner("technique", shared) != PLUGIN
    assert Pressure(4) in catalog.pressure_range(modality, "compression")
    assert Pressure(4) in catalog.pressure_range(modality, "friction")
    assert modality.compose_rank == 60


def test_indications(catalog):
    assert {"strain", "sports-injury", "scar-tissue", "muscle-pain", "stiffness"} <= set(
        catalog.modality(PLUGIN).indications)


@pytest.mark.parametrize(("condition", "category"), [
    ("anticoagulants", "caution"), ("osteoporosis", "caution"), ("acute-inflammation", "local"),
    ("varicose-veins", "local"), ("recent-surgery", "local"), ("pain-medication", "caution"),
    ("dvt", "systemic"),
])
def test_contraindications_for_deep_pressure(catalog, condition, category):
    found = {c.id: c for c in catalog.modality(PLUGIN).contraindications}
    assert found[condition].category == category
    assert found[condition].reason and found[condition].source


def test_acute_inflammation_rules_out_deep_friction(catalog):
    found = {c.id: c for c in catalog.modality(PLUGIN).contraindications}
    assert "friction" in found["acute-inflammation"].reason


# --- composing -------------------------------------------------------------------


@pytest.mark.parametrize(("duration", "regions", "intent"), [
    ("30m", ["upper-back"], None),
    ("60m", ["upper-back", "neck", "shoulder"], "maintenance"),
    ("20m", ["calf"], "recovery"),
    ("45m", ["lower-back", "gluteal"], None),
])
def test_composed_alone_validates_clean(catalog, duration, regions, intent):
    protocol = composed(catalog, duration, regions, intent=intent)
    assert findings_for(catalog, protocol) == []
    assert all(step.modality == PLUGIN for step in protocol.steps)


def test_composed_phases(catalog):
    steps = composed(catalog, "30m", ["upper-back"]).steps
    warm_up = [s for s in steps if s.technique in ("effleurage", "petrissage")][:2]
    assert [s.technique for s in warm_up] == ["effleurage", "petrissage"]
    assert steps[0].technique == "effleurage" and steps[0].pressure <= Pressure(3)
    assert all(s.pressure <= Pressure(3) for s in warm_up)
    work = [s for s in steps if s.technique in ("deep-stroking", "friction", "compression")]
    assert {s.technique for s in work} == {"deep-stroking", "friction", "compression"}
    assert all(s.pressure == Pressure(4) for s in work)
    assert steps[-1].technique == "effleurage" and steps[-1].pressure <= Pressure(3)


def test_composed_with_swedish_lets_swedish_warm_up(catalog):
    protocol = composed(catalog, "60m", ["upper-back", "neck"], modalities=(PLUGIN, "swedish"))
    assert findings_for(catalog, protocol) == []
    first = protocol.steps[0]
    assert (first.modality, first.technique) == ("swedish", "effleurage")
    assert protocol.steps[-1].modality == PLUGIN and protocol.steps[-1].technique == "effleurage"
    assert any(step.technique == "deep-stroking" for step in protocol.steps)


def test_no_pre_event_deep_tissue(catalog):
    with pytest.raises(ComposeError, match="pre-event"):
        composed(catalog, "15m", ["calf"], intent="pre-event")


def test_compose_hook_ignores_other_modalities(catalog):
    import protocolkit_deep_tissue
    from protocolkit.compose import Slot

    slot = Slot(region="calf", duration=Duration.parse("5m"), phase="work", catalog=catalog)
    assert protocolkit_deep_tissue.protocolkit_compose_steps(catalog.modality("swedish"), slot) is None


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


def test_dtm001_maximal_without_a_deep_layer_first(catalog):
    findings = validate_text(DTM001_TRIPPED, catalog, path="calf.yaml")
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("DTM001", "warning", 15, 15)]
    assert findings[0].path == ("steps", 1, "pressure")
    assert "pressure 4" in findings[0].message


def test_dtm001_quiet_when_worked_deep_first(catalog):
    assert validate_text(DTM001_LAYERED, catalog, path="calf.yaml") == []


def test_dtm001_counts_sides_separately(catalog):
    text = DTM001_LAYERED.replace("    duration: 3m\n    pressure: deep", "    side: left\n    duration: 3m\n"
                                  "    pressure: deep")
    findings = validate_text(text, catalog, path="calf.yaml")
    # Only the left calf was worked at 4, so maximal on both sides still skips a layer on the right.
    assert [(f.code, f.path) for f in findings] == [("DTM001", ("steps", 2, "pressure"))]


# --- the example protocol --------------------------------------------------------


def test_upper_back_example_validates_with_no_findings(catalog):
    if not EXAMPLE.exists():
        pytest.skip("the example lives in the protocolkit checkout")
    assert validate_text(EXAMPLE.read_text(encoding="utf-8"), catalog, path=str(EXAMPLE)) == []
