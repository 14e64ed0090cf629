"""Plugin loading: entry points, local modules, blocking, isolation and strict mode.

The faulty plugins are real distributions (tests/data/plugins/protocolkit-*),
built and installed with pip into a target directory once per session, then
found through their entry points exactly as a user's broken install would be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from protocolkit.plugin.host import PluginError, load_catalog

from .conftest import DATA, ROOT

PLUGIN_DATA = DATA / "plugins"
SEED_MODALITIES = {"swedish", "deep-tissue", "sports", "active-release", "myofascial-release", "trigger-point",
                   "reflexology"}
PROTOCOLKIT = [sys.executable, "-c", "from protocolkit.cli import main; main()"]


@pytest.fixture(scope="session")
def faulty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The faulty plugin distributions, installed (offline) into one directory."""
    target = tmp_path_factory.mktemp("faulty-site")
    distributions = sorted(str(p) for p in PLUGIN_DATA.glob("protocolkit-*"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "--no-index", "--target", str(target), *distributions],
                   check=True, capture_output=True)
    return target


@pytest.fixture
def with_faulty(faulty_site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(faulty_site))
    return faulty_site


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PROTOCOLKIT_")}
    environment.update(env or {})
    return subprocess.run([*PROTOCOLKIT, *args], capture_output=True, text=True, env=environment, cwd=cwd,
                          timeout=60)


def test_seed_plugins_load_through_their_entry_points(catalog) -> None:  # type: ignore[no-untyped-def]
    assert SEED_MODALITIES <= set(catalog.modalities)
    by_name = {plugin.name: plugin for plugin in catalog.plugins}
    for modality_id in SEED_MODALITIES:
        plugin = by_name[modality_id]
        assert (plugin.origin, plugin.status, plugin.distribution) == ("entry point", "ok", f"protocolkit-{modality_id}")
        assert plugin.version and "protocolkit_register_modalities" in plugin.hooks
        assert catalog.modalities.owner(modality_id) == modality_id


def test_core_registers_itself_through_the_public_hooks(catalog) -> None:  # type: ignore[no-untyped-def]
    assert catalog.techniques.owner("effleurage") == "core-techniques"
    assert catalog.rules.owner("PK301") == "core-rules"
    builtins = [p for p in catalog.plugins if p.origin == "builtin"]
    assert {p.name for p in builtins} == {"core-techniques", "core-rules", "core-conditions", "core-exporters",
                                         "core-subjects"}
    assert catalog.exporters.owner("html") == "core-exporters"
    assert catalog.conditions.owner("varicose-veins") == "core-conditions"


def test_a_plugin_that_raises_on_import_is_reported_and_skipped(with_faulty: Path) -> None:
    warnings: list[str] = []
    catalog = load_catalog(environ={}, warn=warnings.append)
    hot_stone = next(p for p in catalog.plugins if p.name == "hot-stone")
    assert hot_stone.status == "failed" and hot_stone.distribution == "protocolkit-hot-stone"
    assert "ImportError: hot_stone_heater is not installed" in (hot_stone.error or "")
    assert any(line.startswith("protocolkit: plugin 'hot-stone' failed: ImportError") for line in warnings)
    assert SEED_MODALITIES <= set(catalog.modalities)  # everything else keeps working


def test_a_raising_hook_commits_nothing_of_its_plugin(with_faulty: Path) -> None:
    catalog = load_catalog(environ={}, warn=lambda line: None)
    raising = next(p for p in catalog.plugins if p.name == "raising-hook")
    assert raising.status == "failed" and "RuntimeError: modality table is corrupt" in (raising.error or "")
    assert "half-registered" not in catalog.techniques


def test_a_duplicate_id_is_refused_naming_both_plugins(with_faulty: Path) -> None:
    catalog = load_catalog(environ={}, warn=lambda line: None)
    duplicate = next(p for p in catalog.plugins if p.name == "duplicate")
    assert duplicate.status == "failed"
    assert "'effleurage' is already registered by plugin 'core-techniques'" in (duplicate.error or "")
    assert catalog.technique("effleurage").name == "Effleurage"


