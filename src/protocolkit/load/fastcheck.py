"""The quick "is this document valid?" checks, generated ahead of time.

fastjsonschema turns a schema into plain Python that answers about eight
times faster than jsonschema.  Doing that when protocolkit starts costs more
than checking a whole file (importing the generator and compiling the code),
so the code is generated once, by ``make regenerate``, and committed as
``fastcheck_<name>.py`` beside this module.  At run time nothing but that
module is imported: fastjsonschema is a development tool here, not a
dependency.

A generated module records the CRC-32 of the schema file it was made from.
When that no longer matches the bundled schema (someone edited the schema and
did not regenerate), the quick check is not used at all and jsonschema judges
every document: slower, never wrong.  A test fails until the module is
regenerated.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable
from typing import Any

# Schemas whose keywords fastjsonschema reads exactly as 2020-12 does.  The
# intake schema uses dependentRequired, which it would silently ignore.
FAST_SCHEMAS = ("protocol",)

# The import line regenerate.py replaces in what fastjsonschema writes.
GENERATOR_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException"


class JsonSchemaValueException(ValueError):
    """What the generated code raises on the first problem it meets.

    It stands in for fastjsonschema's class of the same name and takes the same
    arguments; only "invalid" is ever read from it, since jsonschema words the
    findings.
    """

    def __init__(self, message: str, value: Any = None, name: str | None = None,
                 definition: Any = None, rule: str | None = None) -> None:
        super().__init__(message)


class JsonSchemaValuesException(ValueError):
    """Raised by generated code only when told to collect every problem, which protocolkit never asks."""


def fingerprint(schema_text: str) -> str:
    return f"{zlib.crc32(schema_text.encode('utf-8')):08x}"


def module_name(name: str) -> str:
    return f"{__package__}.fastcheck_{name}"


def load(name: str, schema_text: str) -> Callable[[Any], Any] | None:
    """The generated check for schema ``name``, or None when there is none or it is stale."""
    if name not in FAST_SCHEMAS:
        return None
    try:
        module = importlib.import_module(module_name(name))
    except ImportError:
        return None
    if getattr(module, "SCHEMA_CRC32", None) != fingerprint(schema_text):
        return None
    check: Callable[[Any], Any] = module.validate
    return check
