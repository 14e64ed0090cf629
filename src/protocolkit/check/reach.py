"""How far a document may reach for the files it names: its own tree, and the folder a face serves.

A curriculum names protocol folders and protocol files by path.  On the
command line the user checks their own files, so anything may be named; a
protocol folder outside the curriculum's own tree (``own_tree``) is still
looked in, with a warning (PK508), since every file under it is read to find
protocol ids and ``protocol-folders: ["/"]`` reads the whole disk.

A face that serves one folder (the studio) checks documents inside
``confined_to(folder)``: then a folder or file that resolves outside it,
symlinks followed, is a finding (PK508, an error; a treatment plan's phase,
PK601) and is never opened or walked, and paths in messages are said
relative to the folder, never as where it lies on the disk.  The confinement is a context variable, set by
the face around its calls, so that the one pipeline (``check``) serves every
face without a parameter for it on every kind's check.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from protocolkit.model.codes import PROTOCOL_FOLDER_OUTSIDE
from protocolkit.model.findings import Finding, JsonPath

# What marks a project's top folder: its settings, or its version control.
PROJECT_MARKERS = ("protocolkit.toml", "pyproject.toml", ".git", ".hg", ".svn")
_BOUNDARY: ContextVar[Path | None] = ContextVar("protocolkit_boundary", default=None)


@contextmanager
def confined_to(folder: Path | str) -> Iterator[None]:
    """Within the block, documents reach nothing outside ``folder`` (symlinks followed)."""
    token = _BOUNDARY.set(real(folder))
    try:
        yield
    finally:
        _BOUNDARY.reset(token)


def boundary() -> Path | None:
    """The folder documents are confined to, or None (the command line: no confinement)."""
    return _BOUNDARY.get()


def real(path: Path | str) -> Path:
    """``path`` made absolute with every symlink followed (as far as it exists); never raises."""
    return Path(os.path.realpath(path))


def is_within(path: Path | str, root: Path) -> bool:
    """Whether ``path``, symlinks followed, is ``root`` (already real) or lies below it."""
    target = real(path)
    return target == root or root in target.parents


def allowed(path: Path | str) -> bool:
    """Whether a document may open or walk ``path``: always, unless confined to a folder it is not in."""
    root = boundary()
    return root is None or is_within(path, root)


def own_tree(folder: Path | str) -> Path:
    """The tree a document in ``folder`` belongs to: the nearest folder at or above it with a project
    marker, else the folder above ``folder`` (a curriculum in curricula/ names protocols/ beside it)."""
    start = real(folder)
    for candidate in (start, *start.parents):
        # os.path.exists: a folder the user may not list is no marker, never an error.
        if any(os.path.exists(candidate / marker) for marker in PROJECT_MARKERS):
            return candidate
    return start.parent


def shown(path: Path | str) -> str:
    """``path`` as a message may say it: as given on the command line; relative to the folder when confined."""
    root = boundary()
    if root is None:
        return str(path)
    target = real(path)
    if not is_within(target, root):
        return "a place outside the studio's folder"
    return target.relative_to(root).as_posix() if target != root else "."


def protocol_folders(base: Path, written: Sequence[str], where: JsonPath) -> tuple[list[Path], list[Finding]]:
    """The folders of ``written`` (relative to ``base``) that may be looked in, and a finding for each
    that lies outside the document's tree (a warning) or outside the confinement (an error, left out)."""
    root, tree = boundary(), own_tree(base)
    folders: list[Path] = []
    findings: list[Finding] = []
    for index, name in enumerate(written):
        folder = base / name
        if root is not None and not is_within(folder, root):
            findings.append(PROTOCOL_FOLDER_OUTSIDE.finding(
                f"protocol folder '{name}' lies outside the studio's folder, and the studio reads nothing outside "
                "it, so it was not looked in; move those protocols into the studio's folder and name their folder "
                "relative to this curriculum", (*where, index), severity="error"))
            continue
        if not is_within(folder, tree):
            said = "this curriculum's project folder" + (f" ({tree})" if root is None else "")
            findings.append(PROTOCOL_FOLDER_OUTSIDE.finding(
                f"protocol folder '{name}' lies outside {said}; every file under it is read to find protocol "
                "ids. Name a folder inside the project, or name each protocol by its file", (*where, index)))
        folders.append(folder)
    return folders, findings


def file_outside(reference: str, file: Path, where: JsonPath) -> Finding | None:
    """An error when confined and ``file`` lies outside the folder (it must not be opened); else None."""
    if allowed(file):
        return None
    return PROTOCOL_FOLDER_OUTSIDE.finding(
        f"protocol file '{reference}' lies outside the studio's folder, and the studio reads nothing outside it, "
        "so it was not opened; move the protocol into the studio's folder and name it relative to this "
        "curriculum", where, severity="error")
