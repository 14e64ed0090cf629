"""PK5xx: the codes a curriculum check reports.

Declared here, beside the other rules, so that every command can list and
select them; the check itself is ``protocolkit.curriculum``, imported only when
a curriculum is actually read.
"""

from __future__ import annotations

from . import Rule

HOURS_DO_NOT_ADD_UP = Rule("PK501", "error", "a module's topic hours do not add up to its contact hours")
PROTOCOL_MISSING = Rule("PK502", "error", "a module names a protocol that cannot be found")
PROTOCOL_INVALID = Rule("PK503", "error", "a module teaches a protocol that does not validate")
REQUIREMENT_NOT_MET = Rule("PK504", "error", "the programme falls short of a requirement (total, subject or modality)")
UNKNOWN_MODALITY = Rule("PK505", "error", "a module teaches a modality no installed plugin provides")
RULES = (HOURS_DO_NOT_ADD_UP, PROTOCOL_MISSING, PROTOCOL_INVALID, REQUIREMENT_NOT_MET, UNKNOWN_MODALITY)
