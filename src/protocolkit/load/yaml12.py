"""How protocolkit reads YAML: the YAML 1.2 core schema, safely, on the C parser.

PyYAML follows YAML 1.1, where ``no`` is false, ``10:30`` is the number 630,
``017`` is 15 and ``2024-01-01`` is a date.  In a protocol such readings are
wrong and silent: ``lubricant: no`` would pass as false by accident and
``duration: 10:30`` would become a number nobody wrote.  This loader resolves
plain scalars the YAML 1.2 way (``true``/``false``, decimal, octal ``0o`` and
hex ``0x`` integers, floats, ``null``; everything else is a string), so the
schema sees what the author typed and can say so at the right line.

It also refuses what would read wrongly or without bound: a key given twice
in one mapping (PyYAML keeps the last silently), and aliases that expand into
an enormous or endless document (the "billion laughs").
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from protocolkit.load.numbers import NumberRefused, read_float, read_int, shown

# Past these, a document is refused rather than read: no protocol comes close.
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 64

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
# The first characters a typed plain scalar (bool, int, float, null, merge) can start with.
_MAY_BE_TYPED = frozenset("tTfFnN~-+.0123456789<")


class Yaml12Loader(_BASE):  # type: ignore[misc]
    """The C safe loader with YAML 1.2 core scalars and no duplicate keys."""

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        """A mapping whose own keys are unique; merged keys (``<<: *defaults``) may be overridden."""
        if not isinstance(node, MappingNode):
            raise yaml.constructor.ConstructorError(None, None, f"expected a mapping, found a {type(node).__name__}",
                                                    node.start_mark)
        # Fast path: plain keys that differ as written differ as read.
        written = [key.value for key, _ in node.value if isinstance(key, ScalarNode) and key.tag == STR_TAG]
        if len(written) == len(node.value) and len(set(written)) == len(written):
            return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(None, None, "this key cannot be used as a mapping key",
                                                        key_node.start_mark) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice in this mapping; the second would silently "
                                "replace the first, so keep one", key_node.start_mark)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of a node; most plain scalars in a protocol are words, decided at the first letter."""
        if kind is ScalarNode and implicit[0] and value and value[0] not in _MAY_BE_TYPED:
            return STR_TAG
        tag: str = super().resolve(kind, value, implicit)
        return tag

    def construct_yaml_int(self, node: Node) -> int:
        text = str(self.construct_scalar(node))
        if not _INT.match(text):  # `!!int` on other text; Python's int() would take `1_0` or Arabic-Indic digits
            raise _not_of_type(node, text, "an integer")
        try:
            return read_int(text)
        except NumberRefused as error:
            raise yaml.constructor.ConstructorError(None, None, str(error), node.start_mark) from None

    def construct_yaml_float(self, node: Node) -> float:
        text = str(self.construct_scalar(node))
        if not _FLOAT.match(text):
            raise _not_of_type(node, text, "a number")
        word = text.lstrip("+-").lower()
        if word in (".inf", ".nan"):  # YAML's spelling, which Python's float() does not read
            return float(text[: len(text) - len(word)] + word[1:])
        try:
            return read_float(text)
        except NumberRefused as error:
            raise yaml.constructor.ConstructorError(None, None, str(error), node.start_mark) from None

    def construct_yaml_bool(self, node: Node) -> bool:
        text = str(self.construct_scalar(node))
        if not _BOOL.match(text):  # PyYAML would fail with a KeyError on `!!bool maybe`
            raise _not_of_type(node, text, "true or false")
        return text.lower() == "true"

    def construct_yaml_timestamp(self, node: Node) -> Any:
        text = str(self.construct_scalar(node))
        if not self.timestamp_regexp.match(text):  # PyYAML would fail with an AttributeError
            raise _not_of_type(node, text, "a date or time")
        return super().construct_yaml_timestamp(node)


def _not_of_type(node: Node, text: str, kind: str) -> yaml.constructor.ConstructorError:
    """`!!int` (or another type's tag) on text that is not of that type."""
    return yaml.constructor.ConstructorError(
        None, None, f"'{shown(text)}' is tagged {node.tag.replace('tag:yaml.org,2002:', '!!')} but is not {kind} "
                    "as YAML 1.2 writes one", node.start_mark)


# Start from no implicit resolvers at all (not YAML 1.1's), then add the 1.2 core ones.
Yaml12Loader.yaml_implicit_resolvers = {}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
# Merge keys are YAML 1.1, but anchors with `<<: *defaults` are how people reuse steps.
Yaml12Loader.add_implicit_resolver(MERGE_TAG, re.compile(r"^<<$"), ["<"])
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", Yaml12Loader.construct_yaml_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", Yaml12Loader.construct_yaml_float)
Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", Yaml12Loader.construct_yaml_bool)
Yaml12Loader.add_constructor("tag:yaml.org,2002:timestamp", Yaml12Loader.construct_yaml_timestamp)


_DUMPER_BASE: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Yaml12Dumper(_DUMPER_BASE):  # type: ignore[misc]
    """Writes strings so that both readers agree they are strings.

    It keeps PyYAML's YAML 1.1 resolvers (so ``no`` and ``10:30`` are quoted
    for 1.1 tools such as editors and CI linters) and adds the 1.2 core ones
    protocolkit reads with (so ``1e3`` and ``0o17`` are quoted too): a plain
    scalar that either would read as anything but a string gets quotes.
    """


Yaml12Dumper.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
Yaml12Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
Yaml12Dumper.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
Yaml12Dumper.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])


class ExpansionError(Exception):
    """The document's aliases expand too far or refer to themselves."""

    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.node = node


def check_expansion(root: Node) -> None:
    """Refuse a node graph whose aliases loop, or that expands past the limits.

    Aliases make the composed graph share nodes; counting each node once per
    place it appears (memoised by node) gives the size of the document as
    read, without ever building it.
    """
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    in_progress: set[int] = set()
    # Iterative post-order walk: (node, children visited?)
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            in_progress.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            depths[key] = 1 + max((depths[id(child)] for child in children), default=0)
            # What aliases add beyond the nodes written (len(sizes) counts each once): a long document
            # without aliases never gets here, however many values it holds; a "billion laughs" soon does.
            if sizes[key] - len(sizes) > MAX_EXPANDED_NODES:
                raise ExpansionError(f"aliases expand this document past {MAX_EXPANDED_NODES:,} values more than "
                                     "it spells out; refusing to read it (an alias bomb?)", node)
            if depths[key] > MAX_DEPTH:
                raise ExpansionError(f"the document nests deeper than {MAX_DEPTH} levels; refusing to read it", node)
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise ExpansionError("an alias refers to the collection it stands in, so the document never ends",
                                 node)
        in_progress.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []
