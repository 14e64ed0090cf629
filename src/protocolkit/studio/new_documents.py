"""New documents from the studio: a blank protocol, a copy of one, and a new intake (issue 23, part 2).

A new document is always a new file: its name is a ``.yaml`` name inside
the folder (no ``..``, no absolute path, no hidden file, in a folder that
exists), a name already taken is refused with what the user typed kept,
and the write itself never replaces a file that appears meanwhile.

- **Protocol** (``/new/protocol``): blank (an id from the title, the
  planned duration, one assessment step as long as the session, which the
  therapist turns into the session's steps) or a copy of one in the library
  (a new id and "Copy of ..." as its title, the rest byte for byte, comments
  kept).  It opens in the editor at ``/edit/PATH``; its findings show there.
- **Intake** (``/new/intake``): a form, never YAML.  It is checked by the
  same pipeline as ``validate`` and written 0600 from its first byte.  A
  refusal sends back only the messages (beside each field, and a summary
  linking to them), never the form: what was typed stays in the browser and
  nothing of it comes back in a response.  Once saved, the page shows the
  client reference and screens a protocol for this intake, named by its path.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from protocolkit.studio import files, library, new_intake
from protocolkit.studio.forms import Refused, form_of, read_document
from protocolkit.studio.templating import TEMPLATES

READ_ONLY = "The studio was started read-only: nothing can be saved."
# A part of a new file's path: no hidden files, nothing a shell or another system reads specially.
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}")
BLANK_HEADER = "# A blank protocol made in protocolkit studio: turn its one step into the session's steps.\n"
INTAKE_HEADER = "# A client's intake, made in protocolkit studio. Health data: it stays on this computer.\n"


class Taken(Refused):
    """The name is a file already: nothing is written over it."""


def new_file(folder: Path, typed: str) -> str:
    """The path ``typed`` names for a new document in ``folder``, as the folder-relative name to write."""
    name = typed.strip()
    if not name:
        raise Refused("Give the file a name ending in .yaml, such as neck-30.yaml.")
    if name.startswith(("/", "~")) or "\\" in name or re.match(r"[A-Za-z]:", name):
        raise Refused("Give a name inside the library's folder, such as neck-30.yaml or protocols/neck-30.yaml, "
                      "not a path from elsewhere on the computer.")
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise Refused("A name cannot climb out of the library's folder or have an empty part: give one such as "
                      "neck-30.yaml, or protocols/neck-30.yaml for a folder inside it.")
    if not all(_PART.fullmatch(part) for part in parts):
        raise Refused("Use letters, digits, spaces, dots, hyphens and underscores, starting each part with a "
                      "letter or digit.")
    if not name.lower().endswith(".yaml"):
        raise Refused("End the name with .yaml, such as neck-30.yaml.")
    try:
        target = files.confine(folder, name)
    except files.PathRefused as refused:
        raise Refused(f"That name cannot be used: {refused}.") from None
    if not target.parent.is_dir():
        raise Refused("There is no such folder in the library: save at its top, or in a folder it has.")
    if os.path.lexists(folder / name) or os.path.lexists(target):
        raise Taken(f"{name} exists already, and the studio never replaces a file from here: choose another "
                    "name.")
    return name


def write_new(folder: Path, name: str, text: str, *, private: bool) -> None:
    """Write a new file (0600 from its first byte when ``private``); Taken if one appeared meanwhile."""
    from protocolkit.load.writing import write_atomic

    try:
        write_atomic(files.confine(folder, name), text, overwrite=False, private=private)
    except FileExistsError:
        raise Taken(f"{name} was created meanwhile, and the studio never replaces a file: choose another "
                    "name.") from None
    except (files.PathRefused, OSError) as error:
        said = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise Refused(f"{name} cannot be written: {said}.") from None


def slug_of(title: str) -> str:
    """An id from a title: 'Neck & shoulders, 30 min' -> 'neck-shoulders-30-min'."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", plain))[:60].strip("-")
    return slug if slug[:1].isalpha() else f"protocol-{slug}".rstrip("-")


# -- protocols --------------------------------------------------------------------------------------

def protocol_page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    source = request.query_params.get("copy", "")
    return _protocol_page(request, {"blank": {"duration": "60m"}, "copy": {"source": source}}, {}, {})


async def create_protocol(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_create_protocol, request, form)


