"""The bundled JSON Schemas, and schema checking that speaks in findings.

Schemas ship inside the package (``protocolkit/schemas``) and are read with
importlib.resources, so an installed wheel finds them and nothing is ever
fetched.  Building a validator is the expensive part, so each is built once
per process and cached.  jsonschema is imported here only, and only when a
schema is actually needed: ``protocolkit --help`` never pays for it.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from .findings import Finding

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

SCHEMA_VIOLATION = "PK001"
SCHEMA_NAMES = ("protocol",)


def schema_text(name: str) -> str:
    """The schema's JSON text exactly as bundled."""
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    return resources.files("protocolkit").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")


@functools.cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@functools.cache
def validator(name: str) -> Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_inline_local_refs(schema(name)))


_ANNOTATIONS = {"description", "title", "default", "examples", "$comment"}


def _inline_local_refs(node: Any, root: dict[str, Any] | None = None) -> Any:
    """Replace each local ``{"$ref": "#/$defs/x"}`` with the schema it names.

    Resolving a $ref costs a registry look-up every time an instance reaches
    it (several per step, tens of thousands per run); inlining once when the
    validator is built halves the cost of a schema check.  Where the
    referencing schema has validation keywords of its own, ``allOf`` keeps
    the two apart.  The bundled schemas use only local, non-recursive references.
    """
    root = node if root is None else root
    if isinstance(node, list):
        return [_inline_local_refs(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    inlined = {key: _inline_local_refs(value, root) for key, value in node.items() if key != "$ref"}
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/"):
        target: Any = root
        for part in reference[2:].split("/"):
            target = target[part]
        target = _inline_local_refs(target, root)
        if set(target) & set(inlined) <= _ANNOTATIONS:
            # Merge: one subschema fewer to descend into.  The referenced
            # schema's annotations win, since messages quote its description.
            inlined.update(target)
        else:
            inlined["allOf"] = [*inlined.get("allOf", []), target]
    elif reference is not None:
        raise ValueError(f"bundled schemas may only use local references, not {reference!r}")
    return inlined


def check(name: str, data: Any) -> list[Finding]:
    """Schema findings (PK001) for ``data``, one per real problem, each at its path."""
    # dict.fromkeys: a value can break two keywords saying the same thing (a step
    # that is not an object fails both the step's and its branch's "type").
    return list(dict.fromkeys(_finding(error) for error in _leaf_errors(validator(name).iter_errors(data))))


def _leaf_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    # An if/then step schema reports the failing branch's errors beneath an
    # "if-then" wrapper; the wrapped errors say precisely what is wrong.
    for error in errors:
        if error.validator in ("then", "else") and error.context:
            yield from _leaf_errors(iter(error.context))
        else:
            yield error


def _finding(error: ValidationError) -> Finding:
    path = tuple(error.absolute_path)
    message, at_key, key = _explain(error)
    return Finding(SCHEMA_VIOLATION, "error", message, path + ((key,) if key is not None else ()), at_key=at_key)


def _explain(error: ValidationError) -> tuple[str, bool, str | None]:
    """A message saying what is wrong and what would be right; whether it sits at a key."""
    kind, instance, expected = error.validator, error.instance, cast(Any, error.validator_value)
    schema_part: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    where = _where(error)
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema_part.get("properties", {}))
        unknown = sorted(set(instance) - set(allowed), key=str)[0]
        hint = difflib.get_close_matches(str(unknown), allowed, n=1)
        advice = f"did you mean '{hint[0]}'?" if hint else f"allowed keys: {', '.join(allowed)}"
        return f"unknown key '{unknown}'{where}; {advice}", True, str(unknown)
    if kind == "required":
        # jsonschema reports one error per missing key, naming it only in its message.
        missing = error.message.removesuffix(" is a required property").strip("'\"")
        return f"missing required key '{missing}'{where}", False, None
    if kind == "const":
        return f"{instance!r} is not allowed{where}; it must be {expected!r}", False, None
    if kind == "enum":
        choices = [str(choice) for choice in expected]
        hint = difflib.get_close_matches(str(instance), choices, n=1)
        advice = f"did you mean '{hint[0]}'?" if hint else f"use one of: {', '.join(choices)}"
        return f"{instance!r} is not allowed{where}; {advice}", False, None
    if kind == "type":
        return f"{instance!r} is {_type_name(instance)}{where}, expected {expected}", False, None
    if kind in ("pattern", "oneOf", "anyOf") and "description" in schema_part:
        return f"{instance!r} is not valid{where}; expected {schema_part['description']}", False, None
    if kind == "minItems" and instance == []:
        return f"the list{where} is empty; it needs at least {expected} item", False, None
    return f"{error.message}{where}", False, None


def _where(error: ValidationError) -> str:
    parts = [part for part in error.absolute_path]
    if not parts:
        return ""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return f" at {text.lstrip('.')}"


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "a mapping", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")
