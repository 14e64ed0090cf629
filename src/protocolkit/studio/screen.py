"""The screen page: a protocol against one client's intake, the verdict first, then what must change.

The intake is a file in the folder, or text typed or pasted into the form
(an uploaded file is read into that same box by the browser, so it reaches
the studio only as the form's text).  Typed intake text lives for one
request: it is screened and dropped, never written, logged or put in an
address, and it is not sent back either: htmx swaps in only the result, so
the box keeps what the user typed.  The verdict comes from the same
``screen_texts`` the API and the command line use.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.studio import library
from protocolkit.studio.forms import Refused, form_of, intake_text, read_document
from protocolkit.studio.templating import TEMPLATES

NO_VERDICT = ("No verdict: the studio screens only what it can read in full. Fix what is listed below, then "
              "screen again.")


async def page(request: Request) -> HTMLResponse:
    state = request.app.state
    entries = library.entries(state.folder, state.catalog)
    chosen = request.query_params.get("protocol", "")
    return HTMLResponse(TEMPLATES.get_template("screen.html").render(
        protocols=[e for e in entries if e.kind == "protocol"], intakes=[e for e in entries if e.kind == "intake"],
        chosen=chosen, csrf=request.scope["state"]["csrf"]))


async def result(request: Request) -> HTMLResponse:
    """The verdict fragment for the form as posted (nothing of the intake is kept)."""
    from protocolkit.check.verdicts import screen_texts

    form = await form_of(request)
    try:
        protocol_path, protocol_text = _protocol(request, form)
        intake = intake_text(request, form, required=True) or ""
    except Refused as refused:
        return _fragment({"refused": str(refused)}, 422)
    screened = screen_texts(protocol_text, intake, request.app.state.catalog, protocol_name=protocol_path)
    from protocolkit.export.templating import VERDICTS

    css, advice = VERDICTS.get(screened.verdict, ("none", NO_VERDICT))
    return _fragment({"screening": screened, "advice": advice, "css": css,
                      "steps": per_step(screened), "protocol": protocol_path})


def per_step(screened: Any) -> list[dict[str, Any]]:
    """The findings grouped by the step they point at (step 1 first); the rest under "the whole session"."""
    from protocolkit.export.summary import screening_items

    groups: dict[int, list[Any]] = {}
    for item in screening_items(screened):
        for number in item.steps or (0,):
            groups.setdefault(number, []).append(item)
    return [{"step": number, "items": groups[number]} for number in sorted(groups)]


def _protocol(request: Request, form: Any) -> tuple[str, str]:
    path = str(form.get("protocol") or "")
    if not path:
        raise Refused("Choose the protocol to screen.")
    return path, read_document(request, path, "protocol")


def _fragment(values: dict[str, Any], status: int = 200) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template("screen_result.html").render(**values), status_code=status)


ROUTES = [
    Route("/screen", page, methods=["GET"]),
    Route("/screen", result, methods=["POST"]),
]
