"""Running screening cases: each case's protocol screened against its intake, and the outcome compared.

A case (``kind: screening-case``) is read and checked by the validate
pipeline (``case_checks``), its files found relative to the case, and its
protocol screened exactly as ``protocolkit screen`` screens it
(``verdicts.screen_document``, or ``screen_plan`` for a treatment plan):
this module only reads the files and compares.  Each case ends in one of
three ways: it passes, it fails (screening said something else; the result
says what was expected and what came), or it cannot be run (the case or a
file it names cannot be read, the same as exit 2 for ``screen``).  A case
that cannot be run never stops the others.

Health data: an intake, in a file or written into the case, is never quoted;
only its condition ids and client reference reach a result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import attrs
from attrs import field, frozen

from protocolkit.check import screening
from protocolkit.check.validation import (NO_INTAKE_VERDICT, PathProblem, Read, check, document_paths, read_file,
                                          read_intake)
from protocolkit.check.verdicts import PlanScreening, on_day, screen_document, screen_plan
from protocolkit.load.config import ConfigError
from protocolkit.load.documents import Document
from protocolkit.model.cases import ScreeningCase
from protocolkit.model.codes import CLIENT_SCREENING
from protocolkit.model.conditions import Condition, Intake
from protocolkit.model.findings import Finding, has_errors
from protocolkit.plugin.catalog import Catalog, Registry

CASE_KIND = "screening-case"
Status = Literal["pass", "fail", "error"]


def _findings(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(items)


def _texts(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _numbers(items: Iterable[int]) -> tuple[int, ...]:
    return tuple(items)


@frozen
class CaseResult:
    """One case run: ``pass``, ``fail`` or ``error`` (it could not be run).

    ``problems`` say in words what did not match (a failure) or what stops
    the case (an error, each located in the case file); ``findings`` are the
    screening's (pass, fail) or the ones that stop the case (error).
    ``flagged`` are the steps (from 1) with a screening finding, of
    ``step_count`` steps; None when no step was screened."""

    path: str
    status: Status
    case: ScreeningCase | None = None
    screening: screening.Screening | None = None
    flagged: tuple[int, ...] = field(converter=_numbers, default=())
    step_count: int | None = None
    problems: tuple[str, ...] = field(converter=_texts, default=())
    findings: tuple[Finding, ...] = field(converter=_findings, default=())

    @property
    def spared(self) -> tuple[int, ...]:
        """The steps screening left alone (none when no step was screened)."""
        return tuple(number for number in range(1, (self.step_count or 0) + 1) if number not in self.flagged)


def run_cases(paths: Iterable[str], catalog: Catalog) -> Iterator[CaseResult]:
    """Each case under ``paths``, in order: files as given, folders searched for documents of the
    case kind (other documents there are left alone; a folder with no case is an error)."""
    for given in paths:
        if not Path(given).exists() and not os.path.lexists(given):  # a loop of links: reading says so
            yield CaseResult(given, "error", problems=["no such file or directory"])
            continue
        if not Path(given).is_dir():
            yield run_case(given, catalog)
            continue
        found = False
        try:
            files = list(document_paths([given]))
        except PathProblem:  # no document at all: said below, as for a folder of other documents
            files = []
        for file in files:
            read = read_file(file, catalog)
            if read.document is not None and read.document.data.get("kind") != CASE_KIND:
                continue
            if read.document is None and not read.error and not _mentions_case(file):
                continue  # a document of another kind that does not parse: validate's to report
            found = True
            yield run_case(file, catalog, read)
        if not found:
            problem = "no screening cases (documents with 'kind: screening-case') in this folder"
            yield CaseResult(given, "error", problems=[problem])


def _mentions_case(path: str) -> bool:
    """Whether a file that does not parse says it is a case (the error path only)."""
    try:
        with open(path, "rb") as stream:
            return CASE_KIND.encode() in stream.read(1024 * 1024)
    except OSError:
        return True


def run_case(path: str, catalog: Catalog, read: Read | None = None) -> CaseResult:
    """Read, check and run the case in ``path`` (already ``read``, when a folder search read it)."""
    read = read if read is not None else read_file(path, catalog)
    if read.document is None:
        return CaseResult(path, "error", problems=[read.error or "the case cannot be read; fix it, then run it again"],
                          findings=read.findings)
    document = read.document
    if document.data.get("kind") != CASE_KIND:
        return CaseResult(path, "error", problems=["this is not a screening case; a case starts with "
                                                   "'protocolkit: 1' and 'kind: screening-case'"])
    checked = check(document, catalog)
    case = checked.model
    if not isinstance(case, ScreeningCase):
        return CaseResult(path, "error", problems=["the case has errors; fix them, then run it again"],
                          findings=[f for f in checked.findings if f.severity == "error"])
    policed = _with_policy(case, catalog, document)
    if isinstance(policed, str):
        return CaseResult(path, "error", case, problems=[policed])
    # A case that builds has findings only on its written-in intake (unknown ids): no verdict, as for a file.
    outcome = _screen(case, document, policed, checked.findings)
    if isinstance(outcome, CaseResult):
        return outcome
    screened, step_count = outcome
    return compare(path, case, screened, step_count)


def _with_policy(case: ScreeningCase, catalog: Catalog, document: Document) -> Catalog | str:
    """The catalog as strict as the case's policy asks (a copy: other cases keep the catalog as it was),
    or why the policy cannot be applied."""
    if case.policy is None or not case.policy:
        return catalog
    from protocolkit.plugin.policy import tighten

    conditions: Registry[Condition] = Registry("condition")
    for condition_id, condition in catalog.conditions.items():
        conditions.add(condition_id, condition, catalog.conditions.owner(condition_id))
    tightened = attrs.evolve(catalog, conditions=conditions)
    try:
        tighten(tightened, case.policy, f"{_where(document, 'policy')}: policy")
    except ConfigError as error:
        return str(error)
    return tightened


def _screen(case: ScreeningCase, document: Document, catalog: Catalog,
            intake_findings: list[Finding]) -> tuple[screening.Screening, int | None] | CaseResult:
    """The screening, as ``screen`` gives it, and the protocol's number of steps; or why it cannot run."""
    folder = Path(document.path).parent
    intake: Intake
    if isinstance(case.intake, str):
        read = read_intake(_resolve(folder, case.intake), catalog)
        if read.error or read.intake is None:
            why = read.error or f"{_resolve(folder, case.intake)}: {NO_INTAKE_VERDICT}"
            return _cannot_run(case, document, "intake", why, read.findings)
        intake, intake_findings = read.intake, read.findings
    else:
        intake = case.intake
    intake = on_day(intake, case.on)  # the case's session date, or today
    if has_errors(intake_findings):
        return screening.no_verdict(intake.client, intake_findings,
                                    "the intake has errors: fix them, then screen again"), None
    protocol = read_file(_resolve(folder, case.protocol), catalog)
    if protocol.error:
        return _cannot_run(case, document, "protocol", protocol.error, [])
    if protocol.document is None:
        return screening.no_verdict(intake.client, [*intake_findings, *protocol.findings],
                                    "the protocol cannot be read"), None
    if protocol.document.data.get("kind") == "treatment-plan":
        screened: screening.Screening = screen_plan(protocol.document, intake, catalog)
        steps = None
    else:
        screened = screen_document(protocol.document, intake, catalog)
        written = protocol.document.data.get("steps")
        steps = len(written) if isinstance(written, list) else None
    return attrs.evolve(screened, findings=[*intake_findings, *screened.findings]), steps


