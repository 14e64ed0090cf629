"""The subject vocabulary: what a curriculum teaches, in ids every state's rules can be read in.

Every state writes its education minimums in its own subject names ("massage
technique/theory", "health service management", "HIV/AIDS"); a subject id is
the one name protocolkit uses, and aliases are the words people type for it
(``A&P``, ``internship``).  A subject is either basic (``anatomy``) or a
composite of basic ones (``anatomy-physiology`` is anatomy + physiology): a
composite's hours are the sum of its parts' hours, so a module taught as
"anatomy and physiology" counts toward a rule that asks for both together,
but not toward one that asks for anatomy alone.

Subjects are registered through ``protocolkit_register_subjects`` (the core's
list lives in ``protocolkit.builtin.subjects``); the catalog hands out a
`SubjectVocabulary` over whatever was registered.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping

from attrs import field, frozen

from protocolkit.model.protocol import strings

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def normalise(text: str) -> str:
    """The form a typed subject is compared in: lower case, '&' read as 'and', and any run of
    spaces, commas, underscores, slashes and hyphens as one hyphen: 'A&P' -> 'a-and-p', 'Laws and Rules' ->
    'laws-and-rules', 'HIV/AIDS' -> 'hiv-aids'."""
    words = re.split(r"[\s_/,\-]+", text.lower().replace("&", " and "))
    return "-".join(word for word in words if word)


def _subject_id(_instance: object, _attribute: object, value: str) -> None:
    if not _ID.match(value):
        raise ValueError(f"subject id {value!r} must be lower-case words joined by hyphens, such as massage-theory")


@frozen
class Subject:
    """A subject a curriculum teaches: a basic one, or a composite of ``parts`` (subject ids)."""

    id: str = field(validator=_subject_id)
    name: str
    description: str = ""
    aliases: tuple[str, ...] = field(converter=strings, default=())
    parts: tuple[str, ...] = field(converter=strings, default=())

    @property
    def is_composite(self) -> bool:
        return bool(self.parts)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "description": self.description, "aliases": list(self.aliases),
                "parts": list(self.parts)}


class SubjectVocabulary:
    """Look subjects up by id or alias, suggest the closest for a typo, and say what a
    composite is made of.  The first subject to claim a word keeps it."""

    def __init__(self, subjects: Iterable[Subject]) -> None:
        self._by_id = {subject.id: subject for subject in subjects}
        self._by_word: dict[str, Subject] = {}
        for subject in self._by_id.values():
            self._by_word.setdefault(subject.id, subject)
        for subject in self._by_id.values():
            for alias in subject.aliases:
                self._by_word.setdefault(normalise(alias), subject)

    def __iter__(self) -> Iterator[Subject]:
        return iter(self._by_id.values())

    def __contains__(self, subject_id: object) -> bool:
        return subject_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, subject_id: str) -> Subject:
        return self._by_id[subject_id]

    def resolve(self, word: str) -> Subject | None:
        """The subject a user meant by ``word`` (an id or an alias, any case), or None."""
        return self._by_word.get(normalise(word))

    def canonical(self, word: str) -> str:
        """The subject id for ``word``, or ``word`` unchanged when it names no subject."""
        subject = self.resolve(word)
        return subject.id if subject else word

    def suggest(self, word: str) -> str | None:
        """The id of the subject closest to a mistyped ``word``, or None when nothing is close."""
        # Stricter than difflib's 0.6: subject names share endings (-therapy, -ology) that make
        # unrelated words look close ('aromatherapy' and 'hydrotherapy').
        close = difflib.get_close_matches(normalise(word), list(self._by_word), n=1, cutoff=0.8)
        return self._by_word[close[0]].id if close else None

    def basic_parts(self, subject_id: str) -> frozenset[str]:
        """The basic subjects ``subject_id`` is made of (itself, for a basic subject);
        composites may be built of composites."""
        found: set[str] = set()
        pending, seen = [subject_id], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            subject = self._by_id.get(current)
            if subject is None or not subject.parts:
                found.add(current)
            else:
                pending.extend(subject.parts)
        return frozenset(found)

    def totals(self, hours: Mapping[str, float]) -> dict[str, float]:
        """Hours per subject id, composites included: a subject's total is the hours logged
        under it and under every subject made only of its parts (``anatomy-physiology-kinesiology``
        counts the hours logged as anatomy, physiology, kinesiology and anatomy-physiology).
        Hours logged under a composite do not reach its parts: how they split is not known.
        Words that name no subject keep their hours under the word."""
        logged: dict[str, float] = {}
        for word, value in hours.items():
            key = self.canonical(word)
            logged[key] = logged.get(key, 0.0) + value
        parts = {key: self.basic_parts(key) for key in logged}
        totals = {key: value for key, value in logged.items() if key not in self._by_id}
        for subject in self._by_id.values():
            wanted = self.basic_parts(subject.id)
            counted = [logged[key] for key in logged if key in self._by_id and parts[key] <= wanted]
            if counted:
                totals[subject.id] = sum(counted)
        return totals
