"""Between document data and the model: build a Protocol or an Intake from
schema-valid data, and turn a Protocol back into data that dumps as a tidy,
deterministic document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from protocolkit.model.conditions import Clearance, Intake, IntakeEntry
from protocolkit.model.findings import JsonPath
from protocolkit.model.protocol import Duration, Position, Pressure, Protocol, Step, require_positive
from protocolkit.model.regions import RegionVocabulary

if TYPE_CHECKING:
    from datetime import date

_STEP_KEYS = ("modality", "technique", "region", "side", "position", "duration", "pressure", "lubricant", "notes")


class BuildError(ValueError):
    """Well-formed data that still cannot be a protocol.

    ``problems`` holds every such problem with its path, so a file with three
    zero-length steps is told about all three at once; the message and
    ``path`` are the first one's.
    """

    def __init__(self, problems: Sequence[tuple[str, JsonPath]]) -> None:
        super().__init__(problems[0][0])
        self.problems = tuple(problems)
        self.path = problems[0][1]



def carry_positions(steps: Iterable[Step], default: Position | None = None) -> list[Step]:
    """The steps with each unwritten position filled in: the step before's, else ``default``.

    A step that wrote its own position keeps it; the rest follow the client,
    who stays as they were until a step says to turn.
    """
    carried: list[Step] = []
    current = default
    for step in steps:
        if step.position_written:
            current = step.position
        elif step.position != current:
            step = attrs.evolve(step, position=current)
        carried.append(step)
    return carried

def protocol_from_data(data: dict[str, Any], regions: RegionVocabulary) -> Protocol:
    """Build the model from data the protocol schema accepted.

    Region aliases are resolved here (``hamstrings`` -> ``posterior-thigh``);
    a region the vocabulary does not know is kept as written for PK103 to report.
    Positions are carried over here: a step that does not say one takes the step
    before's, and the first step the protocol's ``position``.
    Raises BuildError when values are well-formed but impossible (a step of 0s).
    """
    problems: list[tuple[str, JsonPath]] = []
    # Checked before the steps so that every impossible value is reported in one run,
    # not the protocol's only once the steps are fixed.
    try:
        duration = Duration.parse(data["duration"])
        require_positive("duration", duration)
    except ValueError as error:
        problems.append((f"the protocol's {error}; plan a duration such as 60m", ("duration",)))
    steps = []
    for index, raw in enumerate(data["steps"]):
        try:
            steps.append(_step(index, raw, regions))
        except ValueError as error:
            problems.append((f"{error}; give step {index + 1} a duration such as 30s", ("steps", index, "duration")))
    if problems:
        raise BuildError(problems)
    position = data.get("position")
    try:
        return Protocol(
            id=data["id"], title=data["title"], duration=duration, steps=carry_positions(steps, position),
            intent=data.get("intent"), goals=data.get("goals", ()), kind=data.get("kind", "protocol"),
            format_version=data["protocolkit"], position=position)
    except ValueError as error:
        raise BuildError([(f"the protocol's {error}; plan a duration such as 60m", ("duration",))]) from error


def _step(index: int, raw: dict[str, Any], regions: RegionVocabulary) -> Step:
    pressure = raw.get("pressure")
    region = raw.get("region")
    return Step(
        index=index,
        duration=Duration.parse(raw["duration"]),
        activity=raw.get("activity"),
        modality=raw.get("modality"),
        technique=raw.get("technique"),
        region=regions.canonical(region) if region is not None else None,
        side=raw.get("side", "both"),
        pressure=Pressure.parse(pressure) if pressure is not None else None,
        lubricant=raw.get("lubricant"),
        notes=raw.get("notes"),
        position=raw.get("position"),
        position_written="position" in raw,
    )


def step_to_data(step: Step) -> dict[str, Any]:
    if step.activity is not None:
        data: dict[str, Any] = {"activity": step.activity, "duration": str(step.duration)}
    else:
        data = {"modality": step.modality, "technique": step.technique, "region": step.region,
                "duration": str(step.duration), "pressure": step.pressure.to_data() if step.pressure else None}
        if step.side != "both":
            data["side"] = step.side
        if step.lubricant is not None:
            data["lubricant"] = step.lubricant
    if step.position_written:
        data["position"] = step.position
    if step.notes:
        data["notes"] = step.notes
    return {key: data[key] for key in ("activity", *_STEP_KEYS) if key in data}


def protocol_to_data(protocol: Protocol) -> dict[str, Any]:
    data: dict[str, Any] = {"protocolkit": protocol.format_version, "kind": protocol.kind, "id": protocol.id,
                            "title": protocol.title, "duration": str(protocol.duration)}
    if protocol.intent:
        data["intent"] = protocol.intent
    if protocol.goals:
        data["goals"] = list(protocol.goals)
    if protocol.position:
        data["position"] = protocol.position
    data["steps"] = [step_to_data(step) for step in protocol.steps]
    return data


def dump_yaml(data: Any, header: str = "") -> str:
    """Deterministic YAML: keys in the order given, block style, plain Unicode, and
    every string quoted where a YAML 1.1 or 1.2 reader would take it for something else."""
    import yaml

    from protocolkit.load.yaml12 import Yaml12Dumper

    body = yaml.dump(data, Dumper=Yaml12Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=100)
    return header + body


def calendar_date(text: object) -> date | None:
    """A YYYY-MM-DD the schema accepted, as a date; None for none, or for a day no calendar has
    (the intake check reports that one, so screening never reads it)."""
    if not isinstance(text, str):
        return None
    from datetime import date as calendar

    try:
        return calendar.fromisoformat(text)
    except ValueError:
        return None


def intake_from_data(data: dict[str, Any], regions: RegionVocabulary, on: date | None = None) -> Intake:
    """Build an intake from data the intake schema accepted, keeping no free text.

    Medications are conditions without a region.  Region aliases resolve as in
    protocols; an unknown region is kept for screening to report.
    """
    entries = [IntakeEntry(id=raw["id"], path=("conditions", index),
                           region=regions.canonical(raw["region"]) if "region" in raw else None,
                           side=raw.get("side", "both"), widespread=raw.get("widespread", False),
                           leg_symptoms=raw.get("leg-symptoms"), platelets=raw.get("platelets"),
                           since=calendar_date(raw.get("since")), weeks=raw.get("weeks"),
                           approach=raw.get("approach"))
               for index, raw in enumerate(data.get("conditions", []))]
    entries += [IntakeEntry(id=medication, path=("medications", index))
                for index, medication in enumerate(data.get("medications", []))]
    clearance = [Clearance(item, path=("clearance", index)) if isinstance(item, str)
                 else Clearance(item["id"], Pressure.parse(item["pressure"]) if "pressure" in item else None,
                                ("clearance", index, "id"))
                 for index, item in enumerate(data.get("clearance", []))]
    return Intake(client=data["client"], entries=entries, clearance=clearance, on=on)
