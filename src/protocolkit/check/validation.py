"""The validate pipeline: load -> schema -> model -> rules (-> screening) -> located findings.

Each stage only runs when the one before it succeeded: a file that does not
parse gets one PK002 finding, a document the schema rejects gets its PK001
findings and no rule findings (rules need a well-formed model to reason about).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from typing import TYPE_CHECKING

from attrs import frozen


from protocolkit.load import schemas
from protocolkit.plugin.catalog import Catalog
from protocolkit.load.documents import DOCUMENT_SUFFIXES, Document, DocumentError, load_document, parse_document
from protocolkit.load.reading import is_special
from protocolkit.model import codes
from protocolkit.model.findings import Finding, locate, sort_key
from protocolkit.check.rules import run_rules
from protocolkit.check.case_checks import check_case
from protocolkit.check.limits import capped
from protocolkit.load.collector import held_for
from protocolkit.check.selection import apply_suppressions
from protocolkit.model.conditions import Intake
from protocolkit.model.protocol import Protocol
from protocolkit.load.serialize import BuildError, protocol_from_data
from protocolkit.check.intakes import check_intake_document as _check_intake

if TYPE_CHECKING:
    import datetime

    from protocolkit.check.curriculum import CurriculumReport
    from protocolkit.check.plan import PlanReport
    from protocolkit.check.requirements import ProfileResult
    from protocolkit.model.requirements import RequirementProfile

PARSE_ERROR = codes.PARSE_ERROR.code
_SKIPPED_DIRECTORIES = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}


class PathProblem(Exception):
    """A path on the command line that cannot be validated at all (exit 2)."""


@frozen
class FileResult:
    path: str
    findings: list[Finding]
    # Set when the file could not be read at all (permissions, vanished): no verdict.
    error: str | None = None


@frozen
class Checked:
    """One document through the pipeline: the model it built (a Protocol, Intake or
    CurriculumReport by its kind; None when it did not build) and every finding,
    located, with suppression comments applied, in file order."""

    document: Document
    model: object | None
    findings: list[Finding]


# What a kind's checks give: the model when it builds, and the findings (by JSON path).
KindChecker = Callable[[Document, Catalog, "Intake | None"], "tuple[object | None, list[Finding]]"]


def check(document: Document, catalog: Catalog, intake: Intake | None = None) -> Checked:
    """The one pipeline: the document's ``kind`` picks its checks from ``CHECKS``;
    with an ``intake``, a protocol is also screened against that client."""
    kind = document.data.get("kind", "protocol")
    # A kind that is not a string is the schema's to report, as a protocol's.
    checker = CHECKS.get(kind) if isinstance(kind, str) else _check_protocol
    with held_for(len(document.text)):  # a large document: linear time (see load.collector)
        if checker is None:
            model, findings = None, [Finding(schemas.SCHEMA_VIOLATION, "error", f"unknown kind {kind!r}; this "
                                             f"file must be one of: {', '.join(CHECKS)}", ("kind",))]
        else:
            model, findings = checker(document, catalog, intake)
        located = locate(findings, document)
        if document.format == "yaml":
            located = apply_suppressions(located, document.text, document.path)
    return Checked(document, model, capped(sorted(located, key=sort_key)))  # the first 1,000 (check.limits)


def validate_document(document: Document, catalog: Catalog, intake: Intake | None = None) -> list[Finding]:
    """Every finding for one parsed document, located and in file order (``check`` without the model)."""
    return check(document, catalog, intake).findings


def curriculum_report(document: Document, catalog: Catalog) -> CurriculumReport | list[Finding]:
    """A curriculum's hours report (or its schema findings), its protocols checked by this pipeline."""
    from protocolkit.check.curriculum import check_curriculum  # only a run that meets a curriculum pays for it

    return check_curriculum(document, catalog, lambda protocol: check(protocol, catalog))


def _check_protocol(document: Document, catalog: Catalog, intake: Intake | None) -> tuple[Protocol | None,
                                                                                          list[Finding]]:
    findings = schemas.check("protocol", document.data)
    if findings:
        return None, findings
    try:
        protocol = protocol_from_data(document.data, catalog.regions)
    except BuildError as error:
        return None, [Finding(schemas.SCHEMA_VIOLATION, "error", message, path) for message, path in error.problems]
    findings = run_rules(catalog.rules.values(), protocol, catalog)
    if intake is not None:
        from protocolkit.check import screening  # only a run with an intake pays for screening

        findings += screening.screen(protocol, intake, catalog)
    return protocol, findings


def _check_modality(document: Document, _catalog: Catalog, _intake: Intake | None) -> tuple[None, list[Finding]]:
    from protocolkit.plugin.house import check_document

    return None, check_document(document)


def _check_curriculum(document: Document, catalog: Catalog, _intake: Intake | None) -> tuple[object | None,
                                                                                             list[Finding]]:
    report = curriculum_report(document, catalog)
    return (None, report) if isinstance(report, list) else (report, report.findings)


class ProfileNotFound(Exception):
    """A profile named on the command line that is neither installed nor a readable profile file (exit 2)."""


