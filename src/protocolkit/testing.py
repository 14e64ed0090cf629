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
``screen_text(protocol_text, intake_text, catalog=None)``
    The `Screening` ``protocolkit screen`` gives for a protocol and an intake
    written as text (``.verdict``, ``.reasons``, ``.findings``), with no files;
    ``protocolkit.intake_from_text`` builds an `Intake` the same way.
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

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol as TypingProtocol

import pytest

if TYPE_CHECKING:
    from click.testing import Result

    from protocolkit.check.screening import Screening
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.model.conditions import Intake
    from protocolkit.model.findings import Finding
    from protocolkit.model.protocol import Duration, Protocol, Step

__all__ = [
    "CliRun",
    "assert_plugin_conforms",
    "chair_work_steps",
    "check_plugin",
    "compose_and_validate",
    "protocolkit_catalog",
    "protocolkit_cli",
    "screen_text",
    "validate_protocol",
]

# Environment variables that change which plugins load; cleared for the CLI fixture.
_PLUGIN_ENV = ("PROTOCOLKIT_PLUGINS", "PROTOCOLKIT_DISABLE_PLUGINS")
# The slots the conformance check asks a compose hook to fill, and the session it composes.


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
    warnings: list[str] = []
    catalog = _load(warnings.append)
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

    from protocolkit.cli import cli

    def run(*args: str, **kwargs: Any) -> Result:
        env: dict[str, str | None] = {name: None for name in _PLUGIN_ENV}
        env.update(kwargs.pop("env", None) or {})
        return CliRunner().invoke(cli, list(args), prog_name="protocolkit", env=env, **kwargs)

    return run


def _load(warn: Callable[[str], None] | None = None) -> Catalog:
    """The installed plugins, the environment's plugin settings ignored; a contraindication no condition
    has gets the curated did-you-mean an intake gets."""
    from protocolkit.check.hints import condition_candidates
    from protocolkit.plugin.host import load_catalog

    return load_catalog(environ={}, warn=warn, condition_hint=condition_candidates)


_installed: list[Catalog] = []


# -- validating, screening and composing ------------------------------------------------------------


def screen_text(protocol_text: str, intake_text: str, catalog: Catalog | None = None) -> Screening:
    """Screen a protocol against an intake, both given as YAML (or JSON) text, as ``protocolkit screen``
    does with files: ``.verdict`` is "go", "adapt", "do not treat" or "no verdict".

    ``catalog`` defaults to the installed plugins' (loaded once, as the
    ``protocolkit_catalog`` fixture loads it).  An intake with errors gives
    "no verdict" with the findings saying why, as the command does."""
    from protocolkit.check.verdicts import screen_texts

    if catalog is None:
        if not _installed:
            _installed.append(_load())
        catalog = _installed[0]
    return screen_texts(protocol_text, intake_text, catalog)


def validate_protocol(protocol: Protocol, catalog: Catalog, intake: Intake | None = None, *,
                      path: str | None = None) -> list[Finding]:
    """The findings ``protocolkit validate`` would print for ``protocol`` (see protocolkit.check.validation)."""
    from protocolkit.check.validation import validate_protocol as validate

    return validate(protocol, catalog, intake, path=path)


def compose_and_validate(catalog: Catalog, duration: str | Duration, regions: Iterable[str],
                         modalities: Iterable[str], *, intent: str | None = None, goals: Iterable[str] = (),
                         intake: Intake | None = None) -> tuple[Protocol, list[Finding]]:
    """Compose a session (``duration`` such as ``"30m"``) and validate what came out.

    ``ComposeError`` propagates, so ``pytest.raises`` can test a refusal.
    With an ``intake`` the session is composed for that client and screened.
    """
    from protocolkit.composition.engine import ComposeRequest, compose
    from protocolkit.model.protocol import Duration

    length = duration if isinstance(duration, Duration) else Duration.parse(duration)
    request = ComposeRequest(length, regions=tuple(regions), modalities=tuple(modalities), goals=tuple(goals),
                             intent=intent, intake=intake)
    protocol = compose(catalog, request)
    return protocol, validate_protocol(protocol, catalog, intake)


def chair_work_steps(catalog: Catalog, modality_id: str, phase: str, *, region: str = "upper-back",
                     duration: str = "5m", **slot: Any) -> list[Step]:
    """What a modality's compose hook fills a chair-work slot with, checked as chair work: seated,
    through clothing, so nothing lubricated and no word of oil, the slot filled exactly.

    ``slot`` sets any other field of the ``Slot`` (``intent``, ``max_pressure``...)."""
    from protocolkit.model.planning import Slot
    from protocolkit.model.protocol import Duration

    modality = catalog.modality(modality_id)
    asked = Slot(region=region, duration=Duration.parse(duration), phase=phase,  # type: ignore[arg-type]
                 techniques=catalog.slot_techniques(modality), position="seated", lubricant_allowed=False, **slot)
    steps = catalog.composer.steps(modality, asked) or []
    assert sum(step.duration.seconds for step in steps) == asked.duration.seconds, steps
    oiled = [f"{step.technique} ({step.notes})" for step in steps if catalog.lubricated(step)
             or "oil" in (step.notes or "")]
    assert not oiled, f"chair work is clothed, with no oil: {oiled}"
    return steps


# -- the conformance check (protocolkit.authoring.conformance does the checking) ----------------------------


def assert_plugin_conforms(catalog: Catalog, plugin_name: str) -> None:
    """Fail with every conformance problem of ``plugin_name``, one per line."""
    from protocolkit.authoring.conformance import check_plugin

    problems = check_plugin(catalog, plugin_name)
    if problems:
        raise AssertionError(f"plugin '{plugin_name}' does not conform ({len(problems)} problem"
                             f"{'' if len(problems) == 1 else 's'}):\n  - " + "\n  - ".join(problems))


def check_plugin(catalog: Catalog, plugin_name: str) -> list[str]:
    """Every conformance problem of ``plugin_name`` (see protocolkit.authoring.conformance.check_plugin)."""
    from protocolkit.authoring.conformance import check_plugin as check

    return check(catalog, plugin_name)
