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
_BAND_LINE = 18  # a line of position labels above the timeline's rows


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
class TurnMark:
    """Where the client's position is first said or changes: a line down the plot at ``x`` from
    ``top`` to ``bottom``, its label ("turn: supine") in the band above the rows."""

    x: str
    top: str
    bottom: str
    label: BarLabel
    tooltip: str


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
    turns: tuple[TurnMark, ...] = ()
    band_label_y: str = ""  # the baseline of the positions band above the rows (none without turns)
    description: str = ""  # the positions in words, for a screen reader


@frozen
class Scale:
    """Where a picture's minutes run: from ``x0``, ``width`` wide, in a picture ``view`` wide."""

    x0: float
    width: float
    view: int


WIDE = Scale(PLOT_X0, PLOT_W, VIEW_W)  # the printed sheet's pictures: labels in a gutter on the left


def x_at(summary: Summary, seconds: float, scale: Scale = WIDE) -> float:
    return scale.x0 + scale.width * seconds / max(summary.total, 1)


def _ticks(total: int) -> tuple[int, int]:
    """(minor, major) tick spacing in minutes for a session of ``total`` seconds."""
    minutes = total / 60
    for limit, major in ((12, 1), (25, 2), (70, 5), (150, 10), (300, 30)):
        if minutes <= limit:
            return (1 if minutes <= 150 else 5), major
    if minutes <= 600:
        return 10, 60
    # Longer than any session: whole hours, about ten of them, so the axis stays a few ticks (one per
    # ten minutes of a 999999999h step would never finish drawing).
    hours = -(-int(minutes) // 600)
    return 60 * hours, 60 * hours


def axis(summary: Summary, top: float, bottom: float, scale: Scale = WIDE) -> Axis:
    """A minute axis under a plot whose area runs from ``top`` to ``bottom``."""
    minor, major = _ticks(summary.total)
    ticks: list[Tick] = []
    minute = 0
    last_label = scale.x0
    while minute * 60 <= summary.total:
        x = x_at(summary, minute * 60, scale)
        labelled = minute % major == 0
        ticks.append(Tick(num(x), labelled, str(minute) if labelled else ""))
        if labelled:
            last_label = x
        minute += minor
    end = x_at(summary, summary.total, scale)
    closing = None
    if summary.total % (major * 60) and end - last_label >= 2.2 * FONT:
        closing = Tick(num(end), True, minutes_text(summary.total))
    return Axis(x0=num(scale.x0), x1=num(scale.x0 + scale.width), y=num(bottom), top=num(top),
                major_y=num(bottom + 6), minor_y=num(bottom + 3), label_y=num(bottom + 18),
                title_x=num(scale.x0 - 8), ticks=tuple(ticks), end=closing)


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
    # A band above the rows for the position marks (one or two lines), when the protocol states any.
    placed = _place_turns(summary)
    top = 4.0 + (_BAND_LINE * (1 + max(min(p.line, 1) for p in placed)) + 4 if placed else 0)
    bottom = top + ROW_H * len(steps) + 4
    rows: list[TimelineRow] = []
    for row, step in enumerate(steps):
        y = top + ROW_H * row + (ROW_H - BAR_H) / 2
        x = x_at(summary, step.start)
        width = max(x_at(summary, step.end) - x, 1.5)
        name = step.technique if step.hands_on else step.modality
        label = f"{step.number} {name}"
        # A long technique name sets a little smaller, down to 10, before it is cut short.
        size = max(10.0, min(FONT, FONT * (GUTTER - 6) / text_width(label)))
        rows.append(TimelineRow(
            index=step.index, label=fit(label, GUTTER - 6, size), label_y=num(y + BAR_H / 2 + FONT * 0.36),
            label_size=num(size) if size != FONT else "", tooltip=step_tooltip(step),
            modality=step.modality_id or step.activity or "", x=num(x), y=num(y), width=num(width),
            colour=step.colour, text=_bar_label(step, x, width, y)))
    legend_entries, height = legend(summary, bottom + 42)
    return Timeline(width=VIEW_W, height=num(height), row_height=ROW_H, bar_height=BAR_H,
                    stripes=tuple(num(top + ROW_H * row) for row in range(0, len(steps), 2)),
                    axis=axis(summary, top, bottom), rows=tuple(rows), legend=legend_entries,
                    turns=_turns(placed, top, bottom), band_label_y=num(_band_baseline(0)),
                    description=positions_in_words(summary))


def step_tooltip(step: StepFact) -> str:
    """``Step 3: Swedish: Effleurage, Calf (left), 4–9 min``: the step in full, for a bar's tooltip."""
    what = f"{step.modality}: {step.technique}, " if step.hands_on else f"{step.modality}, "
    return (f"Step {step.number}: {what}{step.place + ', ' if step.place else ''}"
            f"{minutes_text(step.start)}–{minutes_text(step.end)} min")


@frozen
class _Placed:
    step: StepFact
    x: float
    line: int  # 0 or 1: the band's two lines of labels; 2: no room for one
    label_x: float
    anchor: str
    text: str


def _place_turns(summary: Summary) -> list[_Placed]:
    """Each turn's label: right of its line on the band's first line where it fits, else the
    second; left of its line at the picture's right edge; cut short, or left out (the line's
    tooltip, the description and the steps table still say it), never overlapping another.
    A line starts at its own label's line, so a first-line mark must not cross a second-line label."""
    ends = [float(GUTTER), float(GUTTER)]  # where the labels so far end, on each line
    placed = []
    for step in summary.turns:
        x = x_at(summary, step.start)
        text = step.position_mark
        width = text_width(text)
        room = VIEW_W - 2 - x - 4
        clear = (ends[1] <= x - 2, True)  # may a line starting on line 0 (or 1) pass here
        options = [(line, x + 4, "", text) for line in (0, 1) if width <= room and ends[line] + 6 <= x + 4]
        options += [(line, x - 4, "end", text) for line in (0, 1) if width > room and ends[line] + 6 <= x - 4 - width]
        options += [(line, x + 4, "", fit(text, room)) for line in (0, 1) if ends[line] + 6 <= x + 4 and room > 9]
        # No room at all: a line from below the band, without a label.
        choice = next((option for option in options if clear[option[0]]), (2, x, "", ""))
        line, label_x, anchor, shown = choice
        if line < 2:
            ends[line] = max(ends[line], x if anchor else label_x + text_width(shown))
            ends[1] = max(ends[1], x)  # every line in the band passes the second line
        placed.append(_Placed(step, x, line, label_x, anchor, shown))
    return placed


def _band_baseline(line: int) -> float:
    return 4 + _BAND_LINE * line + _BAND_LINE / 2 + FONT * 0.36


def _turns(placed: list[_Placed], top: float, bottom: float) -> tuple[TurnMark, ...]:
    return tuple(TurnMark(num(p.x), num(6 + _BAND_LINE * p.line if p.line < 2 else top), num(bottom),
                          BarLabel("turn", num(p.label_x), num(_band_baseline(p.line)), p.text, anchor=p.anchor),
                          f"{p.step.position_mark} at {minutes_text(p.step.start)} min (step {p.step.number})")
                 for p in placed)


def positions_in_words(summary: Summary) -> str:
    """``Client position: prone from the start; supine from 14 min (step 7).`` or empty."""
    parts = [f"{step.position} from the start" if step.start == 0
             else f"{step.position} from {minutes_text(step.start)} min (step {step.number})"
             for step in summary.turns]
    return f"Client position: {'; '.join(parts)}." if parts else ""


def legend(summary: Summary, top: float, view: int = VIEW_W) -> tuple[tuple[LegendEntry, ...], float]:
    """The legend's entries, flowed into lines across the picture, and the picture's height below them."""
    entries = [(m.colour, f"{m.name} ({minutes_text(m.seconds)} min)") for m in summary.modalities]
    if summary.activities:
        entries.append((ACTIVITY_COLOUR, f"Activities ({minutes_text(summary.activity_seconds)} min)"))
    placed: list[LegendEntry] = []
    x, y = 4.0, top
    for colour, label in entries:
        width = 14 + 6 + text_width(label) + 22
        if x > 4 and x + width > view:
            x, y = 4.0, y + 20
        placed.append(LegendEntry(colour, num(x), num(y), num(y - 10), num(x + 20), label))
        x += width
    return tuple(placed), y + 8
