"""One click from "adapt" to a protocol that screens "go": the Screen page's "Adapt it for this client".

The protocol is adapted by the library function behind ``protocolkit adapt``
(``composition.rework.adapt_protocol``) and opens in the editor, unsaved, as
a new file beside the original (``NAME-for-CLIENT.yaml``): the original is a
house protocol and stays as it is, the adapted one names the client.  The
adapted text waits in memory as a draft under a random key, the one thing
the address carries; the editor takes it (once) and shows what changed.  A
draft not opened within the hour, or beyond the last few, is forgotten.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from typing import Any

from attrs import frozen
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from protocolkit.studio.forms import Refused, client_intake, form_of, read_document
from protocolkit.studio.templating import TEMPLATES

DRAFTS_KEPT = 16
DRAFT_SECONDS = 3600
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


@frozen
class Draft:
    path: str
    text: str
    changes: tuple[str, ...]
    steps: frozenset[int]  # the steps that changed, numbered as the sheet numbers them
    made: float


class Drafts:
    """Adapted protocols waiting to be opened in the editor, each taken once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drafts: dict[str, Draft] = {}

    def put(self, draft: Draft) -> str:
        key = secrets.token_urlsafe(18)
        with self._lock:
            self._forget(time.monotonic())
            self._drafts[key] = draft
            while len(self._drafts) > DRAFTS_KEPT:
                del self._drafts[next(iter(self._drafts))]
        return key

    def take(self, key: str, path: str) -> Draft | None:
        if not _KEY.fullmatch(key):
            return None
        with self._lock:
            self._forget(time.monotonic())
            draft = self._drafts.get(key)
            if draft is None or draft.path != path:
                return None
            return self._drafts.pop(key)

    def _forget(self, now: float) -> None:
        for key in [k for k, d in self._drafts.items() if now - d.made > DRAFT_SECONDS]:
            del self._drafts[key]


DRAFTS = Drafts()


async def adapt(request: Request) -> Response:
    form = await form_of(request)
    return await run_in_threadpool(_adapt, request, form)


def _adapt(request: Request, form: Any) -> Response:
    from protocolkit.composition.rework import AdaptRefused, adapt_protocol
    from protocolkit.load.documents import DocumentError, parse_document
    from protocolkit.load.serialize import dump_yaml, protocol_from_data, protocol_to_data

    catalog = request.app.state.catalog
    try:
        path = str(form.get("protocol") or "")
        if not path:
            raise Refused("Choose the protocol to adapt.")
        text = read_document(request, path, "protocol")
        intake = client_intake(request, form)
        assert intake is not None  # required: a missing one is refused
        data = parse_document(text, path=path, fmt="json" if path.endswith(".json") else "yaml").data
        kind = data.get("kind", "protocol")
        if kind != "protocol":
            # A plan is adapted through its phases: each phase's protocol is screened and adapted on its own.
            raise Refused(f"Only a protocol can be adapted, and this is a {str(kind).replace('-', ' ')}: screen "
                          "each of its protocols on its own and adapt that one.")
        adaptation = adapt_protocol(protocol_from_data(data, catalog.regions), intake, catalog)
    except (Refused, ValueError, DocumentError) as refused:
        return _refused(str(refused))
    except AdaptRefused as refused:
        return _refused(f"Not adapted: {refused}")
    header = f"# Adapted by the studio to the intake of client {intake.client}.\n"
    adapted = dump_yaml(protocol_to_data(adaptation.protocol), header)
    steps = frozenset(change.now for change in adaptation.changes if change.now is not None)
    target = _new_name(request, path, intake.client)
    key = DRAFTS.put(Draft(target, adapted, tuple(adaptation.lines()), steps, time.monotonic()))
    return Response(status_code=200, headers={"HX-Redirect": f"/edit/{target}?draft={key}"})


def _new_name(request: Request, path: str, client: str) -> str:
    """``NAME-for-CLIENT.yaml`` beside the original, numbered if that name is taken."""
    from protocolkit.studio import files

    stem = path.rsplit(".", 1)[0]
    reference = re.sub(r"[^A-Za-z0-9_-]+", "-", client).strip("-").lower() or "client"
    for number in range(1, 1000):
        name = f"{stem}-for-{reference}{'' if number == 1 else f'-{number}'}.yaml"
        if not files.confine(request.app.state.folder, name).exists():
            return name
    raise Refused("Too many adapted copies of this protocol for this client; remove some first.")


def _refused(message: str) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template("client_print.html").render(refused=message), status_code=422)


ROUTES = [Route("/screen/adapt", adapt, methods=["POST"])]
