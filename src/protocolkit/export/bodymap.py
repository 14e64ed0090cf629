"""The body map: a front and a back outline, each region shaded by the minutes spent on it.

Any sheet draws one with `body_map` and the template ``sheet/bodymap.svg``.
The outline is a handful of simple shapes drawn here (no artwork from
elsewhere); ``PARTS`` has their geometry and ``REGION_PARTS`` says which
shapes each region of the core vocabulary fills, one entry per region id:
several regions may share a shape (head and scalp) and small regions lie over
larger ones (the navel over the abdomen).  A region the table does not know
(one a plugin adds) is not guessed onto the body: it goes in a list beside
the map with its minutes.

Sides are the client's.  A sided shape is drawn twice, once for each side;
on the front view the client's left is on the viewer's right, on the back view
on the viewer's left, and the map labels both.  A step on one side shades that
side's shape only; a step on both sides (or on a midline shape) shades both.

Colours are fill attributes and the hatching a pattern inside the SVG, so
the map needs no style attribute (the studio's Content-Security-Policy
forbids them); print and screen read the same, and nothing is said by colour
alone: every shape's title names the region, side and minutes.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Literal

from attrs import frozen

from protocolkit.check.restrictions import ClientLimits
from protocolkit.export.summary import Summary, minutes_text
from protocolkit.export.svg import num
from protocolkit.model.regions import RegionVocabulary

View = Literal["front", "back"]
Point = tuple[float, float]

FIGURE_WIDTH = 200  # one view; the midline is at x = 100
FIGURE_HEIGHT = 466
TOP = 30  # room above the figures for their titles
GAP = 24
LEGEND_X = 2 * FIGURE_WIDTH + GAP + 14
WIDTH = LEGEND_X + 150
HEIGHT = TOP + FIGURE_HEIGHT
VIEW_X: dict[View, int] = {"front": 0, "back": FIGURE_WIDTH + GAP}

# A sequential, colour-blind-safe ramp (ColorBrewer "Purples"), light to dark: more minutes, darker.
SHADES = ("#CBC9E2", "#9E9AC8", "#756BB1", "#54278F")
UNWORKED = "#FAFAFA"
# Step sizes for the legend's bands of minutes: the smallest that puts the longest region in the top band.
BANDS = (1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 600)


@frozen
class Part:
    """One shape of the outline: a polygon or an ellipse on one view.

    A sided part is drawn on the viewer's left as given and mirrored across
    the midline for the other side.  ``overlay`` parts are small areas drawn
    over the shapes that tile the body."""

    view: View
    points: tuple[Point, ...] = ()
    ellipse: tuple[float, float, float, float] | None = None  # cx, cy, rx, ry
    sided: bool = True
    overlay: bool = False


def _poly(view: View, *points: Point, sided: bool = True, overlay: bool = False) -> Part:
    return Part(view, tuple(points), sided=sided, overlay=overlay)


def _oval(view: View, cx: float, cy: float, rx: float, ry: float, sided: bool = True,
          overlay: bool = False) -> Part:
    return Part(view, ellipse=(cx, cy, rx, ry), sided=sided, overlay=overlay)


def _head_cut(y: float) -> float:
    """Half the head's width at height ``y``, to split the head oval into cranium and face."""
    return 19 * math.sqrt(1 - ((y - 30) / 24) ** 2)


_CUT = 24  # the head oval (100, 30, 19, 24) is split here: cranium above, face below

