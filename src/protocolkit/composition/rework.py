"""Adapting a written protocol to one client: the smallest changes that make it screen "go".

Compose builds a session inside a client's limits; ``adapt_protocol`` takes a
session someone wrote and changes only the steps screening catches (through
the limits screening reads: ``restrictions.assess``, ``ClientLimits.problems``
and ``allowance``), each in the least way that clears it:

- **where**: a step on both sides where one is ruled out is worked on the
  other side only; a step on the ruled-out side moves to the other side (or is
  left out when the same work is done there already); a step on an
  endangerment site moves to the region it lies within, if that is allowed;
- **position**: a barred one (or none, where the position matters) becomes the
  position of the step before if the region is worked in it, else the region's
  first allowed one (``Region.positions``; seated only for a seated step);
- **technique**: one ruled out, or left out by an allow-list, gives way to the
  modality's gentler allowed technique (effleurage first, then the nearest
  lower pressure range), the skin oiled or dry as before;
- **pressure**: lowered to the ceiling that covers the step (a gentler
  technique first when the ceiling is under the technique's own range);
- whatever none of these clears is left out.

A change (``rework_moves`` makes each) is kept only when it brings no error
the protocol did not have (myofascial release after oil, say).  A step whose
work changed (technique, region, side) gets a note saying so in place of the
author's, which described the old work.  Freed time goes back to the other
steps and positions are written where the client turns (``rework_time``).

Fails closed: "do not treat" (or an intake screening cannot read in full) is
refused before anything changes, in screening's words; the result is written
out and screened again as ``protocolkit screen`` screens a file, and anything
but "go" is refused with the remaining reasons.  Changes name condition ids
only, never anything else from the intake.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import attrs
from attrs import field, frozen

from protocolkit.check.restrictions import Allowance, ClientLimits, assess
from protocolkit.check.rules import run_rules
from protocolkit.check.screening import check_intake
from protocolkit.check.verdicts import screen_document
from protocolkit.composition.rework_moves import gentler, shorter, swap, worked
from protocolkit.composition.rework_time import default_note, give_back, settle_positions
from protocolkit.composition.rework_time import ids_words as _ids
from protocolkit.composition.rework_time import rules_words as _rules
from protocolkit.load.documents import parse_document
from protocolkit.load.serialize import dump_yaml, protocol_to_data
from protocolkit.model.conditions import Intake
from protocolkit.model.protocol import POSITIONS, Modality, Position, Protocol, Side, Step, strings
from protocolkit.plugin.catalog import Catalog

# What screening can catch on a step, in the order adapt clears it: where first, since moving a
# step brings the limits of its new place; the pressure last, since a new technique sets its own.
_ORDER = ("region", "position", "technique", "pressure")
# A step still caught after this many changes is left out (each change clears one problem).
_ROUNDS = 8
_OTHER_SIDE: dict[Side, Side] = {"left": "right", "right": "left"}


@frozen
class Change:
    """One thing adapt changed, in a therapist's words naming condition ids only.

    ``step`` is the step's number in the protocol given, counted from 1 as the
    printed sheet counts (None: the session as a whole); ``now`` its number in
    the adapted protocol (None when it was left out); ``kind`` is one of
    region, side, position, technique, pressure, dropped, duration."""

    step: int | None
    kind: str
    text: str
    now: int | None = None
    conditions: tuple[str, ...] = field(converter=strings, default=())

    def __str__(self) -> str:
        return f"step {self.step}: {self.text}" if self.step is not None else self.text

    def to_json(self) -> dict[str, object]:
        return {"step": self.step, "now": self.now, "kind": self.kind, "text": self.text,
                "conditions": list(self.conditions)}


def _changes(items: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(items)


@frozen
class Adaptation:
    """A protocol adapted to one client: it screens "go" for them; ``changes`` says what changed and why."""

    protocol: Protocol
    changes: tuple[Change, ...] = field(converter=_changes, default=())
    client: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def lines(self) -> list[str]:
        """What changed, a line each (``nothing to change`` for a protocol that already screened "go")."""
        return [str(change) for change in self.changes] or ["nothing to change"]

    def to_json(self) -> dict[str, Any]:
        return {"client": self.client, "verdict": "go", "changed": self.changed,
                "changes": [change.to_json() for change in self.changes],
                "protocol": protocol_to_data(self.protocol)}


class AdaptRefused(Exception):
    """No protocol that screens "go" can be made this way: ``verdict`` is screening's ("do not treat",
    "adapt" when something is left that adapt cannot change, "no verdict" for an intake screening
    cannot read) and ``reasons`` its reasons, each naming condition ids only."""

    def __init__(self, message: str, verdict: str, reasons: Sequence[str]) -> None:
        super().__init__(message)
        self.verdict = verdict
        self.reasons = tuple(reasons)


def adapt_protocol(protocol: Protocol, intake: Intake, catalog: Catalog) -> Adaptation:
    """``protocol`` changed as little as it takes to screen "go" for the client of ``intake``.

    The intake is read for its session date (``check.verdicts.on_day`` fixes
    it); ``catalog`` carries the clinic's screening policy, as screen's does.
    Raises AdaptRefused when the verdict is "do not treat", when the intake has
    errors, when no hands-on step is left, or when the result would not screen
    "go"; a protocol that already screens "go" comes back unchanged."""
    refused = f"refusing to adapt for client {intake.client}"
    problems = [finding for finding in check_intake(intake, catalog) if finding.severity == "error"]
    if problems:
        raise AdaptRefused(f"{refused}: the intake has errors ({problems[0].code}); fix them, then adapt again",
                           "no verdict", ("the intake has errors: fix them, then screen again",))
    limits = assess(intake, catalog)
    if limits.blockers:
        reasons = tuple(blocker.message for blocker in limits.blockers)
        raise AdaptRefused(f"{refused}: {'; '.join(reasons)}", "do not treat", reasons)
    work = _Rework(protocol, limits, catalog)
    work.run()
    if protocol.hands_on_steps and not any(step is not None and step.hands_on for step in work.steps):
        why = "every hands-on step is ruled out for this client: " + "; ".join(str(change) for _, change in work.changes)
        raise AdaptRefused(f"{refused}: nothing is left to work on: {why}", "adapt", (why,))
    adapted, changes = work.result()
    _refuse_unless_go(adapted, intake, catalog, refused)
    return Adaptation(adapted, changes, intake.client)


def _refuse_unless_go(protocol: Protocol, intake: Intake, catalog: Catalog, refused: str) -> None:
    """Screen what would be written, as ``protocolkit screen`` screens a file: "go" or a refusal."""
    text = dump_yaml(protocol_to_data(protocol))
    screened = screen_document(parse_document(text, path=f"{protocol.id}.yaml", fmt="yaml"), intake, catalog)
    if screened.verdict == "go":
        return
    first = next((f for f in screened.findings if f.severity == "error"), None)
    detail = f" (first: {first.code} at {first.json_path}: {first.message})" if first is not None else ""
    raise AdaptRefused(f"{refused}: the adapted protocol would still screen '{screened.verdict}': "
                       f"{'; '.join(screened.reasons)}{detail}", screened.verdict, screened.reasons)


def _where(step: Step) -> str:
    return f"the {step.region}" if step.side == "both" else f"the {step.side} {step.region}"


class _Rework:
    """The protocol being adapted: its steps by their place in the protocol given (None once left
    out), the rule errors it had to begin with, and what changed so far."""

    def __init__(self, protocol: Protocol, limits: ClientLimits, catalog: Catalog) -> None:
        self.protocol, self.limits, self.catalog = protocol, limits, catalog
        self.steps: list[Step | None] = list(protocol.steps)
        self.changes: list[tuple[int | None, Change]] = []
        self.twins: set[int] = set()  # steps named as doing a left-out step's work on the other side
        self.baseline = self._errors()

    # -- the whole run ------------------------------------------------------------------------

    def run(self) -> None:
        for index, step in enumerate(self.protocol.steps):
            if not step.hands_on:
                continue
            for _ in range(_ROUNDS):
                current = self.steps[index]
                found = self._problems(current) if current is not None else {}
                if not found:
                    break
                kind = next(kind for kind in _ORDER if kind in found)
                assert current is not None
                getattr(self, f"_{kind}")(index, current, found[kind])
            else:
                current = self.steps[index]
                if current is not None:
                    self._drop(index, current, "left out: it could not be changed to fit this client's limits",
                               [c for ids in self._problems(current).values() for c in ids])

    def result(self) -> tuple[Protocol, tuple[Change, ...]]:
        """The adapted protocol (positions settled, time given back) and every change, by step."""
        if not self.changes:
            return self.protocol, ()
        kept = [index for index, step in enumerate(self.steps) if step is not None]
        steps = [step for step in self.steps if step is not None]
        freed_by = [index + 1 for index, (before, after) in enumerate(zip(self.protocol.steps, self.steps, strict=True))
                    if after is None and before.hands_on or after is not None and after.duration < before.duration]
        original = self.protocol.steps_total
        near = {str(self.protocol.steps[number - 1].region) for number in freed_by}
        steps, timing = give_back(steps, original, self.catalog, freed_by, near)
        default, steps, moved = settle_positions(self.protocol.position, steps, self.limits)
        protocol = attrs.evolve(self.protocol, position=default,
                                steps=[attrs.evolve(step, index=n) for n, step in enumerate(steps)])
        now = {index: n + 1 for n, index in enumerate(kept)}
        changes = [attrs.evolve(change, now=now.get(index) if index is not None else None)
                   for index, change in self.changes]
        changes += [Change(kept[n] + 1, "duration", text, now=n + 1) for n, text in timing.lengthened]
        changes += [Change(kept[n] + 1, "position", text, now=n + 1, conditions=ids) for n, text, ids in moved]
        changes.sort(key=lambda change: (change.step is None, change.step or 0))
        changes += [Change(None, kind, text, conditions=ids)
                    for kind, text, ids in [*timing.notes, *default_note(self.protocol.position, default, self.limits)]]
        return protocol, tuple(changes)

    # -- what screening catches, and whether a change is clean --------------------------------

    def _problems(self, step: Step) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for limit, problem in self.limits.problems(step):
            ids = found.setdefault("position" if problem.startswith("position") else problem, [])
            if limit.condition.id not in ids:
                ids.append(limit.condition.id)
        return found

    def _errors(self) -> frozenset[tuple[str, int | None]]:
        """The rule errors of the protocol as it stands, each at the step it names (by its place
        in the protocol given), so that a change can be told from one that brings a new error."""
        kept = [index for index, step in enumerate(self.steps) if step is not None]
        steps = [attrs.evolve(step, index=n) for n, step in enumerate(s for s in self.steps if s is not None)]
        keys: set[tuple[str, int | None]] = set()
        for finding in run_rules(self.catalog.rules.values(), attrs.evolve(self.protocol, steps=steps), self.catalog):
            if finding.severity != "error":
                continue
            at = finding.path[1] if len(finding.path) > 1 and finding.path[0] == "steps" else None
            keys.add((finding.code, kept[at] if isinstance(at, int) and 0 <= at < len(kept) else None))
        return frozenset(keys)

    def _try(self, index: int, candidate: Step, *clears: str) -> bool:
        """Take ``candidate`` for the step at ``index`` when it has none of the problems ``clears``
        names and brings no new error."""
        if set(clears) & set(self._problems(candidate)):
            return False
        before = self.steps[index]
        self.steps[index] = candidate
        if self._errors() <= self.baseline:
            return True
        self.steps[index] = before
        return False

    def _note(self, index: int, kind: str, text: str, ids: Sequence[str]) -> None:
        self.changes.append((index, Change(index + 1, kind, text, conditions=tuple(dict.fromkeys(ids)))))

    def _drop(self, index: int, step: Step, text: str, ids: Sequence[str]) -> None:
        self.steps[index] = None
        self._note(index, "dropped", text, ids)

    def _allowance(self, step: Step, side: Side | None = None, region: str | None = None) -> Allowance:
        return self.limits.allowance(region or str(step.region), side or step.side, step.modality)

    def _modality(self, step: Step) -> Modality | None:
        modality = self.catalog.modalities.get(str(step.modality))
        return modality if modality is not None and step.technique in self.catalog.techniques else None

    # -- where ---------------------------------------------------------------------------------

    def _region(self, index: int, step: Step, ids: list[str]) -> None:
        free = [side for side in _OTHER_SIDE if not self._allowance(step, side).blocked]
        # A modality's own contraindication rules out that modality there, not the region.
        scoped = all(limit.modality is not None for limit, problem in self.limits.problems(step) if problem == "region")
        what = f"{step.modality} on " if scoped else ""
        where = what + _where(step)
        if step.side == "both" and len(free) == 1:
            side, other = free[0], _OTHER_SIDE[free[0]]
            if self._try(index, worked(step, side=side), "region"):
                self._note(index, "side", f"worked on the {side} side only: {_rules(ids)} out {what}the "
                           f"{other} {step.region}", ids)
                return
        elif step.side in _OTHER_SIDE and _OTHER_SIDE[step.side] in free:
            other = _OTHER_SIDE[step.side]
            twin = self._twin(index, step, other)
            if twin is not None:
                self._drop(index, step, f"left out: {_rules(ids)} out {where}, and step {twin + 1} "
                           f"already does the same work on the {other} side", ids)
                return
            if self._try(index, worked(step, side=other), "region"):
                self._note(index, "side", f"moved to the {other} side: {_rules(ids)} out {where}", ids)
                return
        within = self.catalog.regions.site_within(str(step.region)) if step.region in self.catalog.regions else None
        modality = self.catalog.modalities.get(str(step.modality))
        if within is not None and modality is not None and modality.works_on(within) \
                and not self._allowance(step, region=within).blocked \
                and self._try(index, worked(step, region=within), "region"):
            self._note(index, "region", f"moved from {step.region} to {within}, the region it lies within: "
                       f"{_rules(ids)} out {where}", ids)
            return
        self._drop(index, step, f"left out: {_rules(ids)} out {where}", ids)

    def _twin(self, index: int, step: Step, side: Side) -> int | None:
        """Another step doing the same work on ``side`` that stays there, if there is one: the first not
        yet named for another step (a warm-up's for the warm-up, a flush's for the flush)."""
        twins = [other for other, found in enumerate(self.steps)
                 if other != index and found is not None and found.hands_on and found.side == side
                 and (found.modality, found.technique, found.region) == (step.modality, step.technique, step.region)
                 and "region" not in self._problems(found)]
        twin = next((other for other in twins if other not in self.twins), twins[0] if twins else None)
        if twin is not None:
            self.twins.add(twin)
        return twin

    # -- position ------------------------------------------------------------------------------

    def _position(self, index: int, step: Step, ids: list[str]) -> None:
        barred = self._allowance(step).barred_positions
        region = self.catalog.regions.get(str(step.region)) if step.region in self.catalog.regions else None
        known = cast("tuple[Position, ...]", region.positions) if region is not None else POSITIONS
        options = [p for p in known if p not in barred and (p != "seated" or step.position == "seated")]
        before = next((found.position for found in reversed(self.steps[:index]) if found is not None), None)
        if before in options:
            options.remove(before)
            options.insert(0, before)
        for position in options:
            if self._try(index, attrs.evolve(step, position=position), "position"):
                if step.position is None:
                    text = f"{position}: with {_ids(ids)} the client's position matters, and the step stated none"
                else:
                    text = f"{position} in place of {step.position}, which {_rules(ids)} out"
                self._note(index, "position", text, ids)
                return
        self._drop(index, step, f"left out: {_rules(ids)} out every position the {step.region} is worked in", ids)

    # -- technique and pressure ----------------------------------------------------------------

    def _technique(self, index: int, step: Step, ids: list[str]) -> None:
        modality = self._modality(step)
        allowance = self._allowance(step)
        for technique in gentler(self.catalog, step, modality, allowance) if modality is not None else ():
            assert modality is not None
            candidate = swap(self.catalog, step, modality, technique, allowance.max_pressure)
            if self._try(index, candidate, "technique", "pressure"):
                if step.technique in allowance.avoid or allowance.only is None:
                    why = f"which {_rules(ids)} out there"
                else:
                    why = f"as {_rules(ids, 'allows', 'allow')} only {' or '.join(sorted(allowance.only))} there"
                self._note(index, "technique", f"{technique} at {candidate.pressure} in place of "
                           f"{step.technique} at {step.pressure}, {why}" + shorter(step, candidate), ids)
                return
        self._drop(index, step, f"left out: {_rules(ids)} out {step.technique} on {_where(step)}, and "
                   f"{step.modality} offers no gentler technique allowed there", ids)

    def _pressure(self, index: int, step: Step, ids: list[str]) -> None:
        ceiling = self._allowance(step).max_pressure
        modality = self._modality(step)
        span = self.catalog.pressure_range(modality, str(step.technique)) if modality is not None else None
        if modality is not None and span is not None and ceiling < span.low:
            # The ceiling lies below what the technique is: a gentler technique rather than a token one.
            for technique in gentler(self.catalog, step, modality, self._allowance(step)):
                candidate = swap(self.catalog, step, modality, technique, ceiling)
                if self._try(index, candidate, "pressure", "technique"):
                    self._note(index, "technique", f"{technique} at {candidate.pressure} in place of "
                               f"{step.technique} at {step.pressure}: the ceiling for {_ids(ids)} is "
                               f"{ceiling.level}, under {step.technique}'s range {span}"
                               + shorter(step, candidate), ids)
                    return
        if self._try(index, attrs.evolve(step, pressure=ceiling), "pressure"):
            self._note(index, "pressure", f"pressure lowered from {step.pressure} to {ceiling}, the ceiling for "
                       f"{_ids(ids)}", ids)
            return
        self._drop(index, step, f"left out: its pressure cannot come down to {ceiling.level}, the ceiling for "
                   f"{_ids(ids)}", ids)
