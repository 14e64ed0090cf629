"""Starting and stopping `protocolkit serve`: the start-up line comes once the studio accepts connections,
says how to stop, a busy port is said so, and ``--token-file`` keeps one token across restarts."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROTOCOLKIT = str(Path(sys.executable).with_name("protocolkit"))
ENV = {**os.environ, "DISPLAY": "", "WAYLAND_DISPLAY": ""}
TOKEN_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "studio").mkdir()
    return tmp_path / "studio"


@contextmanager
def started(folder: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`protocolkit serve` on a free port; yields its first stdout line (read as soon as it comes) and the
    process, and stops it afterwards."""
    server = subprocess.Popen([PROTOCOLKIT, "serve", str(folder), "--port", "0", "--no-open", *options],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip(), server
    finally:
        server.terminate()
        server.wait(timeout=10)


def refused(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """A start that must fail: exit 2, one located message, no traceback."""
    done = subprocess.run([PROTOCOLKIT, "serve", str(folder), "--no-open", *options], capture_output=True,
                          text=True, env=ENV, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("protocolkit: error: ") and "Traceback" not in done.stderr
    assert done.stdout == ""
    return done


def address(line: str) -> tuple[str, int, str]:
    """The host, port and token of a start-up line."""
    assert line.startswith("protocolkit studio: http://127.0.0.1:"), line
    base, token = line.removeprefix("protocolkit studio: http://").split("/?token=")
    host, port = base.rsplit(":", 1)
    return host, int(port), token


def ask(host: str, port: int, token: str) -> bytes:
    """One request over a fresh connection, no retry: the whole answer."""
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(f"GET /api/catalog HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
                           "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def test_the_start_up_line_comes_once_the_studio_accepts_connections(folder: Path) -> None:
    for _ in range(3):
        with started(folder) as (line, _server):
            host, port, token = address(line)
            assert ask(host, port, token).startswith(b"HTTP/1.1 200 ")  # never ECONNREFUSED


def test_the_studio_says_how_to_stop(folder: Path) -> None:
    with started(folder) as (line, server):
        address(line)
        assert server.stderr is not None
        assert server.stderr.readline().strip() == "protocolkit studio: Press Ctrl+C to stop."


def test_a_busy_port_is_said_so_with_a_way_out(folder: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = refused(folder, "--port", str(port))
    assert f"port {port} is in use" in done.stderr
    assert "choose another with --port, or --port 0 for any free one" in done.stderr


def test_a_missing_token_file_is_created_private_and_reused(folder: Path, tmp_path: Path) -> None:
    keep = tmp_path / "studio.token"
    with started(folder, "--token-file", str(keep)) as (line, server):
        _host, _port, token = address(line)
        assert stat.S_IMODE(keep.stat().st_mode) == 0o600
        assert keep.read_text().strip() == token and len(token) >= 16 and set(token) <= set(TOKEN_CHARACTERS)
        server.terminate()
        out, err = server.communicate(timeout=10)
    assert token not in out + err, "the token is printed only in the start-up line"
    with started(folder, "--token-file", str(keep)) as (again, _server):
        host, port, reused = address(again)
        assert reused == token, "a bookmark keeps working across restarts"
        assert ask(host, port, token).startswith(b"HTTP/1.1 200 ")


def test_without_a_token_file_each_start_has_a_new_token(folder: Path) -> None:
    with started(folder) as (first, _server):
        token = address(first)[2]
    with started(folder) as (second, _server):
        assert address(second)[2] != token


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620])
def test_a_token_file_others_can_reach_is_refused(folder: Path, tmp_path: Path, mode: int) -> None:
    keep = tmp_path / "studio.token"
    secret = "kept-secret-token-0123456789"
    keep.write_text(secret + "\n")
    keep.chmod(mode)
    done = refused(folder, "--token-file", str(keep))
    assert str(keep) in done.stderr and "chmod 600" in done.stderr and secret not in done.stderr


def test_a_token_file_that_is_not_a_regular_file_is_refused(folder: Path, tmp_path: Path) -> None:
    directory = tmp_path / "a-directory"
    directory.mkdir(mode=0o700)
    assert "not a regular file" in refused(folder, "--token-file", str(directory)).stderr
    private = tmp_path / "private.token"
    private.write_text("kept-secret-token-0123456789\n")
    private.chmod(0o600)
    link = tmp_path / "link.token"
    link.symlink_to(private)
    done = refused(folder, "--token-file", str(link))
    assert "symbolic link" in done.stderr and "kept-secret" not in done.stderr


def test_a_token_file_without_a_token_is_refused(folder: Path, tmp_path: Path) -> None:
    keep = tmp_path / "studio.token"
    keep.write_text("short\n")
    keep.chmod(0o600)
    done = refused(folder, "--token-file", str(keep))
    assert "holds no token" in done.stderr and "delete it" in done.stderr


def test_token_and_token_file_together_are_refused(folder: Path, tmp_path: Path) -> None:
    assert "either --token or --token-file" in refused(folder, "--token", "x" * 20, "--token-file",
                                                        str(tmp_path / "t")).stderr