PARTS: dict[str, Part] = {
    # -- front: the tiling shapes, then the overlays --
    "front/cranium": Part("front", ((100 - _head_cut(_CUT), _CUT), (100 + _head_cut(_CUT), _CUT)),
                          sided=False),
    "front/face": Part("front", ((100 + _head_cut(_CUT), _CUT), (100 - _head_cut(_CUT), _CUT)), sided=False),
    "front/neck": _poly("front", (91, 52), (100, 53), (100, 74), (86, 74)),
    "front/chest": _poly("front", (100, 74), (86, 74), (78, 80), (76, 96), (78, 128), (100, 128)),
    "front/abdomen": _poly("front", (78, 128), (122, 128), (121, 166), (124, 204), (76, 204), (79, 166),
                           sided=False),
    "front/hip": _poly("front", (76, 204), (100, 204), (100, 240), (92, 236), (75, 232)),
    "front/lateral-thigh": _poly("front", (75, 232), (82, 234), (84, 338), (79, 338), (74, 290)),
    "front/anterior-thigh": _poly("front", (82, 234), (92, 236.5), (92, 338), (84, 338)),
    "front/medial-thigh": _poly("front", (92, 236.5), (100, 240), (98, 300), (98, 338), (92, 338)),
    "front/knee": _poly("front", (79, 338), (98, 338), (97, 362), (80, 362)),
    "front/shin": _poly("front", (80, 362), (92, 362), (90.3, 426), (82.9, 426), (79, 385)),
    "front/saphenous": _poly("front", (92, 362), (97, 362), (98, 385), (95.7, 426), (90.3, 426)),
    "front/ankle": _poly("front", (82.9, 426), (95.7, 426), (95, 438), (84, 438)),
    "front/foot": _poly("front", (84, 438), (95, 438), (98, 448), (98, 460), (80, 462), (80, 452)),
    "front/shoulder": _oval("front", 68, 87, 12, 14),
    "front/upper-arm": _poly("front", (58, 96), (66, 100), (64, 166), (53, 166)),
    "front/medial-upper-arm": _poly("front", (66, 100), (72, 99), (70, 166), (64, 166)),
    "front/elbow": _poly("front", (53, 166), (70, 166), (68, 180), (51, 180)),
    "front/forearm": _poly("front", (51, 180), (68, 180), (63.8, 230), (49.3, 230)),
    "front/wrist": _poly("front", (49.3, 230), (63.8, 230), (63, 240), (49, 240)),
    "front/hand": _poly("front", (49, 240), (63, 240), (66, 256), (62, 276), (51, 276), (46, 256)),
    "front/eye": _oval("front", 92.5, 31, 4, 2.4, overlay=True),
    "front/axilla": _oval("front", 75, 104, 3.5, 8, overlay=True),
    "front/umbilicus": _oval("front", 100, 172, 3.5, 3.5, sided=False, overlay=True),
    "front/femoral-triangle": _poly("front", (85, 228), (99, 240), (93, 262), overlay=True),
    "front/cubital-fossa": _oval("front", 61, 173, 5, 4, overlay=True),
    "front/fibular-head": _oval("front", 80.5, 366, 3, 3, overlay=True),
    "front/tarsal-tunnel": _oval("front", 94, 437, 3, 3, overlay=True),
    # -- back --
    "back/head": Part("back", ellipse=(100, 30, 19, 24), sided=False),
    "back/neck": _poly("back", (91, 52), (100, 53), (100, 74), (92, 74)),
    "back/upper-back": _poly("back", (100, 74), (80, 74), (77, 82), (76, 118), (100, 118)),
    "back/mid-back": _poly("back", (100, 118), (76, 118), (78, 152), (100, 152)),
    "back/kidney-area": _poly("back", (100, 152), (78, 152), (78, 176), (100, 176)),
    "back/lower-back": _poly("back", (100, 176), (78, 176), (76, 204), (100, 204)),
    "back/gluteal": _poly("back", (76, 204), (90, 204), (100, 236), (100, 258), (75, 256)),
    "back/sacrum": _poly("back", (90, 204), (110, 204), (100, 236), sided=False),
    "back/posterior-thigh": _poly("back", (75, 256), (100, 258), (98, 338), (79, 338), (74, 300)),
    "back/knee": _poly("back", (79, 338), (98, 338), (97, 362), (80, 362)),
    "back/calf": _poly("back", (80, 362), (97, 362), (99, 385), (95.9, 426), (82.6, 426), (78, 385)),
    "back/ankle": _poly("back", (82.6, 426), (95.9, 426), (95, 438), (84, 438)),
    "back/foot": _poly("back", (84, 438), (95, 438), (96, 454), (90, 462), (83, 456)),
    "back/shoulder": _oval("back", 68, 87, 12, 14),
    "back/upper-arm": _poly("back", (58, 96), (72, 99), (70, 166), (53, 166)),
    "back/elbow": _poly("back", (53, 166), (70, 166), (68, 180), (51, 180)),
    "back/forearm": _poly("back", (51, 180), (68, 180), (63.8, 230), (49.3, 230)),
    "back/wrist": _poly("back", (49.3, 230), (63.8, 230), (63, 240), (49, 240)),
    "back/hand": _poly("back", (49, 240), (63, 240), (66, 256), (62, 276), (51, 276), (46, 256)),
    "back/posterior-triangle": _poly("back", (91.5, 58), (92, 74), (80, 74), overlay=True),
    "back/sciatic-notch": _oval("back", 85, 228, 3.2, 3.2, overlay=True),
    "back/popliteal-fossa": _poly("back", (88.5, 341), (95, 350), (88.5, 359), (82, 350), overlay=True),
}

