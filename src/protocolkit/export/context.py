"""What an export renders from, or why there is nothing to render.

A protocol is exported only when it validates without errors.  With an
intake, what screening says about the client does not stop the export: it is
what the sheet tells the therapist, under its verdict; the sheet carries only
those findings (condition ids and the client reference, nothing else of the
intake), and the body map the regions the intake rules out (ids and sides).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from protocolkit.check.restrictions import assess
from protocolkit.check.validation import check
from protocolkit.export.bodymap import ruled_out

from protocolkit.check.verdicts import screening_of
from protocolkit.load.documents import Document
from protocolkit.model.codes import CLIENT_SCREENING
from protocolkit.model.conditions import Intake
from protocolkit.model.export import ExportContext
from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Protocol
from protocolkit.plugin.catalog import Catalog


def export_context(document: Document, catalog: Catalog, intake: Intake | None = None,
                   options: Mapping[str, str] | None = None) -> ExportContext | list[Finding]:
    """The context to render ``document`` from, or the errors that stop its export.

    An empty list of errors means the document is not a protocol at all."""
    checked = check(document, catalog, intake)
    blocking = [f for f in checked.findings if f.severity == "error" and f.code not in CLIENT_SCREENING]
    if blocking or not isinstance(checked.model, Protocol):
        return blocking
    screened = screening_of(checked, intake, catalog) if intake is not None else None
    if screened is not None:
        screened = attrs.evolve(screened, findings=[f for f in screened.findings if f.code in CLIENT_SCREENING])
    barred = ruled_out(assess(intake, catalog), catalog.regions) if intake is not None else frozenset()
    return ExportContext(checked.model, catalog, screened, dict(options or {}), barred)
