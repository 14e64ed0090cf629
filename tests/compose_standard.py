"""The teacher's standard for a composed session (issue 22, section 6), as a checker.

``check_session(protocol, request, catalog)`` returns every way a session falls
short of what a massage teacher would accept from a student's written plan, one
readable line each; an empty list means it meets the standard.  Each property is
one function below, so that a test can show each of them failing on a tiny
protocol built for it.  The figures come from the domain notes (Session
structure, Pre-event and Post-event, Endangerment sites); where the notes give
none, the constant says "project default".

The requests the standard is measured on live in tests/data/compose_requests.yaml;
``load_requests`` reads them and ``Request.compose_request`` turns one into the
engine's ``ComposeRequest``.  bench/compose_closeness.py uses both too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from protocolkit.check.rules import run_rules
from protocolkit.check.screening import screen
from protocolkit.composition.adapt import RefusedError, limits_for
from protocolkit.model.protocol import Duration, Pressure, Protocol, Step

if TYPE_CHECKING:
    from protocolkit.composition.engine import ComposeRequest
    from protocolkit.plugin.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = Path(__file__).resolve().parent / "data" / "compose_requests.yaml"

LIGHT = Pressure(2)                      # the first and last hands-on steps: light (2) or less
DEEP = Pressure(4)                       # deep work: a step at 4 or more
STIMULATING = frozenset({"tapotement", "percussion", "vibration"})
SHORTEST_STEP = Duration(60)             # issue 22: no hands-on step shorter than a minute
FOCUS_SHARE = 0.45                       # "about half the hands-on time or more": 45% at the least
# Relaxation: no friction or tapotement (issue 22, section 3), nor percussion, tapotement's brisk twin.
NOT_FOR_RELAXATION = frozenset({"friction", "tapotement", "percussion"})
# Pre-event (domain notes): a few minutes up to 15, brisk, no deep work, no lubricant, no change to
# muscle length (so no stretch).
PRE_EVENT_LONGEST = Duration.minutes(15)
LENGTHENING = frozenset({"stretching", "pin-and-stretch"})
# Post-event (domain notes): light effleurage and kneading; deeper work only 24-72 h later.
POST_EVENT_HIGHEST = Pressure(3)
POST_EVENT_STROKES = frozenset({"effleurage", "gliding", "petrissage"})
# Left and right of a region asked for on both sides: balanced, within 20% of each other (project default).
SIDE_BALANCE = 0.20


# -- the requests ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Request:
    """One named compose request, in the words `protocolkit compose` takes."""

    name: str
    why: str
    duration: str
    modalities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()          # a region id, or id:left / id:right
    goals: tuple[str, ...] = ()
    focus: str | None = None
    seated: bool = False
    intent: str | None = None
    intake: str | None = None              # a path from the repository's root
    on: str | None = None                  # YYYY-MM-DD

    def command_line(self) -> str:
        words = ["protocolkit compose", f"--duration {self.duration}"]
        words += [f"--modality {m}" for m in self.modalities] + [f"--region {r}" for r in self.regions]
        words += [f"--focus {self.focus}"] if self.focus else []
        words += ["--seated"] if self.seated else []
        words += [f"--goal {g}" for g in self.goals]
        words += [f"--intent {self.intent}"] if self.intent else []
        words += [f"--intake {self.intake}"] if self.intake else []
        words += [f"--on {self.on}"] if self.on else []
        return " ".join(words)

    def compose_request(self, catalog: Catalog) -> ComposeRequest:
        """The engine's request, the intake read and set to the session's day as the CLI does."""
        from protocolkit.check.validation import read_intake
        from protocolkit.check.verdicts import on_day
        from protocolkit.composition.engine import ComposeRequest

        intake = None
        if self.intake is not None:
            read = read_intake(str(ROOT / self.intake), catalog)
            if read.intake is None or not read.readable:
                raise ValueError(f"{self.name}: the intake {self.intake} cannot be read: {read.error}")
            intake = on_day(read.intake, date.fromisoformat(self.on) if self.on else None)
        return ComposeRequest(duration=Duration.parse(self.duration), regions=self.regions,
                              modalities=self.modalities, goals=self.goals, intent=self.intent, intake=intake,
                              focus=self.focus, seated=self.seated)


def load_requests(path: Path = REQUESTS) -> list[Request]:
    """The named requests, read as protocolkit reads YAML (1.2: a date stays text, `on` stays a key)."""
    from protocolkit.load.documents import parse_document

    data = parse_document(path.read_text(encoding="utf-8"), path=str(path), fmt="yaml").data
    return [Request(name=raw["name"], why=raw["why"], duration=raw["duration"],
                    modalities=tuple(raw.get("modality", ())), regions=tuple(raw.get("region", ())),
                    goals=tuple(raw.get("goal", ())), focus=raw.get("focus"), seated=bool(raw.get("seated", False)),
                    intent=raw.get("intent"), intake=raw.get("intake"), on=raw.get("on"))
            for raw in data["requests"]]


# -- helpers --------------------------------------------------------------------------------------

def _where(step: Step) -> str:
    if not step.hands_on:
        return f"step {step.index + 1} ({step.activity})"
    side = "" if step.side == "both" else f" {step.side}"
    return f"step {step.index + 1} ({step.modality} {step.technique} on {step.region}{side})"


def _level(step: Step) -> int:
    return step.pressure.level if step.pressure is not None else 0


def _overlap(one: Step, other: Step) -> bool:
    """Do the two steps work some of the same tissue (same region, a side in common)?"""
    return one.region == other.region and (one.side == other.side or "both" in (one.side, other.side))


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:g}m"


def asked_regions(request: ComposeRequest, catalog: Catalog) -> list[tuple[str, str]]:
    """(region id, side) for each region the request names, or its goals' regions when it names none."""
    asked: list[tuple[str, str]] = []
    words = list(request.regions)
    if not words:
        words = [region for goal in request.goals if goal in catalog.goals for region in catalog.goals[goal].regions]
    for word in words:
        name, _, side = word.partition(":")
        region = catalog.regions.resolve(name)
        asked.append((region.id if region else name, side or "both"))
    return asked


