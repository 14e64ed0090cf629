"""The compose form's regions, sides and focus, in the terms ``ComposeRequest`` takes.

Regions are typed as ``protocolkit compose`` takes them: ids or aliases,
separated by commas, each optionally with a side after a colon
(``hamstrings:right``).  Below them the page shows one row per region it
recognises, with a labelled choice of side, and a choice of the region that
gets most of the time; those come back as ``sides`` values
(``posterior-thigh:left``) and a ``focus`` region id.  What the request gets
is each region's id with ``:left`` or ``:right`` (nothing for both sides).

Every problem is said at the field it belongs to (``regions``, ``focus``,
``side-<region>``), so the page can show it beside that field and keep
everything as it was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from attrs import frozen

# The side words ComposeRequest takes after a region, and how the form says them.
SIDE_WORDS: dict[str, str] = {"both": "both sides", "left": "left side only", "right": "right side only"}


@frozen
class Row:
    """One region the form recognised: its id and name, what was typed for it, and its side."""

    id: str
    name: str
    typed: str
    side: str

    def options(self) -> list[tuple[str, str, bool]]:
        """The side choice's options as (value, words, chosen); a side that is none of them is kept, as sent."""
        options = [(f"{self.id}:{side}", words, side == self.side) for side, words in SIDE_WORDS.items()]
        if self.side not in SIDE_WORDS:
            options.append((f"{self.id}:{self.side}", f"{self.side} (not a side)", True))
        return options


@frozen
class Choices:
    """The regions as the form shows them, the focus as chosen, and what is wrong, by field id."""

    rows: tuple[Row, ...]
    focus: str
    errors: dict[str, str]

    def regions(self) -> list[str]:
        """The regions as ComposeRequest takes them: ids, with a side suffix unless both sides."""
        return [row.id if row.side == "both" else f"{row.id}:{row.side}" for row in self.rows]


def split_side(entry: str) -> tuple[str, str | None]:
    """'hamstrings : Right' -> ('hamstrings', 'right'); a region without a colon has no side (None)."""
    word, colon, side = entry.rpartition(":")
    if not colon:
        return entry.strip(), None
    return word.strip(), side.strip().lower()


def side_problem(entry: str, side: str) -> str:
    return (f"'{entry.strip()}': '{side}' is not a side; after the colon write left, right or both "
            "(or leave the colon out for both sides)")


def unknown_region(catalog: Any, word: str) -> str:
    hint = catalog.regions.suggest(word)
    return f"unknown region '{word}'" + (f"; did you mean '{hint}'?" if hint else "")


def typed_regions(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def choices(catalog: Any, text: str, sides: Iterable[str], focus: str, *, composing: bool) -> Choices:
    """The form's regions, sides and focus as posted.

    While the therapist is still typing (``composing`` False) a side typed in
    the Regions box sets that region's choice, and a focus no longer among the
    regions is dropped; when composing, a typed side that disagrees with the
    choice below it, or a focus outside the regions, is an error to fix rather
    than a guess."""
    errors: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for value in sides:
        region, side = split_side(str(value))
        if side is not None:
            chosen[catalog.regions.canonical(region)] = side
    named: dict[str, tuple[str, str]] = {}  # region id -> (its name, the word typed for it)
    typed_sides: dict[str, str] = {}
    problems: list[str] = []
    for entry in typed_regions(text):
        word, typed_side = split_side(entry)
        region = catalog.regions.resolve(word)
        if region is None:
            problems.append(_sentence(unknown_region(catalog, word)))
            continue
        named.setdefault(region.id, (region.name, word))
        if typed_side is None:
            continue
        if typed_side not in SIDE_WORDS:
            problems.append(_sentence(side_problem(entry, typed_side)))
        elif typed_sides.setdefault(region.id, typed_side) != typed_side:
            problems.append(f"{region.name} is named twice with different sides; name it once and choose its "
                            "side below.")
    if problems:
        errors["regions"] = " ".join(problems)
    rows: dict[str, Row] = {}
    for region_id, (name, word) in named.items():
        typed, posted = typed_sides.get(region_id), chosen.get(region_id)
        # What was typed last wins while typing; when composing, the choice on screen does, if it agrees.
        side = (posted or typed or "both") if composing else (typed or posted or "both")
        field = f"side-{region_id}"
        if side not in SIDE_WORDS:
            errors[field] = f"'{side}' is not a side: choose both sides, left side only or right side only."
        elif composing and typed and posted and typed != posted:
            errors[field] = (f"The Regions box says {SIDE_WORDS[typed]} for {name.lower()}, and this says "
                             f"{SIDE_WORDS[posted]}: change one so that they agree.")
        rows[region_id] = Row(region_id, name, word, side)
    focus = focus.strip()
    if focus:
        region = catalog.regions.resolve(focus)
        if region is None:
            errors["focus"] = _sentence(unknown_region(catalog, focus))
        elif region.id in rows:
            focus = region.id
        elif composing:
            errors["focus"] = (f"{region.name} is not among the regions named above: name it there too, "
                               "or give most of the time to one of them.")
        else:
            focus = ""
    return Choices(tuple(rows.values()), focus, errors)


def _sentence(said: str) -> str:
    return said[:1].upper() + said[1:] + ("" if said.endswith(("?", ".")) else ".")


def of_form(catalog: Any, form: Any, *, composing: bool) -> Choices:
    """The choices a posted compose form makes."""
    return choices(catalog, str(form.get("regions") or ""), [str(v) for v in form.getlist("sides")],
                   str(form.get("focus") or ""), composing=composing)


def seated_of(form: Any) -> bool:
    """The chair-work box: a browser sends it only when it is ticked."""
    return str(form.get("seated") or "").strip().lower() not in ("", "no", "off", "false")
