"""Which folders' plugins the language server loads: only those the editor's settings trust.

An editor starts the server for any YAML file it opens, a downloaded folder's
too, and a configuration's ``plugins`` are code.  So the server reads every
folder's settings (codes, limits, house modality folders, the screening
policy: data) but imports the plugins a configuration lists only when the
configuration lies at or below a folder of the initialization option
``trustedFolders``.  Otherwise one open document of that configuration carries
a warning on its first line naming the plugins not loaded, and how to trust
the folder.  The plugins given to the server itself (``-p`` before ``lsp``) are
the user's own choice and always load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container, Sequence
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from protocolkit.lsp.diagnostics import SOURCE
from protocolkit.lsp.text import Lines

OPTION = "trustedFolders"


def trusted_folders(options: object, warn: Callable[[str], None]) -> tuple[Path, ...]:
    """The folders the editor trusts: ``{"trustedFolders": ["~/clinic", "/srv/school"]}`` in its
    initialization options.  Each must be absolute (or start with ``~``, or be a ``file:`` URI): a
    relative one would depend on where the editor happened to start, and is left out with a warning."""
    listed = options.get(OPTION) if isinstance(options, dict) else None
    if listed is None:
        return ()
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(isinstance(entry, str) for entry in listed):
        warn(f"protocolkit lsp: '{OPTION}' must be a list of folder paths, such as [\"~/clinic\"]; "
             "no folder is trusted")
        return ()
    folders = []
    for entry in listed:
        path = (to_fs_path(entry) or "") if entry.startswith("file:") else os.path.expanduser(entry)
        if not os.path.isabs(path):
            warn(f"protocolkit lsp: '{OPTION}': {entry!r} is not an absolute path; it trusts nothing")
            continue
        folders.append(Path(os.path.realpath(path)))
    return tuple(folders)


def untrusted_hint(withheld: Sequence[str]) -> str:
    """What a broken project's message adds when its plugins were not loaded (their rules are missing)."""
    if not withheld:
        return ""
    return (f" (its plugins {', '.join(withheld)} were not loaded: the editor does not trust this folder; "
            f"see '{OPTION}' in docs/editors.md)")


def withheld_notice(config_file: str, withheld: Sequence[str], lines: Lines) -> types.Diagnostic:
    """The warning, on the document's first line, that a configuration's plugins were not loaded, and why."""
    folder = Path(config_file).parent
    message = (f"{config_file} lists plugins that were not loaded: {', '.join(withheld)}. A configuration's plugins "
               f"run code as you, and the editor does not trust this folder; to load them, add {folder} to "
               f"'{OPTION}' in the language server's settings (docs/editors.md)")
    return types.Diagnostic(range=types.Range(start=lines.position(0, 0), end=lines.position(0, len(lines.line(0)))),
                            message=message, severity=types.DiagnosticSeverity.Warning, source=SOURCE)


class Notices:
    """Which open document carries each untrusted configuration's warning: one for the folder, not one per file."""

    def __init__(self) -> None:
        self._carriers: dict[str, str] = {}

    def carries(self, uri: str, config_file: str, open_uris: Container[str]) -> bool:
        """Does the document at ``uri`` show the warning? The first one published does, while it stays open."""
        carrier = self._carriers.get(config_file)
        if carrier is None or carrier not in open_uris:
            self._carriers[config_file] = carrier = uri
        return carrier == uri
