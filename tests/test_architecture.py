"""The import contract (pyproject.toml, docs/architecture.md) holds, and would catch a breach.

lint-imports runs as part of `make test`, so CI fails on a new cycle or an
upward import between the stages, function-local imports included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", str(cwd / "pyproject.toml")], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_import_contract_holds() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    # A function-local import up the stages: the model reaching for the CLI.
    ("model/regions.py", "def _reach_up():\n    from protocolkit.cli.app import fail\n",
     "protocolkit.model is not allowed to import protocolkit.cli"),
    # A cycle inside a stage: load.config and load.serialize importing each other.
    ("load/config.py", "def _cycle():\n    from protocolkit.load import serialize\n",
     None),
    # A command importing its own package, which imports the commands.
    ("cli/listings.py", "def _root():\n    from protocolkit.cli import main\n",
     "CLI modules never import their own package (it imports them) BROKEN"),
])
def test_the_contract_catches_a_breach(tmp_path: Path, module: str, line: str, broken: str | None) -> None:
    shutil.copytree(ROOT / "src" / "protocolkit", tmp_path / "src" / "protocolkit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / "protocolkit" / module
    target.write_text(target.read_text() + "\n\n" + line)
    if broken is None:  # make it a real cycle: serialize reaches back into config
        serialize = tmp_path / "src" / "protocolkit" / "load" / "serialize.py"
        serialize.write_text(serialize.read_text() + "\n\nfrom protocolkit.load import config  # noqa: E402\n")
        broken = "No cycles are allowed in protocolkit.load"
    result = lint_imports(tmp_path, pythonpath=tmp_path / "src")
    assert result.returncode == 1 and broken in result.stdout, result.stdout + result.stderr


MAX_MODULE_LINES = 400


def test_every_module_stays_under_400_lines() -> None:
    """A module that outgrows this holds more than one job: split it by job, as the stages are split."""
    sources = [*(ROOT / "src" / "protocolkit").rglob("*.py"), *(ROOT / "plugins").glob("*/src/*/**/*.py")]
    assert len(sources) > 100
    long = {str(path.relative_to(ROOT)): lines for path in sources
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) >= MAX_MODULE_LINES}
    assert long == {}
