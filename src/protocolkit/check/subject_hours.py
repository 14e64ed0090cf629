"""A curriculum's hours by subject, module by module in teaching order.

A module names one ``subject`` (all its contact hours go there) or splits its
contact hours over several (``subjects: {anatomy: 30, physiology: 20}``); its
``clinic-hours`` always count as ``clinical-practice``, since that is what
supervised work on the public is in every state's rules.  Subjects are read
through the catalog's vocabulary, so an alias (``A&P``, ``internship``) counts
under its subject's id; a word that names no subject keeps its hours under the
word and is reported (PK507), as is a split that does not add up (PK506).

Modules are taught in list order, or by ``term`` when the curriculum gives
terms: a module without one is taught in the term of the module before it.
Requirement profiles read this order for their sequencing rules.

A module that logs its hours under a subject standing for several (a
composite such as ``anatomy-physiology``, or a subject its title widens: a
module titled "Anatomy, physiology and kinesiology", which the vocabulary
reads as anatomy-physiology-kinesiology) teaches them as one block
(``blocks``): its hours count toward a rule asking for the block's subjects
together, never toward one asking for a part alone.  ``example_split`` says
how such a block could be split with ``subjects:`` to give a profile's asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from attrs import evolve, field, frozen

from protocolkit.model.codes import SUBJECT_HOURS_DO_NOT_ADD_UP, UNKNOWN_SUBJECT
from protocolkit.model.findings import Finding, JsonPath
from protocolkit.model.subjects import SubjectVocabulary
from protocolkit.plugin.catalog import Catalog

CLINIC_SUBJECT = "clinical-practice"
# Hours are compared to the nearest minute: 0.1 + 0.2 is 0.3 here.
_EPSILON = 1 / 120


@frozen
class ModuleHours:
    """One module's hours by canonical subject id, and where the module is (for findings)."""

    index: int  # the module's place in the document's list
    id: str
    term: int | None
    hours: dict[str, float]
    path: JsonPath
    # What the module says of itself beyond its hours, for advice; two modules with the same hours
    # in the same place count the same, so these do not take part in equality.
    title: str = field(default="", eq=False)
    clinic: float = field(default=0.0, eq=False)  # the clinic hours among ``hours``' clinical-practice
    titled: str | None = field(default=None, eq=False)  # the subject its title names in the vocabulary, if any

    @property
    def total(self) -> float:
        return sum(self.hours.values())

    @property
    def name(self) -> str:
        return self.title or self.id

    def contact(self) -> dict[str, float]:
        """The contact hours by subject: ``hours`` without the clinic hours."""
        contact = dict(self.hours)
        if self.clinic:
            contact[CLINIC_SUBJECT] = contact.get(CLINIC_SUBJECT, 0.0) - self.clinic
        return {key: value for key, value in contact.items() if value > _EPSILON}


@frozen
class Block:
    """A module's hours logged under one subject that stands for several, and the basic subjects
    they are taught as (the vocabulary's order)."""

    module: ModuleHours
    subject: str
    hours: float
    parts: tuple[str, ...]


@frozen
class Split:
    """An example split of a block: hours per part (parts given none left out), and how many hours
    the asks wanted beyond what the block has."""

    hours: dict[str, float]
    asked: float
    short: float


def _curriculum_data(curriculum: object) -> Mapping[str, Any]:
    """The document data of a curriculum given as data, a `Document` or a `CurriculumReport`."""
    data = curriculum if isinstance(curriculum, Mapping) else getattr(curriculum, "data", None)
    if not isinstance(data, Mapping):
        raise TypeError(f"not a curriculum: {type(curriculum).__name__}")
    return data


