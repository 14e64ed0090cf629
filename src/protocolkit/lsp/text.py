"""Positions in a document as an editor counts them, and the extent of the token at a position.

The Language Server Protocol counts lines at ``\\n``, ``\\r\\n`` and ``\\r`` only,
and characters in the code units the client and server agreed on (UTF-16 unless
told otherwise); Python indexes code points.  `Lines` converts between the two
and clamps whatever it is given, so that a position past the end of a line or of
the text (a stale request, a finding on a line the editor counts differently)
lands on the nearest real place instead of raising.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lsprotocol import types

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# One JSON token: a string (escapes included), a punctuation mark, or a bare scalar.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[{}\[\],:]|[^\s{}\[\],:"]+')


def _units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == types.PositionEncodingKind.Utf8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    if encoding == types.PositionEncodingKind.Utf32:
        return 1
    return 2 if code >= 0x10000 else 1


class Lines:
    """A document's text cut into lines the way the protocol counts them."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        """Line ``number`` (0-based, clamped) without its line break."""
        number = min(max(number, 0), len(self.starts) - 1)
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def column(self, number: int, character: int) -> int:
        """The code-point column of ``character`` client units into line ``number``."""
        text = self.line(number)
        units = 0
        for index, char in enumerate(text):
            if units >= character:
                return index
            units += _units(char, self.encoding)
        return len(text)

    def offset(self, position: types.Position) -> int:
        """The index into the text of a client position (clamped to the text)."""
        if position.line >= len(self.starts):
            return len(self.text)
        number = max(position.line, 0)
        return self.starts[number] + self.column(number, max(position.character, 0))

    def position(self, number: int, column: int) -> types.Position:
        """The client position of code-point ``column`` on line ``number`` (both 0-based, clamped)."""
        number = min(max(number, 0), len(self.starts) - 1)
        text = self.line(number)
        column = min(max(column, 0), len(text))
        return types.Position(line=number, character=sum(_units(char, self.encoding) for char in text[:column]))

    def position_at(self, offset: int) -> types.Position:
        """The client position of an index into the text."""
        offset = min(max(offset, 0), len(self.text))
        number = bisect_right(self.starts, offset) - 1
        return self.position(number, offset - self.starts[number])

    def range_of(self, start: int, end: int) -> types.Range:
        """The client range between two indexes into the text."""
        return types.Range(start=self.position_at(start), end=self.position_at(end))


def token_end(line: str, start: int, fmt: str = "yaml") -> int:
    """Where the token that starts at ``start`` on ``line`` ends (code points).

    A quoted string runs to its closing quote, a flow list or mapping to its
    closing bracket, a plain YAML scalar or key to ``: ``, `` #`` or the end of
    the line (and to ``,``, ``]`` or ``}`` inside a flow collection).  When no
    token can be made out, the rest of the line.
    """
    if start >= len(line.rstrip()):
        return len(line)
    if fmt == "json":
        match = _JSON_TOKEN.match(line, start)
        end = match.end() if match else len(line)
        return _closing(line, start) if line[start] in "[{" else end
    char = line[start]
    if char in "\"'":
        return _quoted_end(line, start)
    if char in "[{":
        return _closing(line, start)
    in_flow = _in_flow(line, start)
    end = start
    while end < len(line):
        here = line[end]
        if here == ":" and (end + 1 == len(line) or line[end + 1] in " \t"):
            break
        if here == "#" and end > start and line[end - 1] in " \t":
            break
        if in_flow and here in ",]}":
            break
        end += 1
    while end > start and line[end - 1] in " \t":
        end -= 1
    return end if end > start else len(line)


def _in_flow(line: str, start: int) -> bool:
    """Does ``start`` lie inside a flow list or mapping opened earlier on the line?"""
    depth = 0
    index = 0
    while index < start:
        char = line[index]
        if char in "\"'" and (index == 0 or line[index - 1] in " \t[{,:"):
            index = _quoted_end(line, index)
            continue
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            return False
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
        index += 1
    return depth > 0


def _quoted_end(line: str, start: int) -> int:
    quote = line[start]
    index = start + 1
    while index < len(line):
        if quote == '"' and line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            if quote == "'" and line[index + 1:index + 2] == "'":  # '' is a quote inside single quotes
                index += 2
                continue
            return index + 1
        index += 1
    return len(line)


def _closing(line: str, start: int) -> int:
    """The end of the bracketed collection opening at ``start``, on this line; else the line's end."""
    depth = 0
    index = start
    while index < len(line):
        char = line[index]
        if char in "\"'":
            index = _quoted_end(line, index)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(line)
