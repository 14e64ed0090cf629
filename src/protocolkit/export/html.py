"""The printable session sheet: one self-contained HTML5 file.

Everything the sheet needs is inside the file: the CSS in a ``<style>``
element and the two pictures (the timeline and the pressure chart) as inline
SVG.  It loads nothing (no fonts, scripts, images or style sheets from
anywhere), and its Content-Security-Policy says so to the browser too, so the
hand-out opens the same offline, from an e-mail, or years later.

Printing
--------
The sheet is laid out in percentages of the printable width, so it fits A4
and US Letter alike.  Its ``@page`` rule asks for A4 with 15 mm margins by
default; ``options["paper"]`` chooses ``letter`` instead, or ``auto`` to leave
the paper size out of the CSS so that the paper chosen in the browser's print
dialog decides (in Chromium a size named by the page wins over that choice).
Rows, figures and the screening verdict are kept whole across page breaks and
colours are printed as they are (``print-color-adjust: exact``).  Nothing is
said by colour alone: a black-and-white print loses only the bar colours, and
the steps table names every step's modality.

All text that comes from the protocol, the catalog or the screening is
HTML-escaped: titles and notes are user data.
"""

from __future__ import annotations


from protocolkit.model.export import ExportContext


from protocolkit.check.screening import Screening
from protocolkit.export.svg import esc, num, pressure_chart, timeline
from protocolkit.export.summary import (
    ACTIVITY_COLOUR,
    Summary,
    minutes_text,
    screening_items,
    summarise,
    words,
)

PAPER = {"a4": "A4", "letter": "letter", "auto": ""}
VERDICTS = {  # verdict -> (css class, what to do)
    "go": ("go", "The protocol can be given to this client as written."),
    "adapt": ("adapt", "Change the protocol as listed below before treating."),
    "do not treat": ("stop", "Do not give this protocol: reschedule or refer the client."),
}

def render(context: ExportContext) -> str:
    summary = summarise(context)
    paper = PAPER.get(str(context.options.get("paper", "a4")).lower(), "A4")
    flagged = _flags(context.screening)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" "
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="generator" content="protocolkit">',
        f"<title>{esc(summary.title)} – session sheet</title>",
        f"<style>\n{_css(paper)}</style>",
        "</head>",
        "<body>",
        '<main class="sheet">',
        _header(summary),
        _screening(context.screening) if context.screening is not None else "",
        _section("Timeline", "timeline-section", timeline(summary),
                 "Each bar is one step: where it starts and how long it lasts, coloured by modality."),
        _section("Pressure over time", "pressure-section", pressure_chart(summary),
                 "Walton scale, 1 (light lotioning) to 5 (maximal); gaps are steps without hands on."),
        _steps(summary, flagged),
        _totals(summary),
        _pairings(summary),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


# -- the parts of the page -------------------------------------------------------


def _header(summary: Summary) -> str:
    planned = f"{minutes_text(summary.planned)} min"
    if summary.total != summary.planned:
        planned += f" (the steps add up to {minutes_text(summary.total)} min)"
    hands_on = sum(1 for step in summary.steps if step.hands_on)
    facts = [("Planned duration", planned)]
    if summary.intent:
        facts.append(("Intent", summary.intent))
    if summary.goals:
        facts.append(("Goals", ", ".join(words(goal) for goal in summary.goals)))
    facts.append(("Steps", f"{len(summary.steps)} ({hands_on} hands-on)"))
    peak = summary.peak_pressure
    if peak is not None:
        word = next((s.pressure_word for s in summary.steps if s.pressure == peak and s.pressure_word), None)
        facts.append(("Peak pressure", f"{peak} ({word})" if word else str(peak)))
    items = "".join(f"<div><dt>{esc(term)}</dt><dd>{esc(value)}</dd></div>" for term, value in facts)
    return (f'<header class="top">\n<p class="kicker">Session sheet · protocol <code>{esc(summary.id)}</code></p>\n'
            f'<h1>{esc(summary.title)}</h1>\n<dl class="facts">{items}</dl>\n</header>')


