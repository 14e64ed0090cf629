"""Editing a document's text in place: change some values, get the text back with only those lines changed.

A form that edits a protocol must leave the file its author wrote: comments,
key order, quoting, blank lines and every untouched line stay byte for byte.

- A value that replaces a one-line scalar in a block mapping (a pressure, a
  title, a region: what a form changes as the user types) is written over
  that scalar in the text, in its quoting, and nothing else moves.
- Anything else (a key added or removed, a list item moved, duplicated,
  deleted or added) edits the YAML as ruamel.yaml's round-trip tree, which
  keeps comments and quoting (``roundtrip_tree``); JSON, which has no
  comments, as plain ``dict``s in their key order.  Then three texts are
  compared: the text, the tree written back unchanged, and the tree written
  back edited.  Only the lines where the last two differ are replaced, so a
  file laid out in a way the writer would not lay it out keeps its layout
  wherever it was not edited.  The result is read back with the project's own
  loader and must mean what the edited tree means, or the whole tree as
  written is used.

A comment line belongs to what follows it: when a key or a list item is
removed, moved or added, the full-line comments after it stay where they
were in the text (ruamel.yaml attaches them to the value before).  The text
must first load with ``load.documents.parse_document``: hostile YAML is
refused there, before ruamel.yaml sees it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import yaml as pyyaml

from protocolkit.load.documents import DocumentError, parse_document
from protocolkit.load.yaml12 import Yaml12Loader

Path = tuple[str | int, ...]


class EditError(Exception):
    """The text cannot be edited as a document (it does not load, or is not a mapping)."""


class Edit:
    """One document's text being edited; ``text()`` is the edited text."""

    def __init__(self, text: str, *, fmt: str = "yaml", path: str = "document.yaml", data: Any = None) -> None:
        """``data``: what ``parse_document`` read from ``text`` already, if the caller has it (never changed)."""
        self.fmt, self.path = fmt, path
        self.crlf, self.bom = "\r\n" in text, text.startswith("\ufeff")
        self._text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        self._data = data if data is not None and self._text == text else self._parse(self._text)
        if not isinstance(self._data, dict):
            raise EditError("the document is not a mapping of keys to values")
        self._tree: Any = None  # the round-trip tree, once an edit needs it
        self._yaml: Any = None
        self._start = ""  # the text the tree was read from
        self._detached: dict[int, tuple[Any, list[str]]] = {}  # id(list) -> (list, comment before each item)
        self.changed = False

    @property
    def data(self) -> Any:
        """The data ``parse_document`` reads from ``text()``, while no edit needed the tree; else None."""
        return self._data if self._tree is None else None

    @property
    def root(self) -> Any:
        """The document's data as edited so far (the round-trip tree once there is one)."""
        return self._tree if self._tree is not None else self._data

    def value(self, path: Path) -> Any:
        """The value at ``path``, or None when there is none."""
        node = self.root
        for part in path:
            if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
            elif isinstance(part, str) and isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node

    # -- values -----------------------------------------------------------------------------------

    def set(self, path: Path, value: Any, *, order: Sequence[str] = ()) -> bool:
        """Set the value at ``path`` (a new key goes where ``order`` puts it); False when it was that already."""
        parent, key = self._parent(path)
        exists = isinstance(parent, list) or key in parent
        if exists and _same(parent[key], value):
            return False
        self.changed = True
        if exists and self._tree is None and self._splice(path, value):
            return True
        parent, key = self._parent(path, tree=True)
        if isinstance(parent, list) or key in parent:
            parent[key] = self._styled(parent[key], value)
        elif self.fmt == "yaml":
            from protocolkit.load import roundtrip_tree

            roundtrip_tree.insert(parent, _place(list(parent), key, order), key, value)
        else:
            items = list(parent.items())
            items.insert(_place([k for k, _ in items], key, order), (key, value))
            parent.clear()
            parent.update(items)
        return True

    def remove(self, path: Path) -> bool:
        """Remove the key at ``path``; False when there was none."""
        parent, key = self._parent(path)
        if not isinstance(parent, dict) or key not in parent:
            return False
        self.changed = True
        parent, key = self._parent(path, tree=True)
        if self.fmt == "yaml":
            from protocolkit.load import roundtrip_tree

            roundtrip_tree.remove(parent, key)
        else:
            del parent[key]
        return True

    # -- list items -------------------------------------------------------------------------------

    def move(self, path: Path, index: int, to: int) -> None:
        items, before = self._items(path)
        items.insert(to, items.pop(index))
        before.insert(to, before.pop(index))

    def duplicate(self, path: Path, index: int) -> None:
        """A copy of the item after it, without its comments (a new step is not the old one's notes)."""
        items, before = self._items(path)
        items.insert(index + 1, self._styled(None, _plain(items[index])))
        before.insert(index + 1, "")

    def delete(self, path: Path, index: int) -> None:
        items, before = self._items(path)
        del items[index]
        comment = before.pop(index)
        if index < len(before):  # a comment before the removed item now comes before the next one
            before[index] = comment + before[index]

    def insert(self, path: Path, index: int, item: dict[str, Any]) -> None:
        items, before = self._items(path)
        items.insert(index, self._styled(None, item))
        before.insert(index, "")

    # -- writing ----------------------------------------------------------------------------------

    def text(self) -> str:
        """The edited text: the original, with the lines the edits changed replaced."""
        merged = self._text
        if self._tree is not None:
            self._attach()
            edited = self._dump(self._tree)
            unchanged = self._dump(self._load(self._start))
            if unchanged == self._start:
                merged = edited
            else:
                from protocolkit.load.roundtrip_tree import merge

                merged = merge(self._start, unchanged, edited)
                if merged != edited and not self._means_the_same(merged, edited):
                    merged = edited
        return ("\ufeff" if self.bom else "") + (merged.replace("\n", "\r\n") if self.crlf else merged)

    # -- inside -----------------------------------------------------------------------------------

    def _parse(self, text: str) -> Any:
        try:
            return parse_document(text, path=self.path, fmt=self.fmt).data
        except DocumentError as error:
            raise EditError(f"line {error.line}: {error.message}") from None

    def _parent(self, path: Path, *, tree: bool = False) -> tuple[Any, Any]:
        if tree and self._tree is None:
            self._grow()
        parent, key = self.value(path[:-1]), path[-1]
        if isinstance(parent, dict) and isinstance(key, str) or \
                isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            return parent, key
        raise EditError(f"there is no place for {'.'.join(str(p) for p in path)} in the document")

    def _grow(self) -> None:
        """The round-trip tree of the text as it stands: from here on, edits are the tree's."""
        self._start = self._text
        if self.fmt == "yaml":
            from protocolkit.load.roundtrip_tree import yaml_for

            self._yaml = yaml_for(self._start)
        self._tree = self._load(self._start)

    def _splice(self, path: Path, value: Any) -> bool:
        """Write ``value`` over the one-line scalar at ``path`` in the text, in its quoting; False when the
        text cannot be edited so (a block scalar, a flow list, JSON: the tree does it)."""
        if self.fmt != "yaml" or not isinstance(value, (str, int)) or isinstance(value, bool):
            return False
        node: Any = pyyaml.compose(self._text, Loader=Yaml12Loader)
        parent = None
        for part in path:
            parent = node
            if isinstance(node, pyyaml.MappingNode) and isinstance(part, str):
                node = next((v for k, v in node.value if isinstance(k, pyyaml.ScalarNode) and k.value == part), None)
            elif isinstance(node, pyyaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                return False
        if not isinstance(node, pyyaml.ScalarNode) or (node.style or None) not in (None, "'", '"') or \
                node.start_mark.line != node.end_mark.line or getattr(parent, "flow_style", True):
            return False
        written = _scalar(value, node.style or None)  # the C loader says '' for plain
        if written is None:
            return False
        edited = self._text[:node.start_mark.index] + written + self._text[node.end_mark.index:]
        try:
            data = parse_document(edited, path=self.path, fmt="yaml").data
        except DocumentError:
            return False
        kept = self._data
        self._data = data
        if not _same(self.value(path), value):  # it would not read back as itself: the tree writes it
            self._data = kept
            return False
        self._text = edited
        return True

    def _items(self, path: Path) -> tuple[Any, list[str]]:
        if self._tree is None:
            self._grow()
        items = self.value(path)
        if not isinstance(items, list):
            raise EditError(f"{'.'.join(str(p) for p in path)} is not a list")
        self.changed = True
        if id(items) not in self._detached:
            before = [""] * (len(items) + 1)
            if self.fmt == "yaml":
                from protocolkit.load.roundtrip_tree import take_rest

                # The comment lines after an item are the next item's (or the list's end): held apart while
                # items move, and given back to whatever item then comes before them.
                for number in range(len(items)):
                    before[number + 1] = take_rest(items, number)
            self._detached[id(items)] = (items, before)
        return items, self._detached[id(items)][1]

    def _attach(self) -> None:
        if self.fmt != "yaml":
            return
        from protocolkit.load.roundtrip_tree import give_first, give_rest

        for items, before in self._detached.values():
            for number, comment in enumerate(before):
                if comment and number > 0:
                    give_rest(items, number - 1, comment)
                elif comment:
                    give_first(items, comment)
        self._detached.clear()

    def _load(self, text: str) -> Any:
        if self.fmt == "json":
            return json.loads(text)
        from protocolkit.load.roundtrip_tree import load

        return load(self._yaml, text)

    def _dump(self, data: Any) -> str:
        if self.fmt == "json":
            found = re.search(r"^\{\s*\n([ ]+)\"", self._start)
            return json.dumps(data, indent=len(found[1]) if found else 2, ensure_ascii=False) + \
                ("\n" if self._start.endswith("\n") else "")
        from protocolkit.load.roundtrip_tree import dump

        return dump(self._yaml, data)

    def _styled(self, old: Any, value: Any) -> Any:
        if self.fmt == "json":
            return value
        from protocolkit.load.roundtrip_tree import styled

        return styled(old, value)

    def _means_the_same(self, merged: str, edited: str) -> bool:
        try:
            return bool(parse_document(merged, path=self.path, fmt=self.fmt).data ==
                        parse_document(edited, path=self.path, fmt=self.fmt).data)
        except DocumentError:
            return False


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return bool(isinstance(old, type(new)) or isinstance(new, type(old))) and old == new


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _place(keys: list[str], key: str, order: Sequence[str]) -> int:
    """Where a new key goes: after the last key that comes before it in ``order`` (else first, or last
    when ``order`` does not name it)."""
    if key not in order:
        return len(keys)
    rank = order.index(key)
    return max((at + 1 for at, existing in enumerate(keys) if existing in order and order.index(existing) < rank),
               default=0)


def _scalar(value: str | int, style: str | None) -> str | None:
    """``value`` as a one-line YAML scalar in ``style`` (plain when it reads back as itself, else quoted)."""
    if isinstance(value, int):
        return str(value) if style is None else None
    if "\n" in value or "\r" in value:
        return None
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style is None and value == value.strip() and value and not re.search(r"[\x00-\x1f\x7f]", value):
        try:
            if pyyaml.load(f"k: {value}\n", Loader=Yaml12Loader) == {"k": value}:
                return value
        except pyyaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
