"""protocolkit: compose, validate and screen massage session protocols.

The public API, for plugin authors and for a school's or clinic's own Python::

    from protocolkit import hookimpl, Technique, Modality, TechniqueUse
    from protocolkit import load_catalog, validate_paths, compose, ComposeRequest

Names are imported lazily on first use, so that ``protocolkit --version`` and
``--help`` stay fast: nothing heavy is loaded until a command needs it.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

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
    "Intake": "conditions",
    "Finding": "findings",
    "Rule": "rules",
    "Catalog": "catalog",
    "load_catalog": "plugins",
    "Slot": "compose",
    "PlanItem": "compose",
    "plan_steps": "compose",
    "compose": "compose",
    "ComposeRequest": "compose",
    "ComposeError": "compose",
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
