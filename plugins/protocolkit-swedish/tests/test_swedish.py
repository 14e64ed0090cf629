"""Tests for the Swedish plugin, used through its installed entry point."""

from __future__ import annotations

import pytest

import attrs

from protocolkit import ComposeRequest, Duration, Pressure, Slot, compose
from protocolkit.testing import assert_plugin_conforms, compose_and_validate

PLUGIN = "swedish"


# --- what the plugin registers -------------------------------------------------


def test_registered_through_the_entry_point(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(PLUGIN) == PLUGIN
    plugin = next(p for p in protocolkit_catalog.plugins if p.name == PLUGIN)
    assert (plugin.status, plugin.origin, plugin.distribution) == ("ok", "entry point", "protocolkit-swedish")


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, PLUGIN)


def test_every_technique_says_how_long_it_may_work_one_region(protocolkit_catalog):
    uses = {use.technique: use for use in protocolkit_catalog.modality(PLUGIN).techniques}
    assert {technique: str(use.most_per_region) for technique, use in uses.items()} == {
        "effleurage": "10m", "petrissage": "10m", "friction": "5m", "tapotement": "2m", "vibration": "2m"}
    assert all(use.most_source for use in uses.values())


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


COMPOSED = [(intent, duration, regions) for intent in (None, "relaxation", "maintenance", "recovery")
            for duration, regions in (("30m", ["upper-back"]), ("60m", ["upper-back", "neck", "calf"]))]
# Post-event work lasts 10-20 minutes (the composer refuses longer).
COMPOSED += [("post-event", "15m", ["calf"]), ("post-event", "20m", ["posterior-thigh", "calf"])]


@pytest.mark.parametrize(("intent", "duration", "regions"), COMPOSED)
def test_composed_alone_validates_clean(protocolkit_catalog, duration, regions, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, regions, [PLUGIN], intent=intent)
    assert findings == []
    assert {step.modality for step in protocol.hands_on_steps} == {PLUGIN}
    for region in regions:
        steps = [step for step in protocol.hands_on_steps if step.region == region]
        assert steps[0].technique == "effleurage"
    assert protocol.hands_on_steps[-1].technique == "effleurage"
    if intent == "post-event":
        assert {step.technique for step in protocol.hands_on_steps} == {"effleurage", "petrissage"}


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


def slot(catalog, phase, duration="6m", **kwargs):
    return Slot(region="upper-back", duration=Duration.parse(duration), phase=phase,
                techniques=catalog.slot_techniques(catalog.modality(PLUGIN)), **kwargs)


def compose_slot(catalog, slot):
    return catalog.composer.steps(catalog.modality(PLUGIN), slot)


# --- chair work and relaxation ---------------------------------------------------

CHAIR = {"position": "seated", "lubricant_allowed": False}
NOT_RELAXING = {"friction", "tapotement", "percussion"}


@pytest.mark.parametrize("intent", [None, "relaxation", "maintenance"])
@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_seated_slot_kneads_through_clothing(protocolkit_catalog, phase, intent):
    steps = compose_slot(protocolkit_catalog, slot(protocolkit_catalog, phase, intent=intent, **CHAIR))
    assert sum(step.duration.seconds for step in steps) == 360
    assert not any(protocolkit_catalog.lubricated(step) for step in steps)
    assert "effleurage" not in {step.technique for step in steps}
    assert all("oil" not in (step.notes or "") for step in steps)
    kneading = [step for step in steps if step.technique == "petrissage"]
    assert kneading and all(step.lubricant is False for step in kneading)


def test_seated_alone_is_enough_for_chair_work(protocolkit_catalog):
    """A seated client (and nothing else) gets the chair plan, as a slot where no oil may go does."""
    seated = attrs.evolve(slot(protocolkit_catalog, "warm-up"), position="seated")
    assert [step.notes for step in compose_slot(protocolkit_catalog, seated)] == [
        "slow, light kneading through clothing to warm the area"]


def test_a_composed_chair_session_uses_no_oil(protocolkit_catalog):
    protocol = compose(protocolkit_catalog, ComposeRequest(Duration.parse("20m"), ["upper-back", "neck", "shoulder"],
                                                           [PLUGIN], seated=True))
    steps = protocol.hands_on_steps
    assert steps and not any(protocolkit_catalog.lubricated(step) for step in steps)
    assert all("oil" not in (step.notes or "") for step in steps)


@pytest.mark.parametrize("chair", [False, True])
@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_relaxation_has_no_friction_and_no_striking(protocolkit_catalog, phase, chair):
    steps = compose_slot(protocolkit_catalog, slot(protocolkit_catalog, phase, "10m", intent="relaxation",
                                                   **(CHAIR if chair else {})))
    assert not {step.technique for step in steps} & NOT_RELAXING
    assert all(step.pressure <= Pressure(3) for step in steps)


def test_other_intents_keep_friction_and_tapotement(protocolkit_catalog):
    steps = compose_slot(protocolkit_catalog, slot(protocolkit_catalog, "work", "10m", intent="maintenance"))
    assert {"friction", "tapotement"} <= {step.technique for step in steps}