ALL_PROFILES = "all"


def requirement_profiles(names: Sequence[str], catalog: Catalog) -> list[RequirementProfile]:
    """The profiles ``names`` asks for, in its order: installed ids, ``all`` of them, or profile files
    (checked by this pipeline; a file with errors raises ProfileNotFound with its first finding)."""
    from protocolkit.model.requirements import RequirementProfile

    found: dict[str, RequirementProfile] = {}
    for name in names:
        if name == ALL_PROFILES:
            found.update((key, catalog.requirements[key]) for key in sorted(catalog.requirements))
        elif name in catalog.requirements:
            found[name] = catalog.requirements[name]
        elif name.lower().endswith(DOCUMENT_SUFFIXES):
            read = read_file(name, catalog)
            checked = check(read.document, catalog) if read.document is not None else None
            errors = [f for f in (checked.findings if checked else read.findings) if f.severity == "error"]
            if read.error or errors or checked is None or not isinstance(checked.model, RequirementProfile):
                first = read.error or (f"{errors[0].file}:{errors[0].line}:{errors[0].column}: {errors[0].code} "
                                       f"{errors[0].message}" if errors else f"{name} is not a requirement profile "
                                       "(kind: requirements)")
                raise ProfileNotFound(first)
            found[checked.model.id] = checked.model
        else:
            hint = catalog.requirements.suggest(name)
            known = ", ".join(sorted(catalog.requirements)) or "none installed"
            raise ProfileNotFound(f"no requirement profile '{name}'" + (f"; did you mean '{hint}'?" if hint else "")
                                  + f" (installed: {known}; or name a profile file ending .yaml)")
    return list(found.values())


def curriculum_against(document: Document, catalog: Catalog, profiles: Sequence[RequirementProfile], *,
                       today: datetime.date | None = None,
                       max_age_years: float | None = None) -> tuple[CurriculumReport | list[Finding],
                                                                     list[ProfileResult]]:
    """A curriculum's own report (or its schema findings) and its results against ``profiles``, every
    finding located in the curriculum; no results when the curriculum itself does not build."""
    from protocolkit.check import requirements
    from protocolkit.check.subject_hours import module_subject_hours

    report = curriculum_report(document, catalog)
    if isinstance(report, list):
        return report, []
    vocabulary = catalog.subject_vocabulary()
    modules = module_subject_hours(report.data, vocabulary)
    age = requirements.DEFAULT_MAX_AGE_YEARS if max_age_years is None else max_age_years
    results = requirements.check_all(profiles, modules, vocabulary, requirements.Pace.of(report.data), today=today,
                                     max_age_years=age)
    return report, [requirements.located(result, document) for result in results]


def plan_report(document: Document, catalog: Catalog) -> PlanReport | list[Finding]:
    """A treatment plan checked, its phases' protocols by this pipeline (or its schema findings)."""
    from protocolkit.check.plan import check_plan  # only a run that meets a plan pays for it

    return check_plan(document, catalog, lambda protocol: check(protocol, catalog))


def _check_plan(document: Document, catalog: Catalog, _intake: Intake | None) -> tuple[object | None,
                                                                                       list[Finding]]:
    report = plan_report(document, catalog)
    return (None, report) if isinstance(report, list) else (report, report.findings)


def _check_requirements(document: Document, catalog: Catalog, _intake: Intake | None) -> tuple[object | None,
                                                                                               list[Finding]]:
    """A requirement profile: its schema, then every subject it names is one the vocabulary knows."""
    findings = schemas.check("requirements", document.data)
    if findings:
        return None, findings
    from protocolkit.check.requirements import unknown_subjects  # only a run that meets a profile pays for it
    from protocolkit.load.requirements import profile_from_checked

    try:
        profile = profile_from_checked(document.data)
    except BuildError as error:
        return None, [Finding(schemas.SCHEMA_VIOLATION, "error", message, path) for message, path in error.problems]
    return profile, list(unknown_subjects(document.data, catalog.subject_vocabulary()))


CHECKS: dict[str, KindChecker] = {"protocol": _check_protocol, "intake": _check_intake,
                                  "modality": _check_modality, "curriculum": _check_curriculum,
                                  "treatment-plan": _check_plan, "requirements": _check_requirements,
                                  "screening-case": check_case}


def validate_text(text: str | bytes, catalog: Catalog, *, path: str = "<text>", fmt: str = "yaml",
                  intake: Intake | None = None) -> list[Finding]:
    try:
        document = parse_document(text, path=path, fmt=fmt)
    except DocumentError as error:
        return [parse_finding(path, error)]
    return validate_document(document, catalog, intake)


def validate_protocol(protocol: Protocol, catalog: Catalog, intake: Intake | None = None, *,
                      path: str | None = None) -> list[Finding]:
    """Write ``protocol`` out as YAML and run the full pipeline on the text.

    The findings are those ``protocolkit validate`` would print for the
    dumped document, located by line and column in it; its file name is
    ``path`` (default ``<protocol id>.yaml``).  Compose uses the same check.
    """
    from protocolkit.load.serialize import dump_yaml, protocol_to_data

    text = dump_yaml(protocol_to_data(protocol))
    return validate_text(text, catalog, path=path or f"{protocol.id}.yaml", intake=intake)


