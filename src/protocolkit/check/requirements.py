"""A curriculum checked against requirement profiles: which states' rules does it meet?

For each profile: the programme's hours in all and per subject against the
profile's minimums (PK701, PK702), the subjects it holds back until so many
hours are taught (PK703), its pace rules (PK704-PK706) and whether the
profile's text is current (PK707).  Hours come from
``protocolkit.check.subject_hours``: each module's hours by subject, in
teaching order (list order, or by ``term``).  A profile's subject, composite
or group counts every hour logged under a subject made only of its parts, as
the vocabulary's totals do: anatomy-physiology counts anatomy and physiology,
but anatomy alone does not count a module taught as "anatomy and physiology".
Such a module is not "no module teaches it": PK702 says its block's hours are
not split and shows a split with ``subjects:`` that gives the profile's asks
(``SplitAdvice``; the studio shows the same words).

Conservative where the curriculum leaves something open: a held-back subject
taught in a module counts only the hours of the modules before it; a pace rule
the curriculum gives no figures for is not met (PK706); a profile whose as-of
date is unknown is treated as an old one (PK707).  A profile is met when none
of its findings is an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from attrs import evolve, frozen

from protocolkit.check.subject_hours import Block, ModuleHours, blocks, example_split
from protocolkit.model.codes import (
    PROFILE_OUT_OF_DATE,
    PROFILE_PACE_NOT_STATED,
    PROFILE_SUBJECT_SHORT,
    PROFILE_SUBJECT_TOO_EARLY,
    PROFILE_TOO_FAST,
    PROFILE_TOO_FEW_WEEKS,
    PROFILE_TOTAL_SHORT,
    PROFILE_UNKNOWN_SUBJECT,
)
from protocolkit.model.findings import Finding, JsonPath, Locator, locate, sort_key
from protocolkit.model.requirements import AfterHours, RequirementProfile
from protocolkit.model.subjects import SubjectVocabulary

DEFAULT_MAX_AGE_YEARS = 3.0
# Hours are compared to the nearest minute: 0.1 + 0.2 is 0.3 here.
_EPSILON = 1 / 120


@frozen
class Pace:
    """What a curriculum states about its length and pace (None where it says nothing)."""

    weeks: float | None = None
    hours_per_week: float | None = None
    hours_per_day: float | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Pace:
        return cls(data.get("weeks"), data.get("hours-per-week"), data.get("hours-per-day"))


@frozen
class SplitAdvice:
    """A module teaching a short subject in a block whose hours are not split, and a split with
    ``subjects:`` that would give the profile what it asks of the block's subjects."""

    module: str  # the module's title
    path: JsonPath
    hours: float
    split: tuple[tuple[str, float], ...]  # the module's contact hours by subject, the block split
    profile: str
    asked: tuple[str, ...]  # the profile's subjects the split serves
    short: float  # hours the block lacks for them, when it has too few
    logged: str = ""  # the subject the block's hours are logged under
    # Parts the split gives hours that the logged subject does not hold (its title's kinesiology):
    # those hours stop counting toward the logged subject, and a director should know before moving them.
    beyond: tuple[str, ...] = ()

    def words(self, what: str = "it") -> str:
        """What to change, as PK702 and the studio's profile matrix both say it; ``what``: the subject
        or subjects short ("it", "them")."""
        text = (f"module '{self.module}' teaches {what} in a {_hours(self.hours)} h block whose hours are not split; "
                f"split them with 'subjects:' on that module, e.g. subjects: {self.subjects_yaml()}")
        if self.short > _EPSILON:
            text += (f"; even so the block's {_hours(self.hours)} h are {_hours(self.short)} h fewer than "
                     f"{self.profile} asks of {and_words(self.asked)}, so add {_hours(self.short)} h to that module too")
        if self.beyond:
            text += f"; the hours given to {and_words(self.beyond)} then no longer count as '{self.logged}'"
        return text

    def subjects_yaml(self) -> str:
        """The split as a YAML mapping, the way a curriculum writes ``subjects:``."""
        return "{" + ", ".join(f"{key}: {_hours(value)}" for key, value in self.split) + "}"


@frozen
class SubjectResult:
    id: str
    have: float
    need: float | None  # None: the profile requires the subject taught, without hours
    met: bool
    unsplit: SplitAdvice | None = None  # a module teaching it whose hours are not split

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "have": _number(self.have), "need": None if self.need is None else _number(self.need),
                "met": self.met}


