"""The studio's JSON API: what its pages use, and what a clinic's own system may call.

Every answer is the library's own: ``/api/check`` gives exactly the findings
``validate --format json`` prints, ``/api/screen`` the object ``screen
--format json`` prints.  Bad requests get a 4xx with ``{"error": ...}`` that
says what to send instead; nothing typed into a request is logged or kept.

The work (every check, screening, composition, file read and write) runs in a
worker thread, never on the event loop, so that a large document or a slow
disk holds no one else's request: here and in the pages, a handler that
needs nothing awaited is a plain ``def`` (Starlette runs those in its thread
pool), and one that awaits its body hands the work on with
``run_in_threadpool``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from protocolkit.studio import files
from protocolkit.studio.compose_form import SIDE_WORDS, side_problem, split_side, unknown_region
from protocolkit.studio.guard import BodyTooLarge


class BadRequest(Exception):
    """What the client sent cannot be used; the message says what to send."""


async def body_of(request: Request) -> dict[str, Any]:
    try:
        raw = await request.body()
    except BodyTooLarge:
        raise BadRequest("the request is larger than a document may be") from None
    try:
        data = json.loads(raw or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest("send a JSON object") from None
    if not isinstance(data, dict):
        raise BadRequest("send a JSON object")
    return data


async def body_limit_form(request: Request) -> dict[str, Any]:
    """A page's form fields (htmx posts them form-encoded), within the body limit."""
    try:
        form = await request.form()
    except BodyTooLarge:
        raise BadRequest("the text is larger than a document may be") from None
    return {key: value for key, value in form.items()}


def text_field(data: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"'{name}' must be text")
    return value


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def catalog(request: Request) -> JSONResponse:  # a plain def: Starlette runs it in a worker thread
    from protocolkit.studio.reference import catalog_data

    return JSONResponse(catalog_data(request.app.state.catalog))


async def check(request: Request) -> JSONResponse:
    data = await body_of(request)
    text = text_field(data, "text")
    name = text_field(data, "name", required=False) or "document.yaml"
    found = await run_in_threadpool(files.findings_for, request.app.state.folder, name, text or "",
                                    request.app.state.catalog)
    return JSONResponse({"findings": [finding.to_json() for finding in found]})


async def screen(request: Request) -> JSONResponse:
    from protocolkit.check.verdicts import screen_texts

    from protocolkit.studio.dates import session_date

    data = await body_of(request)
    try:
        on = session_date(text_field(data, "on", required=False))
    except ValueError as refused:
        return error(str(refused), 422)
    screened = await run_in_threadpool(screen_texts, text_field(data, "protocol") or "",
                                       text_field(data, "intake") or "", request.app.state.catalog, on=on)
    return JSONResponse(screened.to_json())


async def compose(request: Request) -> JSONResponse:
    data = await body_of(request)
    return await run_in_threadpool(_compose, data, request.app.state.catalog)


def _compose(data: dict[str, Any], cat: Any) -> JSONResponse:
    from protocolkit.composition.engine import ComposeError, ComposeRequest, compose_session
    from protocolkit.load.serialize import dump_yaml, protocol_to_data
    from protocolkit.model.protocol import Duration

    lists = {key: _texts(data, key) for key in ("modalities", "regions", "goals")}
    regions = _regions(lists["regions"])
    if isinstance(regions, JSONResponse):
        return regions
    focus = _focus(text_field(data, "focus", required=False), cat)
    if isinstance(focus, JSONResponse):
        return focus
    seated = data.get("seated")
    if seated is not None and not isinstance(seated, bool):
        raise BadRequest("'seated' must be true or false")
    intake_text = text_field(data, "intake", required=False)
    intake = _intake(intake_text, cat) if intake_text else None
    if isinstance(intake, JSONResponse):
        return intake
    if intake is not None:
        from protocolkit.check.verdicts import on_day
        from protocolkit.studio.dates import session_date

        try:
            intake = on_day(intake, session_date(text_field(data, "on", required=False)))
        except ValueError as bad_date:
            return error(str(bad_date), 422)
    try:
        duration = Duration.parse(text_field(data, "duration") or "")
        composition = compose_session(cat, ComposeRequest(duration, regions, lists["modalities"],
                                                          goals=lists["goals"],
                                                          intent=text_field(data, "intent", required=False),
                                                          intake=intake, focus=focus, seated=bool(seated)))
    except (ComposeError, ValueError) as problem:
        return error(str(problem), 422)
    return JSONResponse({"protocol": dump_yaml(protocol_to_data(composition.protocol)),
                         "changes": list(composition.changes), "findings": []})


