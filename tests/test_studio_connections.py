"""Slow and many connections: a half-sent request is closed in time, and the studio keeps answering.

Raw sockets on 127.0.0.1 that send part of a request and wait (or trickle a
byte at a time) stand for the clients that once held every connection the
studio had.  No timing is asserted: every wait is bounded, and every socket
is closed at the end.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.connections import BACKLOG, KEEP_ALIVE, MAX_CONNECTIONS, MAX_HEAD, server_config

from .conftest import EXAMPLES
from .studio_server import running_studio, studio_in_process

TOKEN = "slow-connections-token-789"
SLOW = 200
BOUND = 10.0  # seconds: the longest any one wait here may take


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    return root


def catalog_answer(host: str, port: int) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=BOUND)
    try:
        connection.request("GET", "/api/catalog", headers={"Authorization": f"Bearer {TOKEN}",
                                                           "Host": f"{host}:{port}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextmanager
def half_sent(host: str, port: int, count: int) -> Iterator[list[socket.socket]]:
    """``count`` connections, each with half a request sent: half a head, or a whole head and part of its body."""
    with ExitStack() as stack:
        sockets = []
        for number in range(count):
            sock = stack.enter_context(socket.create_connection((host, port), timeout=BOUND))
            if number % 2:
                sock.sendall(f"GET /api/catalog HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bea".encode())
            else:
                sock.sendall(f"POST /api/check HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {TOKEN}\r\n"
                             "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\": \"".encode())
            sockets.append(sock)
        yield sockets


def closed_by_server(sock: socket.socket, trickle: bytes = b"") -> bool:
    """Whether the server closes ``sock`` within BOUND seconds (sending ``trickle`` a byte at a time meanwhile)."""
    deadline = time.monotonic() + BOUND
    sock.settimeout(0.2)
    sent = 0
    while time.monotonic() < deadline:
        try:
            if sent < len(trickle):
                sock.sendall(trickle[sent:sent + 1])
                sent += 1
            if sock.recv(4096) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:  # reset or broken pipe: closed just the same
            return True
    return False


def test_a_real_request_is_answered_while_200_slow_connections_are_open(folder: Path) -> None:
    with running_studio(folder, TOKEN) as line:
        host, port = line.removeprefix("protocolkit studio: http://").split("/?")[0].rsplit(":", 1)
        with half_sent(host, int(port), SLOW):
            status, body = catalog_answer(host, int(port))
            assert status == 200
            assert "modalities" in json.loads(body)
            status, _ = catalog_answer(host, int(port))  # and again, on a new connection
            assert status == 200


def test_a_request_that_does_not_arrive_in_time_is_closed(folder: Path, catalog: Catalog) -> None:
    with studio_in_process(folder, catalog, TOKEN, request_timeout=0.5) as (host, port):
        with half_sent(host, port, 4) as sockets:
            assert all(closed_by_server(sock) for sock in sockets)
        # A byte every 0.2 s keeps uvicorn's own keep-alive clock from ever running out; the request's does.
        with socket.create_connection((host, port), timeout=BOUND) as sock:
            assert closed_by_server(sock, f"GET /api/catalog HTTP/1.1\r\nHost: {host}:{port}\r\n".encode() * 20)
        assert catalog_answer(host, port)[0] == 200  # the studio itself is as it was


def test_the_clock_stops_when_the_request_is_in(folder: Path, catalog: Catalog) -> None:
    with studio_in_process(folder, catalog, TOKEN, request_timeout=0.5) as (host, port):
        connection = http.client.HTTPConnection(host, port, timeout=BOUND)
        try:
            for _ in range(3):  # a kept-alive connection: each request gets its own time
                connection.request("GET", "/api/catalog", headers={"Authorization": f"Bearer {TOKEN}"})
                response = connection.getresponse()
                assert response.status == 200
                response.read()
        finally:
            connection.close()


def test_a_head_past_the_limit_is_refused(folder: Path, catalog: Catalog) -> None:
    with studio_in_process(folder, catalog, TOKEN) as (host, port):
        with socket.create_connection((host, port), timeout=BOUND) as sock:
            sock.sendall(f"GET /api/catalog HTTP/1.1\r\nHost: {host}:{port}\r\nX-Padding: ".encode()
                         + b"x" * (MAX_HEAD + 1024))
            answer = b""
            while not answer.endswith(b"\r\n\r\n") and b"\r\n\r\n" not in answer:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 400")


def test_the_server_settings_bound_connections(folder: Path, catalog: Catalog) -> None:
    config = server_config(object())
    assert (config.limit_concurrency, config.timeout_keep_alive, config.h11_max_incomplete_event_size,
            config.backlog) == (MAX_CONNECTIONS, KEEP_ALIVE, MAX_HEAD, BACKLOG)
    assert SLOW < MAX_CONNECTIONS  # the slow connections above leave room for a real one
