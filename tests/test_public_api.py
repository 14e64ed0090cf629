"""The public API is one list, every name in it resolves, and plugins use nothing else.

``protocolkit/__init__.py`` names each public value twice by necessity: once
for type checkers (the TYPE_CHECKING block) and once for the lazy loader
(``_EXPORTS``). These tests keep the two the same list, and keep the seed
plugins, the new-plugin template and the plugin guide on it.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import protocolkit

from .conftest import ROOT

INIT = Path(protocolkit.__file__)


def _typing_block_names() -> dict[str, str]:
    tree = ast.parse(INIT.read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    names = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module is not None
        for alias in node.names:
            names[alias.name] = node.module.removeprefix("protocolkit.")
    return names


def test_the_typing_block_and_the_lazy_list_agree() -> None:
    assert _typing_block_names() == protocolkit._EXPORTS


@pytest.mark.parametrize("name", sorted(protocolkit._EXPORTS))
def test_every_public_name_resolves_to_where_the_list_says(name: str) -> None:
    value = getattr(protocolkit, name)
    module = importlib.import_module(f"protocolkit.{protocolkit._EXPORTS[name]}")
    assert getattr(module, name) is value


def test_what_a_plugin_needs_is_public() -> None:
    needed = {"hookimpl", "Technique", "TechniqueUse", "Modality", "Contraindication", "Rule", "Condition",
              "RegionLimit", "Exporter", "ExportContext", "Side", "Severity", "PlanItem", "Slot", "plan_steps",
              "Step", "Protocol", "Finding", "Catalog", "Pressure", "PressureRange", "Duration", "DurationRange",
              "RequirementProfile", "requirements_from_data", "Synonym", "Position", "PositionRule", "TimePhase"}
    assert needed <= set(protocolkit.__all__)


def _python_sources() -> list[tuple[str, str]]:
    """Every piece of plugin code the project ships or teaches, as (where, source)."""
    sources = [(str(path.relative_to(ROOT)), path.read_text()) for path in sorted(ROOT.glob("plugins/*/**/*.py"))]
    guide = (ROOT / "docs" / "plugins.md").read_text()
    sources += [(f"docs/plugins.md block {n}", block.split("```")[0])
                for n, block in enumerate(guide.split("```python\n")[1:], start=1)]
    from protocolkit.authoring import scaffold

    names = scaffold.plugin_names("demo-modality")
    sources += [(f"new-plugin template {n}", scaffold.render(template, names))
                for n, template in enumerate((scaffold._PLUGIN, scaffold._TESTS))]
    return sources


def test_plugins_the_template_and_the_guide_import_only_the_public_api() -> None:
    reaching = []
    for where, source in _python_sources():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("protocolkit.") \
                    and node.module != "protocolkit.testing":
                reaching.append(f"{where}: from {node.module} import ...")
            if isinstance(node, ast.Import):
                reaching += [f"{where}: import {a.name}" for a in node.names
                             if a.name.startswith("protocolkit.") and a.name != "protocolkit.testing"]
    assert reaching == []


def test_every_name_in_all_resolves() -> None:
    """``intake_from_text`` is defined in the package itself; every other name comes from the lazy list."""
    assert set(protocolkit.__all__) == {"__version__", "intake_from_text", *protocolkit._EXPORTS}
    assert all(getattr(protocolkit, name) is not None for name in protocolkit.__all__)
    assert callable(protocolkit.intake_from_text) and "intake_from_text" not in protocolkit._EXPORTS


def _modules_after(code: str) -> set[str]:
    """The protocolkit modules a fresh interpreter holds after running ``code``."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('protocolkit'))))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_protocolkit_and_reading_the_api_version_stay_light() -> None:
    assert _modules_after("import protocolkit") == {"protocolkit"}
    assert _modules_after("import protocolkit\nprotocolkit.PLUGIN_API_VERSION") == {
        "protocolkit", "protocolkit.plugin", "protocolkit.plugin.api_version"}
