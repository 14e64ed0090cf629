"""The bundled JSON Schemas with the installed catalog written in, for editors.

The bundled schemas check a document's shape and leave ids to `protocolkit
validate`, since plugins decide which ids exist.  An editor cannot run
plugins, so `protocolkit schema NAME --catalog` writes the ids of this
installation into a copy of the schema: completion then offers them, each
with a one-line description, and a diagnostic flags one that does not exist.
A step's technique is tied to its modality by an ``if``/``then`` per modality,
so that an editor offers deep-tissue's techniques after ``modality:
deep-tissue`` and flags reflexology's.

The output is a function of the catalog alone: ids sorted, keys sorted, no
time or path in it, so the same plugins give the same bytes and the file can
be committed beside the documents it describes.  Where the tool reads more
than the ids as written (``Upper Back`` for ``upper-back``), the schema
accepts it too and leaves it to `protocolkit validate`, so that an editor
never flags a spelling the tool reads.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from protocolkit.load.schemas import SCHEMA_NAMES, schema
from protocolkit.model.protocol import POSITION_WORDS, POSITIONS

if TYPE_CHECKING:
    from protocolkit.model.conditions import Condition
    from protocolkit.model.protocol import Modality, Technique
    from protocolkit.model.regions import Region
    from protocolkit.plugin.catalog import Catalog

Schema = dict[str, Any]


def catalog_schema(name: str, catalog: Catalog) -> Schema:
    """The bundled schema ``name`` with ``catalog``'s ids in it (a new dict each call)."""
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    written = copy.deepcopy(schema(name))
    _WRITERS[name](written, catalog)
    written["$id"] = f"{written['$id']}:catalog"
    written["title"] = f"{written['title']}, with the installed catalog"
    plugins = sorted(plugin.name for plugin in catalog.plugins if plugin.status == "ok")
    written["$comment"] = (f"Written by `protocolkit schema {name} --catalog` from the plugins "
                           f"{', '.join(plugins) or '(none)'}; write it again when they change.")
    return written


