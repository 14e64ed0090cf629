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

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.studio import library
from protocolkit.studio.dates import session_date
from protocolkit.studio.forms import Refused, form_of, intake_text, read_document
from protocolkit.studio.templating import TEMPLATES

NO_VERDICT = ("No verdict: the studio screens only what it can read in full. Fix what is listed below, then "
              "screen again.")


def page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    state = request.app.state
    entries = library.entries(state.folder, state.catalog, checked=False)  # only to choose from
    chosen = request.query_params.get("protocol", "")
    return HTMLResponse(TEMPLATES.get_template("screen.html").render(
        protocols=[e for e in entries if e.kind == "protocol"], intakes=[e for e in entries if e.kind == "intake"],
        chosen=chosen, csrf=request.scope["state"]["csrf"], today=date.today().isoformat()))


async def result(request: Request) -> HTMLResponse:
    """The verdict fragment for the form as posted (nothing of the intake is kept)."""
    form = await form_of(request)
    return await run_in_threadpool(_result, request, form)


def _result(request: Request, form: Any) -> HTMLResponse:
    from protocolkit.check.verdicts import screen_texts

    try:
        protocol_path, protocol_text = _protocol(request, form)
        intake = intake_text(request, form, required=True) or ""
        on = session_date(form.get("on"))
    except (Refused, ValueError) as refused:
        return _fragment({"refused": str(refused)}, 422)
    screened = screen_texts(protocol_text, intake, request.app.state.catalog, protocol_name=protocol_path, on=on)
    from protocolkit.export.templating import VERDICTS

    css, advice = VERDICTS.get(screened.verdict, ("none", NO_VERDICT))
    return _fragment({"screening": screened, "advice": advice, "css": css,
                      "steps": per_step(screened, protocol_text, protocol_path, request.app.state.catalog),
                      "protocol": protocol_path})


def per_step(screened: Any, text: str, name: str, catalog: Any) -> list[dict[str, Any]]:
    """The findings grouped by the step they point at (step 1 first), each step said as the sheet says it."""
    from protocolkit.export.summary import screening_items

    groups: dict[int, list[Any]] = {}
    for item in screening_items(screened):
        for number in item.steps or (0,):
            groups.setdefault(number, []).append(item)
    said = _steps_in_words(text, name, catalog)
    return [{"step": number, "what": said.get(number, ""), "items": groups[number]} for number in sorted(groups)]


def _steps_in_words(text: str, name: str, catalog: Any) -> dict[int, str]:
    """'Effleurage, calf (left)' for each numbered step of the protocol, as far as it can be read."""
    from protocolkit.load.documents import DocumentError, parse_document

    try:
        steps = parse_document(text, path=name, fmt="json" if name.endswith(".json") else "yaml").data.get("steps")
    except DocumentError:
        return {}
    said = {}
    for number, step in enumerate(steps if isinstance(steps, list) else [], start=1):
        if not isinstance(step, dict):
            continue
        what = _name(catalog.techniques, step.get("technique")) or _words(step.get("activity"))
        region = catalog.regions.resolve(str(step["region"])) if isinstance(step.get("region"), str) else None
        where = region.name if region is not None else _words(step.get("region"))
        side = f" ({step['side']})" if isinstance(step.get("side"), str) else ""
        said[number] = ", ".join(part for part in (what, where + side if where else "") if part)
    return said


def _name(registry: Any, key: Any) -> str:
    item = registry.get(key) if isinstance(key, str) else None
    return str(item.name) if item is not None else _words(key)


def _words(value: Any) -> str:
    return value.replace("-", " ").capitalize() if isinstance(value, str) else ""


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
