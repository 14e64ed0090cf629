"""The new-intake form read into an intake document: the client reference, condition rows, medications,
clearances and notes, each problem tied to the field it is about.

The page gives each row of a list a key that is never reused (``c0``, ``c1``,
``m0``, ``cl0``), and every field of a row is named and identified by it
(``c1-region``), so a message lands beside its field as ``c1-region-error``
whatever rows were added or removed.  Rows are numbered as the page shows
them: in the order posted.

Nothing typed is ever quoted back in a message (an intake is health data):
messages name the catalog's conditions and regions, the row's number and
what would be right.  Synonyms only help to find a condition (the page's
list is searched by them); a word that is not a condition's name or id gets
a did-you-mean, and a person picks the condition, as the catalog wants.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from attrs import frozen

from protocolkit.model.protocol import PRESSURE_WORDS
from protocolkit.model.regions import normalise
from protocolkit.plugin.catalog import Catalog

ROW = re.compile(r"\A(cl|c|m)(\d{1,4})-([a-z-]+)\Z")
LIST_OF = {"c": "conditions", "m": "medications", "cl": "clearance"}
CONDITION_FIELDS = ("condition", "region", "side", "since", "weeks", "widespread", "leg-symptoms", "platelets",
                    "approach", "notes")
ROW_FIELDS = {"c": CONDITION_FIELDS, "m": ("condition",), "cl": ("condition", "level")}
SIDES = {"": "Not said", "left": "Left", "right": "Right", "both": "Both sides"}
APPROACHES = {"": "Not said", "posterior": "Posterior", "anterior": "Anterior", "lateral": "Lateral",
              "unknown": "Unknown"}
LEG_SYMPTOMS = {"": "Not said (both legs are treated as having them)", "yes": "Yes", "no": "No"}
LEVELS = {"": "No level: the condition's own ceiling stays", "1": "1",
          **{str(level): f"{level} ({word})" for word, level in PRESSURE_WORDS.items()}}
OTHER = "other"
ROW_WORDS = {"c": "Condition", "m": "Medication", "cl": "Clearance"}
TOP_WORDS = {"client": "Client reference", "notes": "Notes", "name": "File name"}
FIELD_WORDS = {"condition": "condition", "region": "where", "side": "side", "since": "since when", "weeks":
               "weeks of pregnancy", "widespread": "widespread", "leg-symptoms": "symptoms down the leg",
               "platelets": "platelet count", "approach": "surgical approach", "notes": "notes", "level": "level"}
# The safe way out when the list has nothing that fits, for each list (by the first word of its rows).
WAY_OUT = {"condition": "If it is not in the list, choose \u201cA condition protocolkit does not know\u201d and say in "
                        "its notes what it is.",
           "medication": "A medication that is not in the list goes in the notes.",
           "clearance": "Name the condition as it is listed among the conditions."}


@frozen
class Filled:
    """The intake the form gives (None while a field is wrong), each field's message by field id, every
    field id posted (so that an old message is cleared), and the field each list item came from."""

    data: dict[str, Any] | None
    errors: dict[str, str]
    fields: tuple[str, ...]
    rows: dict[tuple[str, int], str]
    numbers: dict[str, int]  # each row's number as the page shows it (empty rows counted too)

    def where(self, field: str) -> str:
        """A field as the page labels it: "Condition 2", "Condition 2, where", "Client reference"."""
        match = ROW.match(field)
        if match is None or f"{match[1]}{match[2]}" not in self.numbers:
            return TOP_WORDS.get(field, field)
        what = f"{ROW_WORDS[match[1]]} {self.numbers[match[1] + match[2]]}"
        if match[3] == "condition" and match[1] != "cl":
            return what  # the row's main field: "Condition 2", "Medication 1"
        return f"{what}, {FIELD_WORDS.get(match[3], match[3])}"

    def field_at(self, path: tuple[str | int, ...]) -> str | None:
        """The field a finding's JSON path points into, or None when it is about the whole intake."""
        if len(path) == 1 and path[0] in ("client", "notes"):
            return str(path[0])
        if len(path) < 2 or not isinstance(path[0], str) or not isinstance(path[1], int):
            return None
        row = self.rows.get((path[0], path[1]))
        if row is None:
            return None
        key = {"id": "condition", "pressure": "level"}.get(str(path[2]), str(path[2])) if len(path) > 2 else ""
        field = f"{row}-{key}"
        return field if field in self.fields else f"{row}-condition"


def condition_choices(catalog: Catalog) -> list[tuple[str, str]]:
    """The page's list of conditions: (name, what else finds it: its id and the words people write for it)."""
    words: dict[str, list[str]] = {}
    for synonym in catalog.synonyms.values():
        if synonym.kind == "condition":
            for target in synonym.targets:
                words.setdefault(target, []).append(synonym.word.replace("-", " "))
    return sorted(((c.name, ", ".join([c.id, *sorted(words.get(c.id, []))])) for c in catalog.conditions.values()),
                  key=lambda choice: choice[0].casefold())


