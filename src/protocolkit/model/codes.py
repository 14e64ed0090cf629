"""Every core code in one place: code, severity, summary, and why it matters.

The stages report these (loading PK001-PK002, rules PK1xx-PK3xx, screening
PK4xx, curricula PK5xx); the checks that find PK1xx-PK404 attach themselves
with ``Rule.with_check``.  No core module writes a code as a string: it names
the declaration here.  Plugin codes carry a prefix of their own (MFR, RFX).
"""

from __future__ import annotations

from protocolkit.model.rules import Rule

_WERNER = "Werner & Benjamin, contraindication categories"
_ABMP = "ABMP, 'Take the Danger Out of Endangerment Sites'"
_WALTON = "Walton, 'Massage Therapy and Cancer' (pressure follows medical status)"

# -- loading and the pipeline itself ---------------------------------------------------------------
SCHEMA_VIOLATION = Rule(
    "PK001", "error", "the document does not match the protocol schema",
    explanation="A document the schema rejects (an unknown key, a wrong type, a missing key) cannot be built into "
                "a protocol, so no other rule can judge it; the finding says where and what would be right.")
PARSE_ERROR = Rule(
    "PK002", "error", "the file does not parse as YAML or JSON, or is empty",
    explanation="A file that does not parse, is too large, or holds a hostile construct was never checked; it "
                "can never pass, be ignored or be suppressed.")
RULE_CRASHED = Rule(
    "PK003", "error", "a rule raised instead of checking; the protocol is not known to be valid",
    explanation="A check that could not run has not passed: a crashing rule (usually a plugin's) fails the file "
                "rather than letting it through.")
UNUSED_SUPPRESSION = Rule(
    "PK004", "warning", "a '# protocolkit: ignore[...]' comment that suppresses nothing",
    explanation="A suppression comment that no longer matches a finding hides nothing today but would silence a "
                "future finding on that line; remove it.")

# -- references: what a step names -----------------------------------------------------------------
UNKNOWN_MODALITY = Rule(
    "PK101", "error", "a step names a modality no installed plugin provides",
    explanation="A modality no plugin provides cannot be checked for its techniques, pressures or "
                "contraindications; install its plugin or correct the id.")
TECHNIQUE_NOT_OFFERED = Rule(
    "PK102", "error", "a step uses a technique its modality does not offer",
    explanation="Each modality names the techniques it teaches; a step outside them is not that modality's work "
                "and its limits are unknown.")
UNKNOWN_REGION = Rule(
    "PK103", "error", "a step names a body region the vocabulary does not know",
    explanation="Contraindications, endangerment sites and distal rules are checked by region; an unknown region "
                "escapes them all.")
INTENT_NOT_OFFERED = Rule(
    "PK104", "warning", "a step's modality does not list the protocol's intent among its intents",
    explanation="A modality used for an intent it does not list (deep tissue before an event, say) is rarely what "
                "the session needs.")

# -- timing and pressure ---------------------------------------------------------------------------
TOTAL_DIFFERS = Rule(
    "PK201", "error",
    "the steps' total differs from the planned duration by more than 5% (error when over, warning when under)",
    explanation="A session that runs over its booked time runs into the next client; one that runs short leaves "
                "paid time unused.")
STEP_DURATION = Rule(
    "PK202", "warning", "a step lasts longer or shorter than its technique's bounds",
    explanation="Each technique has a sensible step length (tapotement in short bursts, sustained pressure for "
                "minutes); outside it the technique loses its effect or overworks the tissue.")
NO_WARM_UP = Rule(
    "PK301", "warning", "pressure 4 or more on a region with no earlier warm-up (pressure 3 or less) on it",
    explanation="Deep work on tissue that was not warmed first with lighter strokes is uncomfortable and risks "
                "guarding and bruising (session structure: warm-up, work, flush).")
PRESSURE_RANGE = Rule(
    "PK304", "warning", "a step's pressure is outside its technique's range",
    explanation="Each technique has a pressure range on the Walton scale (1 light lotioning to 5 maximal); outside "
                "it the step is a different technique in all but name.")

# -- screening: the client ---------------------------------------------------------------------------
SYSTEMIC = Rule(
    "PK401", "error", "a systemic contraindication on the intake: do not treat",
    explanation=f"A systemic condition (fever, DVT, uncontrolled hypertension, ...) rules out circulatory massage "
                f"altogether: the verdict is 'do not treat' whatever the protocol. Source: {_WERNER}.")
