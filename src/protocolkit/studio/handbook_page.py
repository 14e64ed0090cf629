"""A curriculum's handbook in the studio, for the browser to print: the same handbook as the export's.

``/handbook/{path}`` renders the curriculum from the export's own parts
(``export.handbook``: its cover, then each taught protocol's sheet, through the
export's templates) under a page of the studio's own, whose one main and h1
they sit in: each sheet is an article titled by an h2, as the studio embeds a
sheet anywhere.  The handbook's style sheet (its page rules for the chosen
paper, its cover's and the sheets' rules) comes from ``/handbook.css`` instead
of the export's inline ``<style>``, which the studio's content security policy
forbids, and a bar above it (hidden in print) offers "Print handbook" and the
paper.  ``/handbook-pdf/{path}`` ("Download PDF" on that page) is the PDF of
``export CURRICULUM --to pdf``: the export's very HTML, printed by the export's
printer (a Chromium or Chrome on this computer, offline).  A curriculum with
errors has no handbook, as it has no export: the page says so.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from protocolkit.studio.opened import Unopened, open_document
from protocolkit.studio.sheets import PAPERS, print_page
from protocolkit.studio.templating import problem_page

if TYPE_CHECKING:
    from protocolkit.check.curriculum import CurriculumReport
    from protocolkit.plugin.catalog import Catalog


def printable(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    """The handbook of a curriculum in the folder, laid out for printing."""
    path = request.path_params["path"]
    paper = _paper(request)
    checked = _curriculum(request)
    if isinstance(checked, HTMLResponse):
        return checked
    quoted = quote(path)
    # Above the handbook, hidden in print like the page's other links: the export's PDF of it.
    download = Markup('<p class="document-links"><a href="/handbook-pdf/{0}?paper={1}" id="handbook-pdf" '
                      'download>Download PDF</a></p>\n').format(quoted, paper)
    body = download + _body(checked, _catalog(request), paper)
    return print_page(title=f"{checked.data['title']}: handbook", style=f"/handbook.css?paper={paper}",
                      back=f"/curriculum/{quoted}", back_text="Back to the curriculum", print_text="Print handbook",
                      paper=paper, paper_link=f"/handbook/{quoted}?paper=", body=body, main=True)


def pdf(request: Request) -> Response:  # a plain def: the browser prints for seconds, in a worker thread
    """The handbook as ``export CURRICULUM --to pdf`` prints it: the export's own HTML, the export's printer."""
    from protocolkit.export.handbook import render
    from protocolkit.export.pdf import PrintError, find_browser, print_pdf

    paper = _paper(request)
    checked = _curriculum(request)
    if isinstance(checked, HTMLResponse):
        return checked
    try:
        browser = find_browser()
        with tempfile.TemporaryDirectory(prefix="protocolkit-handbook-") as work:
            target = Path(work) / "handbook.pdf"
            print_pdf(render(checked, _catalog(request), {"paper": paper}), target, browser=browser)
            data = target.read_bytes()
    except PrintError:
        return problem_page(503, "This computer has no Chromium or Chrome that could make the PDF, or it failed. "
                                 "Open the handbook and use Print handbook instead: the browser's print dialog can "
                                 "save it as a PDF too.")
    name = Path(request.path_params["path"]).stem or "handbook"
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{quote(name)}-handbook.pdf"'})


def _paper(request: Request) -> str:
    paper = request.query_params.get("paper", "a4")
    return paper if paper in PAPERS else "a4"


def _catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def _curriculum(request: Request) -> CurriculumReport | HTMLResponse:
    """The checked curriculum at the request's path, or the page saying in words why it has no handbook."""
    from protocolkit.check.curriculum import CurriculumReport
    from protocolkit.check.reach import confined_to
    from protocolkit.check.validation import curriculum_report

    state = request.app.state
    try:
        document = open_document(request, request.path_params["path"], "curriculum", "so it has no handbook")
    except Unopened as unopened:
        return problem_page(unopened.status, str(unopened))
    with confined_to(state.folder):  # as on the curriculum's page: nothing outside the folder is read
        checked = curriculum_report(document, state.catalog)
    findings = checked if isinstance(checked, list) else checked.findings
    if not isinstance(checked, CurriculumReport) or any(finding.severity == "error" for finding in findings):
        return problem_page(422, "This curriculum has errors, so it has no handbook yet: its page in the studio lists "
                             "them.")
    return checked


def _body(report: CurriculumReport, catalog: Catalog, paper: str) -> Markup:
    """The export's handbook (``export.handbook``: its cover, then each taught protocol's sheet) under the
    page's one main and h1: each sheet an article titled by an h2, as the studio embeds a sheet anywhere
    (``studio.sheets``); the export's own document keeps its sheets whole pages of their own."""
    from protocolkit.model.export import ExportContext
    from protocolkit.export.handbook import cover_variables, taught_protocols
    from protocolkit.export.templating import environment, sheet_variables

    templates = environment()
    parts = [templates.get_template("handbook/cover.html").render(cover_variables(report, catalog))]
    sheet = templates.get_template("handbook/sheet.html")
    parts += [sheet.render(sheet_variables(ExportContext(protocol, catalog, None, {"paper": paper})), embedded=True)
              for protocol in taught_protocols(report)]
    return Markup("\n".join(parts))


def style(request: Request) -> Response:  # a plain def: the templates are read in a worker thread
    """The handbook's style sheet: the page rules for the chosen paper, the cover's rules, the sheet's."""
    from protocolkit.export.templating import environment, page_css, sheet_css

    paper = request.query_params.get("paper", "")
    page = page_css(paper) if paper in PAPERS else ""
    own = environment().get_template("handbook/handbook.css").render() + "\n"
    return Response(page + own + sheet_css(), media_type="text/css")


ROUTES = [
    Route("/handbook.css", style, methods=["GET"]),
    Route("/handbook/{path:path}", printable, methods=["GET"]),
    Route("/handbook-pdf/{path:path}", pdf, methods=["GET"]),
]