# Which shapes each region of the core vocabulary fills: one entry per region id.
REGION_PARTS: dict[str, tuple[str, ...]] = {
    "head": ("front/cranium", "back/head"),
    "scalp": ("front/cranium", "back/head"),
    "face": ("front/face",),
    "eyes": ("front/eye",),
    "neck": ("back/neck",),
    "anterior-neck": ("front/neck",),
    "posterior-triangle": ("back/posterior-triangle",),
    "shoulder": ("front/shoulder", "back/shoulder"),
    "upper-back": ("back/upper-back",),
    "mid-back": ("back/mid-back",),
    "kidney-area": ("back/kidney-area",),
    "lower-back": ("back/lower-back",),
    "sacrum": ("back/sacrum",),
    "sciatic-notch": ("back/sciatic-notch",),
    "gluteal": ("back/gluteal",),
    "chest": ("front/chest",),
    "abdomen": ("front/abdomen",),
    "umbilicus": ("front/umbilicus",),
    "axilla": ("front/axilla",),
    "upper-arm": ("front/upper-arm", "back/upper-arm"),
    "medial-upper-arm": ("front/medial-upper-arm",),
    "elbow": ("front/elbow", "back/elbow"),
    "cubital-fossa": ("front/cubital-fossa",),
    "forearm": ("front/forearm", "back/forearm"),
    "wrist": ("front/wrist", "back/wrist"),
    "hand": ("front/hand", "back/hand"),
    "hip": ("front/hip",),
    "anterior-thigh": ("front/anterior-thigh",),
    "posterior-thigh": ("back/posterior-thigh",),
    "medial-thigh": ("front/medial-thigh",),
    "lateral-thigh": ("front/lateral-thigh",),
    "femoral-triangle": ("front/femoral-triangle",),
    "knee": ("front/knee", "back/knee"),
    "popliteal-fossa": ("back/popliteal-fossa",),
    "fibular-head": ("front/fibular-head",),
    "calf": ("back/calf",),
    "shin": ("front/shin",),
    "great-saphenous-vein": ("front/saphenous",),
    "ankle": ("front/ankle", "back/ankle"),
    "tarsal-tunnel": ("front/tarsal-tunnel",),
    "foot": ("front/foot", "back/foot"),
}


# -- what a sheet renders ------------------------------------------------------------------


@frozen
class Shape:
    """One shape as drawn: ``regions`` is the space-separated region ids it stands for (empty for a
    piece of outline no region fills), ``side`` the client's side (left, right or none)."""

    d: str
    regions: str
    side: str
    fill: str
    title: str
    minutes: str | None = None  # data-minutes, only on a shaded shape
    hatched: bool = False
    marker: tuple[str, str] | None = None  # where the endangerment marker goes


@frozen
class Figure:
    view: View
    label: str
    x: int
    shapes: tuple[Shape, ...]
    side_labels: tuple[tuple[float, str], ...]  # (x, "L" or "R") at the figure's sides


@frozen
class Band:
    """One step of the legend: its shade and what it means."""

    fill: str
    label: str


@frozen
class Listed:
    """A worked region the map has no shape for (one a plugin adds), for the list beside the map."""

    name: str
    minutes: str
    ruled_out: bool = False


