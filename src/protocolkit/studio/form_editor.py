"""The form editor for protocols: /edit/PATH's Form tab, beside its Text tab, both over one text.

The text is the single source of truth.  It travels with every request in
the editor's one ``<form>`` (the Text tab's textarea, hidden while the Form
tab shows), with ``view`` saying which tab the user is in.  From the Form
tab, the server writes the fields the user changed into that text
(``load.roundtrip``: only the changed lines change) and answers with the new
text; the Text tab's text is then already the form's.  Switching tabs posts
the same form and the server renders the other tab from the edited text, so
no change is lost either way.

POST /form/PATH answers the Form tab's requests, htmx swapping what comes
back: as the user types (``op=check``), the new text and each step's
findings, out of band, and nothing else, so no field is replaced under the
cursor; for a button (add, duplicate, delete, move up or down, switch tab),
the editor's body rendered again, with focus on the moved step's button.
Nothing is written here: saving is /edit/PATH's (``pages.save``).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict, defaultdict
from typing import Any

from attrs import field, frozen
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route

from protocolkit.model.findings import Finding
from protocolkit.studio import files, form_rows
from protocolkit.studio.forms import form_of
from protocolkit.studio.templating import TEMPLATES

_OP = re.compile(r"(up|down|duplicate|delete)-(\d{1,6})|add|check|save|view-form|view-text")
_STEP_FIELDS = {"activity": "kind", "modality": "kind", "technique": "technique", "region": "region", "side": "side",
                "position": "position", "pressure": "pressure", "duration": "duration", "notes": "notes"}
_HEAD_FIELDS = ("title", "description", "duration", "intent", "goals", "position")
FIELD_WORDS = {"kind": "kind of step", "description": "notes", "goals": "goals", "title": "title",
               "duration": "duration", "intent": "intent", "technique": "technique", "region": "region",
               "side": "side", "position": "position", "pressure": "pressure", "notes": "notes"}
_MISSING = re.compile(r"missing required key '([\w-]+)'")
_STEP_PATH = re.compile(r"\bsteps\[(\d+)\](?:\.([\w-]+))?")
_PROBLEM = re.compile(r"steps-(\d+)-([\w-]+)")


@frozen
class Said:
    """One finding as the form says it: at a step (counted from 0) and a field, in words."""

    severity: str
    code: str
    row: int | None
    field: str
    message: str

    @property
    def where(self) -> str:
        """'Step 2, pressure', 'Title', 'The document': where the sheet and the form put it."""
        named = FIELD_WORDS.get(self.field, "")
        if self.row is not None:
            return f"Step {self.row + 1}" + (f", {named}" if named else "")
        return named[:1].upper() + named[1:] if named else "The document"


@frozen
class Placed:
    """Every finding, by the step and field it belongs to; what belongs to neither, apart."""

    rows: dict[int, dict[str, list[Said]]]
    head: dict[str, list[Said]]
    other: list[Said]
    errors: int
    warnings: int

    def of_row(self, index: int) -> dict[str, list[Said]]:
        return self.rows.get(index, {})


def place(findings: list[Finding], problems: dict[str, str]) -> Placed:
    rows: dict[int, dict[str, list[Said]]] = defaultdict(lambda: defaultdict(list))
    head: dict[str, list[Said]] = defaultdict(list)
    other: list[Said] = []
    said = [_said(finding) for finding in findings]
    for name, message in problems.items():
        found = _PROBLEM.fullmatch(name)
        said.append(Said("error", "", int(found[1]) if found else None, found[2] if found else name, message))
    for one in said:
        if one.row is not None:
            rows[one.row][one.field].append(one)
        elif one.field:
            head[one.field].append(one)
        else:
            other.append(one)
    return Placed({row: dict(fields) for row, fields in rows.items()}, dict(head), other,
                  sum(one.severity == "error" for one in said), sum(one.severity == "warning" for one in said))


def _said(finding: Finding) -> Said:
    path, missing = finding.path, _MISSING.search(finding.message)
    message = _STEP_PATH.sub(lambda m: f"step {int(m[1]) + 1}" + (f", {m[2]}" if m[2] else ""), finding.message)
    message = message[:1].upper() + message[1:]
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        key = str(path[2]) if len(path) > 2 and not finding.at_key else (missing[1] if missing else "")
        return Said(finding.severity, finding.code, path[1], _STEP_FIELDS.get(key, ""), message)
    key = str(path[0]) if path and not finding.at_key else (missing[1] if missing and not path else "")
    return Said(finding.severity, finding.code, None, key if key in _HEAD_FIELDS else "", message)


# -- the editor's state: the text, and which tab shows it ------------------------------------------

@frozen
class State:
    path: str
    text: str
    etag: str
    view: str
    problems: dict[str, str] = field(factory=dict)
    focus: str = ""  # the element to give focus once the body is rendered again
    said: str = ""  # what the last button did, for a screen reader
    note: str = ""  # why the form cannot show the text
    rebuilt: bool = False  # the steps changed shape: the body must be rendered again

    @property
    def dirty(self) -> bool:
        return files.etag_of(self.text.encode("utf-8")) != self.etag


_READ: OrderedDict[tuple[str, str], tuple[Any, str]] = OrderedDict()  # the last few texts read, and what they say
_READING = threading.Lock()


def _read(text: str, fmt: str) -> tuple[Any, str]:
    """(the document's data, '') or (None, why it does not read): one request asks several times.

    The data is shared: whoever asks only reads it."""
    from protocolkit.load.documents import DocumentError, parse_document

    with _READING:
        if (text, fmt) in _READ:
            return _READ[(text, fmt)]
    try:
        read: tuple[Any, str] = parse_document(text, path=f"document.{fmt}", fmt=fmt).data, ""
    except DocumentError as error:
        read = None, f"line {error.line}: {error.message}"
    _remember(text, fmt, read)
    return read


def _remember(text: str, fmt: str, read: tuple[Any, str]) -> None:
    with _READING:
        _READ[(text, fmt)] = read
        while len(_READ) > 4:
            _READ.popitem(last=False)


def kind_of(text: str, path: str) -> str:
    """What the document says it is (a protocol unless it says otherwise), for which views to show."""
    data, _ = _read(text, _fmt(path))
    return str(data.get("kind", "protocol")) if isinstance(data, dict) else "protocol"


def why_no_form(text: str, path: str) -> str:
    """Why the form cannot show this text (it must read as a protocol with a list of steps), or ''."""
    data, unreadable = _read(text, _fmt(path))
    if unreadable:
        return f"The form can show this document once its text reads again ({unreadable}); fix it in the Text tab."
    if not isinstance(data, dict) or data.get("kind", "protocol") != "protocol":
        return "Only a protocol has a form; this document is edited as text."
    steps = data.get("steps", [])
    if not isinstance(steps, list) or not all(isinstance(step, dict) for step in steps):
        return "The form shows steps written as a list of steps, each with its own keys; fix them in the Text tab."
    return ""


def opened(path: str, text: str, etag: str, wanted: str | None) -> State:
    """The state of a page just opened: the form for a protocol it can show, else the text."""
    if kind_of(text, path) != "protocol" or wanted == "text":
        return State(path, text, etag, "text")
    note = why_no_form(text, path)
    return State(path, text, etag, "text" if note else "form", note=note)


def posted(request: Request, form: Any) -> State:
    """The state a posted editor form describes: its text, with the Form tab's changes and button applied."""
    from protocolkit.load.roundtrip import Edit

    path = request.path_params["path"]
    text, etag = str(form.get("text", "")), str(form.get("etag", ""))
    view = "form" if form.get("view") == "form" else "text"
    found = _OP.fullmatch(str(form.get("op") or "check"))
    op = found[0] if found else "check"
    if view == "text" and op != "view-form" or kind_of(text, path) != "protocol":
        return State(path, text, etag, view="text", rebuilt=op.startswith("view-"))
    note = why_no_form(text, path)
    if note:
        return State(path, text, etag, view="text", note=note, rebuilt=True)
    if view == "text":  # to the form: rendered from the text as it stands
        return State(path, text, etag, "form", focus="tab-form", rebuilt=True)
    edit = Edit(text, fmt=_fmt(path), path=path, data=_read(text, _fmt(path))[0])
    cat = request.app.state.catalog
    problems, rebuilt = form_rows.apply(edit, form, cat)
    focus, said = _button(edit, op, cat)
    if edit.data is not None:  # read already: what the page shows next need not read it again
        _remember(edit.text(), _fmt(path), (edit.data, ""))
    if op == "view-text":
        return State(path, edit.text(), etag, "text", problems, focus="tab-text", rebuilt=True)
    if op == "view-form":  # the Form tab again: the form rendered afresh from the text
        focus = "tab-form"
    return State(path, edit.text(), etag, "form", problems, focus, said, rebuilt=rebuilt or bool(focus))


def _button(edit: Any, op: str, catalog: Any) -> tuple[str, str]:
    """Carry out a step's button: (the element to focus afterwards, what happened in words)."""
    steps = edit.root.get("steps")
    count = len(steps) if isinstance(steps, list) else 0
    if op == "add":
        if not isinstance(steps, list):
            edit.set(("steps",), [], order=form_rows.HEAD_ORDER)
        edit.insert(("steps",), count, form_rows.new_step(edit, catalog))
        return f"steps-{count}-kind", f"Step {count + 1} added at the end."
    found = re.fullmatch(r"(up|down|duplicate|delete)-(\d+)", op)
    if not found or int(found[2]) >= count:
        return "", ""
    what, index = found[1], int(found[2])
    number = index + 1
    if what == "duplicate":
        edit.duplicate(("steps",), index)
        return f"steps-{index + 1}-kind", f"Step {number} duplicated: the copy is step {number + 1}."
    if what == "delete":
        edit.delete(("steps",), index)
        after = min(index, count - 2)
        return (f"steps-{after}-kind" if after >= 0 else "add-step"), f"Step {number} deleted."
    to = index - 1 if what == "up" else index + 1
    if not 0 <= to < count:
        return f"steps-{index}-{what}", ""
    edit.move(("steps",), index, to)
    # Focus stays on the moved step's own button, or its other one once it reaches the top or the end.
    button = what if 0 < to < count - 1 else ("down" if to == 0 else "up")
    return f"steps-{to}-{button}", f"Step {number} moved {what}: it is now step {to + 1}."


def _fmt(path: str) -> str:
    return "json" if path.lower().endswith(".json") else "yaml"


# -- rendering ---------------------------------------------------------------------------------------

def body_values(request: Request, state: State, findings: list[Finding] | None = None, *,
                full: bool = True) -> dict[str, Any]:
    """What form_body.html (and the page around it) needs to show ``state``; not ``full``, what a change
    typed into the form needs: the steps' places for their findings, and no field's choices."""
    cat = request.app.state.catalog
    if findings is None:
        findings = files.findings_for(request.app.state.folder, state.path, state.text, cat)
    values: dict[str, Any] = {
        "path": state.path, "text": state.text, "etag": state.etag, "view": state.view, "state": state,
        "findings": findings, "placed": place(findings, state.problems), "lines": max(1, state.text.count("\n") + 1),
        "kind": kind_of(state.text, state.path), "read_only": request.app.state.read_only}
    if state.view == "form":
        data, _ = _read(state.text, _fmt(state.path))
        data = data if isinstance(data, dict) else {}
        if full:
            values |= form_values(cat, data)
        else:
            count = len(data["steps"]) if isinstance(data.get("steps"), list) else 0
            values["rows"] = [{"index": index} for index in range(count)]
    return values


def form_values(cat: Any, data: dict[str, Any]) -> dict[str, Any]:
    head = form_rows.head_values(data)
    found = data.get("steps")
    steps: list[Any] = found if isinstance(found, list) else []
    rows = []
    for index, step in enumerate(steps):
        shown = form_rows.step_values(step)
        modality = shown["kind"].removeprefix("modality:") if shown["kind"].startswith("modality:") else ""
        rows.append({"index": index, "number": index + 1, "shown": shown, "hands_on": bool(modality),
                     "words": _duration_words(shown), "kinds": form_rows.kind_options(cat, shown["kind"]),
                     "techniques": form_rows.technique_options(cat, modality, shown["technique"]),
                     "pressures": form_rows.pressure_options(shown["pressure"]),
                     "sides": form_rows.side_options(shown["side"]),
                     "positions": form_rows.position_options(shown["position"], "as the step before")})
    return {"head": head, "rows": rows, "count": len(rows), "regions": sorted(cat.regions, key=lambda r: r.name),
            "intents": form_rows.intent_options(cat, head["intent"]), "goals": form_rows.goal_options(cat, head["goals"]),
            "positions": form_rows.position_options(head["position"], "(not said)"),
            "planned": _duration_words(head, "duration-")}


def _duration_words(shown: dict[str, Any], prefix: str = "") -> str:
    minutes, seconds = shown[f"{prefix}minutes"], shown[f"{prefix}seconds"]
    return form_rows.words(int(minutes) * 60 + int(seconds)) if minutes.isdigit() and seconds.isdigit() else ""


def editor_headers(state: State) -> dict[str, str]:
    """Whether the text differs from the file as opened: the page's script asks before leaving when it does."""
    return {"X-Editor-State": "unsaved" if state.dirty else "saved"}


async def form_fragment(request: Request) -> HTMLResponse:
    form = await form_of(request)
    return await run_in_threadpool(_fragment, request, form)


def _fragment(request: Request, form: Any) -> HTMLResponse:
    state = posted(request, form)
    values = body_values(request, state, full=state.rebuilt)
    headers = editor_headers(state)
    if not state.rebuilt:
        # As the user types: the text and the findings, out of band; the fields stay as they are.
        return HTMLResponse(TEMPLATES.get_template("form_typed.html").render(values),
                            headers={**headers, "HX-Reswap": "none"})
    return HTMLResponse(TEMPLATES.get_template("form_body.html").render(values, fragment=True), headers=headers)


ROUTES: list[BaseRoute] = [Route("/form/{path:path}", form_fragment, methods=["POST"])]
