"""A document of the studio's folder opened for a page that shows one kind of it (a plan, a curriculum).

The editor's own reading (the same confinement, the same size limit), parsed
under the file's real location, so that the protocols and folders it names by
relative path are found beside it, as on the command line.  What stops it is
an `Unopened` saying why in words, with its status: 403 outside the folder,
404 not there, 422 not YAML or JSON (with the parse finding) or another kind
of document.  Each page turns that into its own answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

from protocolkit.studio import files

if TYPE_CHECKING:
    from protocolkit.load.documents import Document
    from protocolkit.model.findings import Finding


class Unopened(Exception):
    """Why the document cannot be shown: ``status``, the words, and the parse finding when it is not YAML or JSON."""

    def __init__(self, status: int, message: str, finding: Finding | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.finding = finding


def open_document(request: Request, path: str, kind: str, shown_as: str) -> Document:
    """The ``kind`` document (``treatment-plan``, ``curriculum``) at ``path`` in the folder, parsed;
    ``shown_as`` finishes the sentence when it is unreadable ("so it has no handbook")."""
    from protocolkit.check.validation import parse_finding
    from protocolkit.load.documents import DocumentError, parse_document

    state = request.app.state
    noun = kind.replace("-", " ")
    try:
        target = files.confine(state.folder, path)
        text, _etag = files.read(state.folder, path, state.catalog.max_file_bytes)
    except files.PathRefused as refused:
        raise Unopened(403, f"That {noun} cannot be opened: {refused}.") from None
    except (FileNotFoundError, IsADirectoryError):
        raise Unopened(404, "There is no such document in the studio's folder.") from None
    try:
        document = parse_document(text, path=str(target), fmt="json" if path.lower().endswith(".json") else "yaml")
    except DocumentError as error:
        raise Unopened(422, f"This file cannot be read as YAML or JSON, {shown_as}. Open it in the editor to see "
                            "where it goes wrong.", parse_finding(path, error)) from None
    found = document.data.get("kind", "protocol")
    if found != kind:
        raise Unopened(422, f"This file is not a {noun}: its kind is '{found}'. A {noun} starts with "
                            f"'protocolkit: 1' and 'kind: {kind}'.")
    return document
