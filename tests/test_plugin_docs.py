"""docs/plugins.md documents every hook, and its examples work (a meta-test).

A hookspec without a ``## protocolkit_<hook>`` section fails here, and so does
an example that does not run, does not register anything, or does not load
as a plugin.  Each example is executed as a module of its own, loaded into a
fresh catalog beside the installed plugins through ``-p`` (``local_modules``),
exactly as a clinic's local plugin would be.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest

from protocolkit.plugin import hookspecs
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.testing import assert_plugin_conforms, compose_and_validate

from .conftest import ROOT

GUIDE = ROOT / "docs" / "plugins.md"
HOOKS = [name for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
         if hasattr(function, f"{hookspecs.PROJECT}_spec")]
REGISTRATION_HOOKS = [name for name in HOOKS if name.startswith("protocolkit_register_")]
_FENCE = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def sections(text: str) -> dict[str, str]:
    """Each ``## heading`` of the guide and the text under it, up to the next one."""
    found: dict[str, str] = {}
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        found[heading.strip()] = body
    return found


GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")
SECTIONS = sections(GUIDE_TEXT)
EXAMPLES = [(hook, index, code) for hook in HOOKS if hook in SECTIONS
            for index, code in enumerate(_FENCE.findall(SECTIONS[hook]))]


def test_the_hooks_are_found() -> None:
    # Guards the meta-tests below against passing vacuously.
    assert "protocolkit_compose_steps" in HOOKS and len(REGISTRATION_HOOKS) >= 4


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_section(hook: str) -> None:
    assert hook in SECTIONS, f"docs/plugins.md has no '## {hook}' section; document the hook there"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_section_has_a_python_example(hook: str) -> None:
    body = SECTIONS.get(hook, "")
    assert _FENCE.findall(body), f"the '## {hook}' section has no ```python example"
    assert "**Arguments.**" in body, f"the '## {hook}' section does not describe the hook's arguments"


def test_sections_for_hooks_that_do_not_exist() -> None:
    stale = [heading for heading in SECTIONS if heading.startswith("protocolkit_") and heading not in HOOKS]
    assert stale == [], "sections for hooks hookspecs.py does not define"


def test_every_python_block_compiles() -> None:
    blocks = _FENCE.findall(GUIDE_TEXT)
    assert len(blocks) > len(HOOKS)
    for number, code in enumerate(blocks):
        compile(code, f"docs/plugins.md block {number}", "exec")


@pytest.mark.parametrize("section", ["How plugins are found", "Keeping imports cheap",
                                     "Starting a plugin: protocolkit new-plugin", "Testing with protocolkit.testing",
                                     "Tracing hook calls: PROTOCOLKIT_TRACE_PLUGINS"])
def test_the_guide_has_its_other_sections(section: str) -> None:
    assert section in SECTIONS


@pytest.mark.parametrize("words", ["PROTOCOLKIT_PLUGINS", "PROTOCOLKIT_DISABLE_PLUGINS", "--strict-plugins",
                                   "`-p", "[project.entry-points.protocolkit]", "PROTOCOLKIT_TRACE_PLUGINS=1",
                                   "assert_plugin_conforms", "protocolkit_catalog", "protocolkit_cli",
                                   "protocolkit --help"])
def test_the_guide_mentions(words: str) -> None:
    assert words in GUIDE_TEXT


# -- running the examples -------------------------------------------------------------------------


def run_example(code: str, module_name: str) -> types.ModuleType:
    """Execute an example into a fresh module namespace, as if it were a plugin file."""
    module = types.ModuleType(module_name)
    module.__file__ = f"<docs/plugins.md {module_name}>"
    exec(compile(code, module.__file__, "exec"), module.__dict__)  # noqa: S102 - the guide's own examples
    return module


@pytest.fixture
def example_plugin() -> Iterator[type[_Loader]]:
    """Loads examples as plugins; their modules leave sys.modules after the test."""
    yield _Loader
    for name in _Loader.names:
        sys.modules.pop(name, None)
    _Loader.names.clear()


class _Loader:
    names: list[str] = []

    @classmethod
    def load(cls, code: str, name: str) -> tuple[types.ModuleType, Catalog]:
        """Run the example, then load it as a local plugin beside the installed ones."""
        module = run_example(code, name)
        sys.modules[name] = module
        cls.names.append(name)
        warnings: list[str] = []
        catalog = load_catalog(local_modules=[name], environ={}, warn=warnings.append)
        assert warnings == [], "the example fails to load as a plugin"
        info = next(plugin for plugin in catalog.plugins if plugin.name == name)
        assert (info.status, info.error) == ("ok", None)
        return module, catalog