@frozen
class RuleResult:
    """One of the profile's rules on order or pace, said in words, and whether the curriculum keeps it."""

    rule: str
    kept: bool

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule, "kept": self.kept}


@frozen
class ProfileResult:
    """A curriculum against one profile: met or not, subject by subject, rule by rule, with its findings
    (unlocated: paths into the curriculum)."""

    profile: RequirementProfile
    total: SubjectResult
    subjects: tuple[SubjectResult, ...]
    rules: tuple[RuleResult, ...]
    findings: tuple[Finding, ...]

    @property
    def met(self) -> bool:
        return not any(finding.severity == "error" for finding in self.findings)

    @property
    def out_of_date(self) -> bool:
        return any(finding.code == PROFILE_OUT_OF_DATE.code for finding in self.findings)


def check_against(profile: RequirementProfile, modules: Sequence[ModuleHours], vocabulary: SubjectVocabulary,
                  pace: Pace, *, today: datetime.date | None = None,
                  max_age_years: float = DEFAULT_MAX_AGE_YEARS) -> ProfileResult:
    """``modules`` (in teaching order) against ``profile``; ``today`` decides whether its text is old."""
    counter = _Counter(profile, vocabulary)
    findings: list[Finding] = []
    name = f"{profile.jurisdiction} ({profile.id})"
    total_have = sum(module.total for module in modules)
    total = SubjectResult("total", total_have, profile.total_hours, _meets(total_have, profile.total_hours))
    if not total.met:
        findings.append(PROFILE_TOTAL_SHORT.finding(
            f"{name} asks for {_hours(profile.total_hours)} h in all; the curriculum has {_hours(total_have)} h, "
            f"{_hours(profile.total_hours - total_have)} h short; add modules or hours", ("modules",)))
    subjects = []
    for subject_id in profile.subject_ids():
        need = profile.subjects.get(subject_id)
        have = sum(counter.hours(module, subject_id) for module in modules)
        met = have > _EPSILON if need is None else _meets(have, need)
        unsplit = None if met else _split_advice(subject_id, modules, counter, name)
        subjects.append(SubjectResult(subject_id, have, need, met, unsplit))
        if not met:
            teaching = [module for module in modules if counter.hours(module, subject_id) > 0]
            where = teaching[-1].path if teaching else ("modules",)
            asked = (f"requires {counter.title(subject_id)} taught" if need is None
                     else f"asks for {_hours(need)} h of {counter.title(subject_id)}")
            has = f"the curriculum has {_hours(have)} h" + (f", {_hours(need - have)} h short" if need else "")
            if unsplit is not None:
                advice, where = unsplit.words(), unsplit.path
            else:
                advice = "add hours to this module or another" if teaching else "no module teaches it: add one"
            findings.append(PROFILE_SUBJECT_SHORT.finding(f"{name} {asked}; {has}; {advice}", where))
    rules = []
    for rule in profile.after_hours:
        broken = _too_early(rule, modules, counter, name)
        rules.append(RuleResult(_after_hours_text(rule, counter), broken is None))
        findings += [] if broken is None else [broken]
    for result, finding in _pace(profile, pace, total_have, name):
        rules.append(result)
        findings += [] if finding is None else [finding]
    stale = _out_of_date(profile, today or datetime.date.today(), max_age_years, name)
    findings += [] if stale is None else [stale]
    return ProfileResult(profile, total, tuple(subjects), tuple(rules), tuple(findings))


def check_all(profiles: Iterable[RequirementProfile], modules: Sequence[ModuleHours], vocabulary: SubjectVocabulary,
              pace: Pace, *, today: datetime.date | None = None,
              max_age_years: float = DEFAULT_MAX_AGE_YEARS) -> list[ProfileResult]:
    return [check_against(profile, modules, vocabulary, pace, today=today, max_age_years=max_age_years)
            for profile in profiles]


def located(result: ProfileResult, document: Locator) -> ProfileResult:
    """The result with its findings located in the curriculum's file (line and column)."""
    return evolve(result, findings=tuple(sorted(locate(result.findings, document), key=sort_key)))


def qualifying_jurisdictions(results: Iterable[ProfileResult]) -> list[str]:
    """The jurisdictions of the profiles met, in the order checked, each once."""
    return list(dict.fromkeys(result.profile.jurisdiction for result in results if result.met))


