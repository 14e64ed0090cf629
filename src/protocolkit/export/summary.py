"""The facts a session sheet shows, worked out once for every format.

`summarise` turns an `ExportContext` into plain values: each step with its
start and end (cumulative seconds from the start of the session, activity
steps included), the names the catalog gives its modality, technique and
region, and the totals a therapist reads at a glance (regions worked, minutes
per modality, the pressure profile, the pairings of the modalities used).
The markdown and HTML renderers only lay these facts out; none of the
arithmetic lives in them.

Colours are part of the facts so that a protocol always looks the same: each
modality takes the next colour of a fixed palette in order of first
appearance, and every activity step is grey.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import evolve, field, frozen

from protocolkit.model.protocol import Protocol, Step, strings
from protocolkit.model.export import ExportContext
from protocolkit.check.screening import Screening

# Okabe-Ito's colour-blind-safe set first (strongest contrast on white first),
# then three of Paul Tol's; past ten modalities the palette repeats.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
                            "#882255", "#117733", "#332288")
ACTIVITY_COLOUR = "#9E9E9E"


def minutes_text(seconds: int) -> str:
    """A length for people: ``5`` for whole minutes, ``1:30`` otherwise."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}" if rest == 0 else f"{minutes}:{rest:02d}"


def words(slug: str) -> str:
    """A goal or intent id as words: ``range-of-motion`` -> ``range of motion``."""
    return slug.replace("-", " ")


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (a ``#rrggbb`` fill)."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    # Contrast with black (L + 0.05) / 0.05 against contrast with white 1.05 / (L + 0.05).
    return "#000000" if (luminance + 0.05) ** 2 > 0.0525 else "#FFFFFF"


@frozen
class StepFact:
    """One step as a sheet shows it; times are seconds from the start of the session."""

    index: int  # position in the protocol, from 0
    start: int
    end: int
    colour: str
    modality_id: str | None
    modality: str  # the modality's name, or the activity ("Assessment") for an activity step
    activity: str | None = None
    technique_id: str | None = None
    technique: str = ""
    description: str = ""
    region_id: str | None = None
    region: str = ""
    side: str = "both"
    pressure: int | None = None
    pressure_word: str | None = None
    notes: str = ""
    position: str | None = None  # how the client lies or sits (carried over, as the model has it)
    position_mark: str = ""  # where the position changes: "start: prone" or "turn: supine"

    @property
    def number(self) -> int:
        """The step's number as people count, from 1."""
        return self.index + 1

    @property
    def seconds(self) -> int:
        return self.end - self.start

    @property
    def hands_on(self) -> bool:
        return self.activity is None

    @property
    def place(self) -> str:
        """Region and side: ``Upper back``, ``Foot (left)``; empty for an activity."""
        if not self.region:
            return ""
        return self.region if self.side == "both" else f"{self.region} ({self.side})"

    @property
    def pressure_text(self) -> str:
        """``3 (moderate)``, ``1``, or empty for an activity."""
        if self.pressure is None:
            return ""
        return f"{self.pressure} ({self.pressure_word})" if self.pressure_word else str(self.pressure)


@frozen
class RegionTotal:
    id: str
    name: str
    seconds: int
    sides: tuple[str, ...] = field(converter=strings, default=())  # the sides worked, in order


@frozen
class ModalityTotal:
    id: str
    name: str
    colour: str
    seconds: int
    summary: str = ""
    pairings: tuple[str, ...] = field(converter=strings, default=())


@frozen
class ActivityTotal:
    name: str
    seconds: int


@frozen
class PressureSpan:
    """The pressure held from ``start`` to ``end``; None while no hands are on (an activity)."""

    start: int
    end: int
    level: int | None


def _steps(items: Iterable[StepFact]) -> tuple[StepFact, ...]:
    return tuple(items)


def _regions(items: Iterable[RegionTotal]) -> tuple[RegionTotal, ...]:
    return tuple(items)


def _modalities(items: Iterable[ModalityTotal]) -> tuple[ModalityTotal, ...]:
    return tuple(items)


def _activities(items: Iterable[ActivityTotal]) -> tuple[ActivityTotal, ...]:
    return tuple(items)


def _spans(items: Iterable[PressureSpan]) -> tuple[PressureSpan, ...]:
    return tuple(items)


@frozen
class Summary:
    id: str
    title: str
    planned: int  # the protocol's duration, seconds
    total: int  # what its steps add up to, seconds
    intent: str | None
    goals: tuple[str, ...] = field(converter=strings)
    steps: tuple[StepFact, ...] = field(converter=_steps)
    regions: tuple[RegionTotal, ...] = field(converter=_regions)
    modalities: tuple[ModalityTotal, ...] = field(converter=_modalities)
    activities: tuple[ActivityTotal, ...] = field(converter=_activities)
    pressure: tuple[PressureSpan, ...] = field(converter=_spans)

    @property
    def pairings(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(modality name, its pairings) for each modality used that lists any."""
        return tuple((m.name, m.pairings) for m in self.modalities if m.pairings)

    @property
    def turns(self) -> tuple[StepFact, ...]:
        """The steps where the client's position is first said or changes."""
        return tuple(step for step in self.steps if step.position_mark)

    @property
    def has_positions(self) -> bool:
        return any(step.position for step in self.steps)

    @property
    def activity_seconds(self) -> int:
        return sum(a.seconds for a in self.activities)

    @property
    def peak_pressure(self) -> int | None:
        levels = [span.level for span in self.pressure if span.level is not None]
        return max(levels) if levels else None


def summarise(context: ExportContext) -> Summary:
    """Every fact a session sheet shows about ``context.protocol``."""
    protocol: Protocol = context.protocol
    catalog = context.catalog
    colours: dict[str, str] = {}
    facts: list[StepFact] = []
    clock = 0
    before: str | None = None
    for step in protocol.steps:
        start, clock = clock, clock + step.duration.seconds
        fact = evolve(_fact(step, start, clock, colours, context), position=step.position)
        if step.position is not None and step.position != before:
            fact = evolve(fact, position_mark=f"{'turn' if facts else 'start'}: {step.position}")
        facts.append(fact)
        before = step.position

    regions: dict[str, tuple[str, int, list[str]]] = {}
    modalities: dict[str, int] = {}
    activities: dict[str, int] = {}
    for fact in facts:
        if fact.hands_on and fact.region_id is not None and fact.modality_id is not None:
            name, seconds, sides = regions.get(fact.region_id, (fact.region, 0, []))
            if fact.side not in sides:
                sides.append(fact.side)
            regions[fact.region_id] = (name, seconds + fact.seconds, sides)
            modalities[fact.modality_id] = modalities.get(fact.modality_id, 0) + fact.seconds
        else:
            activities[fact.modality] = activities.get(fact.modality, 0) + fact.seconds

    modality_totals = []
    for modality_id, seconds in modalities.items():
        known = catalog.modalities.get(modality_id)
        modality_totals.append(ModalityTotal(
            modality_id, known.name if known else modality_id, colours[modality_id], seconds,
            known.summary if known else "", known.pairings if known else ()))

    spans: list[PressureSpan] = []
    for fact in facts:
        if spans and spans[-1].level == fact.pressure:
            spans[-1] = PressureSpan(spans[-1].start, fact.end, fact.pressure)
        else:
            spans.append(PressureSpan(fact.start, fact.end, fact.pressure))

    return Summary(
        id=protocol.id, title=protocol.title, planned=protocol.duration.seconds, total=clock,
        intent=protocol.intent, goals=protocol.goals, steps=facts,
        regions=[RegionTotal(region_id, name, seconds, sides)
                 for region_id, (name, seconds, sides) in regions.items()],
        modalities=modality_totals,
        activities=[ActivityTotal(name, seconds) for name, seconds in activities.items()],
        pressure=spans)


def _fact(step: Step, start: int, end: int, colours: dict[str, str], context: ExportContext) -> StepFact:
    catalog = context.catalog
    notes = (step.notes or "").strip()
    if step.activity is not None or step.modality is None:
        activity = step.activity or "activity"
        return StepFact(step.index, start, end, ACTIVITY_COLOUR, None, activity.capitalize(),
                        activity=activity, notes=notes)
    if step.modality not in colours:
        colours[step.modality] = PALETTE[len(colours) % len(PALETTE)]
    modality = catalog.modalities.get(step.modality)
    technique = catalog.techniques.get(step.technique or "")
    region_id = step.region or ""
    region = catalog.regions.get(region_id).name if region_id in catalog.regions else region_id
    pressure = step.pressure.level if step.pressure is not None else None
    return StepFact(
        step.index, start, end, colours[step.modality], step.modality,
        modality.name if modality else step.modality,
        technique_id=step.technique,
        technique=technique.name if technique else (step.technique or ""),
        description=technique.description if technique else "",
        region_id=region_id, region=region, side=step.side, pressure=pressure,
        pressure_word=step.pressure.word if step.pressure is not None else None, notes=notes)


@frozen
class ScreeningItem:
    """One thing screening says must change, with the steps (numbered from 1) it is about."""

    code: str
    severity: str
    message: str
    steps: tuple[int, ...] = ()


def screening_items(screening: Screening) -> tuple[ScreeningItem, ...]:
    """The findings of ``screening``, the same code and message said once with all its steps.

    Only the code, severity, message and the step a finding points at are used:
    a finding's path is a place in the protocol, never in the intake.
    """
    items: dict[tuple[str, str], tuple[str, list[int]]] = {}
    for finding in screening.findings:
        severity, steps = items.setdefault((finding.code, finding.message), (finding.severity, []))
        if severity != finding.severity and finding.severity == "error":
            items[(finding.code, finding.message)] = ("error", steps)
        path = finding.path
        if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int) and path[1] + 1 not in steps:
            steps.append(path[1] + 1)
    return tuple(ScreeningItem(code, severity, message, tuple(steps))
                 for (code, message), (severity, steps) in items.items())
