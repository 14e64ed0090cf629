"""What an intent allows whatever the modality: its pressure ceiling, lubricant,
techniques and length.

Sources: domain notes, "Session structure".  Pre-event sports massage lasts a
few minutes up to 15, 10-60 minutes before the event, brisk, with no deep work,
no lubricant and no change to muscle length (so no stretching and no sustained
holds).  Post-event: 10-20 minutes of light effleurage and kneading (Walton 2),
deeper work only from 24-72 hours after.  Relaxation uses no friction and no
striking; its moderate ceiling is the project's default.
"""

from __future__ import annotations

from attrs import frozen

from protocolkit.model.planning import ComposeError
from protocolkit.model.protocol import Duration, Pressure

STIMULATING = frozenset({"tapotement", "percussion", "vibration"})
_STRIKING = frozenset({"tapotement", "percussion"})
_DEEP_OR_HELD = frozenset({"deep-stroking", "ischemic-compression", "pin-and-stretch", "sustained-pressure"})


@frozen
class IntentLimits:
    ceiling: Pressure
    lubricant: bool
    avoid: frozenset[str]
    longest: Duration | None
    why: str


INTENTS: dict[str, IntentLimits] = {
    "pre-event": IntentLimits(Pressure(3), False, _DEEP_OR_HELD | {"stretching", "friction"}, Duration(15 * 60),
                              "pre-event massage is brisk and short: a few minutes up to 15, no deep work, no "
                              "lubricant and no change to muscle length"),
    "post-event": IntentLimits(Pressure(2), True, _DEEP_OR_HELD | _STRIKING | {"friction", "stretching"},
                               Duration(20 * 60), "post-event massage is 10-20 minutes of light effleurage and "
                               "kneading; deeper work waits 24-72 hours"),
    "relaxation": IntentLimits(Pressure(3), True, _STRIKING | {"friction"}, None,
                               "a relaxation session uses no friction and no striking"),
}
# The ceiling and lubricant per intent, as the plugin conformance check reads them.
INTENT_LIMITS: dict[str, tuple[Pressure, bool]] = {name: (limits.ceiling, limits.lubricant)
                                                   for name, limits in INTENTS.items()}


def refuse_length(intent: str | None, duration: Duration) -> None:
    limits = INTENTS.get(intent or "")
    if limits is not None and limits.longest is not None and duration > limits.longest:
        raise ComposeError(f"{duration} is too long for a {intent} session: {limits.why}; "
                           f"ask for {limits.longest} or less")
