"""The validate pipeline: load -> schema -> model -> rules -> located findings.

Each stage only runs when the one before it succeeded: a file that does not
parse gets one PK002 finding, a document the schema rejects gets its PK001
findings and no rule findings (rules need a well-formed model to reason about).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from attrs import frozen

from . import schemas
from .catalog import Catalog
from .documents import DOCUMENT_SUFFIXES, Document, DocumentError, load_document, parse_document
from .findings import Finding, locate, sort_key
from .rules import run_rules
from .serialize import BuildError, protocol_from_data

PARSE_ERROR = "PK002"
_SKIPPED_DIRECTORIES = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


class PathProblem(Exception):
    """A path on the command line that cannot be validated at all (exit 2)."""


@frozen
class FileResult:
    path: str
    findings: list[Finding]
    # Set when the file could not be read at all (permissions, vanished): no verdict.
    error: str | None = None


def validate_document(document: Document, catalog: Catalog) -> list[Finding]:
    """Every finding for one parsed document, located and in file order."""
    findings = schemas.check("protocol", document.data)
    if not findings:
        try:
            protocol = protocol_from_data(document.data, catalog.regions)
        except BuildError as error:
            findings = [Finding(schemas.SCHEMA_VIOLATION, "error", str(error), error.path)]
        else:
            findings = run_rules(catalog.rules.values(), protocol, catalog)
    return sorted(locate(findings, document), key=sort_key)


def validate_text(text: str | bytes, catalog: Catalog, *, path: str = "<text>", fmt: str = "yaml") -> list[Finding]:
    try:
        document = parse_document(text, path=path, fmt=fmt)
    except DocumentError as error:
        return [_parse_finding(path, error)]
    return validate_document(document, catalog)


def validate_file(path: str, catalog: Catalog) -> FileResult:
    try:
        document = load_document(path)
    except DocumentError as error:
        return FileResult(path, [_parse_finding(path, error)])
    except OSError as error:
        return FileResult(path, [], error=f"{path}: cannot read: {error.strerror or error}")
    return FileResult(path, validate_document(document, catalog))


def _parse_finding(path: str, error: DocumentError) -> Finding:
    return Finding(PARSE_ERROR, "error", error.message, file=path, line=error.line, column=error.column)


def document_paths(paths: Iterable[str]) -> Iterator[str]:
    """The files to validate: files as given, directories searched for YAML and JSON.

    Raises PathProblem for a path that does not exist or a directory with no
    document in it, so that a typo in CI never passes as "nothing wrong".
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                raise PathProblem(f"{given}: no protocol files ({', '.join(DOCUMENT_SUFFIXES)}) in this directory")
            yield from (str(file) for file in found)
        elif path.exists():
            yield given
        else:
            raise PathProblem(f"{given}: no such file or directory")


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRECTORIES)
        for name in files:
            if name.lower().endswith(DOCUMENT_SUFFIXES):
                yield Path(root, name)


def validate_paths(paths: Iterable[str], catalog: Catalog) -> Iterator[FileResult]:
    for path in document_paths(paths):
        yield validate_file(path, catalog)
