"""The plugin-author kit's generator: a new modality plugin distribution, ready to edit.

`generate_plugin` writes ``protocolkit-NAME/`` with a pyproject.toml that
registers the package under the ``protocolkit`` entry-point group, a README
saying what to edit, a working modality plugin (a technique of its own, a
modality offering it and the shared ``effleurage``, a rule, and a compose
hook) and tests that run on protocolkit's pytest fixtures.  What it writes
validates clean and passes ``protocolkit.testing.assert_plugin_conforms`` as
generated, so an author starts from green and edits from there.

This module is library code: no click, no terminal output.  The
``protocolkit new-plugin`` command (cli/authoring.py) is a thin wrapper.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from string import Template

from attrs import frozen

from protocolkit.load.documents import write_atomic
from protocolkit.model.protocol import is_slug

__all__ = ["PluginNames", "generate_plugin", "plugin_names", "rule_prefix"]

# Rule codes are 2-5 capital letters and 3 digits; the core keeps PK for itself.
_RESERVED_PREFIX = "PK"


@frozen
class PluginNames:
    """Every name the generated plugin uses, derived from its modality id."""

    name: str  # the modality id and the entry-point (plugin) name: hot-stone
    distribution: str  # protocolkit-hot-stone
    package: str  # protocolkit_hot_stone
    title: str  # Hot stone
    technique: str  # hot-stone-stroke
    rule_code: str  # HOT001
    test_module: str  # test_hot_stone


def rule_prefix(name: str) -> str:
    """The plugin's rule-code prefix: the first three letters of its name, upper-cased.

    ``hot-stone`` gives ``HOT``; a name with fewer than two letters is padded
    with ``X``, and a prefix starting with the core's ``PK`` gets an ``X`` in
    front, so the result is always 2-5 letters and never the core's.
    """
    letters = "".join(ch for ch in name if ch.isalpha()).upper()
    prefix = letters[:3].ljust(2, "X")
    if prefix.startswith(_RESERVED_PREFIX):
        prefix = "X" + prefix
    return prefix


def plugin_names(name: str, taken_codes: Collection[str] = ()) -> PluginNames:
    """The names for a plugin called ``name``; the rule code avoids ``taken_codes``.

    Raises ValueError when ``name`` is not a lower-case slug such as ``hot-stone``.
    """
    if not is_slug(name):
        raise ValueError(f"plugin name {name!r} must be a lower-case slug such as 'hot-stone' "
                         "(letters, digits and single hyphens, starting with a letter)")
    prefix = rule_prefix(name)
    code = next((f"{prefix}{number:03d}" for number in range(1, 1000) if f"{prefix}{number:03d}" not in taken_codes),
                None)
    if code is None:
        raise ValueError(f"every rule code {prefix}001-{prefix}999 is taken")
    underscored = name.replace("-", "_")
    return PluginNames(name=name, distribution=f"protocolkit-{name}", package=f"protocolkit_{underscored}",
                       title=name.replace("-", " ").capitalize(), technique=f"{name}-stroke", rule_code=code,
                       test_module=f"test_{underscored}")


def generate_plugin(name: str, directory: Path, *, force: bool = False,
                    taken_codes: Collection[str] = ()) -> list[Path]:
    """Write the plugin distribution ``directory/protocolkit-NAME/`` and return the files written.

    Refuses (FileExistsError, nothing written) when ``protocolkit-NAME``
    already exists, unless ``force``: then the generated files are rewritten
    and anything else in the tree is left alone.  Each file is written
    atomically.  Raises ValueError for a name that is not a slug.
    """
    names = plugin_names(name, taken_codes)
    root = Path(directory) / names.distribution
    if os.path.lexists(root) and not force:
        raise FileExistsError(f"{root} already exists; pass --force to overwrite the generated files in it")
    files = {
        Path("pyproject.toml"): _PYPROJECT,
        Path("README.md"): _README,
        Path("src") / names.package / "__init__.py": _PLUGIN,
        Path("tests") / f"{names.test_module}.py": _TESTS,
    }
    written: list[Path] = []
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, render(template, names), overwrite=force)
        written.append(path)
    return written


def render(template: str, names: PluginNames) -> str:
    return Template(template).substitute(
        name=names.name, distribution=names.distribution, package=names.package, title=names.title,
        technique=names.technique, code=names.rule_code, test_module=names.test_module)


# -- templates (string.Template: $name and friends are filled in) -------------------------------

_PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "$distribution"
version = "0.1.0"
description = "The $title modality for protocolkit."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["protocolkit>=0.1"]

[project.optional-dependencies]
test = ["pytest>=7.4"]

# This is how protocolkit finds the plugin: the entry point's name is the
# plugin's name (in `protocolkit plugins`, PROTOCOLKIT_DISABLE_PLUGINS and
# assert_plugin_conforms), its value the module holding the hook functions.
[project.entry-points.protocolkit]
$name = "$package"

[tool.setuptools.packages.find]
where = ["src"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

_README = """\
# $distribution

