"""The geometry of the session sheet's two pictures: the timeline and the pressure chart.

Both share one horizontal scale, so their time axes line up on the page, and
size their labels with the advance widths of the sheet's sans-serif face so
that a label is placed where it fits or shortened, never overlapping.

This module only measures: `timeline` and `pressure_chart` return plain,
frozen values whose coordinates are already written as SVG numbers (`num`),
and the templates ``sheet/timeline.svg`` and ``sheet/pressure.svg`` write the
markup from them, escaping every text on the way out.  Keeping the arithmetic
here keeps it testable and the templates free of it; keeping the markup in the
templates leaves no hand-made escaping in Python.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

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


# -- what the templates draw -------------------------------------------------------
# Every coordinate is a string already formatted by `num`; every text is plain,
# unescaped text (the templates escape it).


@frozen
class Tick:
    """A mark on a minute axis; a major one carries its label (the minute, or the end time)."""

    x: str
    major: bool
    label: str = ""


@frozen
class Axis:
    """The minute axis under a plot: its line at ``y`` from ``x0`` to ``x1``, grid lines up to ``top``."""

    x0: str
    x1: str
    y: str
    top: str
    major_y: str  # where a major tick ends, below the axis
    minor_y: str
    label_y: str
    title_x: str
    ticks: tuple[Tick, ...]
    end: Tick | None  # the session's end when it falls between labels and has room for its own


@frozen
class BarLabel:
    """Region and minutes of one bar: ``inside`` it (in the ink that reads on its colour) or ``beside`` it."""

    place: str
    x: str
    y: str
    text: str
    anchor: str = ""  # text-anchor, when not the start
    fill: str = ""


@frozen
class TimelineRow:
    """One step of the timeline: its label in the gutter and its bar."""

    index: int
    label: str
    label_y: str
    label_size: str  # font size in px when the label sets smaller than the rest, else ""
    tooltip: str
    modality: str  # the modality id, or the activity
    x: str
    y: str
    width: str
    colour: str
    text: BarLabel


@frozen
class LegendEntry:
    colour: str
    x: str
    y: str
    swatch_y: str
    text_x: str
    label: str


@frozen
class Timeline:
    width: int
    height: str
    row_height: int
    bar_height: int
    stripes: tuple[str, ...]  # the y of every other row's background stripe
    axis: Axis
    rows: tuple[TimelineRow, ...]
    legend: tuple[LegendEntry, ...]


@frozen
class Level:
    """One pressure level's grid line (at ``y``) and its label."""

    y: str
    label_y: str
    label: str


@frozen
class Box:
    x: str
    y: str
    width: str
    height: str


@frozen
class Run:
    """A run of hands-on work as SVG points: the filled ``area`` under the stepped ``line``."""

    area: str
    line: str


@frozen
class PressureChart:
    width: int
    height: str
    x0: str
    x1: str
    label_x: str
    levels: tuple[Level, ...]
    gaps: tuple[Box, ...]  # the spans with no hands on
    axis: Axis
    runs: tuple[Run, ...]


# -- the arithmetic ------------------------------------------------------------------


def _x(summary: Summary, seconds: float) -> float:
    return PLOT_X0 + PLOT_W * seconds / max(summary.total, 1)


def _ticks(total: int) -> tuple[int, int]:
    """(minor, major) tick spacing in minutes for a session of ``total`` seconds."""
    minutes = total / 60
    for limit, major in ((12, 1), (25, 2), (70, 5), (150, 10), (300, 30)):
        if minutes <= limit:
            return (1 if minutes <= 150 else 5), major
    return 10, 60


def _axis(summary: Summary, top: float, bottom: float) -> Axis:
    """A minute axis under a plot whose area runs from ``top`` to ``bottom``."""
    minor, major = _ticks(summary.total)
    ticks: list[Tick] = []
    minute = 0
    last_label = float(PLOT_X0)
    while minute * 60 <= summary.total:
        x = _x(summary, minute * 60)
        labelled = minute % major == 0
        ticks.append(Tick(num(x), labelled, str(minute) if labelled else ""))
        if labelled:
            last_label = x
        minute += minor
    end = _x(summary, summary.total)
    closing = None
    if summary.total % (major * 60) and end - last_label >= 2.2 * FONT:
        closing = Tick(num(end), True, minutes_text(summary.total))
    return Axis(x0=num(PLOT_X0), x1=num(PLOT_X0 + PLOT_W), y=num(bottom), top=num(top), major_y=num(bottom + 6),
                minor_y=num(bottom + 3), label_y=num(bottom + 18), title_x=num(PLOT_X0 - 8), ticks=tuple(ticks),
                end=closing)


