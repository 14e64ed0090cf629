"""The language server: pygls over standard input and output, the handlers, and how it fails.

Every handler answers: an exception inside one is caught here, reported to
the editor's log by its type and the place it was raised (never its message,
which could quote the document), and the request gets an empty answer.  A
document that does not parse still gets its PK002 diagnostic, and completion
reads lines, not a parse, so both keep working while one types.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from attrs import define
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from protocolkit import __version__
from protocolkit.lsp.actions import code_actions
from protocolkit.lsp.completion import complete
from protocolkit.lsp.diagnostics import problem_diagnostic, to_diagnostics
from protocolkit.lsp.framing import FramedInput, FramingError, message_limit
from protocolkit.lsp.hover import hover
from protocolkit.lsp.projects import Problem, Project, Projects, findings_for, is_protocolkit_document
from protocolkit.lsp.text import Lines
from protocolkit.lsp.trust import Notices, trusted_folders, withheld_notice

P = TypeVar("P")
R = TypeVar("R")
NAME = "protocolkit"
# Typing a value after "key:" or in a flow list ("goals: [a, ") asks for the ids that belong there.
TRIGGER_CHARACTERS = [":", " ", "[", ","]


@define
class OpenDocument:
    uri: str
    path: str           # the file it is (or would be), for the project's configuration and relative paths
    fmt: str            # "yaml" or "json"
    text: str
    version: int | None


class ProtocolkitServer(LanguageServer):
    """pygls's server with protocolkit's projects, open documents and error reporting."""

    def __init__(self, projects: Projects) -> None:
        super().__init__(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.projects = projects
        self.documents: dict[str, OpenDocument] = {}

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls's own report quotes the error, which may quote the document: name its type only.
        self.report_internal("the server", error)

    def report_internal(self, what: str, error: BaseException) -> None:
        frames = traceback.extract_tb(error.__traceback__)
        where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
        try:
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Error,
                message=f"protocolkit lsp: {what} failed with {type(error).__name__}{where}; please report it"))
        except Exception:  # noqa: BLE001  # a report that cannot be sent must not fail the request too
            pass

    def lines(self, document: OpenDocument) -> Lines:
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return Lines(document.text, str(encoding))

    def project(self, document: OpenDocument) -> Project | Problem:
        return self.projects.for_folder(Path(document.path).parent)


def _guarded(server: ProtocolkitServer, what: str) -> Callable[[Callable[[P], R | None]], Callable[[P], R | None]]:
    """Run a handler so that no exception reaches pygls: report it, answer nothing (None)."""
    def decorate(handler: Callable[[P], R | None]) -> Callable[[P], R | None]:
        @functools.wraps(handler)
        def run(params: P) -> R | None:
            try:
                return handler(params)
            except Exception as error:  # noqa: BLE001  # any failure: an empty answer, never a dead server
                server.report_internal(what, error)
                return None
        return run
    return decorate


def document_for(item: types.TextDocumentItem, root: Path) -> OpenDocument:
    """An opened document, placed where it lies (an unsaved one: in the workspace's folder)."""
    path = to_fs_path(item.uri) if item.uri.startswith("file:") else None
    if path is None:
        path = str(root / (Path(item.uri.rsplit("/", 1)[-1].split(":")[-1]).name or "untitled.yaml"))
    suffix = Path(path).suffix.lower()
    fmt = "json" if suffix == ".json" or (suffix not in (".yaml", ".yml") and item.language_id == "json") else "yaml"
    return OpenDocument(item.uri, path, fmt, item.text, item.version)


def create_server(*, plugins: Sequence[str] = (), modalities: Sequence[str] = (), strict: bool = False) -> \
        ProtocolkitServer:
    """A server with every feature registered, not yet started."""
    server: ProtocolkitServer

    def warn(line: str) -> None:  # a plugin that failed to load: its name and why, never a document
        server.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=line))

    server = ProtocolkitServer(Projects(plugins=plugins, modalities=modalities, strict=strict, warn=warn))
    notices = Notices()

    @server.feature(types.INITIALIZE)
    @_guarded(server, "reading the initialization options")
    def initialize(params: types.InitializeParams) -> None:
        # The folders whose configurations may load plugins: the editor's settings say, nothing else does.
        server.projects.trusted = trusted_folders(params.initialization_options, warn)

    def root() -> Path:
        found = server.workspace.root_path
        return Path(found) if found else Path.cwd()

    def publish(document: OpenDocument) -> None:
        lines = server.lines(document)
        project = server.project(document) if is_protocolkit_document(document.text) else None
        if project is None:
            diagnostics = []  # another kind of YAML or JSON: not ours to judge
        elif isinstance(project, Problem):
            diagnostics = [problem_diagnostic(project.message, lines)]
        else:
            findings = findings_for(document.text, document.path, document.fmt, project)
            diagnostics = to_diagnostics(findings, lines, document.fmt)
            config_file = project.settings.config_file
            if project.withheld and config_file and notices.carries(document.uri, config_file, server.documents):
                diagnostics.insert(0, withheld_notice(config_file, project.withheld, lines))
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=document.uri, diagnostics=diagnostics, version=document.version))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_guarded(server, "checking an opened document")
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        document = document_for(params.text_document, root())
        server.documents[document.uri] = document
        publish(document)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_guarded(server, "checking a changed document")
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        document = server.documents.get(params.text_document.uri)
        if document is None:
            return
        document.text = server.workspace.get_text_document(params.text_document.uri).source
        document.version = params.text_document.version
        publish(document)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_guarded(server, "closing a document")
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        if server.documents.pop(params.text_document.uri, None) is not None:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri,
                                                                                    diagnostics=[]))

    def opened(uri: str) -> tuple[OpenDocument, Project] | None:
        document = server.documents.get(uri)
        if document is None or not is_protocolkit_document(document.text):
            return None
        project = server.project(document)
        return None if isinstance(project, Problem) else (document, project)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS))
    @_guarded(server, "completion")
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        found = opened(params.text_document.uri)
        if found is None or found[0].fmt != "yaml":
            return None
        document, project = found
        return complete(server.lines(document), params.position, project.catalog)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guarded(server, "hover")
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        found = opened(params.text_document.uri)
        if found is None:
            return None
        document, project = found
        return hover(server.lines(document), params.position, project.catalog)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    @_guarded(server, "code actions")
    def on_code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        found = opened(params.text_document.uri)
        if found is None:
            return None
        document, project = found
        return code_actions(document.uri, document.text, document.path, document.fmt, server.lines(document),
                            params.range, findings_for(document.text, document.path, document.fmt, project),
                            project.catalog)

    return server


