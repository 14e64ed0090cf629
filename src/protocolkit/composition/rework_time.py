"""After adapt has changed a protocol's steps: the time given back, and the positions written out.

``give_back``: the minutes of steps left out or shortened go to the remaining
hands-on steps on the same regions first (the other calf takes the time of the
calf ruled out), then to any, a minute at a time in session order (so they
spread evenly, the earlier steps taking the odd one), each only up to its
technique's longest step (``Catalog.duration_range``; an endangerment site's own limit where it is
shorter).  The session keeps the length its steps had where it can; what no
step can take is said, never hidden.

``settle_positions``: a protocol writes a position only where the client
turns; every other step takes the one before.  Once steps have changed
position or gone, each step writes its position wherever what it would take
from the step before is no longer where it is worked; an activity step (a
turn, say) in a position the client may not take turns to the position of the
work that follows it, and so does the protocol's starting position.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import attrs
from attrs import frozen

from protocolkit.check.restrictions import ClientLimits
from protocolkit.model.protocol import Duration, Position, Step
from protocolkit.plugin.catalog import Catalog

# Time is given back a minute at a time, so that it spreads over the steps that can take it.
_UNIT = 60


@frozen
class Timing:
    """What ``give_back`` did: (step's place in the adapted steps, words) for each step lengthened,
    and (kind, words, condition ids) for the session as a whole."""

    lengthened: tuple[tuple[int, str], ...] = ()
    notes: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


def longest(step: Step, catalog: Catalog) -> Duration:
    """The longest ``step`` may last: its technique's bound for its modality, and a site's own limit;
    nothing for a step whose modality or technique the catalog does not know."""
    modality = catalog.modalities.get(str(step.modality))
    if modality is None or step.technique not in catalog.techniques or not modality.offers(str(step.technique)):
        return Duration(0)
    bound = catalog.duration_range(modality, str(step.technique)).longest
    site = catalog.regions.allowance(str(step.region)) if step.region in catalog.regions else None
    return site.longest_step if site is not None and site.longest_step < bound else bound


def _steps(numbers: Sequence[int]) -> str:
    items = [str(number) for number in numbers]
    listed = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
    return f"step{'s' if len(items) != 1 else ''} {listed}"


def give_back(steps: Sequence[Step], total: Duration, catalog: Catalog, freed_by: Sequence[int],
              near: Collection[str] = ()) -> tuple[list[Step], Timing]:
    """``steps`` lengthened to last ``total`` again where their bounds allow, the steps on the regions
    ``near`` (where the time was freed) first, so a region keeps its time where it can; ``freed_by``
    are the numbers (in the protocol given) of the steps whose time is given, for the words."""
    missing = total.seconds - sum(step.duration.seconds for step in steps)
    if missing <= 0:
        return list(steps), Timing()
    room = {n: longest(step, catalog).seconds - step.duration.seconds for n, step in enumerate(steps)
            if step.hands_on}
    given = dict.fromkeys(room, 0)
    for takers in ([n for n in room if steps[n].region in near], list(room)):
        while missing > 0:
            before = missing
            for n in takers:
                take = min(_UNIT, room[n] - given[n], missing)
                if take > 0:
                    given[n] += take
                    missing -= take
            if missing == before:
                break
    lengthened = []
    result = list(steps)
    for n, seconds in given.items():
        if seconds:
            result[n] = attrs.evolve(steps[n], duration=Duration(steps[n].duration.seconds + seconds))
            lengthened.append((n, f"lengthened from {steps[n].duration} to {result[n].duration}, with time "
                                  f"freed by {_steps(freed_by)}"))
    notes = []
    if missing:
        now = Duration(total.seconds - missing)
        notes.append(("duration", f"the steps now take {now}, {Duration(missing)} less than the {total} they took: "
                                  "no remaining step can take more within its technique's longest step", ()))
    return result, Timing(tuple(lengthened), tuple(notes))


def settle_positions(default: Position | None, steps: Sequence[Step], limits: ClientLimits
                     ) -> tuple[Position | None, list[Step], list[tuple[int, str, tuple[str, ...]]]]:
    """The protocol's starting position and ``steps`` with each position written where the client
    turns, and (place, words, condition ids) for each activity step whose position had to change."""
    barred = {position: tuple(dict.fromkeys(limit.condition.id for limit in limits.limits
                                            if position in limit.positions))
              for limit in limits.limits for position in limit.positions}
    where: list[Position | None] = [step.position for step in steps]
    moved = []
    for n, step in enumerate(steps):
        if step.hands_on or where[n] not in barred:
            continue
        after = [where[m] for m in range(n + 1, len(steps)) if steps[m].hands_on]
        before = [where[m] for m in range(n) if where[m] is not None and where[m] not in barred]
        turn_to = next((p for p in after if p is not None and p not in barred), before[-1] if before else None)
        if turn_to is not None:
            if step.position_written:  # one that only followed the client says nothing of its own
                ids = barred[str(where[n])]
                moved.append((n, f"{turn_to} in place of {where[n]}, which {rules_words(ids)} out", ids))
            where[n] = turn_to
    if default in barred and where and where[0] is not None:
        default = where[0]
    settled = []
    current = default
    for n, step in enumerate(steps):
        position = where[n] if where[n] is not None else current
        written = (step.position_written and position == step.position) or position != current
        settled.append(attrs.evolve(step, position=position, position_written=written and position is not None))
        current = position
    return default, settled, moved


def ids_words(ids: Iterable[str]) -> str:
    """Condition ids for a sentence: 'a', 'a and b', 'a, b and c'."""
    items = list(dict.fromkeys(ids))
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def rules_words(ids: Sequence[str], one: str = "rules", many: str = "rule") -> str:
    """'pregnancy rules', 'osteoporosis and anticoagulants rule': the ids with their verb."""
    return f"{ids_words(ids)} {one if len(set(ids)) == 1 else many}"


def default_note(before: Position | None, after: Position | None,
                 limits: ClientLimits) -> list[tuple[str, str, tuple[str, ...]]]:
    """A note when the protocol's starting position changed (it was one the client may not take)."""
    if before == after or before is None:
        return []
    ids = tuple(dict.fromkeys(limit.condition.id for limit in limits.limits if before in limit.positions))
    return [("position", f"the session starts {after}, not {before}, which {rules_words(ids)} out", ids)]
