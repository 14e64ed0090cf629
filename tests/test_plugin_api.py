"""The plugin API's version, its change log, the deprecation warning, the scaffold's range and the
public helpers for screening in a plugin's tests (intake_from_text, testing.screen_text)."""

from __future__ import annotations

import inspect
import textwrap
import tomllib
import warnings
from pathlib import Path

import pytest

import protocolkit
from protocolkit.authoring.scaffold import api_range, generate_plugin
from protocolkit.plugin import api_version, hookspecs
from protocolkit.plugin.api_version import Deprecation
from protocolkit.plugin.host import load_catalog
from protocolkit.testing import screen_text

from .conftest import ROOT

DOC = (ROOT / "docs" / "plugin-api.md").read_text(encoding="utf-8")
HOOKS = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("protocolkit_")]
EXAMPLE = (ROOT / "examples" / "upper-back-deep-tissue-60.yaml").read_text(encoding="utf-8")
HEALTHY = (ROOT / "examples" / "intakes" / "c-0107-healthy.yaml").read_text(encoding="utf-8")
MISSPELT = "protocolkit: 1\nkind: intake\nclient: T-1\nconditions:\n  - id: varicose-vein\n"


def test_the_version_is_a_public_integer() -> None:
    assert "PLUGIN_API_VERSION" in protocolkit.__all__
    assert type(protocolkit.PLUGIN_API_VERSION) is int and protocolkit.PLUGIN_API_VERSION == 1


def test_the_deprecation_warning_is_public_and_a_deprecation_warning() -> None:
    assert issubclass(protocolkit.ProtocolkitDeprecationWarning, DeprecationWarning)
    assert "ProtocolkitDeprecationWarning" in protocolkit.__all__


def test_the_doc_has_the_current_version_in_its_change_log() -> None:
    log = DOC.split("## Change log", 1)[1].split("\n## ", 1)[0]
    assert f"### Version {protocolkit.PLUGIN_API_VERSION} " in log
    assert "PLUGIN_API_VERSION" in DOC and "ProtocolkitDeprecationWarning" in DOC
    # version 1 is today's API: every hook and every public name is in its entry
    missing = [name for name in [*HOOKS, *protocolkit.__all__] if name != "__version__" and f"`{name}" not in log]
    assert missing == []


def _plugin(tmp_path: Path, source: str, name: str = "old_style") -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return str(path)


GOALS_PLUGIN = """\
    from protocolkit import hookimpl


    @hookimpl
    def protocolkit_register_goals(register):
        pass
"""


def test_a_deprecated_hook_warns_naming_the_plugin_and_the_replacement(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(api_version.DEPRECATED_HOOKS, "protocolkit_register_goals",
                        Deprecation(1, "protocolkit_register_objectives"))
    path = _plugin(tmp_path, GOALS_PLUGIN)
    with pytest.warns(protocolkit.ProtocolkitDeprecationWarning) as caught:
        catalog = load_catalog(local_modules=[path], environ={}, warn=lambda line: None)
    ours = [w for w in caught if "'old_style'" in str(w.message)]  # a seed plugin implements the hook too
    assert [str(w.message) for w in ours] == [
        "plugin 'old_style' implements 'protocolkit_register_goals', deprecated in plugin API 1 and removed in "
        "API 2: implement 'protocolkit_register_objectives' instead"]
    assert ours[0].filename == path  # pytest's summary points at the plugin's own hook
    assert next(p for p in catalog.plugins if p.name == "old_style").status == "ok"  # it still works


def test_a_deprecated_argument_warns_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(api_version.DEPRECATED_ARGUMENTS, ("protocolkit_register_goals", "register"),
                        Deprecation(1, "add"))
    with pytest.warns(protocolkit.ProtocolkitDeprecationWarning) as caught:
        load_catalog(local_modules=[_plugin(tmp_path, GOALS_PLUGIN)], environ={}, warn=lambda line: None)
    assert [str(w.message) for w in caught if "'old_style'" in str(w.message)] == [
        "plugin 'old_style' takes argument 'register' in 'protocolkit_register_goals', deprecated in plugin API 1 "
        "and removed in API 2: take 'add' instead"]


def test_nothing_is_deprecated_in_version_one() -> None:
    assert api_version.DEPRECATED_HOOKS == {} and api_version.DEPRECATED_ARGUMENTS == {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", protocolkit.ProtocolkitDeprecationWarning)
        load_catalog(environ={}, warn=lambda line: None)  # the core and the seed plugins use nothing deprecated


@pytest.mark.parametrize(("version", "requirement"), [
    ("0.1.0", ">=0.1,<0.2"), ("0.7.3", ">=0.7,<0.8"), ("1.4.2", ">=1.4,<2"), ("2.0.0rc1", ">=2.0,<3")])
def test_the_api_range_follows_the_core_version(version: str, requirement: str) -> None:
    assert api_range(version) == requirement


def test_the_scaffold_pins_the_current_api_range(tmp_path: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == protocolkit.__version__  # the range is computed from the published version
    generate_plugin("hot-stone", tmp_path)
    written = (tmp_path / "protocolkit-hot-stone" / "pyproject.toml").read_text(encoding="utf-8")
    assert tomllib.loads(written)["project"]["dependencies"] == [f"protocolkit{api_range()}"]
    assert f"plugin API {protocolkit.PLUGIN_API_VERSION}" in written


# -- public helpers for screening in a plugin's tests ---------------------------------------------------


def test_intake_from_text_reads_a_healthy_intake() -> None:
    intake = protocolkit.intake_from_text(HEALTHY)
    assert isinstance(intake, protocolkit.Intake)
    assert (intake.client, intake.entries) == ("C-0107", ())


def test_intake_from_text_reads_region_words_and_json() -> None:
    intake = protocolkit.intake_from_text('{"protocolkit": 1, "kind": "intake", "client": "T-2", "conditions": '
                                          '[{"id": "varicose-veins", "region": "back-of-knee", "side": "left"}]}')
    assert [(entry.id, entry.region, entry.side) for entry in intake.entries] == [
        ("varicose-veins", "popliteal-fossa", "left")]


def test_a_bad_intake_is_a_value_error_naming_the_line_and_the_hint() -> None:
    with pytest.raises(ValueError) as raised:
        protocolkit.intake_from_text(MISSPELT)
    message = str(raised.value)
    assert message.startswith("the text is not an intake protocolkit can screen with (1 error):")
    assert "intake.yaml:5:9: PK405 unknown condition 'varicose-vein'" in message
    assert "did you mean 'varicose-veins'?" in message


def test_text_that_is_no_intake_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="intake.yaml:2:7: .*this is not an intake"):
        protocolkit.intake_from_text("protocolkit: 1\nkind: protocol\n")


def test_screen_text_gives_go_for_a_healthy_client() -> None:
    screening = screen_text(EXAMPLE, HEALTHY)
    assert (screening.verdict, screening.reasons, screening.findings) == ("go", (), ())


def test_screen_text_gives_no_verdict_for_an_intake_with_errors() -> None:
    screening = screen_text(EXAMPLE, MISSPELT)
    assert screening.verdict == "no verdict"
    assert [(finding.code, finding.line) for finding in screening.findings] == [("PK405", 5)]
