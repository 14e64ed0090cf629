"""While one request's work is slow, the studio answers everyone else.

Each case holds one library call (a check, a screening, a composition, a
file read or write, the library's listing) until the test lets it go; while
it is held, GET /api/catalog on another connection must be answered.  Work
done on the event loop would hold the whole studio, and that second request
would run into its bound.  No timing is asserted: every wait is bounded, and
the held call is always let go.
"""

from __future__ import annotations

import http.client
import importlib
import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from protocolkit.plugin.catalog import Catalog

from .conftest import EXAMPLES
from .studio_server import studio_in_process

TOKEN = "held-work-token-321"
BOUND = 10.0       # seconds: the longest the held call waits, and the slow request's own bound
ANSWER = 5.0       # seconds: the other request's bound, well inside the held call's
PROTOCOL = "upper-back-deep-tissue-60.yaml"
INTAKE = "intakes/" + next(path.name for path in sorted((EXAMPLES / "intakes").glob("*.yaml")))

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def protocol_text() -> str:
    return (EXAMPLES / PROTOCOL).read_text(encoding="utf-8")


# (the call to hold, method, address, headers, body) for each kind of work the studio does.
CASES: dict[str, tuple[str, str, str, dict[str, str], Callable[[], bytes]]] = {
    "api check": ("protocolkit.studio.files.findings_for", "POST", "/api/check", JSON,
                  lambda: json.dumps({"text": protocol_text(), "name": PROTOCOL}).encode()),
    "api screen": ("protocolkit.check.verdicts.screen_texts", "POST", "/api/screen", JSON,
                   lambda: json.dumps({"protocol": protocol_text(),
                                       "intake": (EXAMPLES / INTAKE).read_text(encoding="utf-8")}).encode()),
    "api compose": ("protocolkit.composition.engine.compose_session", "POST", "/api/compose", JSON,
                    lambda: json.dumps({"duration": "30m", "modalities": ["swedish"],
                                        "regions": ["upper-back"]}).encode()),
    "api file read": ("protocolkit.studio.files.read", "GET", f"/api/files/{PROTOCOL}", {}, lambda: b""),
    "api file write": ("protocolkit.studio.files.save", "PUT", "/api/files/new-one.yaml", JSON,
                       lambda: json.dumps({"text": protocol_text()}).encode()),
    "editor page": ("protocolkit.studio.files.read", "GET", f"/edit/{PROTOCOL}", {}, lambda: b""),
    "editor findings": ("protocolkit.studio.files.findings_for", "POST", f"/fragments/findings/{PROTOCOL}", FORM,
                        lambda: urlencode({"text": protocol_text()}).encode()),
    "editor save": ("protocolkit.studio.files.save", "POST", "/edit/another-one.yaml", FORM,
                    lambda: urlencode({"text": protocol_text()}).encode()),
    "sheet beside the editor": ("protocolkit.studio.sheets.sheet_or_reason", "POST", f"/fragments/sheet/{PROTOCOL}",
                                FORM, lambda: urlencode({"text": protocol_text()}).encode()),
    "printable sheet": ("protocolkit.studio.files.read", "GET", f"/sheet/{PROTOCOL}", {}, lambda: b""),
    "library": ("protocolkit.studio.library.entries", "GET", "/", {}, lambda: b""),
    "screen page": ("protocolkit.studio.library.entries", "GET", "/screen", {}, lambda: b""),
    "screen form": ("protocolkit.check.verdicts.screen_texts", "POST", "/screen", FORM,
                    lambda: urlencode({"protocol": PROTOCOL, "intake_file": INTAKE}).encode()),
    "compose form": ("protocolkit.composition.engine.compose_session", "POST", "/compose", FORM,
                     lambda: urlencode({"duration": "30m", "modalities": "swedish", "regions": "upper back"}).encode()),
    "compose region rows": ("protocolkit.studio.compose_form.of_form", "POST", "/compose/regions", FORM,
                            lambda: urlencode({"regions": "upper back, hamstrings:right"}).encode()),
    "compose save": ("protocolkit.studio.files.save", "POST", "/compose/save", FORM,
                     lambda: urlencode({"text": protocol_text(), "name": "composed-one.yaml"}).encode()),
    "curriculum page": ("protocolkit.studio.files.read", "GET", "/curriculum/curricula/elap-style-programme.yaml", {},
                        lambda: b""),
}


def hold(monkeypatch: pytest.MonkeyPatch, target: str) -> tuple[threading.Event, threading.Event]:
    """Make ``target`` wait for the returned release event (after setting the entered one), then do its work."""
    module_name, name = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original: Callable[..., Any] = getattr(module, name)
    entered, release = threading.Event(), threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        release.wait(BOUND)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return entered, release


def request(host: str, port: int, method: str, address: str, headers: dict[str, str], body: bytes,
            timeout: float) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, address, body=body or None,
                           headers={"Authorization": f"Bearer {TOKEN}", **headers})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_studio_answers_while_one_request_is_held(case: str, tmp_path: Path, catalog: Catalog,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target, method, address, headers, body = CASES[case]
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    entered, release = hold(monkeypatch, target)
    with studio_in_process(folder, catalog, TOKEN) as (host, port):
        statuses: list[int | BaseException] = []

        def slow() -> None:
            try:
                statuses.append(request(host, port, method, address, headers, body(), BOUND * 2))
            except BaseException as error:  # noqa: BLE001  # reported below, in the test's own thread
                statuses.append(error)

        worker = threading.Thread(target=slow)
        worker.start()
        try:
            assert entered.wait(BOUND), f"{case}: the held call was never reached"
            assert request(host, port, "GET", "/api/catalog", {}, b"", ANSWER) == 200
        finally:
            release.set()
            worker.join(BOUND * 2)
        assert not worker.is_alive()
        assert statuses and statuses[0] in (200, 201), f"{case}: {statuses}"
