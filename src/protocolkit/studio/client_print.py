"""Printing a session sheet for one client, from the Screen and Compose pages.

The sheet is the export's, made with the client's intake: the verdict, what
changed and the regions the intake rules out hatched on the body map, exactly
what ``protocolkit export --intake`` prints (the client reference and condition
ids, never the intake's notes).  The intake comes as the page's own form sends
it (a file of the folder, or the text in the box) in the body of a POST, so
nothing of it is ever in an address; the answer is swapped into the page, and
the page's print style prints that sheet alone.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.studio import sheets
from protocolkit.studio.forms import Refused, client_intake, form_of, read_document
from protocolkit.studio.templating import TEMPLATES


async def client_sheet(request: Request) -> HTMLResponse:
    form = await form_of(request)
    return await run_in_threadpool(_client_sheet, request, form)


def _client_sheet(request: Request, form: Any) -> HTMLResponse:
    catalog = request.app.state.catalog
    try:
        name, text = _protocol(request, form)
        intake = client_intake(request, form)
    except Refused as refused:
        return _render(refused=str(refused), status=422)
    assert intake is not None  # required: a missing one is refused
    sheet, reason = sheets.sheet_or_reason(text, name, catalog, intake)
    if sheet is None:
        return _render(refused=reason, status=422)
    return _render(sheet=sheet, client=intake.client)


def _protocol(request: Request, form: Any) -> tuple[str, str]:
    """The protocol to print: a file of the folder, or the text of a session composed and not yet saved."""
    path = str(form.get("protocol") or "")
    if path:
        return path, read_document(request, path, "protocol")
    text = str(form.get("text") or "")
    if not text.strip():
        raise Refused("Choose the protocol to print.")
    return str(form.get("name") or "composed.yaml"), text


def _render(*, status: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template("client_print.html").render(**values), status_code=status)


ROUTES = [Route("/print/client", client_sheet, methods=["POST"])]
