"""A treatment plan as an HL7 FHIR Bundle: a CarePlan whose activities point at its phases' PlanDefinitions.

The Bundle (type ``collection``) holds the ``CarePlan`` (status ``draft``,
intent ``plan``), a ``Goal`` per goal of the plan, and every phase protocol's
``PlanDefinition`` and ``ActivityDefinition`` s exactly as ``--to fhir`` writes
them for the protocol alone (an ActivityDefinition shared by two protocols is
written once).  The CarePlan names the PlanDefinitions it follows in
``instantiatesCanonical``; its activities differ by release, because R5
removed ``CarePlan.activity.detail``:

- R5 (the default): each phase is a ``ServiceRequest`` (status ``draft``,
  intent ``plan``) that ``instantiatesCanonical`` the phase's PlanDefinition
  and times the sessions (``occurrenceTiming``: so many, every so many days),
  and the CarePlan's activity refers to it (``plannedActivityReference``);
- R4B: each activity's ``detail`` ``instantiatesCanonical`` the
  PlanDefinition, with its status (``not-started``) and the same timing.

A CarePlan, a Goal and a ServiceRequest each need a ``subject`` (1..1).  A
plan holds no client, so the subject is a placeholder reference, of type
Patient with only a display text, that the receiving system replaces with its
own client: nothing of an intake ever goes in.  Self-care goes in the
CarePlan's notes, a goal's target in the goal's description (a FHIR
``Goal.target`` needs a coded measure, which this project has none to stand
behind).  The output is deterministic like the protocol's: no timestamps, and
every identifier is derived from the plan and protocol ids.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from protocolkit.export.fhir import ACTIVITY_CODE_TEXT, PLAN_URL_PREFIX, build_bundle, fhir_version
from protocolkit.export.plan_context import PlanExport
from protocolkit.export.summary import words
from protocolkit.model.export import ExportContext

STATUS = "draft"
INTENT = "plan"
# Replaced by the receiving system with its own Patient: the plan names no client.
SUBJECT = {"type": "Patient", "display": "The client: to be filled in by the receiving system"}
IDENTIFIER_SYSTEM = "urn:protocolkit:treatment-plan"  # the plan's id, as the plan document writes it
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:protocolkit:export:fhir:treatment-plan")
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def render(export: PlanExport) -> str:
    """The plan as a FHIR Bundle in JSON, for the release in ``options["fhir-version"]`` (R5 or R4B)."""
    return json.dumps(build_plan_bundle(export), indent=2, ensure_ascii=False) + "\n"


def build_plan_bundle(export: PlanExport) -> dict[str, Any]:
    """The Bundle as JSON-ready data."""
    version = fhir_version(export.options.get("fhir-version"))
    plan = export.report.plan
    goals = [(_full_url(plan.id, f"goal/{goal.id}"), _goal(plan.id, goal.id, goal.target)) for goal in plan.goals]
    requests = []
    activities = []
    for phase, found in zip(plan.phases, export.report.protocols, strict=True):
        assert found.protocol is not None, "a plan is exported only when every phase's protocol was read"
        canonical = PLAN_URL_PREFIX + found.protocol.id
        timing = _timing(export, phase.index, phase.sessions, phase.every)
        if version == "R5":
            full_url = _full_url(plan.id, f"service-request/{phase.index + 1}")
            requests.append((full_url, _service_request(plan.id, phase.index, canonical, timing)))
            activities.append({"plannedActivityReference": {"reference": full_url}})
        else:
            detail: dict[str, Any] = {"kind": "ServiceRequest", "instantiatesCanonical": [canonical],
                                      "status": "not-started", "scheduledTiming": timing,
                                      "description": export.summary.lines[phase.index]}
            activities.append({"detail": detail})
    care_plan = _care_plan(export, [url for url, _goal_resource in goals], activities)
    entries = [_entry(_full_url(plan.id, "care-plan"), care_plan)]
    entries += [_entry(url, resource) for url, resource in goals + requests]
    entries += _definitions(export, version)
    return {"resourceType": "Bundle", "id": str(uuid.uuid5(_NAMESPACE, f"{plan.id}/bundle")),
            "type": "collection", "entry": entries}


def _care_plan(export: PlanExport, goal_urls: list[str], activities: list[dict[str, Any]]) -> dict[str, Any]:
    plan = export.report.plan
    resource: dict[str, Any] = {"resourceType": "CarePlan", "id": _fhir_id(plan.id, f"{plan.id}/care-plan"),
                                "identifier": [{"system": IDENTIFIER_SYSTEM, "value": plan.id}]}
    resource["instantiatesCanonical"] = list(dict.fromkeys(
        PLAN_URL_PREFIX + found.protocol.id for found in export.report.protocols if found.protocol))
    resource.update({"status": STATUS, "intent": INTENT, "title": plan.title})
    resource["description"] = " ".join(export.summary.lines)
    resource["subject"] = dict(SUBJECT)
    sessions = export.sessions
    if export.start is not None and sessions[-1].date is not None:
        resource["period"] = {"start": export.start.isoformat(), "end": sessions[-1].date.isoformat()}
    if goal_urls:
        resource["goal"] = [{"reference": url} for url in goal_urls]
    resource["activity"] = activities
    notes = [f"Phase {phase.index + 1} self-care: " + "; ".join(f"{item.kind}: {item.instruction.rstrip('.')}"
                                                               for item in phase.self_care) + "."
             for phase in plan.phases if phase.self_care]
    if notes:
        resource["note"] = [{"text": note} for note in notes]
    return resource


def _goal(plan_id: str, goal_id: str, target: str | None) -> dict[str, Any]:
    text = words(goal_id) + (f"; target: {target}" if target else "")
    return {"resourceType": "Goal", "id": _fhir_id(goal_id, f"{plan_id}/goal/{goal_id}"),
            "lifecycleStatus": "proposed", "description": {"text": text}, "subject": dict(SUBJECT)}


def _service_request(plan_id: str, index: int, canonical: str, timing: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "ServiceRequest", "id": _fhir_id(f"{plan_id}-phase-{index + 1}", f"{plan_id}/phase/{index + 1}"),
            "instantiatesCanonical": [canonical], "status": STATUS, "intent": INTENT,
            "code": {"concept": {"text": ACTIVITY_CODE_TEXT}}, "subject": dict(SUBJECT),
            "occurrenceTiming": timing}


def _timing(export: PlanExport, phase: int, sessions: int, every: int) -> dict[str, Any]:
    repeat: dict[str, Any] = {"count": sessions, "period": every, "periodUnit": "d"}
    dates = [s.date for s in export.sessions if s.phase == phase and s.date is not None]
    if dates:
        repeat = {"boundsPeriod": {"start": dates[0].isoformat(), "end": dates[-1].isoformat()}, **repeat}
    return {"repeat": repeat}


def _definitions(export: PlanExport, version: str) -> list[dict[str, Any]]:
    """Each phase protocol's PlanDefinition and ActivityDefinitions, each resource once (by its canonical URL)."""
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for found in export.report.protocols:
        if found.protocol is None:
            continue
        context = ExportContext(found.protocol, export.catalog, None, dict(export.options))
        for entry in build_bundle(context, version)["entry"]:
            url = entry["resource"].get("url", entry["fullUrl"])
            if url not in seen:
                seen.add(url)
                entries.append(entry)
    return entries


def _entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": full_url, "resource": resource}


def _full_url(plan_id: str, role: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{plan_id}/{role}')}"


def _fhir_id(wanted: str, role: str) -> str:
    """``wanted`` when it is a valid FHIR id (at most 64 characters), else a UUID derived from ``role``."""
    return wanted if _FHIR_ID.match(wanted) else str(uuid.uuid5(_NAMESPACE, role))
