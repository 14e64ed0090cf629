"""Where things are in a JSON text: the index `Document.locate` reads, and the spot of an error.

Python's ``json`` gives values without positions, so the text is walked once
more, token by token, when a position is asked for: to index a document that
has findings, or to point at the key given twice or the number refused.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Final

__all__ = ["duplicate_position", "index_json", "token_position"]

# One JSON token: a string (escapes included), a punctuation mark, or a bare scalar.
JSON_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+')

Position = tuple[int, int]
Path = tuple[str | int, ...]
_Entry = tuple[Position, Position | None]  # (value position, key position)
# JSON has no aliases, so the second half of the index (shared containers) stays empty.
Index = tuple[dict[Path, _Entry], dict[Path, Path]]


def token_position(text: str, word: str) -> Position:
    """Line and column of the first token ``word`` (NaN, a number) outside a string (error path only)."""
    for match in JSON_TOKEN.finditer(text):
        if match.group() == word:
            return _position_of(text, match.start())
    return 1, 1


def duplicate_position(text: str, key: str) -> Position:
    """Where ``key`` is first given twice within one object (the error path only)."""
    objects: list[set[str]] = []
    tokens = list(JSON_TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        value = token.group()
        if value == "{":
            objects.append(set())
        elif value == "}" and objects:
            objects.pop()
        elif value.startswith('"') and objects and index + 1 < len(tokens) and tokens[index + 1].group() == ":":
            name = json.loads(value)
            if name == key and name in objects[-1]:
                return _position_of(text, token.start())
            objects[-1].add(name)
    return 1, 1


def _position_of(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def index_json(text: str) -> Index:
    """Index a JSON text that `json.loads` has already accepted, so the syntax is trusted."""
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(offset: int) -> Position:
        line = bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    entries: dict[Path, _Entry] = {}
    open_containers: list[tuple[Path, list[int] | None]] = []  # arrays carry their next index
    expect_key = False
    key, key_position = "", (1, 1)
    path: Path
    entry_key: Position | None
    for match in JSON_TOKEN.finditer(text):
        token, start = match.group(), match.start()
        if token in (":", ",", "}", "]"):
            if token in ("}", "]"):
                open_containers.pop()
            expect_key = token == "," and open_containers[-1][1] is None
        elif expect_key:
            key, key_position, expect_key = json.loads(token), position(start), False
        else:
            if not open_containers:
                path, entry_key = (), None
            elif (counter := open_containers[-1][1]) is None:
                path, entry_key = (*open_containers[-1][0], key), key_position
            else:
                path, entry_key = (*open_containers[-1][0], counter[0]), None
                counter[0] += 1
            entries[path] = (position(start), entry_key)
            if token in ("{", "["):
                open_containers.append((path, None if token == "{" else [0]))
                expect_key = token == "{"
    return entries, {}