class _Counter:
    """Counts a module's hours toward a profile's subject, composite or group."""

    def __init__(self, profile: RequirementProfile, vocabulary: SubjectVocabulary) -> None:
        self.profile = profile
        self.vocabulary = vocabulary
        self._wanted: dict[str, frozenset[str]] = {}

    def wanted(self, subject_id: str) -> frozenset[str]:
        if subject_id not in self._wanted:
            self._wanted[subject_id] = frozenset(basic for part in self.profile.parts(subject_id)
                                                 for basic in self.vocabulary.basic_parts(part))
        return self._wanted[subject_id]

    def hours(self, module: ModuleHours, subject_id: str) -> float:
        wanted = self.wanted(subject_id)
        return sum(value for key, value in module.hours.items() if self.vocabulary.basic_parts(key) <= wanted)

    def title(self, subject_id: str) -> str:
        group = self.profile.groups.get(subject_id)
        return f"'{subject_id}' ({group.title})" if group else f"'{subject_id}'"


def _split_advice(subject_id: str, modules: Sequence[ModuleHours], counter: _Counter,
                  name: str) -> SplitAdvice | None:
    """How to split the biggest block that teaches ``subject_id`` without counting toward it, if any."""
    wanted = counter.wanted(subject_id)
    vocabulary = counter.vocabulary
    candidates = [block for module in modules for block in blocks(module, vocabulary)
                  if wanted & set(block.parts) and not vocabulary.basic_parts(block.subject) <= wanted]
    if not candidates:
        return None
    block = max(candidates, key=lambda candidate: candidate.hours)  # the first of the biggest
    asks, asked = [], []
    for other in counter.profile.subject_ids():
        parts = tuple(part for part in block.parts if part in counter.wanted(other))
        if not parts or _counts_toward(block, other, counter):
            continue
        need = counter.profile.subjects.get(other)
        have = sum(counter.hours(module, other) for module in modules)
        if (have > _EPSILON) if need is None else _meets(have, need):
            continue
        asks.append((parts, None if need is None else need - have))
        asked.append(other)
    split = example_split(block, asks)
    contact = block.module.contact()
    hours = {}
    for key, value in contact.items():  # the block's place among the module's subjects keeps its parts
        hours.update(split.hours if key == block.subject else {key: value})
    logged = vocabulary.basic_parts(block.subject)
    beyond = tuple(part for part in split.hours if part not in logged)
    return SplitAdvice(block.module.name, block.module.path, block.hours, tuple(hours.items()), name, tuple(asked),
                       split.short, block.subject, beyond)


def _counts_toward(block: Block, subject_id: str, counter: _Counter) -> bool:
    return counter.vocabulary.basic_parts(block.subject) <= counter.wanted(subject_id)


def and_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _too_early(rule: AfterHours, modules: Sequence[ModuleHours], counter: _Counter, name: str) -> Finding | None:
    before = 0.0
    among = 0.0
    for module in modules:
        if counter.hours(module, rule.subject) > 0:
            short = before + _EPSILON < rule.hours
            including = rule.including
            short_among = including is not None and among + _EPSILON < including.hours
            if not (short or short_among):
                return None
            asked = f"only after the first {_hours(rule.hours)} h"
            if including is not None:
                asked += f", {_hours(including.hours)} h of {', '.join(including.subjects)} among them"
            return PROFILE_SUBJECT_TOO_EARLY.finding(
                f"{name} allows {counter.title(rule.subject)} {asked}; module '{module.id}' starts it after "
                f"{_hours(before)} h" + (f" ({_hours(among)} h of {', '.join(including.subjects)})"
                                         if including is not None else "")
                + "; move it later or give it a later term", module.path)
        before += module.total
        if rule.including is not None:
            among += sum(counter.hours(module, subject) for subject in rule.including.subjects)
    return None


def _after_hours_text(rule: AfterHours, counter: _Counter) -> str:
    text = f"{rule.subject} only after the first {_hours(rule.hours)} h"
    if rule.including is not None:
        text += f" ({_hours(rule.including.hours)} h of {', '.join(rule.including.subjects)} among them)"
    return text


