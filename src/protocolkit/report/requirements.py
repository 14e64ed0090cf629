"""A curriculum against requirement profiles, written out: text, Markdown and JSON data.

Each profile gets its verdict (met or not met), its total and subjects as
hours have against hours needed, its rules on order and pace kept or broken,
and its findings at the module that breaks them.  Every verdict is said in
words, never by colour or symbol alone.  The list of jurisdictions the
curriculum qualifies in closes a report against several profiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from protocolkit.check.requirements import ProfileResult, SubjectResult, qualifying_jurisdictions
from protocolkit.load.requirements import requirements_to_data
from protocolkit.model.findings import Finding
from protocolkit.model.requirements import RequirementProfile


def results_data(results: Sequence[ProfileResult]) -> dict[str, Any]:
    """The JSON report: ``{"profiles": [{"id", "met", "subjects": [{"id", "have", "need", "met"}], "findings"}],
    "qualifies": [jurisdiction, ...]}``, with each profile's title, source, dates, total and rules beside."""
    return {"profiles": [_profile_data(result) for result in results],
            "qualifies": qualifying_jurisdictions(results)}


def _profile_data(result: ProfileResult) -> dict[str, Any]:
    profile = result.profile
    return {"id": profile.id, "title": profile.title, "jurisdiction": profile.jurisdiction, "met": result.met,
            "source": {"citation": profile.source.citation, "url": profile.source.url},
            "as-of": profile.as_of, "as-of-note": profile.as_of_note, "out-of-date": result.out_of_date,
            "total": result.total.to_json(), "subjects": [subject.to_json() for subject in result.subjects],
            "rules": [rule.to_json() for rule in result.rules],
            "findings": [finding.to_json() for finding in result.findings]}


def results_text(results: Sequence[ProfileResult]) -> str:
    lines: list[str] = []
    for result in results:
        profile = result.profile
        lines.append(f"{profile.jurisdiction} ({profile.id}): {_verdict(result)}")
        lines.append(f"  source: {profile.source.citation}; {_as_of(profile)}")
        width = max([len(s.id) for s in result.subjects] + [len("total")])
        lines.append(f"  {'subject'.ljust(width)}  {'have':>7}  {'need':>7}")
        for subject in (result.total, *result.subjects):
            lines.append(f"  {subject.id.ljust(width)}  {_hours(subject.have):>7}  {_need(subject):>7}  "
                         f"{'met' if subject.met else 'NOT MET'}")
        for rule in result.rules:
            lines.append(f"  rule: {rule.rule}: {'kept' if rule.kept else 'BROKEN'}")
        lines += [f"  {_located(finding)}" for finding in result.findings]
        lines.append("")
    if len(results) > 1:
        lines.append(_qualifies(results))
    return "\n".join(lines).rstrip("\n") + "\n"


def results_markdown(results: Sequence[ProfileResult]) -> str:
    lines: list[str] = ["# Requirement profiles", ""]
    for result in results:
        profile = result.profile
        lines += [f"## {profile.jurisdiction} ({profile.id}): {_verdict(result)}", "",
                  f"Source: {profile.source.citation}" + (f" <{profile.source.url}>" if profile.source.url else "")
                  + f"; {_as_of(profile)}.", "",
                  "| Subject | Have (h) | Need (h) | Met |", "|---|---:|---:|---|"]
        for subject in (result.total, *result.subjects):
            lines.append(f"| {subject.id} | {_hours(subject.have)} | {_need(subject)} | "
                         f"{'met' if subject.met else '**not met**'} |")
        if result.rules:
            lines += ["", *(f"- Rule: {rule.rule}: {'kept' if rule.kept else '**broken**'}" for rule in result.rules)]
        if result.findings:
            lines += ["", *(f"- `{finding.code}` {_where(finding)}{finding.message}" for finding in result.findings)]
        lines.append("")
    if len(results) > 1:
        lines += [_qualifies(results), ""]
    return "\n".join(lines)


def profiles_text(profiles: Sequence[RequirementProfile], owners: dict[str, str]) -> str:
    """The installed profiles, one a line: id, jurisdiction, total hours, as-of, source (and its plugin)."""
    if not profiles:
        return ("No requirement profiles installed; install protocolkit-requirements-us, or name a profile file "
                "with --against path.yaml\n")
    rows = [(p.id, p.jurisdiction, f"{_hours(p.total_hours)} h", p.as_of or "date not known", p.source.citation,
             owners.get(p.id, "?")) for p in profiles]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return "".join(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2].rjust(widths[2])}  "
                   f"{row[3].ljust(widths[3])}  {row[4]} (plugin {row[5]})\n" for row in rows)


def profile_data(profile: RequirementProfile) -> dict[str, Any]:
    """One profile as the data of its YAML form."""
    return requirements_to_data(profile)


def _verdict(result: ProfileResult) -> str:
    verdict = "met" if result.met else "NOT MET"
    return verdict + (" (the rules may have changed since its text's date)" if result.out_of_date else "")


def _as_of(profile: RequirementProfile) -> str:
    return f"text as of {profile.as_of}" if profile.as_of else "date of the text not known"


def _qualifies(results: Sequence[ProfileResult]) -> str:
    qualifies = qualifying_jurisdictions(results)
    return ("Qualifies in: " + ", ".join(qualifies)) if qualifies else "Qualifies in: none of the profiles checked"


def _need(subject: SubjectResult) -> str:
    return "taught" if subject.need is None else _hours(subject.need)


def _located(finding: Finding) -> str:
    return f"{_where(finding)}{finding.code} {finding.message}"


def _where(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}:{finding.column}: " if finding.file else ""


def _hours(value: float) -> str:
    return f"{round(value, 1):.1f}".removesuffix(".0")
