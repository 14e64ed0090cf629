"""Screening a protocol file against a client's intake file: the verdict every face shows.

``screen_file`` reads both (no verdict when either cannot be read, or the
intake has any error), ``screen_document`` checks a parsed protocol through
the validate pipeline, and ``screening_of`` turns what the pipeline found
into the verdict (``screening.decide``) with its reasons.
"""

from __future__ import annotations

import attrs

from protocolkit.check import screening
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
    if document.data.get("kind", "protocol") != "protocol":
        return screening.no_verdict(intake.client, findings, f"{document.path} is not a protocol")
    if not isinstance(checked.model, Protocol) or any(f.code in (PARSE_ERROR, schemas.SCHEMA_VIOLATION)
                                                      for f in findings):
        return screening.no_verdict(intake.client, findings, "the protocol has errors that stop screening; fix "
                                                             "them, then screen again")
    verdict, reasons = screening.decide(assess(intake, catalog), findings)
    return screening.Screening(intake.client, verdict, findings, reasons)


def screen_file(protocol_path: str, intake_path: str, catalog: Catalog) -> tuple[screening.Screening, str | None]:
    """Screen one protocol file against one intake file.

    The second value says why a file could not be read at all (exit 2); the
    screening then has no verdict, as it has for an intake with any error
    (an unknown condition or region, say): screening never guesses around
    what it cannot read."""
    read = read_intake(intake_path, catalog)
    if not read.readable or read.intake is None:
        why = read.error or f"{intake_path}: {NO_INTAKE_VERDICT}"
        return screening.no_verdict("an unreadable intake", read.findings, "the intake cannot be read"), why
    if has_errors(read.findings):
        return screening.no_verdict(read.intake.client, read.findings,
                                    "the intake has errors: fix them, then screen again"), None
    protocol = read_file(protocol_path, catalog)
    if protocol.document is None:
        return screening.no_verdict(read.intake.client, [*read.findings, *protocol.findings],
                                    "the protocol cannot be read"), protocol.error
    screened = screen_document(protocol.document, read.intake, catalog)
    return attrs.evolve(screened, findings=[*read.findings, *screened.findings]), None


def screen_texts(protocol_text: str, intake_text: str, catalog: Catalog, *, protocol_name: str = "protocol.yaml",
                 intake_name: str = "intake.yaml") -> screening.Screening:
    """Screen a protocol typed or uploaded as text against an intake given the same way.

    Nothing of either is kept, written or logged; as with files, an intake
    with any error (or one that is not an intake) gives no verdict."""
    intake_read = _parse(intake_text, intake_name)
    if isinstance(intake_read, Finding):
        return screening.no_verdict("an unreadable intake", [intake_read], "the intake cannot be read")
    intake_checked = check(intake_read, catalog)
    intake = intake_checked.model
    if not isinstance(intake, Intake):
        return screening.no_verdict("an unreadable intake", intake_checked.findings,
                                    "this is not an intake; it starts with 'protocolkit: 1' and 'kind: intake'")
    if has_errors(intake_checked.findings):
        return screening.no_verdict(intake.client, intake_checked.findings,
                                    "the intake has errors: fix them, then screen again")
    protocol = _parse(protocol_text, protocol_name)
    if isinstance(protocol, Finding):
        return screening.no_verdict(intake.client, [protocol], "the protocol cannot be read")
    return screen_document(protocol, intake, catalog)


def _parse(text: str, name: str) -> Document | Finding:
    fmt = "json" if name.lower().endswith(".json") else "yaml"
    try:
        return parse_document(text, path=name, fmt=fmt)
    except DocumentError as error:
        return parse_finding(name, error)