def module_subject_hours(curriculum: object, catalog: Catalog | SubjectVocabulary) -> list[ModuleHours]:
    """Every module's hours by subject, in teaching order (list order, or by ``term`` when given).

    ``curriculum`` is a curriculum's data (schema-valid), its `Document` or its `CurriculumReport`."""
    vocabulary = _vocabulary(catalog)
    modules = []
    for index, module in enumerate(_curriculum_data(curriculum)["modules"]):
        hours: dict[str, float] = {}
        for word, value in _taught(module):
            key = vocabulary.canonical(word)
            hours[key] = hours.get(key, 0.0) + value
        clinic = float(module.get("clinic-hours", 0))
        if clinic:
            hours[CLINIC_SUBJECT] = hours.get(CLINIC_SUBJECT, 0.0) + clinic
        titled = vocabulary.resolve(module.get("title", "")) if "subject" in module else None
        modules.append(ModuleHours(index, module["id"], module.get("term"), hours, ("modules", index),
                                   module.get("title", ""), clinic, titled.id if titled else None))
    return _teaching_order(modules)


def blocks(module: ModuleHours, vocabulary: SubjectVocabulary) -> list[Block]:
    """The module's blocks: each subject it logs contact hours under that stands for several basic ones.

    A module with one subject whose title names a wider one (logged as anatomy-physiology, titled
    "Anatomy, physiology and kinesiology") teaches the title's subjects: the title is what the
    school says it teaches, read by the vocabulary rather than guessed from its words."""
    contact = module.contact()
    found = []
    for key, value in contact.items():
        parts = ordered_parts(key, vocabulary)
        if len(contact) == 1 and module.titled is not None:
            wider = ordered_parts(module.titled, vocabulary)
            parts = wider if set(parts) < set(wider) else parts
        if len(parts) > 1:
            found.append(Block(module, key, value, parts))
    return found


def ordered_parts(subject_id: str, vocabulary: SubjectVocabulary) -> tuple[str, ...]:
    """The basic subjects of ``subject_id`` in the order its composite lists them (itself, when basic)."""
    if subject_id not in vocabulary or not vocabulary.get(subject_id).parts:
        return (subject_id,)
    found = (basic for part in vocabulary.get(subject_id).parts for basic in ordered_parts(part, vocabulary))
    return tuple(dict.fromkeys(found))


def example_split(block: Block, asks: Iterable[tuple[tuple[str, ...], float | None]]) -> Split:
    """Hours for each of the block's parts that give ``asks`` (parts of the block, and the hours still
    wanted of them together, None for "taught") when the block has hours enough.

    Narrow asks are served first, so a composite's ask counts what its parts already got; hours the
    asks leave over go to parts nothing asked hours of (a subject the title says is taught is
    taught), else to every part.  When the asks want more than the block has, the parts are filled
    in order and ``short`` says by how much."""
    demand = dict.fromkeys(block.parts, 0.0)
    taught: list[str] = []
    asks = sorted(asks, key=lambda ask: len(ask[0]))
    for parts, need in asks:
        if need is None:
            continue
        wanted = need - sum(demand[part] for part in parts)
        # What a composite still wants goes to its parts nothing narrower asked for, if it has any.
        targets = [part for part in parts if not demand[part]] or list(parts)
        for part, share in zip(targets, _spread(max(wanted, 0.0), len(targets)), strict=True):
            demand[part] += share
    for parts, need in asks:
        if need is None and not any(demand[part] for part in parts):
            taught.append(parts[0])
    asked = sum(demand.values())
    if asked > block.hours + _EPSILON:
        left, hours = block.hours, {}
        for part, value in demand.items():
            hours[part] = min(value, left)
            left -= hours[part]
        return Split({key: value for key, value in hours.items() if value > _EPSILON}, asked, asked - block.hours)
    idle = [part for part in block.parts if not demand[part]]
    receivers = [part for part in idle if part in taught] or idle or list(block.parts)
    for part, share in zip(receivers, _spread(block.hours - asked, len(receivers)), strict=True):
        demand[part] += share
    return Split({key: value for key, value in demand.items() if value > _EPSILON}, asked, 0.0)


