"""The protocolkit data model: immutable values that cannot be built invalid.

Nothing here knows about files, YAML or the terminal.  Every class is a frozen
attrs class with slots, and validators run at construction, so a `Protocol`
that exists is a protocol whose parts make sense on their own (whether they
make sense *together* is the job of the rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import attrs
from attrs import field, frozen

from protocolkit.model.billing import optional_code
# is_slug is re-exported: the loaders, checks and conformance import it from here.
from protocolkit.model.validators import is_slug as is_slug
from protocolkit.model.validators import not_negative_seconds, one_of, slug, slugs, walton_level

Severity = Literal["error", "warning", "info"]
Side = Literal["left", "right", "both"]
ContraindicationCategory = Literal["systemic", "local", "caution"]
Lubricant = Literal["yes", "no", "either"]
Position = Literal["prone", "supine", "side-lying", "semi-reclined", "seated"]

SIDES: tuple[Side, ...] = ("left", "right", "both")
POSITIONS: tuple[Position, ...] = ("prone", "supine", "side-lying", "semi-reclined", "seated")
# One line each, in plain words: what the catalog schema and the language server show.
POSITION_WORDS: dict[Position, str] = {
    "prone": "face down", "supine": "face up", "side-lying": "on one side, with pillows for support",
    "semi-reclined": "propped up, half lying and half sitting", "seated": "sitting upright, on a chair or massage chair"}
ACTIVITIES = ("assessment", "transition", "education", "rest")
CONTRAINDICATION_CATEGORIES: tuple[ContraindicationCategory, ...] = ("systemic", "local", "caution")
# Modality.compose_order: how compose orders a limb's regions (composition.layout says what each does).
COMPOSE_ORDERS = ("routine", "proximal-to-distal", "distal-to-proximal")

# ASCII digits only (``\d`` would take any script's); more than this many in one part is no session's length.
_DURATION = re.compile(r"^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$")
_DURATION_DIGITS = 9


# attrs converters: accept any iterable (a list is natural in plugin code) and
# store an immutable tuple, with types a checker can follow.
def strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _rows(rows: Iterable[Iterable[str]]) -> tuple[tuple[str, str], ...]:
    pairs = tuple(tuple(row) for row in rows)
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("each reference row is a (key, value) pair")
    return pairs  # type: ignore[return-value]


def _uses(items: Iterable[TechniqueUse]) -> tuple[TechniqueUse, ...]:
    return tuple(items)


def _contraindications(items: Iterable[Contraindication]) -> tuple[Contraindication, ...]:
    return tuple(items)


def _tables(items: Iterable[ReferenceTable]) -> tuple[ReferenceTable, ...]:
    return tuple(items)


def _steps(items: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(items)


# Duration and Pressure write their comparisons out: attrs' generated ones build a
# tuple per call, and the rules compare durations and pressures in every loop.
@frozen
class Duration:
    """A length of time, written ``90s``, ``5m``, ``1h30m`` or ``2m30s``."""

    seconds: int = field(validator=not_negative_seconds)

    def __lt__(self, other: Duration) -> bool:
        return self.seconds < other.seconds

    def __le__(self, other: Duration) -> bool:
        return self.seconds <= other.seconds

    def __gt__(self, other: Duration) -> bool:
        return self.seconds > other.seconds

    def __ge__(self, other: Duration) -> bool:
        return self.seconds >= other.seconds

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _DURATION.match(text.strip()) if isinstance(text, str) else None
        shown = text if not isinstance(text, str) or len(text) <= 40 else f"{text[:24]}…"
        if not match or not any(match.groups()):
            raise ValueError(f"{shown!r} is not a duration; write it like 90s, 5m, 1h30m or 2m30s")
        if any(len(part.lstrip("0")) > _DURATION_DIGITS for part in match.groups() if part):
            raise ValueError(f"{shown!r} is not a duration protocolkit reads: a number in it has more than "
                             f"{_DURATION_DIGITS} digits; write it like 90s, 5m, 1h30m or 2m30s")
        hours, minutes, seconds = (int((part or "0").lstrip("0") or 0) for part in match.groups())
        return cls(hours * 3600 + minutes * 60 + seconds)

    @classmethod
    def minutes(cls, count: float) -> Duration:
        return cls(round(count * 60))

    def __str__(self) -> str:
        if self.seconds == 0:
            return "0s"
        hours, rest = divmod(self.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (seconds, "s")) if n)

    def __add__(self, other: Duration) -> Duration:
        return Duration(self.seconds + other.seconds)


PRESSURE_WORDS = {"light": 2, "moderate": 3, "deep": 4, "maximal": 5}
_PRESSURE_NAMES = {value: word for word, value in PRESSURE_WORDS.items()}


@frozen
class Pressure:
    """A level on the Walton pressure scale, 1 (light lotioning) to 5 (maximal)."""

    level: int = field(validator=walton_level)

    def __lt__(self, other: Pressure) -> bool:
        return self.level < other.level

    def __le__(self, other: Pressure) -> bool:
        return self.level <= other.level

    def __gt__(self, other: Pressure) -> bool:
        return self.level > other.level

    def __ge__(self, other: Pressure) -> bool:
        return self.level >= other.level

    @classmethod
    def parse(cls, value: int | str) -> Pressure:
        if isinstance(value, bool):  # bool is an int in Python; never a pressure
            raise ValueError(f"{value!r} is not a pressure")
        if isinstance(value, int):
            if 1 <= value <= 5:
                return cls(value)
            raise ValueError(f"pressure {value} is off the Walton scale 1-5")
        if isinstance(value, str) and value in PRESSURE_WORDS:
            return cls(PRESSURE_WORDS[value])
        raise ValueError(f"{value!r} is not a pressure; use 1-5 or light, moderate, deep, maximal")

    @property
    def word(self) -> str | None:
        return _PRESSURE_NAMES.get(self.level)

    def to_data(self) -> int | str:
        """The friendliest spelling: a word where one exists, else the number."""
        return self.word or self.level

    def __str__(self) -> str:
        return f"{self.level} ({self.word})" if self.word else str(self.level)


@frozen
class PressureRange:
    low: Pressure
    high: Pressure

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"pressure range {self.low.level}-{self.high.level} runs backwards")

    @classmethod
    def of(cls, low: int, high: int) -> PressureRange:
        return cls(Pressure(low), Pressure(high))

    def __contains__(self, pressure: Pressure) -> bool:
        return self.low <= pressure <= self.high

    def __str__(self) -> str:
        return f"{self.low.level}-{self.high.level}"


@frozen
class DurationRange:
    """How long one step of a technique sensibly lasts."""

    shortest: Duration
    longest: Duration

    def __attrs_post_init__(self) -> None:
        if self.shortest > self.longest:
            raise ValueError(f"duration bounds {self.shortest}-{self.longest} run backwards")

    @classmethod
    def of(cls, shortest: str, longest: str) -> DurationRange:
        return cls(Duration.parse(shortest), Duration.parse(longest))

    def __contains__(self, duration: Duration) -> bool:
        return self.shortest <= duration <= self.longest

    def __str__(self) -> str:
        return f"{self.shortest}-{self.longest}"


@frozen
class Technique:
    """A hands-on technique, shared by every modality that offers it."""

    id: str = field(validator=slug("technique id", "skin-rolling"))
    name: str
    description: str
    pressure: PressureRange
    duration: DurationRange
    lubricant: Lubricant = field(validator=one_of("technique lubricant", ("yes", "no", "either")))
    source: str = ""


def _duration_or_none(value: Duration | str | None) -> Duration | None:
    return Duration.parse(value) if isinstance(value, str) else value


@frozen
class TechniqueUse:
    """A modality's offer of a technique, optionally narrowing its pressure or timing."""

    technique: str = field(validator=slug("offered technique", "effleurage"))
    pressure: PressureRange | None = None
    duration: DurationRange | None = None
    # The most time a composed session spends on it on one region (and side), and where that figure comes from.
    most_per_region: Duration | None = field(default=None, converter=_duration_or_none)
    most_source: str = ""
    # The timed code it bills under (97124) and its source; None where no source gives one ([billing] maps it).
    billing_code: str | None = field(default=None, validator=optional_code)
    billing_source: str = ""


