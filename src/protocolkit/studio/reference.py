"""The studio's reference pages: what the installed plugins provide, and a curriculum's hours.

``/catalog`` shows the modalities, techniques, body regions, conditions and
rules of whatever plugins are installed, from the same data ``/api/catalog``
answers with (``catalog_data``), so a new plugin appears on the page without
a change here and the page never says something the API does not.

``/curriculum/{path}`` opens a curriculum in the studio's folder the way the
editor opens any document (``files.read``: confined to the folder, within the
size limit) and shows what ``protocolkit curriculum report`` prints: the
hours per subject, modality, technique and body region, each requirement met
or not, and the findings ``validate`` gives for the file.  Beneath, the
curriculum against every installed requirement profile, from the same call
``curriculum report --against all`` makes (``curriculum_against``): each
profile met or not, what is short, and the module to change, in words (a
module teaching a subject in a block whose hours are not split gets the very
words of PK702: ``SplitAdvice.words``); and a link to its printable handbook
(``studio.handbook_page``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from protocolkit.model.protocol import Pressure
from protocolkit.plugin.catalog import Catalog
from protocolkit.studio.opened import Unopened, open_document
from protocolkit.studio.templating import TEMPLATES, problem_page

if TYPE_CHECKING:
    from protocolkit.check.curriculum import CurriculumReport
    from protocolkit.check.requirements import ProfileResult

# The catalog's sections, in page order, with their headings; the keys are the page's anchors.
SECTIONS = {"modalities": "Modalities", "techniques": "Techniques", "regions": "Body regions",
            "conditions": "Conditions", "rules": "Rules"}

# How a requirement's kind reads in the table.
_REQUIREMENT_KINDS = {"total": "Whole programme", "subject": "Subject", "modality": "Modality"}


def catalog_data(catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    """Everything the plugins registered, as ``/api/catalog`` answers it."""
    from protocolkit.report.describe import (all_conditions, condition_data, modality_data, region_data, rule_data,
                                             technique_data)

    return {
        "modalities": [modality_data(catalog, m) for m in catalog.modalities.values()],
        "techniques": [{**technique_data(t), "plugin": catalog.techniques.owner(t.id)}
                       for t in catalog.techniques.values()],
        "regions": [region_data(r) for r in catalog.regions],
        "conditions": [condition_data(catalog, c) for c in all_conditions(catalog)],
        "rules": [rule_data(catalog, r) for r in sorted(catalog.rules.values(), key=lambda r: r.code)],
    }


def pressure_words(bounds: dict[str, int]) -> str:
    """A pressure range as a therapist says it: '2 (light) to 4 (deep)', or one level when both ends agree."""
    low, high = str(Pressure(bounds["min"])), str(Pressure(bounds["max"]))
    return low if low == high else f"{low} to {high}"


def level_words(level: int | None) -> str:
    return str(Pressure(level)) if level is not None else ""


def catalog_page(request: Request) -> HTMLResponse:  # a plain def: in a worker thread (see studio.api)
    catalog: Catalog = request.app.state.catalog
    data = catalog_data(catalog)
    # Sorted by name for reading; the API keeps the registration order.
    for key in ("modalities", "techniques", "regions"):
        data[key] = sorted(data[key], key=lambda item: (str(item["name"]).casefold(), item["id"]))
    page = TEMPLATES.get_template("catalog.html").render(
        sections=SECTIONS, data=data, pressure=pressure_words, level=level_words,
        technique_ids=set(catalog.techniques), region_names={r.id: r.name for r in catalog.regions})
    return HTMLResponse(page)


def curriculum_page(request: Request) -> HTMLResponse:
    """A curriculum's hours report; a file that is not one is refused with a link to the editor."""
    from protocolkit.check.curriculum import CurriculumReport
    from protocolkit.check.reach import confined_to
    from protocolkit.check.validation import check

    path = request.path_params["path"]
    state = request.app.state
    try:
        document = open_document(request, path, "curriculum", "so it cannot be shown as a curriculum")
    except Unopened as unopened:
        if unopened.status != 422:  # outside the folder, or not there: nothing to open in the editor either
            return problem_page(unopened.status, str(unopened))
        return _curriculum(path, 422, findings=[unopened.finding] if unopened.finding else [],
                           refusal=f"{unopened} Open it in the editor instead." if unopened.finding is None
                           else str(unopened))
    with confined_to(state.folder):  # its protocols and folders outside the studio's folder are findings, unread
        checked = check(document, state.catalog)
        results = _against_all(document, state.catalog) if isinstance(checked.model, CurriculumReport) else []
    # No model means the schema refused the document: its findings say why, and there are no hours to add up.
    model = checked.model if isinstance(checked.model, CurriculumReport) else None
    report = _report_view(model, state.catalog) if model is not None else None
    if report is not None and model is not None:
        report["profiles"] = profiles_view(results, model.data["modules"])
        report["qualifies"] = _qualifies(results)
        report["printable"] = not any(finding.severity == "error" for finding in checked.findings)
    title = str(document.data.get("title") or document.data.get("id") or path)
    return _curriculum(path, 200, title=title, report=report, findings=checked.findings)


