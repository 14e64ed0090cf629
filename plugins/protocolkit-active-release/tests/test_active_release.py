"""Tests for the active-release plugin, used through its installed entry point."""

from __future__ import annotations

import json
import textwrap

import pytest

from protocolkit import REGIONS, ComposeRequest, Duration, Pressure, compose
from protocolkit.testing import assert_plugin_conforms, chair_work_steps, compose_and_validate
from protocolkit import validate_text

PLUGIN = "active-release"


# --- what the plugin registers -------------------------------------------------


def test_registered_through_the_entry_point(protocolkit_catalog):
    assert protocolkit_catalog.modalities.owner(PLUGIN) == PLUGIN
    assert protocolkit_catalog.techniques.owner("pin-and-stretch") == PLUGIN
    assert protocolkit_catalog.rules.owner("ART001") == PLUGIN
    plugin = next(p for p in protocolkit_catalog.plugins if p.name == PLUGIN)
    assert (plugin.status, plugin.origin, plugin.distribution) == ("ok", "entry point",
                                                                   "protocolkit-active-release")


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, PLUGIN)


def test_pin_and_stretch_is_firm_and_dry(protocolkit_catalog):
    technique = protocolkit_catalog.technique("pin-and-stretch")
    assert (technique.pressure.low, technique.pressure.high) == (Pressure(3), Pressure(5))
    assert technique.lubricant == "no"
    assert "shortened" in technique.description and "lengthen" in technique.description


def test_every_technique_is_lubricant_free(protocolkit_catalog):
    modality = protocolkit_catalog.modality(PLUGIN)
    offered = [use.technique for use in modality.techniques]
    assert "pin-and-stretch" in offered
    assert all(protocolkit_catalog.technique(t).lubricant == "no" for t in offered)
    assert modality.compose_rank == 30


def test_indications(protocolkit_catalog):
    assert {"adductor-strain", "hamstring-flexibility", "carpal-tunnel-syndrome", "quadriceps-inhibition"} <= set(
        protocolkit_catalog.modality(PLUGIN).indications)


def test_contraindications(protocolkit_catalog):
    found = {c.id: c.category for c in protocolkit_catalog.modality(PLUGIN).contraindications}
    assert found["acute-strain"] == "local"
    assert found["anticoagulants"] == "caution"
    assert found["dvt"] == "systemic"


# --- composing -------------------------------------------------------------------


@pytest.mark.parametrize(("duration", "regions", "intent"), [
    ("30m", ["posterior-thigh"], None),
    ("20m", ["forearm", "medial-thigh"], "recovery"),
    ("10m", ["anterior-thigh"], "maintenance"),
])
def test_composed_alone_validates_clean(protocolkit_catalog, duration, regions, intent):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, regions, [PLUGIN], intent=intent)
    assert findings == []
    assert not any(protocolkit_catalog.lubricated(step) for step in protocol.steps)


def test_composed_phases(protocolkit_catalog):
    protocol, _ = compose_and_validate(protocolkit_catalog, "30m", ["posterior-thigh"], [PLUGIN])
    steps = [step for step in protocol.hands_on_steps if step.side == protocol.hands_on_steps[0].side]
    assert steps[0].technique == "compression" and steps[0].pressure <= Pressure(3)
    work = [step for step in steps if step.technique == "pin-and-stretch"]
    assert len(work) >= 2 and max(step.pressure for step in work) >= Pressure(4)
    assert steps[-1].technique == "stretching" and steps[-1].pressure <= Pressure(3)


@pytest.mark.parametrize("others", [("swedish",), ("swedish", "deep-tissue")])
def test_composed_before_lubricated_modalities(protocolkit_catalog, others):
    if any(other not in protocolkit_catalog.modalities for other in others):
        pytest.skip(f"needs {', '.join(others)} installed")
    protocol, findings = compose_and_validate(protocolkit_catalog, "45m", ["posterior-thigh"], (*others, PLUGIN))
    assert findings == []
    for side in {step.side for step in protocol.hands_on_steps}:
        steps = [step for step in protocol.hands_on_steps if step.side == side]
        first_oiled = next(i for i, step in enumerate(steps) if protocolkit_catalog.lubricated(step))
        assert max(i for i, step in enumerate(steps) if step.technique == "pin-and-stretch") < first_oiled


def test_every_technique_says_how_long_it_may_work_one_region(protocolkit_catalog):
    uses = {use.technique: use for use in protocolkit_catalog.modality(PLUGIN).techniques}
    assert {technique: str(use.most_per_region) for technique, use in uses.items()} == {
        "pin-and-stretch": "10m", "compression": "5m", "stretching": "5m"}
    assert all("project default" in use.most_source for use in uses.values())


@pytest.mark.parametrize("phase", ["warm-up", "work", "flush"])
def test_a_seated_slot_needs_nothing_new(protocolkit_catalog, phase):
    """Every technique is dry already: a seated slot gets the same plan, with no word of oil."""
    assert chair_work_steps(protocolkit_catalog, PLUGIN, phase)


# --- goals -----------------------------------------------------------------------