def _screening(screening: Screening) -> str:
    css, advice = VERDICTS.get(screening.verdict, ("adapt", ""))
    lines = [f'<section class="verdict {css}" id="screening">',
             f'<p class="verdict-line">Screening for client <strong>{esc(screening.client)}</strong>: '
             f'<span class="verdict-word">{esc(screening.verdict)}</span></p>']
    if advice:
        lines.append(f'<p class="advice">{esc(advice)}</p>')
    items = screening_items(screening)
    if items:
        heading = "What must change" if any(i.severity == "error" for i in items) else "What to take care with"
        lines += [f"<h2>{heading}</h2>", '<ul class="findings">']
        for item in items:
            where = ""
            if item.steps:
                label = "step" if len(item.steps) == 1 else "steps"
                where = f' <span class="where">{label} {esc(", ".join(map(str, item.steps)))}</span>'
            caution = ' <span class="severity">caution</span>' if item.severity != "error" else ""
            lines.append(f'<li><code class="code">{esc(item.code)}</code>{where}{caution} '
                         f'<span class="message">{esc(item.message)}</span></li>')
        lines.append("</ul>")
    else:
        lines.append('<p class="advice">Nothing in the intake changes this protocol.</p>')
    lines.append("</section>")
    return "\n".join(lines)


def _section(title: str, css: str, figure: str, caption: str) -> str:
    return (f'<section class="block {css}">\n<h2>{esc(title)}</h2>\n<figure>\n{figure}\n'
            f'<figcaption>{esc(caption)}</figcaption>\n</figure>\n</section>')


def _steps(summary: Summary, flagged: dict[int, list[str]]) -> str:
    rows = ['<section class="block steps-section">', "<h2>Steps</h2>", '<table class="steps">',
            '<colgroup><col class="c-num"><col class="c-time"><col class="c-work"><col class="c-region">'
            '<col class="c-pressure"><col class="c-notes"></colgroup>',
            "<thead><tr><th>#</th><th>Time</th><th>Technique</th><th>Region</th><th>Pressure</th>"
            "<th>Notes</th></tr></thead>", "<tbody>"]
    described: dict[tuple[str | None, str | None], int] = {}
    for step in summary.steps:
        if step.hands_on:
            key = (step.modality_id, step.technique_id)
            if key in described:
                about = f'<span class="desc">As in step {described[key]}.</span>'
            else:
                described[key] = step.number
                about = f'<span class="desc">{esc(step.description)}</span>' if step.description else ""
            work = (f'<span class="modality">{esc(step.modality)}</span>'
                    f'<strong class="technique">{esc(step.technique)}</strong>{about}')
        else:
            work = f'<strong class="technique">{esc(step.modality)}</strong>'
        flags = "".join(f'<span class="flag">{esc(code)}</span>' for code in flagged.get(step.number, []))
        rows.append(
            f'<tr class="{"work" if step.hands_on else "activity"}" data-step="{step.index}">'
            f'<td class="num" style="border-left-color:{step.colour}">{step.number}{flags}</td>'
            f'<td class="time">{minutes_text(step.start)}–{minutes_text(step.end)}'
            f'<span class="mins">{minutes_text(step.seconds)} min</span></td>'
            f"<td>{work}</td><td>{esc(step.place)}</td><td>{esc(step.pressure_text)}</td>"
            f'<td class="notes">{esc(step.notes)}</td></tr>')
    rows += ["</tbody>", "</table>", "</section>"]
    return "\n".join(rows)


