"""Where in a YAML document the cursor is, read from the lines around it, not from a parser.

Completion is asked for while the document is half typed and does not parse,
so this reads indentation instead: the key on the cursor's line (or the list
its ``- `` item belongs to), the keys of the mappings that hold it up to the
top, and the sibling keys of its own mapping (a step's ``modality`` for its
``technique``).  It understands block mappings and lists, and flow lists on
one line (``goals: [a, b]``); anything else gives no context, never an error.
"""

from __future__ import annotations

import re

from attrs import frozen

from protocolkit.lsp.text import Lines

_KEY = re.compile(r"""(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<plain>[A-Za-z_][\w.-]*))[ \t]*:(?=[ \t]|$)""")
_KIND = re.compile(r"""^kind[ \t]*:[ \t]*["']?([A-Za-z-]+)""", re.MULTILINE)
_TOP = -1  # the line "above" a top-level key
# Mappings nest a few levels in a protocolkit document; this bounds the walk up on any text.
_MAX_DEPTH = 32


@frozen
class Shape:
    """One line as YAML block structure sees it."""

    blank: bool               # empty or only a comment
    indent: int               # column of the first character that is not a space
    dashes: tuple[int, ...]   # columns of the "- " item markers before the key or value
    key: str | None
    key_column: int           # where the key starts (or the value, when there is no key)
    value_column: int         # where the value starts (after "key:" and spaces)

    @property
    def anchor(self) -> int:
        """The leftmost column of the line's content: its first dash, else its key."""
        return self.dashes[0] if self.dashes else self.key_column


def shape(line: str) -> Shape:
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if not stripped.strip() or stripped.startswith("#"):
        return Shape(True, indent, (), None, indent, indent)
    column = indent
    dashes = []
    while line.startswith("-", column) and (column + 1 == len(line) or line[column + 1] in " \t"):
        dashes.append(column)
        column += 1
        while column < len(line) and line[column] in " \t":
            column += 1
    match = _KEY.match(line, column)
    if match is None:
        return Shape(False, indent, tuple(dashes), None, column, column)
    key = match.group("plain") or match.group("double") or match.group("single") or ""
    value = match.end()
    while value < len(line) and line[value] in " \t":
        value += 1
    return Shape(False, indent, tuple(dashes), key, column, value)


@frozen
class Context:
    """What the cursor is on: the value of ``path[-1]`` (an item of it when ``in_list``)."""

    kind: str                      # the document's kind: protocol, intake, curriculum, modality
    path: tuple[str, ...]          # the keys from the top down, list items left out: ("steps", "technique")
    in_list: bool                  # the value is one item of a list
    line: int                      # 0-based
    start: int                     # where the token at the cursor starts (code points)
    end: int                       # where it ends
    prefix: str                    # what of it lies before the cursor
    siblings: dict[str, str]       # the plain values of the other keys in the same mapping

    @property
    def field(self) -> str:
        return ".".join(self.path)


def document_kind(text: str) -> str:
    match = _KIND.search(text)
    return match.group(1) if match else "protocol"


def context_at(lines: Lines, number: int, column: int) -> Context | None:
    """The context of the cursor at code-point ``column`` of line ``number``, or None."""
    if not 0 <= number < len(lines):
        return None
    line = lines.line(number)
    column = min(max(column, 0), len(line))
    here = shape(line)
    if here.blank:
        return None
    if here.key is not None:
        if column < here.value_column and line[column:here.value_column].strip(" \t"):
            return None  # on the key itself, or before its colon
        value_start = here.value_column
        keys = _keys_above(lines, number, here)
        if keys is None:
            return None
        path, mapping = (*keys, here.key), _mapping_lines(lines, number, here)
    elif here.dashes:
        value_start = here.value_column
        owner = _sequence_owner(lines, number, here.dashes[-1])
        if owner is None:
            return None
        owner_line, owner_shape = owner
        keys = _keys_above(lines, owner_line, owner_shape)
        if keys is None or owner_shape.key is None:
            return None
        path, mapping = (*keys, owner_shape.key), []
    else:
        return None
    if column < value_start:
        return None
    in_list = here.key is None
    start = value_start
    if line.startswith("[", value_start):
        in_list = True
        bracket = line.rfind("[", value_start, column) + 1
        comma = line.rfind(",", value_start, column) + 1
        start = max(bracket, comma)
    while start < column and line[start] in " \t\"'":
        start += 1
    if "#" in line[value_start:column] and _in_comment(line, value_start, column):
        return None
    end = start
    while end < len(line) and (line[end].isalnum() or line[end] in "_.-"):
        end += 1
    end = max(end, column)
    siblings = {key: value for key, value in mapping if key != path[-1]}
    return Context(document_kind(lines.text), path, in_list, number, start, end, line[start:column], siblings)