def test_a_crashing_rule_fails_closed(with_faulty: Path) -> None:
    from protocolkit.check.validation import validate_file

    catalog = load_catalog(environ={}, warn=lambda line: None)
    result = validate_file(str(ROOT / "tests/data/clean/pk101-known-modality.yaml"), catalog)
    assert [(f.code, f.severity) for f in result.findings] == [("PK003", "error")]
    assert "CRS001 (plugin crashing-rule) could not run: ZeroDivisionError" in result.findings[0].message


def test_strict_plugins_makes_any_failure_fatal(with_faulty: Path) -> None:
    with pytest.raises(PluginError, match="plugin 'hot-stone' failed: ImportError"):
        load_catalog(environ={}, strict=True)


def test_cli_with_broken_plugins_installed(faulty_site: Path, tmp_path: Path) -> None:
    env = {"PYTHONPATH": str(faulty_site)}
    listed = run_cli("plugins", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    statuses = {p["name"]: p["status"] for p in json.loads(listed.stdout)}
    assert statuses["hot-stone"] == "failed" and statuses["swedish"] == "ok"
    assert listed.stderr.count("failed:") == 3  # hot-stone, duplicate, raising-hook: one line each

    strict = run_cli("--strict-plugins", "modalities", env=env)
    assert strict.returncode == 2 and "protocolkit: error: plugin" in strict.stderr
    assert "Traceback" not in strict.stderr

    protocol = tmp_path / "hot.yaml"
    protocol.write_text("protocolkit: 1\nid: hot\ntitle: Hot stones\nduration: 5m\nsteps:\n"
                        "  - modality: hot-stone\n    technique: effleurage\n    region: upper-back\n"
                        "    duration: 5m\n    pressure: light\n")
    checked = run_cli("validate", str(protocol), env={**env, "PROTOCOLKIT_DISABLE_PLUGINS": "crashing-rule"})
    assert checked.returncode == 1
    assert f"{protocol}:6:15: PK101 modality 'hot-stone' is unavailable: its plugin 'hot-stone' failed" in checked.stdout


def test_disable_blocks_a_plugin_before_import(faulty_site: Path) -> None:
    env = {"PYTHONPATH": str(faulty_site),
           "PROTOCOLKIT_DISABLE_PLUGINS": "hot-stone, duplicate,raising-hook,crashing-rule,swedish"}
    listed = run_cli("plugins", "--format", "json", env=env)
    assert listed.returncode == 0 and listed.stderr == ""
    statuses = {p["name"]: p["status"] for p in json.loads(listed.stdout)}
    assert {statuses[name] for name in ("hot-stone", "duplicate", "raising-hook", "swedish")} == {"disabled"}
    assert run_cli("--strict-plugins", "modalities", env=env).returncode == 0
    shown = run_cli("show", "swedish", env=env)
    assert shown.returncode == 2 and "its plugin 'swedish' disabled" in shown.stderr


def test_local_plugins_from_option_and_environment(catalog) -> None:  # type: ignore[no-untyped-def]
    house = str(PLUGIN_DATA / "local_house.py")
    by_option = run_cli("-p", house, "show", "house-special", "--format", "json")
    assert by_option.returncode == 0, by_option.stderr
    assert json.loads(by_option.stdout)["plugin"] == "local_house"
    by_env = run_cli("compose", "--duration", "20m", "--modality", "house-special", "--region", "upper-back",
                     env={"PROTOCOLKIT_PLUGINS": house})
    assert by_env.returncode == 0, by_env.stderr
    assert "modality: house-special" in by_env.stdout
    listed = load_catalog(local_modules=[house], environ={"PROTOCOLKIT_PLUGINS": "protocolkit_swedish"},
                          warn=lambda line: None).plugins
    origins = {p.name: p.origin for p in listed}
    assert origins["local_house"] == "-p"
    assert origins["protocolkit_swedish"] == "PROTOCOLKIT_PLUGINS"


def test_a_module_that_does_not_exist_is_a_failed_plugin() -> None:
    warnings: list[str] = []
    catalog = load_catalog(local_modules=["no_such_plugin_module"], environ={}, warn=warnings.append)
    failed = next(p for p in catalog.plugins if p.name == "no_such_plugin_module")
    assert failed.status == "failed" and "ModuleNotFoundError" in (failed.error or "")
    assert len(warnings) == 1


def test_a_misspelt_hook_is_caught() -> None:
    catalog = load_catalog(local_modules=[str(PLUGIN_DATA / "misspelt_hook.py")], environ={}, warn=lambda l: None)
    failed = next(p for p in catalog.plugins if p.name == "misspelt_hook")
    assert failed.status == "failed" and "unknown hook protocolkit_register_technique" in (failed.error or "")


def test_a_modality_offering_an_unknown_technique_is_refused() -> None:
    catalog = load_catalog(local_modules=[str(PLUGIN_DATA / "unknown_technique.py")], environ={},
                           warn=lambda l: None)
    failed = next(p for p in catalog.plugins if p.name == "unknown_technique")
    assert failed.status == "failed" and "unknown technique 'ghosting'" in (failed.error or "")
    assert "ghost-work" not in catalog.modalities
    assert "ghost-stroke" not in catalog.techniques  # the whole plugin is withdrawn, not half of it


def test_the_same_plugin_twice_is_refused_once_each_way() -> None:
    warnings: list[str] = []
    catalog = load_catalog(local_modules=["protocolkit_swedish"], environ={"PROTOCOLKIT_PLUGINS": "protocolkit_swedish"},
                           warn=warnings.append)
    assert [p.status for p in catalog.plugins if p.name == "protocolkit_swedish"] == ["failed"]
    assert "already loaded as plugin 'swedish'" in warnings[0]
    assert "another plugin is already called 'protocolkit_swedish'" in warnings[1]
    assert catalog.modalities.owner("swedish") == "swedish"


def test_registering_the_wrong_type_fails_the_plugin() -> None:
    catalog = load_catalog(local_modules=[str(PLUGIN_DATA / "wrong_type.py")], environ={}, warn=lambda l: None)
    failed = next(p for p in catalog.plugins if p.name == "wrong_type")
    assert failed.status == "failed"
    assert "protocolkit_register_modalities registered {'id': 'dict-massage'}, not a Modality" in (failed.error or "")


def test_a_plugin_can_register_an_exporter(tmp_path: Path) -> None:
    house = str(PLUGIN_DATA / "local_house.py")
    catalog = load_catalog(local_modules=[house], environ={})
    assert catalog.exporters.owner("step-list") == "local_house"
    done = run_cli("-p", house, "export", str(ROOT / "examples" / "reflexology-45.yaml"), "--to", "step-list")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1. ") and "reflex-point-pressure" in done.stdout
    unknown = run_cli("export", str(ROOT / "examples" / "reflexology-45.yaml"), "--to", "docx")
    assert unknown.returncode == 2 and "unknown export format 'docx'" in unknown.stderr


def test_a_slow_import_is_named_and_fails_fast_under_strict(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = tmp_path_factory.mktemp("slow-site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "--no-index", "--target", str(site),
                    str(PLUGIN_DATA / "slow" / "protocolkit-slow-import")], check=True, capture_output=True)
    env = {"PYTHONPATH": str(site)}
    listed = run_cli("plugins", "--format", "json", env=env)
    assert listed.returncode == 0
    slow = next(p for p in json.loads(listed.stdout) if p["name"] == "slow-import")
    assert slow["status"] == "ok" and slow["import_seconds"] >= 1.0
    assert "plugin 'slow-import' took 1." in listed.stderr and "keep its top-level imports cheap" in listed.stderr
    strict = run_cli("--strict-plugins", "modalities", env=env)
    assert strict.returncode == 2 and "plugin 'slow-import' took" in strict.stderr
