"""The protocol form's fields: what each shows of the document's text, and how a posted form edits it.

Every field shows the value the text holds, in the form's words (a duration
as minutes and seconds, a pressure as its level), and a posted field that
still shows that value is left alone: only what the user changed is written,
so ``side: both`` stays written or unwritten as it was, ``pressure: deep``
stays a word and ``hamstrings`` an alias until someone changes them.  A value
the form cannot show as one of its choices (a pressure of 7, a technique the
modality does not offer) is one more choice, the file's own, so it survives
until the user picks another.

Field names: ``title``, ``description`` (the protocol's notes),
``duration-minutes``/``duration-seconds``, ``intent``, ``goals``,
``position``, and for each step ``steps-N-FIELD`` (N counted from 0 as the
document counts; the page numbers steps from 1, as the sheet does).
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from protocolkit.load.roundtrip import Edit
from protocolkit.model.protocol import ACTIVITIES, POSITION_WORDS, POSITIONS, Duration, Pressure
from protocolkit.plugin.catalog import Catalog

HEAD_ORDER = ("protocolkit", "kind", "id", "title", "description", "duration", "intent", "goals", "position", "steps")
STEP_ORDER = ("activity", "modality", "technique", "region", "side", "position", "duration", "pressure", "lubricant",
              "notes")
STEP_FIELDS = ("kind", "technique", "region", "side", "position", "pressure", "minutes", "seconds", "notes")
HANDS_ON_KEYS = ("modality", "technique", "region", "side", "pressure", "lubricant")
PRESSURE_NAMES = {1: "light lotioning", 2: "light", 3: "moderate", 4: "deep", 5: "maximal"}
SIDE_NAMES = {"both": "both sides", "left": "left side", "right": "right side"}
ACTIVITY_NAMES = {"assessment": "Assessment", "transition": "Transition (the client turns or moves)",
                  "education": "Education (self-care, advice)", "rest": "Rest"}


@frozen
class Option:
    value: str
    label: str


def words(seconds: int) -> str:
    """'7 min 30 s', '45 min', '90 s' is '1 min 30 s': how the form says a duration (never '7:30')."""
    minutes, rest = divmod(seconds, 60)
    return " ".join(part for part in (f"{minutes} min" if minutes else "", f"{rest} s" if rest else "") if part) \
        or "0 s"


def text_of(value: Any) -> str:
    return "" if value is None else str(value)


def duration_view(value: Any) -> tuple[str, str]:
    """(minutes, seconds) the fields show; both empty when the text holds no duration the form can show."""
    try:
        seconds = Duration.parse(value).seconds if isinstance(value, str) else None
    except ValueError:
        seconds = None
    return ("", "") if seconds is None else (str(seconds // 60), str(seconds % 60))


def pressure_view(value: Any) -> str:
    try:
        return str(Pressure.parse(value).level) if value is not None else ""
    except ValueError:
        return str(value)


def step_values(step: Any) -> dict[str, str]:
    """What each field of a step's row shows of the text."""
    data = step if isinstance(step, dict) else {}
    kind = f"activity:{data['activity']}" if "activity" in data else \
        f"modality:{data['modality']}" if "modality" in data else ""
    minutes, seconds = duration_view(data.get("duration"))
    return {"kind": kind, "technique": text_of(data.get("technique")), "region": text_of(data.get("region")),
            "side": text_of(data.get("side")) or "both", "position": text_of(data.get("position")),
            "pressure": pressure_view(data.get("pressure")), "minutes": minutes, "seconds": seconds,
            "notes": text_of(data.get("notes"))}


def head_values(data: dict[str, Any]) -> dict[str, Any]:
    minutes, seconds = duration_view(data.get("duration"))
    goals = data.get("goals")
    return {"title": text_of(data.get("title")), "description": text_of(data.get("description")),
            "duration-minutes": minutes, "duration-seconds": seconds, "intent": text_of(data.get("intent")),
            "position": text_of(data.get("position")),
            "goals": [str(goal) for goal in goals] if isinstance(goals, list) else []}


# -- choices ----------------------------------------------------------------------------------------

def _with_current(options: list[Option], current: str, why: str) -> list[Option]:
    """The options, and the text's own value when it is none of them (kept until the user picks another)."""
    if current and all(option.value != current for option in options):
        options.append(Option(current, f"{current} ({why})"))
    return options


