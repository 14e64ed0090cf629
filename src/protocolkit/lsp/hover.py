"""Hover: what the id under the cursor names, in the catalog's own words.

Where the cursor's place says what the id is (a step's ``technique``, an
intake's condition ``id``), that decides; anywhere else (a note, a comment,
a ``# protocolkit: ignore[PK301]``), a rule code is looked up first, then a
technique, a modality, a region (or an alias) and a condition.
"""

from __future__ import annotations

import re

from lsprotocol import types

from protocolkit.lsp.context import context_at
from protocolkit.lsp.text import Lines
from protocolkit.lsp.vocabulary import (FIELDS, condition_text, entries, modality_text, region_text, rule_text,
                                        technique_text)
from protocolkit.plugin.catalog import Catalog

_WORD = re.compile(r"[A-Za-z0-9_.-]+")


def hover(lines: Lines, position: types.Position, catalog: Catalog) -> types.Hover | None:
    column = lines.column(position.line, position.character)
    line = lines.line(position.line)
    word = next((m for m in _WORD.finditer(line) if m.start() <= column <= m.end() and m.end() > m.start()), None)
    if word is None:
        return None
    text = _by_place(lines, position.line, word.start(), word.group(0), catalog) or describe(word.group(0), catalog)
    if text is None:
        return None
    where = types.Range(start=lines.position(position.line, word.start()),
                        end=lines.position(position.line, word.end()))
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=where)


def _by_place(lines: Lines, number: int, start: int, word: str, catalog: Catalog) -> str | None:
    context = context_at(lines, number, start)
    if context is None or context.start != start:
        return None
    what = FIELDS.get((context.kind, context.field))
    if what is None:
        return None
    if what == "technique" and word in catalog.techniques:
        return technique_text(catalog, catalog.techniques[word], catalog.modalities.get(context.siblings.get(
            "modality", "")))
    return next((entry.documentation for entry in entries(what, catalog, context.siblings) if entry.id == word),
                None)


def describe(word: str, catalog: Catalog) -> str | None:
    """What ``word`` names, whatever the place: a rule code, technique, modality, region or condition."""
    if word in catalog.rules:
        return rule_text(catalog, catalog.rules[word])
    if word in catalog.techniques:
        return technique_text(catalog, catalog.techniques[word])
    if word in catalog.modalities:
        return modality_text(catalog, catalog.modalities[word])
    region = catalog.regions.resolve(word) if word.strip("-._") else None
    if region is not None:
        return region_text(region)
    if word in catalog.conditions:
        return condition_text(catalog, catalog.conditions[word])
    return None
