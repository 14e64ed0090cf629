"""Time where the work is: hands-on time per target, then per phase within it.

Targets share the hands-on time by weight (the full-body minutes in
``layout``; a focus region at least as much as all the others together), a
minute at least each.  No target gets more than its modalities' techniques can
use on it (their ``most_per_region``, which ``plan_steps`` reports by raising
``SlotTooLong``): what one cannot use goes to the others, and a request for more
than all of them can use is refused with regions to add, never filled by
repeating a cycle.  Within a target: a warm-up (about 15%), the specific work
of each modality (the first, general one half as much as each specific one)
and a flush (about 10%); a target with only a few minutes gets a warm-up and
its first modality's work, or the warm-up alone.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs

from protocolkit.composition import layout
from protocolkit.model.planning import ComposeError, Phase, Slot, SlotTooLong
from protocolkit.model.protocol import Duration, Modality
from protocolkit.plugin.composer import ComposeHookError

if TYPE_CHECKING:
    from protocolkit.composition.engine import Planned
    from protocolkit.plugin.catalog import Catalog

WARM_UP_SHARE = 0.15
FLUSH_SHARE = 0.10
_PROBE = Duration(4 * 3600)  # longer than any region can take: the plan answers with its most
Piece = tuple[Modality, Slot, Phase, int]


def allocate(probe: Prober, planned: list[Planned], units: int) -> list[int]:
    """Each target's hands-on units, by weight, within what it can use, at least a minute each."""
    catalog, quantum = probe.catalog, probe.quantum
    minute = math.ceil(60 / quantum)
    if units < minute * len(planned):
        raise ComposeError(f"{Duration(units * quantum)} of hands-on time cannot give each of {len(planned)} "
                           "regions and sides a minute; ask for more time or fewer regions")
    caps = [_target_most(probe, item) for item in planned]
    if sum(caps) < units:
        regions = ", ".join(dict.fromkeys(item.target.region for item in planned))
        raise ComposeError(f"{Duration(units * quantum)} of hands-on work is more than {regions} can take with "
                           f"these modalities (at most {Duration(sum(caps) * quantum)}); add regions "
                           f"({_suggest(catalog, planned)}) or ask for less time")
    weights = [item.target.weight for item in planned]
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(planned)) if i not in fixed]
        left = units - sum(fixed.values())
        total = sum(weights[i] for i in free)
        over = [i for i in free if left * weights[i] / total > caps[i]]
        if not over:
            break
        fixed.update({i: caps[i] for i in over})
    shares = {i: left * weights[i] / total for i in free}
    counts = {i: max(minute, math.floor(share)) for i, share in shares.items()}
    while sum(counts.values()) > left:  # the one-minute floors took from the largest
        counts[max(counts, key=lambda i: counts[i])] -= 1
    for i in sorted(shares, key=lambda i: (-(shares[i] - math.floor(shares[i])), i)):
        if sum(counts.values()) < left and counts[i] < caps[i]:
            counts[i] += 1
    while sum(counts.values()) < left:  # rounding left a unit or two: give it where there is room
        room = [i for i in counts if counts[i] < caps[i]]
        if not room:
            raise ComposeError(f"{Duration(units * quantum)} of hands-on work is more than these regions can take; "
                               f"add regions ({_suggest(catalog, planned)}) or ask for less time")
        counts[max(room, key=lambda i: caps[i] - counts[i])] += 1
    return [fixed.get(i, counts.get(i, 0)) for i in range(len(planned))]


def phases_for(probe: Prober, item: Planned, units: int) -> list[Piece]:
    """The slots of one target: which modality fills which phase, and for how many units."""
    minute = math.ceil(60 / probe.quantum)
    chosen = list(item.chosen)
    opener = chosen[0]
    if units < 2 * minute:  # a minute or so: the opening strokes are all there is time for
        return _within(probe, [(*opener, "warm-up", units)])
    if units < 5 * minute:
        return _within(probe, [(*opener, "warm-up", minute), (*opener, "work", units - minute)])
    warm_up = max(minute, round(units * WARM_UP_SHARE))
    flush = max(minute, round(units * FLUSH_SHARE))
    work = units - warm_up - flush
    kept = len(chosen)
    while kept > 1 and _split(work, kept)[0] < 2 * minute:
        kept -= 1
    pieces: list[Piece] = [(*opener, "warm-up", warm_up)]
    pieces += [(*pair, "work", share) for pair, share in zip(chosen[:kept], _split(work, kept), strict=True)]
    pieces.append((*chosen[kept - 1], "flush", flush))
    return _within(probe, pieces)


