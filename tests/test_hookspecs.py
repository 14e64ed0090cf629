"""Every hook is documented with an example and exercised by a test (a meta-test)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from protocolkit.plugin import hookspecs

HOOKS = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("protocolkit_")]
TEST_SOURCES = "".join(p.read_text() for p in Path(__file__).parent.parent.glob("**/tests/**/*.py")
                       if ".venv" not in p.parts)


def test_the_hooks_the_design_names_exist() -> None:
    assert set(HOOKS) == {"protocolkit_register_techniques", "protocolkit_register_modalities",
                          "protocolkit_register_rules", "protocolkit_register_conditions",
                          "protocolkit_register_exporters", "protocolkit_register_subjects",
                          "protocolkit_register_requirements", "protocolkit_register_synonyms", "protocolkit_register_goals",
                          "protocolkit_compose_steps"}


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_with_an_example(name: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert len(doc.splitlines()[0]) > 20 and "Example::" in doc and f"def {name}(" in doc


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_implemented_in_a_test_or_test_plugin(name: str) -> None:
    plugin_sources = "".join(p.read_text() for p in (Path(__file__).parent / "data" / "plugins").glob("**/*.py"))
    assert f"def {name}(" in plugin_sources + TEST_SOURCES


def test_hookimpl_is_the_public_marker() -> None:
    import protocolkit

    assert protocolkit.hookimpl is hookspecs.hookimpl
    assert hookspecs.PROJECT == "protocolkit"