def _totals(summary: Summary) -> str:
    longest = max([r.seconds for r in summary.regions] + [m.seconds for m in summary.modalities] + [1])
    regions = "".join(
        f'<li><span class="label">{esc(r.name)}</span><span class="amount">{minutes_text(r.seconds)} min</span>'
        f'<span class="meter"><span style="width:{num(100 * r.seconds / longest)}%"></span></span></li>'
        for r in summary.regions) or "<li>No hands-on work.</li>"
    modalities = "".join(
        f'<li><span class="label"><span class="swatch" style="background:{m.colour}"></span>{esc(m.name)}</span>'
        f'<span class="amount">{minutes_text(m.seconds)} min</span>'
        f'<span class="meter"><span style="width:{num(100 * m.seconds / longest)}%;background:{m.colour}">'
        f"</span></span></li>"
        for m in summary.modalities)
    if summary.activities:
        names = ", ".join(a.name.lower() for a in summary.activities)
        modalities += (f'<li><span class="label"><span class="swatch" style="background:{ACTIVITY_COLOUR}">'
                       f"</span>Activities ({esc(names)})</span>"
                       f'<span class="amount">{minutes_text(summary.activity_seconds)} min</span></li>')
    return ('<section class="block totals">\n'
            f'<div class="regions"><h2>Regions worked</h2><ul class="bars">{regions}</ul></div>\n'
            f'<div class="modalities"><h2>Minutes per modality</h2><ul class="bars">{modalities}</ul></div>\n'
            "</section>")