@frozen
class Contraindication:
    """A condition that stops or changes the work, with the reason why."""

    id: str = field(validator=slug("contraindication id", "heart-failure"))
    category: ContraindicationCategory = field(validator=one_of("contraindication category",
                                                                CONTRAINDICATION_CATEGORIES))
    reason: str
    source: str = ""


@frozen
class ReferenceTable:
    """A titled two-column table a modality ships for people (e.g. a reflex map)."""

    title: str
    rows: tuple[tuple[str, str], ...] = field(converter=_rows)


def _techniques_unique(_instance: object, _attribute: object, value: tuple[TechniqueUse, ...]) -> None:
    ids = [use.technique for use in value]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"technique offered twice: {', '.join(duplicates)}")
    if not ids:
        raise ValueError("a modality must offer at least one technique")


def _compose_order(_instance: object, _attribute: object, value: str) -> None:
    if value not in COMPOSE_ORDERS:
        raise ValueError(f"compose order {value!r} is not one of {', '.join(COMPOSE_ORDERS)}")


@frozen
class Modality:
    """A school of massage: which techniques it offers, for what, and when not.

    ``regions`` limits where it may work (empty: anywhere).  ``compose_rank``
    orders modalities within one region when a session is composed: lower goes
    first (myofascial release must come before any lubricant, for instance).
    """

    id: str = field(validator=slug("modality id", "deep-tissue"))
    name: str
    summary: str
    techniques: tuple[TechniqueUse, ...] = field(converter=_uses, validator=_techniques_unique)
    indications: tuple[str, ...] = field(converter=strings, validator=slugs("indications", "low-back-pain"),
                                         default=())
    contraindications: tuple[Contraindication, ...] = field(converter=_contraindications, default=())
    intents: tuple[str, ...] = field(converter=strings, validator=slugs("intents", "relaxation"), default=())
    regions: tuple[str, ...] = field(converter=strings, validator=slugs("regions", "upper-back"), default=())
    pairings: tuple[str, ...] = field(converter=strings, default=())
    references: tuple[ReferenceTable, ...] = field(converter=_tables, default=())
    compose_rank: int = 50
    source: str = ""
    # After source, so that a plugin that passes every field by position keeps working.
    compose_order: str = field(default="routine", validator=_compose_order)
    # True: a pressure outside its techniques' ranges is an error under PK304, not a warning.
    strict_pressure: bool = False

    def offers(self, technique_id: str) -> bool:
        return any(use.technique == technique_id for use in self.techniques)

    def use_of(self, technique_id: str) -> TechniqueUse | None:
        return next((use for use in self.techniques if use.technique == technique_id), None)

    def works_on(self, region: str) -> bool:
        return not self.regions or region in self.regions