def _create_protocol(request: Request, form: Any) -> Response:
    state = request.app.state
    start = "copy" if form.get("start") == "copy" else "blank"
    values = {key: str(form.get(key) or "") for key in ("title", "duration", "source", "name")}
    if state.read_only:
        return _protocol_form(request, start, values, {}, READ_ONLY, 403)
    errors: dict[str, str] = {}
    taken = False
    try:
        build, default_id = _blank(values, errors) if start == "blank" else _copy(request, values)
    except Refused as refused:
        return _protocol_form(request, start, values, {"source": str(refused)}, _not_done("Not created", 1), 422)
    try:
        name, protocol_id = _name(state.folder, values["name"], default_id)
    except Refused as refused:
        errors["name"] = str(refused)
        taken = isinstance(refused, Taken)
    if not errors:
        try:
            write_new(state.folder, name, build(protocol_id), private=False)
            return _to_editor(request, name)
        except Refused as refused:
            errors["name"], taken = str(refused), isinstance(refused, Taken)
    status = 409 if errors.keys() == {"name"} and taken else 422
    return _protocol_form(request, start, values, errors, _not_done("Not created", len(errors)), status)


def _not_done(what: str, count: int) -> str:
    return f"{what}: change the field marked below." if count == 1 else \
        f"{what}: change the {count} fields marked below."


def _blank(values: dict[str, str], errors: dict[str, str]) -> tuple[Callable[[str], str], str]:
    from protocolkit.load.serialize import dump_yaml
    from protocolkit.model.protocol import Duration

    title = " ".join(values["title"].split())
    if not title:
        errors["title"] = "Give the protocol a title, such as Neck and shoulders, 30 minutes."
    elif len(title) > 200:
        errors["title"] = "Keep the title under 200 characters."
    planned = ""
    try:
        duration = Duration.parse(values["duration"])
        planned = str(duration) if duration.seconds > 0 else ""
    except ValueError:
        pass
    if not planned:
        errors["duration"] = "Give the planned time such as 60m, 45m, 1h30m or 2m30s."

    def build(protocol_id: str) -> str:
        return dump_yaml({"protocolkit": 1, "id": protocol_id, "title": title, "duration": planned,
                          "steps": [{"activity": "assessment", "duration": planned}]}, BLANK_HEADER)

    return build, slug_of(title)


def _copy(request: Request, values: dict[str, str]) -> tuple[Callable[[str], str], str]:
    from protocolkit.load.documents import DocumentError, parse_document

    source = values["source"]
    if not source:
        raise Refused("Choose the protocol to copy.")
    text = read_document(request, source, "protocol")
    fmt = "json" if source.lower().endswith(".json") else "yaml"
    try:
        data = parse_document(text, path=source, fmt=fmt).data
    except DocumentError as error:
        raise Refused(f"That protocol cannot be read as it stands (line {error.line}): open it in the editor, fix "
                      "it, then copy it.") from None
    if not isinstance(data, dict) or data.get("kind", "protocol") != "protocol":
        raise Refused("That document is not a protocol: choose a protocol to copy.")
    old_id = str(data.get("id") or slug_of(Path(source).stem))
    title = f"Copy of {data.get('title') or old_id}"

    def build(protocol_id: str) -> str:
        return _renamed(text, fmt, data, protocol_id, title)

    return build, f"copy-of-{old_id}"[:60].rstrip("-")


def _renamed(text: str, fmt: str, data: dict[str, Any], protocol_id: str, title: str) -> str:
    """The protocol with a new id and title: the two values rewritten in place (comments and every other
    byte kept), or, when they cannot be (JSON, an anchor, a folded title), the data written out afresh."""
    from protocolkit.load.serialize import dump_yaml
    from protocolkit.load.spans import rewritten, spans_of

    if fmt == "yaml":
        spans = spans_of(text, fmt)
        edits = []
        for key, value in (("id", protocol_id), ("title", title)):
            span = spans.value((key,))
            written = rewritten(span, value) if span is not None else None
            if span is None or written is None:
                break
            edits.append((span.start, span.end, written))
        else:
            for start, end, written in sorted(edits, reverse=True):
                text = text[:start] + written + text[end:]
            return text
    return dump_yaml({**data, "id": protocol_id, "title": title}, "# Copied in protocolkit studio\n")


def _name(folder: Path, typed: str, default_id: str) -> tuple[str, str]:
    """The new file's name and the protocol's id: as typed, or, with no name typed, after the id, which
    takes -2, -3 ... until the name is free; Refused saying why there is none."""
    if typed.strip() or not default_id:
        return new_file(folder, typed), default_id
    for number in range(1, 100):
        protocol_id = default_id if number == 1 else f"{default_id}-{number}"
        try:
            return new_file(folder, f"{protocol_id}.yaml"), protocol_id
        except Taken:
            continue
    raise Refused("Give the file a name ending in .yaml, such as neck-30.yaml.")


def _to_editor(request: Request, name: str) -> Response:
    """On to the editor: htmx is told to go there (a redirect it would follow inside the page otherwise)."""
    where = "/edit/" + quote(name)
    if request.headers.get("hx-request") == "true":
        return Response(status_code=201, headers={"HX-Redirect": where, "Location": where})
    return RedirectResponse(where, status_code=303)


