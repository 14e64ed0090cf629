"""The compiled fast schema check and jsonschema must agree on what is valid.

`schemas.check` trusts the compiled check's "valid" and asks jsonschema only
when it says "invalid", so a document the fast check wrongly passed would pass
unchecked.  These tests hold the two together over every document the project
has and over systematic variations of them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from protocolkit.load import fastcheck, regenerate

from protocolkit.load import schemas
from protocolkit.load.documents import DocumentError, load_document

from .conftest import DATA, EXAMPLES

KINDS = {"protocol": "protocol", "intake": "intake", "modality": "modality", "curriculum": "curriculum"}
FILES = sorted(p for folder in (DATA, EXAMPLES) for p in folder.rglob("*")
               if p.suffix in (".yaml", ".yml", ".json") and "plugins" not in p.parts)


def documents() -> Iterator[tuple[str, str, Any]]:
    for path in FILES:
        try:
            data = load_document(path).data
        except DocumentError:
            continue
        kind = data.get("kind", "protocol")
        yield f"{path.relative_to(path.parents[2])}", KINDS.get(kind, "protocol"), data


def variations(data: Any) -> Iterator[Any]:
    """Each value swapped for a wrong type, each key dropped, an extra key added, at every depth."""
    yield data
    if isinstance(data, dict):
        for key in list(data):
            dropped = copy.deepcopy(data)
            del dropped[key]
            yield dropped
            for replacement in (None, 7, "x", [], {}, True, 2.5, "0s"):
                swapped = copy.deepcopy(data)
                swapped[key] = replacement
                yield swapped
            for child in variations(data[key]):
                nested = copy.deepcopy(data)
                nested[key] = child
                yield nested
        extra = copy.deepcopy(data)
        extra["unexpected-key"] = 1
        yield extra
    elif isinstance(data, list) and data:
        yield []
        for child in variations(data[0]):
            yield [child, *copy.deepcopy(data[1:])]


def jsonschema_says_valid(name: str, data: Any) -> bool:
    return not any(True for _ in schemas.validator(name).iter_errors(data))


@pytest.mark.parametrize(("label", "name", "data"), list(documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_check_agrees_with_jsonschema(label: str, name: str, data: Any) -> None:
    disagreements = [variant for variant in variations(data)
                     if (schemas.check(name, variant) == []) != jsonschema_says_valid(name, variant)]
    assert disagreements == [], f"{label}: {len(disagreements)} disagreements, e.g. {disagreements[:1]}"


def test_schemas_left_out_of_the_fast_path_are_ones_it_would_misread() -> None:
    """fastjsonschema ignores dependentRequired: it calls a side without a region valid."""
    import fastjsonschema

    wrong = {"protocolkit": 1, "kind": "intake", "client": "C-1", "conditions": [{"id": "bruise", "side": "left"}]}
    compiled = fastjsonschema.compile(schemas.inline_local_refs(schemas.schema("intake")))
    assert compiled(wrong) == wrong and not jsonschema_says_valid("intake", wrong)
    assert "intake" not in fastcheck.FAST_SCHEMAS and schemas.fast_validator("intake") is None
    assert not schemas.is_valid("intake", wrong) and schemas.check("intake", wrong) != []


@pytest.mark.parametrize("name", fastcheck.FAST_SCHEMAS)
def test_the_generated_quick_checks_are_current(name: str) -> None:
    """The committed module is exactly what the pinned fastjsonschema makes of today's schema."""
    committed = (Path(fastcheck.__file__).with_name(f"fastcheck_{name}.py")).read_text("utf-8")
    assert committed == regenerate.generate(name), f"fastcheck_{name}.py is stale: run `make regenerate`"
    assert schemas.fast_validator(name) is not None


def test_a_stale_quick_check_is_never_used() -> None:
    """A schema edited without regenerating: jsonschema judges alone, so nothing wrongly passes."""
    edited = schemas.schema_text("protocol").replace('"minItems": 1', '"minItems": 2', 1)
    assert edited != schemas.schema_text("protocol")
    assert fastcheck.load("protocol", edited) is None
    assert fastcheck.load("protocol", schemas.schema_text("protocol")) is not None


def test_a_stale_quick_check_sends_every_document_to_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    schemas.fast_validator.cache_clear()
    monkeypatch.setattr(schemas, "schema_text", lambda name: "{}")
    try:
        assert schemas.fast_validator("protocol") is None
        assert not schemas.is_valid("protocol", {"anything": 1})
    finally:
        schemas.fast_validator.cache_clear()
