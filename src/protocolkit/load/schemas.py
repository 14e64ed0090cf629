"""The bundled JSON Schemas, and schema checking that speaks in findings.

Schemas ship inside the package (``protocolkit/load/schemas``) and are read with
the package's own folder, so an installed wheel finds them and nothing is ever
fetched.  Building a validator is the expensive part, so each is built once
per process and cached.  jsonschema is imported here only, and only when a
schema is actually needed: ``protocolkit --help`` never pays for it.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from protocolkit.model import codes
from protocolkit.model.findings import Finding, JsonPath

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

SCHEMA_VIOLATION = codes.SCHEMA_VIOLATION.code
_SCHEMA_FOLDER = Path(__file__).parent / "schemas"
SCHEMA_NAMES = ("protocol", "intake", "modality", "curriculum", "treatment-plan", "requirements", "screening-case")


def schema_text(name: str) -> str:
    """The schema's JSON text exactly as bundled."""
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    # Beside this module, in the package: a plain path costs less at start-up than
    # importlib.resources, and protocolkit is always installed as files.
    return (_SCHEMA_FOLDER / f"{name}.schema.json").read_text("utf-8")


@functools.cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@functools.cache
def validator(name: str) -> Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(inline_local_refs(schema(name)))


_ANNOTATIONS = {"description", "title", "default", "examples", "$comment"}


def inline_local_refs(node: Any, root: dict[str, Any] | None = None) -> Any:
    """Replace each local ``{"$ref": "#/$defs/x"}`` with the schema it names.

    Resolving a $ref costs a registry look-up every time an instance reaches
    it (several per step, tens of thousands per run); inlining once when the
    validator is built halves the cost of a schema check.  Where the
    referencing schema has validation keywords of its own, ``allOf`` keeps
    the two apart.  The bundled schemas use only local, non-recursive references.
    """
    root = node if root is None else root
    if isinstance(node, list):
        return [inline_local_refs(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    inlined = {key: inline_local_refs(value, root) for key, value in node.items() if key != "$ref"}
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/"):
        target: Any = root
        for part in reference[2:].split("/"):
            target = target[part]
        target = inline_local_refs(target, root)
        if set(target) & set(inlined) <= _ANNOTATIONS:
            # Merge: one subschema fewer to descend into.  The referenced
            # schema's annotations win, since messages quote its description.
            inlined.update(target)
        else:
            inlined["allOf"] = [*inlined.get("allOf", []), target]
    elif reference is not None:
        raise ValueError(f"bundled schemas may only use local references, not {reference!r}")
    return inlined


# Intakes hold health data: findings on them never quote what the client's file says.
REDACTED_SCHEMAS = ("intake",)


@functools.cache
def fast_validator(name: str) -> Callable[[Any], Any] | None:
    """The generated quick check (see fastcheck), or None where there is none."""
    from protocolkit.load import fastcheck

    return fastcheck.load(name, schema_text(name))


def is_valid(name: str, data: Any) -> bool:
    """The quick answer: True only when the generated check passes ``data``.

    False means "look closer", never "invalid": no quick check, a stale one, or
    anything it cannot judge all send the document to jsonschema.
    """
    quick = fast_validator(name)
    if quick is None:
        return False
    try:
        quick(data)
    except Exception:  # noqa: BLE001 - whatever it is, jsonschema looks again and words it
        return False
    return True


def check(name: str, data: Any) -> list[Finding]:
    """Schema findings (PK001) for ``data``, one per real problem, each at its path.

    Most documents are valid, so the compiled check answers first and
    jsonschema, slower but precise about every problem, runs only when it
    says no.  The two are kept in agreement by tests over every test document
    and over generated ones.
    """
    if is_valid(name, data):
        return []
    redact = name in REDACTED_SCHEMAS
    findings = (finding for error in _leaf_errors(validator(name).iter_errors(data))
                for finding in _findings(error, redact))
    # dict.fromkeys: a value can break two keywords saying the same thing (a step
    # that is not an object fails both the step's and its branch's "type").
    return list(dict.fromkeys(findings))


def _leaf_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    # An if/then step schema reports the failing branch's errors beneath an
    # "if-then" wrapper; the wrapped errors say precisely what is wrong.
    for error in errors:
        if error.validator in ("then", "else") and error.context:
            yield from _leaf_errors(iter(error.context))
        else:
            yield error


def _findings(error: ValidationError, redact: bool) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    schema_part: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(schema_part.get("properties", {}))
        for unknown in sorted(set(error.instance) - set(allowed), key=str):
            yield _unknown_key(str(unknown), allowed, path, _where(error), redact)
        return
    yield Finding(SCHEMA_VIOLATION, "error", _explain(error, schema_part, redact), path)


@functools.lru_cache(maxsize=4096)  # a long document repeats its mistakes: each is looked up once
def _close(word: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(difflib.get_close_matches(word, choices, n=1))


def _unknown_key(key: str, allowed: list[str], path: JsonPath, where: str, redact: bool) -> Finding:
    hint = _close(key, tuple(allowed))
    advice = f"did you mean '{hint[0]}'?" if hint else f"allowed keys: {', '.join(allowed)}"
    if redact:  # neither the key nor a path through it may leave the intake
        return Finding(SCHEMA_VIOLATION, "error", f"an unknown key{where} (not shown: intakes are health data); "
                                                   f"allowed keys: {', '.join(allowed)}", path)
    return Finding(SCHEMA_VIOLATION, "error", f"unknown key '{key}'{where}; {advice}", (*path, key), at_key=True)


def _explain(error: ValidationError, schema_part: dict[str, Any], redact: bool) -> str:
    """A message saying what is wrong and what would be right."""
    kind, instance, expected = error.validator, error.instance, cast(Any, error.validator_value)
    where = _where(error)
    shown = "the value" if redact else repr(instance)
    if kind == "dependentRequired":
        # jsonschema names the keys only in its message: "'region' is a dependency of 'side'".
        missing, _, trigger = error.message.partition(" is a dependency of ")
        return f"{trigger} needs {missing} beside it{where}"
    if kind == "required":
        # jsonschema reports one error per missing key, naming it only in its message.
        missing = error.message.removesuffix(" is a required property").strip("'\"")
        return f"missing required key '{missing}'{where}"
    if kind == "const":
        return f"{shown} is not allowed{where}; it must be {expected!r}"
    if kind == "enum":
        choices = [str(choice) for choice in expected]
        hint = None if redact else _close(str(instance), tuple(choices))
        advice = f"did you mean '{hint[0]}'?" if hint else f"use one of: {', '.join(choices)}"
        return f"{shown} is not allowed{where}; {advice}"
    if kind == "type":
        return f"{shown} is {_type_name(instance)}{where}, expected {expected}"
    if kind in ("pattern", "oneOf", "anyOf") and "description" in schema_part:
        return f"{shown} is not valid{where}; expected {schema_part['description']}"
    if kind == "minItems" and instance == []:
        return f"the list{where} is empty; it needs at least {expected} item"
    if redact:
        return f"the value{where} breaks the schema's '{kind}' rule"
    return f"{error.message}{where}"


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
