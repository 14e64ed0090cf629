"""The installed plugins' entry points, found without importing importlib.metadata.

``importlib.metadata.entry_points()`` is the reference answer, but importing it
brings email, zipfile, csv and more: about 12 ms, as much as the rest of a
one-file ``validate``.  Where packages are installed as the packaging
specifications lay them out (a folder on ``sys.path`` holding
``<name>-<version>.dist-info`` or ``<name>.egg-info`` folders, each with an
``entry_points.txt``), reading those files directly gives the same answer in
about 1 ms.  Anything else, such as a zip file or an ``.egg`` on ``sys.path``,
or an import hook that supplies distributions of its own, goes to
importlib.metadata, which understands them all.

The answer follows importlib.metadata's rules: ``sys.path`` in order, and a
distribution seen again later on the path (by normalised name) is skipped.
A test compares the two on the running environment and on made-up ones.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from attrs import frozen

_INFO_SUFFIXES = (".dist-info", ".egg-info")
# "module.path", "module.path:attr.path", optionally followed by "[extras]".
_OBJECT_REFERENCE = re.compile(r"(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?:\[.*\]\s*)?$")


@frozen
class EntryPoint:
    """One ``name = module:attr`` line of a distribution's entry points."""

    name: str
    value: str
    group: str
    distribution: str | None = None
    version: str | None = None

    def load(self) -> Any:
        match = _OBJECT_REFERENCE.match(self.value)
        if match is None:
            raise ValueError(f"entry point '{self.name}' names no importable object: {self.value!r}")
        loaded: Any = importlib.import_module(match["module"])
        for attribute in filter(None, (match["attr"] or "").split(".")):
            loaded = getattr(loaded, attribute)
        return loaded


def entry_points(group: str) -> list[EntryPoint]:
    """Every entry point in ``group`` on ``sys.path``, in the order importlib.metadata would give them."""
    search = list(sys.path)
    if _needs_importlib_metadata(search):
        return _from_importlib_metadata(group)
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for folder, info in _distribution_folders(search):
        name = _normalise(_name_from_folder(info))
        if name in seen:
            continue
        seen.add(name)
        text = _read(os.path.join(folder, info, "entry_points.txt"))
        if text is None or f"[{group}]" not in text:
            continue
        entries = _group_entries(text, group)
        if entries:
            distribution, version = _name_and_version(os.path.join(folder, info))
            found += [EntryPoint(name, value, group, distribution, version) for name, value in entries]
    return found


def _needs_importlib_metadata(search: Sequence[str]) -> bool:
    """True when something on the path is not a plain folder of installed distributions."""
    from importlib.machinery import PathFinder

    if any(hasattr(finder, "find_distributions") and finder is not PathFinder for finder in sys.meta_path):
        return True
    # A zip (or .egg) on the path holds distributions only importlib.metadata reads.
    return any(entry.lower().endswith(".egg") or os.path.isfile(entry) for entry in search if entry)


def _from_importlib_metadata(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as reference

    return [EntryPoint(point.name, point.value, group, point.dist.name if point.dist else None,
                       point.dist.version if point.dist else None)
            for point in reference(group=group)]


def _distribution_folders(search: Sequence[str]) -> Iterator[tuple[str, str]]:
    for folder in search:
        try:
            names = os.listdir(folder or ".")
        except OSError:  # a path entry that does not exist (python3XX.zip usually) holds nothing
            continue
        for name in names:
            if name.lower().endswith(_INFO_SUFFIXES):
                yield folder or ".", name


def _name_from_folder(info: str) -> str:
    """``foo_bar-1.0.dist-info`` and ``foo_bar.egg-info`` both name ``foo_bar``."""
    stem = info.rsplit(".", 1)[0]
    return stem.split("-", 1)[0]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _group_entries(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = value`` lines of one ``[group]`` section (comments and blank lines skipped)."""
    entries: list[tuple[str, str]] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, value = line.split("=", 1)
            entries.append((name.strip(), value.strip()))
    return entries


def _name_and_version(info_folder: str) -> tuple[str | None, str | None]:
    """The ``Name`` and ``Version`` headers of METADATA (dist-info) or PKG-INFO (egg-info)."""
    text = _read(os.path.join(info_folder, "METADATA")) or _read(os.path.join(info_folder, "PKG-INFO")) or ""
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break  # the headers end at the first blank line; the long description follows
        key, _, value = line.partition(":")
        headers.setdefault(key.strip().lower(), value.strip())
    return headers.get("name"), headers.get("version")
