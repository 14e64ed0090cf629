"""protocolkit: compose, validate and screen massage session protocols.

The public API, for plugin authors and for a school's or clinic's own Python::

    from protocolkit import hookimpl, Technique, Modality, TechniqueUse, PlanItem, Slot, plan_steps
    from protocolkit import load_catalog, validate_paths, compose, ComposeRequest, intake_from_text

``PLUGIN_API_VERSION`` is the version of this API; docs/plugin-api.md has its
change log and the deprecation policy (``ProtocolkitDeprecationWarning``).

Plugins import from here alone (``protocolkit.testing`` in their tests): the
sub-packages are the stages of the pipeline (model, load, plugin, check,
composition, report, export) and may be rearranged between releases.

Names are imported lazily on first use, so that ``protocolkit --version`` and
``--help`` stay fast: nothing heavy is loaded until a command needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # type checkers see the real names; at run time they load lazily (the list below)
    from protocolkit.check.validation import validate_document, validate_paths, validate_text  # noqa: F401
    from protocolkit.composition.engine import ComposeRequest, compose  # noqa: F401
    from protocolkit.composition.rework import AdaptRefused, Adaptation, Change, adapt_protocol  # noqa: F401
    from protocolkit.model.conditions import (  # noqa: F401
        Clearance,
        Condition,
        Intake,
        PositionRule,
        RegionLimit,
        TimePhase,
    )
    from protocolkit.model.synonyms import Synonym  # noqa: F401
    from protocolkit.model.goals import Goal  # noqa: F401
    from protocolkit.model.export import ExportContext, Exporter  # noqa: F401
    from protocolkit.model.findings import Finding  # noqa: F401
    from protocolkit.model.planning import (  # noqa: F401
        ComposeError,
        PlanItem,
        Slot,
        SlotTooLong,
        TechniqueLimits,
        plan_steps,
    )
    from protocolkit.model.protocol import (  # noqa: F401
        Contraindication,
        Duration,
        DurationRange,
        Modality,
        Position,
        Pressure,
        PressureRange,
        Protocol,
        ReferenceTable,
        Severity,
        Side,
        Step,
        Technique,
        TechniqueUse,
    )
    from protocolkit.model.regions import REGIONS  # noqa: F401
    from protocolkit.load.requirements import requirements_from_data  # noqa: F401
    from protocolkit.model.requirements import RequirementProfile  # noqa: F401
    from protocolkit.model.rules import Rule  # noqa: F401
    from protocolkit.model.subjects import Subject  # noqa: F401
    from protocolkit.plugin.api_version import PLUGIN_API_VERSION, ProtocolkitDeprecationWarning  # noqa: F401
    from protocolkit.plugin.catalog import Catalog  # noqa: F401
    from protocolkit.plugin.hookspecs import hookimpl, hookspec  # noqa: F401
    from protocolkit.plugin.host import load_catalog  # noqa: F401

# The one list of public names, each with the module that defines it.
_EXPORTS = {
    "hookimpl": "plugin.hookspecs",
    "hookspec": "plugin.hookspecs",
    "Duration": "model.protocol",
    "DurationRange": "model.protocol",
    "Pressure": "model.protocol",
    "PressureRange": "model.protocol",
    "Technique": "model.protocol",
    "TechniqueUse": "model.protocol",
    "Contraindication": "model.protocol",
    "ReferenceTable": "model.protocol",
    "Modality": "model.protocol",
    "Step": "model.protocol",
    "Protocol": "model.protocol",
    "Side": "model.protocol",
    "Position": "model.protocol",
    "Severity": "model.protocol",
    "Condition": "model.conditions",
    "RegionLimit": "model.conditions",
    "PositionRule": "model.conditions",
    "TimePhase": "model.conditions",
    "Clearance": "model.conditions",
    "Intake": "model.conditions",
    "Synonym": "model.synonyms",
    "Goal": "model.goals",
    "Finding": "model.findings",
    "Rule": "model.rules",
    "RequirementProfile": "model.requirements",
    "requirements_from_data": "load.requirements",
    "Subject": "model.subjects",
    "Exporter": "model.export",
    "ExportContext": "model.export",
    "Slot": "model.planning",
    "TechniqueLimits": "model.planning",
    "PlanItem": "model.planning",
    "plan_steps": "model.planning",
    "ComposeError": "model.planning",
    "SlotTooLong": "model.planning",
    "REGIONS": "model.regions",
    "PLUGIN_API_VERSION": "plugin.api_version",
    "ProtocolkitDeprecationWarning": "plugin.api_version",
    "Catalog": "plugin.catalog",
    "load_catalog": "plugin.host",
    "compose": "composition.engine",
    "ComposeRequest": "composition.engine",
    "adapt_protocol": "composition.rework",
    "Adaptation": "composition.rework",
    "AdaptRefused": "composition.rework",
    "Change": "composition.rework",
    "validate_paths": "check.validation",
    "validate_document": "check.validation",
    "validate_text": "check.validation",
}

# intake_from_text is defined below, not re-exported: no stage module reads an intake from text for a caller
# who has no catalog at hand.
__all__ = ["__version__", "intake_from_text", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'protocolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def intake_from_text(text: str, catalog: Catalog | None = None) -> Intake:
    """The intake written in ``text`` (YAML, or JSON when it starts with ``{``), read exactly as
    ``protocolkit screen`` reads an intake file: schema, calendar and the catalog's ids.

    Raises ValueError listing each error with its line and column when the text
    is not an intake that reads in full (screening would give no verdict).
    ``catalog`` holds the conditions and regions the intake may name; when None,
    the installed plugins' catalog is loaded (once per process), as the command
    loads it."""
    from protocolkit.check.validation import read_intake_text

    name = "intake.json" if text.lstrip().startswith("{") else "intake.yaml"
    read = read_intake_text(text, catalog if catalog is not None else _installed_catalog(), name=name)
    errors = [finding for finding in read.findings if finding.severity == "error"]
    if read.intake is None or read.error is not None or errors:
        lines = [f"{finding.file or name}:{finding.line or 1}:{finding.column or 1}: {finding.code} {finding.message}"
                 for finding in errors or read.findings]
        if read.error is not None:
            lines.append(read.error)
        raise ValueError(f"the text is not an intake protocolkit can screen with ({len(lines)} "
                         f"error{'' if len(lines) == 1 else 's'}):\n  " + "\n  ".join(lines))
    return read.intake


_catalogs: dict[str, Catalog] = {}


def _installed_catalog() -> Catalog:
    """The installed plugins' catalog, loaded on first use with the hints the command gives."""
    if "installed" not in _catalogs:
        from protocolkit.check.hints import condition_candidates
        from protocolkit.plugin.host import load_catalog as load

        _catalogs["installed"] = load(condition_hint=condition_candidates)
    return _catalogs["installed"]