@frozen
class Read:
    """A file read for checking: the document, or why there is none; a PK002 finding
    when it does not parse (or is too big), an error when it cannot be read at all."""

    document: Document | None
    findings: list[Finding]
    error: str | None = None


def read_file(path: str, catalog: Catalog) -> Read:
    """Read and parse ``path`` within the project's size limit; never raises for a bad file."""
    try:
        return Read(load_document(path, max_bytes=catalog.max_file_bytes), [])
    except DocumentError as error:
        return Read(None, [parse_finding(path, error)])
    except OSError as error:
        return Read(None, [], error=f"{path}: cannot read: {error.strerror or error}")


def validate_file(path: str, catalog: Catalog, intake: Intake | None = None) -> FileResult:
    read = read_file(path, catalog)
    if read.document is None:
        return FileResult(path, read.findings, read.error)
    return FileResult(path, validate_document(read.document, catalog, intake))


@frozen
class IntakeResult:
    """An intake read for screening: the model only when it could be read in full."""

    intake: Intake | None
    findings: list[Finding]
    error: str | None = None

    @property
    def readable(self) -> bool:
        """Only a fully read intake can give a verdict; anything less means no verdict."""
        return self.intake is not None and self.error is None


def read_intake(path: str, catalog: Catalog) -> IntakeResult:
    read = read_file(path, catalog)
    document = read.document
    if document is None:
        return IntakeResult(None, read.findings, read.error)
    return _intake_result(document, catalog)


def read_intake_text(text: str, catalog: Catalog, name: str = "intake.yaml") -> IntakeResult:
    """An intake typed or uploaded as text, read exactly as ``read_intake`` reads a file."""
    try:
        document = parse_document(text, path=name, fmt="json" if name.lower().endswith(".json") else "yaml")
    except DocumentError as error:
        return IntakeResult(None, [parse_finding(name, error)])
    return _intake_result(document, catalog)


def _intake_result(document: Document, catalog: Catalog) -> IntakeResult:
    if document.data.get("kind") != "intake":
        finding = Finding(schemas.SCHEMA_VIOLATION, "error",
                          "this is not an intake; an intake starts with 'protocolkit: 1' and 'kind: intake'",
                          ("kind",) if "kind" in document.data else ())
        return IntakeResult(None, locate([finding], document))
    intake, findings = _check_intake(document, catalog)
    return IntakeResult(intake, capped(sorted(locate(findings, document), key=sort_key)))


NO_INTAKE_VERDICT = "the intake cannot be read in full, so there is no verdict; fix it first"


def parse_finding(path: str, error: DocumentError) -> Finding:
    return Finding(PARSE_ERROR, "error", error.message, file=path, line=error.line, column=error.column)


def document_paths(paths: Iterable[str]) -> Iterator[str]:
    """The files to validate: files as given, directories searched for YAML and JSON.

    Raises PathProblem for a path that does not exist or a directory with no
    document in it, so that a typo in CI never passes as "nothing wrong".
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                raise PathProblem(f"{given}: no protocol files ({', '.join(DOCUMENT_SUFFIXES)}) in this directory")
            yield from (str(file) for file in found)
        elif path.exists() or os.path.lexists(path):  # a link that loops or leads nowhere: reading says which
            yield given
        else:
            raise PathProblem(f"{given}: no such file or directory")


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRECTORIES)
        for name in files:
            if name.lower().endswith(DOCUMENT_SUFFIXES) and not is_special(Path(root, name)):  # FIFOs, devices
                yield Path(root, name)


def validate_paths(paths: Iterable[str], catalog: Catalog, intake: Intake | None = None) -> Iterator[FileResult]:
    for path in document_paths(paths):
        yield validate_file(path, catalog, intake)


# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 64
_worker_state: tuple[Catalog, Intake | None] | None = None


def _validate_in_worker(path: str) -> FileResult:
    assert _worker_state is not None, "the worker was not forked from validate_files"
    catalog, intake = _worker_state
    return validate_file(path, catalog, intake)


def validate_files(files: Sequence[str], catalog: Catalog, intake: Intake | None = None,
                   jobs: int = 1) -> Iterator[FileResult]:
    """Results for ``files`` in their order, spread over ``jobs`` processes.

    Workers are forked, so they share the parent's loaded plugins and
    compiled schemas instead of loading their own; results come back in file
    order whatever finishes first, so output is the same for any ``jobs``.
    Files are handed out in small chunks and results streamed, so memory does
    not grow with the number of files.
    """
    global _worker_state
    if jobs <= 1 or len(files) < PARALLEL_FROM:
        yield from (validate_file(path, catalog, intake) for path in files)
        return
    # Imported here: a run over a handful of files never pays for them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from (validate_file(path, catalog, intake) for path in files)
        return
    _worker_state = (catalog, intake)
    chunk = max(1, min(64, len(files) // (jobs * 8)))
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield from pool.map(_validate_in_worker, files, chunksize=chunk)
    finally:
        _worker_state = None
