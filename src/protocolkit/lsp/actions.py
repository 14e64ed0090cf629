"""Code actions: the fixes `check.fixes` offers for the findings in the range asked about.

A safe fix is the preferred quick fix (an editor may apply it on its own);
an unsafe one (a did-you-mean that may not be what the author meant) is
offered too, never preferred.  The edits are the fixer's own, offsets into
the text turned into the editor's positions; nothing else is rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from protocolkit.lsp.diagnostics import finding_range, to_diagnostics
from protocolkit.lsp.text import Lines
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog


def code_actions(uri: str, text: str, path: str, fmt: str, lines: Lines, wanted: types.Range,
                 findings: Sequence[Finding], catalog: Catalog) -> list[types.CodeAction]:
    """The quick fixes for the findings whose range meets ``wanted``: those of ``findings``, and a
    region alias's (PK105), which validate never reports and only a fix finds."""
    from protocolkit.check.fixes import available_fixes  # only a request for actions pays for the fixers

    actions = []
    for fix in available_fixes(text, path, findings, catalog, fmt):
        if not _meets(finding_range(fix.finding, lines, fmt), wanted):
            continue
        edits = [types.TextEdit(range=lines.range_of(edit.start, edit.end), new_text=edit.new_text)
                 for edit in fix.edits]
        actions.append(types.CodeAction(
            title=fix.title, kind=types.CodeActionKind.QuickFix, is_preferred=fix.safe,
            diagnostics=to_diagnostics([fix.finding], lines, fmt),
            edit=types.WorkspaceEdit(changes={uri: edits})))
    return actions


def _meets(found: types.Range, wanted: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(found.start) <= key(wanted.end) and key(wanted.start) <= key(found.end)