def _protocol_page(request: Request, values: dict[str, dict[str, str]], errors: dict[str, dict[str, str]],
                   messages: dict[str, str], status: int = 200) -> HTMLResponse:
    state = request.app.state
    return HTMLResponse(TEMPLATES.get_template("new_protocol.html").render(
        protocols=library.of_kind(state.folder, state.catalog, "protocol"), values=values, errors=errors,
        messages=messages, read_only=state.read_only, csrf=request.scope["state"]["csrf"]), status_code=status)


def _protocol_form(request: Request, start: str, values: dict[str, str], errors: dict[str, str], message: str,
                   status: int) -> HTMLResponse:
    """One of the two forms again, as it was posted, with what is wrong beside each field."""
    state = request.app.state
    protocols = library.of_kind(state.folder, state.catalog, "protocol") if start == "copy" else []
    return HTMLResponse(TEMPLATES.get_template("new_protocol_form.html").render(
        start=start, values=values, errors=errors, message=message, protocols=protocols), status_code=status)


# -- intakes ----------------------------------------------------------------------------------------

def intake_page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    state = request.app.state
    return HTMLResponse(TEMPLATES.get_template("new_intake.html").render(
        conditions=new_intake.condition_choices(state.catalog), regions=new_intake.region_choices(state.catalog),
        sides=new_intake.SIDES, approaches=new_intake.APPROACHES, leg_symptoms=new_intake.LEG_SYMPTOMS,
        levels=new_intake.LEVELS, read_only=state.read_only, csrf=request.scope["state"]["csrf"]))


async def create_intake(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_create_intake, request, form)


def _create_intake(request: Request, form: Any) -> Response:
    state = request.app.state
    filled = new_intake.read_form(form, state.catalog)
    if state.read_only:
        return _intake_refused(filled, {}, [READ_ONLY], 403)
    errors, general, taken = dict(filled.errors), [], False
    name = str(form.get("name") or "").strip() or _intake_name(state.folder, str(form.get("client") or ""))
    try:
        name = new_file(state.folder, name)
    except Refused as refused:
        if name or "client" not in errors:  # no name and no reference to name it after: the client's message says it
            errors["name"], taken = str(refused), isinstance(refused, Taken)
    if filled.data is not None and not errors:
        from protocolkit.load.serialize import dump_yaml

        text = dump_yaml(filled.data, INTAKE_HEADER)
        for finding in files.findings_for(state.folder, name, text, state.catalog):
            if finding.severity != "error":
                continue
            field = filled.field_at(finding.path)
            if field is None:
                general.append(_sentence(finding.message))
            else:
                errors[field] = " ".join(filter(None, (errors.get(field), _sentence(finding.message))))
        if not (errors or general):
            try:
                write_new(state.folder, name, text, private=True)
                return _intake_saved(request, filled.data["client"], name, text)
            except Refused as refused:
                errors["name"], taken = str(refused), isinstance(refused, Taken)
    return _intake_refused(filled, errors, general, 409 if taken and errors.keys() == {"name"} else 422)


def _intake_name(folder: Path, client: str) -> str:
    """With no name typed: the client reference's, in the folder's intakes/ folder when it has one."""
    if not library.is_client_reference(client.strip()):
        return ""
    stem = re.sub(r"[^A-Za-z0-9._-]", "-", client.strip()).lower()
    return f"intakes/{stem}.yaml" if (folder / "intakes").is_dir() else f"{stem}.yaml"


def _sentence(said: str) -> str:
    said = said[:1].upper() + said[1:]
    return said if said.endswith((".", "?", "!")) else f"{said}."


def _intake_refused(filled: new_intake.Filled, errors: dict[str, str], general: list[str],
                    status: int) -> HTMLResponse:
    """The messages alone: a summary linking to each field, and each field's own message in its place."""
    listed = [(field, filled.where(field), message) for field, message in errors.items()]
    return HTMLResponse(TEMPLATES.get_template("new_intake_refused.html").render(
        listed=listed, general=general, fields=filled.fields, errors=errors), status_code=status)


def _intake_saved(request: Request, client: str, name: str, text: str) -> HTMLResponse:
    """The page in place of the form: the client reference, where the file is, and screening on from here."""
    state = request.app.state
    warnings = [f.message for f in files.findings_for(state.folder, name, text, state.catalog)
                if f.severity != "error"]
    page = TEMPLATES.get_template("new_intake_saved.html").render(
        client=client, path=name, warnings=warnings, today=date.today().isoformat(),
        protocols=library.of_kind(state.folder, state.catalog, "protocol"))
    # The form, and all that was typed into it, leaves the page: the saved notice takes its place.
    return HTMLResponse(page, status_code=201, headers={"HX-Retarget": "#new-intake", "HX-Reswap": "outerHTML"})


ROUTES = [
    Route("/new/protocol", protocol_page, methods=["GET"]),
    Route("/new/protocol", create_protocol, methods=["POST"]),
    Route("/new/intake", intake_page, methods=["GET"]),
    Route("/new/intake", create_intake, methods=["POST"]),
]
