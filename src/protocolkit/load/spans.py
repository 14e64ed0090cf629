"""Where a value is written: the characters of each scalar and key in a document's text.

`Document.locate` answers "which line and column", which is all a finding
needs.  An edit needs more: the first and last character of the value as
written, and whether replacing them would touch anything else (an anchor, a
tag, a value shared through an alias).  Only fixes ask this, so it is its own
index, built on demand from a text that has already parsed: validating never
pays for it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from typing import Final, Literal

import yaml
from attrs import frozen
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from protocolkit.load.yaml12 import MERGE_TAG, Yaml12Loader

__all__ = ["Span", "Spans", "rewritten", "spans_of"]

Path = tuple[str | int, ...]
Style = Literal["plain", "single", "double", "json"]
_JSON_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
# Characters that mean nothing to YAML in block or flow context; anything else is quoted.
_PLAIN_SAFE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_STYLES: Final[dict[str | None, Style]] = {None: "plain", "": "plain", "'": "single", '"': "double"}


@frozen
class Span:
    """A scalar as written: ``text[start:end]``, its string value (None for a number or the
    like) and its quoting.  ``editable`` is False when the characters are more than the value
    (an anchor, a tag, escapes, a scalar folded over lines) or the value is shared through an
    alias or a merge, so that replacing them could change something else."""

    start: int
    end: int
    value: str | None
    style: Style
    editable: bool


class Spans:
    """The spans of one text's scalars: values by JSON path, mapping keys by the path of their value."""

    def __init__(self, values: dict[Path, Span], keys: dict[Path, Span], scalars: list[tuple[int, int]]) -> None:
        self._values = values
        self._keys = keys
        self._starts = [start for start, _ in scalars]
        self._scalars = scalars

    def value(self, path: Path) -> Span | None:
        return self._values.get(path)

    def key(self, path: Path) -> Span | None:
        return self._keys.get(path)

    def inside_scalar(self, offset: int) -> bool:
        """Whether ``offset`` falls within some scalar's characters (so a ``#`` there is no comment)."""
        at = bisect_right(self._starts, offset) - 1
        return at >= 0 and self._scalars[at][0] <= offset < self._scalars[at][1]


def rewritten(span: Span, new_value: str) -> str | None:
    """The characters to write in place of ``span`` so that it reads as ``new_value``, in the
    same quoting where that is safe, or None when ``span`` cannot be edited."""
    if not span.editable:
        return None
    if span.style == "single" and "\n" not in new_value and "\r" not in new_value:
        return "'" + new_value.replace("'", "''") + "'"
    if span.style == "plain" and _plain_reads_as(new_value):
        return new_value
    return json.dumps(new_value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar too


def _plain_reads_as(value: str) -> bool:
    """Whether ``value`` written unquoted reads back as itself, in YAML 1.2 and in 1.1 tools,
    in block and in flow context alike (ids such as 'posterior-thigh', not 'no' or '1e3')."""
    if not _PLAIN_SAFE.match(value):
        return False
    try:
        return bool(yaml.load(value, Loader=Yaml12Loader) == value and yaml.safe_load(value) == value)
    except (yaml.YAMLError, ValueError):
        return False


def spans_of(text: str, fmt: str) -> Spans:
    """The spans of ``text``, a document in ``fmt`` ("yaml" or "json") that has already parsed."""
    return _json_spans(text) if fmt == "json" else _yaml_spans(text)


# -- YAML -------------------------------------------------------------------------------------------

def _yaml_spans(text: str) -> Spans:
    root = yaml.compose(text, Loader=Yaml12Loader)
    values: dict[Path, Span] = {}
    keys: dict[Path, Span] = {}
    if root is None:
        return Spans(values, keys, [])
    uses = _uses(root)
    scalars: list[tuple[int, int]] = []
    expanded: set[int] = set()
    pending: list[tuple[Path, Node, bool]] = [((), root, False)]
    while pending:
        path, node, shared = pending.pop()
        shared = shared or uses[id(node)] > 1
        if isinstance(node, ScalarNode):
            values[path] = _scalar_span(text, node, shared)
            continue
        if id(node) in expanded:
            continue
        expanded.add(id(node))
        if isinstance(node, SequenceNode):
            pending.extend(((*path, index), item, shared) for index, item in enumerate(node.value))
            continue
        for key_node, value_node in node.value:
            # Merged keys (`<<: *defaults`) are left out: their values are written elsewhere.
            if key_node.tag == MERGE_TAG or not isinstance(key_node, ScalarNode):
                continue
            child = (*path, key_node.value)
            keys[child] = _scalar_span(text, key_node, shared or uses[id(key_node)] > 1)
            pending.append((child, value_node, shared))
    for node in _scalar_nodes(root):
        scalars.append((node.start_mark.index, node.end_mark.index))
    scalars.sort()
    return Spans(values, keys, scalars)


def _uses(root: Node) -> Counter[int]:
    """How many places refer to each node (an alias is a second place); containers are walked once."""
    uses: Counter[int] = Counter({id(root): 1})
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen or isinstance(node, ScalarNode):
            continue
        seen.add(id(node))
        for child in _children(node):
            uses[id(child)] += 1
            pending.append(child)
    return uses


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            yield key_node
            yield value_node
    elif isinstance(node, SequenceNode):
        yield from node.value


def _scalar_nodes(root: Node) -> Iterator[ScalarNode]:
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        else:
            pending.extend(_children(node))


def _scalar_span(text: str, node: ScalarNode, shared: bool) -> Span:
    start, end = node.start_mark.index, node.end_mark.index
    written = text[start:end]
    style = _STYLES.get(node.style)
    value = node.value if node.tag == "tag:yaml.org,2002:str" else None
    # The characters must be exactly the value in its quotes: no anchor, tag, escape or folding.
    if style == "plain":
        exact = written == node.value
    elif style == "single":
        exact = "\n" not in written and written == "'" + node.value.replace("'", "''") + "'"
    elif style == "double":
        exact = "\\" not in written and "\n" not in written and written == f'"{node.value}"'
    else:  # block scalars (| and >)
        exact, style = False, "plain"
    return Span(start, end, value, style, exact and not shared)


# -- JSON -------------------------------------------------------------------------------------------

def _json_spans(text: str) -> Spans:
    """Scalar tokens by path in a JSON text that `json.loads` has already accepted."""
    values: dict[Path, Span] = {}
    keys: dict[Path, Span] = {}
    open_containers: list[tuple[Path, list[int] | None]] = []  # arrays carry their next index
    expect_key = False
    key: str = ""
    key_span: Span | None = None
    for match in _JSON_TOKEN.finditer(text):
        token, start, end = match.group(), match.start(), match.end()
        if token in (":", ",", "}", "]"):
            if token in ("}", "]"):
                open_containers.pop()
            expect_key = token == "," and open_containers[-1][1] is None
            continue
        if expect_key:
            key = json.loads(token)
            key_span, expect_key = Span(start, end, key, "json", True), False
            continue
        if not open_containers:
            path: Path = ()
        elif (counter := open_containers[-1][1]) is None:
            path = (*open_containers[-1][0], key)
            if key_span is not None:
                keys[path] = key_span
        else:
            path = (*open_containers[-1][0], counter[0])
            counter[0] += 1
        if token in ("{", "["):
            open_containers.append((path, None if token == "{" else [0]))
            expect_key = token == "{"
        else:
            value = json.loads(token) if token.startswith('"') else None
            values[path] = Span(start, end, value, "json", True)
    return Spans(values, keys, [])
