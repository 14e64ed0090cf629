"""A clinic's screening policy applied to a catalog: conditions made stricter, never milder.

``tighten`` replaces each condition a policy names with a stricter copy
(each registry owner kept), so that every face that reads the catalog (screen,
compose, validate --intake, the studio, the language server) screens by the
clinic's rules without knowing there is a policy.  Each tightened condition's
source note (and advice) ends by saying what the policy changed.  The
catalog is changed in place: give each policy a catalog of its own.

The policy has no way to ask for less than the core does; a rule that could
only be read that way (a ceiling above the core's, a ceiling on a condition
that already keeps off the area or rules out the session, an id the catalog
does not know) is a configuration error that names the core's rule and its
source, and nothing is changed.
"""

from __future__ import annotations

from typing import Any

import attrs

from protocolkit.load.config import ConfigError
from protocolkit.model.conditions import Condition
from protocolkit.model.policy import ScreeningPolicy
from protocolkit.model.protocol import Pressure
from protocolkit.plugin.catalog import Catalog

# What a condition keeps when the policy rules out the session with it: what it is and why, not how to work.
_KEPT_WHEN_RULED_OUT = ("id", "name", "reason", "source", "implies", "family", "modality")


def tighten(catalog: Catalog, policy: ScreeningPolicy, where: str | None = None) -> None:
    """Make ``catalog``'s conditions as strict as ``policy`` asks, in place.

    ``where`` names the policy in messages and source notes (default: the
    policy's own source).  Every rule is checked before anything changes: on
    a ConfigError the catalog is as it was."""
    where = where or policy.source or "the screening policy"
    conditions = catalog.conditions
    problems: list[str] = []

    def known(name: str, condition_id: str) -> Condition | None:
        if condition_id in conditions:
            return conditions[condition_id]
        problems.append(f"'{policy.key}.{name}': '{condition_id}' is no condition screening knows; "
                        f"{_hint(catalog, condition_id)}")
        return None

    tightened: dict[str, Condition] = {}
    notes: dict[str, list[str]] = {}

    def tighter(condition: Condition, note: str, **changes: Any) -> None:
        tightened[condition.id] = attrs.evolve(tightened.get(condition.id, condition), **changes)
        notes.setdefault(condition.id, []).append(note)

    for condition_id in policy.require_clearance:
        condition = known("require-clearance", condition_id)
        # A systemic condition already rules out the session: no clearance could be stricter.
        if condition is not None and condition.category != "systemic" and not condition.needs_clearance:
            tighter(condition, "requires a physician's clearance", needs_clearance=True)
    for condition_id, level in policy.ceilings:
        condition = known("ceilings", condition_id)
        problem = _ceiling_problem(condition, level, policy.key) if condition is not None else None
        if problem:
            problems.append(problem)
        elif condition is not None and (condition.house_ceiling is None or level < condition.house_ceiling):
            tighter(condition, f"keeps pressure at {level.level} or less whatever a clearance says",
                    house_ceiling=level)
    for condition_id in policy.rule_out_session:
        condition = known("rule-out-session", condition_id)
        if condition is not None and condition.category != "systemic":
            tightened[condition_id] = _ruled_out(condition)
            notes[condition_id] = ["rules out the session"]  # what else it asked is moot now
    if problems:
        raise ConfigError("\n".join(f"{where}: {problem}" for problem in problems))
    for condition_id, condition in tightened.items():
        what = " and ".join(notes[condition_id])
        note = f"the clinic's policy ({where}) {what}"
        advice = condition.advice
        if condition_id not in policy.rule_out_session:
            # The core's advice ("stay at moderate pressure") must not read as the last word.
            advice = " ".join(filter(None, (advice, f"The clinic's policy {what}.")))
        condition = attrs.evolve(condition, source=f"{condition.source}; {note}" if condition.source else note,
                                 advice=advice)
        conditions.add(condition_id, condition, conditions.owner(condition_id))


def _ceiling_problem(condition: Condition, level: Pressure, key: str) -> str | None:
    """Why a ceiling of ``level`` on ``condition`` would not tighten it (None: it does)."""
    name = f"'{key}.ceilings.{condition.id}'"
    source = f" (source: {condition.source})" if condition.source else ""
    if condition.category == "systemic":
        return (f"{name}: the core rules out the session with {condition.id}{source}; a ceiling would read as "
                "allowing a session: remove it")
    if condition.category == "local":
        return (f"{name}: the core keeps off the area {condition.id} affects{source}, so there is no pressure to "
                f"lower; to rule out the whole session, list it under '{key}.rule-out-session' instead")
    own = [ceiling for ceiling in (condition.max_pressure, condition.house_ceiling) if ceiling is not None]
    if own and level > min(own):
        return (f"{name} = {level.level}: the core keeps {condition.id} at {min(own).level} or less{source}; "
                "a policy may lower it, never raise it")
    return None


def _ruled_out(condition: Condition) -> Condition:
    """``condition`` as one that rules out the session: every limit on how to work is dropped, and
    so is the advice on working around it, which "do not treat" would contradict."""
    kept = {name: getattr(condition, name) for name in _KEPT_WHEN_RULED_OUT}
    advice = f"The clinic's policy rules out any session with {condition.id}: reschedule, or refer the client on."
    return Condition(**kept, category="systemic", advice=advice)


def _hint(catalog: Catalog, word: str) -> str:
    close = catalog.conditions.suggest(word)
    if close is not None:
        return f"did you mean '{close}'?"
    return f"the ids it knows: {', '.join(sorted(catalog.conditions))}"
