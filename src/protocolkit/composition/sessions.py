"""Putting a composed session together: the time off the table around the
hands-on work, the positions in turn with a transition at each change, and
within a position each limb (or the trunk) as a block: a general warm-up of
the block's regions, their specific work, then their flush, and at the very
end a light integration of everything worked.
"""

from __future__ import annotations

from collections.abc import Iterator
import itertools
from itertools import groupby
from typing import TYPE_CHECKING, Any

import attrs

from protocolkit.composition import layout
from protocolkit.composition.shaping import merge, ramp, stimulating_last
from protocolkit.composition.timing import Piece
from protocolkit.model.planning import ComposeError
from protocolkit.model.protocol import Duration, Position, Step
from protocolkit.plugin.composer import ComposeHookError

if TYPE_CHECKING:
    from protocolkit.composition.engine import Planned
    from protocolkit.plugin.catalog import Catalog

_EDUCATION = {
    "relaxation": "Suggest an easy evening and slow breathing at home; ask how the pressure felt for next time",
    "pre-event": "Wish the client well; they go on to their own active warm-up",
    "post-event": "Advise rest and gentle movement; deeper work waits 24 to 72 hours after the event",
}
_INTEGRATION = "finish with long, light strokes connecting everything worked"


def activities_around(request: Any, focus: str) -> tuple[list[Step], list[Step], Duration]:
    """The assessment before, the retest (goal sessions) and education after, and the length of a turn."""
    length = layout.off_table(request.duration)
    words = focus.replace("-", " ")
    intake = "; go over what the intake changes" if request.intake is not None else ""
    before = [Step(activity="assessment", duration=length,
                   notes=f"Check in with the client and agree on pressure{intake}; look at posture and test how "
                         f"the {words} moves")]
    after = []
    if request.goals:
        goals = ", ".join(goal.replace("-", " ") for goal in request.goals)
        after.append(Step(activity="assessment", duration=Duration(60),
                          notes=f"Retest what the first assessment measured for {goals} and compare"))
    after.append(Step(activity="education", duration=length,
                      notes=_EDUCATION.get(request.intent or "", f"Show one stretch or self-care move for the "
                                                                   f"{words}; say what soreness to expect over "
                                                                   "the next day")))
    return before, after, layout.turn(request.duration)


def assemble(catalog: Catalog, planned: list[Planned], pieces: list[list[Piece]], before: list[Step],
             after: list[Step], turn: Duration, quantum: int) -> list[Step]:
    steps = list(before)
    items = list(zip(planned, pieces, strict=True))
    runs = _runs(planned)
    for number, (_, run) in enumerate(groupby(zip(runs, items, strict=True), key=lambda pair: pair[0])):
        group = [item for _, item in run]
        position = group[0][0].position
        if number:
            steps.append(_transition(position, turn, onto_other_side=position == _last_position(steps)))
        for _, block in groupby(group, key=lambda pair: _block_key(pair[0])):
            steps += _block(catalog, list(block), position, quantum)
    last = max(i for i, step in enumerate(steps) if step.hands_on)
    steps[last] = attrs.evolve(steps[last], notes="; ".join(n for n in (steps[last].notes, _INTEGRATION) if n))
    steps += after
    steps = merge(catalog, ramp(catalog, steps))
    return [attrs.evolve(step, index=index) for index, step in enumerate(steps)]


def turn_count(planned: list[Planned]) -> int:
    """How many times the client turns: between each run of targets worked lying the same way."""
    return _runs(planned)[-1] if planned else 0


def _runs(planned: list[Planned]) -> list[int]:
    """Each target's run: the same number while the client stays put, one more after each turn."""
    runs = [0]
    for before, after in itertools.pairwise(planned):
        turned = layout.turns((before.position, before.target.side), (after.position, after.target.side))
        runs.append(runs[-1] + (1 if turned else 0))
    return runs


def _last_position(steps: list[Step]) -> str | None:
    return next((step.position for step in reversed(steps) if step.hands_on), None)


def _transition(position: Position, turn: Duration, onto_other_side: bool) -> Step:
    notes = ("Help the client turn onto the other side, pillows between the knees; re-drape" if onto_other_side
             else f"Help the client into the {position} position; re-drape and bolster")
    return Step(activity="transition", duration=turn, position=position, position_written=True, notes=notes)


def _block_key(item: Planned) -> tuple[str, str]:
    block = layout.block_of(item.target.region)
    return (block, item.target.side) if block != "trunk" else (block, "")


def _block(catalog: Catalog, block: list[tuple[Planned, list[Piece]]], position: Position,
           quantum: int) -> list[Step]:
    opening: list[Step] = []
    specific: list[Step] = []
    closing: list[Step] = []
    for _, item_pieces in block:
        filled = {phase: [step for piece in item_pieces if piece[2] == phase
                          for step in _fill(catalog, piece, quantum)] for phase in ("warm-up", "work", "flush")}
        opening += filled["warm-up"]
        specific += stimulating_last(filled["work"])
        closing += filled["flush"]
    return [attrs.evolve(step, position=position, position_written=True) for step in (*opening, *specific, *closing)]


def _fill(catalog: Catalog, piece: Piece, quantum: int) -> Iterator[Step]:
    modality, template, phase, units = piece
    slot = attrs.evolve(template, duration=Duration(units * quantum), phase=phase)
    try:
        filled = catalog.composer.steps(modality, slot)
    except ComposeHookError as error:
        raise ComposeError(str(error)) from error
    if not filled:
        raise ComposeError(f"no plugin composes steps for {modality.id} (its plugin has no compose hook)")
    total = sum(step.duration.seconds for step in filled)
    if total != slot.duration.seconds:
        raise ComposeError(f"{modality.id} filled its {phase} slot on {slot.region} with {Duration(total)} "
                           f"instead of {slot.duration}; a modality plugin's compose hook is at fault")
    yield from filled
