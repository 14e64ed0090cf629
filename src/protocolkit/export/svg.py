"""The session sheet's two pictures as inline SVG: the timeline and the pressure chart.

Both share one horizontal scale, so their time axes line up on the page, and
size their labels with the advance widths of the sheet's sans-serif face so
that a label is placed where it fits or shortened, never overlapping.
"""

from __future__ import annotations

from html import escape

from protocolkit.export.summary import ACTIVITY_COLOUR, StepFact, Summary, ink_on, minutes_text

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


def timeline(summary: Summary) -> str:
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


def pressure_chart(summary: Summary) -> str:
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
