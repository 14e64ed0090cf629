"""Messages a plugin author reads teach: each names the plugin, what it wrote and what is allowed,
with no attrs Attribute dump, pluggy exception name or traceback (issue 26)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from protocolkit import (Contraindication, Duration, DurationRange, Modality, Pressure, PressureRange, Step,
                         Technique, TechniqueUse)
from protocolkit.check.hints import condition_candidates
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import PluginError, load_catalog

from .conftest import DATA

HOOKIMPL = "@hookimpl (from protocolkit import hookimpl)"


def _load(tmp_path: Path, source: str, name: str = "stones", **options: object) -> tuple[Catalog, list[str], Path]:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    warnings: list[str] = []
    catalog = load_catalog(local_modules=[str(path)], environ={}, warn=warnings.append, **options)  # type: ignore[arg-type]
    return catalog, warnings, path


def _status(catalog: Catalog, name: str) -> tuple[str, str | None]:
    plugin = next(plugin for plugin in catalog.plugins if plugin.name == name)
    return plugin.status, plugin.error


# -- a misspelt hook ---------------------------------------------------------------------------------


def test_a_misspelt_hook_gets_a_did_you_mean() -> None:
    warnings: list[str] = []
    catalog = load_catalog(local_modules=[str(DATA / "plugins" / "misspelt_hook.py")], environ={},
                           warn=warnings.append)
    assert _status(catalog, "misspelt_hook") == ("failed", "implements unknown hook protocolkit_register_technique; "
                                                           "did you mean 'protocolkit_register_techniques'?")
    assert warnings == ["protocolkit: plugin 'misspelt_hook' failed: implements unknown hook "
                        "protocolkit_register_technique; did you mean 'protocolkit_register_techniques'? (skipped; "
                        "block it with PROTOCOLKIT_DISABLE_PLUGINS=misspelt_hook)"]


def test_a_hook_name_like_no_hook_points_at_the_list(tmp_path: Path) -> None:
    catalog, _, _ = _load(tmp_path, """\
        from protocolkit import hookimpl

        @hookimpl
        def protocolkit_brew_tea(register):
            pass
    """)
    assert _status(catalog, "stones") == ("failed", "implements unknown hook protocolkit_brew_tea; docs/plugins.md "
                                                    "lists the hooks")


# -- a plugin that registers nothing -------------------------------------------------------------------

NO_MARKERS = """\
    from protocolkit import DurationRange, PressureRange, Technique

    def protocolkit_register_techniques(register):
        register(Technique("stone-glide", "Stone glide", "Long strokes.", PressureRange.of(1, 3),
                           DurationRange.of("30s", "10m"), "yes"))

    def protocolkit_register_modality(register):
        pass

    def helper():
        pass