def _bar_label(step: StepFact, x: float, width: float, y: float) -> BarLabel:
    """Region and minutes for one bar: inside it if they fit, else beside it, else cut short."""
    minutes = f"{minutes_text(step.seconds)} min"
    full = f"{step.place} · {minutes}" if step.place else minutes
    baseline = num(y + BAR_H / 2 + FONT * 0.36)
    room = width - 8
    if text_width(full) <= room:
        return BarLabel("inside", num(x + width / 2), baseline, full, anchor="middle", fill=ink_on(step.colour))
    right_room = VIEW_W - (x + width) - 6
    left_room = x - PLOT_X0 - 6
    if text_width(full) <= right_room or right_room >= left_room:
        return BarLabel("beside", num(x + width + 5), baseline, fit(full, right_room))
    return BarLabel("beside", num(x - 5), baseline, fit(full, left_room), anchor="end")


def timeline(summary: Summary) -> Timeline:
    """Where each step's bar and labels go on the timeline, one row per step."""
    steps = summary.steps
    top = 4.0
    bottom = top + ROW_H * len(steps) + 4
    rows: list[TimelineRow] = []
    for row, step in enumerate(steps):
        y = top + ROW_H * row + (ROW_H - BAR_H) / 2
        x = _x(summary, step.start)
        width = max(_x(summary, step.end) - x, 1.5)
        name = step.technique if step.hands_on else step.modality
        label = f"{step.number} {name}"
        # A long technique name sets a little smaller, down to 10, before it is cut short.
        size = max(10.0, min(FONT, FONT * (GUTTER - 6) / text_width(label)))
        what = f"{step.modality}: {step.technique}, " if step.hands_on else f"{step.modality}, "
        tooltip = (f"Step {step.number}: {what}{step.place + ', ' if step.place else ''}"
                   f"{minutes_text(step.start)}–{minutes_text(step.end)} min")
        rows.append(TimelineRow(
            index=step.index, label=fit(label, GUTTER - 6, size), label_y=num(y + BAR_H / 2 + FONT * 0.36),
            label_size=num(size) if size != FONT else "", tooltip=tooltip,
            modality=step.modality_id or step.activity or "", x=num(x), y=num(y), width=num(width),
            colour=step.colour, text=_bar_label(step, x, width, y)))
    legend, height = _legend(summary, bottom + 42)
    return Timeline(width=VIEW_W, height=num(height), row_height=ROW_H, bar_height=BAR_H,
                    stripes=tuple(num(top + ROW_H * row) for row in range(0, len(steps), 2)),
                    axis=_axis(summary, top, bottom), rows=tuple(rows), legend=legend)


def _legend(summary: Summary, top: float) -> tuple[tuple[LegendEntry, ...], float]:
    """The legend's entries, flowed into lines across the picture, and the picture's height below them."""
    entries = [(m.colour, f"{m.name} ({minutes_text(m.seconds)} min)") for m in summary.modalities]
    if summary.activities:
        entries.append((ACTIVITY_COLOUR, f"Activities ({minutes_text(summary.activity_seconds)} min)"))
    placed: list[LegendEntry] = []
    x, y = 4.0, top
    for colour, label in entries:
        width = 14 + 6 + text_width(label) + 22
        if x > 4 and x + width > VIEW_W:
            x, y = 4.0, y + 20
        placed.append(LegendEntry(colour, num(x), num(y), num(y - 10), num(x + 20), label))
        x += width
    return tuple(placed), y + 8


def pressure_chart(summary: Summary) -> PressureChart:
    """The pressure profile: a stepped line over the Walton levels, broken where no hands are on."""
    level_h = 15
    top = 8.0
    bottom = top + 5 * level_h

    def y_of(level: int) -> float:
        return bottom - level * level_h

    words_for = {s.pressure: s.pressure_word for s in summary.steps if s.pressure is not None}
    names = {1: "light lotioning", 2: "light", 3: "moderate", 4: "deep", 5: "maximal"}
    levels = tuple(Level(num(y_of(level)), num(y_of(level) + FONT * 0.36),
                         f"{level} {words_for.get(level) or names[level]}") for level in range(1, 6))
    gaps = []
    for span in summary.pressure:
        if span.level is None:
            x = _x(summary, span.start)
            gaps.append(Box(num(x), num(top), num(_x(summary, span.end) - x), num(bottom - top)))
    # One filled step line for each run of hands-on work; activities break it.
    runs: list[list[tuple[float, float, int]]] = [[]]
    for span in summary.pressure:
        if span.level is None:
            runs.append([])
        else:
            runs[-1].append((_x(summary, span.start), _x(summary, span.end), span.level))
    return PressureChart(width=VIEW_W, height=num(bottom + 26), x0=num(PLOT_X0), x1=num(PLOT_X0 + PLOT_W),
                         label_x=num(PLOT_X0 - 8), levels=levels, gaps=tuple(gaps),
                         axis=_axis(summary, top, bottom), runs=tuple(_run(r, bottom, y_of) for r in runs if r))


def _run(run: list[tuple[float, float, int]], bottom: float, y_of: Callable[[int], float]) -> Run:
    points: list[tuple[float, float]] = []
    for start, end, level in run:
        points += [(start, y_of(level)), (end, y_of(level))]
    line = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return Run(area=f"{num(run[0][0])},{num(bottom)} {line} {num(run[-1][1])},{num(bottom)}", line=line)

