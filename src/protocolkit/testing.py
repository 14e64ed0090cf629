"""pytest helpers for protocolkit plugin authors: fixtures, validation shortcuts, a conformance check.

Installing protocolkit registers this module as a pytest plugin (the
``pytest11`` entry point ``protocolkit``), so every test suite that runs with
protocolkit installed gets its fixtures without a ``conftest.py``:

``protocolkit_catalog``
    The catalog of every installed plugin (session scope).  A test using it
    fails, showing the loader's warnings, when any plugin failed to load.
``protocolkit_cli``
    ``run(*args)`` invokes the ``protocolkit`` command in-process and returns a
    ``click.testing.Result``; ``PROTOCOLKIT_PLUGINS`` and
    ``PROTOCOLKIT_DISABLE_PLUGINS`` are cleared for the call.

and can import these helpers:

``validate_protocol(protocol, catalog, intake=None)``
    The findings ``protocolkit validate`` (and ``screen``, given an intake)
    reports for a `Protocol`: it is written out as YAML and checked by the
    full pipeline, schema and rules, so findings carry lines and columns.
``compose_and_validate(catalog, "30m", ["upper-back"], ["my-modality"])``
    Compose a session and validate it: ``(protocol, findings)``.
``check_plugin(catalog, "my-modality")`` / ``assert_plugin_conforms(...)``
    The conformance check: everything the plugin registered is well-formed,
    and its compose hook fills every phase exactly and composes sessions that
    validate without errors.  ``check_plugin`` returns the problems, one line
    each; ``assert_plugin_conforms`` fails the test listing all of them.

A plugin's test suite needs no more than::

    from protocolkit.testing import assert_plugin_conforms, compose_and_validate


    def test_conforms(protocolkit_catalog):
        assert_plugin_conforms(protocolkit_catalog, "my-modality")


    def test_a_composed_hour_validates_clean(protocolkit_catalog):
        protocol, findings = compose_and_validate(protocolkit_catalog, "60m", ["upper-back"], ["my-modality"])
        assert findings == []

The plugin name is the entry point's name (``my-modality = my_package`` under
``[project.entry-points.protocolkit]``), or a local module's file name.

pytest imports this module in every test run, so it imports nothing heavy at
import time: protocolkit's modules, jsonschema and the CLI load on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol as TypingProtocol

import pytest

if TYPE_CHECKING:
    from click.testing import Result

    from .catalog import Catalog
    from .conditions import Condition, Intake
    from .findings import Finding
    from .model import Duration, Modality, Protocol, Technique
    from .rules import Rule

__all__ = [
    "CliRun",
    "assert_plugin_conforms",
    "check_plugin",
    "compose_and_validate",
    "protocolkit_catalog",
    "protocolkit_cli",
    "validate_protocol",
]

# Environment variables that change which plugins load; cleared for the CLI fixture.
_PLUGIN_ENV = ("PROTOCOLKIT_PLUGINS", "PROTOCOLKIT_DISABLE_PLUGINS")
# The slots the conformance check asks a compose hook to fill, and the session it composes.
_SLOT_LENGTH = 600
_SESSION_LENGTH = 1800
_LONGEST_STEP = 2 * 3600
_DEFAULT_REGION = "upper-back"


class CliRun(TypingProtocol):
    """What the ``protocolkit_cli`` fixture returns."""

    def __call__(self, *args: str, **kwargs: Any) -> Result: ...


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def protocolkit_catalog() -> Catalog:
    """Every installed plugin, loaded through the real entry points; fails on any plugin failure.

    Local-module and disable settings in the environment are ignored so that
    the catalog is the same wherever the tests run.
    """
    from .plugins import load_catalog

    warnings: list[str] = []
    catalog = load_catalog(environ={}, warn=warnings.append)
    failed = [f"{plugin.name}: {plugin.status} ({plugin.error})" for plugin in catalog.plugins
              if plugin.status != "ok"]
    if warnings or failed:
        pytest.fail("protocolkit plugins failed to load:\n  " + "\n  ".join(warnings or failed), pytrace=False)
    return catalog


@pytest.fixture
def protocolkit_cli() -> CliRun:
    """``run(*args, **invoke_options)``: the protocolkit CLI run in-process with click's CliRunner.

    ``PROTOCOLKIT_PLUGINS`` and ``PROTOCOLKIT_DISABLE_PLUGINS`` are removed
    from the environment the command sees; extra keyword arguments (``input``,
    ``env``, ``catch_exceptions``) go to ``CliRunner.invoke``.
    """
    from click.testing import CliRunner

    from .cli import cli

    def run(*args: str, **kwargs: Any) -> Result:
        env: dict[str, str | None] = {name: None for name in _PLUGIN_ENV}
        env.update(kwargs.pop("env", None) or {})
        return CliRunner().invoke(cli, list(args), prog_name="protocolkit", env=env, **kwargs)

    return run


# -- validating and composing -----------------------------------------------------------------------


def validate_protocol(protocol: Protocol, catalog: Catalog, intake: Intake | None = None, *,
                      path: str | None = None) -> list[Finding]:
    """Write ``protocol`` out as YAML and run the full validate pipeline on the text.

    Schema, then rules, then (given an ``intake``) screening: the findings
    are those ``protocolkit validate`` would print, located by line and column
    in the dumped document, whose file name is ``path`` (default
    ``<protocol id>.yaml``).
    """
    from .serialize import dump_yaml, protocol_to_data
    from .validation import validate_text

    text = dump_yaml(protocol_to_data(protocol))
    return validate_text(text, catalog, path=path or f"{protocol.id}.yaml", intake=intake)


def compose_and_validate(catalog: Catalog, duration: str | Duration, regions: Iterable[str],
                         modalities: Iterable[str], *, intent: str | None = None, goals: Iterable[str] = (),
                         intake: Intake | None = None) -> tuple[Protocol, list[Finding]]:
    """Compose a session (``duration`` such as ``"30m"``) and validate what came out.

    ``ComposeError`` propagates, so ``pytest.raises`` can test a refusal.
    With an ``intake`` the session is composed for that client and screened.
    """
    from .compose import ComposeRequest, compose
    from .model import Duration

    length = duration if isinstance(duration, Duration) else Duration.parse(duration)
    request = ComposeRequest(length, regions=tuple(regions), modalities=tuple(modalities), goals=tuple(goals),
                             intent=intent, intake=intake)
    protocol = compose(catalog, request)
    return protocol, validate_protocol(protocol, catalog, intake)


# -- the conformance check ------------------------------------------------------------------------


def assert_plugin_conforms(catalog: Catalog, plugin_name: str) -> None:
    """Fail with every conformance problem of ``plugin_name``, one per line."""
    problems = check_plugin(catalog, plugin_name)
    if problems:
        raise AssertionError(f"plugin '{plugin_name}' does not conform ({len(problems)} problem"
                             f"{'' if len(problems) == 1 else 's'}):\n  - " + "\n  - ".join(problems))


def check_plugin(catalog: Catalog, plugin_name: str) -> list[str]:
    """Everything wrong with what ``plugin_name`` registered, one readable line each (empty: it conforms).

    It checks that the plugin loaded; that its techniques, modalities,
    conditions and rules are well-formed (slug ids, pressures on the 1-5
    scale, sane step-duration bounds, known techniques and regions, reasons
    and sources given, rule codes outside the core's ``PK`` range); and that
    for each of its modalities the compose hook fills a 10m slot of every
    phase, with and without each intent the modality lists, exactly, and a
    30m session of the modality alone validates without an error.  Exceptions
    a hook raises are reported as problems, never raised.
    """
    plugin = next((p for p in catalog.plugins if p.name == plugin_name), None)
    if plugin is None:
        known = ", ".join(sorted(p.name for p in catalog.plugins)) or "none"
        return [f"plugin '{plugin_name}' is not in the catalog (plugins: {known})"]
    if plugin.status != "ok":
        return [f"plugin '{plugin_name}' did not load: {plugin.status}: {plugin.error}"]
    owned: dict[str, list[str]] = {"technique": [], "modality": [], "rule": [], "condition": []}
    for (kind, item_id), owner in catalog.owners.items():
        if owner == plugin_name and kind in owned:
            owned[kind].append(item_id)
    if not any(owned.values()):
        return [f"plugin '{plugin_name}' registered nothing (no technique, modality, rule or condition)"]
    core = plugin_name.startswith("core-")
    problems: list[str] = []
    checks: list[tuple[str, Callable[[Any, Catalog], Iterator[str]]]] = [
        ("technique", lambda item, cat: _technique_problems(item)),
        ("modality", _modality_problems),
        ("condition", _condition_problems),
        ("rule", lambda item, cat: _rule_problems(item, core)),
    ]
    for kind, check in checks:
        for item_id in owned[kind]:
            item = catalog.store(kind)[item_id]
            try:
                problems += check(item, catalog)
            except Exception as error:  # noqa: BLE001 - a malformed item must be reported, not crash the check
                problems.append(f"{kind} '{item_id}': could not be checked: {type(error).__name__}: {error}")
    for modality_id in owned["modality"]:
        problems += _compose_problems(catalog, catalog.modalities[modality_id])
    return problems


def _empty(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


def _technique_problems(technique: Technique) -> Iterator[str]:
    from .model import is_slug

    where = f"technique '{technique.id}'"
    if not is_slug(technique.id):
        yield f"{where}: id is not a lower-case slug such as 'hot-stone-glide'"
    if _empty(technique.name):
        yield f"{where}: name is empty"
    low, high = technique.pressure.low.level, technique.pressure.high.level
    if not (1 <= low <= 5 and 1 <= high <= 5):
        yield f"{where}: pressure range {low}-{high} is off the Walton scale 1-5"
    if low > high:
        yield f"{where}: pressure range {low}-{high} runs backwards (low above high)"
    shortest, longest = technique.duration.shortest, technique.duration.longest
    if shortest.seconds <= 0:
        yield f"{where}: shortest step duration is {shortest}; it must be longer than 0s"
    if shortest > longest:
        yield f"{where}: step duration bounds {shortest}-{longest} run backwards"
    if longest.seconds > _LONGEST_STEP:
        yield f"{where}: longest step duration {longest} is more than 2h"
    if technique.lubricant not in ("yes", "no", "either"):
        yield f"{where}: lubricant {technique.lubricant!r} is not yes, no or either"
    if _empty(technique.description):
        yield f"{where}: description is empty"
    if _empty(technique.source):
        yield f"{where}: no source note; say where the technique's facts come from"


def _region_problem(where: str, region: str, catalog: Catalog) -> str | None:
    if region in catalog.regions:
        return None
    known = catalog.regions.resolve(region)
    if known is not None:
        return f"{where}: '{region}' is an alias; name the region by its id '{known.id}'"
    hint = catalog.regions.suggest(region)
    return f"{where}: unknown region '{region}'" + (f"; did you mean '{hint}'?" if hint else "")


def _modality_problems(modality: Modality, catalog: Catalog) -> Iterator[str]:
    from .model import CONTRAINDICATION_CATEGORIES, is_slug

    where = f"modality '{modality.id}'"
    if not is_slug(modality.id):
        yield f"{where}: id is not a lower-case slug such as 'deep-tissue'"
    if _empty(modality.name):
        yield f"{where}: name is empty"
    if _empty(modality.summary):
        yield f"{where}: summary is empty"
    if _empty(modality.source):
        yield f"{where}: no source note; say where the modality's facts come from"
    if not modality.techniques:
        yield f"{where}: offers no technique"
    seen: set[str] = set()
    for use in modality.techniques:
        if use.technique in seen:
            yield f"{where}: offers technique '{use.technique}' more than once"
        seen.add(use.technique)
        if not is_slug(use.technique):
            yield f"{where}: offered technique id {use.technique!r} is not a lower-case slug"
        technique = catalog.techniques.get(use.technique)
        if technique is None:
            yield f"{where}: offers unknown technique '{use.technique}'"
            continue
        if use.pressure is not None and not (technique.pressure.low <= use.pressure.low
                                             and use.pressure.high <= technique.pressure.high):
            yield (f"{where}: narrows '{use.technique}' to pressure {use.pressure}, outside the technique's "
                   f"own range {technique.pressure}")
        if use.duration is not None and not (technique.duration.shortest <= use.duration.shortest
                                             and use.duration.longest <= technique.duration.longest):
            yield (f"{where}: narrows '{use.technique}' to step durations {use.duration}, outside the "
                   f"technique's own bounds {technique.duration}")
    if not modality.indications:
        yield f"{where}: lists no indication"
    for field_name in ("indications", "intents", "regions"):
        for value in getattr(modality, field_name):
            if not is_slug(value):
                yield f"{where}: {field_name} entry {value!r} is not a lower-case slug"
    for region in modality.regions:
        problem = _region_problem(where, region, catalog)
        if problem:
            yield problem
    contraindications: set[str] = set()
    for contraindication in modality.contraindications:
        about = f"{where}: contraindication '{contraindication.id}'"
        if not is_slug(contraindication.id):
            yield f"{about}: id is not a lower-case slug"
        if contraindication.id in contraindications:
            yield f"{about} is listed more than once"
        contraindications.add(contraindication.id)
        if contraindication.category not in CONTRAINDICATION_CATEGORIES:
            yield f"{about} has category {contraindication.category!r}, not systemic, local or caution"
        if _empty(contraindication.reason):
            yield f"{about} gives no reason"


def _condition_problems(condition: Condition, catalog: Catalog) -> Iterator[str]:
    from .model import CONTRAINDICATION_CATEGORIES, is_slug

    where = f"condition '{condition.id}'"
    if not is_slug(condition.id):
        yield f"{where}: id is not a lower-case slug such as 'varicose-veins'"
    if _empty(condition.name):
        yield f"{where}: name is empty"
    if condition.category not in CONTRAINDICATION_CATEGORIES:
        yield f"{where}: category {condition.category!r} is not systemic, local or caution"
    if _empty(condition.reason):
        yield f"{where}: reason is empty"
    for technique in condition.avoid:
        if technique not in catalog.techniques:
            hint = catalog.suggest_technique(technique)
            yield f"{where}: avoids unknown technique '{technique}'" + (f"; did you mean '{hint}'?" if hint else "")
    for region in condition.avoid_on:
        problem = _region_problem(f"{where}: avoid_on", region, catalog)
        if problem:
            yield problem


def _rule_problems(rule: Rule, core: bool) -> Iterator[str]:
    import re

    from .findings import SEVERITIES

    where = f"rule '{rule.code}'"
    if not re.fullmatch(r"[A-Z]{2,5}[0-9]{3}", rule.code):
        yield f"{where}: code must be 2-5 capital letters and 3 digits, such as MFR001"
    if rule.code.startswith("PK") and not core:
        yield f"{where}: the PK prefix is reserved for protocolkit's core rules; use the plugin's own prefix"
    if _empty(rule.summary):
        yield f"{where}: summary is empty"
    if rule.severity not in SEVERITIES:
        yield f"{where}: severity {rule.severity!r} is not error, warning or info"
    # The core registers codes its loading stages report (PK001, PK002) without a check.
    if not callable(rule.check) and not core:
        yield f"{where}: has no check function"


def _compose_problems(catalog: Catalog, modality: Modality) -> list[str]:
    import attrs

    from .compose import INTENT_LIMITS, PHASES, ComposeRequest, Slot, compose
    from .model import Duration, Pressure, Step

    region = modality.regions[0] if modality.regions else _DEFAULT_REGION
    intents: Sequence[str | None] = [None, *modality.intents]
    problems: list[str] = []
    for intent in intents:
        ceiling, lubricant = INTENT_LIMITS.get(intent or "", (Pressure(5), True))
        template = Slot(region=region, duration=Duration(_SLOT_LENGTH), phase="work", catalog=catalog,
                        intent=intent, max_pressure=ceiling, lubricant_allowed=lubricant)
        for phase in PHASES:
            slot = attrs.evolve(template, phase=phase)
            where = (f"modality '{modality.id}': compose hook, {slot.duration} {phase} slot on {region} "
                     f"({_intent_words(intent)})")
            try:
                steps = catalog.compose_steps(modality, slot)
            except Exception as error:  # noqa: BLE001 - report, never raise
                problems.append(f"{where} raised {_error_words(error)}")
                continue
            if steps is None:
                problems.append(f"{where}: no compose hook answered (every hook returned None)")
                continue
            if not all(isinstance(step, Step) for step in steps):
                problems.append(f"{where}: returned something that is not a Step")
                continue
            total = Duration(sum(step.duration.seconds for step in steps))
            if total != slot.duration:
                problems.append(f"{where}: steps add up to {total} instead of {slot.duration}")
        session = f"modality '{modality.id}': a {Duration(_SESSION_LENGTH)} session on {region} " \
                  f"({_intent_words(intent)})"
        try:
            protocol = compose(catalog, ComposeRequest(Duration(_SESSION_LENGTH), regions=(region,),
                                                       modalities=(modality.id,), intent=intent))
            findings = validate_protocol(protocol, catalog)
        except Exception as error:  # noqa: BLE001 - report, never raise
            problems.append(f"{session} could not be composed: {_error_words(error)}")
            continue
        for finding in findings:
            if finding.severity == "error":
                problems.append(f"{session} fails {finding.code} at {finding.json_path}: {finding.message}")
    return problems


def _intent_words(intent: str | None) -> str:
    return f"intent {intent}" if intent else "no intent"


def _error_words(error: BaseException) -> str:
    from .compose import ComposeError
    from .plugins import ComposeHookError

    # Both already say what failed (a hook's error names its plugin and exception).
    if isinstance(error, (ComposeError, ComposeHookError)):
        return str(error)
    return f"{type(error).__name__}: {error}"