def require_positive(name: str, value: Duration) -> None:
    """Raise ValueError unless ``value`` lasts some time; ``name`` says which duration."""
    if value.seconds <= 0:
        raise ValueError(f"{name} must be longer than 0s")


def _positive(_instance: object, attribute: attrs.Attribute[Duration], value: Duration) -> None:
    require_positive(attribute.name, value)


def _step_kind(instance: Step, _attribute: object, _value: str | None) -> None:
    hands_on = (instance.modality, instance.technique, instance.region)
    if instance.activity is not None:
        if instance.activity not in ACTIVITIES:
            raise ValueError(f"activity {instance.activity!r} is not one of {', '.join(ACTIVITIES)}")
        if any(part is not None for part in hands_on) or instance.pressure is not None:
            raise ValueError("an activity step has no modality, technique, region or pressure")
    elif any(part is None for part in hands_on) or instance.pressure is None:
        raise ValueError("a hands-on step needs a modality, technique, region and pressure")


def _position_written(instance: Step, _attribute: object, value: bool) -> None:
    if value and instance.position is None:
        raise ValueError("a step cannot have written a position it does not have")


@frozen
class Step:
    """One step of a session: hands-on work, or an activity such as a transition.

    ``index`` is the step's place in its protocol, so that a rule can point
    at it; ``lubricant`` is only set where the author said so explicitly.
    ``position`` is how the client lies or sits during the step, already carried
    over from the step before (or the protocol's default) when the step does not
    say; ``position_written`` is true where the step itself said it, so that a
    protocol written back keeps the shape its author gave it.
    """

    duration: Duration = field(validator=_positive)
    index: int = 0
    modality: str | None = None
    technique: str | None = None
    region: str | None = None
    side: Side = field(default="both", validator=one_of("step side", SIDES))
    pressure: Pressure | None = None
    activity: str | None = field(default=None, validator=_step_kind)
    lubricant: bool | None = None
    notes: str | None = None
    position: Position | None = field(default=None, validator=one_of("step position", POSITIONS, optional=True))
    position_written: bool = field(default=False, validator=_position_written)

    @property
    def hands_on(self) -> bool:
        return self.activity is None

    @property
    def path(self) -> tuple[str | int, ...]:
        """The JSON path of this step inside its protocol document."""
        return ("steps", self.index)

    def covers(self, region: str, side: Side) -> bool:
        """Does this step work ``region`` on ``side`` (``both`` needs both)?"""
        return self.region == region and (self.side == "both" or self.side == side)


@frozen
class Protocol:
    id: str = field(validator=slug("protocol id", "relaxation-60"))
    title: str
    duration: Duration = field(validator=_positive)
    steps: tuple[Step, ...] = field(converter=_steps)
    intent: str | None = None
    goals: tuple[str, ...] = field(converter=strings, default=())
    kind: str = "protocol"
    format_version: int = 1
    # The default position: what the first step takes when it does not say.
    position: Position | None = field(default=None, validator=one_of("protocol position", POSITIONS, optional=True))
    # Derived once here: every rule walks the hands-on steps, a dozen times a protocol.
    hands_on_steps: tuple[Step, ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "hands_on_steps", tuple(step for step in self.steps if step.hands_on))

    @property
    def steps_total(self) -> Duration:
        return Duration(sum(step.duration.seconds for step in self.steps))