"""


def test_functions_named_like_hooks_without_hookimpl_are_a_warning(tmp_path: Path) -> None:
    catalog, warnings, _ = _load(tmp_path, NO_MARKERS)
    assert warnings == [
        "protocolkit: plugin 'stones' registers nothing: its functions protocolkit_register_modality (no hook; did "
        "you mean 'protocolkit_register_modalities'?), protocolkit_register_techniques have no " + HOOKIMPL]
    assert _status(catalog, "stones") == ("ok", None) and "stone-glide" not in catalog.techniques


def test_registering_nothing_is_an_error_when_strict(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="plugin 'stones' registers nothing: its functions"):
        _load(tmp_path, NO_MARKERS, strict=True)


def test_one_forgotten_marker_beside_working_hooks_is_named(tmp_path: Path) -> None:
    _, warnings, _ = _load(tmp_path, """\
        from protocolkit import hookimpl

        @hookimpl
        def protocolkit_register_goals(register):
            pass

        def protocolkit_register_rules(register):
            pass
    """)
    assert warnings == [f"protocolkit: plugin 'stones': its function protocolkit_register_rules has no {HOOKIMPL}, "
                        "so no hook calls it"]


def test_a_module_with_no_hook_at_all_registers_nothing(tmp_path: Path) -> None:
    catalog, warnings, _ = _load(tmp_path, "TABLE = {}\n")
    assert warnings == [f"protocolkit: plugin 'stones' registers nothing: it has no function marked {HOOKIMPL}; "
                        "docs/plugins.md lists the hooks"]
    assert _status(catalog, "stones") == ("ok", None)


def test_the_core_and_the_seed_plugins_load_without_a_word() -> None:
    warnings: list[str] = []
    load_catalog(environ={}, warn=warnings.append)
    assert warnings == []


# -- value errors from constructors --------------------------------------------------------------------

GLIDE = (PressureRange.of(1, 3), DurationRange.of("30s", "10m"))


@pytest.mark.parametrize(("build", "words"), [
    pytest.param(lambda: PressureRange.of(0, 1), "pressure 0 is not a Walton level: use 1 (light lotioning) to 5 "
                 "(maximal)", id="pressure-range-below"),
    pytest.param(lambda: Pressure(9), "pressure 9 is not a Walton level: use 1 (light lotioning) to 5 (maximal)",
                 id="pressure-above"),
    pytest.param(lambda: Pressure("deep"), "pressure 'deep' is a str, not a Walton level: use 1 (light lotioning) "
                 "to 5 (maximal), or Pressure.parse('moderate') for a word", id="pressure-word"),
    pytest.param(lambda: Duration.parse("x"), "'x' is not a duration; write it like 90s, 5m, 1h30m or 2m30s",
                 id="duration-text"),
    pytest.param(lambda: Duration(-5), "a duration of -5 seconds is negative: a duration is 0 seconds or more",
                 id="duration-negative"),
    pytest.param(lambda: Technique("Stone Glide", "Stone glide", "Strokes.", *GLIDE, "yes"),
                 "technique id 'Stone Glide' is not a lower-case slug such as 'skin-rolling'", id="technique-slug"),
    pytest.param(lambda: Technique("stone-glide", "Stone glide", "Strokes.", *GLIDE, "oil"),
                 "technique lubricant 'oil' is not allowed: use 'yes', 'no' or 'either'", id="lubricant"),
    pytest.param(lambda: TechniqueUse("Effleurage"), "offered technique 'Effleurage' is not a lower-case slug",
                 id="technique-use-slug"),
    pytest.param(lambda: Contraindication("fever", "severe", "Heat."),
                 "contraindication category 'severe' is not allowed: use 'systemic', 'local' or 'caution'",
                 id="contraindication-category"),
    pytest.param(lambda: Modality("stones", "Stones", "Warm.", [TechniqueUse("effleurage")], intents=["Calm"]),
                 "intents entry 'Calm' is not a lower-case slug such as 'relaxation'", id="modality-intents"),
    pytest.param(lambda: Step(Duration.parse("5m"), activity="rest", side="up"),
                 "step side 'up' is not allowed: use 'left', 'right' or 'both'", id="step-side"),
    pytest.param(lambda: Step(Duration.parse("5m"), activity="rest", position="standing"),
                 "step position 'standing' is not allowed: use 'prone', 'supine', 'side-lying', 'semi-reclined' or "
                 "'seated'", id="step-position"),
])
def test_a_constructor_says_the_value_and_what_is_allowed_in_one_sentence(build: Callable[[], object],
                                                                           words: str) -> None:
    with pytest.raises((ValueError, TypeError)) as raised:
        build()
    message = str(raised.value)
    assert words in message
    assert "Attribute(" not in message and "\n" not in message and len(raised.value.args) == 1


def test_a_long_value_is_cut_so_the_message_stays_one_line() -> None:
    with pytest.raises(ValueError) as raised:
        TechniqueUse("A" * 500)
    assert len(str(raised.value)) < 200


def test_a_bad_value_built_at_import_names_the_plugin_and_its_line(tmp_path: Path) -> None:
    catalog, warnings, path = _load(tmp_path, """\
        from protocolkit import DurationRange, PressureRange, Technique

        GLIDE = Technique("stone-glide", "Stone glide", "Long strokes.", PressureRange.of(0, 3),
                          DurationRange.of("30s", "10m"), "yes")
    """, name="mld")
    reason = (f"at {path}:3: pressure 0 is not a Walton level: use 1 (light lotioning) to 5 (maximal)")
    assert _status(catalog, "mld") == ("failed", reason)
    assert warnings == [f"protocolkit: plugin 'mld' failed: {reason} (skipped; block it with "
                        "PROTOCOLKIT_DISABLE_PLUGINS=mld)"]


def test_a_bad_value_built_in_a_hook_names_the_plugin_the_hook_and_its_line(tmp_path: Path) -> None:
    catalog, warnings, path = _load(tmp_path, """\
        from protocolkit import DurationRange, PressureRange, Technique, hookimpl

        @hookimpl
        def protocolkit_register_techniques(register):
            register(Technique("Stone Glide", "Stone glide", "Long strokes.", PressureRange.of(1, 3),
                               DurationRange.of("30s", "10m"), "yes"))
    """)
    status, error = _status(catalog, "stones")
    assert status == "failed" and error is not None
    assert error.startswith(f"in protocolkit_register_techniques at {path}:5: technique id 'Stone Glide' is not a "
                            "lower-case slug such as 'skin-rolling'")
    assert "ValueError" not in error and "Traceback" not in warnings[0]


def test_a_plugins_own_value_error_keeps_its_type(tmp_path: Path) -> None:
    """Only the model's messages lose the type name: a plugin's own error still says what it was."""
    catalog, _, _ = _load(tmp_path, 'raise ValueError("no stones today")\n')
    assert _status(catalog, "stones") == ("failed", "ValueError: no stones today")


# -- a modality contraindication the catalog lacks ---------------------------------------------------------

# The core's own words say 'congestive-heart-failure' means 'heart-failure' (builtin/synonyms.py).
CONTRAINDICATED = """\
    from protocolkit import Contraindication, Modality, TechniqueUse, hookimpl

    @hookimpl
    def protocolkit_register_modalities(register):
        register(Modality("stones", "Stones", "Warm stones.", [TechniqueUse("effleurage")],
                          contraindications=[Contraindication("{id}", "systemic", "Heat strains the heart.")]))