def _example_id(example: tuple[str, int, str]) -> str:
    return f"{example[0]}-{example[1]}"


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_the_example_runs_and_loads_as_a_plugin(example: tuple[str, int, str],
                                               example_plugin: type[_Loader]) -> None:
    hook, index, code = example
    name = f"docs_example_{hook.removeprefix('protocolkit_')}_{index}"
    module, catalog = example_plugin.load(code, name)
    assert hasattr(getattr(module, hook, None), f"{hookspecs.PROJECT}_impl"), \
        f"the '## {hook}' example does not implement {hook} with @hookimpl"
    info = next(plugin for plugin in catalog.plugins if plugin.name == name)
    assert hook in info.hooks


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e[0] in REGISTRATION_HOOKS], ids=_example_id)
def test_the_registration_example_registers_something(example: tuple[str, int, str],
                                                      example_plugin: type[_Loader]) -> None:
    hook, index, code = example
    name = f"docs_example_{hook.removeprefix('protocolkit_')}_{index}"
    module, catalog = example_plugin.load(code, name)
    recorded: list[Any] = []
    getattr(module, hook)(register=recorded.append)
    assert recorded, f"the '## {hook}' example registers nothing"
    kind = {"protocolkit_register_techniques": "technique", "protocolkit_register_modalities": "modality",
            "protocolkit_register_rules": "rule", "protocolkit_register_conditions": "condition",
            "protocolkit_register_exporters": "exporter", "protocolkit_register_subjects": "subject",
            "protocolkit_register_requirements": "profile", "protocolkit_register_synonyms": "synonym",
            "protocolkit_register_goals": "goal"}[hook]
    for item in recorded:
        item_id = item.code if kind == "rule" else item.id
        assert catalog.registry(kind).owner(item_id) == name, f"{kind} {item_id} did not reach the catalog"


def test_the_rule_example_finds_what_it_describes(example_plugin: type[_Loader]) -> None:
    from protocolkit import Duration, Pressure, Protocol, Step
    from protocolkit.testing import validate_protocol

    # The rule is about hot-stone steps, so load it with the modality example.
    modalities = next(code for hook, _, code in EXAMPLES if hook == "protocolkit_register_modalities")
    rules = next(code for hook, _, code in EXAMPLES if hook == "protocolkit_register_rules")
    name = "docs_example_rule_with_modality"
    _, catalog = example_plugin.load(modalities + "\n\n" + rules, name)
    codes = [code for code in catalog.rules if catalog.rules.owner(code) == name]
    assert codes == ["HOT001"]

    def session(pressure: int) -> Protocol:
        steps = [Step(Duration.parse("5m"), index=0, modality="hot-stone", technique="effleurage",
                      region="upper-back", pressure=Pressure(2)),
                 Step(Duration.parse("5m"), index=1, modality="hot-stone", technique="hot-stone-glide",
                      region="upper-back", pressure=Pressure(pressure))]
        return Protocol(id="hot", title="Hot", duration=Duration.parse("10m"), steps=steps)

    assert validate_protocol(session(3), catalog) == []
    found = [(f.code, f.json_path) for f in validate_protocol(session(4), catalog)]
    assert ("HOT001", "$.steps[1].pressure") in found


def test_the_compose_example_composes_sessions_that_validate_clean(example_plugin: type[_Loader]) -> None:
    code = next(code for hook, _, code in EXAMPLES if hook == "protocolkit_compose_steps")
    name = "docs_example_compose"
    module, catalog = example_plugin.load(code, name)
    assert_plugin_conforms(catalog, name)
    modality = module.HOT_STONE.id
    for duration, regions in (("30m", ["upper-back"]), ("60m", ["upper-back", "neck"]),
                              ("90m", ["lower-back", "mid-back", "gluteal"])):
        protocol, findings = compose_and_validate(catalog, duration, regions, [modality])
        assert findings == [], (duration, regions)
        assert {step.modality for step in protocol.hands_on_steps} == {modality}


def test_the_condition_example_restricts_screening(example_plugin: type[_Loader]) -> None:
    code = next(code for hook, _, code in EXAMPLES if hook == "protocolkit_register_conditions")
    name = "docs_example_conditions"
    _, catalog = example_plugin.load(code, name)
    assert_plugin_conforms(catalog, name)
    assert catalog.conditions["heat-sensitivity"].max_pressure is not None


def test_every_hook_has_an_example_that_runs() -> None:
    assert {hook for hook, _, _ in EXAMPLES} == set(HOOKS)