# -- the properties, one function each ------------------------------------------------------------

def light_ends(protocol: Protocol, _request: ComposeRequest, _catalog: Catalog) -> list[str]:
    steps = protocol.hands_on_steps
    if not steps:
        return ["no hands-on step at all"]
    return [f"the {label} hands-on step, {_where(step)}, is at pressure {_level(step)}; "
            "open and close light (2 or less)"
            for label, step in (("first", steps[0]), ("last", steps[-1])) if _level(step) > LIGHT.level]


def gradual_pressure(protocol: Protocol, _request: ComposeRequest, _catalog: Catalog) -> list[str]:
    """Pressure rises at most one level from the step before on the same region and side."""
    found: list[str] = []
    seen: list[Step] = []
    for step in protocol.hands_on_steps:
        before = next((earlier for earlier in reversed(seen) if _overlap(earlier, step)), None)
        if before is not None and _level(step) - _level(before) > 1:
            found.append(f"{_where(step)} jumps from pressure {_level(before)} to {_level(step)} "
                         f"after {_where(before)}; rise one level a step")
        seen.append(step)
    return found


def no_stimulation_before_deep(protocol: Protocol, _request: ComposeRequest, _catalog: Catalog) -> list[str]:
    steps = protocol.hands_on_steps
    return [f"{_where(after)} at pressure {_level(after)} comes right after the stimulating {_where(before)}"
            for before, after in pairwise(steps) if before.technique in STIMULATING and _level(after) >= DEEP.level]


