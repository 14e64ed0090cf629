"""The round-trip tree of a YAML document (ruamel.yaml), its comments, and putting edited lines back.

ruamel.yaml reads YAML into ``CommentedMap``/``CommentedSeq`` values that
keep their comments and quoting, and writes them back as they were, as far
as its layout options allow: the indentation is read from the text
(``layout``).  ``merge`` then keeps the original's own lines wherever the
edit changed nothing.  Imported only by ``roundtrip`` when a document is
edited in a way the text cannot be edited in place (a key added or removed,
a list item moved), never by ``validate``.
"""

from __future__ import annotations

import difflib
import io
import re
from itertools import pairwise
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.tokens import CommentToken


def yaml_for(text: str) -> YAML:
    """A round-trip reader and writer laid out as ``text`` is: its indentation, quotes kept, no folding."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line the author kept on one
    mapping, sequence, offset = layout(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def load(yaml: YAML, text: str) -> Any:
    return yaml.load(text)


def dump(yaml: YAML, tree: Any) -> str:
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def styled(old: Any, value: Any) -> Any:
    """``value`` as the tree holds it: a string in the quoting of the one it replaces, lists and mappings as
    the round-trip types (a new list of words in brackets, as the examples write goals; of mappings, as
    a block)."""
    if isinstance(value, str) and isinstance(old, ScalarString) and "\n" not in value:
        return type(old)(value)
    if isinstance(value, list):
        if isinstance(old, CommentedSeq):
            old[:] = value
            return old
        seq = CommentedSeq(styled(None, item) for item in value)
        if value and not any(isinstance(item, (dict, list)) for item in value):
            seq.fa.set_flow_style()  # words in brackets; steps, one under the other
        return seq
    if isinstance(value, dict):
        return CommentedMap((key, styled(None, item)) for key, item in value.items())
    return value


def insert(mapping: Any, place: int, key: str, value: Any) -> None:
    """A new key at ``place``; the comment lines after the key before it now come after the new one."""
    keys = list(mapping)
    rest = take_rest(mapping, keys[place - 1]) if place > 0 else ""
    mapping.insert(place, key, styled(None, value))
    give_rest(mapping, key, rest)


def remove(mapping: Any, key: str) -> None:
    """The key gone; the comment lines after it stay where they were (after the key before it)."""
    keys = list(mapping)
    at = keys.index(key)
    rest = take_rest(mapping, key)
    del mapping[key]
    if rest and at > 0:
        give_rest(mapping, keys[at - 1], rest)
    elif rest and len(keys) > 1:
        give_rest(mapping, keys[1], rest)


# -- comments: ruamel.yaml keeps the lines after a value with that value ----------------------------

def _trailing_slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """Where the comment after the value at ``key`` lives: inside a block collection, its last item's."""
    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
        return _trailing_slot(value, len(value) - 1 if isinstance(value, list) else list(value)[-1])
    return container, key, 0 if isinstance(container, list) else 2


def take_rest(container: Any, key: Any) -> str:
    """Remove and return the full comment lines after the value at ``key`` (its end-of-line comment stays)."""
    holder, where, slot = _trailing_slot(container, key)
    entry = holder.ca.items.get(where)
    token = entry[slot] if entry else None
    if token is None:
        return ""
    eol, rest = _split(token.value, _is_block(holder[where]))
    if not rest:
        return ""
    if eol:
        token.value = eol
    else:
        entry[slot] = None
    return str(rest)


def give_rest(container: Any, key: Any, rest: str) -> None:
    """Put full comment lines after the value at ``key``, after any it has."""
    if not rest:
        return
    holder, where, slot = _trailing_slot(container, key)
    entry = holder.ca.items.setdefault(where, [None, None, None, None])
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken(rest if _is_block(holder[where]) else "\n" + rest, CommentMark(0), None)
    else:
        token.value += rest


def give_first(items: Any, comment: str) -> None:
    """Put full comment lines before a list's first item, after any it has."""
    token = CommentToken(comment, CommentMark(0), None)
    if items.ca.comment and items.ca.comment[1]:
        items.ca.comment[1].append(token)
    else:
        items.ca.comment = [None, [token]]


def _split(comment: str, block: bool) -> tuple[str, str]:
    """(end-of-line part, following lines) of a comment after a value; after a block scalar, all follow."""
    if block:
        return "", comment
    if comment.startswith("#"):
        eol, newline, rest = comment.partition("\n")
        return eol + newline, rest
    return "", comment.removeprefix("\n")


def _is_block(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


# -- layout -------------------------------------------------------------------------------------------

_KEY_ALONE = re.compile(r"(\s*)[^\s#-][^#]*:\s*(#.*)?")


def layout(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the text writes nested blocks; 2, 2, 0 unsaid."""
    mapping = sequence = offset = None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for line, after in pairwise(lines):
        key = _KEY_ALONE.fullmatch(line)
        if not key:
            continue
        step = len(after) - len(after.lstrip()) - len(key[1])
        item = re.match(r"-(\s+)", after.lstrip())
        if item and sequence is None and step >= 0:
            offset, sequence = step, step + 1 + len(item[1])
        elif not item and mapping is None and step > 0:
            mapping = step
        if mapping is not None and sequence is not None:
            break
    return mapping or 2, sequence or 2, offset or 0


def merge(original: str, unchanged: str, edited: str) -> str:
    """``original`` with the lines where ``unchanged`` and ``edited`` differ replaced by ``edited``'s.

    A line of ``unchanged`` that is in the original and not edited is an anchor.  Between two
    anchors, the original's lines are kept when the edit changed nothing there, and replaced by the
    edited lines when it did: the rest of the original stays as written."""
    ours, base, theirs = (text.splitlines(keepends=True) for text in (original, unchanged, edited))
    in_ours = _matched(base, ours)
    in_theirs = _matched(base, theirs)
    anchors = [(-1, -1, -1)]
    anchors += [(line, in_ours[line], in_theirs[line]) for line in range(len(base))
                if line in in_ours and line in in_theirs]
    anchors.append((len(base), len(ours), len(theirs)))
    result: list[str] = []
    for (base_at, ours_at, theirs_at), (base_next, ours_next, theirs_next) in pairwise(anchors):
        if base[base_at + 1:base_next] == theirs[theirs_at + 1:theirs_next]:
            result += ours[ours_at + 1:ours_next]
        else:
            result += theirs[theirs_at + 1:theirs_next]
        if ours_next < len(ours):
            result.append(ours[ours_next])
    return "".join(result)


def _matched(lines: list[str], other: list[str]) -> dict[int, int]:
    """Each line of ``lines`` that the longest matching of the two keeps, with its line in ``other``."""
    matched: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, lines, other, autojunk=False).get_matching_blocks():
        for offset in range(block.size):
            matched[block.a + offset] = block.b + offset
    return matched