GOALS = {"hamstring-flexibility": ("posterior-thigh", "calf", "gluteal"), "adductor-strain": ("medial-thigh",),
         "carpal-tunnel-syndrome": ("forearm", "wrist", "hand"), "quadriceps-inhibition": ("anterior-thigh",)}


def test_the_goals_its_indications_name(protocolkit_catalog):
    owned = {goal_id: protocolkit_catalog.goals[goal_id] for goal_id in protocolkit_catalog.goals
             if protocolkit_catalog.goals.owner(goal_id) == PLUGIN}
    assert {goal_id: goal.regions for goal_id, goal in owned.items()} == GOALS
    assert owned["hamstring-flexibility"].focus == "posterior-thigh"
    indications = protocolkit_catalog.modality(PLUGIN).indications
    for goal in owned.values():
        assert goal.id in indications and goal.name and goal.source
        for region in goal.regions:
            assert region in REGIONS, (goal.id, region)
            assert not REGIONS.get(region).is_endangerment_site, (goal.id, region)
    # Adhesions and fibrosis can be anywhere: no regions to register.
    assert not {"adhesions", "fibrosis"} & set(owned)


@pytest.mark.parametrize("goal", sorted(GOALS))
def test_compose_works_a_goals_regions_without_being_told(protocolkit_catalog, goal):
    protocol = compose(protocolkit_catalog, ComposeRequest(Duration.parse("30m"), regions=(), goals=(goal,)))
    worked = {step.region for step in protocol.hands_on_steps}
    assert worked == set(GOALS[goal])
    assert {step.modality for step in protocol.hands_on_steps} == {PLUGIN}


CLINIC_GOALS = """\
from protocolkit import Goal, hookimpl


@hookimpl
def protocolkit_register_goals(register):
    register(Goal("hamstring-flexibility", "Hamstrings", ["posterior-thigh"], source="a clinic's own"))
"""


def test_another_plugin_cannot_take_a_goal_this_one_registered(protocolkit_cli, tmp_path):
    (tmp_path / "clinic_goals.py").write_text(CLINIC_GOALS, encoding="utf-8")
    result = protocolkit_cli("-p", str(tmp_path / "clinic_goals.py"), "plugins", "--format", "json")
    statuses = {plugin["name"]: plugin for plugin in json.loads(result.stdout)}
    assert statuses["clinic_goals"]["status"] == "failed"
    assert "already registered by plugin 'active-release'" in statuses["clinic_goals"]["error"]
    assert statuses[PLUGIN]["status"] == "ok"


# --- ART001 ----------------------------------------------------------------------

ORDER = textwrap.dedent("""\
    protocolkit: 1
    id: hamstring-release
    title: Hamstring release
    duration: 10m
    steps:
      - modality: {first}
        technique: {first_technique}
        region: hamstrings
        side: {first_side}
        duration: 5m
        pressure: moderate
      - modality: {second}
        technique: {second_technique}
        region: hamstrings
        duration: 5m
        pressure: moderate
    """)
PIN = {"modality": PLUGIN, "technique": "pin-and-stretch"}
OIL = {"modality": "swedish", "technique": "petrissage"}


def in_order(first, second, first_side="both"):
    return ORDER.format(first=first["modality"], first_technique=first["technique"], first_side=first_side,
                        second=second["modality"], second_technique=second["technique"])


def test_art001_pin_after_oil(protocolkit_catalog):
    findings = validate_text(in_order(OIL, PIN), protocolkit_catalog, path="release.yaml")
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("ART001", "warning", 13, 16)]
    assert findings[0].path == ("steps", 1, "technique")
    assert "before the lubricated work" in findings[0].message


def test_art001_quiet_when_pin_comes_first(protocolkit_catalog):
    assert validate_text(in_order(PIN, OIL), protocolkit_catalog, path="release.yaml") == []


def test_art001_quiet_when_only_the_other_side_was_oiled(protocolkit_catalog):
    text = in_order(OIL, PIN, first_side="left").replace(
        "region: hamstrings\n    duration: 5m", "region: hamstrings\n    side: right\n    duration: 5m")
    assert validate_text(text, protocolkit_catalog, path="release.yaml") == []


LUBRICANT = textwrap.dedent("""\
    protocolkit: 1
    id: adductor-release
    title: Adductor release
    duration: 8m
    steps:
      - modality: active-release
        technique: compression
        region: adductors
        duration: 2m
        pressure: light
      - modality: active-release
        technique: pin-and-stretch
        region: adductors
        duration: 6m
        pressure: moderate
        lubricant: {lubricant}
    """)


def test_art001_pin_marked_lubricated(protocolkit_catalog):
    findings = validate_text(LUBRICANT.format(lubricant="true"), protocolkit_catalog, path="adductors.yaml")
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("ART001", "warning", 16, 16)]
    assert findings[0].path == ("steps", 1, "lubricant")


def test_art001_quiet_on_dry_skin(protocolkit_catalog):
    assert validate_text(LUBRICANT.format(lubricant="false"), protocolkit_catalog, path="adductors.yaml") == []
