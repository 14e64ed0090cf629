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
import re
import zlib
from collections.abc import Callable
from typing import Any

# Schemas whose keywords fastjsonschema reads exactly as 2020-12 does.  The
# intake schema uses dependentRequired, which it would silently ignore.
FAST_SCHEMAS = ("protocol",)

_GENERATOR_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException"


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


def generate(name: str) -> str:
    """The source of ``fastcheck_<name>.py`` for the bundled schema (needs fastjsonschema)."""
    import fastjsonschema

    from protocolkit.load import schemas

    text = schemas.schema_text(name)
    code = fastjsonschema.compile_to_code(schemas.inline_local_refs(schemas.schema(name)))
    if _GENERATOR_IMPORT not in code:
        raise RuntimeError(f"fastjsonschema {fastjsonschema.VERSION} generated code this module cannot host: "
                           f"expected the line {_GENERATOR_IMPORT!r}")
    code = code.replace(_GENERATOR_IMPORT,
                        "from .fastcheck import JsonSchemaValueException, JsonSchemaValuesException")
    # The generated function is named after the schema's $id; one stable name reads better.
    entry = re.search(r"^def (validate\w*)\(", code, re.MULTILINE)
    if entry is None:
        raise RuntimeError("fastjsonschema generated no validate function")
    header = (
        f"# Generated from schemas/{name}.schema.json by fastjsonschema {fastjsonschema.VERSION}:\n"
        "# do not edit; run `make regenerate` after changing the schema.\n"
        "# protocolkit.load.fastcheck uses it only while SCHEMA_CRC32 matches the bundled schema.\n"
        "# mypy: ignore-errors\n"
        "# ruff: noqa\n"
        f'SCHEMA_CRC32 = "{fingerprint(text)}"\n'
    )
    return f"{header}{code.rstrip()}\n\n\nvalidate = {entry.group(1)}\n"


def main() -> None:
    """Rewrite every generated module from the bundled schemas (``make regenerate``)."""
    from pathlib import Path

    from protocolkit.load.documents import write_atomic

    for name in FAST_SCHEMAS:
        target = Path(__file__).with_name(f"fastcheck_{name}.py")
        write_atomic(target, generate(name), overwrite=True)
        print(f"wrote {target.name}")


if __name__ == "__main__":
    main()