def _spread(total: float, count: int) -> list[float]:
    """``total`` over ``count`` shares in whole hours as far as they go, the odd hours and any fraction
    to the first shares, so the shares add up to ``total`` exactly."""
    whole = int(total)
    shares = [float(whole // count + (1 if index < whole % count else 0)) for index in range(count)]
    shares[0] += total - whole
    return shares


def subject_totals(modules: Iterable[ModuleHours], catalog: Catalog | SubjectVocabulary) -> dict[str, float]:
    """Hours per subject over ``modules``, composites included (a composite's total is the sum of
    its parts'); hours logged under a composite count toward it and every composite holding it,
    never toward its parts alone."""
    logged: dict[str, float] = {}
    for module in modules:
        for subject_id, value in module.hours.items():
            logged[subject_id] = logged.get(subject_id, 0.0) + value
    return _vocabulary(catalog).totals(logged)


def subject_findings(curriculum: object, catalog: Catalog | SubjectVocabulary) -> Iterator[Finding]:
    """PK507 for each subject word the vocabulary does not know (with the closest id), PK506 for a
    module whose split does not add up to its contact hours."""
    vocabulary = _vocabulary(catalog)
    data = _curriculum_data(curriculum)
    for index, module in enumerate(data["modules"]):
        where: JsonPath = ("modules", index)
        if "subjects" in module:
            for word in module["subjects"]:
                yield from _unknown(vocabulary, word, f"module '{module['id']}' teaches",
                                   (*where, "subjects", word), at_key=True)
            split = sum(module["subjects"].values())
            if abs(split - module["contact-hours"]) > _EPSILON:
                yield SUBJECT_HOURS_DO_NOT_ADD_UP.finding(
                    f"the subjects of module '{module['id']}' add up to {_hours(split)} h, not its "
                    f"{_hours(module['contact-hours'])} contact hours (clinic hours count as {CLINIC_SUBJECT} on "
                    "their own); correct the subjects' hours or the contact hours", (*where, "subjects"))
        elif "subject" in module:
            yield from _unknown(vocabulary, module["subject"], f"module '{module['id']}' teaches",
                                (*where, "subject"))
    for word in data.get("requirements", {}).get("subjects", {}):
        yield from _unknown(vocabulary, word, "the requirements name", ("requirements", "subjects", word),
                            at_key=True)


def _unknown(vocabulary: SubjectVocabulary, word: str, who: str, path: JsonPath,
             at_key: bool = False) -> Iterator[Finding]:
    """PK507 for a word the vocabulary does not know; ``at_key`` when the word is a mapping's key."""
    if vocabulary.resolve(word) is not None:
        return
    hint = vocabulary.suggest(word)
    finding = UNKNOWN_SUBJECT.finding(
        f"{who} subject '{word}', which is not in the subject vocabulary, so no requirement profile counts its "
        "hours" + (f"; did you mean '{hint}'?" if hint else "; see 'protocolkit subjects' for the ids"), path)
    yield evolve(finding, at_key=at_key)


def _taught(module: Mapping[str, Any]) -> list[tuple[str, float]]:
    if "subjects" in module:
        return [(word, float(value)) for word, value in module["subjects"].items()]
    return [(module["subject"], float(module["contact-hours"]))]


def _teaching_order(modules: list[ModuleHours]) -> list[ModuleHours]:
    if all(module.term is None for module in modules):
        return modules
    # A module without a term belongs to the term of the module before it; sorted() is stable.
    terms, current = [], 0
    for module in modules:
        current = module.term if module.term is not None else current
        terms.append(current)
    return [module for _, module in sorted(zip(terms, modules, strict=True), key=lambda pair: pair[0])]


def _vocabulary(catalog: Catalog | SubjectVocabulary) -> SubjectVocabulary:
    return catalog if isinstance(catalog, SubjectVocabulary) else catalog.subject_vocabulary()


def _hours(value: float) -> str:
    return f"{round(value, 1):.1f}".removesuffix(".0")
