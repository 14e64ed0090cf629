"""Where a finding is, in words: ``steps[1].pressure`` reads "Step 2, pressure".

A finding knows its place as a path into the document (``Finding.path``):
keys and list indexes, counted from 0 as the file's data counts them.  People
count from 1, and the printed session sheet numbers its steps so, as a plan's
phases are numbered "Phase 1": the words here number every list item the same
way, name each item by what it is (a step, a condition, a module), and write
keys as words ("contact hours" for ``contact-hours``).  The text, JSON and SARIF
reports keep the path as it is; this is for the faces that speak to people.
"""

from __future__ import annotations

from collections.abc import Iterable

# A list's key -> what one of its items is called.  A list not named here reads "<key>, item N".
ITEM_NAMES = {
    "steps": "step", "conditions": "condition", "medications": "medication", "clearance": "clearance",
    "modules": "module", "topics": "topic", "protocols": "protocol", "modalities": "modality",
    "subjects": "subject", "protocol-folders": "protocol folder", "phases": "phase", "goals": "goal",
    "techniques": "technique", "contraindications": "contraindication", "rules": "rule", "intents": "intent",
    "regions": "region", "indications": "indication", "pairings": "pairing", "objectives": "objective",
    "competencies": "competency", "texts": "text", "sources": "source", "requests": "request",
    "required-subjects": "required subject", "after-hours": "after-hours rule", "self-care": "self-care item",
    "of": "subject",
}

# Mappings from an id to its value (a requirement's subjects and their hours): the key after them is data, a name.
NAMED = {"subjects": "subject", "modalities": "modality", "groups": "group"}

# Keys whose words are not simply the key with spaces for hyphens.
KEY_WORDS = {
    "protocolkit": "format version", "client": "client reference", "expect": "expected result",
    "warm-up": "warm-up", "as-of": "as-of date", "as-of-note": "as-of note", "every": "how often", "id": "ID",
}

WHOLE_DOCUMENT = "The whole document"


def key_words(key: str) -> str:
    """A document's key as words: ``contact-hours`` -> "contact hours", ``client`` -> "client reference"."""
    return KEY_WORDS.get(key, key.replace("-", " "))


def location_words(path: Iterable[str | int]) -> str:
    """Where ``path`` points in a document, in words, with every list item counted from 1.

    ``("steps", 1, "pressure")`` -> "Step 2, pressure"; ``("steps", 3)`` -> "Step 4";
    ``("duration",)`` -> "Duration"; ``("conditions", 0)`` -> "Condition 1";
    ``("modules", 0, "topics", 1, "hours")`` -> "Module 1, topic 2, hours";
    ``("requirements", "subjects", "pathology")`` -> "Requirements, subject 'pathology'";
    ``()`` -> "The whole document".
    """
    parts = list(path)
    words: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, int):  # an index with no key before it: the document itself is a list
            words.append(f"item {part + 1}")
        elif isinstance(following, int):
            words.append(f"{ITEM_NAMES[part]} {following + 1}" if part in ITEM_NAMES
                         else f"{key_words(part)}, item {following + 1}")
            index += 1
        elif following is not None and part in NAMED:
            words.append(f"{NAMED[part]} '{following}'")
            index += 1
        else:
            words.append(key_words(part))
        index += 1
    if not words:
        return WHOLE_DOCUMENT
    text = ", ".join(words)
    return text[:1].upper() + text[1:]