def open_and_close(pieces: list[list[Piece]], quantum: int) -> list[list[Piece]]:
    """The session opens with a warm-up and closes with a flush, whatever the first and last targets' size:
    a minute of their work becomes one where it has two or more to spare."""
    minute = math.ceil(60 / quantum)
    first, last = list(pieces[0]), list(pieces[-1]) if len(pieces) > 1 else None
    ends: list[tuple[list[Piece], Phase, int]] = [(first, "warm-up", 0),
                                                   (last if last is not None else first, "flush", -1)]
    for target, phase, at in ends:
        work = [i for i, piece in enumerate(target) if piece[2] == "work"]
        if any(piece[2] == phase for piece in target) or not work:
            continue
        modality, slot, _, units = target[work[at]]
        if units < 2 * minute:  # too short to give up a minute: the work becomes the light opening or close
            target[work[at]] = (modality, slot, phase, units)
            continue
        target[work[at]] = (modality, slot, "work", units - minute)
        target.insert(len(target) if at else 0, (modality, slot, phase, minute))
    return [first, *pieces[1:-1], last] if last is not None else [first]


def _split(units: int, parts: int) -> list[int]:
    """The general (first) modality half as much as each specific one."""
    weights = [1.0] + [2.0] * (parts - 1) if parts > 1 else [1.0]
    raw = [units * w / sum(weights) for w in weights]
    counts = [math.floor(r) for r in raw]
    for i in sorted(range(parts), key=lambda i: -(raw[i] - counts[i]))[:units - sum(counts)]:
        counts[i] += 1
    return counts


def _within(probe: Prober, pieces: list[Piece]) -> list[Piece]:
    """Cap each piece at what its plan can use; what is over goes to the pieces with room (work first)."""
    caps = [probe.most(modality, attrs.evolve(slot, phase=phase)) for modality, slot, phase, _ in pieces]
    counts = [min(units, cap) for (_, _, _, units), cap in zip(pieces, caps, strict=True)]
    over = sum(piece[3] for piece in pieces) - sum(counts)
    for i in sorted(range(len(pieces)), key=lambda i: (pieces[i][2] != "work", i)):
        extra = min(over, caps[i] - counts[i])
        counts[i] += extra
        over -= extra
    if over:
        region = pieces[0][1].region
        raise ComposeError(f"{Duration(sum(p[3] for p in pieces) * probe.quantum)} on {region} is more than the chosen "
                           "modalities can use there; add regions or ask for less time")
    return [(m, s, p, n) for (m, s, p, _), n in zip(pieces, counts, strict=True) if n > 0]


def _target_most(probe: Prober, item: Planned) -> int:
    chosen = list(item.chosen)
    phases: list[tuple[Modality, Slot, Phase]] = [(*chosen[0], "warm-up"), *((*pair, "work") for pair in chosen),
                                                  (*chosen[-1], "flush")]
    return sum(probe.most(modality, attrs.evolve(slot, phase=phase)) for modality, slot, phase in phases)


_UNBOUNDED = 10 ** 6


class Prober:
    """The most units a plugin fills a slot with: its ``SlotTooLong`` answer to a very long slot, asked once
    per kind of slot in one composition."""

    def __init__(self, catalog: Catalog, quantum: int) -> None:
        self.catalog, self.quantum = catalog, quantum
        self._known: dict[tuple[object, ...], int] = {}

    def most(self, modality: Modality, slot: Slot) -> int:
        key = (modality.id, slot.phase, slot.region, slot.side, slot.max_pressure, slot.avoid, slot.position,
               slot.lubricant_allowed, slot.intent)
        if key not in self._known:
            self._known[key] = self._ask(modality, slot)
        return self._known[key]

    def _ask(self, modality: Modality, slot: Slot) -> int:
        try:
            self.catalog.composer.steps(modality, attrs.evolve(slot, duration=_PROBE))
        except SlotTooLong as error:
            return error.most.seconds // self.quantum
        except ComposeHookError as error:
            cause = error.__cause__
            if isinstance(cause, SlotTooLong):
                return cause.most.seconds // self.quantum
            if isinstance(cause, (ComposeError, ValueError)):
                return 0
            raise ComposeError(str(error)) from error  # a plugin's fault: its own message
        except (ComposeError, ValueError):
            return 0
        return _UNBOUNDED


def _suggest(catalog: Catalog, planned: list[Planned]) -> str:
    """Regions next to the session's in the body order of its first position, as words to add."""
    here = {item.target.region for item in planned}
    order = layout.ORDER.get(planned[0].position, ())
    near = [r for r in order if r not in here and r in catalog.regions
            and not catalog.regions.get(r).is_endangerment_site]
    anchors = [order.index(r) for r in here if r in order] or [0]
    near.sort(key=lambda r: min(abs(order.index(r) - a) for a in anchors))
    return ", ".join(f"--region {r}" for r in near[:2]) or "--region upper-back"
