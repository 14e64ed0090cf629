"""The studio's editor page: a document as a form (a protocol) or as text, its findings, and saving.

The findings come from the same pipeline as ``validate`` (``files.findings_for``),
so the codes and positions are the ones the command line prints.  A protocol
opens in the form (``form_editor``); ``?view=text``, the Text tab, and every
other kind of document show the text.  Saving goes through ``files.save``:
when the file changed on disk since the page opened it, nothing is written
and the page keeps the user's changes with a message saying what happened.
A document with errors is saved only when the user says so a second time
(the ``confirm`` field carries a fingerprint of the text they were asked
about), having been told which curricula and treatment plans in the folder
use it and will fail with it.  htmx sends every request with the page's CSRF
token (``hx-headers`` on the body); a save through htmx answers with the
status line alone, so focus stays where the user was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.studio import files, form_editor, sheets
from protocolkit.studio.api import body_limit_form
from protocolkit.studio.form_editor import State
from protocolkit.studio.forms import form_of
from protocolkit.studio.templating import TEMPLATES, problem_page

USER_KINDS = {"curriculum": "curriculum", "treatment-plan": "treatment plan"}


def editor(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    path = request.path_params["path"]
    state = request.app.state
    if "draft" in request.query_params:
        return _draft(request, path, request.query_params["draft"])
    try:
        text, etag = files.read(state.folder, path, state.catalog.max_file_bytes)
    except files.PathRefused as refused:
        return problem_page(403, str(refused))
    except (FileNotFoundError, IsADirectoryError):
        return problem_page(404, "There is no such document in the studio's folder.")
    return _page(request, form_editor.opened(path, text, etag, request.query_params.get("view")))


def _draft(request: Request, path: str, key: str) -> HTMLResponse:
    """A protocol adapted for a client from the Screen page: open, not yet saved, what changed said and marked."""
    from protocolkit.studio.adapt_page import DRAFTS

    draft = DRAFTS.take(key, path)
    if draft is None:
        return problem_page(404, "This adapted protocol is no longer waiting to be opened: adapt it again from "
                                      "the Screen page.")
    status = {"adapted": draft.changes, "changed_steps": draft.steps}
    return _page(request, form_editor.opened(path, draft.text, "", None), status)


def _page(request: Request, state: State, status: dict[str, Any] | None = None, code: int = 200) -> HTMLResponse:
    values = form_editor.body_values(request, state)
    found = values["findings"]
    sheet = None
    if values["kind"] == "protocol":
        # A protocol with errors has no sheet, and its findings say so already: it is not checked a second time.
        blocked = sheets.blocked_by(found)
        sheet = sheets.note(blocked) if blocked else sheets.sheet_of(state.text, state.path, request.app.state.catalog)
    page = TEMPLATES.get_template("editor.html").render(
        values, status=status or {}, csrf=request.scope["state"]["csrf"], sheet=sheet)
    return HTMLResponse(page, status_code=code, headers=form_editor.editor_headers(state))


async def findings_fragment(request: Request) -> HTMLResponse:
    """The findings list for the text as it stands in the editor (nothing is written)."""
    form = await body_limit_form(request)
    text = str(form.get("text", ""))
    path = request.path_params["path"]
    found = await run_in_threadpool(files.findings_for, request.app.state.folder, path, text,
                                    request.app.state.catalog)
    return HTMLResponse(TEMPLATES.get_template("findings.html").render(findings=found))


async def save(request: Request) -> HTMLResponse:
    form = await form_of(request)
    return await run_in_threadpool(_save, request, form)


def _save(request: Request, form: Any) -> HTMLResponse:
    state = form_editor.posted(request, form)
    if str(form.get("op") or "save") != "save":  # a step's button or a tab, without the page's script
        return _page(request, state)
    app = request.app.state
    try:
        files.confine(app.folder, state.path)
    except files.PathRefused as refused:
        return problem_page(403, str(refused))
    if app.read_only:
        return _answer(request, state, {"refused": "The studio was started read-only: nothing can be saved."}, 403)
    found = files.findings_for(app.folder, state.path, state.text, app.catalog)
    errors = sum(finding.severity == "error" for finding in found)
    asked = files.etag_of(state.text.encode("utf-8"))
    if errors and form.get("confirm") != asked:
        users = users_of(app.folder, state.path, _ids(request, state), app.catalog) \
            if form_editor.kind_of(state.text, state.path) == "protocol" else []
        return _answer(request, state, {"ask": asked, "errors": errors, "users": users}, 200, found)
    try:
        saved = files.save(app.folder, state.path, state.text, state.etag or None,
                           private=form.get("for_client") == "1")
    except files.PathRefused as refused:
        return problem_page(403, str(refused))
    except files.Conflict:
        kept = "Your changes are still here (the Text tab has them as text)" if state.view == "form" else \
            "Your text is still here"
        return _answer(request, state, {"refused": f"Not saved: the file changed on disk since you opened it. {kept}; "
                                                   "copy it, reload the file, and apply your change again."}, 409, found)
    saved_state = attrs.evolve(state, etag=saved.etag)
    return _answer(request, saved_state, {"saved": "Saved." if not errors else
                                          f"Saved, with {_errors(errors)}."}, 200, found)


def _answer(request: Request, state: State, status: dict[str, Any], code: int,
            found: list[Any] | None = None) -> HTMLResponse:
    """The status line through htmx (the text, its etag and findings out of band); else the whole page."""
    if request.headers.get("HX-Request") != "true":
        return _page(request, state, status, code)
    values = form_editor.body_values(request, state, found, full=False)
    page = TEMPLATES.get_template("form_status.html").render(values, status=status, oob=True)
    return HTMLResponse(page, status_code=code, headers=form_editor.editor_headers(state))


def _errors(count: int) -> str:
    return f"{count} error{'' if count == 1 else 's'}"


def _ids(request: Request, state: State) -> set[str]:
    """The ids the document goes by: in the text being saved, and in the file as it is on disk."""
    from protocolkit.load.documents import DocumentError, parse_document

    texts = [state.text]
    try:
        texts.append(files.read(request.app.state.folder, state.path, request.app.state.catalog.max_file_bytes)[0])
    except (OSError, files.PathRefused):
        pass  # a file not there yet, or no longer, is named by no one
    ids = set()
    for text in texts:
        try:
            data = parse_document(text, path=state.path, fmt="json" if state.path.endswith(".json") else "yaml").data
        except DocumentError:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids.add(data["id"])
    return ids


def users_of(folder: Path, path: str, ids: set[str], catalog: Any) -> list[dict[str, str]]:
    """The curricula and treatment plans in ``folder`` that name the protocol ``path``: by its path
    (relative to them) or by one of ``ids`` (a curriculum's protocol folders; a plan's own folder)."""
    from protocolkit.load.documents import DOCUMENT_SUFFIXES, DocumentError, load_document
    from protocolkit.studio.library import document_paths

    target = files.confine(folder, path)
    users = []
    for found in document_paths(folder):
        file = Path(found)
        try:
            data = load_document(file, max_bytes=catalog.max_file_bytes).data
        except (DocumentError, OSError):
            continue
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind not in USER_KINDS or _same(file, target):
            continue
        base = file.parent
        if kind == "curriculum":
            references = [ref for module in _dicts(data.get("modules")) for ref in _list(module.get("protocols"))]
            places = [base / str(where) for where in _list(data.get("protocol-folders")) or ["."]]
        else:
            references = [phase.get("protocol") for phase in _dicts(data.get("phases"))]
            places = [base]
        for ref in references:
            if not isinstance(ref, str):
                continue
            by_path = ref.lower().endswith(DOCUMENT_SUFFIXES) and _same(base / ref, target)
            by_id = ref in ids and any(_holds(place, target, kind == "curriculum") for place in places)
            if by_path or by_id:
                relative = str(file.relative_to(folder))
                link = ("/curriculum/" if kind == "curriculum" else "/edit/") + relative
                title = data.get("title") if isinstance(data.get("title"), str) else ""
                users.append({"path": relative, "kind": USER_KINDS[kind], "title": title, "link": link})
                break
    return users


def _same(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other
    except (OSError, RuntimeError):  # a loop of links names nothing
        return False


def _holds(place: Path, target: Path, below: bool) -> bool:
    """Whether a protocol found by id in ``place`` may be ``target``: in it, or (``below``) anywhere under it."""
    try:
        where = place.resolve()
    except (OSError, RuntimeError):
        return False
    return target.parent == where or (below and where in target.parents)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


ROUTES = [
    Route("/edit/{path:path}", editor, methods=["GET"]),
    Route("/edit/{path:path}", save, methods=["POST"]),
    Route("/fragments/findings/{path:path}", findings_fragment, methods=["POST"]),
]
