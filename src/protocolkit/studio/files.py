"""The folder the studio serves: paths confined to it, documents read with an etag, saved atomically.

A path from a request is relative to the folder, names a document
(.yaml, .yml, .json), has no ``..`` and does not lead out of the folder
through a symlink.  Saving compares the etag the page read the file with
to the file on disk, and again just before the rename: when someone else
changed it since, nothing is written and the caller keeps the user's text (409).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

import attrs
from attrs import frozen

from protocolkit.load.documents import DOCUMENT_SUFFIXES
from protocolkit.load.reading import LOOP, open_regular, read_at_most
from protocolkit.load.writing import ChangedOnDisk, read_fingerprinted, write_atomic
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog


class PathRefused(Exception):
    """A path that is not a document inside the folder."""


class Conflict(Exception):
    """The file changed on disk since the etag the saver had."""


@frozen
class Saved:
    etag: str
    created: bool


def etag_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def confine(folder: Path, relative: str) -> Path:
    """The document ``relative`` names inside ``folder``, or PathRefused."""
    pure = PurePosixPath(relative)
    if not relative or pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in relative:
        raise PathRefused("the path must stay inside the studio's folder")
    if not relative.lower().endswith(DOCUMENT_SUFFIXES):
        raise PathRefused(f"only documents ({', '.join(DOCUMENT_SUFFIXES)}) can be opened")
    root = folder.resolve()
    try:
        target = (root / pure).resolve()  # follows symlinks: a link out of the folder is caught here
    except (RuntimeError, OSError):  # Python before 3.13 raises RuntimeError for a loop of links
        raise PathRefused(f"{relative} cannot be opened: it is {LOOP}") from None
    if target != root and root not in target.parents:
        raise PathRefused("the path must stay inside the studio's folder")
    return target


def read(folder: Path, relative: str, max_bytes: int) -> tuple[str, str]:
    """The text of a document in the folder and its etag; FileNotFoundError when there is none."""
    path = confine(folder, relative)
    try:
        with open_regular(path) as stream:  # a FIFO or device is refused, never waited on
            if os.fstat(stream.fileno()).st_size > max_bytes:
                raise PathRefused("the file is larger than the project's max-file-size")
            data = read_at_most(stream, max_bytes + 1)
    except (FileNotFoundError, IsADirectoryError):
        raise
    except OSError as error:  # not a regular file, a loop of links, no permission: said, not a 500
        raise PathRefused(f"{relative} cannot be opened: {error.strerror or error}") from None
    return data.decode("utf-8", errors="replace"), etag_of(data)


def save(folder: Path, relative: str, text: str, etag: str | None, *, private: bool = False) -> Saved:
    """Write ``text`` to the document atomically, unless it changed since ``etag``.

    A new file needs no etag; an existing one needs the etag it was read
    with, and Conflict means nothing was written.  A new ``private`` file (a
    protocol adapted for a client names them) is 0600 from the first byte."""
    path = confine(folder, relative)
    data = text.encode("utf-8")
    exists = os.path.lexists(path)
    seen = None
    if exists:
        try:
            current, seen = read_fingerprinted(path)
        except FileNotFoundError:
            raise Conflict("the file was deleted since it was opened") from None
        except OSError as error:  # a folder, a FIFO, no permission: said, not a 500
            raise PathRefused(f"{relative} cannot be saved: {error.strerror or error}") from None
        if etag != etag_of(current):
            raise Conflict("the file changed on disk since it was opened")
    elif etag is not None:
        raise Conflict("the file was deleted since it was opened")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # checked again at the last moment: an editor's save in between is never replaced
        write_atomic(path, text, overwrite=exists, expected=seen, private=private)
    except ChangedOnDisk:
        raise Conflict("the file changed on disk since it was opened") from None
    except FileExistsError:
        raise Conflict("a file of that name was created meanwhile") from None
    return Saved(etag_of(data), created=not exists)


def findings_for(folder: Path, name: str, text: str, catalog: Catalog) -> list[Finding]:
    """``validate``'s findings for ``text`` as the document ``name`` in ``folder``.

    What a document refers to by relative path (a curriculum's protocols) is
    looked up beside it in the folder, never from wherever the studio was
    started; a name that is not a path inside the folder is checked as if it
    lay at the folder's top.  Findings keep the name the client gave, and the
    folder's own location is left out of their messages.
    """
    from protocolkit.check.reach import confined_to
    from protocolkit.check.validation import validate_text

    try:
        where = confine(folder, name)
    except PathRefused:
        where = folder.resolve() / (PurePosixPath(name.replace("\\", "/")).name or "document.yaml")
    fmt = "json" if name.lower().endswith(".json") else "yaml"
    with confined_to(folder):  # what the document names outside the folder is a finding, never read
        found = validate_text(text, catalog, path=str(where), fmt=fmt)
    root = f"{folder.resolve()}{os.sep}"
    return [attrs.evolve(f, file=name, message=f.message.replace(str(where), name).replace(root, ""))
            for f in found]