def region_choices(catalog: Catalog) -> list[tuple[str, str]]:
    """The page's list of regions: (name, its id and aliases)."""
    return sorted(((r.name, ", ".join([r.id, *r.aliases])) for r in catalog.regions), key=lambda c: c[0].casefold())


def read_form(form: Any, catalog: Catalog) -> Filled:
    """The intake document the posted form gives, or the messages that say what to change."""
    from protocolkit.studio.library import is_client_reference

    errors: dict[str, str] = {}
    fields = ["client", "notes", "name"]
    client = _value(form, "client")
    if not client:
        errors["client"] = "Give the client's reference, such as C-0042."
    elif not is_client_reference(client):
        errors["client"] = ("A client reference is letters, digits and . _ : - only, with no spaces, at most 64 "
                            "characters, such as C-0042: never the client's name.")
    data: dict[str, Any] = {"protocolkit": 1, "kind": "intake", "client": client}
    rows: dict[tuple[str, int], str] = {}
    numbers: dict[str, int] = {}
    counted: Counter[str] = Counter()
    lists: dict[str, list[Any]] = {"conditions": [], "medications": [], "clearance": []}
    for kind, key in _row_keys(form):
        row = f"{kind}{key}"
        values = {name: _value(form, f"{row}-{name}", keep_lines=name == "notes") for name in ROW_FIELDS[kind]}
        fields += [f"{row}-{name}" for name in ROW_FIELDS[kind]]
        counted[kind] += 1
        number = numbers[row] = counted[kind]
        if not any(values.values()):
            continue  # a row left empty is no entry
        entries = lists[LIST_OF[kind]]
        found = {"c": _condition, "m": _medication, "cl": _clearance}[kind](catalog, row, number, values, errors)
        rows[(LIST_OF[kind], len(entries))] = row
        entries.append(found)
    _no_repeats(lists, rows, errors)
    for name, entries in lists.items():
        if entries:
            data[name] = entries
    notes = _value(form, "notes", keep_lines=True)
    if notes:
        data["notes"] = notes
    return Filled(None if errors else data, errors, tuple(fields), rows, numbers)


def _row_keys(form: Any) -> list[tuple[str, int]]:
    """The rows posted, as (kind, key), in the order the page shows them."""
    seen: dict[tuple[str, int], None] = {}
    for name in form.keys():
        match = ROW.match(str(name))
        if match:
            seen.setdefault((match[1], int(match[2])), None)
    return list(seen)


