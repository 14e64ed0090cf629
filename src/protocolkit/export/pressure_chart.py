"""The sheet's pressure chart: a stepped line over the Walton levels, broken where no hands are on.

It shares the timeline's horizontal scale and minute axis (`svg`), so the two
pictures' time axes line up on the page; like `svg` it only measures, and the
template ``sheet/pressure.svg`` writes the markup.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from protocolkit.export.summary import Summary
from protocolkit.export.svg import FONT, PLOT_W, PLOT_X0, VIEW_W, Axis, x_at, axis, num


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
            x = x_at(summary, span.start)
            gaps.append(Box(num(x), num(top), num(x_at(summary, span.end) - x), num(bottom - top)))
    # One filled step line for each run of hands-on work; activities break it.
    runs: list[list[tuple[float, float, int]]] = [[]]
    for span in summary.pressure:
        if span.level is None:
            runs.append([])
        else:
            runs[-1].append((x_at(summary, span.start), x_at(summary, span.end), span.level))
    return PressureChart(width=VIEW_W, height=num(bottom + 26), x0=num(PLOT_X0), x1=num(PLOT_X0 + PLOT_W),
                         label_x=num(PLOT_X0 - 8), levels=levels, gaps=tuple(gaps),
                         axis=axis(summary, top, bottom), runs=tuple(_run(r, bottom, y_of) for r in runs if r))


def _run(run: list[tuple[float, float, int]], bottom: float, y_of: Callable[[int], float]) -> Run:
    points: list[tuple[float, float]] = []
    for start, end, level in run:
        points += [(start, y_of(level)), (end, y_of(level))]
    line = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return Run(area=f"{num(run[0][0])},{num(bottom)} {line} {num(run[-1][1])},{num(bottom)}", line=line)
