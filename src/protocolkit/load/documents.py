"""Reading protocol documents quickly, and pointing at the offending spot later.

A run checks thousands of files, so loading uses the C YAML loader (or the stdlib
``json``) and nothing else.  Findings must nevertheless name a line and column,
so each `Document` builds a position index of its text the first time
`Document.locate` is called, and keeps it; documents without findings never pay
for it.  Anything wrong with a file's *content* is a `DocumentError` carrying a
1-based line and column; failing to *read* the file is left as an `OSError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, Final

import attrs
import yaml

from protocolkit.load.json_positions import duplicate_position, index_json, token_position
from protocolkit.load.numbers import NumberRefused, read_float, read_int
from protocolkit.load.reading import open_regular, read_at_most
from protocolkit.load.collector import held_for
from protocolkit.load.yaml12 import MAX_DEPTH, ExpansionError, Yaml12Loader, check_expansion
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["DOCUMENT_SUFFIXES", "Document", "DocumentError", "format_for", "load_document", "parse_document"]

DOCUMENT_SUFFIXES: Final = (".yaml", ".yml", ".json")
_FORMATS: Final = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
# The C safe loader, reading YAML 1.2 core scalars and refusing duplicate keys (yaml12.py).
_YAML_LOADER: Final = Yaml12Loader
# Files over this size are refused before they are read (a protocol is a few kB).
MAX_FILE_BYTES: Final = 5 * 1024 * 1024
# Only texts that could hide aliases or deep nesting pay for the expansion check.
_DEEP_LAYOUT: Final = re.compile(r"^ {48}|(?:- ){12}", re.MULTILINE)
_MERGE_TAG: Final = "tag:yaml.org,2002:merge"
_EXPECTED: Final = "expected a mapping starting with 'protocolkit: 1'"
_SINGLE_DOCUMENT: Final = "expected a single document in the stream"
_KINDS: Final = {list: "a list", str: "a string", bool: "a boolean", int: "a number", bytes: "binary data",
                 float: "a number", type(None): "null"}

Position = tuple[int, int]
Path = tuple[str | int, ...]
_Entry = tuple[Position, Position | None]  # (value position, key position)
# Entries by path, plus aliases: a path whose container is shared (YAML alias or merge)
# -> the path where that container was indexed, so longer paths through it still resolve.
_Index = tuple[dict[Path, _Entry], dict[Path, Path]]


class DocumentError(Exception):
    """The file cannot be read as a document; reported as a PK002 finding at line:column."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@attrs.frozen(slots=False, eq=False)
class Document:
    """One parsed file; `locate` maps JSON paths in `data` back to the text."""

    path: str
    text: str = attrs.field(repr=False)
    data: Any = attrs.field(repr=False)
    format: str

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Position:
        """1-based (line, column) of the node at `path`, or of its mapping key with `key=True`.

        A path that does not fully exist yields the deepest node that does, so a
        missing required key points at the mapping that should hold it.
        """
        entries, aliases = self._index
        current: Path = ()
        value, key_position = entries[()]
        for element in path:
            # Non-string YAML keys (``1:``) are indexed by their text.
            for candidate in ((*current, element), (*current, str(element))):
                if candidate in entries:
                    break
            else:
                return value  # the deepest node that exists, e.g. the parent of a missing key
            value, key_position = entries[candidate]
            current = aliases.get(candidate, candidate)
        return key_position if key and key_position is not None else value

    @cached_property
    def _index(self) -> _Index:
        # Built on first use only: loading is the hot path, locating is not.
        return index_json(self.text) if self.format == "json" else _index_yaml(self.text)


