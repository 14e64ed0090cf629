"""Contraindication screening: a protocol against one client's intake.

Screening fails closed.  A condition the catalog does not know (PK405), a
local condition with no region, or a region the vocabulary does not know is an
error, never a silent pass.  Messages name condition ids, the catalog's
reasons and the protocol's own steps; nothing from the intake beyond condition
ids and the client reference ever reaches the output.

Which conditions apply comes from two places: the catalog (registered through
``protocolkit_register_conditions``) for every step, and each modality's own
``contraindications`` for that modality's steps, where they are stricter than
the catalog or name a condition the catalog does not have.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from attrs import frozen

from .catalog import Catalog
from .conditions import Condition, Intake, IntakeEntry
from .findings import Finding
from .model import Protocol, Severity, Step
from .rules import Rule

SYSTEMIC = Rule("PK401", "error", "a systemic contraindication on the intake: the session must not go ahead")
LOCAL = Rule("PK402", "error", "a step works a region a local contraindication rules out (or one distal to it)")
CAUTION = Rule("PK403", "error", "a step exceeds a condition's pressure ceiling or uses a technique it restricts "
                                 "(warning once a physician has cleared the condition)")
UNKNOWN_CONDITION = Rule("PK405", "error", "the intake names a condition the catalog does not know")
UNKNOWN_INTAKE_REGION = "PK103"
SCREENING_RULES = (SYSTEMIC, LOCAL, CAUTION, UNKNOWN_CONDITION)

_STRICTNESS = {"caution": 1, "local": 2, "systemic": 3}


@frozen
class Applicable:
    """A condition as it applies to this client: where it is, and whether it is cleared."""

    condition: Condition
    entry: IntakeEntry
    cleared: bool


def modality_conditions(catalog: Catalog) -> dict[str, list[Condition]]:
    """Conditions from the modalities' own data, each scoped to its modality."""
    found: dict[str, list[Condition]] = {}
    for modality in catalog.modalities.values():
        for item in modality.contraindications:
            found.setdefault(item.id, []).append(Condition(
                id=item.id, name=item.id.replace("-", " "), category=item.category, reason=item.reason,
                source=item.source, modality=modality.id, needs_clearance=item.category == "caution",
                advice=f"leave out the {modality.id} steps"))
    return found


def known_condition_ids(catalog: Catalog) -> set[str]:
    return set(catalog.conditions) | set(modality_conditions(catalog))


def check_intake(intake: Intake, catalog: Catalog) -> list[Finding]:
    """What is wrong with the intake itself; each finding points into the intake file."""
    known = sorted(known_condition_ids(catalog))
    findings = []
    for entry in intake.entries:
        if entry.id not in known:
            close = difflib.get_close_matches(entry.id, known, n=1)
            advice = f"did you mean '{close[0]}'?" if close else "run 'protocolkit conditions' to list the known ids"
            findings.append(UNKNOWN_CONDITION.finding(
                f"unknown condition '{entry.id}': screening cannot pass what it cannot read; {advice}",
                entry.id_path))
        if entry.region is not None and entry.region not in catalog.regions:
            hint = catalog.regions.suggest(entry.region)
            # The region as typed is the client's data, not a condition id: it is not echoed.
            findings.append(Finding(UNKNOWN_INTAKE_REGION, "error",
                                    f"unknown region on condition '{entry.id}'"
                                    + (f"; did you mean '{hint}'?" if hint else "; run 'protocolkit regions'"),
                                    (*entry.path, "region")))
    return findings


def applicable(intake: Intake, catalog: Catalog) -> list[Applicable]:
    """Every condition that restricts this client's session, catalog and modality-scoped."""
    scoped = modality_conditions(catalog)
    result = []
    for entry in intake.entries:
        cleared = intake.cleared(entry.id)
        general = catalog.conditions.get(entry.id)
        if general is not None:
            result.append(Applicable(general, entry, cleared))
        for condition in scoped.get(entry.id, []):
            if general is None or _STRICTNESS[condition.category] > _STRICTNESS[general.category]:
                result.append(Applicable(condition, entry, cleared))
    return result