@frozen
class BodyMap:
    """Everything ``sheet/bodymap.svg`` draws.  ``id`` prefixes the ids inside the SVG (the hatch
    pattern), so that two maps can share a page."""

    id: str
    title: str
    width: int
    height: int
    figures: tuple[Figure, ...]
    bands: tuple[Band, ...]
    hatched: bool
    endangerment: bool
    also_worked: tuple[Listed, ...]
    legend_x: int = LEGEND_X

    @property
    def shaded(self) -> int:
        return sum(1 for figure in self.figures for shape in figure.shapes if shape.minutes is not None)


Place = tuple[str, str | None]  # (region id, side: left, right, both or None for both)


def worked_seconds(summary: Summary) -> dict[Place, int]:
    """The hands-on seconds of a session by region and side, for `body_map`."""
    worked: dict[Place, int] = {}
    for step in summary.steps:
        if step.hands_on and step.region_id:
            key = (step.region_id, step.side)
            worked[key] = worked.get(key, 0) + step.seconds
    return worked


def ruled_out(limits: ClientLimits, regions: RegionVocabulary) -> frozenset[tuple[str, str]]:
    """The (region id, side) pairs an intake rules out for every modality: only region ids and sides.

    A limit that caps pressure or leaves out a technique does not rule a region
    out, nor does one for a single modality; a blocker stops the whole session,
    which the verdict says, so it marks no region.  A region the vocabulary does
    not know is left out: as typed, it is the client's words, never shown."""
    return frozenset((region, side) for limit in limits.limits
                     if limit.off_limits and limit.modality is None and limit.regions is not None
                     for region in limit.regions if region in regions for side in limit.sides)


def body_map(seconds_by_place: Mapping[Place, int], regions: RegionVocabulary,
             ruled_out_places: Collection[tuple[str, str]] = (), *, map_id: str = "body-map",
             title: str = "Regions worked, front and back") -> BodyMap:
    """The map of ``seconds_by_place`` (region and side -> seconds) on the vocabulary ``regions``.

    ``ruled_out_places`` are (region id, side) pairs to hatch; a side of
    ``both`` (or None) counts for either side."""
    seconds = _by_side(seconds_by_place.items())
    # A midline shape counts every step once, whichever side the step names.
    for (region, _side), amount in seconds_by_place.items():
        seconds[(region, "none")] = seconds.get((region, "none"), 0) + amount
    barred = _by_side((place, 1) for place in ruled_out_places)
    longest = max((amount for (region, side), amount in seconds.items() if _drawn(region, side)), default=0)
    step = next((band for band in BANDS if 4 * band * 60 >= longest), math.ceil(longest / 240))
    figures = tuple(_figure(view, seconds, barred, regions, step) for view in ("front", "back"))
    listed = tuple(_listed(regions, seconds, barred))
    bands = tuple(Band(shade, f"up to {step} min" if level == 0 else f"{level * step}–{(level + 1) * step} min")
                  for level, shade in enumerate(SHADES))
    hatched = any(shape.hatched for figure in figures for shape in figure.shapes)
    return BodyMap(map_id, title, WIDTH, HEIGHT, figures, bands, hatched or any(i.ruled_out for i in listed),
                   any(r.is_endangerment_site for r in regions if r.id in REGION_PARTS), listed)


def _drawn(region_id: str, side: str) -> bool:
    """Is this count what some shape (or the list) shows: per side on a sided shape, else in all?"""
    parts = [PARTS[key] for key in REGION_PARTS.get(region_id, ())]
    return any(part.sided == (side != "none") for part in parts) or (not parts and side == "none")


def _by_side(items: Iterable[tuple[Place, int]]) -> dict[tuple[str, str], int]:
    """Seconds by region and client side, a step on both sides counting on each."""
    found: dict[tuple[str, str], int] = {}
    for (region, side), amount in items:
        for one in ("left", "right") if side in (None, "both") else (str(side),):
            found[(region, one)] = found.get((region, one), 0) + amount
    return found


