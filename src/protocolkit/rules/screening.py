"""PK401-PK406: the codes screening against a client's intake reports.

Declared here, beside the other rules, so that every command can list and
select them; the checks are ``protocolkit.restrictions`` (what an intake
allows) and ``protocolkit.screening`` (a protocol against it).
"""

from __future__ import annotations

from . import Rule

SYSTEMIC = Rule("PK401", "error", "a systemic contraindication on the intake: do not treat")
LOCAL = Rule("PK402", "error", "a step works where a local contraindication rules work out (the area, or what "
                               "lies distal to it, on its limb or in its body quadrant)")
CAUTION = Rule("PK403", "error", "a step exceeds a condition's pressure ceiling or uses a technique it restricts")
UNKNOWN_CONDITION = Rule("PK405", "error", "the intake names a condition the catalog does not know")
CLEARANCE_MISSING = Rule("PK406", "error", "a condition needs a physician's clearance the intake does not list: "
                                           "do not treat until cleared")
RULES = (SYSTEMIC, LOCAL, CAUTION, UNKNOWN_CONDITION, CLEARANCE_MISSING)
