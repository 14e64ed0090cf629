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
_BLANK_TO_END = re.compile(r"\s*\Z")
# A document written on one line (JSON, or YAML in flow style) can be megabytes long, and a diagnostic is
# placed on it for every finding: past LONG_LINE characters, a line's client units are counted once per
# CHUNK, and a token's end is looked for within TOKEN_WINDOW characters, so each finding costs the same
# however long its line is.
LONG_LINE = 4096
CHUNK = 4096
TOKEN_WINDOW = 1024
# One JSON token: a string (escapes included), a punctuation mark, or a bare scalar.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[{}\[\],:]|[^\s{}\[\],:"]+')


def _units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == types.PositionEncodingKind.Utf8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    if encoding == types.PositionEncodingKind.Utf32:
        return 1
    return 2 if code >= 0x10000 else 1


def _units_of(text: str, encoding: str) -> int:
    """The client units ``text`` takes: what `_units` adds up, counted by encoding it (at C speed)."""
    if text.isascii() or encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class Lines:
    """A document's text cut into lines the way the protocol counts them."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
        self._last: tuple[int, str] = (-1, "")
        self._marks: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        """Line ``number`` (0-based, clamped) without its line break."""
        number = min(max(number, 0), len(self.starts) - 1)
        if self._last[0] == number:  # diagnostics ask for the same line over and over: cut it once
            return self._last[1]
        start = self.starts[number]
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.text)
        self._last = (number, self.text[start:end].rstrip("\r\n"))
        return self._last[1]

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
        if text.isascii() or self.encoding == types.PositionEncodingKind.Utf32:
            return types.Position(line=number, character=column)
        if len(text) <= LONG_LINE:
            return types.Position(line=number, character=_units_of(text[:column], self.encoding))
        marks = self._marks.get(number)
        if marks is None:  # the units before each CHUNK of a long line, counted once
            marks = [0]
            for start in range(0, len(text) - CHUNK, CHUNK):
                marks.append(marks[-1] + _units_of(text[start:start + CHUNK], self.encoding))
            self._marks[number] = marks
        chunk = min(column // CHUNK, len(marks) - 1)
        return types.Position(line=number, character=marks[chunk] + _units_of(text[chunk * CHUNK:column],
                                                                                   self.encoding))

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
    token can be made out, the rest of the line.  On a line longer than
    `LONG_LINE` the token ends within `TOKEN_WINDOW` characters, and a YAML one
    is taken to lie in a flow collection (as a line that long nearly always is).
    """
    if start >= len(line) or _BLANK_TO_END.match(line, start):
        return len(line)
    long = len(line) > LONG_LINE
    stop = min(len(line), start + TOKEN_WINDOW) if long else len(line)
    if fmt == "json":
        if line[start] in "[{":
            return _closing(line, start, stop)
        match = _JSON_TOKEN.match(line, start, stop)
        return match.end() if match else stop
    char = line[start]
    if char in "\"'":
        return _quoted_end(line, start, stop)
    if char in "[{":
        return _closing(line, start, stop)
    in_flow = long or _in_flow(line, start)
    end = start
    while end < stop:
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
    return end if end > start else stop


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


def _quoted_end(line: str, start: int, stop: int | None = None) -> int:
    stop = len(line) if stop is None else stop
    quote = line[start]
    index = start + 1
    while index < stop:
        if quote == '"' and line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            if quote == "'" and line[index + 1:index + 2] == "'":  # '' is a quote inside single quotes
                index += 2
                continue
            return index + 1
        index += 1
    return stop


def _closing(line: str, start: int, stop: int | None = None) -> int:
    """The end of the bracketed collection opening at ``start``, before ``stop``; else ``stop`` (the line's end)."""
    stop = len(line) if stop is None else stop
    depth = 0
    index = start
    while index < stop:
        char = line[index]
        if char in "\"'":
            index = _quoted_end(line, index, stop)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return stop
