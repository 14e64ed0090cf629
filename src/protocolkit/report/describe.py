"""Describing the catalog to people and programs: JSON-ready data and plain text.

Used by ``protocolkit modalities``, ``show``, ``techniques``, ``regions``,
``plugins`` and ``rules``; kept apart from the CLI so that a school's own
tooling gets the same data from the library.
"""

from __future__ import annotations

from typing import Any

from protocolkit.model.billing import CAVEAT
from protocolkit.plugin.billing_codes import code_for
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.contraindications import enforced, enforced_data, enforced_lines
from protocolkit.model.conditions import Condition
from protocolkit.model.planning import DEFAULT_MOST_PER_REGION
from protocolkit.model.protocol import Modality, Pressure, Technique, TechniqueUse
from protocolkit.model.regions import Region
from protocolkit.model.rules import Rule


def technique_data(technique: Technique) -> dict[str, Any]:
    return {"id": technique.id, "name": technique.name, "description": technique.description,
            "pressure": {"min": technique.pressure.low.level, "max": technique.pressure.high.level},
            "duration": {"min": str(technique.duration.shortest), "max": str(technique.duration.longest)},
            "lubricant": technique.lubricant, "source": technique.source}


def modality_data(catalog: Catalog, modality: Modality) -> dict[str, Any]:
    techniques = []
    for use in modality.techniques:
        pressure = catalog.pressure_range(modality, use.technique)
        duration = catalog.duration_range(modality, use.technique)
        techniques.append({
            "id": use.technique, "name": catalog.technique(use.technique).name,
            "pressure": {"min": pressure.low.level, "max": pressure.high.level},
            "duration": {"min": str(duration.shortest), "max": str(duration.longest)},
            "lubricant": catalog.technique(use.technique).lubricant,
            # What compose gives it at most on one region and side, and where that figure comes from.
            "most_per_region": str(use.most_per_region or DEFAULT_MOST_PER_REGION),
            "most_source": use.most_source if use.most_per_region else "the project's default for a technique "
                                                                        "its modality gives no figure for",
            **billing_data(catalog, modality, use)})
    return {
        "id": modality.id, "name": modality.name, "summary": modality.summary,
        "plugin": catalog.modalities.owner(modality.id), "techniques": techniques,
        "indications": list(modality.indications), "intents": list(modality.intents),
        "regions": list(modality.regions),
        "compose_order": modality.compose_order, "strict_pressure": modality.strict_pressure,
        # What screening enforces (from the catalog), then the modality's own reason.
        "contraindications": [enforced_data(entry) for entry in enforced(catalog, modality)],
        "pairings": list(modality.pairings),
        "references": [{"title": table.title, "rows": [list(row) for row in table.rows]}
                       for table in modality.references],
        "source": modality.source,
    }


# What each Modality.compose_order means, for ``show`` (composition.layout does it).
ORDER_WORDS = {"routine": "each limb in the body order compose uses for every modality",
               "proximal-to-distal": "on a limb, the part nearer the trunk first: thigh, calf, foot",
               "distal-to-proximal": "on a limb, the part furthest from the trunk first: foot, calf, thigh"}
CLINIC_CODES = "the clinic's configuration ([billing] codes in protocolkit.toml)"
NO_CODE = "no code"


def billing_data(catalog: Catalog, modality: Modality, use: TechniqueUse) -> dict[str, Any]:
    """The code a technique's minutes bill under and where it comes from: ``billing_from`` is
    ``clinic`` (the clinic's [billing] codes, which win), ``modality`` (the plugin's own, with its
    source) or None (no code: the clinic maps it); ``modality_billing_code`` is the modality's own."""
    code = code_for(catalog, modality.id, use.technique)
    if code is None:
        return {"billing_code": None, "billing_from": None, "billing_source": "",
                "modality_billing_code": None}
    clinic = catalog.billing is not None and f"{modality.id}.{use.technique}" in catalog.billing.codes
    return {"billing_code": code, "billing_from": "clinic" if clinic else "modality",
            "billing_source": CLINIC_CODES if clinic else use.billing_source,
            "modality_billing_code": use.billing_code}


def billing_lines(data: dict[str, Any]) -> list[str]:
    """The modality page's "Billing codes" section: each technique's code and where it comes from, or
    "no code"; a source shared by several techniques is written once, as a numbered note under them."""
    techniques = data["techniques"]
    width = max(len(t["id"]) for t in techniques)
    sources: list[str] = []
    lines = ["Billing codes (timed, 15 minutes a unit):"]
    for t in techniques:
        if t["billing_code"] is None:
            lines.append(f"  {t['id']:<{width}}  {NO_CODE}")
            continue
        if t["billing_from"] == "clinic":
            said = f"from {CLINIC_CODES}"
            own = t["modality_billing_code"]
            if own is not None and own != t["billing_code"]:
                said += f"; the modality's own is {own}"
        elif t["billing_source"]:
            if t["billing_source"] not in sources:
                sources.append(t["billing_source"])
            said = f"source [{sources.index(t['billing_source']) + 1}]"
        else:
            said = "no source given"
        lines.append(f"  {t['id']:<{width}}  {t['billing_code']:<{len(NO_CODE)}}  {said}")
    lines += [f"  [{number}] {source}" for number, source in enumerate(sources, start=1)]
    if any(t["billing_code"] is None for t in techniques):
        lines.append(f"  {NO_CODE.capitalize()}: the modality gives none; a clinic that bills these minutes maps them under "
                     "[billing] codes in protocolkit.toml.")
    lines.append(f"  {CAVEAT}")
    return lines


