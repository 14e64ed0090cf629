"""The timeline for a narrow screen: each step's words on a line of their own above its bar.

On a phone the sheet's timeline (`svg.timeline`, labels in a gutter left of
the bars) would either shrink its labels below reading size or scroll
sideways.  This picture keeps the same time scale idea in a picture about a
phone wide: every row is a line of words ("3 Effleurage · Calf (left) · 5
min", shortened only when even that line cannot hold it), the step's bar
under it placed by time, and where the client's position changes a bold line
("turn: supine") above the step.  The sheet's style shows it instead of the
wide timeline on narrow screens only; print always has the wide one.  Like
`svg`, this module only measures; ``sheet/timeline_narrow.svg`` writes it.
"""

from __future__ import annotations

from attrs import frozen

from protocolkit.export.summary import Summary, minutes_text
from protocolkit.export.svg import Axis, LegendEntry, Scale, axis, fit, legend, num, positions_in_words, \
    step_tooltip, x_at

NARROW_W = 360  # about a phone's width in CSS pixels, so the words set near their own size
# The minutes run from past the axis title ("minutes", right-aligned before the plot) to the edge.
NARROW = Scale(58, NARROW_W - 58 - 10, NARROW_W)
LINE = 16  # one line of words
BAR_H = 10


@frozen
class NarrowRow:
    """One step: its turn line (when the position changes there), its words, and its bar."""

    index: int
    turn: str  # "turn: supine", or "" where the position stays
    turn_y: str
    label: str
    label_y: str
    tooltip: str
    modality: str  # the modality id, or the activity
    x: str
    y: str
    width: str
    colour: str


@frozen
class NarrowTimeline:
    width: int
    height: str
    bar_height: int
    axis: Axis
    rows: tuple[NarrowRow, ...]
    legend: tuple[LegendEntry, ...]
    description: str = ""  # the positions in words, for a screen reader


def narrow_timeline(summary: Summary) -> NarrowTimeline:
    """Where each step's words and bar go on the narrow timeline, top to bottom."""
    rows = []
    y = 4.0
    for step in summary.steps:
        turn_y = 0.0
        if step.position_mark:
            turn_y = y + LINE - 4
            y += LINE
        name = step.technique if step.hands_on else step.modality
        words = " · ".join(part for part in (f"{step.number} {name}", step.place, f"{minutes_text(step.seconds)} min")
                           if part)
        label_y = y + LINE - 4
        bar_y = y + LINE
        x = x_at(summary, step.start, NARROW)
        rows.append(NarrowRow(
            index=step.index, turn=step.position_mark, turn_y=num(turn_y), label=fit(words, NARROW_W - 8),
            label_y=num(label_y), tooltip=step_tooltip(step), modality=step.modality_id or step.activity or "",
            x=num(x), y=num(bar_y), width=num(max(x_at(summary, step.end, NARROW) - x, 1.5)), colour=step.colour))
        y = bar_y + BAR_H + 6
    bottom = y
    entries, height = legend(summary, bottom + 42, NARROW_W)
    return NarrowTimeline(width=NARROW_W, height=num(height), bar_height=BAR_H,
                          axis=axis(summary, 4.0, bottom, NARROW), rows=tuple(rows), legend=entries,
                          description=positions_in_words(summary))

