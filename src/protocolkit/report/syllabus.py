"""A curriculum report for people: an hours report in text, JSON, or a Markdown syllabus."""

from __future__ import annotations

from typing import Any

from protocolkit.plugin.catalog import Catalog
from protocolkit.check.curriculum import CurriculumReport, format_hours, meets, subject_words


def report_data(report: CurriculumReport, catalog: Catalog) -> dict[str, Any]:
    hours = report.hours
    return {
        "id": report.data["id"], "title": report.data["title"],
        "hours": {"total": hours.total, "contact": hours.contact, "clinic": hours.clinic,
                  "by_subject": dict(sorted(hours.by_subject.items())),
                  "by_modality": dict(sorted(hours.by_modality.items())),
                  "by_technique": dict(sorted(hours.by_technique.items())),
                  "by_region": dict(sorted(hours.by_region.items()))},
        "requirements": [{"kind": kind, "name": name, "required": required, "actual": actual,
                          "met": meets(actual, required)}
                         for kind, name, required, actual in report.requirements()],
        "modules": [{"id": module["id"], "title": module["title"],
                     # one subject, or the module's split of its hours over several
                     "subject": module.get("subject"), "subjects": module.get("subjects"),
                     "contact_hours": module["contact-hours"], "clinic_hours": module.get("clinic-hours", 0),
                     "protocols": [item.protocol.id for item in report.protocols.get(module["id"], [])]}
                    for module in report.data["modules"]],
    }


def _table(title: str, values: dict[str, float], names: dict[str, str] | None = None) -> list[str]:
    if not values:
        return []
    width = max(len((names or {}).get(key, key)) for key in values)
    lines = [title]
    for key, value in sorted(values.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {(names or {}).get(key, key):<{width}}  {format_hours(value):>6} h")
    return lines


def report_text(report: CurriculumReport, catalog: Catalog) -> str:
    hours = report.hours
    lines = [f"{report.data['title']} ({report.data['id']})",
             f"total {format_hours(hours.total)} h: {format_hours(hours.contact)} h contact, {format_hours(hours.clinic)} h clinic", ""]
    requirements = report.requirements()
    if requirements:
        lines.append("Requirements:")
        for kind, name, required, actual in requirements:
            status = "met" if meets(actual, required) else f"SHORT by {format_hours(required - actual)} h"
            lines.append(f"  {kind:<8} {name:<28} {format_hours(actual):>6} h of {format_hours(required):>5} h  {status}")
        lines.append("")
    modality_names = {m: catalog.modalities[m].name for m in hours.by_modality if m in catalog.modalities}
    for block in (_table("Hours per subject:", hours.by_subject),
                  _table("Hours per modality:", hours.by_modality, modality_names),
                  _table("Hours per technique:", hours.by_technique),
                  _table("Hours per body region:", hours.by_region)):
        if block:
            lines += [*block, ""]
    return "\n".join(lines).rstrip() + "\n"


def report_markdown(report: CurriculumReport, catalog: Catalog) -> str:
    """A syllabus a school can publish: the programme, its modules, and the hours."""
    data, hours = report.data, report.hours
    lines = [f"# {data['title']}", ""]
    if data.get("description"):
        lines += [data["description"], ""]
    lines += [f"**{format_hours(hours.total)} hours** in all: {format_hours(hours.contact)} contact hours and "
              f"{format_hours(hours.clinic)} supervised clinic hours.", ""]
    requirements = report.requirements()
    if requirements:
        lines += ["| requirement | required | this programme | |", "|---|---:|---:|---|"]
        for kind, name, required, actual in requirements:
            met = "met" if meets(actual, required) else "**short**"
            lines.append(f"| {kind}: {name} | {format_hours(required)} h | {format_hours(actual)} h | {met} |")
        lines.append("")
    lines += ["## Modules", ""]
    for module in data["modules"]:
        clinic = module.get("clinic-hours", 0)
        lines += [f"### {module['title']}", "",
                  f"Subject: {subject_words(module)}. {format_hours(module['contact-hours'])} contact hours"
                  + (f", {format_hours(clinic)} clinic hours." if clinic else "."), ""]
        if module.get("description"):
            lines += [module["description"], ""]
        for heading, key in (("Learning objectives", "objectives"), ("Competencies", "competencies"),
                             ("Texts", "texts")):
            if module.get(key):
                lines += [f"{heading}:", "", *[f"- {item}" for item in module[key]], ""]
        if module.get("topics"):
            lines += ["| topic | hours |", "|---|---:|",
                      *[f"| {t['title']} | {format_hours(t['hours'])} |" for t in module["topics"]], ""]
        taught = report.protocols.get(module["id"], [])
        if taught:
            lines += ["Protocols taught:", "",
                      *[f"- {item.protocol.title} ({item.protocol.duration})" for item in taught], ""]
    lines += ["## Hours", ""]
    for title, values in (("Per subject", report.hours.by_subject), ("Per modality", report.hours.by_modality),
                          ("Per technique", report.hours.by_technique), ("Per body region", report.hours.by_region)):
        if values:
            lines += [f"### {title}", "", "| | hours |", "|---|---:|",
                      *[f"| {name} | {format_hours(value)} |"
                        for name, value in sorted(values.items(), key=lambda item: (-item[1], item[0]))], ""]
    return "\n".join(lines).rstrip() + "\n"