def catalog_schema_text(name: str, catalog: Catalog) -> str:
    """``catalog_schema`` as JSON text: the same catalog gives the same bytes."""
    return json.dumps(catalog_schema(name, catalog), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# -- the documents -----------------------------------------------------------


def _protocol(written: Schema, catalog: Catalog) -> None:
    defs = written["$defs"]
    defs["modality"] = _modality_ids(catalog)
    defs["region"] = _region_words(catalog)
    defs["position"] = _positions()
    step = defs["handsOnStep"]
    step["properties"]["modality"] = {"$ref": "#/$defs/modality"}
    step["properties"]["region"] = {"$ref": "#/$defs/region"}
    # One if/then per modality; the step's own technique stays a plain slug, so
    # that completion offers the chosen modality's techniques and no others.
    step["properties"]["technique"] = {"$ref": "#/$defs/slug", "description": "a technique the step's modality offers"}
    step["allOf"] = [_techniques_of(catalog, catalog.modality(modality_id))
                     for modality_id in sorted(catalog.modalities)]
    written["description"] = (
        "A massage session protocol: a planned duration and an ordered list of steps. Modality, technique "
        "and region ids are those of the plugins installed when this schema was written; `protocolkit "
        "validate` remains the authority.")


def _intake(written: Schema, catalog: Catalog) -> None:
    defs = written["$defs"]
    defs["conditionId"] = _condition_ids(catalog)
    defs["region"] = _region_words(catalog)
    defs["condition"]["properties"]["id"] = {"$ref": "#/$defs/conditionId"}
    defs["condition"]["properties"]["region"] = {"$ref": "#/$defs/region"}
    defs["clearance"]["then"]["properties"]["id"] = {"$ref": "#/$defs/conditionId"}
    defs["clearance"]["else"] = {"$ref": "#/$defs/conditionId"}
    written["properties"]["medications"]["items"] = {"$ref": "#/$defs/conditionId"}


def _modality(written: Schema, catalog: Catalog) -> None:
    defs = written["$defs"]
    defs["techniqueId"] = _enum("a technique id of the installed plugins",
                                {t.id: _technique_line(t) for t in catalog.techniques.values()})
    defs["region"] = _region_words(catalog)
    defs["techniqueUse"]["properties"]["use"] = {"$ref": "#/$defs/techniqueId"}
    written["properties"]["regions"]["items"] = {"$ref": "#/$defs/region"}
    defs["rule"]["properties"]["only-on"]["items"] = {"$ref": "#/$defs/region"}


def _curriculum(written: Schema, catalog: Catalog) -> None:
    defs = written["$defs"]
    defs["modality"] = _modality_ids(catalog)
    defs["module"]["properties"]["modalities"]["items"] = {"$ref": "#/$defs/modality"}


def _treatment_plan(_written: Schema, _catalog: Catalog) -> None:
    """A plan names protocols by file or id and self-care by a fixed list: no plugin id to write in."""


def _requirements(_written: Schema, _catalog: Catalog) -> None:
    """A profile names subjects; 'validate' checks them against the vocabulary (PK708), so the ids stay slugs."""


def _screening_case(written: Schema, catalog: Catalog) -> None:
    """A case's policy names conditions; an intake written into a case is left to 'validate', which never quotes it."""
    defs = written["$defs"]
    defs["conditionId"] = _condition_ids(catalog)
    policy = defs["policy"]["properties"]
    for key in ("require-clearance", "rule-out-session"):
        policy[key]["items"] = {"$ref": "#/$defs/conditionId"}
    policy["ceilings"]["propertyNames"] = {"$ref": "#/$defs/conditionId"}


_WRITERS: dict[str, Callable[[Schema, Catalog], None]] = {
    "protocol": _protocol, "intake": _intake, "modality": _modality, "curriculum": _curriculum,
    "treatment-plan": _treatment_plan, "requirements": _requirements, "screening-case": _screening_case}


# -- the ids and their one-line descriptions ------------------------------------


def _enum(description: str, lines: dict[str, str]) -> Schema:
    """An enum of ids with a line each, as editors show them beside the completion."""
    ids = sorted(lines)
    return {"description": description, "enum": ids,
            "markdownEnumDescriptions": [_markdown(lines[item]) for item in ids]}


def _modality_ids(catalog: Catalog) -> Schema:
    return _enum("a modality id of the installed plugins",
                 {m.id: f"{_one_line(m.name)}: {_one_line(m.summary)}" for m in catalog.modalities.values()})


def _techniques_of(catalog: Catalog, modality: Modality) -> Schema:
    lines = {}
    for use in modality.techniques:
        if use.technique in catalog.techniques:  # the host refuses others; never fail here for one
            pressure = catalog.pressure_range(modality, use.technique)
            duration = catalog.duration_range(modality, use.technique)
            lines[use.technique] = (f"{_technique_line(catalog.technique(use.technique))} "
                                    f"(in {modality.id}: pressure {pressure}, a step of {duration})")
    technique = _enum(f"a technique {modality.id} offers", lines)
    return {"if": {"required": ["modality"], "properties": {"modality": {"const": modality.id}}},
            "then": {"properties": {"technique": technique}}}


def _positions() -> Schema:
    """The fixed positions, each with its plain words (no plugin adds one)."""
    return {"description": "how the client lies or sits", "enum": list(POSITIONS),
            "markdownEnumDescriptions": [_markdown(f"{p}: {POSITION_WORDS[p]}") for p in POSITIONS]}


def _technique_line(technique: Technique) -> str:
    return f"{_one_line(technique.name)}: {_one_line(technique.description)}"


def _region_words(catalog: Catalog) -> Schema:
    lines: dict[str, str] = {}
    for region in catalog.regions:
        lines[region.id] = _region_line(region)
        lines.update({alias: f"{region.name} (another word for {region.id})" for alias in region.aliases})
    words = _enum("a region id or alias", lines)
    # The tool also reads 'Upper Back' or 'upper_back' as upper-back: a word
    # that is no slug is left to `protocolkit validate` rather than flagged here.
    return {"description": "a body region: an id or alias such as upper-back or hamstrings",
            "anyOf": [words, {"type": "string", "pattern": "[^a-z0-9-]"}]}


def _region_line(region: Region) -> str:
    if region.endangerment is None:
        return region.name
    return f"{region.name}; an endangerment site: {_one_line(region.endangerment)}"


def _condition_ids(catalog: Catalog) -> Schema:
    return _enum("a condition id of the installed plugins",
                 {condition.id: _condition_line(condition) for condition in catalog.conditions.values()})


def _condition_line(condition: Condition) -> str:
    return f"{_one_line(condition.name)} ({condition.category}): {_one_line(condition.restriction)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


_MARKDOWN_SPECIAL = str.maketrans({character: f"\\{character}" for character in "\\`*_[]<>#|"})


def _markdown(text: str) -> str:
    """Plain text as markdown that shows it as written (names may hold * or _)."""
    return text.translate(_MARKDOWN_SPECIAL)
