"""The plugin conformance check behind ``protocolkit.testing.assert_plugin_conforms``.

Library code with no pytest in it, so that other tools (a CI script, a
registry of house plugins) can run the same check and print its problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from protocolkit.authoring.quality import Conformance
    from protocolkit.plugin.catalog import Catalog
    from protocolkit.model.conditions import Condition
    from protocolkit.model.export import Exporter
    from protocolkit.model.goals import Goal
    from protocolkit.model.protocol import Modality, Technique
    from protocolkit.model.planning import Slot
    from protocolkit.model.rules import Rule

_SLOT_LENGTH = 600
# Short enough for one region of any modality, whose techniques each take only so much of one
# region (most_per_region); an intent with a shorter longest session (pre-event) gets that.
_SESSION_LENGTH = 1200
_LONGEST_STEP = 2 * 3600
_DEFAULT_REGION = "upper-back"


def report(catalog: Catalog, plugin_name: str) -> Conformance:
    """``check_plugin`` with what it looked at, for ``protocolkit check-plugin``; raises
    ``quality.UnknownPlugin`` (naming the closest plugin) if none has that name."""
    import difflib

    from protocolkit.authoring.quality import Conformance, UnknownPlugin, checked_items

    names = [plugin.name for plugin in catalog.plugins]
    if plugin_name not in names:
        close = difflib.get_close_matches(plugin_name, names, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UnknownPlugin(f"no plugin called '{plugin_name}' is loaded{hint} (`protocolkit plugins` lists them)")
    return Conformance(plugin_name, check_plugin(catalog, plugin_name), checked_items(catalog, plugin_name))


def check_plugin(catalog: Catalog, plugin_name: str) -> list[str]:
    """Everything wrong with what ``plugin_name`` registered, one readable line each (empty: it conforms).

    It checks that the plugin loaded; that its techniques, modalities,
    conditions, goals and rules are well-formed (slug ids, pressures on the 1-5
    scale, sane step-duration bounds, known techniques and regions, reasons
    and sources given, rule codes outside the core's ``PK`` range, every
    rule's page written: what, why (naming its source), an example that trips
    the rule and no other core or own rule, and a fix that validates clean
    (see ``quality.rule_page_problems``); a goal's regions known,
    none an endangerment site, and its id an indication some modality lists); and that
    for each of its modalities the compose hook fills a 10m slot of every
    phase, with and without each intent the modality lists, exactly (or, when
    its plan cannot use 10m on one region, says so with ``SlotTooLong`` and
    fills the most it names exactly), and a 20m session of the modality alone
    (or the intent's longest, when shorter) validates without an error.  Exceptions
    a hook raises are reported as problems, never raised.
    """
    plugin = next((p for p in catalog.plugins if p.name == plugin_name), None)
    if plugin is None:
        known = ", ".join(sorted(p.name for p in catalog.plugins)) or "none"
        return [f"plugin '{plugin_name}' is not in the catalog (plugins: {known})"]
    if plugin.status != "ok":
        return [f"plugin '{plugin_name}' did not load: {plugin.status}: {plugin.error}"]
    owned = {registry.kind: registry.owned_by(plugin_name) for registry in catalog.registries}
    if not any(owned.values()):
        return [f"plugin '{plugin_name}' registered nothing (no technique, modality, rule, condition or exporter)"]
    core = plugin_name.startswith("core-")
    problems: list[str] = []
    checks: list[tuple[str, Callable[[Any, Catalog], Iterator[str]]]] = [
        ("technique", lambda item, cat: _technique_problems(item)),
        ("modality", _modality_problems),
        ("condition", _condition_problems),
        ("rule", lambda item, cat: _rule_problems(item, core, cat, plugin_name)),
        ("exporter", lambda item, cat: _exporter_problems(item)),
        ("goal", _goal_problems),
    ]
    for kind, check in checks:
        for item_id in owned[kind]:
            item = catalog.registry(kind)[item_id]
            try:
                problems += check(item, catalog)
            except Exception as error:  # noqa: BLE001 - a malformed item must be reported, not crash the check
                problems.append(f"{kind} '{item_id}': could not be checked: {type(error).__name__}: {error}")
    for modality_id in owned["modality"]:
        problems += _compose_problems(catalog, catalog.modalities[modality_id])
    return problems


def _empty(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


def _technique_problems(technique: Technique) -> Iterator[str]:
    from protocolkit.model.protocol import is_slug

    where = f"technique '{technique.id}'"
    if not is_slug(technique.id):
        yield f"{where}: id is not a lower-case slug such as 'hot-stone-glide'"
    if _empty(technique.name):
        yield f"{where}: name is empty"
    low, high = technique.pressure.low.level, technique.pressure.high.level
    if not (1 <= low <= 5 and 1 <= high <= 5):
        yield f"{where}: pressure range {low}-{high} is off the Walton scale 1-5"
    if low > high:
        yield f"{where}: pressure range {low}-{high} runs backwards (low above high)"
    shortest, longest = technique.duration.shortest, technique.duration.longest
    if shortest.seconds <= 0:
        yield f"{where}: shortest step duration is {shortest}; it must be longer than 0s"
    if shortest > longest:
        yield f"{where}: step duration bounds {shortest}-{longest} run backwards"
    if longest.seconds > _LONGEST_STEP:
        yield f"{where}: longest step duration {longest} is more than 2h"
    if technique.lubricant not in ("yes", "no", "either"):
        yield f"{where}: lubricant {technique.lubricant!r} is not yes, no or either"
    if _empty(technique.description):
        yield f"{where}: description is empty"
    if _empty(technique.source):
        yield f"{where}: no source note; say where the technique's facts come from"


def _region_problem(where: str, region: str, catalog: Catalog) -> str | None:
    if region in catalog.regions:
        return None
    known = catalog.regions.resolve(region)
    if known is not None:
        return f"{where}: '{region}' is an alias; name the region by its id '{known.id}'"
    hint = catalog.regions.suggest(region)
    return f"{where}: unknown region '{region}'" + (f"; did you mean '{hint}'?" if hint else "")


def _modality_problems(modality: Modality, catalog: Catalog) -> Iterator[str]:
    from protocolkit.model.protocol import CONTRAINDICATION_CATEGORIES, is_slug

    where = f"modality '{modality.id}'"
    if not is_slug(modality.id):
        yield f"{where}: id is not a lower-case slug such as 'deep-tissue'"
    if _empty(modality.name):
        yield f"{where}: name is empty"
    if _empty(modality.summary):
        yield f"{where}: summary is empty"
    if _empty(modality.source):
        yield f"{where}: no source note; say where the modality's facts come from"
    if not modality.techniques:
        yield f"{where}: offers no technique"
    seen: set[str] = set()
    for use in modality.techniques:
        if use.technique in seen:
            yield f"{where}: offers technique '{use.technique}' more than once"
        seen.add(use.technique)
        if not is_slug(use.technique):
            yield f"{where}: offered technique id {use.technique!r} is not a lower-case slug"
        technique = catalog.techniques.get(use.technique)
        if technique is None:
            yield f"{where}: offers unknown technique '{use.technique}'"
            continue
        if use.pressure is not None and not (technique.pressure.low <= use.pressure.low
                                             and use.pressure.high <= technique.pressure.high):
            yield (f"{where}: narrows '{use.technique}' to pressure {use.pressure}, outside the technique's "
                   f"own range {technique.pressure}")
        if use.duration is not None and not (technique.duration.shortest <= use.duration.shortest
                                             and use.duration.longest <= technique.duration.longest):
            yield (f"{where}: narrows '{use.technique}' to step durations {use.duration}, outside the "
                   f"technique's own bounds {technique.duration}")
    if not modality.indications:
        yield f"{where}: lists no indication"
    for field_name in ("indications", "intents", "regions"):
        for value in getattr(modality, field_name):
            if not is_slug(value):
                yield f"{where}: {field_name} entry {value!r} is not a lower-case slug"
    for region in modality.regions:
        problem = _region_problem(where, region, catalog)
        if problem:
            yield problem
    contraindications: set[str] = set()
    for contraindication in modality.contraindications:
        about = f"{where}: contraindication '{contraindication.id}'"
        if not is_slug(contraindication.id):
            yield f"{about}: id is not a lower-case slug"
        if contraindication.id in contraindications:
            yield f"{about} is listed more than once"
        contraindications.add(contraindication.id)
        if contraindication.category not in CONTRAINDICATION_CATEGORIES:
            yield f"{about} has category {contraindication.category!r}, not systemic, local or caution"
        if _empty(contraindication.reason):
            yield f"{about} gives no reason"
        if contraindication.id not in catalog.conditions:
            # An intake can only name catalog conditions: one that lives in a modality alone
            # would restrict that modality and leave every other one free (a false "go").
            yield (f"{about} names no condition the catalog knows; register it with "
                   "protocolkit_register_conditions so that screening restricts every modality")


def _condition_problems(condition: Condition, catalog: Catalog) -> Iterator[str]:
    from protocolkit.model.protocol import CONTRAINDICATION_CATEGORIES, is_slug

    where = f"condition '{condition.id}'"
    if not is_slug(condition.id):
        yield f"{where}: id is not a lower-case slug such as 'varicose-veins'"
    if _empty(condition.name):
        yield f"{where}: name is empty"
    if condition.category not in CONTRAINDICATION_CATEGORIES:
        yield f"{where}: category {condition.category!r} is not systemic, local or caution"
    if _empty(condition.reason):
        yield f"{where}: reason is empty"
    techniques = [*condition.avoid, *condition.site_avoid, *(t for limit in condition.region_limits for t in limit.avoid)]
    for technique in dict.fromkeys(techniques):
        if technique not in catalog.techniques:
            hint = catalog.techniques.suggest(technique)
            yield f"{where}: avoids unknown technique '{technique}'" + (f"; did you mean '{hint}'?" if hint else "")
    for limit in condition.region_limits:
        for region in limit.regions:
            problem = _region_problem(f"{where}: region limit", region, catalog)
            if problem:
                yield problem
        for limb in limit.limbs:
            if not catalog.regions.on_limb(limb):
                yield f"{where}: region limit names limb '{limb}', which no region lies on (use 'arm' or 'leg')"
    for implied in condition.implies:
        if implied not in catalog.conditions:
            yield f"{where}: implies unknown condition '{implied}'"


def _goal_problems(goal: Goal, catalog: Catalog) -> Iterator[str]:
    where = f"goal '{goal.id}'"
    if _empty(goal.name):
        yield f"{where}: name is empty"
    if _empty(goal.source):
        yield f"{where}: no source; say where the choice of regions comes from"
    if not any(goal.id in modality.indications for modality in catalog.modalities.values()):
        yield f"{where}: no modality lists it among its indications, so compose --goal cannot pick one for it"
    for region in goal.regions:
        problem = _region_problem(where, region, catalog)
        if problem:
            yield problem
        elif catalog.regions.get(region).is_endangerment_site:
            yield f"{where}: region '{region}' is an endangerment site; name the region around it instead"


def _exporter_problems(exporter: Exporter) -> Iterator[str]:
    where = f"exporter '{exporter.id}'"
    if _empty(exporter.description):
        yield f"{where}: has no description"
    if not exporter.suffix.startswith(".") or len(exporter.suffix) < 2:
        yield f"{where}: suffix {exporter.suffix!r} should look like '.html'"
    if not callable(exporter.render):
        yield f"{where}: render is not callable"


def _rule_problems(rule: Rule, core: bool, catalog: Catalog, plugin_name: str) -> Iterator[str]:
    import re

    from protocolkit.model.findings import SEVERITIES

    where = f"rule '{rule.code}'"
    if not re.fullmatch(r"[A-Z]{2,5}[0-9]{3}", rule.code):
        yield f"{where}: code must be 2-5 capital letters and 3 digits, such as MFR001"
    if rule.code.startswith("PK") and not core:
        yield f"{where}: the PK prefix is reserved for protocolkit's core rules; use the plugin's own prefix"
    if _empty(rule.summary):
        yield f"{where}: summary is empty"
    if rule.severity not in SEVERITIES:
        yield f"{where}: severity {rule.severity!r} is not error, warning or info"
    # The core registers codes its loading stages report (PK001, PK002) without a check.
    if not callable(rule.check) and not core:
        yield f"{where}: has no check function"
    from protocolkit.authoring.quality import own_codes, rule_page_problems

    yield from rule_page_problems(rule, catalog, own_codes(catalog, plugin_name), core=core)


def _compose_problems(catalog: Catalog, modality: Modality) -> list[str]:
    import attrs

    from protocolkit.composition.engine import INTENT_LIMITS, ComposeRequest, compose
    from protocolkit.composition.intents import INTENTS
    from protocolkit.model.planning import PHASES, Slot
    from protocolkit.check.validation import validate_protocol
    from protocolkit.model.protocol import Duration, Pressure

    region = modality.regions[0] if modality.regions else _DEFAULT_REGION
    intents: Sequence[str | None] = [None, *modality.intents]
    problems: list[str] = []
    for intent in intents:
        ceiling, lubricant = INTENT_LIMITS.get(intent or "", (Pressure(5), True))
        template = Slot(region=region, duration=Duration(_SLOT_LENGTH), phase="work",
                        techniques=catalog.slot_techniques(modality),
                        intent=intent, max_pressure=ceiling, lubricant_allowed=lubricant)
        for phase in PHASES:
            problems += _slot_problems(catalog, modality, attrs.evolve(template, phase=phase))
        longest = INTENTS[intent].longest if intent in INTENTS else None
        length = Duration(min(_SESSION_LENGTH, longest.seconds if longest else _SESSION_LENGTH))
        session = f"modality '{modality.id}': a {length} session on {region} ({_intent_words(intent)})"
        try:
            protocol = compose(catalog, ComposeRequest(length, regions=(region,), modalities=(modality.id,),
                                                       intent=intent))
            findings = validate_protocol(protocol, catalog)
        except Exception as error:  # noqa: BLE001 - report, never raise
            problems.append(f"{session} could not be composed: {_error_words(error)}")
            continue
        for finding in findings:
            if finding.severity == "error":
                problems.append(f"{session} fails {finding.code} at {finding.json_path}: {finding.message}")
    return problems


def _slot_problems(catalog: Catalog, modality: Modality, slot: Slot) -> list[str]:
    """The compose hook fills ``slot`` exactly, or says the most its plan can take there
    (``SlotTooLong``, a technique's ``most_per_region``) and fills that much exactly."""
    import attrs

    from protocolkit.model.planning import SlotTooLong
    from protocolkit.model.protocol import Duration, Step
    from protocolkit.plugin.composer import ComposeHookError

    where = (f"modality '{modality.id}': compose hook, {slot.duration} {slot.phase} slot on {slot.region} "
             f"({_intent_words(slot.intent)})")
    try:
        try:
            steps = catalog.composer.steps(modality, slot)
        except (SlotTooLong, ComposeHookError) as error:
            most = error if isinstance(error, SlotTooLong) else error.__cause__
            if not isinstance(most, SlotTooLong) or not Duration(0) < most.most < slot.duration:
                raise
            slot = attrs.evolve(slot, duration=most.most)
            where = f"{where}, at the {most.most} its plan says it can take,"
            steps = catalog.composer.steps(modality, slot)
    except Exception as error:  # noqa: BLE001 - report, never raise
        return [f"{where} raised {_error_words(error)}"]
    if steps is None:
        return [f"{where}: no compose hook answered (every hook returned None)"]
    if not all(isinstance(step, Step) for step in steps):
        return [f"{where}: returned something that is not a Step"]
    total = Duration(sum(step.duration.seconds for step in steps))
    if total != slot.duration:
        return [f"{where}: steps add up to {total} instead of {slot.duration}"]
    return []


def _intent_words(intent: str | None) -> str:
    return f"intent {intent}" if intent else "no intent"


def _error_words(error: BaseException) -> str:
    from protocolkit.model.planning import ComposeError
    from protocolkit.plugin.composer import ComposeHookError

    # Both already say what failed (a hook's error names its plugin and exception).
    if isinstance(error, (ComposeError, ComposeHookError)):
        return str(error)
    return f"{type(error).__name__}: {error}"
