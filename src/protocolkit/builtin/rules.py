"""The core's rules, registered through the public rules hook like any plugin's.

Every core code is declared in ``protocolkit.model.codes``; those a rule
finds are registered with their checks, the rest (what loading, screening and
curricula report themselves) as they are, so that all can be listed, looked
up and selected.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit.check.rules import pressure, references, safety, timing
from protocolkit.model.codes import CORE
from protocolkit.model.rules import Rule
from protocolkit.plugin.hookspecs import hookimpl

CHECKED = {rule.code: rule for rule in (*references.RULES, *timing.RULES, *pressure.RULES, *safety.RULES)}


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in CORE:
        register(CHECKED.get(rule.code, rule))