def focus_share(protocol: Protocol, request: ComposeRequest, catalog: Catalog) -> list[str]:
    """With --focus, the focus gets 45% of the hands-on time or more; a goal alone, its focus the most time."""
    total = sum(step.duration.seconds for step in protocol.hands_on_steps)
    time: dict[str, int] = {}
    for step in protocol.hands_on_steps:
        time[str(step.region)] = time.get(str(step.region), 0) + step.duration.seconds
    if request.focus is not None:
        region = catalog.regions.resolve(request.focus)
        focus = region.id if region else request.focus
        if total == 0 or time.get(focus, 0) < FOCUS_SHARE * total:
            return [f"the focus {focus} gets {_minutes(time.get(focus, 0))} of {_minutes(total)} hands-on, "
                    f"less than {FOCUS_SHARE:.0%}"]
    elif not request.regions and request.intake is None:
        goals = [catalog.goals[goal] for goal in request.goals if goal in catalog.goals]
        if goals and time and max(time.values()) > time.get(goals[0].focus, 0):
            most = max(time, key=lambda r: time[r])
            return [f"the goal's focus {goals[0].focus} gets {_minutes(time.get(goals[0].focus, 0))}, "
                    f"less than {most} ({_minutes(time[most])})"]
    return []


def step_length(protocol: Protocol, _request: ComposeRequest, _catalog: Catalog) -> list[str]:
    return [f"{_where(step)} lasts {step.duration}, less than {SHORTEST_STEP}"
            for step in protocol.hands_on_steps if step.duration < SHORTEST_STEP]


def positions(protocol: Protocol, _request: ComposeRequest, _catalog: Catalog) -> list[str]:
    """Every hands-on step has a position; each turn has a transition before it; each position is one run."""
    found = [f"{_where(step)} has no position" for step in protocol.hands_on_steps if step.position is None]
    hands_on = [(index, step) for index, step in enumerate(protocol.steps) if step.hands_on]
    runs: list[str] = []
    for (i, before), (j, after) in pairwise(hands_on):
        if before.position != after.position and not any(
                step.activity == "transition" for step in protocol.steps[i + 1:j]):
            found.append(f"the client turns from {before.position} to {after.position} at {_where(after)} "
                         "with no transition step before it")
    for _, step in hands_on:
        if not runs or runs[-1] != step.position:
            runs.append(str(step.position))
    repeated = sorted({position for position in runs if runs.count(position) > 1})
    if repeated:
        found.append(f"the client turns more often than needed: {' -> '.join(runs)} "
                     f"({', '.join(repeated)} in more than one run)")
    return found


def no_site_targets(protocol: Protocol, _request: ComposeRequest, catalog: Catalog) -> list[str]:
    return [f"{_where(step)} works an endangerment site" for step in protocol.hands_on_steps
            if step.region in catalog.regions and catalog.regions.get(str(step.region)).is_endangerment_site]


def intent_limits(protocol: Protocol, request: ComposeRequest, catalog: Catalog) -> list[str]:
    intent = request.intent or protocol.intent
    found: list[str] = []
    for step in protocol.hands_on_steps:
        if intent == "relaxation" and step.technique in NOT_FOR_RELAXATION:
            found.append(f"{_where(step)}: no {step.technique} in a relaxation session")
        elif intent == "pre-event":
            if _level(step) >= DEEP.level:
                found.append(f"{_where(step)}: pressure {_level(step)} is deep work, none before an event")
            if catalog.lubricated(step):
                found.append(f"{_where(step)}: lubricated, none before an event")
            if step.technique in LENGTHENING:
                found.append(f"{_where(step)}: changes muscle length, none before an event")
        elif intent == "post-event":
            if _level(step) > POST_EVENT_HIGHEST.level:
                found.append(f"{_where(step)}: pressure {_level(step)} after an event; {POST_EVENT_HIGHEST.level} "
                             "at most until 24-72 h later")
            if step.technique not in POST_EVENT_STROKES:
                found.append(f"{_where(step)}: after an event only light effleurage and kneading")
    longest = max(protocol.duration.seconds, protocol.steps_total.seconds)
    if intent == "pre-event" and longest > PRE_EVENT_LONGEST.seconds:
        found.append(f"a pre-event session of {Duration(longest)}; {PRE_EVENT_LONGEST} at most")
    return found


