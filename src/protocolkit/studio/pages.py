"""The studio's editor: a document's text with its findings, live as the user types, and saving.

The findings come from the same pipeline as ``validate`` (``files.findings_for``),
so the codes and positions are the ones the command line prints.  Saving
goes through ``files.save``: when the file changed on disk since the page
opened it, nothing is written and the page comes back with the user's text
still in it and a message saying what happened.  htmx sends every request
with the page's CSRF token (``hx-headers`` on the body).
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.studio import files, sheets
from protocolkit.studio.api import body_limit_form
from protocolkit.studio.templating import TEMPLATES


def _findings(text: str, name: str, request: Request) -> list[Any]:
    return files.findings_for(request.app.state.folder, name, text, request.app.state.catalog)


def _page(request: Request, path: str, text: str, etag: str | None, message: str = "", status: int = 200,
          saved: bool = False) -> HTMLResponse:
    kind = _kind(text, path)
    found = _findings(text, path, request)
    # A protocol with errors has no sheet, and its findings say so already: it is not checked a second time.
    blocked = sheets.blocked_by(found)
    sheet = (sheets.note(blocked) if blocked else sheets.sheet_of(text, path, request.app.state.catalog)) \
        if kind == "protocol" else None
    page = TEMPLATES.get_template("editor.html").render(
        path=path, text=text, etag=etag or "", findings=found, message=message,
        saved=saved, read_only=request.app.state.read_only, csrf=request.scope["state"]["csrf"],
        lines=max(1, text.count("\n") + 1), kind=kind, sheet=sheet)
    return HTMLResponse(page, status_code=status)


def _kind(text: str, path: str) -> str:
    """What the document says it is (a protocol unless it says otherwise), for which views to show."""
    from protocolkit.load.documents import DocumentError, parse_document

    try:
        data = parse_document(text, path=path, fmt="json" if path.lower().endswith(".json") else "yaml").data
    except DocumentError:
        return "protocol"
    return str(data.get("kind", "protocol")) if isinstance(data, dict) else "protocol"


def editor(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    path = request.path_params["path"]
    state = request.app.state
    try:
        text, etag = files.read(state.folder, path, state.catalog.max_file_bytes)
    except files.PathRefused as refused:
        return _problem(request, 403, str(refused))
    except (FileNotFoundError, IsADirectoryError):
        return _problem(request, 404, "There is no such document in the studio's folder.")
    return _page(request, path, text, etag)


async def findings_fragment(request: Request) -> HTMLResponse:
    """The findings list for the text as it stands in the editor (nothing is written)."""
    form = await body_limit_form(request)
    text = str(form.get("text", ""))
    path = request.path_params["path"]
    found = await run_in_threadpool(_findings, text, path, request)
    return HTMLResponse(TEMPLATES.get_template("findings.html").render(findings=found))


async def save(request: Request) -> HTMLResponse:
    path = request.path_params["path"]
    form = await body_limit_form(request)
    text, etag = str(form.get("text", "")), str(form.get("etag", "")) or None
    return await run_in_threadpool(_save, request, path, text, etag)


def _save(request: Request, path: str, text: str, etag: str | None) -> HTMLResponse:
    state = request.app.state
    if state.read_only:
        return _page(request, path, text, etag, "The studio was started read-only: nothing can be saved.", 403)
    try:
        saved = files.save(state.folder, path, text, etag)
    except files.PathRefused as refused:
        return _problem(request, 403, str(refused))
    except files.Conflict:
        return _page(request, path, text, etag, "Not saved: the file changed on disk since you opened it. Your "
                     "text is still here; copy it, reload the file, and apply your change again.", 409)
    return _page(request, path, text, saved.etag, "Saved.", saved=True)


def _problem(request: Request, status: int, message: str) -> HTMLResponse:
    page = TEMPLATES.get_template("problem.html").render(status=status, message=message)
    return HTMLResponse(page, status_code=status)


ROUTES = [
    Route("/edit/{path:path}", editor, methods=["GET"]),
    Route("/edit/{path:path}", save, methods=["POST"]),
    Route("/fragments/findings/{path:path}", findings_fragment, methods=["POST"]),
]

