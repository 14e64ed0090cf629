"""The library: every document in the studio's folder with its status, kept current as files change.

Documents are found as ``validate`` finds them and checked by the same
pipeline.  Intakes are shown by their client reference alone: nothing else
of an intake reaches a page.  The page asks every few seconds whether the
folder changed (a fingerprint of paths, sizes and modification times); the
answer is "204 nothing new" until a file is added, removed or saved, and
only then is the list checked and sent again.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from attrs import frozen
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.templating import TEMPLATES

# Where each kind of document opens: a curriculum's page is its hours report.
OPENS = {"curriculum": "/curriculum/", "treatment-plan": "/plan/", "intake": None}


@frozen
class Entry:
    """One document of the folder as the library lists it."""

    path: str
    kind: str
    label: str
    status: str
    errors: int
    warnings: int

    @property
    def link(self) -> str | None:
        prefix = OPENS.get(self.kind, "/edit/")
        return None if prefix is None else prefix + self.path


def document_paths(folder: Path) -> list[str]:
    """The documents under ``folder``, as ``validate FOLDER`` finds them (none is not an error here),
    less those reached through a symlink that leads out of the folder: the studio never reads them."""
    from protocolkit.check.reach import is_within, real
    from protocolkit.check.validation import PathProblem
    from protocolkit.check.validation import document_paths as found

    root = real(folder)
    try:
        return [path for path in found([str(folder)]) if is_within(path, root)]
    except PathProblem:
        return []


def fingerprint(folder: Path) -> str:
    """Changes when a document under ``folder`` is added, removed or written."""
    digest = hashlib.sha256()
    for path in document_paths(folder):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def entries(folder: Path, catalog: Catalog, *, checked: bool = True) -> list[Entry]:
    """``_entries`` confined to ``folder``: what a document there names outside it is a finding, never read."""
    from protocolkit.check.reach import confined_to

    with confined_to(folder):
        return _entries(folder, catalog, checked=checked)


def _entries(folder: Path, catalog: Catalog, *, checked: bool = True) -> list[Entry]:
    """Every document under ``folder`` with its kind, what to call it and (``checked``) its findings' counts.

    Each file is read once; the forms that only offer documents to choose from pass ``checked=False``
    and leave the checking to the library page."""
    from protocolkit.check.validation import read_file, validate_document

    listed = []
    for path in document_paths(folder):
        read = read_file(path, catalog)
        data = read.document.data if read.document is not None else {}
        kind = str(data.get("kind", "protocol")) if isinstance(data, dict) else "protocol"
        findings = read.findings if read.document is None or not checked else validate_document(read.document,
                                                                                                   catalog)
        counts = Counter(finding.severity for finding in findings)
        status = "unreadable" if read.error else ("errors" if counts["error"] else
                                                  "warnings" if counts["warning"] else "clean")
        listed.append(Entry(str(Path(path).relative_to(folder)), kind, _label(kind, data, path), status,
                            counts["error"], counts["warning"]))
    return listed


def _label(kind: str, data: Any, path: str) -> str:
    """A document's title; an intake's client reference and nothing else of it."""
    if not isinstance(data, dict):
        return Path(path).stem
    if kind == "intake":
        client = data.get("client")
        return f"client {client}" if is_client_reference(client) else "an intake"
    return str(data.get("title") or data.get("name") or data.get("id") or Path(path).stem)


def is_client_reference(value: object) -> bool:
    """Whether ``value`` is a client reference as the intake schema has it (C-0042): anything else may be
    a person's name, which the schema refuses and ``validate`` never quotes, so no page shows it either."""
    from protocolkit.load.schemas import schema

    pattern = schema("intake")["properties"]["client"]["pattern"]
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def of_kind(folder: Path, catalog: Catalog, kind: str) -> list[Entry]:
    """The documents of one kind, to choose from in a form (not checked)."""
    return [entry for entry in entries(folder, catalog, checked=False) if entry.kind == kind]


def _render(request: Request, template: str) -> str:
    state = request.app.state
    # The fingerprint first: a file written while the list is checked shows at the next look.
    seen = fingerprint(state.folder)
    listed = entries(state.folder, state.catalog)
    return TEMPLATES.get_template(template).render(
        folder=state.folder.name, rows=listed, files=len(listed), errors=sum(e.errors for e in listed),
        warnings=sum(e.warnings for e in listed), read_only=state.read_only, fingerprint=seen,
        csrf=request.scope["state"]["csrf"])


def library(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    return HTMLResponse(_render(request, "library.html"))


def refreshed(request: Request) -> Response:
    """The library's list again if the folder changed since the page's fingerprint; else 204 (htmx keeps it)."""
    if request.query_params.get("since") == fingerprint(request.app.state.folder):
        return Response(status_code=204)
    return HTMLResponse(_render(request, "library_list.html"))


ROUTES = [
    Route("/", library, methods=["GET"]),
    Route("/fragments/library", refreshed, methods=["GET"]),
]
