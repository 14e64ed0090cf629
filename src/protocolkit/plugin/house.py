"""House modalities: a clinic describes a modality in YAML instead of Python.

A ``kind: modality`` document (schemas/modality.schema.json) becomes a plugin
object with the same hooks a Python plugin implements, so it shows up in every
command, ``plugins`` included.  A technique entry may say the most time a
composed session gives it on one region and side (``most-per-region``, with
``most-source``) and the timed code its minutes bill under (``billing-code``,
five digits, with ``billing-source``), as ``TechniqueUse`` does.  ``compose-order`` and ``strict-pressure``
are ``Modality.compose_order`` and ``strict_pressure``.  Its declarative rules cover what clinics ask
for most: only on these regions, never after lubricant, a pressure ceiling and
a longest step.  A document that cannot be read fails as a plugin would, with
its first finding (file:line:col, code, message) as the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from protocolkit.load import schemas
from protocolkit.plugin.catalog import Catalog
from protocolkit.model.planning import PlanItem, Slot, plan_steps
from protocolkit.load.documents import DOCUMENT_SUFFIXES, MAX_FILE_BYTES, Document, DocumentError, load_document
from protocolkit.model import codes
from protocolkit.model.findings import Finding, locate
from protocolkit.plugin.hookspecs import hookimpl
from protocolkit.plugin.house_pages import with_house_page
from protocolkit.model.protocol import (
    Contraindication,
    Duration,
    DurationRange,
    Modality,
    Pressure,
    PressureRange,
    Protocol,
    Step,
    Technique,
    TechniqueUse,
)
from protocolkit.model.regions import REGIONS
from protocolkit.model.rules import Rule

KIND = "modality"
HOUSE_ORIGIN = "house modality"


class HouseModalityError(Exception):
    """A house modality file that cannot be used; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        first = findings[0]
        super().__init__(f"{first.file}:{first.line}:{first.column}: {first.code} {first.message}")
        self.findings = findings


def modality_files(folders: Iterable[str]) -> list[Path]:
    """Every YAML or JSON document directly in the given folders, in name order."""
    files: list[Path] = []
    for folder in folders:
        path = Path(folder)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            raise HouseModalityError([Finding(codes.PARSE_ERROR.code, "error", "no such file or folder of house modalities",
                                              file=folder, line=1, column=1)])
    return files


def check_document(document: Document) -> list[Finding]:
    """Schema findings, then whatever makes the model impossible, unlocated."""
    findings = schemas.check(KIND, document.data)
    if findings:
        return findings
    try:
        HouseModality(document.path, document.data)
    except ValueError as error:
        return [Finding(schemas.SCHEMA_VIOLATION, "error", str(error))]
    return []


