"""A curriculum's handbook in the studio, for the browser to print: the same handbook as the export's.

``/handbook/{path}`` renders the curriculum through ``export.handbook.render``,
the very function behind ``export CURRICULUM --to html|pdf``, and serves its
body under a page of the studio's own: the handbook's style sheet (its page
rules for the chosen paper, its cover's and the sheets' rules) comes from
``/handbook.css`` instead of the export's inline ``<style>``, which the studio's
content security policy forbids, and a bar above it (hidden in print) offers
"Print handbook" and the paper.  A curriculum with errors has no handbook, as
it has no export: the page says so.
"""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from protocolkit.studio import files
from protocolkit.studio.sheets import PAPERS, print_page
from protocolkit.studio.templating import problem_page

def printable(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    """The handbook of a curriculum in the folder, laid out for printing."""
    from protocolkit.check.reach import confined_to
    from protocolkit.check.validation import curriculum_report
    from protocolkit.export.handbook import render
    from protocolkit.load.documents import DocumentError, parse_document

    path = request.path_params["path"]
    state = request.app.state
    paper = request.query_params.get("paper", "a4")
    paper = paper if paper in PAPERS else "a4"
    try:
        target = files.confine(state.folder, path)
        text, _etag = files.read(state.folder, path, state.catalog.max_file_bytes)
    except files.PathRefused as refused:
        return problem_page(403, str(refused))
    except (FileNotFoundError, IsADirectoryError):
        return problem_page(404, "There is no such document in the studio's folder.")
    try:
        document = parse_document(text, path=str(target), fmt="json" if path.lower().endswith(".json") else "yaml")
    except DocumentError:
        return problem_page(422, "This file cannot be read as YAML or JSON, so it has no handbook.")
    if document.data.get("kind", "protocol") != "curriculum":
        return problem_page(422, "This file is not a curriculum, so it has no handbook.")
    with confined_to(state.folder):  # as on the curriculum's page: nothing outside the folder is read
        checked = curriculum_report(document, state.catalog)
    findings = checked if isinstance(checked, list) else checked.findings
    if isinstance(checked, list) or any(finding.severity == "error" for finding in findings):
        return problem_page(422, "This curriculum has errors, so it has no handbook yet: its page in the studio lists "
                             "them.")
    handbook = render(checked, state.catalog, {"paper": paper})
    # The export's body as it is; its head (an inline style the studio's policy forbids) is replaced by ours.
    body = handbook.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    quoted = quote(path)
    return print_page(title=f"{checked.data['title']}: handbook", style=f"/handbook.css?paper={paper}",
                      back=f"/curriculum/{quoted}", back_text="Back to the curriculum", print_text="Print handbook",
                      paper=paper, paper_link=f"/handbook/{quoted}?paper=", body=Markup(body), main=True)


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
]
