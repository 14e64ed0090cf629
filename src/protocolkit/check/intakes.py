"""An intake document checked: the schema, the calendar, and the catalog's ids.

The validate pipeline's check for ``kind: intake``; screening reads intakes
through it too (``validation.read_intake``), so every face sees the same
findings.  Nothing from the intake is quoted in them.
"""

from __future__ import annotations

from collections.abc import Iterator

from protocolkit.load import schemas
from protocolkit.load.documents import Document
from protocolkit.load.serialize import calendar_date, intake_from_data
from protocolkit.model.conditions import Intake
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog


def check_intake_document(document: Document, catalog: Catalog,
                          _intake: Intake | None = None) -> tuple[Intake | None, list[Finding]]:
    """The intake model (None when the schema rejects the document) and every finding on it."""
    findings = schemas.check("intake", document.data)
    if findings:
        return None, findings
    intake = intake_from_data(document.data, catalog.regions)
    from protocolkit.check import screening

    return intake, [*_impossible_dates(document.data), *screening.check_intake(intake, catalog)]


def _impossible_dates(data: dict[str, object]) -> Iterator[Finding]:
    """A ``since`` the schema's pattern let through but no calendar has (2026-02-30): no verdict."""
    entries = data.get("conditions")
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        if isinstance(entry, dict) and "since" in entry and calendar_date(entry["since"]) is None:
            yield Finding(schemas.SCHEMA_VIOLATION, "error", "'since' is not a day of the calendar; write it as "
                          "YYYY-MM-DD, such as 2026-03-01", ("conditions", index, "since"))
