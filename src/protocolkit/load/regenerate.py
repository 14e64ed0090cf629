"""Regenerate the committed quick schema checks (``make regenerate``).

Run after changing a bundled schema: it writes ``fastcheck_<name>.py`` beside
``fastcheck`` from the schema, with fastjsonschema (a test dependency, never
needed at run time).  Kept apart from ``fastcheck``, which only loads the
generated modules, so that loading never imports the schemas back.
"""

from __future__ import annotations

import re

from protocolkit.load import schemas
from protocolkit.load.fastcheck import GENERATOR_IMPORT, FAST_SCHEMAS, fingerprint


def generate(name: str) -> str:
    """The source of ``fastcheck_<name>.py`` for the bundled schema (needs fastjsonschema)."""
    import fastjsonschema

    text = schemas.schema_text(name)
    code = fastjsonschema.compile_to_code(schemas.inline_local_refs(schemas.schema(name)))
    if GENERATOR_IMPORT not in code:
        raise RuntimeError(f"fastjsonschema {fastjsonschema.VERSION} generated code this module cannot host: "
                           f"expected the line {GENERATOR_IMPORT!r}")
    code = code.replace(GENERATOR_IMPORT,
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

    from protocolkit.load.writing import write_atomic

    for name in FAST_SCHEMAS:
        target = Path(schemas.__file__).with_name(f"fastcheck_{name}.py")
        write_atomic(target, generate(name), overwrite=True)
        print(f"wrote {target.name}")


if __name__ == "__main__":
    main()
