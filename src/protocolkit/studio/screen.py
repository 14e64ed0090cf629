"""The screen page: a protocol against one client's intake, the verdict first, then what must change.

The intake is a file in the folder, or text typed or pasted into the form
(an uploaded file is read into that same box by the browser, so it reaches
the studio only as the form's text).  Typed intake text lives for one
request: it is screened and dropped, never written, logged or put in an
address, and it is not sent back either: htmx swaps in only the result, so
the box keeps what the user typed.  The verdict comes from the same
``screen_texts`` the API and the command line use.

A treatment plan is screened phase by phase (``screen_plan_text``, as
``protocolkit screen PLAN`` does): the plan's verdict is the worst of its
phases', and a phase whose protocol cannot be read leaves the plan without
one.  Its protocols are read only inside the folder (``confined_to``): one
named outside it is a finding, never opened.  Adapting and printing for a
client work on one protocol, so a plan's result offers, per phase, to screen
that phase's protocol on its own instead.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import attrs
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.studio import files, library
from protocolkit.studio.dates import session_date
from protocolkit.studio.forms import Refused, form_of, intake_text, read_document
from protocolkit.studio.templating import TEMPLATES

NO_VERDICT = ("No verdict: the studio screens only what it can read in full. Fix what is listed below, then "
              "screen again.")
# What to do, said of a whole plan (a protocol's are in export.templating.VERDICTS).
PLAN_ADVICE = {
    "go": "Every phase of the plan can be given to this client as written.",
    "adapt": "Change the phases' protocols as listed below before treating.",
    "do not treat": "Do not give this plan as it is: at least one phase must not be given to this client. "
                    "Reschedule or refer the client.",
}


def page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    state = request.app.state
    entries = library.entries(state.folder, state.catalog, checked=False)  # only to choose from
    chosen = request.query_params.get("protocol", "")
    return HTMLResponse(TEMPLATES.get_template("screen.html").render(
        protocols=[e for e in entries if e.kind == "protocol"], intakes=[e for e in entries if e.kind == "intake"],
        plans=[e for e in entries if e.kind == "treatment-plan"],
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
    if _is_plan(protocol_text, protocol_path):
        return _plan_result(request, protocol_path, protocol_text, intake, on)
    screened = screen_texts(protocol_text, intake, request.app.state.catalog, protocol_name=protocol_path, on=on)
    from protocolkit.export.templating import VERDICTS

    css, advice = VERDICTS.get(screened.verdict, ("none", NO_VERDICT))
    return _fragment({"screening": screened, "advice": advice, "css": css,
                      "steps": per_step(screened, protocol_text, protocol_path, request.app.state.catalog),
                      "protocol": protocol_path})


def _is_plan(text: str, name: str) -> bool:
    """Whether the chosen document reads as a treatment plan (anything unreadable is screened as a protocol,
    which gives no verdict)."""
    from protocolkit.load.documents import DocumentError, parse_document

    try:
        data = parse_document(text, path=name, fmt="json" if name.lower().endswith(".json") else "yaml").data
    except DocumentError:
        return False
    return isinstance(data, dict) and data.get("kind") == "treatment-plan"


def _plan_result(request: Request, path: str, text: str, intake: str, on: Any) -> HTMLResponse:
    """The plan's verdict, then each phase's: its protocol, its verdict and what must change step by step."""
    from protocolkit.check.reach import confined_to
    from protocolkit.check.verdicts import screen_plan_text
    from protocolkit.export.templating import VERDICTS

    state = request.app.state
    try:  # where the plan lies, so that the protocols its phases name resolve beside it, as on the command line
        target = files.confine(state.folder, path)
    except files.PathRefused as refused:
        return _fragment({"refused": f"That plan cannot be opened: {refused}."}, 422)
    with confined_to(state.folder):  # a phase's protocol outside the folder is a finding, never read
        screened = screen_plan_text(text, str(target), intake, state.catalog, on=on)
        findings = [_shown(f) for f in screened.findings]
        phases = [_phase(request, phase) for phase in getattr(screened, "phases", ())]
    css = VERDICTS.get(screened.verdict, ("none", ""))[0]
    return _fragment({"screening": screened, "advice": PLAN_ADVICE.get(screened.verdict, NO_VERDICT), "css": css,
                      "findings": findings, "plan": path, "phases": phases})


def _phase(request: Request, phase: Any) -> dict[str, Any]:
    """One phase as the result shows it; its protocol's path in the folder when one was read there."""
    from protocolkit.check.reach import boundary, is_within, real
    from protocolkit.export.templating import VERDICTS

    state, root = request.app.state, boundary()
    where = None
    if phase.file is not None and root is not None and is_within(phase.file, root):
        where = real(phase.file).relative_to(root).as_posix()
    text = ""
    if where is not None:
        try:  # for the steps said in words only: the verdict is already made
            text, _ = files.read(state.folder, where, state.catalog.max_file_bytes)
        except (files.PathRefused, OSError):
            text = ""
    screened = attrs.evolve(phase.screening, findings=[_shown(f) for f in phase.screening.findings])
    return {"number": phase.index + 1, "protocol": phase.protocol, "path": where, "screening": screened,
            "css": VERDICTS.get(screened.verdict, ("none", ""))[0],
            "steps": per_step(screened, text, where or phase.protocol, state.catalog)}


def _shown(finding: Any) -> Any:
    """The finding with its file said relative to the folder, never where the folder lies on the disk
    (a file named as given, such as the typed intake's, is left as it is)."""
    from protocolkit.check.reach import shown

    return attrs.evolve(finding, file=shown(finding.file)) if finding.file and os.path.isabs(finding.file) \
        else finding


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
        data = parse_document(text, path=name, fmt="json" if name.endswith(".json") else "yaml").data
    except DocumentError:
        return {}
    steps = data.get("steps") if isinstance(data, dict) else None
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
