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


PRE_EVENT_LIMITS = Rule("SPT001", "warning",
                        "a pre-event protocol longer than 20 minutes or with a step at pressure 4 or more",
                        _pre_event_too_long_or_deep)
RULES = (PRE_EVENT_LIMITS,)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in RULES:
        register(rule)
