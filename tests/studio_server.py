"""A real `protocolkit serve` for the tests that talk to it over loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def running_studio(folder: Path, token: str, wait: float = 15.0, cwd: Path | None = None) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yields the start-up line once the studio answers.

    ``cwd`` is where `serve` runs (this process's directory when None): its settings, such as a clinic's
    closed days, come from the protocolkit.toml found walking up from there."""
    command = [str(Path(sys.executable).with_name("protocolkit")), "serve", str(folder), "--port", "0",
               "--no-open", "--token", token]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "DISPLAY": ""}, cwd=cwd)
    try:
        assert server.stdout is not None
        line = server.stdout.readline().strip()
        base = line.removeprefix("protocolkit studio: ").split("/?")[0]
        deadline = time.monotonic() + wait
        while True:
            request = urllib.request.Request(f"{base}/api/catalog", headers={"Authorization": f"Bearer {token}"})
            try:
                urllib.request.urlopen(request, timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, f"the studio did not answer within {wait} s: {line!r}"
                time.sleep(0.05)
        yield line
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def studio_in_process(folder: Path, catalog: Any, token: str, *, request_timeout: float | None = None) -> \
        Iterator[tuple[str, int]]:
    """The studio over ``folder`` in a thread of this process, with the server settings `serve` uses
    (``request_timeout`` shortened for a test); yields its host and port, and stops it afterwards."""
    import socket
    import threading

    import uvicorn

    from protocolkit.studio.app import create_app
    from protocolkit.studio.connections import REQUEST_TIMEOUT, server_config
    from protocolkit.studio.server import allowed_hosts

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(folder, catalog, token=token, allowed_hosts=allowed_hosts("127.0.0.1", port))
    server = uvicorn.Server(server_config(app, request_timeout=request_timeout or REQUEST_TIMEOUT))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the studio did not start within 15 s"
            time.sleep(0.02)
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