def _pace(profile: RequirementProfile, pace: Pace, total: float,
          name: str) -> Iterator[tuple[RuleResult, Finding | None]]:
    rules = profile.pace
    weeks, weeks_at = pace.weeks, ("weeks",)
    if weeks is None and pace.hours_per_week:
        weeks, weeks_at = total / pace.hours_per_week, ("hours-per-week",)
    if rules.minimum_weeks is not None:
        text = f"at least {_hours(rules.minimum_weeks)} weeks"
        if weeks is None:
            yield RuleResult(text, False), _not_stated(name, text, "'weeks' (or 'hours-per-week')")
        elif weeks + _EPSILON < rules.minimum_weeks:
            yield RuleResult(text, False), PROFILE_TOO_FEW_WEEKS.finding(
                f"{name} asks for {text}; the curriculum lasts {_hours(weeks)} weeks; spread it over more weeks",
                weeks_at)
        else:
            yield RuleResult(text, True), None
    if rules.max_hours_per_day is not None:
        text = f"at most {_hours(rules.max_hours_per_day)} h a day"
        if pace.hours_per_day is None:
            yield RuleResult(text, False), _not_stated(name, text, "'hours-per-day'")
        elif pace.hours_per_day > rules.max_hours_per_day + _EPSILON:
            yield RuleResult(text, False), PROFILE_TOO_FAST.finding(
                f"{name} allows {text}; the curriculum teaches {_hours(pace.hours_per_day)} h a day; "
                "teach fewer hours a day", ("hours-per-day",))
        else:
            yield RuleResult(text, True), None
    if rules.max_hours_per_week is not None:
        text = f"at most {_hours(rules.max_hours_per_week)} h a week"
        per_week, at = pace.hours_per_week, ("hours-per-week",)
        if per_week is None and pace.weeks:
            # An average is the least the busiest week can hold: over the cap on average is over it.
            per_week, at = total / pace.weeks, ("weeks",)
        if per_week is None:
            yield RuleResult(text, False), _not_stated(name, text, "'hours-per-week' (or 'weeks')")
        elif per_week > rules.max_hours_per_week + _EPSILON:
            yield RuleResult(text, False), PROFILE_TOO_FAST.finding(
                f"{name} allows {text}; the curriculum teaches {_hours(per_week)} h a week"
                + (" on average" if at == ("weeks",) else "") + "; teach fewer hours a week", at)
        else:
            yield RuleResult(text, True), None


def _not_stated(name: str, rule: str, keys: str) -> Finding:
    return PROFILE_PACE_NOT_STATED.finding(
        f"{name} asks for {rule}, and the curriculum does not say; state {keys} at its top level", ())


def _out_of_date(profile: RequirementProfile, today: datetime.date, max_age_years: float,
                 name: str) -> Finding | None:
    as_of = profile.as_of_date
    if as_of is None:
        return PROFILE_OUT_OF_DATE.finding(
            f"{name}: the date of its text is not known, so its rules may have changed; "
            f"check {profile.source.citation} before relying on this report", ())
    age = (today - as_of).days / 365.25
    if age <= max_age_years:
        return None
    return PROFILE_OUT_OF_DATE.finding(
        f"{name}: its text is as of {profile.as_of}, over {_hours(max_age_years)} years ago, so its rules may "
        f"have changed; check {profile.source.citation} before relying on this report", ())


# -- a profile document's own check (validate, kind: requirements) ---------------------------------


def unknown_subjects(data: Mapping[str, Any], vocabulary: SubjectVocabulary) -> Iterator[Finding]:
    """PK708 for each subject id a profile document names that the vocabulary does not have."""
    groups = set(data.get("groups", {}))
    named: list[tuple[str, JsonPath]] = [(key, ("subjects", key)) for key in data.get("subjects", {})]
    named += [(key, ("required-subjects", index)) for index, key in enumerate(data.get("required-subjects", []))]
    for group_id, group in data.get("groups", {}).items():
        named += [(key, ("groups", group_id, "of", index)) for index, key in enumerate(group["of"])]
    for index, rule in enumerate(data.get("rules", {}).get("after-hours", [])):
        named.append((rule["subject"], ("rules", "after-hours", index, "subject")))
        named += [(key, ("rules", "after-hours", index, "including", "subjects", position))
                  for position, key in enumerate(rule.get("including", {}).get("subjects", []))]
    for key, path in named:
        if key in groups or key in vocabulary:
            continue
        hint = vocabulary.suggest(key)
        yield PROFILE_UNKNOWN_SUBJECT.finding(
            f"subject '{key}' is not in the subject vocabulary, so no curriculum can meet it"
            + (f"; did you mean '{hint}'?" if hint else "; see 'protocolkit subjects' for the ids"), path)


def _meets(have: float, need: float) -> bool:
    return have + _EPSILON >= need


def _hours(value: float) -> str:
    return f"{round(value, 1):.1f}".removesuffix(".0")


def _number(value: float) -> float | int:
    rounded = round(value, 2)
    return int(rounded) if float(rounded).is_integer() else rounded