def seated_work(protocol: Protocol, request: ComposeRequest, catalog: Catalog) -> list[str]:
    if not request.seated:
        return []
    found = [f"{_where(step)} is {step.position}, not seated" for step in protocol.hands_on_steps
             if step.position != "seated"]
    return found + [f"{_where(step)} is lubricated; chair work is clothed" for step in protocol.hands_on_steps
                    if catalog.lubricated(step)]


def session_shape(protocol: Protocol, request: ComposeRequest, _catalog: Catalog) -> list[str]:
    """An assessment first, education last, and a goal session's retest just before the education."""
    steps = protocol.steps
    found = []
    if not steps or steps[0].activity != "assessment":
        found.append("the session does not open with an assessment")
    if not steps or steps[-1].activity != "education":
        found.append("the session does not close with education")
    if request.goals and (len(steps) < 3 or steps[-2].activity != "assessment"):
        found.append("a goal session has no retest (an assessment) just before the education")
    return found


def planned_time(protocol: Protocol, request: ComposeRequest, _catalog: Catalog) -> list[str]:
    found = []
    if protocol.duration != request.duration:
        found.append(f"planned {protocol.duration}, asked for {request.duration}")
    if protocol.steps_total != request.duration:
        found.append(f"the steps add up to {protocol.steps_total}, asked for {request.duration}")
    return found


def regions_and_sides(protocol: Protocol, request: ComposeRequest, catalog: Catalog) -> list[str]:
    """Only the regions asked for (or the goal's), each worked without an intake, one side kept to its side,
    and both sides balanced."""
    asked = asked_regions(request, catalog)
    wanted = {region for region, _ in asked}
    found = [f"{_where(step)}: {step.region} was not asked for" for step in protocol.hands_on_steps
             if step.region not in wanted]
    for region, side in asked:
        steps = [step for step in protocol.hands_on_steps if step.region == region]
        if side != "both":
            found += [f"{_where(step)}: only the {side} {region} was asked for" for step in steps
                      if step.side != side]
        if request.intake is not None:
            continue  # the intake may leave a region, or one side of it, out
        if not steps:
            found.append(f"{region} was asked for and is not worked")
        elif side == "both" and any(step.side != "both" for step in steps):
            left = sum(step.duration.seconds for step in steps if step.side in ("left", "both"))
            right = sum(step.duration.seconds for step in steps if step.side in ("right", "both"))
            if abs(left - right) > SIDE_BALANCE * max(left, right):
                found.append(f"{region}: left {_minutes(left)} and right {_minutes(right)} are not balanced "
                             f"(within {SIDE_BALANCE:.0%})")
    return found


def validates_clean(protocol: Protocol, _request: ComposeRequest, catalog: Catalog) -> list[str]:
    return [f"{finding.code} {finding.severity}: {finding.message}"
            for finding in run_rules(catalog.rules.values(), protocol, catalog)
            if finding.severity in ("warning", "error")]


def screens_clean(protocol: Protocol, request: ComposeRequest, catalog: Catalog) -> list[str]:
    if request.intake is None:
        return []
    try:
        limits = limits_for(request.intake, catalog)
    except RefusedError as error:
        return [f"the intake rules the session out: {error}"]
    return [f"screening: {finding.code} {finding.message}" for finding in screen(protocol, limits, catalog)]


Property = Callable[[Protocol, "ComposeRequest", "Catalog"], list[str]]
PROPERTIES: Sequence[Property] = (
    light_ends, gradual_pressure, no_stimulation_before_deep, focus_share, step_length, positions,
    no_site_targets, intent_limits, seated_work, session_shape, planned_time, regions_and_sides,
    validates_clean, screens_clean)


def check_session(protocol: Protocol, request: ComposeRequest, catalog: Catalog) -> list[str]:
    """Every way ``protocol`` falls short of the standard for ``request``, one line each, property by property."""
    return [line for check in PROPERTIES for line in check(protocol, request, catalog)]
