"""The core's rules, registered through the public rules hook like any plugin's."""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from ..rules import RULE_CRASHED, Rule, curriculum, pressure, references, safety, timing
from ..schemas import SCHEMA_VIOLATION
from ..rules.screening import RULES as SCREENING_RULES
from ..selection import UNUSED_SUPPRESSION
from ..validation import PARSE_ERROR

# Codes the loading and screening stages report themselves; registered so they
# can be listed and looked up like any rule.
STAGE_RULES = (
    Rule(SCHEMA_VIOLATION, "error", "the document does not match the protocol schema"),
    Rule(PARSE_ERROR, "error", "the file does not parse as YAML or JSON, or is empty"),
    Rule(RULE_CRASHED, "error", "a rule raised instead of checking; the protocol is not known to be valid"),
    UNUSED_SUPPRESSION,
)


@hookimpl
def protocolkit_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in (*STAGE_RULES, *SCREENING_RULES, *curriculum.RULES, *references.RULES, *timing.RULES, *pressure.RULES, *safety.RULES):
        register(rule)
