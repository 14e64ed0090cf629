"""SPT rules: what a pre-event sports massage must not be.

Before an event the massage should be short and never deep: long or deep work
leaves the muscles heavy and can change how they perform.  The domain notes
give a few minutes up to 15 (some allow 20) and no deep work, so SPT001 warns
about a pre-event protocol over 20 minutes or with any step at pressure 4+.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from protocolkit import Duration, Pressure, Rule, hookimpl

if TYPE_CHECKING:
    from protocolkit import Catalog, Finding, Protocol

PRE_EVENT = "pre-event"
LONGEST_PRE_EVENT = Duration.parse("20m")
DEEP = Pressure(4)


def _pre_event_too_long_or_deep(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    """Yield one finding for the length, and one per step at pressure 4 or more."""
    if protocol.intent != PRE_EVENT:
        return
    if protocol.duration > LONGEST_PRE_EVENT:
        yield PRE_EVENT_LIMITS.finding(
            f"a pre-event massage of {protocol.duration} is longer than {LONGEST_PRE_EVENT}; keep it to "
            f"{LONGEST_PRE_EVENT} or less (15m is typical) so the athlete goes in fresh", ("duration",))
    for step in protocol.hands_on_steps:
        assert step.pressure is not None
        if step.pressure >= DEEP:
            yield PRE_EVENT_LIMITS.finding(
                f"pressure {step.pressure} in a pre-event massage; deep work before an event leaves the "
                f"muscle sore and heavy, so keep this step at 3 (moderate) or less", (*step.path, "pressure"))


_LONG_AND_DEEP = """\
protocolkit: 1
id: legs-pre-race
title: Legs before the race
duration: 25m   # longer than 20m
intent: pre-event
steps:
  - modality: sports
    technique: compression
    region: hamstrings
    duration: 10m
    pressure: moderate
  - modality: sports
    technique: petrissage
    region: hamstrings
    duration: 15m
    pressure: deep   # deep work just before the event
"""
_SHORT_AND_BRISK = """\
protocolkit: 1
id: legs-pre-race
title: Legs before the race
duration: 15m
intent: pre-event
steps:
  - modality: sports
    technique: compression
    region: hamstrings
    duration: 10m
    pressure: moderate
  - modality: sports
    technique: petrissage
    region: hamstrings
    duration: 5m
    pressure: moderate
"""

PRE_EVENT_LIMITS = Rule(
    "SPT001", "warning", "a pre-event protocol longer than 20 minutes or with a step at pressure 4 or more",
    _pre_event_too_long_or_deep,
    what="A protocol whose intent is pre-event and that lasts longer than 20 minutes, or has a step at "
         "pressure 4 (deep) or more. Each is a finding of its own.",
    why="Before an event the massage is short and brisk: a few minutes up to 15 (some allow 20), and no deep "
        "work, which leaves the muscles sore and heavy when they must perform. Source: domain notes, session "
        "structure (pre-event sports massage).",
    example=_LONG_AND_DEEP, fix=_SHORT_AND_BRISK)
RULES = (PRE_EVENT_LIMITS,)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in RULES:
        register(rule)