def kind_options(catalog: Catalog, current: str) -> list[Option]:
    options = [Option(f"activity:{a}", ACTIVITY_NAMES[a]) for a in ACTIVITIES]
    options += [Option(f"modality:{m.id}", m.name) for m in sorted(catalog.modalities.values(), key=lambda m: m.name)]
    return _with_current(options, current, "not an installed modality")


def technique_options(catalog: Catalog, modality_id: str, current: str) -> list[Option]:
    options = [Option("", "(choose a technique)")]
    modality = catalog.modalities.get(modality_id)
    if modality is not None:
        for use in modality.techniques:
            technique = catalog.techniques.get(use.technique)
            name = technique.name if technique else use.technique
            options.append(Option(use.technique, f"{name} (pressure {catalog.pressure_range(modality, use.technique)})"
                                  if technique else name))
    return _with_current(options, current, "not a technique of this modality")


def pressure_options(current: str) -> list[Option]:
    options = [Option("", "(choose a pressure)")] + [Option(str(n), f"{n} {w}") for n, w in PRESSURE_NAMES.items()]
    return _with_current(options, current, "not on the Walton scale of 1 to 5")


def side_options(current: str) -> list[Option]:
    return _with_current([Option(side, words) for side, words in SIDE_NAMES.items()], current, "not a side")


def position_options(current: str, unsaid: str) -> list[Option]:
    options = [Option("", unsaid)] + [Option(p, f"{p} ({POSITION_WORDS[p]})") for p in POSITIONS]
    return _with_current(options, current, "not a position")


def intent_options(catalog: Catalog, current: str) -> list[Option]:
    intents = sorted({intent for modality in catalog.modalities.values() for intent in modality.intents})
    options = [Option("", "(none)")] + [Option(i, i.replace("-", " ")) for i in intents]
    return _with_current(options, current, "no installed modality offers it")


def goal_options(catalog: Catalog, current: list[str]) -> list[Option]:
    """The catalog's goals and every modality's indications, by name; a goal the text names besides, kept."""
    names = {goal: goal.replace("-", " ") for m in catalog.modalities.values() for goal in m.indications}
    names.update({goal.id: goal.name.lower() for goal in catalog.goals.values()})
    options = [Option(goal, name) for goal, name in sorted(names.items(), key=lambda item: item[1])]
    for goal in current:
        if goal not in names:
            options.append(Option(goal, f"{goal} (not in the catalog)"))
    return options


# -- applying a posted form -------------------------------------------------------------------------

def apply(edit: Edit, form: Any, catalog: Catalog) -> tuple[dict[str, str], bool]:
    """Write what the user changed into ``edit``: (problems by field, whether a row changed its fields).

    A problem is a value the form cannot write (minutes that are not a number); the text keeps what it
    had there and the field says why."""
    problems: dict[str, str] = {}
    data = edit.root
    head = head_values(data)
    for name in ("title", "description", "intent", "position"):
        posted = form.get(name)
        if posted is not None and str(posted) != head[name]:
            _write_text(edit, (name,), str(posted), HEAD_ORDER)
    _write_duration(edit, ("duration",), form, "duration", (head["duration-minutes"], head["duration-seconds"]),
                    problems, "duration")
    if form.get("goals-shown") is not None:
        chosen = [str(goal) for goal in form.getlist("goals")]
        if set(chosen) != set(head["goals"]):
            kept = [goal for goal in head["goals"] if goal in chosen]
            goals = kept + [goal for goal in chosen if goal not in kept]
            if goals:
                edit.set(("goals",), goals, order=HEAD_ORDER)
            else:
                edit.remove(("goals",))
    steps = data.get("steps")
    if not isinstance(steps, list) or str(form.get("steps-count")) != str(len(steps)):
        return problems, False  # a form of another shape than the text: nothing of it is applied
    restructured = False
    for index, step in enumerate(steps):
        restructured |= _apply_step(edit, index, step, form, catalog, problems)
    return problems, restructured


