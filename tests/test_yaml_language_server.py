"""The --catalog schema in a real editor's language server: yaml-language-server over stdio.

The server is the npm package, pinned below, installed on first use into
build/node (git-ignored; see node_packages.py) and reused while its stamp names the pinned version.
A small JSON-RPC client here speaks LSP to it as an editor would: it answers
the server's requests for settings with ``yaml.schemas`` (the form
docs/editors.md gives), opens documents, asks for completion and collects
the diagnostics the server publishes.  The tests skip where there is no
``node`` or ``npm``, and fail under CI (``CI`` set), where .ci/run installs
Debian's.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from protocolkit.plugin.catalog import Catalog
from protocolkit.report.catalog_schema import catalog_schema_text

from .node_packages import installed, require_node

# 1.25.0: JSON Schema 2020-12 ($defs, if/then inside allOf) and markdownEnumDescriptions in completion;
# these tests pass with it on Node 18 (Debian bookworm's) and Node 20.
VERSION = "1.25.0"
WAIT = 10  # seconds any answer or notification from the server may take, at most


class LanguageServer:
    """yaml-language-server on stdio, spoken to with Content-Length framed JSON-RPC."""

    def __init__(self, server: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(["node", str(server), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.incoming: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.diagnostics: dict[str, list[list[dict[str, Any]]]] = {}
        self.last_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            headers = {}
            while (line := stream.readline().decode("ascii").strip()):
                name, _, value = line.partition(":")
                headers[name.lower()] = value.strip()
            if "content-length" not in headers:  # the server has gone
                self.incoming.put(None)
                return
            self.incoming.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.last_id += 1
        asked = self.last_id
        self.send({"id": asked, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == asked and "method" not in message:
                assert "error" not in message, message["error"]
                return message.get("result")

    def published(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics the server publishes for ``uri``."""
        while not self.diagnostics.get(uri):
            self._next()
        return self.diagnostics[uri].pop(0)

    def _next(self) -> dict[str, Any]:
        try:
            message = self.incoming.get(timeout=WAIT)
        except queue.Empty:
            pytest.fail(f"yaml-language-server said nothing for {WAIT}s")
        assert message is not None, "yaml-language-server exited"
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics.setdefault(params["uri"], []).append(params["diagnostics"])
        elif "method" in message and "id" in message:  # the server asks: settings, or a registration
            asked_for = message["params"].get("items", []) if message["method"] == "workspace/configuration" else []
            answer = [self.settings.get(item.get("section")) for item in asked_for] or None
            self.send({"id": message["id"], "result": answer})
        return message

    def stop(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=WAIT)
        except Exception:  # noqa: BLE001 - whatever went wrong, the server must not outlive the test
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=WAIT)


@pytest.fixture(scope="module")
def server_path() -> Path:
    require_node()
    return installed("yaml-language-server", VERSION, "bin/yaml-language-server")


@pytest.fixture()
def workspace(tmp_path: Path, catalog: Catalog) -> Path:
    """A folder as docs/editors.md sets one up: the written schema, and protocols/ beside it."""
    (tmp_path / "protocolkit.schema.json").write_text(catalog_schema_text("protocol", catalog), "utf-8")
    (tmp_path / "protocols").mkdir()
    return tmp_path


@pytest.fixture()
def editor(server_path: Path, workspace: Path) -> Iterator[LanguageServer]:
    settings = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False},
                         "schemas": {"./protocolkit.schema.json": "protocols/*.yaml"}}}
    server = LanguageServer(server_path, settings)
    try:
        server.request("initialize", {
            "processId": os.getpid(), "rootUri": workspace.as_uri(),
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": workspace.name}],
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"completion": {"completionItem": {
                                 "documentationFormat": ["markdown", "plaintext"]}}}}})
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": settings})
        yield server
    finally:
        server.stop()


STEPS = """\
protocolkit: 1
id: editor-check
title: Editor check
duration: 15m
steps:
  - modality: deep-tissue
    technique: 
    region: hamstrings
    duration: 5m
    pressure: deep
  - modality: deep-tissue
    technique: reflex-point-pressure
    region: upper-back
    duration: 5m
    pressure: deep
  - modality: reflexology
    technique: reflex-point-pressure
    region: feet
    duration: 5m
    pressure: moderate
"""
EMPTY_TECHNIQUE, WRONG_TECHNIQUE, ALIAS, RIGHT_TECHNIQUE = 6, 11, 7, 16  # lines, from 0 as LSP counts


def open_document(editor: LanguageServer, path: Path, text: str, offset: int = 0) -> list[dict[str, Any]]:
    """Open ``text`` as ``path``; the first diagnostics that show the schema at work (``offset``:
    lines above STEPS)."""
    uri = path.as_uri()
    editor.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                            "text": text}})
    while True:  # a first, empty publication can come before the schema is read
        diagnostics = editor.published(uri)
        if WRONG_TECHNIQUE + offset in lines_flagged(diagnostics):
            return diagnostics


def lines_flagged(diagnostics: list[dict[str, Any]]) -> set[int]:
    return {d["range"]["start"]["line"] for d in diagnostics}


def test_completion_offers_the_steps_modalitys_techniques(editor: LanguageServer, workspace: Path,
                                                          catalog: Catalog) -> None:
    document = workspace / "protocols" / "session.yaml"
    open_document(editor, document, STEPS)
    answer = editor.request("textDocument/completion", {
        "textDocument": {"uri": document.as_uri()},
        "position": {"line": EMPTY_TECHNIQUE, "character": len("    technique: ")}})
    items = answer["items"] if isinstance(answer, dict) else answer
    offered = {item["label"]: item.get("documentation", {}) for item in items}
    assert set(offered) == {use.technique for use in catalog.modality("deep-tissue").techniques}
    assert not set(offered) & {use.technique for use in catalog.modality("reflexology").techniques}
    friction = offered["friction"]
    assert friction["kind"] == "markdown" and friction["value"].startswith(catalog.technique("friction").name)


def test_another_modalitys_technique_is_flagged_and_an_alias_is_not(editor: LanguageServer, workspace: Path,
                                                                     catalog: Catalog) -> None:
    diagnostics = open_document(editor, workspace / "protocols" / "session.yaml", STEPS)
    wrong = [d for d in diagnostics if d["range"]["start"]["line"] == WRONG_TECHNIQUE]
    offered = sorted(use.technique for use in catalog.modality("deep-tissue").techniques)
    assert [d["data"]["values"] for d in wrong] == [offered]
    assert wrong[0]["message"].startswith("Value is not accepted")
    # hamstrings (an alias), feet (another) and reflexology's own technique under reflexology all pass.
    assert not lines_flagged(diagnostics) & {ALIAS, RIGHT_TECHNIQUE, RIGHT_TECHNIQUE + 1}


def test_the_modeline_works_as_well_as_the_settings(editor: LanguageServer, workspace: Path) -> None:
    elsewhere = workspace / "drafts"  # outside the settings' glob: only the modeline applies
    elsewhere.mkdir()
    text = f"# yaml-language-server: $schema=../protocolkit.schema.json\n{STEPS}"
    diagnostics = open_document(editor, elsewhere / "draft.yaml", text, offset=1)
    assert not lines_flagged(diagnostics) & {ALIAS + 1, RIGHT_TECHNIQUE + 1}
