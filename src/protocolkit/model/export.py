"""An export format and what it renders from: the value types of the exporter hook.

An exporter is a pure function from an `ExportContext` to text: it reads the
protocol, the catalog (names, pairings, technique descriptions) and, when the
therapist screened against an intake, the screening (verdict and findings,
which carry nothing of the intake but condition ids and the client reference).
"""


from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from attrs import field, frozen

if TYPE_CHECKING:
    from protocolkit.check.screening import Screening
    from protocolkit.model.protocol import Protocol
    from protocolkit.plugin.catalog import Catalog

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@frozen
class ExportContext:
    protocol: Protocol
    catalog: Catalog
    screening: Screening | None = None
    # Format-specific options from the command line, e.g. {"fhir-version": "R4B"}.
    options: Mapping[str, str] = field(factory=dict)
    # The (region id, side) pairs the client's intake rules out, for the body map: ids and sides only.
    ruled_out: frozenset[tuple[str, str]] = frozenset()


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
