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


@contextmanager
def running_studio(folder: Path, token: str, wait: float = 15.0) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yields the start-up line once the studio answers."""
    command = [str(Path(sys.executable).with_name("protocolkit")), "serve", str(folder), "--port", "0",
               "--no-open", "--token", token]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "DISPLAY": ""})
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