def _apply_step(edit: Edit, index: int, step: Any, form: Any, catalog: Catalog, problems: dict[str, str]) -> bool:
    if not isinstance(step, dict):
        return False
    shown = step_values(step)
    name = f"steps-{index}-"
    path: tuple[str | int, ...] = ("steps", index)
    kind = form.get(name + "kind")
    restructured = False
    if kind is not None and str(kind) != shown["kind"] and ":" in str(kind):
        what, _, value = str(kind).partition(":")
        if what == "activity":
            edit.set((*path, "activity"), value, order=STEP_ORDER)
            for key in HANDS_ON_KEYS:
                edit.remove((*path, key))
        else:
            edit.set((*path, "modality"), value, order=STEP_ORDER)
            edit.remove((*path, "activity"))
        restructured = True
    for field in ("technique", "position", "notes"):
        posted = form.get(name + field)
        if posted is not None and str(posted) != shown[field]:
            _write_text(edit, (*path, field), str(posted), STEP_ORDER)
    region = form.get(name + "region")
    if region is not None and str(region) != shown["region"]:
        found = catalog.regions.resolve(str(region).strip()) if str(region).strip() else None
        _write_text(edit, (*path, "region"), found.id if found else str(region), STEP_ORDER)
    side = form.get(name + "side")
    if side is not None and str(side) != shown["side"]:
        edit.set((*path, "side"), str(side), order=STEP_ORDER)
    pressure = form.get(name + "pressure")
    if pressure is not None and str(pressure) != shown["pressure"]:
        _write_pressure(edit, (*path, "pressure"), str(pressure), step.get("pressure"), problems, name + "pressure")
    _write_duration(edit, (*path, "duration"), form, name[:-1], (shown["minutes"], shown["seconds"]), problems,
                    name + "duration")
    return restructured


def _write_text(edit: Edit, path: tuple[str | int, ...], posted: str, order: tuple[str, ...]) -> None:
    value = posted.strip() if path[-1] != "notes" and path[-1] != "description" else posted.rstrip()
    if value:
        edit.set(path, value, order=order)
    else:
        edit.remove(path)


def _write_pressure(edit: Edit, path: tuple[str | int, ...], posted: str, old: Any, problems: dict[str, str],
                    field: str) -> None:
    if not posted:
        edit.remove(path)
        return
    try:
        level = Pressure.parse(int(posted) if posted.isdigit() else posted)
    except ValueError:
        problems[field] = "Choose a pressure from the list: 1 to 5 on the Walton scale."
        return
    # Written as the file writes it: a number stays a number; a word, or nothing yet, becomes the word.
    edit.set(path, level.level if isinstance(old, int) and not isinstance(old, bool) else level.to_data(),
             order=STEP_ORDER if path[0] == "steps" else HEAD_ORDER)


def _write_duration(edit: Edit, path: tuple[str | int, ...], form: Any, name: str, shown: tuple[str, str],
                    problems: dict[str, str], field: str) -> None:
    posted = form.get(f"{name}-minutes"), form.get(f"{name}-seconds")
    if posted[0] is None or posted[1] is None:
        return
    minutes, seconds = (str(part).strip() for part in posted)
    if (minutes, seconds) == shown:
        return
    if not all(part.isdigit() for part in (minutes, seconds) if part) or len(minutes + seconds) > 7:
        problems[field] = "Write the minutes and the seconds as whole numbers, such as 7 and 30."
        return
    # Written in minutes and seconds, as entered: 65 minutes is 65m (the format reads it), not 1h5m.
    whole, rest = divmod(int(minutes or 0) * 60 + int(seconds or 0), 60)
    text = (f"{whole}m" if whole else "") + (f"{rest}s" if rest or not whole else "")
    edit.set(path, text, order=STEP_ORDER if path[0] == "steps" else HEAD_ORDER)


# -- list operations --------------------------------------------------------------------------------

def new_step(edit: Edit, catalog: Catalog) -> dict[str, Any]:
    """A step to add: the last hands-on step's modality, technique, region and side, for 5 minutes."""
    steps = edit.root.get("steps")
    for step in reversed(steps if isinstance(steps, list) else []):
        if isinstance(step, dict) and "modality" in step:
            taken = {key: step[key] for key in ("modality", "technique", "region", "side") if key in step}
            return {**taken, "duration": "5m", "pressure": step.get("pressure", "light")}
    modality = min(catalog.modalities.values(), key=lambda m: m.name, default=None)
    if modality is None:
        return {"activity": "assessment", "duration": "5m"}
    return {"modality": modality.id, "technique": modality.techniques[0].technique, "duration": "5m",
            "pressure": "light"}
