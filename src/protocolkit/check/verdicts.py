"""Screening a protocol file against a client's intake file: the verdict every face shows.

``screen_file`` reads both (no verdict when either cannot be read, or the
intake has any error), ``screen_document`` checks a parsed protocol through
the validate pipeline, and ``screening_of`` turns what the pipeline found
into the verdict (``screening.decide``) with its reasons.  A treatment plan is
screened phase by phase (``screen_plan``): one verdict per phase's protocol,
and the worst of them for the plan; any phase without a verdict (a protocol
that cannot be read) leaves the whole plan without one.  Whenever the intake
was read, the screening carries the catalog's advice on its conditions
(``advice.advice_for``), whatever the verdict, "no verdict" included.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs
from attrs import field, frozen

from protocolkit.check import screening
from protocolkit.check.advice import advice_for
from protocolkit.check.phases import session_date
from protocolkit.check.restrictions import assess
from protocolkit.check.validation import (NO_INTAKE_VERDICT, PARSE_ERROR, Checked, check, parse_finding, read_file,
                                          read_intake)
from protocolkit.load import schemas
from protocolkit.load.documents import Document, DocumentError, parse_document
from protocolkit.model.conditions import Intake
from protocolkit.model.findings import Finding, has_errors
from protocolkit.model.protocol import Protocol
from protocolkit.plugin.catalog import Catalog


def screen_document(document: Document, intake: Intake, catalog: Catalog) -> screening.Screening:
    """Screen a parsed protocol against a fully read intake: the verdict, its reasons and
    every located finding, exactly as ``validate --intake`` reports them.

    There is no verdict for a document that is not a protocol or that the
    schema rejects: a protocol that was never built was never screened."""
    return screening_of(check(document, catalog, intake), intake, catalog)


def screening_of(checked: Checked, intake: Intake, catalog: Catalog) -> screening.Screening:
    """The screening of a document the pipeline checked against ``intake``."""
    document, findings = checked.document, checked.findings
    advice = advice_for(intake, catalog)
    if document.data.get("kind", "protocol") != "protocol":
        return screening.no_verdict(intake.client, findings, f"{document.path} is not a protocol", advice)
    if not isinstance(checked.model, Protocol) or any(f.code in (PARSE_ERROR, schemas.SCHEMA_VIOLATION)
                                                      for f in findings):
        return screening.no_verdict(intake.client, findings, "the protocol has errors that stop screening; fix "
                                                             "them, then screen again", advice)
    verdict, reasons = screening.decide(assess(intake, catalog), findings)
    return screening.Screening(intake.client, verdict, findings, reasons, advice=advice,
                               on=session_date(intake).isoformat())


def on_day(intake: Intake, on: date | None) -> Intake:
    """The intake as read for a session on ``on`` (today when None), fixed once so that every
    face and every phase of the same run reads the same day."""
    return attrs.evolve(intake, on=on or intake.on or session_date(intake))


def screen_file(protocol_path: str, intake_path: str, catalog: Catalog,
                on: date | None = None) -> tuple[screening.Screening, str | None]:
    """Screen one protocol file against one intake file.

    The second value says why a file could not be read at all (exit 2); the
    screening then has no verdict, as it has for an intake with any error
    (an unknown condition or region, say): screening never guesses around
    what it cannot read."""
    read = read_intake(intake_path, catalog)
    if not read.readable or read.intake is None:
        why = read.error or f"{intake_path}: {NO_INTAKE_VERDICT}"
        return screening.no_verdict("an unreadable intake", read.findings, "the intake cannot be read"), why
    read = attrs.evolve(read, intake=on_day(read.intake, on))
    assert read.intake is not None
    # The intake was read: its advice goes with any verdict, "no verdict" included.
    advice = advice_for(read.intake, catalog)
    if has_errors(read.findings):
        return screening.no_verdict(read.intake.client, read.findings,
                                    "the intake has errors: fix them, then screen again", advice), None
    protocol = read_file(protocol_path, catalog)
    if protocol.document is None:
        return screening.no_verdict(read.intake.client, [*read.findings, *protocol.findings],
                                    "the protocol cannot be read", advice), protocol.error
    if protocol.document.data.get("kind") == "treatment-plan":
        plan = screen_plan(protocol.document, read.intake, catalog)
        return attrs.evolve(plan, findings=[*read.findings, *plan.findings]), None
    screened = screen_document(protocol.document, read.intake, catalog)
    return attrs.evolve(screened, findings=[*read.findings, *screened.findings]), None


def screen_texts(protocol_text: str, intake_text: str, catalog: Catalog, *, protocol_name: str = "protocol.yaml",
                 intake_name: str = "intake.yaml", on: date | None = None) -> screening.Screening:
    """Screen a protocol typed or uploaded as text against an intake given the same way.

    Nothing of either is kept, written or logged; as with files, an intake
    with any error (or one that is not an intake) gives no verdict."""
    intake = _intake_of_text(intake_text, intake_name, catalog, on)
    if isinstance(intake, screening.Screening):
        return intake
    protocol = _parse(protocol_text, protocol_name)
    if isinstance(protocol, Finding):
        return screening.no_verdict(intake.client, [protocol], "the protocol cannot be read",
                                    advice_for(intake, catalog))
    return screen_document(protocol, intake, catalog)


def screen_plan_text(plan_text: str, plan_path: str, intake_text: str, catalog: Catalog, *,
                     intake_name: str = "intake.yaml", on: date | None = None) -> screening.Screening:
    """Screen a treatment plan read from ``plan_path`` (its text given) against an intake given as text.

    The plan's phases name their protocols relative to ``plan_path``, so it must
    be where the plan lies; a face confines the reading (``reach.confined_to``).
    The intake is read exactly as ``screen_texts`` reads it, and kept no longer."""
    intake = _intake_of_text(intake_text, intake_name, catalog, on)
    if isinstance(intake, screening.Screening):
        return intake
    plan = _parse(plan_text, plan_path)
    if isinstance(plan, Finding):
        return screening.no_verdict(intake.client, [plan], "the plan cannot be read", advice_for(intake, catalog))
    if plan.data.get("kind") != "treatment-plan":
        return screening.no_verdict(intake.client, [], "this is not a treatment plan; a plan starts with "
                                    "'protocolkit: 1' and 'kind: treatment-plan'", advice_for(intake, catalog))
    return screen_plan(plan, intake, catalog)


def _intake_of_text(text: str, name: str, catalog: Catalog, on: date | None) -> Intake | screening.Screening:
    """The intake given as text, read in full and set to the day; else the no verdict saying why."""
    intake_read = _parse(text, name)
    if isinstance(intake_read, Finding):
        return screening.no_verdict("an unreadable intake", [intake_read], "the intake cannot be read")
    intake_checked = check(intake_read, catalog)
    intake = intake_checked.model
    if not isinstance(intake, Intake):
        return screening.no_verdict("an unreadable intake", intake_checked.findings,
                                    "this is not an intake; it starts with 'protocolkit: 1' and 'kind: intake'")
    intake = on_day(intake, on)
    if has_errors(intake_checked.findings):
        # The intake was read: its advice goes with the "no verdict" too.
        return screening.no_verdict(intake.client, intake_checked.findings,
                                    "the intake has errors: fix them, then screen again", advice_for(intake, catalog))
    return intake


def _parse(text: str, name: str) -> Document | Finding:
    fmt = "json" if name.lower().endswith(".json") else "yaml"
    try:
        return parse_document(text, path=name, fmt=fmt)
    except DocumentError as error:
        return parse_finding(name, error)


# -- treatment plans --------------------------------------------------------------------------------


@frozen
class PhaseScreening:
    """One phase of a plan screened: its index (0-based), its protocol as the plan names it, and
    the protocol's screening (no verdict when it cannot be read).  ``file`` is the protocol file
    that was read (None when none was), so a face can link the phase to it; the JSON leaves it out."""

    index: int
    protocol: str
    screening: screening.Screening
    file: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"phase": self.index, "protocol": self.protocol, **self.screening.to_json()}


def _phases(items: Iterable[PhaseScreening]) -> tuple[PhaseScreening, ...]:
    return tuple(items)


@frozen
class PlanScreening(screening.Screening):
    """A plan screened: the plan's verdict (the worst of its phases'), reasons naming the phases,
    the plan's own findings, and each phase's screening in ``phases``."""

    phases: tuple[PhaseScreening, ...] = field(converter=_phases, default=())

    def to_json(self) -> dict[str, object]:
        return {**super().to_json(), "phases": [phase.to_json() for phase in self.phases]}


def worst_verdict(verdicts: list[str]) -> str:
    """do not treat > adapt > go; any "no verdict" (or none at all) means no verdict: fail closed."""
    if not verdicts or "no verdict" in verdicts:
        return "no verdict"
    return max(verdicts, key=list[str](screening.VERDICTS).index)


def screen_plan(document: Document, intake: Intake, catalog: Catalog) -> PlanScreening:
    """Screen every phase's protocol of a parsed plan against a fully read intake."""
    from protocolkit.check.plan import PlanReport

    checked = check(document, catalog)
    report = checked.model
    advice = advice_for(intake, catalog)
    if not isinstance(report, PlanReport):
        return PlanScreening(intake.client, "no verdict", checked.findings,
                             ("the plan has errors that stop screening; fix them, then screen again",), advice=advice)
    phases = []
    for phase, found in zip(report.plan.phases, report.protocols, strict=True):
        if found.document is None or not found.readable:
            screened = screening.no_verdict(intake.client, [], f"the protocol '{phase.protocol}' cannot be read",
                                            advice)
        else:
            screened = screen_document(found.document, intake, catalog)
        phases.append(PhaseScreening(phase.index, phase.protocol, screened,
                                     str(found.file) if found.document is not None else None))
    verdict = worst_verdict([phase.screening.verdict for phase in phases])
    reasons = tuple(f"phase {phase.index + 1} ({phase.protocol}): {phase.screening.verdict}"
                    + (f": {reason}" if reason else "")
                    for phase in phases if phase.screening.verdict != "go"
                    for reason in (phase.screening.reasons or ("",)))
    # The plan's own findings, as validate reports them; each phase carries its protocol's.
    return PlanScreening(intake.client, verdict, checked.findings, reasons, phases, advice=advice,
                         on=session_date(intake).isoformat())
