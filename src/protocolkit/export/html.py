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

from html import escape

from . import ExportContext, Screening
from .summary import (
    ACTIVITY_COLOUR,
    StepFact,
    Summary,
    ink_on,
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

# The SVG pictures share one horizontal scale so that their time axes line up
# on the page: a gutter for labels on the left, then the minutes.
VIEW_W = 680
GUTTER = 200
PLOT_X0 = GUTTER + 8
PLOT_W = VIEW_W - PLOT_X0 - 14
FONT = 12
ROW_H = 22
BAR_H = 16


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def num(value: float) -> str:
    """A coordinate for SVG: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# Advance widths (thousandths of an em) of the sans-serif faces the sheet asks
# for; Liberation Sans, Arial and Helvetica share them.  Used to decide where a
# label fits; anything not listed counts as wide.
_WIDTHS = {
    **dict.fromkeys("ijl", 222), **dict.fromkeys("ft .,:;!/[]I", 278), **dict.fromkeys("r()-·", 333),
    **dict.fromkeys("cksvxyzJ", 500), **dict.fromkeys("abdeghnopqu0123456789?–", 556),
    **dict.fromkeys("FTZ", 611), **dict.fromkeys("ABEKPSVXY&", 667), **dict.fromkeys("wCDHNRU", 722),
    **dict.fromkeys("GOQ", 778), **dict.fromkeys("mM", 833), **dict.fromkeys("%", 889), "W": 944, "L": 556,
    "'": 191, '"': 355, "—": 1000, "…": 1000,
}


def text_width(text: str, size: float = FONT) -> float:
    """How wide ``text`` sets at ``size`` in the sheet's sans-serif face, with 5% to spare."""
    return 1.05 * size * sum(_WIDTHS.get(char, 600) for char in text) / 1000


def fit(text: str, room: float, size: float = FONT) -> str:
    """``text``, cut short with an ellipsis if it is wider than ``room``."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


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
        _section("Timeline", "timeline-section", _timeline(summary),
                 "Each bar is one step: where it starts and how long it lasts, coloured by modality."),
        _section("Pressure over time", "pressure-section", _pressure(summary),
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


def _x(summary: Summary, seconds: float) -> float:
    return PLOT_X0 + PLOT_W * seconds / max(summary.total, 1)


def _ticks(total: int) -> tuple[int, int]:
    """(minor, major) tick spacing in minutes for a session of ``total`` seconds."""
    minutes = total / 60
    for limit, major in ((12, 1), (25, 2), (70, 5), (150, 10), (300, 30)):
        if minutes <= limit:
            return (1 if minutes <= 150 else 5), major
    return 10, 60


def _axis(summary: Summary, top: float, bottom: float) -> list[str]:
    """A minute axis under a plot whose area runs from ``top`` to ``bottom``."""
    minor, major = _ticks(summary.total)
    out = [f'<g class="axis"><line class="axis-line" x1="{PLOT_X0}" y1="{num(bottom)}" '
           f'x2="{num(PLOT_X0 + PLOT_W)}" y2="{num(bottom)}"/>']
    minute = 0
    labels: list[float] = []
    while minute * 60 <= summary.total:
        x = _x(summary, minute * 60)
        if minute % major == 0:
            out.append(f'<line class="grid" x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}"/>')
            out.append(f'<line class="tick" x1="{num(x)}" y1="{num(bottom)}" x2="{num(x)}" y2="{num(bottom + 6)}"/>')
            out.append(f'<text class="tick-label" x="{num(x)}" y="{num(bottom + 18)}" text-anchor="middle">'
                       f"{minute}</text>")
            labels.append(x)
        else:
            out.append(f'<line class="tick minor" x1="{num(x)}" y1="{num(bottom)}" x2="{num(x)}" '
                       f'y2="{num(bottom + 3)}"/>')
        minute += minor
    end = _x(summary, summary.total)
    if summary.total % (major * 60) and end - labels[-1] >= 2.2 * FONT:
        out.append(f'<line class="tick" x1="{num(end)}" y1="{num(bottom)}" x2="{num(end)}" y2="{num(bottom + 6)}"/>')
        out.append(f'<text class="tick-label end" x="{num(end)}" y="{num(bottom + 18)}" text-anchor="middle">'
                   f"{minutes_text(summary.total)}</text>")
    out.append(f'<text class="axis-title" x="{num(PLOT_X0 - 8)}" y="{num(bottom + 18)}" text-anchor="end">'
               "minutes</text></g>")
    return out


def _bar_label(step: StepFact, x: float, width: float, y: float) -> str:
    """Region and minutes for one bar: inside it if they fit, else beside it, else cut short."""
    minutes = f"{minutes_text(step.seconds)} min"
    full = f"{step.place} · {minutes}" if step.place else minutes
    baseline = num(y + BAR_H / 2 + FONT * 0.36)
    room = width - 8
    if text_width(full) <= room:
        return (f'<text class="bar-label inside" x="{num(x + width / 2)}" y="{baseline}" text-anchor="middle" '
                f'fill="{ink_on(step.colour)}">{esc(full)}</text>')
    right_room = VIEW_W - (x + width) - 6
    left_room = x - PLOT_X0 - 6
    if text_width(full) <= right_room or right_room >= left_room:
        return (f'<text class="bar-label beside" x="{num(x + width + 5)}" y="{baseline}">'
                f"{esc(fit(full, right_room))}</text>")
    return (f'<text class="bar-label beside" x="{num(x - 5)}" y="{baseline}" text-anchor="end">'
            f"{esc(fit(full, left_room))}</text>")


def _timeline(summary: Summary) -> str:
    steps = summary.steps
    top = 4.0
    bottom = top + ROW_H * len(steps) + 4
    out: list[str] = []
    for row in range(0, len(steps), 2):
        out.append(f'<rect class="stripe" x="0" y="{num(top + ROW_H * row)}" width="{VIEW_W}" height="{ROW_H}"/>')
    out += _axis(summary, top, bottom)
    for row, step in enumerate(steps):
        y = top + ROW_H * row + (ROW_H - BAR_H) / 2
        x = _x(summary, step.start)
        width = max(_x(summary, step.end) - x, 1.5)
        name = step.technique if step.hands_on else step.modality
        label = f"{step.number} {name}"
        # A long technique name sets a little smaller, down to 10, before it is cut short.
        size = max(10.0, min(FONT, FONT * (GUTTER - 6) / text_width(label)))
        label = fit(label, GUTTER - 6, size)
        what = f"{step.modality}: {step.technique}, " if step.hands_on else f"{step.modality}, "
        tooltip = (f"Step {step.number}: {what}{step.place + ', ' if step.place else ''}"
                   f"{minutes_text(step.start)}–{minutes_text(step.end)} min")
        small = f' style="font-size:{num(size)}px"' if size != FONT else ""
        out.append(f'<text class="row-label" x="4" y="{num(y + BAR_H / 2 + FONT * 0.36)}"{small}>'
                   f"{esc(label)}</text>")
        out.append(f'<g class="step" data-step="{step.index}"><title>{esc(tooltip)}</title>'
                   f'<rect class="step-bar" data-step="{step.index}" '
                   f'data-modality="{esc(step.modality_id or step.activity or "")}" x="{num(x)}" y="{num(y)}" '
                   f'width="{num(width)}" height="{BAR_H}" rx="2" fill="{step.colour}"/>'
                   f"{_bar_label(step, x, width, y)}</g>")
    legend, height = _legend(summary, bottom + 42)
    out += legend
    return (f'<svg id="timeline" class="chart" viewBox="0 0 {VIEW_W} {num(height)}" role="img" '
            f'aria-labelledby="timeline-title" preserveAspectRatio="xMinYMin meet">'
            f'<title id="timeline-title">Timeline of {esc(summary.title)}</title>\n'
            + "\n".join(out) + "\n</svg>")


def _legend(summary: Summary, top: float) -> tuple[list[str], float]:
    entries = [(m.colour, f"{m.name} ({minutes_text(m.seconds)} min)") for m in summary.modalities]
    if summary.activities:
        entries.append((ACTIVITY_COLOUR, f"Activities ({minutes_text(summary.activity_seconds)} min)"))
    out = ['<g class="legend">']
    x, y = 4.0, top
    for colour, label in entries:
        width = 14 + 6 + text_width(label) + 22
        if x > 4 and x + width > VIEW_W:
            x, y = 4.0, y + 20
        out.append(f'<rect class="swatch" x="{num(x)}" y="{num(y - 10)}" width="14" height="12" rx="2" '
                   f'fill="{colour}"/>')
        out.append(f'<text class="legend-label" x="{num(x + 20)}" y="{num(y)}">{esc(label)}</text>')
        x += width
    out.append("</g>")
    return out, y + 8


def _pressure(summary: Summary) -> str:
    level_h = 15
    top = 8.0
    bottom = top + 5 * level_h

    def y_of(level: int) -> float:
        return bottom - level * level_h

    out: list[str] = []
    words_for = {s.pressure: s.pressure_word for s in summary.steps if s.pressure is not None}
    names = {1: "light lotioning", 2: "light", 3: "moderate", 4: "deep", 5: "maximal"}
    for level in range(1, 6):
        y = y_of(level)
        out.append(f'<line class="level" x1="{PLOT_X0}" y1="{num(y)}" x2="{num(PLOT_X0 + PLOT_W)}" y2="{num(y)}"/>')
        word = words_for.get(level) or names[level]
        out.append(f'<text class="row-label" x="{num(PLOT_X0 - 8)}" y="{num(y + FONT * 0.36)}" '
                   f'text-anchor="end">{level} {esc(word)}</text>')
    for span in summary.pressure:
        if span.level is None:
            x = _x(summary, span.start)
            out.append(f'<rect class="no-pressure" x="{num(x)}" y="{num(top)}" '
                       f'width="{num(_x(summary, span.end) - x)}" height="{num(bottom - top)}"/>')
    out += _axis(summary, top, bottom)
    # One filled step line for each run of hands-on work; activities break it.
    runs: list[list[tuple[float, float, int]]] = [[]]
    for span in summary.pressure:
        if span.level is None:
            runs.append([])
        else:
            runs[-1].append((_x(summary, span.start), _x(summary, span.end), span.level))
    for run in (r for r in runs if r):
        points: list[tuple[float, float]] = []
        for start, end, level in run:
            points += [(start, y_of(level)), (end, y_of(level))]
        line = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        area = f"{num(run[0][0])},{num(bottom)} {line} {num(run[-1][1])},{num(bottom)}"
        out.append(f'<polygon class="pressure-area" points="{area}"/>')
        out.append(f'<polyline class="pressure-line" points="{line}"/>')
    height = bottom + 26
    return (f'<svg id="pressure" class="chart" viewBox="0 0 {VIEW_W} {num(height)}" role="img" '
            f'aria-labelledby="pressure-title" preserveAspectRatio="xMinYMin meet">'
            f'<title id="pressure-title">Pressure over time, {esc(summary.title)}</title>\n'
            + "\n".join(out) + "\n</svg>")


# -- the style sheet -------------------------------------------------------------


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
