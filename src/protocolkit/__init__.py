"""protocolkit: compose, validate and screen massage session protocols.

The public API, for plugin authors and for a school's or clinic's own Python::

    from protocolkit import hookimpl, Technique, Modality, TechniqueUse
    from protocolkit import load_catalog, validate_paths, compose, ComposeRequest

Names are imported lazily on first use, so that ``protocolkit --version`` and
``--help`` stay fast: nothing heavy is loaded until a command needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # type checkers see the real names; at run time they load lazily
    from .catalog import Catalog  # noqa: F401
    from .compose import ComposeRequest, compose  # noqa: F401
    from .conditions import Clearance, Condition, Intake, RegionLimit  # noqa: F401
    from .findings import Finding  # noqa: F401
    from .hookspecs import hookimpl, hookspec  # noqa: F401
    from .model import (  # noqa: F401
        Contraindication,
        Duration,
        DurationRange,
        Modality,
        Pressure,
        PressureRange,
        Protocol,
        ReferenceTable,
        Step,
        Technique,
        TechniqueUse,
    )
    from .planning import ComposeError, PlanItem, Slot, plan_steps  # noqa: F401
    from .plugins import load_catalog  # noqa: F401
    from .regions import REGIONS  # noqa: F401
    from .rules import Rule  # noqa: F401
    from .validation import validate_document, validate_paths  # noqa: F401


_EXPORTS = {
    "hookimpl": "hookspecs",
    "hookspec": "hookspecs",
    "Duration": "model",
    "DurationRange": "model",
    "Pressure": "model",
    "PressureRange": "model",
    "Technique": "model",
    "TechniqueUse": "model",
    "Contraindication": "model",
    "ReferenceTable": "model",
    "Modality": "model",
    "Step": "model",
    "Protocol": "model",
    "Condition": "conditions",
    "RegionLimit": "conditions",
    "Clearance": "conditions",
    "Intake": "conditions",
    "Finding": "findings",
    "Rule": "rules",
    "Catalog": "catalog",
    "load_catalog": "plugins",
    "Slot": "planning",
    "PlanItem": "planning",
    "plan_steps": "planning",
    "compose": "compose",
    "ComposeRequest": "compose",
    "ComposeError": "planning",
    "REGIONS": "regions",
    "validate_paths": "validation",
    "validate_document": "validation",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'protocolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value