def screen(protocol: Protocol, intake: Intake, catalog: Catalog) -> list[Finding]:
    """Findings on the protocol (PK401-PK403) for this client."""
    findings: list[Finding] = []
    for item in applicable(intake, catalog):
        findings.extend(_check(item, protocol, catalog))
    return list(dict.fromkeys(findings))


def _check(item: Applicable, protocol: Protocol, catalog: Catalog) -> Iterator[Finding]:
    condition = item.condition
    steps = [s for s in protocol.hands_on_steps if condition.modality in (None, s.modality)]
    if condition.needs_clearance and not item.cleared and condition.category != "systemic":
        yield from _clearance_missing(condition, steps)
    if condition.category == "systemic":
        if condition.modality is None:
            yield SYSTEMIC.finding(f"{condition.id}: {_sentence(condition.reason)} Do not treat: "
                                   f"{_advice(condition, 'refer the client to a physician')}")
        else:
            for step in steps:
                yield LOCAL.finding(f"{condition.modality} must not be used with {condition.id}: "
                                    f"{_sentence(condition.reason)} Leave out this step.", (*step.path, "modality"))
    elif condition.category == "local":
        yield from _local(item, steps, catalog)
    else:
        yield from _caution(item, steps)


def _local(item: Applicable, steps: list[Step], catalog: Catalog) -> Iterator[Finding]:
    condition, entry = item.condition, item.entry
    if entry.region is None:
        if condition.modality is None:
            yield LOCAL.finding(f"{condition.id} is a local contraindication but the intake does not say where; "
                                "add its region (and side) to the intake, or the session cannot be screened")
        else:
            for step in steps:
                yield LOCAL.finding(f"{condition.id} rules out {condition.modality} and the intake does not say "
                                    f"where; leave out this step or add the region to the intake",
                                    (*step.path, "region"))
        return
    distal = set(catalog.regions.distal_to(entry.region)) if condition.distal and entry.region in catalog.regions \
        else set()
    for step in steps:
        if step.region not in distal | {entry.region} or not _sides_meet(step, entry):
            continue
        where = f"the {step.region}" if step.side == "both" else f"the {step.side} {step.region}"
        why = " (it lies distal to the affected area)" if step.region in distal else ""
        yield LOCAL.finding(f"{condition.id}: {_sentence(condition.reason)} Skip this step or move it off "
                            f"{where}{why}.", (*step.path, "region"))


def _caution(item: Applicable, steps: list[Step]) -> Iterator[Finding]:
    condition = item.condition
    severity: Severity = "warning" if item.cleared and condition.clearance_lifts else "error"
    for step in steps:
        ceiling = condition.max_pressure
        if ceiling is not None and step.pressure is not None and step.pressure > ceiling:
            yield CAUTION.finding(f"pressure {step.pressure} is over the ceiling for {condition.id}: "
                                  f"{_sentence(condition.reason)} Lower the pressure to {ceiling.level} or less.",
                                  (*step.path, "pressure"), severity=severity)
        if step.technique in condition.avoid and (not condition.avoid_on or step.region in condition.avoid_on):
            yield CAUTION.finding(f"{step.technique} is restricted by {condition.id}: {_sentence(condition.reason)} "
                                  f"Leave it out or use a gentler technique.", (*step.path, "technique"),
                                  severity=severity)


def _clearance_missing(condition: Condition, steps: list[Step]) -> Iterator[Finding]:
    if condition.modality is None:
        yield CAUTION.finding(f"{condition.id} needs a physician's clearance before massage: "
                              f"{_sentence(condition.reason)} Get clearance and list it under 'clearance' "
                              "in the intake.")
    else:
        for step in steps:
            yield CAUTION.finding(f"{condition.modality} needs a physician's clearance with {condition.id}: "
                                  f"{_sentence(condition.reason)} Get clearance, or leave out this step.",
                                  (*step.path, "modality"))


def _sides_meet(step: Step, entry: IntakeEntry) -> bool:
    return "both" in (step.side, entry.side) or step.side == entry.side


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _advice(condition: Condition, fallback: str) -> str:
    return _sentence(condition.advice or fallback)


def verdict(findings: Iterable[Finding]) -> str:
    """go, adapt or do not treat, from the findings of a screened protocol."""
    codes = {f.code for f in findings if f.severity == "error"}
    if SYSTEMIC.code in codes:
        return "do not treat"
    return "adapt" if codes else "go"
