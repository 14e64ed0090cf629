"""protocolkit: compose, validate and screen massage session protocols.

The public API, for plugin authors and for a school's or clinic's own Python::

    from protocolkit import hookimpl, Technique, Modality, TechniqueUse, PlanItem, Slot, plan_steps
    from protocolkit import load_catalog, validate_paths, compose, ComposeRequest

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

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'protocolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value
