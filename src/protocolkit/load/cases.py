"""Screening cases from their document form (``kind: screening-case``): schema findings, then the model.

A case names its intake by file or writes it in.  An intake written in is
checked against the intake schema itself, its findings placed under
``intake`` in the case, and, as for an intake file, none of them quotes what
it says: it is health data.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import attrs

from protocolkit.load import schemas
from protocolkit.load.documents import DOCUMENT_SUFFIXES
from protocolkit.load.serialize import BuildError, intake_from_data
from protocolkit.model.cases import Expectation, ScreeningCase
from protocolkit.model.conditions import Intake
from protocolkit.model.findings import Finding
from protocolkit.model.policy import ScreeningPolicy
from protocolkit.model.protocol import Pressure
from protocolkit.model.regions import RegionVocabulary

SCHEMA = "screening-case"
INTAKE = "intake"
_SUFFIXES = ", ".join(DOCUMENT_SUFFIXES)
_TYPES = {list: "a list", bool: "a boolean", int: "a number", float: "a number", type(None): "empty"}


def schema_findings(data: dict[str, Any]) -> list[Finding]:
    """Everything the schemas say about a case: its own schema's findings, then its intake's.

    The intake is a file name or an intake written in as a mapping; one
    written in is checked against the intake schema, every finding placed
    under ``intake``."""
    findings = schemas.check(SCHEMA, data)
    for key in ("protocol", INTAKE):
        written = data.get(key)
        if isinstance(written, str) and written.strip() and not written.lower().endswith(DOCUMENT_SUFFIXES):
            # Never quoted: a file name may carry a client's name.
            findings.append(Finding(schemas.SCHEMA_VIOLATION, "error", f"{key} names a file that does not end in "
                                    f"{_SUFFIXES}; name the {key} file relative to this case", (key,)))
    if INTAKE not in data:
        return findings  # the schema says it is missing
    intake = data[INTAKE]
    if isinstance(intake, dict):
        findings += under_intake(schemas.check("intake", intake_document(intake)))
    elif not isinstance(intake, str) or not intake.strip():
        what = "an empty name" if isinstance(intake, str) else _TYPES.get(type(intake), "not a mapping")
        findings.append(Finding(schemas.SCHEMA_VIOLATION, "error", f"intake is {what}; name the intake file "
                                f"(relative to this case, ending in {_SUFFIXES}) or write the intake in as a "
                                "mapping with its client, conditions, medications and clearance", (INTAKE,)))
    return findings


def intake_document(written: dict[str, Any]) -> dict[str, Any]:
    """The intake document that an intake written into a case stands for: its keys under an intake's header."""
    return {"protocolkit": 1, "kind": "intake", **written}


def under_intake(findings: Iterable[Finding]) -> list[Finding]:
    """Findings on an intake written in, moved to where it is written in the case (and so named)."""
    return [attrs.evolve(finding, path=(INTAKE, *finding.path), message=_renamed(finding)) for finding in findings]


def _renamed(finding: Finding) -> str:
    """The message with the place it names ("at conditions[0].side") given from the case's top."""
    if not finding.path:
        return finding.message
    written = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in finding.path).lstrip(".")
    return finding.message.replace(f" at {written}", f" at {INTAKE}.{written}", 1)


def case_from_data(data: dict[str, Any], regions: RegionVocabulary, where: str) -> ScreeningCase:
    """Build the case from data ``schema_findings`` passed; BuildError for what the schemas cannot see.

    ``where`` names the case in the policy's messages."""
    problems: list[tuple[str, tuple[str | int, ...]]] = []
    written = data[INTAKE]
    intake: str | Intake = intake_from_data(intake_document(written), regions) if isinstance(written, dict) \
        else written
    on = None
    if "on" in data:
        try:
            on = datetime.date.fromisoformat(data["on"])
        except ValueError as error:
            problems.append((f"on: '{data['on']}' is not a date ({error}); write the session's date as "
                             "YYYY-MM-DD, such as 2025-03-14", ("on",)))
    expect = data["expect"]
    try:
        expectation = Expectation(expect["verdict"], expect.get("flagged", ()), expect.get("spared", ()))
    except ValueError as error:
        problems.append((str(error), ("expect",)))
    if problems:
        raise BuildError(problems)
    try:
        return ScreeningCase(protocol=data["protocol"], intake=intake, expect=expectation, why=data["why"],
                             sources=data["sources"], on=on, policy=_policy(data.get("policy"), where))
    except ValueError as error:  # the one rule left to the model: no source that is only blanks
        raise BuildError([(str(error), ("sources",))]) from error


def _policy(table: dict[str, Any] | None, where: str) -> ScreeningPolicy | None:
    """The case's screening policy, shaped as the schema checked it (as a clinic's [screening] table)."""
    if table is None:
        return None
    return ScreeningPolicy(require_clearance=table.get("require-clearance", ()),
                           ceilings=[(condition_id, Pressure.parse(level))
                                     for condition_id, level in table.get("ceilings", {}).items()],
                           rule_out_session=table.get("rule-out-session", ()), source=where, key="policy")