def _pairings(summary: Summary) -> str:
    modalities = [m for m in summary.modalities if m.pairings]
    if not modalities:
        return ""
    lines = ['<section class="block pairings">', "<h2>Pairings</h2>", '<div class="pairing-list">']
    for modality in modalities:
        lines.append('<div class="pairing">')
        lines.append(f'<h3><span class="swatch" style="background:{modality.colour}"></span>'
                     f"{esc(modality.name)}</h3>")
        lines.append("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in modality.pairings) + "</ul>")
        lines.append("</div>")
    lines += ["</div>", "</section>"]
    return "\n".join(lines)


def _flags(screening: Screening | None) -> dict[int, list[str]]:
    """The finding codes against each step number, for the steps table."""
    flags: dict[int, list[str]] = {}
    for item in screening_items(screening) if screening is not None else ():
        for number in item.steps:
            if item.code not in flags.setdefault(number, []):
                flags[number].append(item.code)
    return flags


# -- the pictures ----------------------------------------------------------------


def _css(paper: str) -> str:
    size = f"size: {paper}; " if paper else ""
    return (
        f"@page {{ {size}margin: 15mm; }}\n"
        + """\
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --faint: #f3f3f3; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { background: #fff; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 10.5pt/1.4 "Liberation Sans", "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif; }
.sheet { max-width: 190mm; margin: 0 auto; padding: 12mm 8mm; }
h1 { font-size: 20pt; line-height: 1.15; margin: 0 0 3mm; }
h2 { font-size: 12.5pt; margin: 0 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid var(--ink);
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0 0 1mm; }
code { font-family: "Liberation Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.95em; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: 0.12em; font-size: 8.5pt; color: var(--muted); }
.kicker code { text-transform: none; letter-spacing: 0; }
.facts { display: flex; flex-wrap: wrap; gap: 2mm 7mm; margin: 0 0 5mm; }
.facts div { min-width: 0; }
.facts dt { font-size: 8pt; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.facts dd { margin: 0; font-weight: bold; }
.block { margin: 0 0 6mm; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 8.5pt; color: var(--muted); margin-top: 1mm; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .stripe { fill: var(--faint); }
svg .row-label, svg .bar-label, svg .legend-label { font-size: 12px; fill: var(--ink); }
svg .tick-label, svg .axis-title { font-size: 11px; fill: var(--muted); }
svg .axis-line, svg .tick { stroke: #333; stroke-width: 1; }
svg .tick.minor { stroke: #777; }
svg .grid { stroke: #d0d0d0; stroke-width: 0.8; stroke-dasharray: 2 3; }
svg .step-bar { stroke: #1a1a1a; stroke-width: 0.6; }
svg .swatch { stroke: #1a1a1a; stroke-width: 0.6; }
svg .level { stroke: #d6d6d6; stroke-width: 0.8; }
svg .no-pressure { fill: #ececec; }
svg .pressure-area { fill: #cfd8e3; }
svg .pressure-line { fill: none; stroke: #1a1a1a; stroke-width: 2; stroke-linejoin: round; }
.verdict { border: 1.5px solid; border-left-width: 7px; padding: 3mm 4mm; margin: 0 0 6mm;
  break-inside: avoid; page-break-inside: avoid; }
.verdict.go { border-color: #1b7837; background: #eaf5e6; }
.verdict.adapt { border-color: #b35806; background: #fdf0dc; }
.verdict.stop { border-color: #b2182b; background: #fbe6e8; }
.verdict-line { margin: 0; font-size: 13pt; }
.verdict-word { font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; }
.go .verdict-word { color: #1b7837; }
.adapt .verdict-word { color: #8f4504; }
.stop .verdict-word { color: #b2182b; }
.advice { margin: 1mm 0 2mm; }
.verdict h2 { border: 0; margin: 2mm 0 1mm; font-size: 11pt; }
.findings { margin: 0; padding-left: 5mm; }
.findings li { margin: 0 0 1.5mm; break-inside: avoid; page-break-inside: avoid; }
.findings .code, .flag { font-weight: bold; }
.where, .severity { font-size: 8.5pt; border: 1px solid currentColor; border-radius: 2px; padding: 0 1mm;
  white-space: nowrap; }
table.steps { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 9pt; }
.steps .c-num { width: 7%; } .steps .c-time { width: 8%; } .steps .c-work { width: 31%; }
.steps .c-region { width: 13%; } .steps .c-pressure { width: 11%; } .steps .c-notes { width: 30%; }
.steps thead { display: table-header-group; }
.steps th { text-align: left; font-size: 8pt; text-transform: uppercase; letter-spacing: 0.05em;
  color: var(--muted); border-bottom: 1.5px solid var(--ink); padding: 1mm 1.5mm; }
.steps td { vertical-align: top; padding: 1.2mm 1.5mm; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
.steps tr { break-inside: avoid; page-break-inside: avoid; }
.steps td.num { border-left: 5px solid; font-weight: bold; }
.steps tr.activity td { background: var(--faint); }
.steps .mins, .steps .modality, .steps .desc { display: block; font-size: 8pt; color: var(--muted); }
.steps .technique { display: block; }
.steps .desc { margin-top: 0.3mm; line-height: 1.3; }
.flag { display: block; font-size: 7pt; color: #b2182b; margin-top: 0.5mm; }
.totals { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; break-inside: avoid; page-break-inside: avoid; }
ul.bars { list-style: none; margin: 0; padding: 0; }
ul.bars li { display: grid; grid-template-columns: minmax(0, 1fr) 22mm 14mm; column-gap: 2.5mm; align-items: center;
  margin: 0 0 1mm; break-inside: avoid; page-break-inside: avoid; }
ul.bars .amount { font-weight: bold; text-align: right; white-space: nowrap; grid-column: 3; grid-row: 1; }
ul.bars .meter { grid-column: 2; grid-row: 1; height: 2.5mm; background: var(--faint);
  border: 0.5px solid var(--rule); }
ul.bars .meter span { display: block; height: 100%; background: #555; }
.swatch { display: inline-block; width: 3.2mm; height: 3.2mm; margin-right: 1.5mm; vertical-align: -0.3mm;
  border: 0.5px solid #1a1a1a; }
.pairing { margin: 0 0 2mm; }
.pairing { break-inside: avoid; page-break-inside: avoid; }
.pairing ul { margin: 0; padding-left: 4.5mm; font-size: 9pt; }
@media print {
  body { font-size: 10pt; }
  .sheet { max-width: none; width: 100%; margin: 0; padding: 0; }
  .block, .verdict { margin-bottom: 5mm; }
  .block:last-child { margin-bottom: 0; }
}
@media screen and (max-width: 640px) {
  .totals { grid-template-columns: 1fr; }
}
"""
    )
