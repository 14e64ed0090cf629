"""The session sheet as Markdown, for handbooks and wikis.

Times in the steps table are minutes from the start of the session, activity
steps included (``4–9`` is the fifth to the ninth minute).  Text from the
protocol is user data: ``|`` is escaped so a note cannot break the table, and
``<`` is written as an entity so a note cannot become HTML where the Markdown
is rendered.
"""

from __future__ import annotations

from protocolkit.export.billing_box import PlanBilling, SessionBilling, session_billing
from protocolkit.model.export import ExportContext
from protocolkit.export.summary import Summary, minutes_text, screening_items, summarise, words


def text(value: str) -> str:
    """User text on one line, safe for Markdown rendered to HTML."""
    return " ".join(value.replace("&", "&amp;").replace("<", "&lt;").split())


def cell(value: str) -> str:
    """User text for a table cell: `text` with ``|`` escaped."""
    return text(value).replace("|", "\\|")


def render(context: ExportContext) -> str:
    summary = summarise(context)
    lines = [f"# {text(summary.title)}", ""]
    duration = f"**Duration:** {minutes_text(summary.planned)} min"
    if summary.total != summary.planned:
        duration += f" planned; the steps add up to {minutes_text(summary.total)} min"
    facts = [duration]
    if summary.intent:
        facts.append(f"**Intent:** {text(summary.intent)}")
    if summary.goals:
        facts.append(f"**Goals:** {text(', '.join(words(goal) for goal in summary.goals))}")
    lines += ["  \n".join(facts), ""]

    if context.screening is not None:
        screening = context.screening
        lines += [f"## Screening for client {text(screening.client)}: {text(screening.verdict)}", ""]
        items = screening_items(screening)
        if items:
            must = any(item.severity == "error" for item in items)
            lines += ["What must change:" if must else "What to take care with:", ""]
            for item in items:
                where = f" (step{'s' if len(item.steps) > 1 else ''} {', '.join(map(str, item.steps))})" \
                    if item.steps else ""
                caution = " (caution)" if item.severity != "error" else ""
                lines.append(f"- **{text(item.code)}**{where}{caution} {text(item.message)}")
        else:
            lines.append("Nothing in the intake changes this protocol.")
        lines.append("")
        if screening.advice:
            lines += ["Keep in mind:", ""]
            lines += [f"- **{text(item.condition)}**" + (f" ({text(item.phase)})" if item.phase else "")
                      + f": {text(item.text)}" + (f" (source: {text(item.source)})" if item.source else "")
                      for item in screening.advice]
            lines.append("")

    lines += _steps(summary)
    lines += ["## Regions worked", ""]
    lines += [f"- {text(region.name)}: {minutes_text(region.seconds)} min" for region in summary.regions]
    if not summary.regions:
        lines.append("- none (no hands-on steps)")
    lines += ["", "## Minutes per modality", ""]
    lines += [f"- {text(m.name)}: {minutes_text(m.seconds)} min" for m in summary.modalities]
    if summary.activities:
        names = ", ".join(a.name.lower() for a in summary.activities)
        lines.append(f"- Activities ({text(names)}): {minutes_text(summary.activity_seconds)} min")
    lines.append("")
    billing = session_billing(context.protocol, context.catalog)
    if billing is not None:  # only for a clinic that bills ([billing] in protocolkit.toml)
        lines += billing_section(billing)
    if summary.pairings:
        lines += ["## Pairings", ""]
        for name, pairings in summary.pairings:
            lines += [f"**{text(name)}**", ""]
            lines += [f"- {text(pairing)}" for pairing in pairings]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _steps(summary: Summary) -> list[str]:
    # The Position column only where the protocol states positions; a change in bold.
    positions = summary.has_positions
    rows = ["## Steps", "",
            "| # | Time (min) | Modality | Technique | Region / side | " + ("Position | " if positions else "")
            + "Pressure | Minutes | Notes |",
            "|---:|---|---|---|---|" + ("---|" if positions else "") + "---|---:|---|"]
    for step in summary.steps:
        time = f"{minutes_text(step.start)}–{minutes_text(step.end)}"
        cells = [cell(value) for value in (str(step.number), time, step.modality, step.technique, step.place)]
        if positions:
            cells.append(f"**{cell(step.position_mark)}**" if step.position_mark else cell(step.position or ""))
        cells += [cell(value) for value in (step.pressure_text, minutes_text(step.seconds), step.notes)]
        rows.append("| " + " | ".join(cells) + " |")
    total = minutes_text(summary.total)
    rows += ["", f"Total: {total} min over {len(summary.steps)} steps.", ""]
    return rows


def billing_section(box: SessionBilling | PlanBilling, intro: list[str] | None = None) -> list[str]:
    """The Billing section, the sheets' box in Markdown: the rule, ``intro`` (a plan's phases), each
    code's minutes and units and the total, what bills nothing, the hints and the caveat; for a plan,
    ``box`` holds the series' sums."""
    lines = ["## Billing", "", f"**{box.policy}:** {box.policy_said}.", "", *(intro or []),
             "| code | minutes | units |", "|---|---:|---:|"]
    lines += [f"| {line.code} | {line.minutes} | {line.units} |" for line in box.codes]
    lines += [f"| **Total** | {box.timed_minutes} | {box.total_units} |", ""]
    notes = []
    if box.no_code_minutes:
        notes.append(f"- **No code:** {box.no_code_minutes} min of {text('; '.join(box.no_code))}; they bill "
                     "nothing until the clinic maps them under `[billing] codes`.")
    if box.untimed_minutes:
        notes.append(f"- **Untimed:** {box.untimed_minutes} min of activities (assessment, education, rest, "
                     "transition), which bill nothing.")
    notes += [f"- {text(hint)}" for hint in box.hints]
    return lines + notes + ([""] if notes else []) + [box.caveat, ""]