def format_for(path: str | os.PathLike[str]) -> str:
    """The document format ("yaml" or "json") implied by a file name's suffix."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in _FORMATS:
        raise ValueError(f"{os.fspath(path)!r} is not a document; expected one of {', '.join(DOCUMENT_SUFFIXES)}")
    return _FORMATS[suffix]


def load_document(path: str | os.PathLike[str], *, display: str | None = None,
                  max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse one file; `display` is the name to show instead of `path`.

    OSError (missing file, a directory, no permission, a FIFO or device, a loop of
    symbolic links) propagates so the caller can tell "cannot open" apart from
    "cannot understand".
    """
    try:
        fmt = format_for(path)
    except ValueError as error:  # a file named on purpose but of another kind: a finding, not a crash
        raise DocumentError(f"not a protocolkit document: the name must end in {', '.join(DOCUMENT_SUFFIXES)}") \
            from error
    with open_regular(path) as stream:  # a FIFO or device is refused, never waited on
        size = os.fstat(stream.fileno()).st_size
        if size > max_bytes:
            raise DocumentError(f"the file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit; "
                                "a protocol is a few kB (raise max-file-size in protocolkit.toml if it is "
                                "really meant to be this big)")
        raw = read_at_most(stream, max_bytes + 1)
    return parse_document(raw, path=os.fspath(path) if display is None else display, fmt=fmt)


def parse_document(source: str | bytes, *, path: str, fmt: str) -> Document:
    """Parse `source` as a `fmt` document whose top level must be a mapping."""
    if fmt not in ("yaml", "json"):
        raise ValueError(f"unknown document format {fmt!r}; expected 'yaml' or 'json'")
    text = (_decode(source) if isinstance(source, bytes) else source).removeprefix("\ufeff")
    try:
        with held_for(len(text)):  # a large document: linear time (see load.collector)
            data = _load_yaml(text) if fmt == "yaml" else _load_json(text)
    except RecursionError:
        raise DocumentError("the document is nested too deeply to read") from None
    document = Document(path, text, data, fmt)
    if not isinstance(data, dict):
        kind = _KINDS.get(type(data), f"a {type(data).__name__}")
        raise DocumentError(f"the document is {kind}, {_EXPECTED}", *document.locate(()))
    return document


def _decode(raw: bytes) -> str:
    """UTF-8 text, or a DocumentError pointing at the first undecodable byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        before = raw[line_start:error.start].decode("utf-8")
        if line_start == 0:
            before = before.removeprefix("\ufeff")  # the BOM is dropped from the text too
        message = (f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); "
                   "save the file with UTF-8 encoding")
        raise DocumentError(message, raw.count(b"\n", 0, error.start) + 1, len(before) + 1) from error


def _load_yaml(text: str) -> Any:
    try:
        data = _construct(text)
    except ExpansionError as error:
        raise DocumentError(str(error), *_mark(error.node)) from error
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error) from error
    except (yaml.reader.ReaderError, UnicodeEncodeError) as error:  # the latter: lone surrogates in str input
        # Both name one character; libyaml counts bytes, so find the character in the text instead.
        bad = text[error.start] if isinstance(error, UnicodeEncodeError) else chr(error.character)
        raise DocumentError(f"YAML syntax error: character U+{ord(bad):04X} is not allowed in YAML",
                            *_position_of(text, text.find(bad))) from error
    except ValueError as error:  # e.g. a date such as 2024-13-45 or `!!int x`
        raise DocumentError(f"invalid YAML value: {error}", *_failing_node(text)) from error
    if data is None:
        root = yaml.compose(text, Loader=_YAML_LOADER)
        if root is None or root.value == "":
            raise DocumentError(f"the document is empty; {_EXPECTED}")
    return data


def _construct(text: str) -> Any:
    """Parse and construct; a text with aliases or deep nesting is measured first."""
    loader = _YAML_LOADER(text)
    try:
        risky = "*" in text or text.count("[") + text.count("{") > MAX_DEPTH or _DEEP_LAYOUT.search(text)
        if not risky:
            return loader.get_single_data()
        node = loader.get_single_node()
        if node is None:
            return None
        check_expansion(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _yaml_error(error: yaml.MarkedYAMLError) -> DocumentError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if error.context == _SINGLE_DOCUMENT:
        return DocumentError("the file holds more than one YAML document (a second one starts here); "
                             "keep one protocol per file", line, column)
    kind = "invalid YAML value" if isinstance(error, yaml.constructor.ConstructorError) else "YAML syntax error"
    detail = f"{error.problem} ({error.context})" if error.context else str(error.problem)
    return DocumentError(" ".join(f"{kind}: {detail}".split()), line, column)


class _TracingLoader(_YAML_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, remembering the node it constructs last (for errors that carry no mark)."""

    last_node: Node | None = None

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        self.last_node = node
        return super().construct_object(node, deep)