The $title modality for protocolkit, generated by `protocolkit new-plugin $name`.
It works as generated: it composes sessions that validate clean and passes
protocolkit's conformance check.  Now make it describe your modality.

## Try it

    pip install -e $distribution
    pytest $distribution
    protocolkit show $name
    protocolkit compose --duration 30m --modality $name --region upper-back

`pip install -e` registers the plugin through the `protocolkit` entry-point
group (see `pyproject.toml`); `protocolkit plugins` lists it as `$name`.

## What to edit

Everything lives in `src/$package/__init__.py`:

1. `STROKE`: the technique this plugin brings (`$technique`).  Give it a
   real id, name and description, its pressure range on the Walton scale
   (1-5), how long one step of it may last, whether it needs lubricant, and
   a `source` saying where those facts come from.  Add more techniques the
   same way and register them in `protocolkit_register_techniques`.  The
   shared techniques (`protocolkit techniques` lists them) need no
   registering: offer them by id.
2. `MODALITY`: the summary, the techniques it offers (optionally narrowed
   with `TechniqueUse(..., pressure=..., duration=...)`), its indications,
   contraindications (with reasons and sources), intents and, if it only
   works on some body regions, `regions`.  Replace every placeholder source.
3. `LONG_STEP` (rule `$code`): a rule of the plugin's own, run by
   `protocolkit validate` on every protocol.  Keep the `$code` prefix for
   your further rules; `PK` codes belong to protocolkit's core.
4. `PLANS` and `protocolkit_compose_steps`: how `protocolkit compose` fills a
   region's warm-up (keep it at pressure 3 or less), work and flush with this
   modality's steps.  `plan_steps` does the arithmetic: each `PlanItem` is
   a technique, its share of the slot and a pressure.
5. `tests/$test_module.py`: keep the conformance test, and add a test for
   each rule you write, one document that breaks it and one that does not.

Keep the module cheap to import: protocolkit imports it for every command
that needs plugins, so import heavy libraries inside the functions that use
them.  `PROTOCOLKIT_TRACE_PLUGINS=1 protocolkit compose ...` shows each hook
call and what each plugin answered.  protocolkit's plugin guide
(`docs/plugins.md`) documents every hook.
"""

_PLUGIN = '''\
"""$title: a modality plugin for protocolkit.

Generated by ``protocolkit new-plugin $name``.  It registers, through one
hook each:

- ``STROKE``, a technique of its own (``protocolkit_register_techniques``);
- ``MODALITY``, which offers that technique and the shared ``effleurage``
  (``protocolkit_register_modalities``);
- ``LONG_STEP``, rule $code (``protocolkit_register_rules``);
- and fills composed sessions with its steps (``protocolkit_compose_steps``).

Replace the placeholder descriptions and sources with your modality's facts.
Keep imports here cheap: protocolkit imports this module for every command
that needs plugins.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from protocolkit import (Contraindication, Duration, DurationRange, Modality, PressureRange, Rule, Step,
                         Technique, TechniqueUse, hookimpl)
from protocolkit import PlanItem, Slot, plan_steps

if TYPE_CHECKING:
    from protocolkit import Catalog, Finding, Protocol

MODALITY_ID = "$name"
# Say where every fact comes from (a textbook, a training manual, a study).
SOURCE = "Placeholder from protocolkit new-plugin: cite the manual, textbook or study behind $title"

STROKE = Technique(
    id="$technique",
    name="$title stroke",
    description="The signature stroke of $title: describe what the hands (or tools) do, in which "
                "direction, at what pace and for what effect.",
    pressure=PressureRange.of(2, 4),
    duration=DurationRange.of("1m", "30m"),
    lubricant="yes",
    source=SOURCE,
)

MODALITY = Modality(
    id=MODALITY_ID,
    name="$title",
    summary="Describe in a sentence or two what $title does, how, and for whom.",
    # Its own stroke, and a shared technique from protocolkit's core catalog.
    techniques=[TechniqueUse(STROKE.id), TechniqueUse("effleurage")],
    indications=["relaxation", "muscle-tension"],
    contraindications=[
        Contraindication("skin-infection", "local", "Gliding strokes over infected skin spread the infection; "
                         "keep off the area.", SOURCE),
    ],
    intents=["relaxation", "maintenance", "recovery"],
    source=SOURCE,
)