def _figure(view: View, seconds: Mapping[tuple[str, str], int], barred: Mapping[tuple[str, str], int],
            regions: RegionVocabulary, step: int) -> Figure:
    owners: dict[str, list[str]] = {}
    for region_id, keys in REGION_PARTS.items():
        for key in keys:
            owners.setdefault(key, []).append(region_id)
    # The client's side on the viewer's left: their right from the front, their left from behind.
    near, far = ("right", "left") if view == "front" else ("left", "right")
    ordered = sorted((key for key, part in PARTS.items() if part.view == view), key=lambda k: PARTS[k].overlay)
    shapes = []
    for key in ordered:
        part = PARTS[key]
        ids = [region_id for region_id in owners.get(key, []) if region_id in regions]
        placed = [(near, False), (far, True)] if part.sided else [("none", False)]
        for side, mirrored in placed:
            shapes.append(_shape(part, mirrored, side, ids, seconds, barred, regions, step))
    labels = ((12.0, "R"), (188.0, "L")) if view == "front" else ((12.0, "L"), (188.0, "R"))
    return Figure(view, view.capitalize(), VIEW_X[view], tuple(shapes), labels)


def _shape(part: Part, mirrored: bool, side: str, ids: list[str], seconds: Mapping[tuple[str, str], int],
           barred: Mapping[tuple[str, str], int], regions: RegionVocabulary, step: int) -> Shape:
    sides = ("left", "right") if side == "none" else (side,)
    amount = sum(seconds.get((region_id, side), 0) for region_id in ids)
    hatched = any((region_id, one) in barred for region_id in ids for one in sides)
    names = " / ".join(regions.get(region_id).name for region_id in ids)
    where = names + ("" if side == "none" or not ids else f", {side}")
    notes = [f"{minutes_text(amount)} min" if amount else "not worked"]
    if hatched:
        notes.append("ruled out by the intake")
    sites = [regions.get(region_id).endangerment for region_id in ids if regions.get(region_id).endangerment]
    if sites:
        notes.append(f"endangerment site ({'; '.join(str(s) for s in sites)})")
    level = min(len(SHADES), max(1, math.ceil(amount / (step * 60)))) if amount else 0
    d, centre = _outline(part, mirrored)
    return Shape(d, " ".join(ids), side, SHADES[level - 1] if level else UNWORKED,
                 f"{where}: {'; '.join(notes)}" if ids else "",
                 num(amount / 60) if amount else None, hatched, (num(centre[0]), num(centre[1])) if sites else None)


def _outline(part: Part, mirrored: bool) -> tuple[str, Point]:
    """The SVG path of a part (mirrored across the midline for the far side) and its centre."""

    def x(value: float) -> float:
        return FIGURE_WIDTH - value if mirrored else value

    if part.ellipse is not None:
        cx, cy, rx, ry = part.ellipse
        d = (f"M{num(x(cx) - rx)},{num(cy)}a{num(rx)},{num(ry)} 0 1,0 {num(2 * rx)},0"
             f"a{num(rx)},{num(ry)} 0 1,0 {num(-2 * rx)},0Z")
        return d, (x(cx), cy)
    if len(part.points) == 2:  # a cut across the head oval: the arc above or below the chord
        (x1, y1), (x2, y2) = part.points
        d = f"M{num(x1)},{num(y1)}A19,24 0 {0 if x1 < x2 else 1},1 {num(x2)},{num(y2)}Z"
        return d, (100, 14 if x1 < x2 else 42)
    points = [(x(px), py) for px, py in part.points]
    d = "M" + "L".join(f"{num(px)},{num(py)}" for px, py in points) + "Z"
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return d, centre


def _listed(regions: RegionVocabulary, seconds: Mapping[tuple[str, str], int],
            barred: Mapping[tuple[str, str], int]) -> Iterable[Listed]:
    """The worked or ruled-out regions without a shape, in the order first met."""
    for region_id in dict.fromkeys(region for region, _side in [*seconds, *barred]):
        if region_id in REGION_PARTS:
            continue
        name = regions.get(region_id).name if region_id in regions else region_id
        sides = [one for one in ("left", "right") if seconds.get((region_id, one))]
        amount = seconds.get((region_id, "none"), 0)
        side = sides[0] if len(sides) == 1 else ""
        out = any((region_id, one) in barred for one in ("left", "right"))
        yield Listed(f"{name} ({side})" if side else name, f"{minutes_text(amount)} min" if amount else "not worked",
                     out)