def _in_comment(line: str, start: int, column: int) -> bool:
    index = line.find("#", start, column)
    return index >= 0 and (index == 0 or line[index - 1] in " \t")


def _keys_above(lines: Lines, number: int, here: Shape) -> tuple[str, ...] | None:
    """The keys of the mappings that hold the key on line ``number``, from the top down."""
    keys: list[str] = []
    current, current_shape = number, here
    for _ in range(_MAX_DEPTH):
        parent = _parent_key(lines, current, current_shape)
        if parent is None:
            return None
        if parent == _TOP:
            return tuple(reversed(keys))
        current, current_shape = parent, shape(lines.line(parent))
        if current_shape.key is None:
            return None
        keys.append(current_shape.key)
    return None


def _parent_key(lines: Lines, number: int, here: Shape) -> int | None:
    """The line of the key whose value holds this line's mapping; _TOP at the top level; None if unclear."""
    if here.dashes:
        return _owner_line(lines, number, here.dashes[-1])
    if here.key_column == 0:
        return _TOP
    for above in range(number - 1, -1, -1):
        other = shape(lines.line(above))
        if other.blank or other.anchor > here.key_column:
            continue
        if other.key_column == here.key_column and other.key is not None:
            if other.dashes:  # the first key of a list item: the item's list holds this mapping
                return _owner_line(lines, above, other.dashes[-1])
            continue  # a sibling key
        if other.dashes and other.anchor == here.key_column:
            continue  # an item of a list a sibling key holds
        if other.anchor < here.key_column and other.key is not None and not other.dashes:
            return above
        return None
    return None


def _owner_line(lines: Lines, number: int, dash: int) -> int | None:
    owner = _sequence_owner(lines, number, dash)
    return owner[0] if owner is not None else None


def _sequence_owner(lines: Lines, number: int, dash: int) -> tuple[int, Shape] | None:
    """The key line that opens the list whose item starts with a dash at column ``dash`` on line ``number``."""
    for above in range(number - 1, -1, -1):
        other = shape(lines.line(above))
        if other.blank or other.anchor > dash or (other.dashes and other.anchor == dash):
            continue
        if other.key is not None and not other.dashes and other.key_column <= dash:
            return above, other
        if other.key is not None and other.dashes and other.key_column <= dash:
            return above, other  # "- steps:" nested in a list item, with its own list below it
        return None
    return None


def _mapping_lines(lines: Lines, number: int, here: Shape) -> list[tuple[str, str]]:
    """The keys and plain values of the mapping the key on line ``number`` belongs to."""
    column = here.key_column
    first = number
    if not here.dashes:
        for above in range(number - 1, -1, -1):
            other = shape(lines.line(above))
            if other.blank or other.anchor > column:
                continue
            if other.key_column == column and other.key is not None:
                first = above
                if other.dashes:
                    break
                continue
            if other.dashes and other.anchor == column:
                continue  # an item of a list a sibling key holds
            break
    found = []
    for below in range(first, len(lines)):
        other = shape(lines.line(below))
        if other.blank or (below > first and other.anchor > column):
            continue
        if below > first and other.anchor < column:
            break
        if other.key is not None and other.key_column == column and (below == first or not other.dashes):
            found.append((other.key, plain_value(lines.line(below)[other.value_column:])))
    return found


def plain_value(text: str) -> str:
    """A scalar as written after its key: the comment and the quotes taken off."""
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    return text.strip().strip("\"'").strip()
