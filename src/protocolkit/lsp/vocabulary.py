"""What may stand in each place of a document, each with the words that describe it.

One source for completion and hover: the ids the catalog offers for a field
(modalities, a modality's techniques, regions and their aliases, conditions,
intents and goals, and the few fixed words such as pressures), each with a
one-line ``detail`` and a longer Markdown ``documentation``.  The descriptions
are the catalog's own (the lines `protocolkit show`, `techniques`, `regions`
and `conditions` print), never written here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from attrs import frozen

from protocolkit.model.conditions import Condition
from protocolkit.model.protocol import ACTIVITIES, POSITION_WORDS, POSITIONS, PRESSURE_WORDS, SIDES, Modality, Technique
from protocolkit.model.regions import Region
from protocolkit.model.rules import Rule
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.describe import all_conditions, stricter_for

# (document kind, field) -> what its values name; list items share their list's field.
FIELDS: Mapping[tuple[str, str], str] = {
    ("protocol", "intent"): "intent",
    ("protocol", "goals"): "goal",
    ("protocol", "position"): "position",
    ("protocol", "steps.position"): "position",
    ("protocol", "steps.modality"): "modality",
    ("protocol", "steps.technique"): "technique",
    ("protocol", "steps.region"): "region",
    ("protocol", "steps.pressure"): "pressure",
    ("protocol", "steps.side"): "side",
    ("protocol", "steps.activity"): "activity",
    ("intake", "conditions.id"): "condition",
    ("intake", "conditions.region"): "region",
    ("intake", "conditions.side"): "side",
    ("intake", "medications"): "condition",
    ("intake", "clearance"): "condition",
    ("intake", "clearance.id"): "condition",
    ("intake", "clearance.pressure"): "pressure",
    ("curriculum", "modules.modalities"): "modality",
    ("modality", "techniques.use"): "technique",
    ("modality", "regions"): "region",
    ("modality", "intents"): "intent",
    ("modality", "indications"): "goal",
    ("modality", "contraindications.id"): "condition",
}


@frozen
class Entry:
    id: str
    detail: str
    documentation: str


def entries(what: str, catalog: Catalog, siblings: Mapping[str, str]) -> list[Entry]:
    """Every value ``what`` (a name from FIELDS' values) may take, in a useful order."""
    if what == "technique":
        modality = catalog.modalities.get(siblings.get("modality", ""))
        if modality is not None:  # only what the step's own modality offers, with its limits
            return [technique_entry(catalog, catalog.techniques[use.technique], modality)
                    for use in modality.techniques if use.technique in catalog.techniques]
        return [technique_entry(catalog, technique) for technique in catalog.techniques.values()]
    if what == "modality":
        return [modality_entry(catalog, modality) for modality in catalog.modalities.values()]
    if what == "region":
        found = []
        for region in catalog.regions:
            found.append(region_entry(region))
            found += [Entry(alias, f"{region.name}: another word for {region.id}", region_text(region))
                      for alias in region.aliases]
        return found
    if what == "condition":
        return [condition_entry(catalog, condition) for condition in all_conditions(catalog)]
    if what in ("intent", "goal"):
        return _listed_by(catalog, what)
    return _FIXED.get(what, lambda: [])()


def _listed_by(catalog: Catalog, what: str) -> list[Entry]:
    """Intents or goals (indications), from the modalities that list them."""
    listed: dict[str, list[str]] = {}
    for modality in catalog.modalities.values():
        for word in modality.intents if what == "intent" else modality.indications:
            listed.setdefault(word, []).append(modality.id)
    noun = "intent" if what == "intent" else "indication"
    return [Entry(word, f"listed by {', '.join(owners)}",
                  f"An {noun} of the modalities {', '.join(f'`{o}`' for o in owners)}." if len(owners) > 1
                  else f"An {noun} of the modality `{owners[0]}`.")
            for word, owners in sorted(listed.items())]


_FIXED: Mapping[str, Callable[[], list[Entry]]] = {
    "pressure": lambda: [Entry(word, f"Walton pressure level {level}",
                               f"`{word}` is level {level} on the Walton scale (1 light lotioning to 5 maximal); "
                               "a number from 1 to 5 may stand here too.")
                         for word, level in PRESSURE_WORDS.items()],
    "side": lambda: [Entry(side, "side of the body", f"Work on the {side} side" if side != "both"
                           else "Work on both sides (the default).") for side in SIDES],
    "activity": lambda: [Entry(activity, "a step without hands-on work", f"An activity step: {activity}.")
                         for activity in ACTIVITIES],
    "position": lambda: [Entry(position, POSITION_WORDS[position],
                               f"The client is {position} ({POSITION_WORDS[position]}); the steps after keep "
                               "this position until one says another.") for position in POSITIONS],
}


def technique_entry(catalog: Catalog, technique: Technique, modality: Modality | None = None) -> Entry:
    pressure, duration = technique.pressure, technique.duration
    if modality is not None and modality.offers(technique.id):
        pressure = catalog.pressure_range(modality, technique.id)
        duration = catalog.duration_range(modality, technique.id)
    detail = f"{technique.name}: pressure {pressure}, step {duration}, lubricant {technique.lubricant}"
    return Entry(technique.id, detail, technique_text(catalog, technique, modality))


def technique_text(catalog: Catalog, technique: Technique, modality: Modality | None = None) -> str:
    lines = [f"**{technique.name}** (`{technique.id}`), technique", "", technique.description, "",
             f"- pressure {technique.pressure} (Walton scale)",
             f"- step duration {technique.duration.shortest} to {technique.duration.longest}",
             f"- lubricant: {technique.lubricant}"]
    if modality is not None and modality.offers(technique.id):
        pressure = catalog.pressure_range(modality, technique.id)
        duration = catalog.duration_range(modality, technique.id)
        if (pressure, duration) != (technique.pressure, technique.duration):
            lines.append(f"- in {modality.id}: pressure {pressure}, step {duration.shortest} to {duration.longest}")
    offered = catalog.modalities_offering(technique.id)
    if offered:
        lines.append(f"- offered by: {', '.join(offered)}")
    if technique.source:
        lines += ["", f"Source: {technique.source}"]
    return "\n".join(lines)


def modality_entry(catalog: Catalog, modality: Modality) -> Entry:
    return Entry(modality.id, modality.name, modality_text(catalog, modality))


def modality_text(catalog: Catalog, modality: Modality) -> str:
    lines = [f"**{modality.name}** (`{modality.id}`), modality from {catalog.modalities.owner(modality.id)}", "",
             modality.summary, "", f"Techniques: {', '.join(use.technique for use in modality.techniques)}"]
    if modality.intents:
        lines.append(f"Intents: {', '.join(modality.intents)}")
    if modality.regions:
        lines.append(f"Works on: {', '.join(modality.regions)}")
    return "\n\n".join(line for line in lines if line)


def region_entry(region: Region) -> Entry:
    detail = f"{region.name}, an endangerment site" if region.is_endangerment_site else region.name
    return Entry(region.id, detail, region_text(region))


def region_text(region: Region) -> str:
    lines = [f"**{region.name}** (`{region.id}`), region"]
    if region.aliases:
        lines.append(f"Also written: {', '.join(region.aliases)}")
    if region.endangerment is not None:
        lines.append(f"Endangerment site ({region.endangerment}): not off limits, but only broad, light "
                     "pressure belongs here.")
    if region.allowance is not None:
        allowance = region.allowance
        lines.append(f"Only {', '.join(allowance.techniques)}, at pressure {allowance.max_pressure.level} or less, "
                     f"{allowance.longest_step} a step at most; work around it on the {region.within}")
    return "\n\n".join(lines)


def condition_entry(catalog: Catalog, condition: Condition) -> Entry:
    scope = f", {condition.modality} only" if condition.modality else ""
    return Entry(condition.id, f"{condition.name} ({condition.category}{scope}): {condition.restriction}",
                 condition_text(catalog, condition))


def condition_text(catalog: Catalog, condition: Condition) -> str:
    scope = f" for {condition.modality} only" if condition.modality else ""
    lines = [f"**{condition.name}** (`{condition.id}`), {condition.category} condition{scope}",
             f"Restricts: {condition.restriction}", condition.reason]
    if condition.advice:
        lines.append(f"Advice: {condition.advice}")
    if condition.modality is None:
        stricter = stricter_for(catalog, condition)
        if stricter:
            lines.append("Stricter for: " + "; ".join(f"{m} ({how})" for m, how in sorted(stricter.items())))
    if condition.source:
        lines.append(f"Source: {condition.source}")
    return "\n\n".join(line for line in lines if line)


def rule_text(catalog: Catalog, rule: Rule) -> str:
    """A rule's summary, what its page says it checks (when it has a page) and why it matters."""
    lines = [f"**{rule.code}** ({rule.severity}, from {catalog.rules.owner(rule.code)}): {rule.summary}"]
    if rule.what.strip():  # a plugin's rule may have no page yet
        lines.append(f"*What it checks:* {rule.what.strip()}")
    if rule.why.strip():
        lines.append(f"*Why it matters:* {rule.why.strip()}")
    return "\n\n".join(lines)