def _value(form: Any, name: str, *, keep_lines: bool = False) -> str:
    value = str(form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.strip() if keep_lines else " ".join(value.split())


def _condition(catalog: Catalog, row: str, number: int, values: dict[str, str],
               errors: dict[str, str]) -> dict[str, Any]:
    said = f"condition {number}"
    condition = find_condition(catalog, values["condition"], f"{row}-condition", said, errors)
    entry: dict[str, Any] = {"id": condition or OTHER}
    if values["region"]:
        region = find_region(catalog, values["region"])
        if region is None:
            errors[f"{row}-region"] = _unknown_region(catalog, values["region"])
        entry["region"] = region or values["region"]
    if values["side"]:
        if values["side"] not in SIDES:
            errors[f"{row}-side"] = "Choose left, right, both sides or not said."
        elif not values["region"]:
            errors[f"{row}-side"] = "A side goes with a region: say where the condition is, or choose \u201cNot said\u201d."
        entry["side"] = values["side"]
    if values["since"]:
        entry["since"] = values["since"]
        if not _is_day(values["since"]):
            errors[f"{row}-since"] = "Give the date as the calendar offers it, such as 2026-11-30."
    if values["weeks"]:
        entry["weeks"] = _number(values["weeks"], 0, 45, f"{row}-weeks", errors,
                                 "Give the weeks of pregnancy as a whole number from 0 to 45.")
        known = catalog.conditions.get(condition) if condition else None
        if known is not None and known.family_id != "pregnancy" and f"{row}-weeks" not in errors:
            errors[f"{row}-weeks"] = (f"Weeks of pregnancy go with a pregnancy; {known.name} takes none. Leave this "
                                      "empty, or add the pregnancy as a condition of its own.")
    if values["widespread"]:
        entry["widespread"] = True
    if values["leg-symptoms"]:
        if values["leg-symptoms"] not in LEG_SYMPTOMS:
            errors[f"{row}-leg-symptoms"] = "Choose yes, no or not said."
        entry["leg-symptoms"] = values["leg-symptoms"] == "yes"
    if values["platelets"]:
        count = re.sub(r"[\s,._']", "", values["platelets"])
        entry["platelets"] = _number(count, 0, 10_000_000, f"{row}-platelets", errors,
                                     "Give the platelet count per microlitre as a whole number, such as 60000.")
    if values["approach"]:
        if values["approach"] not in APPROACHES:
            errors[f"{row}-approach"] = "Choose posterior, anterior, lateral, unknown or not said."
        entry["approach"] = values["approach"]
    if values["notes"]:
        entry["notes"] = values["notes"]
    elif condition == OTHER:
        errors[f"{row}-notes"] = ("Say in the notes what the condition is: the studio does not know it, and the "
                                  "notes are how the next therapist will.")
    return entry


def _medication(catalog: Catalog, row: str, number: int, values: dict[str, str], errors: dict[str, str]) -> str:
    return find_condition(catalog, values["condition"], f"{row}-condition", f"medication {number}", errors) or OTHER


def _clearance(catalog: Catalog, row: str, number: int, values: dict[str, str],
               errors: dict[str, str]) -> str | dict[str, Any]:
    condition = find_condition(catalog, values["condition"], f"{row}-condition", f"clearance {number}",
                               errors) or OTHER
    if not values["level"]:
        return condition
    if values["level"] not in LEVELS:
        errors[f"{row}-level"] = "Choose a level from 1 to 5, or no level."
        return condition
    return {"id": condition, "pressure": int(values["level"])}


def _no_repeats(lists: dict[str, list[Any]], rows: dict[tuple[str, int], str], errors: dict[str, str]) -> None:
    """A medication or a clearance listed twice is said at the second one (the schema allows each once)."""
    for name in ("medications", "clearance"):
        seen: set[str] = set()
        for index, item in enumerate(lists[name]):
            condition = item["id"] if isinstance(item, dict) else item
            if condition in seen and condition != OTHER:
                errors.setdefault(f"{rows[(name, index)]}-condition",
                                  f"This is listed already under {name}: keep one of the two.")
            seen.add(condition)


def find_condition(catalog: Catalog, typed: str, field: str, said: str, errors: dict[str, str]) -> str | None:
    """The id of the condition ``typed`` names by its name or id; None with a message at ``field`` otherwise.
    ``said`` is the row as the page numbers it: "condition 2", "medication 1"."""
    what = said.split()[0]
    if not typed:
        errors[field] = f"Choose the {'condition' if what == 'clearance' else what} from the list, or remove {said}."
        return None
    key = normalise(typed)
    for condition in catalog.conditions.values():
        if key in (condition.id, normalise(condition.name)):
            return condition.id
    errors[field] = _did_you_mean(catalog, typed, WAY_OUT[what])
    return None


def _did_you_mean(catalog: Catalog, typed: str, way_out: str) -> str:
    """What a word may mean, with the stricter members of that family beside it, never the word itself."""
    from protocolkit.check.hints import condition_candidates

    found = condition_candidates(typed, catalog)
    if not found:
        return f"The studio does not know this by these words: choose from the list. {way_out}"
    named = {condition.id for condition in found}
    mildest = min(condition.strictness for condition in found)
    stricter = sorted((c for c in catalog.conditions.values()
                       if c.family_id in {f.family_id for f in found} and c.id not in named
                       and c.strictness > mildest), key=lambda c: (-c.strictness, c.id))
    also = (f" Check it is not a stricter one of the same family: {_either(c.name for c in stricter)}."
            if stricter else "")
    return (f"Did you mean {_either(c.name for c in found)}? Choose it from the list, so that you, not the "
            f"studio, decide what the client has.{also} {way_out}")


def find_region(catalog: Catalog, typed: str) -> str | None:
    """The id of the region ``typed`` names by its name, id or alias."""
    region = catalog.regions.resolve(typed)
    if region is not None:
        return region.id
    key = normalise(typed)
    return next((r.id for r in catalog.regions if normalise(r.name) == key), None)


def _unknown_region(catalog: Catalog, typed: str) -> str:
    from protocolkit.check.hints import suggest_region

    hint = suggest_region(typed, catalog)
    return ("The studio does not know a region by these words" + (f": did you mean {hint}?" if hint else ".")
            + " Choose one from the list.")


def _either(names: Any) -> str:
    quoted = [f"\u201c{name}\u201d" for name in names]
    return " or ".join(quoted) if len(quoted) < 3 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _number(text: str, low: int, high: int, field: str, errors: dict[str, str], message: str) -> int | str:
    if re.fullmatch(r"\d{1,9}", text) and low <= int(text) <= high:
        return int(text)
    errors[field] = message
    return text


def _is_day(text: str) -> bool:
    try:
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None and date.fromisoformat(text) is not None
    except ValueError:
        return False
