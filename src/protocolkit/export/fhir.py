"""A protocol as an HL7 FHIR Bundle: one PlanDefinition, an ActivityDefinition per technique.

The Bundle (type ``collection``) holds a ``PlanDefinition`` of type
``clinical-protocol`` with one action per step, in order, each timed in UCUM
minutes and chained to the step before it (``after-end``), and one
``ActivityDefinition`` for each technique the protocol uses, which the
hands-on actions point at through ``definitionCanonical``.  Activity steps
(assessment, transition, education, rest) are actions without a definition.

The shape follows the release asked for in ``options["fhir-version"]``:
``R5`` (the default) or ``R4B``.  Between the two, only the link from an
action to the one before it differs in what this exporter writes: R5 names
the target ``targetId``, R4B ``actionId``.  (R5 also turned an action's
``description`` from string into markdown; the plain text written here is
both.)  An action's billing ``code`` is a single CodeableConcept in R5 and a
list of them in R4B.

The output is plain JSON built with the standard library, and it is
deterministic: no timestamps, and every identifier is derived from the
protocol id (``urn:uuid`` fullUrls are UUID version 5) or a technique id, so
the same protocol and catalog give the same bytes.

A PlanDefinition is a definition, independent of any client, so a screening
(``--intake``) adds nothing to this format: the client reference and the
findings stay out of the Bundle.

Codes are only those this exporter can stand behind: the plan-definition-type,
action-relationship-type, publication-status and UCUM codes are the FHIR
specification's own.  The SNOMED CT concept often quoted for therapeutic
massage is unverified, so each ActivityDefinition carries the meaning as
``code.text`` only, with no coding.  A hands-on action whose technique has a
billing code (the clinic's ``[billing] codes``, else the modality's own, as
`plugin.billing_codes.code_for` decides) carries it as ``code``, a CPT coding
with the code number alone: no ``display``, since the code set's descriptors
are copyrighted.  It is written whether or not the clinic bills
(``[billing]``): a PlanDefinition is a definition, and the code is part of it.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from protocolkit.model.billing import CPT_SYSTEM
from protocolkit.model.protocol import Protocol, Step
from protocolkit.model.export import ExportContext
from protocolkit.plugin.billing_codes import code_for

FHIR_VERSIONS = ("R5", "R4B")
DEFAULT_FHIR_VERSION = "R5"

PLAN_DEFINITION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
UCUM_SYSTEM = "http://unitsofmeasure.org"
STATUS = "draft"
RELATIONSHIP = "after-end"
# The request resource an ActivityDefinition's activity becomes when applied: a
# massage is a service performed on the client.  In the request-resource-types
# value set of both R4B and R5.
ACTIVITY_KIND = "ServiceRequest"
ACTIVITY_CODE_TEXT = "Therapeutic massage"

PLAN_URL_PREFIX = "urn:protocolkit:protocol:"
ACTIVITY_URL_PREFIX = "urn:protocolkit:activity:"

# Fixed, so that the UUIDs (and so the fullUrls) never change between runs or machines.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:protocolkit:export:fhir")
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def render(context: ExportContext) -> str:
    """The protocol as a FHIR Bundle in JSON, for the release in ``options["fhir-version"]``."""
    version = fhir_version(context.options.get("fhir-version"))
    bundle = build_bundle(context, version)
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


def fhir_version(requested: str | None) -> str:
    """``R5`` or ``R4B`` (either case); ``R5`` when nothing was asked for."""
    if requested is None or requested == "":
        return DEFAULT_FHIR_VERSION
    version = requested.strip().upper()
    if version not in FHIR_VERSIONS:
        raise ValueError(f"FHIR version {requested!r} is not supported; use one of: {', '.join(FHIR_VERSIONS)}")
    return version


def build_bundle(context: ExportContext, version: str = DEFAULT_FHIR_VERSION) -> dict[str, Any]:
    """The Bundle as JSON-ready data (dicts, lists, strings and numbers)."""
    if version not in FHIR_VERSIONS:
        raise ValueError(f"FHIR version {version!r} is not supported; use one of: {', '.join(FHIR_VERSIONS)}")
    protocol = context.protocol
    techniques = _techniques_in_order(protocol)
    entries = [_entry(protocol, "plan-definition", plan_definition(context, version))]
    entries += [_entry(protocol, f"activity-definition/{technique}", activity_definition(context, technique))
                for technique in techniques]
    return {
        "resourceType": "Bundle",
        "id": str(_uuid(protocol, "bundle")),
        "type": "collection",
        "entry": entries,
    }


def plan_definition(context: ExportContext, version: str = DEFAULT_FHIR_VERSION) -> dict[str, Any]:
    protocol = context.protocol
    resource: dict[str, Any] = {
        "resourceType": "PlanDefinition",
        "id": _resource_id(protocol.id, protocol, "plan-definition"),
        "url": PLAN_URL_PREFIX + protocol.id,
        "name": machine_name(protocol.id),
    }
    _put(resource, "title", protocol.title)
    resource["type"] = {"coding": [{"system": PLAN_DEFINITION_TYPE_SYSTEM, "code": "clinical-protocol",
                                    "display": "Clinical Protocol"}]}
    resource["status"] = STATUS
    _put(resource, "description", _plan_description(protocol))
    goals = [{"description": {"text": _words(goal)}} for goal in protocol.goals]
    if goals:
        resource["goal"] = goals
    resource["action"] = [_action(context, position, step, version)
                          for position, step in enumerate(protocol.steps, start=1)]
    return resource


def activity_definition(context: ExportContext, technique_id: str) -> dict[str, Any]:
    technique = context.catalog.techniques.get(technique_id)
    resource: dict[str, Any] = {
        "resourceType": "ActivityDefinition",
        "id": _resource_id(technique_id, context.protocol, f"activity-definition/{technique_id}"),
        "url": activity_url(technique_id),
        "name": machine_name(technique_id),
        "title": technique.name if technique else _upper_first(_words(technique_id)),
        "status": STATUS,
    }
    if technique:
        _put(resource, "description", technique.description)
    resource["kind"] = ACTIVITY_KIND
    resource["code"] = {"text": ACTIVITY_CODE_TEXT}
    return resource


def activity_url(technique_id: str) -> str:
    """The canonical URL of the ActivityDefinition for a technique."""
    return ACTIVITY_URL_PREFIX + technique_id


def action_id(position: int) -> str:
    """The id of the action for the step at ``position`` (counting from 1)."""
    return f"step-{position}"


def machine_name(slug: str) -> str:
    """A FHIR ``name`` (``[A-Z][A-Za-z0-9_]*``) from a slug: ``deep-tissue-60`` -> ``DeepTissue60``."""
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", slug) if part)
    if not name or not name[0].isalpha():
        name = "P" + name
    return name[:255]


def minutes(seconds: int) -> int | float:
    """Seconds as minutes: a whole number when it is one, else a decimal (4 places at most)."""
    whole, rest = divmod(seconds, 60)
    if rest == 0:
        return whole
    return round(seconds / 60, 4)


# -- pieces ------------------------------------------------------------------------


def _action(context: ExportContext, position: int, step: Step, version: str) -> dict[str, Any]:
    action: dict[str, Any] = {"id": action_id(position), "title": _step_title(context, step)}
    _put(action, "description", _step_description(context, step))
    code = code_for(context.catalog, step.modality, step.technique) if step.hands_on else None
    if code is not None:
        concept = {"coding": [{"system": CPT_SYSTEM, "code": code}]}
        action["code"] = concept if version == "R5" else [concept]  # R5: 0..1; R4B: 0..*
    if position > 1:
        target_key = "targetId" if version == "R5" else "actionId"
        action["relatedAction"] = [{target_key: action_id(position - 1), "relationship": RELATIONSHIP}]
    action["timingDuration"] = {"value": minutes(step.duration.seconds), "unit": "min", "system": UCUM_SYSTEM,
                                "code": "min"}
    if step.hands_on and step.technique:
        action["definitionCanonical"] = activity_url(step.technique)
    return action


def _step_title(context: ExportContext, step: Step) -> str:
    if not step.hands_on:
        return _upper_first(_words(step.activity or "activity"))
    catalog = context.catalog
    modality = catalog.modalities.get(step.modality or "")
    technique = catalog.techniques.get(step.technique or "")
    region = catalog.regions.get(step.region) if step.region and step.region in catalog.regions else None
    what = technique.name if technique else _words(step.technique or "")
    who = modality.name if modality else _words(step.modality or "")
    where = region.name if region else _words(step.region or "")
    side = f" ({step.side})" if step.side != "both" else ""
    return f"{who}: {what} — {where}{side}"


def _step_description(context: ExportContext, step: Step) -> str:
    parts: list[str] = []
    if step.hands_on:
        technique = context.catalog.techniques.get(step.technique or "")
        if technique and technique.description.strip():
            parts.append(_sentence(technique.description))
        if step.pressure is not None:
            parts.append(f"Pressure: {step.pressure} on the Walton scale (1-5).")
        parts.append("Side: both." if step.side == "both" else f"Side: {step.side} only.")
    if step.notes and step.notes.strip():
        parts.append(f"Notes: {_sentence(step.notes)}" if step.hands_on else _upper_first(_sentence(step.notes)))
    return " ".join(parts)


def _plan_description(protocol: Protocol) -> str:
    parts: list[str] = []
    if protocol.intent:
        parts.append(f"Intent: {_words(protocol.intent)}.")
    if protocol.goals:
        parts.append(f"Goals: {', '.join(_words(goal) for goal in protocol.goals)}.")
    count = len(protocol.steps)
    parts.append(f"A {_minutes_text(protocol.duration.seconds)} session in {count} step{'s' if count != 1 else ''}.")
    return " ".join(parts)


def _techniques_in_order(protocol: Protocol) -> list[str]:
    """Each technique the protocol uses, once, in the order it first appears."""
    seen: dict[str, None] = {}
    for step in protocol.hands_on_steps:
        if step.technique:
            seen.setdefault(step.technique, None)
    return list(seen)


def _entry(protocol: Protocol, role: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{_uuid(protocol, role)}", "resource": resource}


def _uuid(protocol: Protocol, role: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{protocol.id}/{role}")


def _resource_id(wanted: str, protocol: Protocol, role: str) -> str:
    """``wanted`` when it is a valid FHIR id (at most 64 characters), else a derived UUID."""
    return wanted if _FHIR_ID.match(wanted) else str(_uuid(protocol, role))


def _minutes_text(seconds: int) -> str:
    value = minutes(seconds)
    return f"{value}-minute"


def _words(slug: str) -> str:
    return slug.replace("-", " ")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _put(resource: dict[str, Any], key: str, value: str | None) -> None:
    """Set a string element only when it has content (FHIR strings are never empty)."""
    if value is not None and value.strip():
        resource[key] = value
