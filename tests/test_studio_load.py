"""A bounded load test on loopback: a real `protocolkit serve`, eight clients at once.

200 POST /api/check requests from 8 threads, each on its own keep-alive
connection, over a mix of documents (protocols, a curriculum, a broken
protocol with a known finding).  Every answer must be a 200 with exactly the
findings ``validate_text`` gives in-process, and checking must leave every
file in the folder as it was.  No timing is asserted; every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from protocolkit.check.validation import validate_text
from protocolkit.plugin.catalog import Catalog

from .conftest import DATA, EXAMPLES
from .studio_server import running_studio

TOKEN = "load-test-token-456"
CLIENTS = 8
REQUESTS = 200
TIMEOUT = 10.0         # seconds, per socket operation
JOIN_TIMEOUT = 20.0    # seconds, for all the clients together
BROKEN = "broken/pk301-no-warm-up.yaml"
DOCUMENTS = ("upper-back-deep-tissue-60.yaml", "reflexology-45.yaml", "legs-post-event-sports.yaml",
             "neck-shoulders-myofascial-trigger-point.yaml", "curricula/elap-style-programme.yaml", BROKEN)

Snapshot = dict[str, tuple[str, bytes, int]]


@dataclass
class Answer:
    name: str
    status: int
    body: dict[str, Any]


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the examples plus one broken protocol, and the working directory of the server.

    The server resolves a curriculum's protocol references from the name sent with the text,
    relative to its working directory; running it (and the in-process check) from the folder
    keeps the curriculum's answer the one `protocolkit validate` gives there.
    """
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    (root / "broken").mkdir()
    shutil.copy(DATA / BROKEN, root / BROKEN)
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> Snapshot:
    """Every entry under ``root``: its kind, its bytes (files) and its mtime_ns."""
    entries: Snapshot = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        kind = "dir" if path.is_dir() else "file"
        entries[str(path.relative_to(root))] = (kind, path.read_bytes() if kind == "file" else b"", stat.st_mtime_ns)
    return entries


def base_of(line: str) -> tuple[str, int]:
    address = line.removeprefix("protocolkit studio: http://").split("/?")[0]
    host, port = address.rsplit(":", 1)
    return host, int(port)


Request = tuple[str, str, str, bytes]  # method, address, the document's name, JSON body


def send_all(line: str, requests: list[list[Request]], token: str) -> tuple[list[Answer], list[str]]:
    """Each client sends its list over its own connection, all starting together; answers and failures."""
    host, port = base_of(line)
    answers: list[Answer] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(requests), timeout=TIMEOUT)

    def client(number: int, mine: list[Request]) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        try:
            start.wait()
            for method, address, name, body in mine:
                connection.request(method, address, body=body,
                                   headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                response = connection.getresponse()
                data = json.loads(response.read())
                with lock:
                    answers.append(Answer(name, response.status, data))
        except Exception as problem:  # any failure (timeout, reset, bad JSON) is reported, with its client
            with lock:
                failures.append(f"client {number}: {type(problem).__name__}: {problem}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(number, mine), daemon=True)
               for number, mine in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    hung = [thread.name for thread in threads if thread.is_alive()]
    assert not hung, f"clients still waiting after {JOIN_TIMEOUT} s: {hung}"
    return answers, failures


def check_request(folder: Path, name: str) -> Request:
    body = json.dumps({"text": (folder / name).read_text(encoding="utf-8"), "name": name}).encode()
    return ("POST", "/api/check", name, body)


def test_eight_clients_get_the_findings_validate_gives_and_nothing_is_touched(folder: Path,
                                                                             catalog: Catalog) -> None:
    expected = {name: [finding.to_json() for finding in validate_text((folder / name).read_text(encoding="utf-8"),
                                                                        catalog, path=name)]
                for name in DOCUMENTS}
    assert {f["code"] for f in expected[BROKEN]} == {"PK301"}, "the broken document has its known finding"
    assert all(not findings for name, findings in expected.items() if name != BROKEN), expected
    requests = {name: check_request(folder, name) for name in DOCUMENTS}
    # Request i is document i mod 6, and goes to client i mod 8: each client gets a mix.
    plan: list[list[Request]] = [[] for _ in range(CLIENTS)]
    for index in range(REQUESTS):
        plan[index % CLIENTS].append(requests[DOCUMENTS[index % len(DOCUMENTS)]])
    before = snapshot(folder)

    with running_studio(folder, TOKEN) as line:
        answers, failures = send_all(line, plan, TOKEN)

    assert failures == []
    assert len(answers) == REQUESTS
    wrong = [(a.name, a.status, a.body) for a in answers if a.status != 200 or a.body != {"findings": expected[a.name]}]
    assert wrong == [], f"{len(wrong)} answers differ from validate_text, the first: {wrong[:1]}"
    assert sorted(a.name for a in answers) == sorted(request[2] for mine in plan for request in mine)
    assert snapshot(folder) == before, "checking texts must not touch, add or remove a file"


def test_a_wrong_token_gets_401_from_every_client_and_nothing_is_touched(folder: Path) -> None:
    name = "reflexology-45.yaml"
    save = json.dumps({"text": "protocolkit: 1\n"}).encode()
    attempts: list[Request] = [check_request(folder, name), ("PUT", f"/api/files/{name}", name, save),
                               ("PUT", "/api/files/new.yaml", "new.yaml", save)]
    plan = [attempts[number % 3:] + attempts[:number % 3] for number in range(4)]  # checks and saves, at once
    before = snapshot(folder)

    with running_studio(folder, TOKEN) as line:
        answers, failures = send_all(line, plan, "not-the-token")

    assert failures == []
    assert len(answers) == 12 and all(a.status == 401 and "error" in a.body for a in answers), answers
    assert snapshot(folder) == before
