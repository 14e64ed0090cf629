"""A curriculum's handbook: a cover with its hours report, then the sheet of every protocol it teaches.

One HTML document for `protocolkit export CURRICULUM --to html|pdf`: the cover
(the programme, its requirements met or short, its hours per subject,
modality, technique and region, its modules) and then each taught protocol's
session sheet, the same ``sheet/sheet.html`` the protocol's own export
writes, each starting on a new page.  A protocol taught by several modules is
printed once, where it is first taught.  Printed, every page carries its
number ("page 3 of 12") through the ``@page`` margin box, which Chromium fills
in.

Each sheet is rendered on its own with its own variables (``handbook/sheet.html``
around ``sheet/sheet.html``), between the handbook's opening (head and cover)
and its closing, so that the handbook needs to know nothing of what a sheet
renders from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen

from protocolkit.check.curriculum import CurriculumReport, format_hours, meets, subject_words
from protocolkit.export.templating import environment, paper_size, sheet_variables
from protocolkit.model.export import ExportContext
from protocolkit.model.protocol import Protocol
from protocolkit.plugin.catalog import Catalog


@frozen
class Requirement:
    label: str
    required: str
    actual: str
    met: bool
    short: str


@frozen
class CoverageCell:
    """One subject against one profile: hours have/need and the verdict in words (coloured by ``state``)."""

    text: str
    state: str  # "met", "short" or "not-asked"


@frozen
class CoverageRow:
    subject: str
    cells: tuple[CoverageCell, ...]


@frozen
class Coverage:
    """The installed requirement profiles against this curriculum: subjects down, profiles across."""

    profiles: tuple[str, ...]
    verdicts: tuple[CoverageCell, ...]
    rows: tuple[CoverageRow, ...]


@frozen
class HoursRow:
    name: str
    hours: str


@frozen
class Module:
    title: str
    subject: str
    contact: str
    clinic: str
    protocols: tuple[str, ...]


def render(report: CurriculumReport, catalog: Catalog, options: Mapping[str, str] | None = None) -> str:
    """The handbook of a checked curriculum: a complete HTML document (``options["paper"]`` as the sheet's)."""
    options = dict(options or {})
    templates = environment()
    paper = paper_size(str(options.get("paper", "a4")))
    parts = [templates.get_template("handbook/opening.html").render(cover_variables(report, catalog), paper=paper)]
    sheet = templates.get_template("handbook/sheet.html")
    parts += [sheet.render(sheet_variables(ExportContext(protocol, catalog, None, options)))
              for protocol in taught_protocols(report)]
    parts.append(templates.get_template("handbook/closing.html").render())
    # Jinja2 drops each template's final line break; the parts are lines, and a text file ends with one.
    return "\n".join(parts) + "\n"


def taught_protocols(report: CurriculumReport) -> list[Protocol]:
    """Every protocol the curriculum teaches, in the order of its modules, each once (by id)."""
    seen: dict[str, Protocol] = {}
    for module in report.data["modules"]:
        for item in report.protocols.get(module["id"], []):
            seen.setdefault(item.protocol.id, item.protocol)
    return list(seen.values())


def cover_variables(report: CurriculumReport, catalog: Catalog) -> dict[str, Any]:
    """What ``handbook/cover.html`` renders from: the hours report as texts."""
    data, hours = report.data, report.hours
    modality_names = {m: catalog.modalities[m].name for m in hours.by_modality if m in catalog.modalities}

    def rows(values: Mapping[str, float], names: Mapping[str, str]) -> tuple[HoursRow, ...]:
        ordered = sorted(values.items(), key=lambda item: (-item[1], item[0]))
        return tuple(HoursRow(names.get(key, key), format_hours(value)) for key, value in ordered)

    requirements = tuple(
        Requirement("all hours" if kind == "total" else f"{kind}: {name}", format_hours(required),
                    format_hours(actual), meets(actual, required), format_hours(max(required - actual, 0.0)))
        for kind, name, required, actual in report.requirements())
    titles = {protocol.id: f"{protocol.title} ({protocol.duration})" for protocol in taught_protocols(report)}
    modules = tuple(
        Module(module["title"], subject_words(module), format_hours(module["contact-hours"]),
               format_hours(module.get("clinic-hours", 0)),
               tuple(titles[item.protocol.id] for item in report.protocols.get(module["id"], [])))
        for module in data["modules"])
    return {
        "title": data["title"], "id": data["id"], "description": data.get("description", ""),
        "total": format_hours(hours.total), "contact": format_hours(hours.contact),
        "clinic": format_hours(hours.clinic), "requirements": requirements, "modules": modules,
        "coverage": coverage(report, catalog),
        "tables": (("Hours per subject", rows(hours.by_subject, {})),
                   ("Hours per modality", rows(hours.by_modality, modality_names)),
                   ("Hours per technique", rows(hours.by_technique, {})),
                   ("Hours per body region", rows(hours.by_region, {}))),
    }


def coverage(report: CurriculumReport, catalog: Catalog) -> Coverage | None:
    """The coverage matrix against every installed requirement profile (None when none is installed)."""
    if not catalog.requirements:
        return None
    from protocolkit.check.requirements import Pace, check_all
    from protocolkit.check.subject_hours import module_subject_hours

    vocabulary = catalog.subject_vocabulary()
    results = check_all([catalog.requirements[key] for key in sorted(catalog.requirements)],
                        module_subject_hours(report.data, vocabulary), vocabulary, Pace.of(report.data))
    subjects = list(dict.fromkeys(["total", *(s.id for result in results for s in result.subjects)]))
    rows = []
    for subject in subjects:
        cells = []
        for result in results:
            found = next((s for s in (result.total, *result.subjects) if s.id == subject), None)
            if found is None:
                cells.append(CoverageCell("not asked", "not-asked"))
                continue
            need = "taught" if found.need is None else f"{format_hours(found.need)} h"
            cells.append(CoverageCell(f"{format_hours(found.have)} h / {need}: {'met' if found.met else 'short'}",
                                      "met" if found.met else "short"))
        rows.append(CoverageRow(subject, tuple(cells)))
    verdicts = tuple(CoverageCell("met" if result.met else "not met", "met" if result.met else "short")
                     for result in results)
    return Coverage(tuple(f"{result.profile.jurisdiction} ({result.profile.id})" for result in results), verdicts,
                    tuple(rows))
