"""The session sheet in the studio: beside the editor, under a composed session, and on its own for printing.

It is the export's sheet (``sheet/sheet.html`` with ``sheet_variables``),
included in the studio's pages and styled by the export's own scoped style
sheet, served at ``/sheet.css``.  A document with errors has no sheet, as
it has no export: the view says so and lists nothing else (the findings are
under the editor already).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from protocolkit.model.codes import PARSE_ERROR
from protocolkit.model.conditions import Intake
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.forms import Refused, form_of, read_document
from protocolkit.studio.templating import TEMPLATES

PAPERS = ("a4", "letter")
UNREADABLE = "The sheet shows when the document can be read: see the findings."
WITH_ERRORS = "The sheet shows when the protocol has no errors: see the findings."


def sheet_of(text: str, name: str, catalog: Catalog, intake: Intake | None = None, *,
             embedded: bool = True) -> Markup:
    """The sheet of the protocol ``text``, or a note saying why there is none yet.

    ``embedded``: inside a studio page (an article under the page's own main and h1); a page of its own
    for printing has the sheet as its main, as the export's standalone page has."""
    sheet, reason = sheet_or_reason(text, name, catalog, intake, embedded=embedded)
    return sheet if sheet is not None else _no_sheet(reason)


def sheet_or_reason(text: str, name: str, catalog: Catalog, intake: Intake | None = None, *,
                    embedded: bool = True) -> tuple[Markup | None, str]:
    """The sheet of the protocol ``text``; or None and, in words, why it has none."""
    from protocolkit.export.context import export_context
    from protocolkit.export.templating import sheet_variables
    from protocolkit.load.documents import DocumentError, parse_document

    try:
        document = parse_document(text, path=name, fmt="json" if name.lower().endswith(".json") else "yaml")
    except DocumentError:
        return None, UNREADABLE
    context = export_context(document, catalog, intake)
    if isinstance(context, list):
        return None, WITH_ERRORS if context else "Only a protocol has a session sheet."
    return Markup(TEMPLATES.get_template("sheet/sheet.html").render(**sheet_variables(context),
                                                                    embedded=embedded)), ""


def blocked_by(findings: Sequence[Finding]) -> str:
    """Why a protocol with these findings (checked without an intake) has no sheet; empty when it may have one."""
    if any(finding.code == PARSE_ERROR.code for finding in findings):
        return UNREADABLE
    return WITH_ERRORS if any(finding.severity == "error" for finding in findings) else ""


def note(message: str) -> Markup:
    """The note shown where a sheet would be."""
    return _no_sheet(message)


def _no_sheet(message: str) -> Markup:
    return Markup(TEMPLATES.get_template("no_sheet.html").render(message=message))


async def fragment(request: Request) -> HTMLResponse:
    """The sheet of the text as it stands in the editor (nothing is written).

    While the text has errors the page keeps the last sheet it had: the
    answer only updates the note above it (an out-of-band swap) and tells
    htmx to leave the sheet as it is, so the sheet does not vanish at every
    half-typed word."""
    form = await form_of(request)
    sheet, _ = await run_in_threadpool(sheet_or_reason, str(form.get("text", "")), request.path_params["path"],
                                       request.app.state.catalog)
    if sheet is None:
        status = TEMPLATES.get_template("sheet_status.html").render(stale=True)
        return HTMLResponse(status, headers={"HX-Reswap": "none"})
    return HTMLResponse(Markup(TEMPLATES.get_template("sheet_status.html").render(stale=False)) + sheet)


def printable(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    """The sheet of a saved protocol on a page of its own, laid out for printing."""
    path = request.path_params["path"]
    paper = request.query_params.get("paper", "a4")
    try:
        text = read_document(request, path, "protocol")
    except Refused as refused:
        page = TEMPLATES.get_template("problem.html").render(status=404, message=str(refused))
        return HTMLResponse(page, status_code=404)
    paper = paper if paper in PAPERS else "a4"
    return print_page(title=f"{path}: session sheet", style=f"/sheet.css?paper={paper}", back=f"/edit/{path}",
                      back_text="Back to the editor", print_text="Print this sheet", paper=paper,
                      paper_link=f"/sheet/{path}?paper=",
                      body=sheet_of(text, path, request.app.state.catalog, embedded=False))


def print_page(*, title: str, style: str, back: str, back_text: str, print_text: str, paper: str,
               paper_link: str, body: Markup, main: bool = False) -> HTMLResponse:
    """A page of its own for printing, with the way back, a print button and the paper to choose;
    ``paper_link`` is the page's own address ending in ``paper=``."""
    papers = [(p.upper() if p == "a4" else p.capitalize(), None if p == paper else paper_link + p) for p in PAPERS]
    return HTMLResponse(TEMPLATES.get_template("print_page.html").render(
        title=title, style=style, back=back, back_text=back_text, print_text=print_text, papers=papers, body=body,
        main=main))


async def style(request: Request) -> Response:
    """The export's sheet style sheet, and the page rules for printing on the chosen paper."""
    from protocolkit.export.templating import page_css, sheet_css

    paper = request.query_params.get("paper", "")
    page = page_css(paper) if paper in PAPERS else ""
    return Response(page + sheet_css(), media_type="text/css")


ROUTES = [
    Route("/sheet.css", style, methods=["GET"]),
    Route("/sheet/{path:path}", printable, methods=["GET"]),
    Route("/fragments/sheet/{path:path}", fragment, methods=["POST"]),
]
