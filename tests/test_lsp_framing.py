"""The language server meets malformed framing: one line on standard error, exit 1, nothing allocated.

A real ``protocolkit lsp`` is started for each case and sent a bad header with
its standard input left open, as an editor would leave it: a server that
waited for more, or tried to allocate a body of 10^12 bytes, would not exit
by itself.  Every wait is bounded, and a server still running is killed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from protocolkit.load.documents import MAX_FILE_BYTES
from protocolkit.lsp.framing import MAX_HEADER_LINE, message_limit

BOUND = 30.0  # seconds for the server to start and exit

INITIALIZE = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                         "params": {"processId": None, "rootUri": None, "capabilities": {}}}).encode()


def server(tmp_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(Path(sys.executable).with_name("protocolkit")), "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)


def exit_of(process: subprocess.Popen[bytes], sent: bytes) -> tuple[int | None, str]:
    """Send ``sent``, leave standard input open, and wait (bounded) for the server to exit by itself."""
    assert process.stdin is not None and process.stderr is not None
    try:
        process.stdin.write(sent)
        process.stdin.flush()
        process.wait(timeout=BOUND)
        return process.returncode, process.stderr.read().decode()
    except (subprocess.TimeoutExpired, BrokenPipeError):
        return None, ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=BOUND)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.mark.parametrize(("header", "said"), [
    (b"Content-Length: 1000000000000\r\n\r\n", "1,000,000,000,000 bytes"),
    (b"Content-Length: %d\r\n\r\n" % (message_limit(MAX_FILE_BYTES) + 1), "where the limit is"),
    (b"Content-Length: -5\r\n\r\n{}", "not a whole number"),
    (b"Content-Length: five\r\n\r\n", "not a whole number"),
    (b"Content-Length: 0\r\n\r\n", "a message of 0 bytes"),
    (b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}", "no Content-Length"),
    (b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "given twice"),
    (b"X-Padding: " + b"x" * (MAX_HEADER_LINE * 4), "header line longer than"),
    (b"Content-Length 2\r\n\r\n{}", "not 'Name: value'"),
])
def test_a_malformed_header_ends_the_server_with_one_line(header: bytes, said: str, tmp_path: Path) -> None:
    code, stderr = exit_of(server(tmp_path), header)
    assert code == 1, f"the server did not exit by itself on {header[:60]!r}"
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("protocolkit lsp: ") and said in lines[0], stderr


def test_a_well_framed_message_is_answered_whatever_the_header_spelling(tmp_path: Path) -> None:
    process = server(tmp_path)
    assert process.stdin is not None and process.stdout is not None
    answers: list[dict[str, object]] = []

    def read_answer() -> None:
        assert process.stdout is not None
        headers = b""
        while not headers.endswith(b"\r\n\r\n"):
            byte = process.stdout.read(1)
            if not byte:
                return
            headers += byte
        length = int(headers.split(b"Content-Length:")[1].split(b"\r\n")[0])
        answers.append(json.loads(process.stdout.read(length)))

    reader = threading.Thread(target=read_answer)
    reader.start()
    try:
        process.stdin.write(b"content-length:%d\r\n\r\n" % len(INITIALIZE) + INITIALIZE)
        process.stdin.flush()
        reader.join(BOUND)
    finally:
        exit_of(process, b"")  # a server still serving is killed there, which ends the reader too
        reader.join(BOUND)
    assert answers and answers[0]["id"] == 1 and "capabilities" in answers[0]["result"]  # type: ignore[operator]
