"""Requirement profiles: what a jurisdiction or accreditor asks of a massage programme.

A profile (``kind: requirements``, or registered by a plugin through
``protocolkit_register_requirements``) holds the minimum hours in total and
per subject, the subjects that must be taught without hours, and the rules
on order and pace: a subject that may start only after so many hours, a
minimum number of weeks, at most so many hours a day or a week.  It carries
its source (the legal text) and the date that text was current, or a note
saying the date is not known: a profile is only as good as its text is
current.  Checking a curriculum against profiles is ``protocolkit.check.requirements``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import attrs
from attrs import field, frozen

from protocolkit.model.protocol import is_slug

_AS_OF = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def _slug(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not is_slug(value):
        raise ValueError(f"{attribute.name} {value!r} must be a lower-case id such as clinical-practice")


def _slugs(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    for item in value if isinstance(value, (tuple, dict)) else ():
        if not is_slug(item):
            raise ValueError(f"{attribute.name}: {item!r} must be a lower-case id such as clinical-practice")


def _not_negative(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be 0 or more, not {value}")


def _hours_map(value: dict[str, float]) -> dict[str, float]:
    return {key: float(hours) for key, hours in value.items()}


def _tuple(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else ()


def parse_as_of(text: str) -> datetime.date:
    """The earliest day an as-of date can mean: '2024' is 2024-01-01, '2021-09' 2021-09-01.

    The earliest, so that a profile is never taken for more current than its text."""
    match = _AS_OF.match(text)
    if match is None:
        raise ValueError(f"as-of {text!r} is not a date; write a year (2024), a month (2024-03) or a day (2024-03-01)")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    return datetime.date(year, month, day)


@frozen
class Source:
    """The legal text a profile is built from."""

    citation: str
    url: str | None = None


@frozen
class Including:
    """So many hours of some subjects that must be among the hours before another subject starts."""

    subjects: tuple[str, ...] = field(converter=_tuple, validator=_slugs)
    hours: float = field(converter=float, validator=_not_negative)


@frozen
class AfterHours:
    """``subject`` may start only once ``hours`` of the programme are taught (``including`` among them)."""

    subject: str = field(validator=_slug)
    hours: float = field(converter=float, validator=_not_negative)
    including: Including | None = None


def _rules(value: object) -> tuple[AfterHours, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else ()


@frozen
class Group:
    """Subjects a legal text counts together under a name of its own (its hours are their sum)."""

    title: str
    of: tuple[str, ...] = field(converter=_tuple, validator=_slugs)


@frozen
class PaceRules:
    minimum_weeks: float | None = None
    max_hours_per_day: float | None = None
    max_hours_per_week: float | None = None


@frozen
class RequirementProfile:
    """One jurisdiction's (or accreditor's) minimums for a programme, with its source and date."""

    id: str = field(validator=_slug)
    title: str
    jurisdiction: str
    source: Source
    total_hours: float = field(converter=float, validator=_not_negative)
    as_of: str | None = None
    as_of_note: str | None = None
    subjects: dict[str, float] = field(converter=_hours_map, factory=dict, validator=_slugs)
    required_subjects: tuple[str, ...] = field(converter=_tuple, default=(), validator=_slugs)
    groups: dict[str, Group] = field(factory=dict, validator=_slugs)
    after_hours: tuple[AfterHours, ...] = field(converter=_rules, default=())
    pace: PaceRules = field(factory=PaceRules)
    notes: tuple[str, ...] = field(converter=_tuple, default=())
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.as_of is None and not self.as_of_note:
            raise ValueError(f"profile '{self.id}': give 'as-of' (the date its text was current) or an "
                             "'as-of-note' saying why the date is not known")
        if self.as_of is not None:
            parse_as_of(self.as_of)

    @property
    def as_of_date(self) -> datetime.date | None:
        return None if self.as_of is None else parse_as_of(self.as_of)

    def parts(self, subject_id: str) -> tuple[str, ...]:
        """The subjects whose hours count toward ``subject_id`` here: a group's members, else itself."""
        group = self.groups.get(subject_id)
        return group.of if group is not None else (subject_id,)

    def subject_ids(self) -> list[str]:
        """Every subject the profile names, in its order: those with hours, then those without."""
        return [*self.subjects, *(s for s in self.required_subjects if s not in self.subjects)]

    def named_subjects(self) -> set[str]:
        """Every subject id the profile relies on, group members included (for the vocabulary check)."""
        named = set(self.subject_ids()) | {rule.subject for rule in self.after_hours}
        named |= {s for rule in self.after_hours if rule.including for s in rule.including.subjects}
        return {part for subject in named for part in self.parts(subject)}
