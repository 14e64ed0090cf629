"""Exporters: a validated protocol out as a document for people or other systems.

Each format is an `Exporter` registered through ``protocolkit_register_exporters``;
the core's own (markdown, html, fhir) are a built-in plugin like any other.
An exporter is a pure function from an `ExportContext` to text: it reads the
protocol, the catalog (names, pairings, technique descriptions) and, when the
therapist screened against an intake, the verdict and findings, which carry
nothing of the intake but condition ids and the client reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from attrs import field, frozen

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..findings import Finding
    from ..model import Protocol

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def _findings(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(items)


@frozen
class Screening:
    """The outcome of screening the protocol against one client's intake."""

    client: str
    verdict: str
    findings: tuple[Finding, ...] = field(converter=_findings, default=())


@frozen
class ExportContext:
    protocol: Protocol
    catalog: Catalog
    screening: Screening | None = None
    # Format-specific options from the command line, e.g. {"fhir-version": "R4B"}.
    options: Mapping[str, str] = field(factory=dict)


def _exporter_id(_instance: object, _attribute: object, value: str) -> None:
    if not _ID.match(value):
        raise ValueError(f"exporter id {value!r} must be a lower-case slug such as 'html'")


@frozen
class Exporter:
    """One export format: its id (``--to``), what it is, the file suffix, and how to render."""

    id: str = field(validator=_exporter_id)
    description: str
    suffix: str
    render: Callable[[ExportContext], str] = field(eq=False)
