"""The words the host teaches a plugin author with: a misspelt hook, a forgotten @hookimpl, an unknown
contraindication.  Each message names the plugin, what it wrote and what would work.

Kept apart from host.py, which loads plugins; these only phrase what the host found.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

from protocolkit.model.conditions import Condition
from protocolkit.plugin import hookspecs
from protocolkit.plugin.catalog import Catalog

# What a plugin's hook-named function needs so that pluggy calls it.
MARKER = "@hookimpl (from protocolkit import hookimpl)"
# Given an unknown condition id and the catalog, the conditions it may mean (check.hints.condition_candidates,
# the curated synonyms and one family's close spellings): passed in from above the plugin stage.
ConditionHint = Callable[[str, Catalog], Sequence[Condition]]


def closest(name: str, hook_names: Sequence[str], cutoff: float = 0.6) -> str | None:
    import difflib  # only when a plugin got a name wrong: every command loads the host

    # Every hook shares the "protocolkit_" prefix, which alone would make any such name look close.
    prefix = f"{hookspecs.PROJECT}_"
    close = difflib.get_close_matches(name.removeprefix(prefix), [hook.removeprefix(prefix) for hook in hook_names],
                                      n=1, cutoff=cutoff)
    return prefix + close[0] if close else None


def hook_hint(name: str, hook_names: Sequence[str]) -> str:
    """"did you mean 'protocolkit_register_techniques'?" for a name no hook has, or where the hooks are listed."""
    close = closest(name, hook_names)
    return f"did you mean '{close}'?" if close else "docs/plugins.md lists the hooks"


def unknown_hooks(names: Sequence[str], hook_names: Sequence[str]) -> str:
    """Why a plugin implementing hooks that do not exist fails: each name, and the hook it may mean."""
    return "; ".join(f"implements unknown hook {name}; {hook_hint(name, hook_names)}" for name in sorted(names))


def unmarked_hooks(plugin: object, hook_names: Sequence[str]) -> list[str]:
    """The plugin's functions named like a hook (or a slip away from one) that lack the hookimpl marker:
    pluggy skips those silently."""
    marker = f"{hookspecs.PROJECT}_impl"
    found = []
    for attribute in dir(plugin):
        if not attribute.startswith(f"{hookspecs.PROJECT}_"):
            continue
        value = inspect.getattr_static(plugin, attribute, None)
        if callable(value) and not hasattr(value, marker) \
                and (attribute in hook_names or closest(attribute, hook_names, cutoff=0.8)):
            found.append(attribute)
    return sorted(found)


def unmarked_message(plugin_name: str, unmarked: Sequence[str], hooks: Sequence[str],
                     hook_names: Sequence[str]) -> str | None:
    """The warning for a plugin with hook-named functions lacking @hookimpl, or with no hook at all."""
    if not unmarked and hooks:
        return None
    if not unmarked:
        return (f"protocolkit: plugin '{plugin_name}' registers nothing: it has no function marked {MARKER}; "
                "docs/plugins.md lists the hooks")
    many = len(unmarked) > 1
    named = ", ".join(name if name in hook_names else f"{name} (no hook; {hook_hint(name, hook_names)})"
                      for name in unmarked)
    functions = f"its function{'s' if many else ''} {named} {'have' if many else 'has'} no {MARKER}"
    if hooks:
        return f"protocolkit: plugin '{plugin_name}': {functions}, so no hook calls {'them' if many else 'it'}"
    return f"protocolkit: plugin '{plugin_name}' registers nothing: {functions}"


def condition_did_you_mean(condition_id: str, catalog: Catalog, hint: ConditionHint | None) -> str:
    """"did you mean 'heart-failure'? Otherwise " for an unknown contraindication, or "" when nothing fits.

    The stricter members of the family are named beside it, as an intake's hint does: a modality
    that names the milder condition restricts less than its author meant."""
    found = list(hint(condition_id, catalog)) if hint is not None else []
    if not found:
        return ""
    named, families = {c.id for c in found}, {c.family_id for c in found}
    mildest = min(c.strictness for c in found)
    stricter = sorted((c for c in catalog.conditions.values() if c.family_id in families and c.id not in named
                       and c.strictness > mildest), key=lambda c: (-c.strictness, c.id))
    also = f" (or a stricter one of its family: {', '.join(repr(c.id) for c in stricter)})" if stricter else ""
    return f"did you mean {' or '.join(repr(c.id) for c in found)}?{also} Otherwise "
