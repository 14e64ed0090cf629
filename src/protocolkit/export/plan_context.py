"""What a treatment plan's exports render from: the checked plan, its calendar and its Plan lines.

The calendar (`PlanSession`) and the Plan lines come from
``protocolkit.report.plan_summary``, which this stage does not import (export
and report are independent stages): the command that exports a plan works
them out and hands them in, so that every face of a plan (the summary, the
sheet, the calendar file, FHIR) schedules the sessions the same way.

A plan holds no client data, and neither does anything made from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from attrs import field, frozen

if TYPE_CHECKING:
    from protocolkit.check.plan import PlanReport
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.report.plan_summary import PlanSession, PlanSummary


@frozen
class PlanExport:
    """A plan that checks without errors, every phase's protocol read, ready to render.

    ``sessions`` is the calendar, dated from ``start`` when one was given;
    ``summary`` has the SOAP Plan line of each phase and the figures;
    ``options`` the command line's format options (``paper``, ``fhir-version``,
    ``time`` for the calendar file)."""

    report: PlanReport
    sessions: tuple[PlanSession, ...]
    summary: PlanSummary
    catalog: Catalog
    start: date | None = None
    options: Mapping[str, str] = field(factory=dict)
