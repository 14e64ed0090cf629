"""The compose page: a session built from a form, shown as its sheet, saved as a new file.

The form asks what ``protocolkit compose`` asks (duration, modalities,
regions by name or alias with the side of each, the region to give most of
the time to, chair work, intent, goals, optionally a client's intake) and the
same engine answers, so a refusal is the command line's reason in the form's
words, beside the field it is about when there is one.  As regions are typed
the page asks ``/compose/regions`` for the rows below them (a side for each
region, the focus), sending only those fields, never the intake.  Saving
writes a new file in the folder and never replaces one: a name already taken
is refused and the composed session stays on the page for another name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.studio import compose_form, files, library, sheets
from protocolkit.studio.compose_form import Choices
from protocolkit.studio.forms import Refused, client_intake, form_of
from protocolkit.studio.templating import TEMPLATES

# The engine explains itself in the command line's options; the page says which field to use.
FIELD_WORDS = {"--modality": "the Modalities boxes", "--goal": "the Goals boxes", "--region": "Regions",
               "--intent": "Intent", "--duration": "Duration", "--intake": "Intake",
               "--focus": "Give most of the time to", "--seated": "Chair work"}
# The options whose refusal is also said beside their field, by the field's id.
OPTION_FIELDS = {"--focus": "focus", "--region": "regions"}


def page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    state = request.app.state
    cat = state.catalog
    modalities = sorted(cat.modalities.values(), key=lambda m: m.name)
    return HTMLResponse(TEMPLATES.get_template("compose.html").render(
        modalities=modalities,
        intents=sorted({intent for m in modalities for intent in m.intents}),
        goals=sorted({goal for m in modalities for goal in m.indications}),
        regions=sorted(cat.regions, key=lambda r: r.name),
        intakes=library.of_kind(state.folder, cat, "intake"), read_only=state.read_only,
        csrf=request.scope["state"]["csrf"], today=date.today().isoformat(), choices=Choices((), "", {})))


async def region_choices(request: Request) -> HTMLResponse:
    """The rows under the Regions box: a side for each region recognised, the focus, what is wrong."""
    form = await form_of(request)
    return await run_in_threadpool(_region_choices, request, form)


def _region_choices(request: Request, form: Any) -> HTMLResponse:
    chosen = compose_form.of_form(request.app.state.catalog, form, composing=False)
    return HTMLResponse(TEMPLATES.get_template("compose_regions.html").render(choices=chosen, oob=False))


async def composed(request: Request) -> HTMLResponse:
    """The composed session as a sheet, with a form to save it; or the reason there is none."""
    form = await form_of(request)
    return await run_in_threadpool(_composed, request, form)


def _composed(request: Request, form: Any) -> HTMLResponse:
    from protocolkit import __version__
    from protocolkit.composition.engine import ComposeError, compose_session
    from protocolkit.load.serialize import dump_yaml, protocol_to_data

    cat = request.app.state.catalog
    chosen = compose_form.of_form(cat, form, composing=True)
    if chosen.errors:
        return _refused(" ".join(chosen.errors.values()), chosen, chosen.errors)
    try:
        compose_request, intake_given = _request(request, form, chosen)
        composition = compose_session(cat, compose_request)
    except (Refused, ComposeError, ValueError) as refused:
        said = in_form_words(str(refused))
        field = next((field for option, field in OPTION_FIELDS.items() if option in str(refused)), None)
        return _refused(said, chosen, {field: said} if field else {})
    protocol = composition.protocol
    header = f"# Composed in protocolkit studio {__version__}\n"
    text = dump_yaml(protocol_to_data(protocol), header)
    sheet = sheets.sheet_of(text, f"{protocol.id}.yaml", cat, compose_request.intake)
    return _fragment({"text": text, "sheet": sheet, "changes": composition.changes, "protocol": protocol,
                      "name": f"{protocol.id}.yaml", "adapted": intake_given,
                      "read_only": request.app.state.read_only, "choices": chosen})


async def save(request: Request) -> HTMLResponse:
    """Write the composed session to a new file; a name already taken is refused and nothing is written."""
    form = await form_of(request)
    return await run_in_threadpool(_save, request, form)


def _save(request: Request, form: Any) -> HTMLResponse:
    text, name = str(form.get("text") or ""), str(form.get("name") or "").strip()
    state = request.app.state
    values: dict[str, Any] = {"text": text, "name": name}
    if state.read_only:
        return _saved({**values, "refused": "The studio was started read-only: nothing can be saved."}, 403)
    if not re.fullmatch(r"[\w][\w./ -]*\.ya?ml", name):
        return _saved({**values, "refused": "Give the file a name ending in .yaml, such as neck-30.yaml."}, 422)
    try:
        files.save(state.folder, name, text, None)
    except files.PathRefused as refused:
        return _saved({**values, "refused": f"Not saved: {refused}."}, 403)
    except files.Conflict:
        return _saved({**values, "refused": f"Not saved: {name} already exists, and the studio never replaces a "
                                            "file from here. Choose another name."}, 409)
    return _saved({**values, "saved": True})


def in_form_words(message: str) -> str:
    for option, words in FIELD_WORDS.items():
        message = message.replace(option, words)
    return message[:1].upper() + message[1:]


def _refused(message: str, chosen: Choices, errors: dict[str, str]) -> HTMLResponse:
    """The refusal in the result, and each field's own message beside it (the rows swapped in as posted)."""
    shown = Choices(chosen.rows, chosen.focus, {**chosen.errors, **errors})
    return _fragment({"refused": message, "field": next(iter(errors), None), "choices": shown}, 422)


def _request(request: Request, form: Any, chosen: Choices) -> tuple[Any, bool]:
    from protocolkit.composition.engine import ComposeRequest
    from protocolkit.model.protocol import Duration, is_slug

    goals = [str(goal) for goal in form.getlist("goals")]
    intent = str(form.get("intent") or "") or None
    for value in [*goals, *([intent] if intent else [])]:
        if not is_slug(value):
            raise Refused(f"'{value}' is not a goal or intent the modalities know.")
    intake = client_intake(request, form, required=False)
    duration = Duration.parse(str(form.get("duration") or "").strip())
    # No region is fine with a goal: the engine then works the goal's regions (and says so when neither is given).
    return ComposeRequest(duration, chosen.regions(), [str(m) for m in form.getlist("modalities")], goals=goals,
                          intent=intent, intake=intake, focus=chosen.focus or None,
                          seated=compose_form.seated_of(form)), intake is not None


def _fragment(values: dict[str, Any], status: int = 200) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template("compose_result.html").render(**values), status_code=status)


def _saved(values: dict[str, Any], status: int = 201) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template("compose_save.html").render(**values), status_code=status)


ROUTES = [
    Route("/compose", page, methods=["GET"]),
    Route("/compose", composed, methods=["POST"]),
    Route("/compose/regions", region_choices, methods=["POST"]),
    Route("/compose/save", save, methods=["POST"]),
]
