"""Tests for the Swedish plugin, used through its installed entry point."""

from __future__ import annotations

import pytest

from protocolkit import Duration, Pressure
from protocolkit import Slot
from protocolkit.testing import assert_plugin_conforms, compose_and_validate

PLUGIN = "swedish"


# --- what the plugin registers -------------------------------------------------


def test_registered_through_the_entry_point(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(PLUGIN) == PLUGIN
    plugin = next(p for p in protocolkit_catalog.plugins if p.name == PLUGIN)
    assert (plugin.status, plugin.origin, plugin.distribution) == ("ok", "entry point", "protocolkit-swedish")


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, PLUGIN)


def test_offers_only_shared_techniques(protocolkit_catalog):
    modality = protocolkit_catalog.modality(PLUGIN)
    offered = [use.technique for use in modality.techniques]
    assert offered == ["effleurage", "petrissage", "friction", "tapotement", "vibration"]
    assert all(protocolkit_catalog.techniques.owner(technique) == "core-techniques" for technique in offered)
    assert modality.compose_rank == 40 and not modality.regions


def test_contraindications(protocolkit_catalog):
    found = {c.id: c.category for c in protocolkit_catalog.modality(PLUGIN).contraindications}
    assert found["dvt"] == found["fever"] == "systemic"
    assert found["varicose-veins"] == "local"
    assert found["osteoporosis"] == "caution"


# --- composing -------------------------------------------------------------------


@pytest.mark.parametrize("intent", [None, "relaxation", "maintenance", "recovery", "post-event"])
@pytest.mark.parametrize(("duration", "regions"), [("30m", ["upper-back"]), ("60m", ["upper-back", "neck", "calf"])])
def test_composed_alone_validates_clean(protocolkit_catalog, duration, regions, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, regions, [PLUGIN], intent=intent)
    assert findings == []
    assert {step.modality for step in protocol.steps} == {PLUGIN}
    for region in regions:
        steps = [step for step in protocol.steps if step.region == region]
        assert steps[0].technique == steps[-1].technique == "effleurage"


@pytest.mark.parametrize("phase", ["warm-up", "flush"])
def test_warm_up_and_flush_are_light_effleurage(protocolkit_catalog, phase):
    slot = Slot(region="upper-back", duration=Duration.parse("3m"), phase=phase,
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(PLUGIN)))
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(PLUGIN), slot)
    assert [(s.technique, s.duration, s.pressure) for s in steps] == [("effleurage", Duration.parse("3m"),
                                                                        Pressure(2))]


def test_work_is_mostly_kneading(protocolkit_catalog):
    slot = Slot(region="upper-back", duration=Duration.parse("10m"), phase="work",
                techniques=protocolkit_catalog.slot_techniques(protocolkit_catalog.modality(PLUGIN)))
    steps = protocolkit_catalog.composer.steps(protocolkit_catalog.modality(PLUGIN), slot)
    assert sum(step.duration.seconds for step in steps) == 600
    longest = max(steps, key=lambda step: step.duration)
    assert (longest.technique, longest.pressure) == ("petrissage", Pressure(3))