# The longest a single step of this modality should last before the therapist
# checks in with the client and the tissue (rule $code).
MAX_STEP = Duration.parse("20m")


def _long_steps(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    """Yield a finding for each $name step that lasts longer than ``MAX_STEP``.

    The technique itself allows steps of up to 30m (protocolkit's PK202 checks
    that); this modality asks for a check-in with the client at least every
    20 minutes, so a longer step should be split.
    """
    for step in protocol.hands_on_steps:
        if step.modality == MODALITY_ID and step.duration > MAX_STEP:
            yield LONG_STEP.finding(
                f"{step.duration} of {step.technique} in one $name step is over {MAX_STEP}; split it into "
                f"shorter steps and check in with the client between them", (*step.path, "duration"))


LONG_STEP = Rule("$code", "warning", f"a $name step lasting longer than {MAX_STEP}", _long_steps)
RULES = (LONG_STEP,)

# (technique, share of the slot, pressure, notes) for each phase of a composed region.
PLANS = {
    "warm-up": [PlanItem("effleurage", 1, "light", "spread the oil and warm the tissue")],
    "work": [PlanItem(STROKE.id, 3, "moderate"),
             PlanItem("effleurage", 1, "light", "ease off between passes")],
    "flush": [PlanItem("effleurage", 1, "light", "flush toward the heart")],
}


@hookimpl
def protocolkit_register_techniques(register: Callable[[Technique], None]) -> None:
    register(STROKE)


@hookimpl
def protocolkit_register_modalities(register: Callable[[Modality], None]) -> None:
    register(MODALITY)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in RULES:
        register(rule)


@hookimpl
def protocolkit_compose_steps(modality: Modality, slot: Slot) -> list[Step] | None:
    """Fill one slot of a composed session; ``None`` for any other plugin's modality."""
    if modality.id != MODALITY_ID:
        return None
    plan = PLANS[slot.phase]
    if slot.phase == "work":
        # Repeat the pattern often enough that no stroke step outgrows MAX_STEP,
        # so composed sessions never trip this plugin's own rule.
        plan = plan * math.ceil(slot.duration.seconds / MAX_STEP.seconds)
    steps: list[Step] = plan_steps(modality, slot, plan)
    return steps
'''

_TESTS = '''\
"""Tests for the $name plugin, run against the installed distribution.

``protocolkit_catalog`` and ``protocolkit_cli`` are fixtures of protocolkit's
own pytest plugin, which pytest loads wherever protocolkit is installed.
"""

from __future__ import annotations

import json

import pytest

from protocolkit import Duration, Pressure, Protocol, Step
from protocolkit.testing import assert_plugin_conforms, compose_and_validate, validate_protocol

PLUGIN = "$name"  # the entry point's name
MODALITY = "$name"
STROKE = "$technique"
RULE = "$code"
REGION = "upper-back"


def test_the_plugin_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, PLUGIN)


def test_the_modality_is_listed(protocolkit_cli):
    result = protocolkit_cli("modalities", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = {modality["id"]: modality for modality in json.loads(result.stdout)}
    assert MODALITY in listed
    assert listed[MODALITY]["plugin"] == PLUGIN


@pytest.mark.parametrize("duration", ["30m", "90m"])
def test_a_composed_session_validates_clean(protocolkit_catalog, duration):
    protocol, findings = compose_and_validate(protocolkit_catalog, duration, [REGION], [MODALITY])
    assert findings == []
    assert {step.modality for step in protocol.steps} == {MODALITY}
    assert any(step.technique == STROKE for step in protocol.steps)
    assert protocol.steps[0].pressure <= Pressure(3), "the warm-up stays at pressure 3 or less"


def session(stroke: str) -> Protocol:
    """Effleurage, one stroke step lasting ``stroke``, effleurage again."""
    parts = [("effleurage", "3m", 2), (STROKE, stroke, 3), ("effleurage", "2m", 2)]
    steps = [Step(Duration.parse(length), index=index, modality=MODALITY, technique=technique, region=REGION,
                  pressure=Pressure(level))
             for index, (technique, length, level) in enumerate(parts)]
    total = Duration(sum(step.duration.seconds for step in steps))
    return Protocol(id="rule-check", title="Rule check", duration=total, steps=steps)


def test_the_rule_warns_about_a_step_over_20m(protocolkit_catalog):
    findings = validate_protocol(session("25m"), protocolkit_catalog)
    assert [(f.code, f.severity, f.json_path) for f in findings] == [(RULE, "warning", "$$.steps[1].duration")]


def test_the_rule_stays_quiet_at_20m(protocolkit_catalog):
    assert validate_protocol(session("20m"), protocolkit_catalog) == []
'''