LOCAL = Rule(
    "PK402", "error",
    "a step works where a local contraindication rules work out (the area, or what lies distal to it, on its limb "
    "or in its body quadrant)",
    explanation=f"A local condition rules out its area on its side, and for some conditions everything distal to "
                f"it, its whole limb or its body quadrant; a local condition the intake does not place rules out "
                f"the session until it does. Source: {_WERNER}.")
CAUTION = Rule(
    "PK403", "error", "a step exceeds a condition's pressure ceiling or uses a technique it restricts",
    explanation=f"A caution condition allows work under a pressure ceiling and without some techniques; a "
                f"physician's clearance may set the ceiling's level but lifts no limit on named regions. Sources: "
                f"{_WERNER}; {_WALTON}.")
ENDANGERMENT = Rule(
    "PK404", "error", "an endangerment site worked at pressure above 2, or with a technique that never belongs there",
    explanation=f"Nerves and vessels lie close to the surface at endangerment sites: broad, flat, light pressure "
                f"only, and no tapotement over the kidneys. Source: {_ABMP}; Werner.")
UNKNOWN_CONDITION = Rule(
    "PK405", "error", "the intake names a condition the catalog does not know",
    explanation="Screening cannot pass what it cannot read: an unknown condition (or clearance) means no verdict "
                "until the intake uses an id the catalog knows.")
CLEARANCE_MISSING = Rule(
    "PK406", "error",
    "a condition needs a physician's clearance the intake does not list: do not treat until cleared",
    explanation=f"Conditions such as cancer, recent surgery or a high-risk pregnancy need a physician's word before "
                f"any massage: 'do not treat until cleared'. Source: {_WALTON}; domain notes, screening second "
                f"pass.")

# -- curricula --------------------------------------------------------------------------------------
HOURS_DO_NOT_ADD_UP = Rule(
    "PK501", "error", "a module's topic hours do not add up to its contact hours",
    explanation="A syllabus whose topics do not account for the module's hours misreports what is taught.")
PROTOCOL_MISSING = Rule(
    "PK502", "error", "a module names a protocol that cannot be found",
    explanation="A module teaches the protocols it names; one that cannot be found cannot be taught or counted.")
PROTOCOL_INVALID = Rule(
    "PK503", "error", "a module teaches a protocol that does not validate",
    explanation="Students learn what the protocol says: one with errors teaches them.")
REQUIREMENT_NOT_MET = Rule(
    "PK504", "error", "the programme falls short of a requirement (total, subject or modality)",
    explanation="A programme under its own minimum hours does not qualify its graduates as it claims.")
CURRICULUM_UNKNOWN_MODALITY = Rule(
    "PK505", "error", "a module teaches a modality no installed plugin provides",
    explanation="Hours cannot be counted toward a modality no plugin describes; install it or correct the id.")

CORE: tuple[Rule, ...] = (
    SCHEMA_VIOLATION, PARSE_ERROR, RULE_CRASHED, UNUSED_SUPPRESSION,
    UNKNOWN_MODALITY, TECHNIQUE_NOT_OFFERED, UNKNOWN_REGION, INTENT_NOT_OFFERED,
    TOTAL_DIFFERS, STEP_DURATION, NO_WARM_UP, PRESSURE_RANGE,
    SYSTEMIC, LOCAL, CAUTION, ENDANGERMENT, UNKNOWN_CONDITION, CLEARANCE_MISSING,
    HOURS_DO_NOT_ADD_UP, PROTOCOL_MISSING, PROTOCOL_INVALID, REQUIREMENT_NOT_MET, CURRICULUM_UNKNOWN_MODALITY,
)
# What screening reports about a client (an endangerment site is the protocol's own error).
CLIENT_SCREENING = frozenset(rule.code for rule in (SYSTEMIC, LOCAL, CAUTION, UNKNOWN_CONDITION, CLEARANCE_MISSING))
# Codes no selection, setting or comment switches off: a file never checked, or what could hurt a client.
NEVER_IGNORED = frozenset((PARSE_ERROR.code, RULE_CRASHED.code, *CLIENT_SCREENING, ENDANGERMENT.code))
