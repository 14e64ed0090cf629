"""The studio application: routes, pages, error pages, and the guard in front of them all."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio import pages, reference
from protocolkit.studio.api import ROUTES, BadRequest
from protocolkit.studio.guard import Guard
from protocolkit.studio.templating import TEMPLATES



def create_app(folder: Path, catalog: Catalog, *, token: str, allowed_hosts: set[str],
               read_only: bool = False) -> Guard:
    """The studio over ``folder``, reachable only at ``allowed_hosts`` with ``token``."""
    app = Starlette(routes=[Route("/", library, methods=["GET"]), *ROUTES, *pages.ROUTES, *reference.ROUTES,
                            Mount("/static", StaticFiles(packages=[("protocolkit.studio", "static")]),
                                  name="static")],
                    exception_handlers={BadRequest: _bad_request, HTTPException: _http_error,
                                        Exception: _server_error})
    app.state.folder = folder.resolve()
    app.state.catalog = catalog
    app.state.read_only = read_only
    return Guard(app, token=token, allowed_hosts=allowed_hosts, max_body=catalog.max_file_bytes)


async def library(request: Request) -> HTMLResponse:
    """Every document in the folder with its status; intakes by client reference only."""
    from protocolkit.check.validation import PathProblem, document_paths, validate_file

    state = request.app.state
    rows: list[dict[str, Any]] = []
    try:
        paths = list(document_paths([str(state.folder)]))
    except PathProblem:
        paths = []
    totals: Counter[str] = Counter()
    for path in paths:
        result = validate_file(path, state.catalog)
        counts = Counter(finding.severity for finding in result.findings)
        totals.update(counts)
        relative = str(Path(path).relative_to(state.folder))
        kind, label = _kind_and_label(path, state.catalog)
        status = "unreadable" if result.error else ("errors" if counts["error"] else
                                                    "warnings" if counts["warning"] else "clean")
        rows.append({"path": relative, "kind": kind, "label": label, "status": status,
                     "errors": counts["error"], "warnings": counts["warning"]})
    page = TEMPLATES.get_template("library.html").render(
        folder=state.folder.name, rows=rows, files=len(rows), errors=totals["error"], warnings=totals["warning"],
        read_only=state.read_only)
    return HTMLResponse(page)


def _kind_and_label(path: str, catalog: Catalog) -> tuple[str, str]:
    """The document's kind and what to call it: its title, or for an intake its client reference alone."""
    from protocolkit.check.validation import read_file

    read = read_file(path, catalog)
    data = read.document.data if read.document is not None else {}
    kind = str(data.get("kind", "protocol"))
    if kind == "intake":
        client = data.get("client")
        return kind, f"client {client}" if isinstance(client, str) and client.isprintable() else "an intake"
    title = data.get("title") or data.get("name") or data.get("id") or Path(path).stem
    return kind, str(title)


async def _bad_request(request: Request, exc: Exception) -> Response:
    return _problem(request, 400, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    words = {404: "There is nothing at this address.", 405: "This address does not take that kind of request."}
    return _problem(request, exc.status_code, words.get(exc.status_code, str(exc.detail)))


async def _server_error(request: Request, exc: Exception) -> Response:
    # Never a traceback in the browser: the studio says what happened in words, and nothing of the request.
    return _problem(request, 500, "Something went wrong inside the studio; the request was not carried out.")


def _problem(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    page = TEMPLATES.get_template("problem.html").render(status=status, message=message)
    return HTMLResponse(page, status_code=status)

