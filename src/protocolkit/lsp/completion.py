"""Completion: the ids that may stand where the cursor is, found from the lines around it.

The place comes from `context.context_at`, which needs no parse, so a
half-typed document completes as well as a whole one.  Each item replaces the
whole id under the cursor (ids have hyphens, which editors do not count as
part of a word) and carries the catalog's description of what it names.
"""

from __future__ import annotations

from lsprotocol import types

from protocolkit.lsp.context import context_at
from protocolkit.lsp.text import Lines
from protocolkit.lsp.vocabulary import FIELDS, entries
from protocolkit.plugin.catalog import Catalog

_KINDS = {"modality": types.CompletionItemKind.Module, "technique": types.CompletionItemKind.Function,
          "region": types.CompletionItemKind.Field, "condition": types.CompletionItemKind.Reference}


def complete(lines: Lines, position: types.Position, catalog: Catalog) -> types.CompletionList:
    """The completion items at ``position`` (none where no id belongs)."""
    column = lines.column(position.line, position.character)
    context = context_at(lines, position.line, column)
    empty = types.CompletionList(is_incomplete=False, items=[])
    if context is None:
        return empty
    what = FIELDS.get((context.kind, context.field))
    if what is None:
        return empty
    replace = types.Range(start=lines.position(context.line, context.start),
                          end=lines.position(context.line, context.end))
    kind = _KINDS.get(what, types.CompletionItemKind.Value)
    items = []
    for order, entry in enumerate(entries(what, catalog, context.siblings)):
        items.append(types.CompletionItem(
            label=entry.id, kind=kind, detail=entry.detail,
            documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=entry.documentation),
            sort_text=f"{order:05d}", filter_text=entry.id,
            text_edit=types.TextEdit(range=replace, new_text=entry.id)))
    return types.CompletionList(is_incomplete=False, items=items)
