"""What ``validate`` checks in a screening case (``kind: screening-case``).

The case's schema and its intake's (a file name, or an intake written in),
then the values the schema cannot see (a real date, no step both flagged and
spared), then an intake written in as an intake file is checked: every
condition and region it names must be known.  Running the case, screening its
protocol and comparing, is ``protocolkit.check.cases``; this module stays
light, since ``validate`` imports it on every run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from protocolkit.load.documents import Document
    from protocolkit.model.cases import ScreeningCase
    from protocolkit.model.conditions import Intake
    from protocolkit.model.findings import Finding
    from protocolkit.plugin.catalog import Catalog


def check_case(document: Document, catalog: Catalog, _intake: Intake | None = None) -> tuple[ScreeningCase | None,
                                                                                             list[Finding]]:
    """The case built, with the findings on its written-in intake; or no case and the findings that stop it.

    An intake written in that names an unknown condition still builds: as an
    intake file would, it gives "no verdict" when the case is run."""
    # Only a run that meets a case pays for these.
    from protocolkit.check.screening import check_intake
    from protocolkit.load.cases import case_from_data, schema_findings, under_intake
    from protocolkit.load.schemas import SCHEMA_VIOLATION
    from protocolkit.load.serialize import BuildError
    from protocolkit.model.findings import Finding

    findings = schema_findings(document.data)
    if findings:
        return None, findings
    try:
        case = case_from_data(document.data, catalog.regions, document.path)
    except BuildError as error:
        return None, [Finding(SCHEMA_VIOLATION, "error", message, path) for message, path in error.problems]
    if isinstance(case.intake, str):
        return case, []
    return case, under_intake(check_intake(case.intake, catalog))
