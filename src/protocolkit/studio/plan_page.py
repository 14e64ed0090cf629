"""A treatment plan in the studio: its sheet from a start date, a print view, the calendar file and FHIR.

``/plan/{path}?start=YYYY-MM-DD`` checks a plan in the folder the way
``export PLAN --start`` does and shows the very sheet ``export --to html``
makes (``export.plan_sheet``): the figures, the goals, each phase's SOAP Plan
line and self-care, the body map of every session and the calendar of
sessions.  A GET form chooses the first session's day (today when none is
given).  Beside it: a print view of the same sheet (``/plan-print/{path}``),
the calendar file (``/plan-ics/{path}``, the bytes of ``export --to ics``)
and the FHIR CarePlan (``/plan-fhir/{path}``, ``export --to fhir``).  The
sheet's style comes from ``/plan.css``, never inline (the studio's content
security policy).  "Screen this plan for a client" opens the Screen page with
the plan chosen; the intake is chosen there, never put in an address.

Closed weekdays (``[plans] closed``) come from the studio's settings when it
was given any (``app.state.settings``); otherwise no weekday is closed.  A plan
holds no client data, so nothing here comes from an intake.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from protocolkit.studio.opened import Unopened, open_document
from protocolkit.studio.sheets import PAPERS, print_page
from protocolkit.studio.templating import TEMPLATES, problem_page

if TYPE_CHECKING:
    from protocolkit.export.plan_context import PlanExport

BAD_START = "Give the first session's date as a day of the calendar (YYYY-MM-DD), such as 2026-03-02."


class Unavailable(Exception):
    """The plan cannot be shown or exported; ``status`` and the message say why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def start_of(request: Request) -> date:
    """The start the query gives, today when none; Unavailable (422) for a day no calendar has."""
    value = request.query_params.get("start", "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Unavailable(422, BAD_START) from None


def closed_days(request: Request) -> tuple[int, ...]:
    """The weekdays the clinic is closed, from the studio's settings when it has them."""
    settings = getattr(request.app.state, "settings", None)
    return tuple(getattr(settings, "closed_days", ()))


def plan_export(request: Request, path: str, start: date, options: dict[str, str] | None = None) -> PlanExport:
    """The plan at ``path`` in the folder, checked and scheduled from ``start``, as the export command has it."""
    from protocolkit.check.plan import PlanReport
    from protocolkit.check.reach import confined_to
    from protocolkit.check.validation import check
    from protocolkit.export.plan_context import PlanExport
    from protocolkit.report.plan_summary import plan_sessions, plan_summary

    state = request.app.state
    try:
        document = open_document(request, path, "treatment-plan", "so it is no treatment plan")
    except Unopened as unopened:
        raise Unavailable(unopened.status, str(unopened)) from None
    with confined_to(state.folder):  # its protocols outside the studio's folder are findings, never read
        checked = check(document, state.catalog)
    report = checked.model
    if not isinstance(report, PlanReport) or any(f.severity == "error" for f in checked.findings) \
            or not all(found.readable for found in report.protocols):
        raise Unavailable(422, "This plan has errors, so it has no sheet, calendar or FHIR yet: open it in the "
                               "editor to see them.")
    closed = closed_days(request)
    return PlanExport(report, tuple(plan_sessions(report, start, closed)),
                      plan_summary(report, state.catalog, start, closed), state.catalog, start, options or {})


def sheet_html(export: PlanExport) -> str:
    """The plan sheet's body as ``export --to html`` renders it, as an article to sit inside a page."""
    from protocolkit.export.plan_sheet import plan_variables
    from protocolkit.export.templating import environment

    sheet = environment().get_template("plan/plan.html").render(plan_variables(export))
    # The export's sheet is the page's <main>; in the studio the page has its own.
    return sheet.replace('<main class="sheet plan-sheet">', '<article class="sheet plan-sheet">', 1) \
        .replace("</main>", "</article>")


def _links(path: str, start: date) -> dict[str, str]:
    where, day = quote(path), start.isoformat()
    return {"print": f"/plan-print/{where}?start={day}", "ics": f"/plan-ics/{where}?start={day}",
            "fhir": f"/plan-fhir/{where}?start={day}", "edit": f"/edit/{where}",
            # The plan's path only: the client's intake is chosen on the Screen page and travels in its POST.
            "screen": f"/screen?protocol={quote(path, safe='')}"}


def page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    """The plan's page: the start's form, the sheet and the links to print and download."""
    path = request.path_params["path"]
    given = request.query_params.get("start", "")
    try:
        start = start_of(request)
        sheet = sheet_html(plan_export(request, path, start))
    except Unavailable as unavailable:
        return HTMLResponse(TEMPLATES.get_template("plan_page.html").render(
            path=path, start=given, message=str(unavailable), links=None, sheet=None),
            status_code=unavailable.status)
    return HTMLResponse(TEMPLATES.get_template("plan_page.html").render(
        path=path, start=start.isoformat(), message=None, links=_links(path, start), sheet=Markup(sheet)))


def printable(request: Request) -> HTMLResponse:  # a plain def: in a worker thread
    """The same sheet alone on a page, laid out for printing on the chosen paper."""
    path = request.path_params["path"]
    paper = request.query_params.get("paper", "a4")
    paper = paper if paper in PAPERS else "a4"
    try:
        start = start_of(request)
        sheet = sheet_html(plan_export(request, path, start))
    except Unavailable as unavailable:
        return problem_page(unavailable.status, str(unavailable))
    links = _links(path, start)
    return print_page(title=f"{path}: treatment plan", style=f"/plan.css?paper={paper}",
                      back=f"/plan/{quote(path)}?start={start.isoformat()}", back_text="Back to the plan",
                      print_text="Print this plan", paper=paper, paper_link=f"{links['print']}&paper=",
                      body=Markup(sheet), main=True)


def calendar(request: Request) -> Response:  # a plain def: in a worker thread
    """The plan's sessions as an iCalendar file: the bytes ``export --to ics --start`` writes."""
    from protocolkit.export import plan_ics

    path = request.path_params["path"]
    try:
        export = plan_export(request, path, start_of(request))
        text = plan_ics.render(export)
    except Unavailable as unavailable:
        return problem_page(unavailable.status, str(unavailable))
    except plan_ics.CalendarUnavailable as error:
        return problem_page(501, str(error))
    return Response(text.encode("utf-8"), media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_stem(export)}.ics"'})


def fhir(request: Request) -> Response:  # a plain def: in a worker thread
    """The plan as an HL7 FHIR CarePlan: what ``export --to fhir --start`` writes."""
    from protocolkit.export import plan_fhir

    path = request.path_params["path"]
    try:
        export = plan_export(request, path, start_of(request))
    except Unavailable as unavailable:
        return problem_page(unavailable.status, str(unavailable))
    return Response(plan_fhir.render(export).encode("utf-8"), media_type="application/fhir+json",
                    headers={"Content-Disposition": f'attachment; filename="{_stem(export)}.fhir.json"'})


def style(request: Request) -> Response:  # a plain def: the templates are read in a worker thread
    """The plan sheet's style: the session sheet's rules, the plan's own, and the page rules for the paper."""
    from protocolkit.export.templating import environment, page_css, sheet_css

    paper = request.query_params.get("paper", "")
    page_rules = page_css(paper) if paper in PAPERS else ""
    own = environment().get_template("plan/plan.css").render() + "\n"
    return Response(page_rules + sheet_css() + own, media_type="text/css")


def _stem(export: PlanExport) -> str:
    """A file name from the plan's id: letters, digits, dots, dashes and underscores only."""
    plan_id = str(export.report.plan.id)
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in plan_id).strip(".-")
    return cleaned or "treatment-plan"


ROUTES = [
    Route("/plan.css", style, methods=["GET"]),
    Route("/plan/{path:path}", page, methods=["GET"]),
    Route("/plan-print/{path:path}", printable, methods=["GET"]),
    Route("/plan-ics/{path:path}", calendar, methods=["GET"]),
    Route("/plan-fhir/{path:path}", fhir, methods=["GET"]),
]