def load_house_modality(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> HouseModality:
    try:
        document = load_document(path, max_bytes=max_bytes)
    except DocumentError as error:
        raise HouseModalityError([Finding(codes.PARSE_ERROR.code, "error", error.message, file=str(path), line=error.line,
                                          column=error.column)]) from error
    findings = locate(check_document(document), document)
    if findings:
        raise HouseModalityError(findings)
    return HouseModality(str(path), document.data)


def _pressure_range(data: dict[str, Any]) -> PressureRange:
    return PressureRange(Pressure.parse(data["min"]), Pressure.parse(data["max"]))


def _duration_range(data: dict[str, Any]) -> DurationRange:
    return DurationRange(Duration.parse(data["min"]), Duration.parse(data["max"]))


def _most_per_region(item: dict[str, Any]) -> Duration | None:
    """A technique entry's ``most-per-region``: the most a composed session gives it on one region and side."""
    if "most-per-region" not in item:
        return None
    most = Duration.parse(item["most-per-region"])
    if most.seconds == 0:
        raise ValueError(f"technique {item.get('use', item.get('id'))!r}: most-per-region must be more than 0s")
    return most


def _billing_source(item: dict[str, Any], path: str) -> str:
    """A technique entry's ``billing-source``; a code given without one comes from the clinic's own file."""
    if "billing-code" not in item:
        return ""
    return str(item.get("billing-source", f"house modality file {path}"))


class HouseModality:
    """One house modality document, as a plugin object."""

    def __init__(self, path: str, data: dict[str, Any]) -> None:
        self.path = path
        self.own_techniques = [
            Technique(item["id"], item["name"], item["description"], _pressure_range(item["pressure"]),
                      _duration_range(item["duration"]), item["lubricant"], item.get("source", f"house: {path}"))
            for item in data["techniques"] if "use" not in item]
        uses = [TechniqueUse(item.get("use", item.get("id")),
                             _pressure_range(item["pressure"]) if "use" in item and "pressure" in item else None,
                             _duration_range(item["duration"]) if "use" in item and "duration" in item else None,
                             most_per_region=_most_per_region(item), most_source=item.get("most-source", ""),
                             billing_code=item.get("billing-code"), billing_source=_billing_source(item, path))
                for item in data["techniques"]]
        self.modality = Modality(
            id=data["id"], name=data["name"], summary=data["summary"], techniques=uses,
            indications=data.get("indications", ()), intents=data.get("intents", ()),
            regions=[REGIONS.canonical(region) for region in data.get("regions", ())],
            contraindications=[Contraindication(c["id"], c["category"], c["reason"], c.get("source", ""))
                               for c in data.get("contraindications", ())],
            pairings=data.get("pairings", ()), compose_rank=data.get("compose-rank", 50),
            source=data.get("source", f"house modality file {path}"),
            compose_order=data.get("compose-order", "routine"), strict_pressure=data.get("strict-pressure", False))
        self.rules = [with_house_page(_declarative_rule(self.modality.id, item), self.modality, item)
                      for item in data.get("rules", ())]
        self.plans = {phase: [PlanItem(item["technique"], item.get("share", 1), item["pressure"], item.get("notes"))
                              for item in items] for phase, items in data.get("compose", {}).items()}

    @hookimpl
    def protocolkit_register_techniques(self, register: Callable[[Technique], None]) -> None:
        for technique in self.own_techniques:
            register(technique)

    @hookimpl
    def protocolkit_register_modalities(self, register: Callable[[Modality], None]) -> None:
        register(self.modality)

    @hookimpl
    def protocolkit_register_rules(self, register: Callable[[Rule], None]) -> None:
        for rule in self.rules:
            register(rule)

    @hookimpl
    def protocolkit_compose_steps(self, modality: Modality, slot: Slot) -> list[Step] | None:
        if modality.id != self.modality.id:
            return None
        return plan_steps(modality, slot, self.plans.get(slot.phase) or _default_plan(modality, slot))


def _default_plan(modality: Modality, slot: Slot) -> list[PlanItem]:
    """Without a compose plan: the gentlest technique opens and closes, every technique works."""
    ranges = {technique: limits.pressure for technique, limits in slot.techniques.items()}
    if slot.phase == "work":
        return [PlanItem(technique, 1, min(max(allowed.low.level, 3), allowed.high.level))
                for technique, allowed in ranges.items()]
    gentlest = min(ranges, key=lambda technique: ranges[technique].low)
    return [PlanItem(gentlest, 1, ranges[gentlest].low.level)]


def _declarative_rule(modality_id: str, data: dict[str, Any]) -> Rule:
    """One of the four declarative rule kinds, checking this modality's steps only."""
    code, summary, severity = data["code"], data["summary"], data.get("severity", "error")
    if code.startswith("PK"):
        raise ValueError(f"rule code {code}: the PK prefix is protocolkit's own; use the modality's")

    def own_steps(protocol: Protocol) -> Iterator[Step]:
        return (step for step in protocol.hands_on_steps if step.modality == modality_id)

    if "only-on" in data:
        allowed = {REGIONS.canonical(region) for region in data["only-on"]}

        def check(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
            for step in own_steps(protocol):
                if step.region not in allowed:
                    yield rule.finding(f"{summary}: {modality_id} works only on {', '.join(sorted(allowed))}, "
                                       f"not {step.region}; move or drop this step", (*step.path, "region"))
    elif "never-after-lubricant" in data:
        def check(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
            oiled: list[Step] = []
            for step in protocol.hands_on_steps:
                if step.modality == modality_id and any(
                        s.region == step.region and ("both" in (s.side, step.side) or s.side == step.side)
                        for s in oiled):
                    yield rule.finding(f"{summary}: {modality_id} after oil or cream on {step.region}; do it "
                                       "before any lubricated step there", (*step.path, "modality"))
                if catalog.lubricated(step):
                    oiled.append(step)
    elif "max-pressure" in data:
        ceiling = Pressure.parse(data["max-pressure"])

        def check(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
            for step in own_steps(protocol):
                if step.pressure is not None and step.pressure > ceiling:
                    yield rule.finding(f"{summary}: pressure {step.pressure} is over {ceiling.level} for "
                                       f"{modality_id}; lower it", (*step.path, "pressure"))
    else:
        longest = Duration.parse(data["max-step"])

        def check(protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
            for step in own_steps(protocol):
                if step.duration > longest:
                    yield rule.finding(f"{summary}: {step.duration} is longer than {longest} for {modality_id}; "
                                       "split or shorten the step", (*step.path, "duration"))
    rule = Rule(code, severity, summary, check)
    return rule
