"""What the studio's forms share: reading a chosen document from the folder, and the intake a form gives.

An intake comes from a file in the folder or from text typed, pasted or
loaded into the form's box; it is used for the one request and dropped.
``Refused`` carries the sentence the page shows when a form cannot be used
as filled in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.datastructures import FormData
from starlette.requests import Request

from protocolkit.studio import files
from protocolkit.studio.api import BadRequest
from protocolkit.studio.guard import BodyTooLarge

if TYPE_CHECKING:
    from protocolkit.model.conditions import Intake


class Refused(Exception):
    """The form cannot be used as filled in; the message says what to change."""


async def form_of(request: Request) -> FormData:
    """The posted form with every value of a repeated field (checkboxes), within the body limit."""
    try:
        return await request.form()
    except BodyTooLarge:
        raise BadRequest("the form is larger than a document may be") from None


def read_document(request: Request, path: str, what: str) -> str:
    """The text of the document ``path`` in the folder, or Refused saying why it cannot be read."""
    state = request.app.state
    try:
        text, _ = files.read(state.folder, path, state.catalog.max_file_bytes)
    except files.PathRefused as refused:
        raise Refused(f"That {what} cannot be opened: {refused}.") from None
    except (FileNotFoundError, IsADirectoryError):
        raise Refused(f"There is no such {what} in the studio's folder any more; reload the page.") from None
    return text


def intake_text(request: Request, form: Any, *, required: bool) -> str | None:
    """The intake the form gives, as text: typed into the box, or the chosen file's; None if optional and none."""
    typed = str(form.get("intake_text") or "")
    path = str(form.get("intake_file") or "")
    if typed.strip() and path:
        raise Refused("Give one intake: either choose a file or type one in, not both.")
    if typed.strip():
        return typed
    if path:
        return read_document(request, path, "intake")
    if required:
        raise Refused("Choose an intake file, or type or upload one into the box.")
    return None


def client_intake(request: Request, form: Any, *, required: bool = True) -> Intake | None:
    """The client's intake the form gives, read in full and set to the session's day the form says.

    A session made for a client (composed, adapted, printed) never guesses around what it cannot read:
    an intake with errors is refused, naming each error's line and code (never what the intake says)."""
    from protocolkit.check.validation import read_intake_text
    from protocolkit.check.verdicts import on_day
    from protocolkit.studio.dates import session_date

    typed = intake_text(request, form, required=required)
    if typed is None:
        return None
    read = read_intake_text(typed, request.app.state.catalog)
    errors = [f for f in read.findings if f.severity == "error"]
    if errors or read.intake is None or not read.readable:
        said = "; ".join(f"line {f.line}: {f.message} ({f.code})" if f.line else f"{f.message} ({f.code})"
                         for f in errors)
        raise Refused("The intake cannot be read in full, and nothing made for a client guesses around what it "
                      f"cannot read. Fix it first{': ' + said if said else '.'}")
    try:
        return on_day(read.intake, session_date(form.get("on")))
    except ValueError as bad_date:
        raise Refused(str(bad_date)) from None
