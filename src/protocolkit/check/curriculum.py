"""Curricula: programmes of modules whose hours must add up to what a school needs.

A curriculum document (``kind: curriculum``) lists modules with contact and
clinic hours, objectives, competencies and the protocols each teaches.
Checking it means checking every protocol it names too, then adding the hours
up four ways: per subject, per modality, per technique and per body region.
Subjects are read through the subject vocabulary (``check.subject_hours``):
aliases count under their subject's id, clinic hours as clinical-practice, and
a requirement for a composite subject counts the hours of its parts.
A module's hours go to its modalities, techniques and regions in proportion
to the minutes its protocols spend on each (evenly across modalities it names
without a protocol), so a module that teaches a 60-minute deep tissue protocol
counts as deep tissue hours, not just "massage".
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field, frozen

from protocolkit.check import reach
from protocolkit.check.subject_hours import module_subject_hours, subject_findings, subject_totals
from protocolkit.load import schemas
from protocolkit.plugin.catalog import Catalog
from protocolkit.load.documents import DOCUMENT_SUFFIXES, Document, DocumentError, load_document
from protocolkit.model.findings import Finding, JsonPath
from protocolkit.model.protocol import Protocol

if TYPE_CHECKING:
    from protocolkit.check.validation import Checked

from protocolkit.model.codes import (
    HOURS_DO_NOT_ADD_UP,
    PROTOCOL_INVALID,
    PROTOCOL_MISSING,
    REQUIREMENT_NOT_MET,
    CURRICULUM_UNKNOWN_MODALITY as UNKNOWN_MODALITY,
)

# Hours are compared to the nearest minute: 0.1 + 0.2 is 0.3 here.
_EPSILON = 1 / 120


@frozen
class TaughtProtocol:
    reference: str
    path: JsonPath
    protocol: Protocol


@define
class Hours:
    """Hours added up by subject, modality, technique and region."""

    total: float = 0.0
    contact: float = 0.0
    clinic: float = 0.0
    by_subject: dict[str, float] = field(factory=lambda: defaultdict(float))
    by_modality: dict[str, float] = field(factory=lambda: defaultdict(float))
    by_technique: dict[str, float] = field(factory=lambda: defaultdict(float))
    by_region: dict[str, float] = field(factory=lambda: defaultdict(float))
    # Per subject id with composites summed from their parts: what requirements are held against.
    subject_totals: dict[str, float] = field(factory=dict)


@frozen
class CurriculumReport:
    """Everything `protocolkit curriculum report` prints, as data."""

    data: dict[str, Any]
    hours: Hours
    protocols: dict[str, list[TaughtProtocol]]
    findings: list[Finding]
    # The subject id each subject word of the requirements names (the word itself when it names none).
    requirement_subjects: dict[str, str] = field(factory=dict)

    def requirements(self) -> list[tuple[str, str, float, float]]:
        """(kind, name, required, actual) for every requirement the programme states."""
        wanted = self.data.get("requirements", {})
        rows: list[tuple[str, str, float, float]] = []
        if "total-hours" in wanted:
            rows.append(("total", "all hours", wanted["total-hours"], self.hours.total))
        rows += [("subject", name, needed,
                  self.hours.subject_totals.get(self.requirement_subjects.get(name, name), 0.0))
                 for name, needed in wanted.get("subjects", {}).items()]
        rows += [("modality", name, needed, self.hours.by_modality.get(name, 0.0))
                 for name, needed in wanted.get("modalities", {}).items()]
        return rows


# How a curriculum has the protocols it names checked: the validate pipeline, handed in
# by it (check.validation), so that this module need not import the pipeline back.
ProtocolChecker = Callable[[Document], "Checked"]


def check_curriculum(document: Document, catalog: Catalog,
                     check_protocol: ProtocolChecker) -> CurriculumReport | list[Finding]:
    """The report for a curriculum, or its schema findings when it is not one (unlocated).

    ``check_protocol`` checks a protocol the curriculum names: its findings and its model."""
    findings = schemas.check("curriculum", document.data)
    if findings:
        return findings
    data: dict[str, Any] = document.data
    folder = Path(document.path).parent
    taught: dict[str, list[TaughtProtocol]] = {}
    # Folders outside the curriculum's tree are reported; outside a face's confinement, left out unread.
    folders, findings = reach.protocol_folders(folder, data.get("protocol-folders", ["."]), ("protocol-folders",))
    index = _ProtocolIndex(catalog, folders, check_protocol)
    for number, module in enumerate(data["modules"]):
        where: JsonPath = ("modules", number)
        findings += _topic_findings(module, where)
        taught[module["id"]] = []
        for position, reference in enumerate(module.get("protocols", [])):
            found = index.find(reference, folder, (*where, "protocols", position))
            if isinstance(found, Finding):
                findings.append(found)
            else:
                taught[module["id"]].append(found)
        for position, modality_id in enumerate(module.get("modalities", [])):
            if modality_id not in catalog.modalities:
                hint = catalog.modalities.suggest(modality_id)
                findings.append(UNKNOWN_MODALITY.finding(
                    f"module '{module['id']}' teaches '{modality_id}', which no installed plugin provides"
                    + (f"; did you mean '{hint}'?" if hint else "; install its plugin or correct the id"),
                    (*where, "modalities", position)))
        for protocol_ref in taught[module["id"]]:
            for modality_id in {s.modality for s in protocol_ref.protocol.hands_on_steps} - set(catalog.modalities):
                findings.append(UNKNOWN_MODALITY.finding(
                    f"protocol '{protocol_ref.reference}' teaches '{modality_id}', which no installed plugin "
                    "provides; install its plugin", protocol_ref.path))
    vocabulary = catalog.subject_vocabulary()
    findings += subject_findings(data, vocabulary)
    hours = _add_up(data, taught)
    modules = module_subject_hours(data, vocabulary)
    for module in sorted(modules, key=lambda m: m.index):
        for subject_id, value in module.hours.items():
            hours.by_subject[subject_id] += value
    hours.subject_totals = subject_totals(modules, vocabulary)
    wanted = {word: vocabulary.canonical(word) for word in data.get("requirements", {}).get("subjects", {})}
    report = CurriculumReport(data, hours, taught, findings, wanted)
    findings += _requirement_findings(report)
    return report


def _topic_findings(module: dict[str, Any], where: JsonPath) -> Iterator[Finding]:
    topics = module.get("topics")
    if topics:
        listed = sum(topic["hours"] for topic in topics)
        if abs(listed - module["contact-hours"]) > _EPSILON:
            yield HOURS_DO_NOT_ADD_UP.finding(
                f"the topics of module '{module['id']}' add up to {format_hours(listed)} h, not its "
                f"{format_hours(module['contact-hours'])} contact hours; correct the topics or the contact hours",
                (*where, "contact-hours"))


class _ProtocolIndex:
    """Finds protocols by path (relative to the curriculum) or by id (in the protocol folders)."""

    def __init__(self, catalog: Catalog, folders: list[Path], check_protocol: ProtocolChecker) -> None:
        self.catalog = catalog
        self.folders = folders
        self.check_protocol = check_protocol
        self._by_id: dict[str, Path] | None = None

    def find(self, reference: str, base: Path, path: JsonPath) -> TaughtProtocol | Finding:
        if reference.lower().endswith(DOCUMENT_SUFFIXES):
            file = base / reference
            return reach.file_outside(reference, file, path) or self._load(file, reference, path)
        candidate = self._ids().get(reference)
        if candidate is None:
            looked = f"in {', '.join(reach.shown(f) for f in self.folders)}" if self.folders else \
                "(no protocol folder could be looked in)"
            return PROTOCOL_MISSING.finding(
                f"no protocol with id '{reference}' {looked}; name its file "
                "(relative to this curriculum) or add the folder to protocol-folders", path)
        return self._load(candidate, reference, path)

    def _ids(self) -> dict[str, Path]:
        if self._by_id is None:
            self._by_id = {}
            for folder in self.folders:
                for root, _dirs, files in os.walk(folder):
                    for name in sorted(files):
                        # A file that is a symlink out of a face's confinement is not read.
                        if name.lower().endswith(DOCUMENT_SUFFIXES) and reach.allowed(Path(root, name)):
                            self._index(Path(root, name))
        return self._by_id

    def _index(self, file: Path) -> None:
        try:
            data = load_document(file, max_bytes=self.catalog.max_file_bytes).data
        except (DocumentError, OSError):
            return
        if data.get("kind", "protocol") == "protocol" and isinstance(data.get("id"), str):
            assert self._by_id is not None
            self._by_id.setdefault(data["id"], file)

    def _load(self, file: Path, reference: str, path: JsonPath) -> TaughtProtocol | Finding:
        try:
            document = load_document(file, max_bytes=self.catalog.max_file_bytes)
        except OSError:
            return PROTOCOL_MISSING.finding(f"protocol file '{reference}' does not exist (looked for "
                                            f"{reach.shown(file)})", path)
        except DocumentError as error:
            return PROTOCOL_INVALID.finding(f"protocol '{reference}' does not parse ({reach.shown(file)}:{error.line}:"
                                            f"{error.column}: {error.message}); fix it first", path)
        checked = self.check_protocol(document)
        errors = [f for f in checked.findings if f.severity == "error"]
        if errors or not isinstance(checked.model, Protocol):
            first = (f"{reach.shown(errors[0].file or file)}:{errors[0].line}:{errors[0].column}: {errors[0].code} "
                     f"{errors[0].message}") if errors else "it is not a protocol document"
            return PROTOCOL_INVALID.finding(f"protocol '{reference}' has {len(errors) or 1} error(s), the first: "
                                            f"{first}; run 'protocolkit validate' on it", path)
        # The protocol the pipeline built, not a second build of the same document.
        return TaughtProtocol(reference, path, checked.model)


def _add_up(data: dict[str, Any], taught: dict[str, list[TaughtProtocol]]) -> Hours:
    hours = Hours()
    for module in data["modules"]:
        contact, clinic = module["contact-hours"], module.get("clinic-hours", 0)
        module_hours = contact + clinic
        hours.contact += contact
        hours.clinic += clinic
        hours.total += module_hours
        minutes: dict[str, dict[str, float]] = {"modality": defaultdict(float), "technique": defaultdict(float),
                                                "region": defaultdict(float)}
        for item in taught[module["id"]]:
            for step in item.protocol.hands_on_steps:
                share = step.duration.seconds / 60
                minutes["modality"][str(step.modality)] += share
                minutes["technique"][str(step.technique)] += share
                minutes["region"][str(step.region)] += share
        named = [m for m in module.get("modalities", []) if m not in minutes["modality"]]
        hands_on = sum(minutes["modality"].values())
        # Named modalities without a protocol share the module evenly with the protocols' modalities.
        parts = len(named) + (1 if hands_on else 0)
        for modality_id in named:
            hours.by_modality[modality_id] += module_hours / parts
        for kind, target in (("modality", hours.by_modality), ("technique", hours.by_technique),
                             ("region", hours.by_region)):
            for name, spent in minutes[kind].items():
                target[name] += module_hours / parts * spent / hands_on
    return hours


def _requirement_findings(report: CurriculumReport) -> Iterator[Finding]:
    keys = {"total": ("requirements", "total-hours"), "subject": ("requirements", "subjects"),
            "modality": ("requirements", "modalities")}
    for kind, name, required, actual in report.requirements():
        if not meets(actual, required):
            path = keys[kind] if kind == "total" else (*keys[kind], name)
            what = "the programme" if kind == "total" else f"{kind} '{name}'"
            yield REQUIREMENT_NOT_MET.finding(
                f"{what} has {format_hours(actual)} h, short of the required {format_hours(required)} h by "
                f"{format_hours(required - actual)} h; add hours to its modules", path)


def meets(actual: float, required: float) -> bool:
    return actual + _EPSILON >= required


def format_hours(value: float) -> str:
    """Hours to one decimal, without a trailing .0: 27, 1.5."""
    return f"{round(value, 1):.1f}".removesuffix(".0")


def subject_words(module: Mapping[str, Any]) -> str:
    """What a module teaches, as reports and the handbook say it: its one subject, or the split its
    ``subjects:`` gives ("anatomy 50 h, physiology 25 h")."""
    if "subjects" in module:
        return ", ".join(f"{word} {format_hours(float(value))} h" for word, value in module["subjects"].items())
    return str(module.get("subject", ""))
