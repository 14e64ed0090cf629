"""protocolkit new-plugin: the generator, the command, and a generated plugin in a fresh virtualenv.

The in-process tests check what is written and that the command refuses what
it should.  The last tests are the real thing and part of the normal suite:
a plugin is generated, installed with the core into a brand-new virtual
environment (one for the module), and its own generated tests must pass
there, through the fixtures protocolkit's pytest plugin provides.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.model.protocol import Duration, Pressure, Protocol, Step
from protocolkit.plugin.host import load_catalog
from protocolkit.authoring.scaffold import generate_plugin, plugin_names, rule_prefix
from protocolkit.testing import assert_plugin_conforms, compose_and_validate, validate_protocol

from .conftest import ROOT

NAME = "hot-stone"
EXPECTED = {"pyproject.toml", "README.md", "src/protocolkit_hot_stone/__init__.py", "tests/test_hot_stone.py"}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path, with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file()}


def new_plugin(*args: str) -> Result:
    return CliRunner().invoke(cli, ["new-plugin", *args], prog_name="protocolkit",
                              env={"PROTOCOLKIT_PLUGINS": None, "PROTOCOLKIT_DISABLE_PLUGINS": None})


# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "prefix"), [("hot-stone", "HOT"), ("lomi-lomi", "LOM"), ("ab", "AB"),
                                              ("a", "AX"), ("a1-b2", "AB"), ("shiatsu2", "SHI"),
                                              ("pk", "XPK"), ("pkneading", "XPKN")])
def test_rule_prefix(name: str, prefix: str) -> None:
    assert rule_prefix(name) == prefix
    assert re.fullmatch(r"[A-Z]{2,5}", prefix) and not prefix.startswith("PK")


def test_names_derived_from_the_modality_id() -> None:
    names = plugin_names("hot-stone")
    assert (names.distribution, names.package, names.title, names.technique, names.rule_code, names.test_module) == (
        "protocolkit-hot-stone", "protocolkit_hot_stone", "Hot stone", "hot-stone-stroke", "HOT001",
        "test_hot_stone")


def test_the_rule_code_avoids_taken_codes() -> None:
    assert plugin_names("hot-stone", taken_codes={"HOT001", "HOT002"}).rule_code == "HOT003"


@pytest.mark.parametrize("name", ["Hot-Stone", "hot_stone", "hot stone", "1hot", "hot--stone", "hot-", "", "-hot"])
def test_generate_plugin_refuses_a_name_that_is_not_a_slug(name: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lower-case slug"):
        generate_plugin(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


# -- what generate_plugin writes -------------------------------------------------------------------


def test_generate_plugin_writes_the_expected_files(tmp_path: Path) -> None:
    written = generate_plugin(NAME, tmp_path)
    root = tmp_path / "protocolkit-hot-stone"
    assert {path.relative_to(root).as_posix() for path in written} == EXPECTED
    assert set(tree(root)) == EXPECTED, "only the generated files, no temporary files left behind"
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "$" not in text.replace("$.steps", ""), f"{path.name}: a template placeholder was left in"


def test_the_generated_pyproject(tmp_path: Path) -> None:
    generate_plugin(NAME, tmp_path)
    data = tomllib.loads((tmp_path / "protocolkit-hot-stone" / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    assert (project["name"], project["version"], project["requires-python"]) == (
        "protocolkit-hot-stone", "0.1.0", ">=3.11")
    # The current plugin API's range: today's core (0.1.x) and no release that may change the API.
    assert project["dependencies"] == ["protocolkit>=0.1,<0.2"]
    assert project["entry-points"]["protocolkit"] == {"hot-stone": "protocolkit_hot_stone"}
    assert project["optional-dependencies"]["test"] == ["pytest>=7.4"]
    assert data["build-system"]["build-backend"] == "setuptools.build_meta"
    assert data["tool"]["setuptools"]["packages"]["find"]["where"] == ["src"]


def test_the_generated_readme_says_what_to_edit(tmp_path: Path) -> None:
    generate_plugin(NAME, tmp_path)
    readme = (tmp_path / "protocolkit-hot-stone" / "README.md").read_text(encoding="utf-8")
    for words in ("## What to edit", "src/protocolkit_hot_stone/__init__.py", "hot-stone-stroke", "HOT001",
                  "pip install -e protocolkit-hot-stone", "pytest protocolkit-hot-stone"):
        assert words in readme


def test_the_generated_code_uses_each_hook(tmp_path: Path) -> None:
    generate_plugin(NAME, tmp_path)
    root = tmp_path / "protocolkit-hot-stone"
    source = (root / "src" / "protocolkit_hot_stone" / "__init__.py").read_text(encoding="utf-8")
    tests = (root / "tests" / "test_hot_stone.py").read_text(encoding="utf-8")
    for hook in ("protocolkit_register_techniques", "protocolkit_register_modalities",
                 "protocolkit_register_rules", "protocolkit_compose_steps"):
        assert f"@hookimpl\ndef {hook}(" in source
    assert "plan_steps(" in source and 'Rule("HOT001", "warning"' in source
    assert 'compose_order="routine"' in source and "strict_pressure=False" in source
    compile(source, "__init__.py", "exec")
    compile(tests, "test_hot_stone.py", "exec")
    for words in ("protocolkit_catalog", "protocolkit_cli", "assert_plugin_conforms(protocolkit_catalog, PLUGIN)",
                  "compose_and_validate(", 'PLUGIN = "hot-stone"', "def test_the_rule_", "intake_from_text(",
                  "screen_text(", "def test_screening_keeps_off_an_infected_area"):
        assert words in tests


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Catalog]:
    """The generated plugin loaded in-process as a local module (``-p protocolkit_hot_stone``)."""
    generate_plugin(NAME, tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "protocolkit-hot-stone" / "src"))
    warnings: list[str] = []
    try:
        yield load_catalog(local_modules=["protocolkit_hot_stone"], environ={}, warn=warnings.append)
        assert warnings == []
    finally:
        sys.modules.pop("protocolkit_hot_stone", None)


def test_the_generated_plugin_conforms(generated: Catalog) -> None:
    assert_plugin_conforms(generated, "protocolkit_hot_stone")
    assert generated.techniques.owner("hot-stone-stroke") == "protocolkit_hot_stone"
    assert generated.rules.owner("HOT001") == "protocolkit_hot_stone"
    modality = generated.modality(NAME)
    assert {use.technique for use in modality.techniques} == {"hot-stone-stroke", "effleurage"}
    assert modality.indications and modality.contraindications and modality.summary and modality.source
    assert generated.technique("hot-stone-stroke").source


@pytest.mark.parametrize(("duration", "regions", "modalities"), [
    ("30m", ["upper-back"], [NAME]),
    # A technique takes only so much of one region (most_per_region): long sessions cover more regions.
    ("90m", ["upper-back", "mid-back", "neck", "shoulder"], [NAME]),
    ("2h", ["lower-back", "gluteal", "posterior-thigh", "calf"], [NAME]),
    ("60m", ["upper-back", "neck"], [NAME, "swedish"]),
    ("60m", ["calf"], [NAME, "deep-tissue"]),
])
def test_the_generated_plugin_composes_clean(generated: Catalog, duration: str, regions: list[str],
                                             modalities: list[str]) -> None:
    protocol, findings = compose_and_validate(generated, duration, regions, modalities)
    assert findings == []
    ours = [step for step in protocol.steps if step.modality == NAME]
    assert any(step.technique == "hot-stone-stroke" for step in ours)
    assert all(step.duration <= Duration.parse("20m") for step in ours), "the compose hook keeps to HOT001"
    if modalities == [NAME]:
        first = protocol.hands_on_steps[0]
        assert first.technique == "effleurage" and first.pressure <= Pressure(3)


@pytest.mark.parametrize(("stroke", "codes"), [("25m", ["HOT001"]), ("20m", []), ("1m", [])])
def test_the_generated_rule(generated: Catalog, stroke: str, codes: list[str]) -> None:
    parts = [("effleurage", "3m"), ("hot-stone-stroke", stroke), ("effleurage", "2m")]
    steps = [Step(Duration.parse(length), index=i, modality=NAME, technique=technique, region="upper-back",
                  pressure=Pressure(2)) for i, (technique, length) in enumerate(parts)]
    total = Duration(sum(step.duration.seconds for step in steps))
    findings = validate_protocol(Protocol(id="check", title="Check", duration=total, steps=steps), generated)
    assert [f.code for f in findings] == codes
    assert all(f.severity == "warning" and f.json_path == "$.steps[1].duration" for f in findings)


# -- protocolkit new-plugin ------------------------------------------------------------------------


def test_new_plugin_writes_the_plugin_and_says_what_next(tmp_path: Path) -> None:
    result = new_plugin(NAME, "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    root = tmp_path / "protocolkit-hot-stone"
    assert set(tree(root)) == EXPECTED
    for relative in EXPECTED:
        assert relative in result.stdout.replace(os.sep, "/")
    assert f"pip install -e {root}" in result.stdout
    assert f"pytest {root}" in result.stdout
    assert "HOT001" in result.stdout


def test_new_plugin_defaults_to_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = new_plugin(NAME)
    assert result.exit_code == 0, result.output
    assert set(tree(tmp_path / "protocolkit-hot-stone")) == EXPECTED
    assert "pip install -e protocolkit-hot-stone\n" in result.stdout


def test_new_plugin_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    assert new_plugin(NAME, "--dir", str(tmp_path)).exit_code == 0
    root = tmp_path / "protocolkit-hot-stone"
    (root / "README.md").write_text("my own notes\n", encoding="utf-8")
    (root / "tests" / "test_more.py").write_text("def test_more():\n    pass\n", encoding="utf-8")
    before = tree(tmp_path)
    result = new_plugin(NAME, "--dir", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("protocolkit: error: ")
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert tree(tmp_path) == before, "nothing was touched"


def test_new_plugin_refuses_an_existing_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "protocolkit-hot-stone").mkdir()
    result = new_plugin(NAME, "--dir", str(tmp_path))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert list((tmp_path / "protocolkit-hot-stone").iterdir()) == []


def test_new_plugin_force_rewrites_the_generated_files_only(tmp_path: Path) -> None:
    assert new_plugin(NAME, "--dir", str(tmp_path)).exit_code == 0
    root = tmp_path / "protocolkit-hot-stone"
    generated = tree(root)
    (root / "README.md").write_text("my own notes\n", encoding="utf-8")
    (root / "NOTES.md").write_text("keep me\n", encoding="utf-8")
    result = new_plugin(NAME, "--dir", str(tmp_path), "--force")
    assert result.exit_code == 0, result.output
    assert tree(root) == {**generated, "NOTES.md": b"keep me\n"}


@pytest.mark.parametrize("name", ["Hot-Stone", "hot_stone", "hot stone", "1hot", "hot--stone", "hot-", "-hot",
                                  "HOT", "hot.stone", ""])
def test_new_plugin_refuses_a_bad_name_in_one_line(tmp_path: Path, name: str) -> None:
    result = new_plugin("--dir", str(tmp_path), "--", name)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("protocolkit: error: plugin name ")
    assert "lower-case slug" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "words"), [("swedish", "already a modality"),
                                             ("core-rules", "already installed")])
def test_new_plugin_refuses_a_name_already_installed(tmp_path: Path, name: str, words: str) -> None:
    result = new_plugin(name, "--dir", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and words in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_plugin_is_in_the_help() -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="protocolkit")
    assert "new-plugin" in result.stdout


# -- the real thing: a fresh virtual environment --------------------------------------------------


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment for the venv's commands: none of this test run's Python or plugin settings."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS",
               "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_CURRENT_TEST")
    env = {key: value for key, value in os.environ.items()
           if key not in dropped and not key.startswith("PROTOCOLKIT_")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return env


def _run(command: list[str | Path], env: dict[str, str], cwd: Path, timeout: int = 300) -> \
        subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=timeout)


class FreshVenv:
    def __init__(self, root: Path, plugin: Path, seconds: float) -> None:
        self.root, self.plugin, self.seconds = root, plugin, seconds
        self.python = root / "bin" / "python"
        self.env = _clean_env(root)


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> FreshVenv:
    """A new virtual environment holding the core and a freshly generated plugin, nothing else."""
    started = time.monotonic()
    work = tmp_path_factory.mktemp("scaffold-venv")
    plugin = generate_plugin(NAME, work)[0].parent
    venv = work / "venv"
    done = _run([sys.executable, "-m", "venv", venv], os.environ.copy(), work)
    assert done.returncode == 0, done.stderr
    env = _clean_env(venv)
    pip = [venv / "bin" / "python", "-m", "pip", "--disable-pip-version-check", "--quiet"]
    for install in (["install", "setuptools>=70.1", "pytest>=7.4"],
                    ["install", "--no-build-isolation", "-e", ROOT, "-e", plugin]):
        done = _run([*pip, *install], env, work)
        assert done.returncode == 0, f"pip {' '.join(map(str, install))} failed:\n{done.stdout}\n{done.stderr}"
    return FreshVenv(venv, plugin, time.monotonic() - started)


def test_the_generated_plugins_own_tests_pass_in_a_fresh_venv(fresh_venv: FreshVenv) -> None:
    done = _run([fresh_venv.python, "-m", "pytest", fresh_venv.plugin, "-p", "no:cacheprovider", "-q"],
                fresh_venv.env, fresh_venv.plugin.parent)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    passed = re.search(r"(\d+) passed", report)
    assert passed and int(passed.group(1)) > 0, report
    assert not re.search(r"\d+ (failed|error|skipped)", report), report


def test_the_fresh_venv_holds_only_the_core_and_the_new_plugin(fresh_venv: FreshVenv) -> None:
    done = _run([fresh_venv.root / "bin" / "protocolkit", "plugins", "--format", "json"], fresh_venv.env,
                fresh_venv.plugin.parent, timeout=60)
    assert done.returncode == 0, done.stderr
    plugins = {plugin["name"]: plugin for plugin in json.loads(done.stdout)}
    ours = plugins[NAME]
    assert (ours["status"], ours["origin"], ours["distribution"], ours["version"]) == (
        "ok", "entry point", "protocolkit-hot-stone", "0.1.0")
    assert set(ours["hooks"]) == {"protocolkit_register_techniques", "protocolkit_register_modalities",
                                  "protocolkit_register_rules", "protocolkit_compose_steps"}
    assert all(plugin["status"] == "ok" for plugin in plugins.values())
    assert set(plugins) - {NAME} == {name for name in plugins if name.startswith("core-")}
