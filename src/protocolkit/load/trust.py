"""Trust: whose configuration may run code here.

A configuration's ``plugins`` are imported, so they run with the user's rights,
as a pytest ``conftest.py`` does.  The command line (and the studio, which it
starts) reads a ``protocolkit.toml`` or ``[tool.protocolkit]`` only where no
one else could have written it, in the manner of git's ``safe.directory``: the
file and the folder holding it (and, through a symbolic link, the file it
points at and that file's folder) must belong to the current user and be
writable by no one else.  ``PROTOCOLKIT_TRUST=PATH[:PATH]`` trusts the
configurations at or below the folders it lists, whoever owns them.

The language server trusts nothing by itself: it loads a folder's plugins only
when the editor's ``trustedFolders`` lists the folder (``protocolkit.lsp``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

TRUST_VARIABLE = "PROTOCOLKIT_TRUST"


def folders_listed(value: str | None) -> tuple[Path, ...]:
    """The folders in ``PATH[:PATH]`` (``;`` between them on Windows), absolute and resolved.

    An empty entry trusts nothing (it is not the current directory); ``~`` is the home folder."""
    if not value:
        return ()
    return tuple(Path(os.path.realpath(os.path.expanduser(entry))) for entry in value.split(os.pathsep) if entry)


def is_at_or_below(path: Path, folders: Iterable[Path]) -> bool:
    """Is ``path`` (a configuration file) one of ``folders`` or inside one of them?"""
    # As found (its folder's links followed) or as linked to: a trusted folder trusts both.
    places = {Path(os.path.realpath(path.parent)) / path.name, Path(os.path.realpath(path))}
    return any(place.is_relative_to(folder) for place in places for folder in folders)


def why_not_safe(path: Path) -> str | None:
    """Why someone other than the current user could have written the configuration at ``path``; None if no one could."""
    real = Path(os.path.realpath(path))
    checked = dict.fromkeys([path.absolute(), path.absolute().parent, real, real.parent])
    own = os.getuid() if hasattr(os, "getuid") else None  # no owners to compare where there are no user ids
    for where in checked:
        try:
            status = os.stat(where)
        except OSError as error:
            return f"{where} cannot be examined ({error.strerror or error})"
        what = "its folder" if stat.S_ISDIR(status.st_mode) else "the file"
        if own is not None and status.st_uid != own:
            return f"{what} {where} belongs to another user (uid {status.st_uid}), not to you (uid {own})"
        if status.st_mode & stat.S_IWOTH:
            return f"{what} {where} is writable by every user"
    return None


def refusal(path: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """The warning for a configuration file the command line must not use, or None to use it."""
    environ = os.environ if environ is None else environ
    if is_at_or_below(path, folders_listed(environ.get(TRUST_VARIABLE))):
        return None
    reason = why_not_safe(path)
    if reason is None:
        return None
    return (f"ignoring {path}: {reason}, so someone else could have written it, and the plugins a "
            f"configuration lists run as you; if you trust it, set {TRUST_VARIABLE}={path.absolute().parent}")


def accept_trusted(warn: Callable[[str], None], environ: Mapping[str, str] | None = None) -> Callable[[Path], bool]:
    """A test for `load_settings`: True for a configuration file to use; otherwise ``warn`` says why not."""
    def accept(path: Path) -> bool:
        message = refusal(path, environ)
        if message is not None:
            warn(message)
        return message is None
    return accept