def _texts(data: dict[str, Any], name: str) -> list[str]:
    values = data.get(name)
    if values is None:
        return []
    if not isinstance(values, list):
        raise BadRequest(f"'{name}' must be a list of ids or names, such as [\"neck\", \"hamstrings:right\"]"
                         if name == "regions" else f"'{name}' must be a list of ids")
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise BadRequest(f"'{name}'[{index}] must be text")
    return values


def _regions(entries: list[str]) -> list[str] | JSONResponse:
    """The regions as sent, each side checked (':both' is what no side means); the engine knows the names."""
    regions = []
    for index, entry in enumerate(entries):
        word, side = split_side(entry)
        if side is not None and side not in SIDE_WORDS:
            return error(f"'regions'[{index}]: {side_problem(entry, side)}", 422)
        regions.append(word if side in (None, "both") else f"{word}:{side}")
    return regions


def _focus(word: str | None, cat: Any) -> str | None | JSONResponse:
    """The focus as the region's id: it must be a region, named among the regions or not (the engine adds it)."""
    if word is None or not word.strip():
        return None
    region = cat.regions.resolve(word)
    if region is None:
        return error(f"'focus': {unknown_region(cat, word.strip())}", 422)
    return str(region.id)


def _intake(text: str, cat: Any) -> Any:
    """The intake typed into a request, or a 422 saying why compose will not guess around it."""
    from protocolkit.check.validation import read_intake_text

    read = read_intake_text(text, cat)
    errors = [f for f in read.findings if f.severity == "error"]
    if errors or not read.readable:
        return JSONResponse({"error": "the intake cannot be read in full or has errors; compose does not guess "
                                      "around what it cannot read",
                             "findings": [f.to_json() for f in errors]}, status_code=422)
    return read.intake


def get_file(request: Request) -> JSONResponse:  # in a worker thread, as every plain def
    state = request.app.state
    try:
        text, etag = files.read(state.folder, request.path_params["path"], state.catalog.max_file_bytes)
    except files.PathRefused as refused:
        return error(str(refused), 403)
    except (FileNotFoundError, IsADirectoryError):
        return error("no such document in the studio's folder", 404)
    return JSONResponse({"text": text, "etag": etag})


async def put_file(request: Request) -> JSONResponse:
    state = request.app.state
    if state.read_only:
        return error("the studio was started read-only (--read-only); nothing can be saved", 403)
    data = await body_of(request)
    text = text_field(data, "text") or ""
    etag = text_field(data, "etag", required=False)
    try:
        saved = await run_in_threadpool(files.save, state.folder, request.path_params["path"], text, etag)
    except files.PathRefused as refused:
        return error(str(refused), 403)
    except files.Conflict as conflict:
        return error(f"{conflict}; your text was not saved: copy it, reload the file and apply your change "
                     "again", 409)
    return JSONResponse({"etag": saved.etag}, status_code=201 if saved.created else 200)


ROUTES = [
    Route("/api/catalog", catalog, methods=["GET"]),
    Route("/api/check", check, methods=["POST"]),
    Route("/api/screen", screen, methods=["POST"]),
    Route("/api/compose", compose, methods=["POST"]),
    Route("/api/files/{path:path}", get_file, methods=["GET"]),
    Route("/api/files/{path:path}", put_file, methods=["PUT"]),
]