def _against_all(document: Any, catalog: Catalog) -> list[ProfileResult]:
    """The curriculum against every installed profile: what ``curriculum report --against all`` reports."""
    from protocolkit.check.validation import ALL_PROFILES, curriculum_against, requirement_profiles

    _checked, results = curriculum_against(document, catalog, requirement_profiles([ALL_PROFILES], catalog))
    return results


def _qualifies(results: list[ProfileResult]) -> str:
    from protocolkit.check.requirements import qualifying_jurisdictions

    if not results:
        return ""
    met = qualifying_jurisdictions(results)
    return "It qualifies in " + ", ".join(met) + "." if met else "It qualifies in none of the installed profiles."


def profiles_view(results: list[ProfileResult], modules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each profile's verdict, what is short and what to change, in sentences a programme director reads."""
    from protocolkit.check.curriculum import format_hours
    from protocolkit.check.requirements import SplitAdvice, and_words
    from protocolkit.model.codes import PROFILE_SUBJECT_SHORT, PROFILE_TOTAL_SHORT

    def module_at(path: tuple[Any, ...]) -> str:
        if len(path) >= 2 and path[0] == "modules" and isinstance(path[1], int) and path[1] < len(modules):
            return str(modules[path[1]].get("title") or modules[path[1]]["id"])
        return ""

    views = []
    for result in results:
        pending: list[str | SplitAdvice] = []  # each a sentence: what is short, and what to change
        if not result.total.met:
            pending.append(f"{format_hours((result.total.need or 0) - result.total.have)} h short in all: add "
                           "modules or hours.")
        subject_findings = [f for f in result.findings if f.code == PROFILE_SUBJECT_SHORT.code]
        # Subjects short because one module's block is not split share one line: one change serves them all.
        unsplit: dict[SplitAdvice, list[str]] = {}
        for subject in (s for s in result.subjects if not s.met):
            lacking = (f"{subject.id} is not taught" if subject.need is None
                       else f"{format_hours(subject.need - subject.have)} h of {subject.id} short")
            if subject.unsplit is not None:
                if subject.unsplit not in unsplit:
                    pending.append(subject.unsplit)  # its place; the words once every subject it serves is known
                unsplit.setdefault(subject.unsplit, []).append(lacking)
                continue
            finding = next((f for f in subject_findings if f"'{subject.id}'" in f.message), None)
            module = module_at(tuple(finding.path)) if finding is not None else ""
            pending.append(f"{lacking}: add {'it' if subject.need is None else 'them'} to the module "
                           f"\u201c{module}\u201d." if module else f"{lacking}: no module teaches it; add one.")
        # The words PK702 says (one source, SplitAdvice.words), after what each block leaves short.
        lines = [line if isinstance(line, str) else
                 f"{and_words(unsplit[line])}: {line.words('them' if len(unsplit[line]) > 1 else 'it')}."
                 for line in pending]
        # The order and pace rules: each broken one, then what its finding says to do (at a module, if any).
        lines += [f"Rule not kept: {rule.rule}." for rule in result.rules if not rule.kept]
        for finding in result.findings:
            if finding.code in (PROFILE_SUBJECT_SHORT.code, PROFILE_TOTAL_SHORT.code) or finding.severity != "error":
                continue
            module = module_at(tuple(finding.path))
            advice = finding.message.split("; ", 1)[-1]
            lines.append(advice[:1].upper() + advice[1:] + (f" (the module \u201c{module}\u201d)." if module else "."))
        profile = result.profile
        views.append({"id": profile.id, "name": profile.jurisdiction, "title": profile.title, "met": result.met,
                      "verdict": "met" if result.met else "not met", "lines": lines,
                      "out_of_date": result.out_of_date, "source": profile.source.citation,
                      "as_of": f"text as of {profile.as_of}" if profile.as_of else "the date of its text is not known"})
    return views


def _report_view(report: CurriculumReport, catalog: Catalog) -> dict[str, Any]:
    """What the text report prints, in rows for the page: names for ids, hours as the CLI writes them."""
    from protocolkit.check.curriculum import format_hours, meets, subject_words

    hours = report.hours
    names = {"modality": {m.id: m.name for m in catalog.modalities.values()},
             "technique": {t.id: t.name for t in catalog.techniques.values()},
             "region": {r.id: r.name for r in catalog.regions}}

    def table(values: dict[str, float], known: dict[str, str]) -> list[dict[str, str]]:
        # The text report's order: most hours first, then by id.
        return [{"id": key, "name": known.get(key, key), "hours": format_hours(value)}
                for key, value in sorted(values.items(), key=lambda item: (-item[1], item[0]))]

    requirements = [{"kind": _REQUIREMENT_KINDS.get(kind, kind), "name": names.get(kind, {}).get(name, name),
                     "required": format_hours(required), "actual": format_hours(actual),
                     "met": meets(actual, required), "short": format_hours(required - actual)}
                    for kind, name, required, actual in report.requirements()]
    # A module splitting its hours with 'subjects:' has no one 'subject': the table lists its split.
    modules = [{"id": module["id"], "title": module["title"],
                "subject": subject_words(module),
                "contact": format_hours(module["contact-hours"]),
                "clinic": format_hours(module.get("clinic-hours", 0)),
                "topics": [(topic["title"], format_hours(topic["hours"])) for topic in module.get("topics", [])],
                "protocols": [item.protocol.title for item in report.protocols.get(module["id"], [])]}
               for module in report.data["modules"]]
    return {"id": report.data["id"], "total": format_hours(hours.total), "contact": format_hours(hours.contact),
            "clinic": format_hours(hours.clinic), "requirements": requirements, "modules": modules,
            "tables": [("subjects", "Hours per subject", table(hours.by_subject, {})),
                       ("modalities", "Hours per modality", table(hours.by_modality, names["modality"])),
                       ("techniques", "Hours per technique", table(hours.by_technique, names["technique"])),
                       ("regions", "Hours per body region", table(hours.by_region, names["region"]))]}


def _curriculum(path: str, status: int, *, title: str = "", report: dict[str, Any] | None = None,
                findings: list[Any] | None = None, refusal: str = "") -> HTMLResponse:
    page = TEMPLATES.get_template("curriculum.html").render(
        path=path, title=title or path, report=report, findings=findings or [], refusal=refusal)
    return HTMLResponse(page, status_code=status)


ROUTES = [
    Route("/catalog", catalog_page, methods=["GET"]),
    Route("/curriculum/{path:path}", curriculum_page, methods=["GET"]),
]