def _failing_node(text: str) -> Position:
    """Where the value that broke construction starts: load again, watching each node (error path only)."""
    loader = _TracingLoader(text)
    with contextlib.suppress(ValueError):
        loader.get_single_data()
    loader.dispose()
    return _mark(loader.last_node) if loader.last_node else (1, 1)


def _load_json(text: str) -> Any:
    if not text.strip():
        raise DocumentError(f"the document is empty; {_EXPECTED}")
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_not_json, parse_int=_json_int,
                          parse_float=_json_float)
    except json.JSONDecodeError as error:
        raise DocumentError(f"JSON syntax error: {error.msg}", error.lineno, error.colno) from error
    except _NotJson as error:
        raise DocumentError(error.message, *token_position(text, error.word)) from error
    except _DuplicateKey as error:
        raise DocumentError(f"the key {error.key!r} is given twice in one object; the second would silently "
                            "replace the first, so keep one", *duplicate_position(text, error.key)) from error


class _NotJson(ValueError):
    """A number token that reads as no number: refused where it is written."""

    def __init__(self, word: str, message: str) -> None:
        super().__init__(word)
        self.word = word
        self.message = message


def _not_json(word: str) -> Any:
    # Python's reader takes NaN and Infinity, which JSON does not have: no number compares equal to NaN.
    raise _NotJson(word, f"JSON syntax error: {word} is not a number JSON allows; write the number")


def _json_int(token: str) -> int:
    try:
        return read_int(token)
    except NumberRefused as error:
        raise _NotJson(token, f"invalid JSON value: {error}") from None


def _json_float(token: str) -> float:
    try:
        return read_float(token)
    except NumberRefused as error:
        raise _NotJson(token, f"invalid JSON value: {error}") from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return mapping


def _mark(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _position_of(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _index_yaml(text: str) -> _Index:
    """Index a YAML text's nodes; each container is expanded once, so alias cycles end."""
    root = yaml.compose(text, Loader=_YAML_LOADER)
    if root is None:
        return {(): ((1, 1), None)}, {}
    entries: dict[Path, _Entry] = {(): (_mark(root), None)}
    aliases: dict[Path, Path] = {}
    expanded: dict[int, Path] = {id(root): ()}
    pending: list[tuple[Path, Node]] = [] if isinstance(root, ScalarNode) else [((), root)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, MappingNode):
            children: Iterator[tuple[str | int, Node | None, Node]] = (
                (name, key_node, value_node) for name, (key_node, value_node) in _mapping_entries(node).items())
        else:
            children = ((index, None, item) for index, item in enumerate(node.value))
        for element, key_node, child in children:
            child_path = (*path, element)
            entries[child_path] = (_mark(child), _mark(key_node) if key_node else None)
            if isinstance(child, (MappingNode, SequenceNode)):
                if id(child) in expanded:
                    aliases[child_path] = expanded[id(child)]
                else:
                    expanded[id(child)] = child_path
                    pending.append((child_path, child))
    return entries, aliases


def _mapping_entries(node: MappingNode, merging: frozenset[int] = frozenset()) -> dict[str, tuple[Node, Node]]:
    """A mapping's keys as the safe loader sees them: own keys (last wins), then `<<` merges."""
    own: dict[str, tuple[Node, Node]] = {}
    merged: list[MappingNode] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            merged.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
        else:
            own[key_node.value] = (key_node, value_node)
    active = merging | {id(node)}
    for source in merged:
        if id(source) not in active:  # a mapping merging itself (`&a {<<: *a}`)
            for name, pair in _mapping_entries(source, active).items():
                own.setdefault(name, pair)
    return own
