"""The studio application: routes, pages, error pages, and the guard in front of them all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio import adapt_page, client_print, compose, form_editor, handbook_page, library, new_documents, pages, reference, rules, screen, sheets
from protocolkit.studio.api import ROUTES, BadRequest
from protocolkit.studio import plan_page
from protocolkit.studio.guard import Guard
from protocolkit.studio.templating import TEMPLATES

if TYPE_CHECKING:
    from protocolkit.load.config import Settings


def create_app(folder: Path, catalog: Catalog, *, token: str, allowed_hosts: set[str],
               read_only: bool = False, settings: Settings | None = None) -> Guard:
    """The studio over ``folder``, reachable only at ``allowed_hosts`` with ``token``."""
    app = Starlette(routes=[*library.ROUTES, *ROUTES, *form_editor.ROUTES, *pages.ROUTES, *reference.ROUTES,
                            *rules.ROUTES, *screen.ROUTES, *compose.ROUTES, *sheets.ROUTES, *new_documents.ROUTES,
                            *client_print.ROUTES, *adapt_page.ROUTES, *handbook_page.ROUTES,
                            *plan_page.ROUTES,
                            Mount("/static", StaticFiles(packages=[("protocolkit.studio", "static")]),
                                  name="static")],
                    exception_handlers={BadRequest: _bad_request, HTTPException: _http_error,
                                        Exception: _server_error})
    app.state.folder = folder.resolve()
    app.state.catalog = catalog
    app.state.read_only = read_only
    # The project's settings (protocolkit.toml) where the pages need them: a clinic's closed days for plans.
    app.state.settings = settings
    return Guard(app, token=token, allowed_hosts=allowed_hosts, max_body=catalog.max_file_bytes)


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

