"""The pytest plugin protocolkit ships for plugin authors: fixtures, helpers and the conformance check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import protocolkit.testing
from protocolkit.authoring.quality import checked_items
from protocolkit.cli import cli
from protocolkit.plugin.catalog import Catalog
from protocolkit.composition.engine import ComposeError
from protocolkit.model.conditions import Intake, IntakeEntry
from protocolkit.model.protocol import Duration, Pressure
from protocolkit.plugin.host import load_catalog
from protocolkit.testing import assert_plugin_conforms, check_plugin, compose_and_validate, validate_protocol

from .seeds import DISTRIBUTIONS

SEEDS = ("active-release", "deep-tissue", "myofascial-release", "reflexology", "sports", "swedish", "trigger-point")
CLEAN_ENV = {key: value for key, value in os.environ.items() if not key.startswith("PROTOCOLKIT_")}


# -- the seed plugins -------------------------------------------------------------------------


@pytest.mark.parametrize("distribution", sorted(DISTRIBUTIONS))
def test_every_seed_plugin_passes_check_plugin(protocolkit_catalog: Catalog, distribution: str) -> None:
    # The core holds its seed plugins to the bar plugin authors get: the same command, the same check.
    plugin = next(p.name for p in protocolkit_catalog.plugins if p.distribution == distribution)
    result = CliRunner().invoke(cli, ["check-plugin", plugin, "--format", "json"], env=CLEAN_ENV)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"plugin": plugin, "problems": [], "checked": checked_items(
        protocolkit_catalog, plugin)}


@pytest.mark.parametrize("plugin", ["core-techniques", "core-rules", "core-conditions", "core-exporters",
                                    "core-subjects"])
def test_the_core_plugins_conform_too(protocolkit_catalog: Catalog, plugin: str) -> None:
    assert check_plugin(protocolkit_catalog, plugin) == []


# -- the fixtures --------------------------------------------------------------------------------


def test_the_module_is_registered_as_a_pytest_plugin(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.get_plugin("protocolkit") is protocolkit.testing


def test_catalog_fixture_has_the_seven_modalities(protocolkit_catalog: Catalog) -> None:
    assert set(SEEDS) <= set(protocolkit_catalog.modalities)
    assert all(plugin.status == "ok" for plugin in protocolkit_catalog.plugins)


def test_cli_fixture_lists_the_modalities(protocolkit_cli: protocolkit.testing.CliRun) -> None:
    result = protocolkit_cli("modalities")
    assert result.exit_code == 0, result.output
    for modality in SEEDS:
        assert modality in result.output


def test_cli_fixture_clears_the_plugin_environment(protocolkit_cli: protocolkit.testing.CliRun,
                                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PROTOCOLKIT_DISABLE_PLUGINS", "swedish")
    monkeypatch.setenv("PROTOCOLKIT_PLUGINS", str(tmp_path / "missing.py"))
    result = protocolkit_cli("modalities")
    assert result.exit_code == 0, result.output
    assert "swedish" in result.output and "missing" not in result.output
    # Options for CliRunner.invoke pass through; an explicit env still applies.
    disabled = protocolkit_cli("modalities", env={"PROTOCOLKIT_DISABLE_PLUGINS": "swedish"})
    assert disabled.exit_code == 0 and "swedish" not in disabled.stdout


def test_the_catalog_fixture_fails_when_a_plugin_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("raise RuntimeError('no stones today')\n")
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(f"""\
        import protocolkit.plugin.host

        _load = protocolkit.plugin.host.load_catalog
        protocolkit.plugin.host.load_catalog = lambda **options: _load(local_modules=[{str(broken)!r}], **options)


        def test_uses_the_catalog(protocolkit_catalog):
            pass


        def test_gets_the_cli(protocolkit_cli):
            assert protocolkit_cli("--version").exit_code == 0
        """))
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_inner.py"],
                            cwd=tmp_path, env=CLEAN_ENV, capture_output=True, text=True, timeout=120)
    assert "1 passed, 1 error" in result.stdout, result.stdout + result.stderr
    assert "protocolkit plugins failed to load" in result.stdout
    assert "plugin 'broken' failed: RuntimeError: no stones today" in result.stdout


def test_importing_the_plugin_loads_neither_jsonschema_nor_the_cli() -> None:
    code = ("import sys, protocolkit.testing; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('jsonschema', 'click', 'yaml') or m.startswith('protocolkit.cli')))")
    result = subprocess.run([sys.executable, "-c", code], env=CLEAN_ENV, capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"


# -- the helpers ---------------------------------------------------------------------------------


def test_compose_and_validate(protocolkit_catalog: Catalog) -> None:
    protocol, findings = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], ["swedish"],
                                              intent="relaxation", goals=["stress"])
    assert findings == []
    assert protocol.duration == Duration.parse("30m") and protocol.intent == "relaxation"
    assert protocol.goals == ("stress",)
    with pytest.raises(ComposeError, match="works only on foot, hand"):
        compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], ["reflexology"])


def test_validate_protocol_locates_rule_findings(protocolkit_catalog: Catalog) -> None:
    protocol, _ = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], ["swedish"])
    assert validate_protocol(protocol, protocolkit_catalog) == []
    first = protocol.hands_on_steps[0]  # after the assessment
    steps = list(protocol.steps)
    steps[first.index] = attrs.evolve(first, pressure=Pressure(5))
    too_deep = attrs.evolve(protocol, steps=steps)
    findings = validate_protocol(too_deep, protocolkit_catalog)
    assert findings and all(f.file == f"{protocol.id}.yaml" and f.line for f in findings)
    assert ("steps", first.index, "pressure") in [f.path for f in findings]
    assert validate_protocol(too_deep, protocolkit_catalog, path="mine.yaml")[0].file == "mine.yaml"


def test_validate_protocol_checks_the_schema(protocolkit_catalog: Catalog) -> None:
    protocol, _ = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], ["swedish"])
    findings = validate_protocol(attrs.evolve(protocol, format_version=7), protocolkit_catalog)
    assert [f.code for f in findings] == ["PK001"]


def test_validate_protocol_screens_with_an_intake(protocolkit_catalog: Catalog) -> None:
    protocol, _ = compose_and_validate(protocolkit_catalog, "30m", ["upper-back"], ["swedish"])
    intake = Intake(client="c-17", entries=[IntakeEntry(id="dvt", path=("conditions", 0))])
    assert "PK401" in [f.code for f in validate_protocol(protocol, protocolkit_catalog, intake)]


# -- the conformance check catches problems ------------------------------------------------------------

# A small plugin that conforms; each test below breaks one thing by redefining a
# name at the end of the module (the hooks look their data up when called).
PLUGIN = textwrap.dedent('''\
    import attrs

    from protocolkit import (Condition, Contraindication, Duration, DurationRange, Modality, Pressure,
                             PressureRange, RegionLimit, Rule, Step, Technique, TechniqueUse, hookimpl)
    from protocolkit.model.planning import PlanItem, plan_steps

    TECHNIQUE = Technique("stone-glide", "Stone glide", "Long strokes with a warm stone.",
                          PressureRange.of(1, 3), DurationRange.of("30s", "10m"), "yes", "House notes")
    MODALITY = Modality(id="stones", name="Hot stones", summary="Warm stones glided over oiled muscle.",
                        techniques=[TechniqueUse("stone-glide"), TechniqueUse("effleurage")],
                        indications=["relaxation"], intents=["relaxation"],
                        contraindications=[Contraindication("fever", "systemic", "Heat adds to a fever.")],
                        source="House notes")
    PRESSED = """\\
    protocolkit: 1
    id: stones
    title: Stones
    duration: 5m
    steps:
      - modality: stones
        technique: stone-glide
        region: upper-back
        duration: 5m
        pressure: moderate
    """


    def _pressed(protocol, catalog):
        return [RULE.finding("a warm stone is glided lightly", (*step.path, "pressure"))
                for step in protocol.hands_on_steps if step.technique == "stone-glide" and step.pressure > Pressure(2)]


    RULE = Rule("STN001", "warning", "a stone glided above light pressure", check=_pressed,
                what="A stone-glide step above pressure 2.", why="A warm stone is glided lightly. Source: house notes.",
                example=PRESSED, fix=PRESSED.replace("moderate", "light"))
    CONDITION = Condition("stone-allergy", "Stone allergy", "caution", "Some skin reacts to the stones.",
                          avoid=["stone-glide"])


    @hookimpl
    def protocolkit_register_techniques(register):
        register(TECHNIQUE)


    @hookimpl
    def protocolkit_register_modalities(register):
        register(MODALITY)


    @hookimpl
    def protocolkit_register_rules(register):
        register(RULE)


    @hookimpl
    def protocolkit_register_conditions(register):
        register(CONDITION)


    @hookimpl
    def protocolkit_compose_steps(modality, slot):
        if modality.id != MODALITY.id:
            return None
        return plan_steps(modality, slot, [PlanItem("effleurage", 1, "light"), PlanItem("stone-glide", 2, "light")])
    ''')


def _catalog_with(tmp_path: Path, change: str = "", name: str = "stones") -> tuple[Catalog, list[str]]:
    path = tmp_path / f"{name}.py"
    path.write_text(PLUGIN + "\n" + textwrap.dedent(change), encoding="utf-8")
    warnings: list[str] = []
    return load_catalog(local_modules=[str(path)], environ={}, warn=warnings.append), warnings


def _problems(tmp_path: Path, change: str) -> list[str]:
    catalog, warnings = _catalog_with(tmp_path, change)
    assert warnings == []
    return check_plugin(catalog, "stones")


def test_a_contraindication_the_catalog_lacks_fails_conformance_and_is_said_on_load(tmp_path: Path) -> None:
    catalog, warnings = _catalog_with(tmp_path, 'MODALITY = attrs.evolve(MODALITY, contraindications=['
                                                'Contraindication("stone-burn", "local", "Hot stones can burn.")])')
    assert check_plugin(catalog, "stones") == [
        "modality 'stones': contraindication 'stone-burn' names no condition the catalog knows; register it with "
        "protocolkit_register_conditions so that screening restricts every modality"]
    assert len(warnings) == 1 and "lists contraindication 'stone-burn'" in warnings[0]


def test_the_unbroken_plugin_conforms(tmp_path: Path) -> None:
    catalog, warnings = _catalog_with(tmp_path)
    assert warnings == []
    assert check_plugin(catalog, "stones") == []
    assert_plugin_conforms(catalog, "stones")


@pytest.mark.parametrize(("change", "problem"), [
    pytest.param('TECHNIQUE = attrs.evolve(TECHNIQUE, duration=DurationRange.of("0s", "10m"))',
                 "technique 'stone-glide': shortest step duration is 0s; it must be longer than 0s",
                 id="zero-second-duration-bound"),
    pytest.param('TECHNIQUE = attrs.evolve(TECHNIQUE, duration=DurationRange.of("1m", "3h"))',
                 "technique 'stone-glide': longest step duration 3h is more than 2h", id="duration-over-two-hours"),
    pytest.param('TECHNIQUE = attrs.evolve(TECHNIQUE, source="")',
                 "technique 'stone-glide': no source note", id="technique-without-source"),
    pytest.param('TECHNIQUE = attrs.evolve(TECHNIQUE, description=" ")',
                 "technique 'stone-glide': description is empty", id="technique-without-description"),
    pytest.param('MODALITY = attrs.evolve(MODALITY, techniques=[TechniqueUse("stone-glide"), '
                 'TechniqueUse("effleurage", pressure=PressureRange.of(2, 5))])',
                 "modality 'stones': narrows 'effleurage' to pressure 2-5, outside the technique's own range 1-3",
                 id="pressure-narrowed-outside-the-technique"),
    pytest.param('MODALITY = attrs.evolve(MODALITY, techniques=[TechniqueUse("stone-glide"), '
                 'TechniqueUse("effleurage", duration=DurationRange.of("1m", "20m"))])',
                 "modality 'stones': narrows 'effleurage' to step durations 1m-20m, outside the technique's own "
                 "bounds 30s-10m", id="duration-narrowed-outside-the-technique"),
    pytest.param('MODALITY = attrs.evolve(MODALITY, regions=["elbow-pit"])',
                 "modality 'stones': unknown region 'elbow-pit'", id="unknown-region"),
    pytest.param('MODALITY = attrs.evolve(MODALITY, regions=["feet"])',
                 "modality 'stones': 'feet' is an alias; name the region by its id 'foot'", id="region-alias"),
    pytest.param('MODALITY = attrs.evolve(MODALITY, indications=[])',
                 "modality 'stones': lists no indication", id="no-indication"),
    pytest.param('MODALITY = attrs.evolve(MODALITY, source="")',
                 "modality 'stones': no source note", id="modality-without-source"),
    pytest.param('MODALITY = attrs.evolve(MODALITY, contraindications=[Contraindication("fever", "systemic", "")])',
                 "modality 'stones': contraindication 'fever' gives no reason", id="contraindication-without-reason"),
    pytest.param('CONDITION = attrs.evolve(CONDITION, implies=["stone-fever"])',
                 "condition 'stone-allergy': implies unknown condition 'stone-fever'", id="condition-implies-unknown"),
    pytest.param('RULE = Rule("PK999", "warning", "stones stay warm", check=lambda protocol, catalog: [])',
                 "rule 'PK999': the PK prefix is reserved for protocolkit's core rules", id="rule-code-starts-with-pk"),
    pytest.param('RULE = Rule("STN001", "warning", "stones stay warm")',
                 "rule 'STN001': has no check function", id="rule-without-check"),
    pytest.param('RULE = Rule("STN001", "warning", "", check=lambda protocol, catalog: [])',
                 "rule 'STN001': summary is empty", id="rule-without-summary"),
    pytest.param('RULE = attrs.evolve(RULE, what="", fix=" ")',
                 "rule 'STN001': its page lacks what, fix", id="rule-page-lacks-sections"),
    pytest.param('RULE = attrs.evolve(RULE, example=RULE.fix)',
                 "rule 'STN001': its page's example does not trip it", id="rule-page-example-passes"),
    pytest.param('RULE = attrs.evolve(RULE, fix=RULE.example)',
                 "rule 'STN001': its page's fix still trips it", id="rule-page-fix-fails"),
    pytest.param('RULE = attrs.evolve(RULE, example=PRESSED.replace("duration: 5m\\nsteps", "duration: 4m\\nsteps"))',
                 "rule 'STN001': its page's example also trips PK201; make it break STN001 alone",
                 id="rule-page-example-trips-another-code"),
    pytest.param('RULE = attrs.evolve(RULE, fix=RULE.fix.replace("duration: 5m\\nsteps", "duration: 4m\\nsteps"))',
                 "rule 'STN001': its page's fix still reports PK201 at line 4; make the fix a document that "
                 "validates clean", id="rule-page-fix-trips-another-code"),
    pytest.param('RULE = attrs.evolve(RULE, why="A warm stone is glided lightly.")',
                 "rule 'STN001': its page's why names no source", id="rule-page-why-without-source"),
    pytest.param('RULE = attrs.evolve(RULE, example_intake="protocolkit: 1\\nkind: intake\\nclient: T-1\\n'
                 'conditions: [{id: stone-fevr}]\\n")',
                 "rule 'STN001': the intake of its page's example does not read clean", id="rule-page-intake-unclean"),
    pytest.param('CONDITION = attrs.evolve(CONDITION, avoid=["stone-glyde"])',
                 "condition 'stone-allergy': avoids unknown technique 'stone-glyde'; did you mean 'stone-glide'?",
                 id="condition-avoids-unknown-technique"),
    pytest.param('CONDITION = attrs.evolve(CONDITION, region_limits=[RegionLimit(regions=["elbow-pit"], '
                 'avoid=["effleurage"])])',
                 "condition 'stone-allergy': region limit: unknown region 'elbow-pit'", id="condition-unknown-region"),
    pytest.param('CONDITION = attrs.evolve(CONDITION, reason="")',
                 "condition 'stone-allergy': reason is empty", id="condition-without-reason"),
    pytest.param('''\
        @hookimpl
        def protocolkit_compose_steps(modality, slot):
            if modality.id != MODALITY.id:
                return None
            return [Step(duration=Duration(90), modality="stones", technique="stone-glide", region=slot.region,
                         pressure=Pressure(2))]
        ''', "modality 'stones': compose hook, 10m warm-up slot on upper-back (no intent): steps add up to 1m30s "
             "instead of 10m", id="compose-steps-do-not-add-up"),
    pytest.param('''\
        @hookimpl
        def protocolkit_compose_steps(modality, slot):
            if modality.id == MODALITY.id and slot.intent == "relaxation":
                raise RuntimeError("the stones are cold")
            return None
        ''', "modality 'stones': compose hook, 10m flush slot on upper-back (intent relaxation) raised plugin "
             "'stones' failed to compose stones: RuntimeError: the stones are cold", id="compose-hook-raises"),
    pytest.param('''\
        @hookimpl
        def protocolkit_compose_steps(modality, slot):
            return None
        ''', "modality 'stones': compose hook, 10m work slot on upper-back (no intent): no compose hook answered",
        id="no-compose-hook-answers"),
    pytest.param('''\
        @hookimpl
        def protocolkit_compose_steps(modality, slot):
            if modality.id != MODALITY.id:
                return None
            return [Step(duration=slot.duration, modality="stones", technique="friction", region=slot.region,
                         pressure=Pressure(3))]
        ''', "modality 'stones': a 20m session on upper-back (no intent) could not be composed: the composed "
             "protocol would be flagged PK102", id="composed-session-fails-a-rule"),
])
def test_the_check_catches(tmp_path: Path, change: str, problem: str) -> None:
    problems = _problems(tmp_path, change)
    assert any(problem in found for found in problems), "\n".join(problems)


def test_another_plugin_s_rule_firing_on_the_page_is_not_this_plugin_s_problem(tmp_path: Path) -> None:
    # A plugin conforms the same wherever it is installed: a third plugin's rule that notes every step
    # (the page's fix included) is that plugin's business.  (An info: compose fails closed on a warning.)
    noisy = tmp_path / "noisy.py"
    noisy.write_text(textwrap.dedent('''\
        from protocolkit import Rule, hookimpl

        RULE = Rule("NSY001", "info", "every step", check=lambda protocol, catalog: [
            RULE.finding("a step", step.path) for step in protocol.hands_on_steps])


        @hookimpl
        def protocolkit_register_rules(register):
            register(RULE)
        '''), encoding="utf-8")
    path = tmp_path / "stones.py"
    path.write_text(PLUGIN, encoding="utf-8")
    catalog = load_catalog(local_modules=[str(path), str(noisy)], environ={})
    from protocolkit.check.validation import validate_text

    assert "NSY001" in {finding.code for finding in validate_text(catalog.rules["STN001"].fix, catalog)}
    assert check_plugin(catalog, "stones") == []


def test_a_raising_compose_hook_is_reported_for_every_slot_not_raised(tmp_path: Path) -> None:
    problems = _problems(tmp_path, '''\
        @hookimpl
        def protocolkit_compose_steps(modality, slot):
            if modality.id != MODALITY.id:
                return None
            raise RuntimeError("the stones are cold")
        ''')
    raised = [p for p in problems if "RuntimeError: the stones are cold" in p]
    # Three phases with no intent and with "relaxation", plus the two 20m sessions.
    assert len(raised) == 8, "\n".join(problems)


def test_a_duplicated_technique_is_caught_even_past_the_model(tmp_path: Path) -> None:
    catalog, _ = _catalog_with(tmp_path)
    modality = catalog.modalities["stones"]
    # The model refuses duplicates at construction; a plugin that sidesteps it is still caught.
    object.__setattr__(modality, "techniques", modality.techniques + modality.techniques[:1])
    assert "modality 'stones': offers technique 'stone-glide' more than once" in check_plugin(catalog, "stones")


def test_a_plugin_that_failed_to_load(tmp_path: Path) -> None:
    catalog, warnings = _catalog_with(tmp_path, 'MODALITY = attrs.evolve(MODALITY, techniques=[TechniqueUse("rock")])')
    assert warnings
    [problem] = check_plugin(catalog, "stones")
    assert problem.startswith("plugin 'stones' did not load: failed: modality 'stones' offers unknown technique")


def test_a_plugin_that_is_not_there(protocolkit_catalog: Catalog) -> None:
    [problem] = check_plugin(protocolkit_catalog, "hot-stones")
    # Other plugins may be installed beside the seed ones: only the start and a seed's name are certain.
    assert problem.startswith("plugin 'hot-stones' is not in the catalog (plugins: ") and "active-release, " in problem


def test_a_plugin_that_registers_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.py"
    path.write_text("'''Registers nothing.'''\n", encoding="utf-8")
    catalog = load_catalog(local_modules=[str(path)], environ={})
    assert check_plugin(catalog, "empty") == ["plugin 'empty' registered nothing (no technique, modality, rule, "
                                              "condition or exporter)"]


def test_assert_plugin_conforms_lists_every_problem(tmp_path: Path) -> None:
    catalog, _ = _catalog_with(tmp_path, '''\
        TECHNIQUE = attrs.evolve(TECHNIQUE, source="")
        RULE = attrs.evolve(RULE, code="PK999")
        ''')
    problems = check_plugin(catalog, "stones")
    assert len(problems) == 2
    with pytest.raises(AssertionError, match=r"plugin 'stones' does not conform \(2 problems\)") as raised:
        assert_plugin_conforms(catalog, "stones")
    assert all(f"  - {problem}" in str(raised.value) for problem in problems)
