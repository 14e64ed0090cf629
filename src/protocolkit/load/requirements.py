"""Requirement profiles to and from their document form (``kind: requirements``).

``requirements_from_data`` builds a profile from data the schema accepted (a
plugin's dict, or a school's YAML file); ``requirements_to_data`` writes it
back in the same form, so ``protocolkit requirements ID --format json`` prints
what a YAML file would hold.
"""

from __future__ import annotations

from typing import Any

from protocolkit.load.serialize import BuildError
from protocolkit.model.requirements import AfterHours, Group, Including, PaceRules, RequirementProfile, Source

class ProfileError(ValueError):
    """Data that is not a requirement profile; the message says where and what."""


def requirements_from_data(data: dict[str, Any]) -> RequirementProfile:
    """The profile ``data`` (a ``kind: requirements`` document's data) describes; ProfileError when it is not one.

    Plugins build their profiles with it when the catalog loads, so it checks
    what the model checks (ids, hours, dates) and not the whole schema, which
    would cost every command jsonschema's start-up; a plugin's tests check its
    profiles against the schema (``protocolkit.testing`` or ``validate_text``)."""
    try:
        return profile_from_checked(data)
    except BuildError as error:
        raise ProfileError(f"requirement profile '{data.get('id', '?')}': "
                           + "; ".join(message for message, _ in error.problems)) from error
    except (KeyError, TypeError, AttributeError) as error:
        raise ProfileError(f"requirement profile '{data.get('id', '?')}' does not match its schema ({error!r}); "
                           "check it with 'protocolkit validate'") from error


def profile_from_checked(data: dict[str, Any]) -> RequirementProfile:
    """Build from data the schema already accepted; BuildError for what the schema cannot see."""
    rules = data.get("rules", {})
    try:
        return RequirementProfile(
            id=data["id"], title=data["title"], jurisdiction=data["jurisdiction"],
            source=Source(data["source"]["citation"], data["source"].get("url")),
            total_hours=data["total-hours"], as_of=data.get("as-of"), as_of_note=data.get("as-of-note"),
            subjects=data.get("subjects", {}), required_subjects=data.get("required-subjects", []),
            groups={key: Group(group["title"], group["of"]) for key, group in data.get("groups", {}).items()},
            after_hours=[AfterHours(rule["subject"], rule["hours"],
                                    Including(rule["including"]["subjects"], rule["including"]["hours"])
                                    if "including" in rule else None)
                         for rule in rules.get("after-hours", [])],
            pace=PaceRules(rules.get("minimum-weeks"), rules.get("max-hours-per-day"),
                           rules.get("max-hours-per-week")),
            notes=data.get("notes", []), description=data.get("description"))
    except ValueError as error:
        path = ("as-of",) if "as-of" in str(error) else ()
        raise BuildError([(str(error), path)]) from error


def requirements_to_data(profile: RequirementProfile) -> dict[str, Any]:
    """The profile as its document: the keys and order a YAML file would have."""
    data: dict[str, Any] = {"protocolkit": 1, "kind": "requirements", "id": profile.id, "title": profile.title,
                            "jurisdiction": profile.jurisdiction}
    if profile.description:
        data["description"] = profile.description
    data["source"] = {"citation": profile.source.citation} | ({"url": profile.source.url} if profile.source.url else {})
    if profile.as_of is not None:
        data["as-of"] = profile.as_of
    if profile.as_of_note:
        data["as-of-note"] = profile.as_of_note
    data["total-hours"] = _number(profile.total_hours)
    if profile.subjects:
        data["subjects"] = {key: _number(hours) for key, hours in profile.subjects.items()}
    if profile.groups:
        data["groups"] = {key: {"title": group.title, "of": list(group.of)} for key, group in profile.groups.items()}
    if profile.required_subjects:
        data["required-subjects"] = list(profile.required_subjects)
    rules: dict[str, Any] = {}
    if profile.after_hours:
        rules["after-hours"] = [_after_hours(rule) for rule in profile.after_hours]
    for key, value in (("minimum-weeks", profile.pace.minimum_weeks),
                       ("max-hours-per-day", profile.pace.max_hours_per_day),
                       ("max-hours-per-week", profile.pace.max_hours_per_week)):
        if value is not None:
            rules[key] = _number(value)
    if rules:
        data["rules"] = rules
    if profile.notes:
        data["notes"] = list(profile.notes)
    return data


def _after_hours(rule: AfterHours) -> dict[str, Any]:
    written: dict[str, Any] = {"subject": rule.subject, "hours": _number(rule.hours)}
    if rule.including is not None:
        written["including"] = {"subjects": list(rule.including.subjects), "hours": _number(rule.including.hours)}
    return written


def _number(value: float) -> float | int:
    """27.0 written as 27, as a person would write it in the YAML."""
    return int(value) if float(value).is_integer() else value