"""


@pytest.mark.parametrize(("written", "hint"), [
    pytest.param("congestive-heart-failure", "did you mean 'heart-failure'?", id="a-curated-synonym"),
    pytest.param("heart-failur", "did you mean 'heart-failure'?", id="a-spelling-slip"),
    pytest.param("high-blood-pressure", "did you mean 'hypertension'? (or a stricter one of its family: "
                 "'aneurysm', 'dvt', 'heart-failure', 'hypertension-uncontrolled', 'varicose-veins')", id="the-stricter-family-member-named"),
])
def test_an_unknown_contraindication_gets_the_intakes_did_you_mean(tmp_path: Path, written: str, hint: str) -> None:
    _, warnings, _ = _load(tmp_path, CONTRAINDICATED.replace("{id}", written), condition_hint=condition_candidates)
    assert warnings == [f"protocolkit: modality 'stones' (plugin 'stones') lists contraindication '{written}', which "
                        "no condition in the catalog has, so no intake can name it and it restricts nothing; "
                        f"{hint} Otherwise use an id from 'protocolkit conditions' or register the condition"]


def test_the_testing_fixtures_loader_gives_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """The protocolkit_catalog fixture (and screen_text) load with the curated hint."""
    from protocolkit import testing
    from protocolkit.plugin import host

    asked: dict[str, object] = {}
    monkeypatch.setattr(host, "load_catalog", lambda **options: asked.update(options) or "catalog")
    assert testing._load() == "catalog"
    assert asked["condition_hint"] is condition_candidates and asked["environ"] == {}


def test_the_command_line_gives_the_hint_from_the_core_synonyms(tmp_path: Path) -> None:
    """Through `protocolkit -p PLUGIN`, with no synonym of the plugin's own: the core's words say it."""
    from click.testing import CliRunner

    from protocolkit.cli import cli

    plugin = tmp_path / "stones.py"
    plugin.write_text(textwrap.dedent(CONTRAINDICATED.replace("{id}", "congestive-heart-failure")))
    result = CliRunner().invoke(cli, ["-p", str(plugin), "show", "stones"])
    assert result.exit_code == 0
    assert "lists contraindication 'congestive-heart-failure'" in result.stderr
    assert "did you mean 'heart-failure'?" in result.stderr