def _resolve(folder: Path, written: str) -> str:
    """A file named in a case, relative to the case's folder."""
    return os.path.normpath(folder / written)


def _where(document: Document, key: str) -> str:
    line, column = document.locate((key,))
    return f"{document.path}:{line}:{column}"


def _cannot_run(case: ScreeningCase, document: Document, key: str, why: str, findings: list[Finding]) -> CaseResult:
    problem = f"{_where(document, key)}: {key}: {why}; name the {key} file relative to this case"
    return CaseResult(document.path, "error", case, problems=[problem], findings=findings)


def flagged_steps(findings: Iterable[Finding]) -> tuple[int, ...]:
    """The steps (numbered from 1) with at least one screening finding: a client's condition at that step."""
    return tuple(sorted({int(f.path[1]) + 1 for f in findings if f.code in CLIENT_SCREENING and len(f.path) > 1
                         and f.path[0] == "steps" and isinstance(f.path[1], int)}))


def compare(path: str, case: ScreeningCase, screened: screening.Screening, step_count: int | None) -> CaseResult:
    """The case's expectation against what screening said: pass, or fail with each difference in words."""
    expect = case.expect
    problems = []
    if screened.verdict != expect.verdict:
        problems.append(f"verdict: expected '{expect.verdict}', got '{screened.verdict}'")
    flagged = flagged_steps(screened.findings)
    unscreened = _unscreened(screened, step_count)
    for wanted, numbers in (("flagged", expect.flagged), ("spared", expect.spared)):
        for number in numbers:
            expected = f"step {number} was expected to be {wanted}"
            if unscreened:
                problems.append(f"{expected}, but {unscreened}")
            elif step_count is not None and number > step_count:
                problems.append(f"{expected}, but the protocol has only {step_count} steps")
            elif wanted == "flagged" and number not in flagged:
                problems.append(f"{expected}, but screening found nothing there")
            elif wanted == "spared" and number in flagged:
                problems.append(f"{expected}, but screening flagged it")
    steps = None if unscreened else step_count
    return CaseResult(path, "fail" if problems else "pass", case, screened, flagged if steps else (), steps,
                      problems, screened.findings)


def _unscreened(screened: screening.Screening, step_count: int | None) -> str:
    """Why no step can be checked ('' when they can): a check that cannot fail would be worse than none."""
    if isinstance(screened, PlanScreening):
        return "the protocol is a treatment plan: it has phases, not steps, so only its verdict can be checked"
    if screened.verdict == "no verdict" or step_count is None:
        return "there is no verdict, so screening never reached the steps"
    return ""