def serve(*, plugins: Sequence[str] = (), modalities: Sequence[str] = (), strict: bool = False) -> None:
    """Serve one editor over standard input and output until it says exit."""
    # The protocol owns standard output: anything else printed there (a plugin's print) would corrupt
    # it, so the protocol gets its own copy of the descriptor and standard output goes to standard error.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    _quiet_logging()
    server = create_server(plugins=plugins, modalities=modalities, strict=strict)
    framed = FramedInput(sys.stdin.buffer, message_limit(_document_limit()))
    try:  # malformed framing: one line, and a non-zero exit so that the editor starts a fresh server
        server.start_io(framed, protocol_out)  # type: ignore[arg-type]  # pygls calls only readline and read
    except FramingError as error:
        print(f"protocolkit lsp: the editor sent {error}; stopping (exit 1)", file=sys.stderr, flush=True)
        sys.exit(1)


def _document_limit() -> int:
    """The size limit for documents where the editor started the server (5 MB by default)."""
    from protocolkit.load.config import ConfigError, load_settings
    from protocolkit.load.documents import MAX_FILE_BYTES

    try:
        return max(MAX_FILE_BYTES, load_settings(Path.cwd()).max_file_bytes)
    except (ConfigError, OSError):
        return MAX_FILE_BYTES


class _WithoutContent(logging.Formatter):
    """A log line with the message's template only: its arguments may quote a document (health data)."""

    def format(self, record: logging.LogRecord) -> str:
        kind = f" ({record.exc_info[0].__name__})" if record.exc_info and record.exc_info[0] else ""
        return f"{record.name}: {record.levelname.lower()}: {record.msg}{kind}"


def _quiet_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_WithoutContent())
    for name in ("pygls", "protocolkit"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False