def modality_text(catalog: Catalog, modality: Modality) -> str:
    data = modality_data(catalog, modality)
    lines = [f"{modality.name} ({modality.id}), from plugin {data['plugin']}", "", modality.summary, "",
             "Techniques:"]
    width = max(len(t["id"]) for t in data["techniques"])
    for t in data["techniques"]:
        lines.append(f"  {t['id']:<{width}}  pressure {t['pressure']['min']}-{t['pressure']['max']}  "
                     f"step {t['duration']['min']}-{t['duration']['max']}  lubricant {t['lubricant']:<6}  "
                     f"at most {t['most_per_region']} a region")
    lines += billing_lines(data)
    lines.append(f"Works on: {', '.join(modality.regions) if modality.regions else 'any region'}")
    # Always shown, the default too: how compose walks a limb and what PK304 says of a pressure outside the
    # ranges above are both things a therapist reads this page for, and a missing line would leave them guessing.
    lines.append(f"Compose order: {modality.compose_order} ({ORDER_WORDS[modality.compose_order]})")
    lines.append("Pressure ranges: strict (a pressure outside them is an error, PK304)" if modality.strict_pressure
                 else "Pressure ranges: a pressure outside them is a warning (PK304)")
    if modality.intents:
        lines.append(f"Intents: {', '.join(modality.intents)}")
    lines.append(f"Indications: {', '.join(modality.indications) or 'none listed'}")
    lines += enforced_lines(enforced(catalog, modality))
    if modality.pairings:
        lines.append("Pairings:")
        lines += [f"  {pairing}" for pairing in modality.pairings]
    for table in modality.references:
        lines += ["", f"{table.title}:"]
        key_width = max(len(key) for key, _ in table.rows)
        lines += [f"  {key:<{key_width}}  {value}" for key, value in table.rows]
    if modality.source:
        lines += ["", f"Source: {modality.source}"]
    return "\n".join(lines) + "\n"


def condition_data(catalog: Catalog, condition: Condition) -> dict[str, Any]:
    def level(pressure: Pressure | None) -> int | None:
        return pressure.level if pressure is not None else None

    return {"id": condition.id, "name": condition.name, "category": condition.category, "family": condition.family,
            "restriction": condition.restriction, "reach": condition.reach,
            "max_pressure": level(condition.max_pressure), "avoid": list(condition.avoid),
            "site_max_pressure": level(condition.site_max_pressure), "site_avoid": list(condition.site_avoid),
            "site_off_limits": condition.site_off_limits,
            "region_limits": [{"regions": list(limit.regions), "limbs": list(limit.limbs),
                               "max_pressure": level(limit.max_pressure), "avoid": list(limit.avoid),
                               "only": list(limit.only)}
                              for limit in condition.region_limits],
            "needs_clearance": condition.needs_clearance, "implies": list(condition.implies),
            "reason": condition.reason, "advice": condition.advice, "source": condition.source,
            "modality": condition.modality, "stricter_for": stricter_for(catalog, condition),
            "plugin": catalog.conditions.owner(condition.id) if condition.modality is None
            else catalog.modalities.owner(condition.modality)}


def stricter_for(catalog: Catalog, condition: Condition) -> dict[str, str]:
    """The modalities whose own data rule out more than the catalog's condition does, and how."""
    from protocolkit.check.restrictions import CATEGORY_ORDER, modality_conditions

    how = {"systemic": "never used", "local": "kept off the area", "caution": "only once cleared"}
    return {scoped.modality: how[scoped.category] for scoped in modality_conditions(catalog).get(condition.id, [])
            if scoped.modality is not None
            and CATEGORY_ORDER[scoped.category] > CATEGORY_ORDER[condition.category]}


def all_conditions(catalog: Catalog) -> list[Condition]:
    """The catalog's conditions, then any only a modality's own data names, by id."""
    from protocolkit.check.restrictions import modality_conditions

    scoped = [c for items in modality_conditions(catalog).values() for c in items if c.id not in catalog.conditions]
    return sorted([*catalog.conditions.values(), *scoped], key=lambda c: (c.id, c.modality or ""))


def conditions_markdown(catalog: Catalog) -> str:
    """The condition table for the documentation, exactly as `protocolkit conditions --format markdown`."""
    lines = ["| condition | category | restriction | stricter for | reason | source |", "|---|---|---|---|---|---|"]
    for condition in all_conditions(catalog):
        if condition.modality:
            stricter = f"{condition.modality} only"
        else:
            stricter = "; ".join(f"{m}: {how}" for m, how in sorted(stricter_for(catalog, condition).items()))
        cells = [f"`{condition.id}`", condition.category, condition.restriction, stricter or "-", condition.reason,
                 condition.source or "-"]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def region_data(region: Region) -> dict[str, Any]:
    return {"id": region.id, "name": region.name, "aliases": list(region.aliases),
            "endangerment_site": region.is_endangerment_site, "endangerment": region.endangerment,
            "allowance": _allowance_data(region), "within": region.within, "limb": region.limb,
            "quadrants": list(region.quadrants), "beside": list(region.beside), "positions": list(region.positions)}


def _allowance_data(region: Region) -> dict[str, Any] | None:
    """An endangerment site's limits: the techniques it allows, the highest pressure, the longest step."""
    allowance = region.allowance
    if allowance is None:
        return None
    return {"techniques": list(allowance.techniques), "max_pressure": allowance.max_pressure.level,
            "longest_step": str(allowance.longest_step), "words": allowance.words}


def rule_data(catalog: Catalog, rule: Rule) -> dict[str, Any]:
    return {"code": rule.code, "severity": rule.severity, "summary": rule.summary,
            "plugin": catalog.rules.owner(rule.code)}
