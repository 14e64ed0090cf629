"""Every core code in one place: code, severity, summary, and the rule's page.

The stages report these (loading PK001-PK002, rules PK1xx-PK3xx, screening
PK4xx, curricula PK5xx, treatment plans PK6xx,
requirement profiles PK7xx); the checks that find PK1xx-PK404 attach themselves
with ``Rule.with_check``.  No core module writes a code as a string: it names
the declaration here.  Plugin codes carry a prefix of their own (MFR, RFX).

Each declaration carries its page's sections (``protocolkit rule CODE``,
docs/rules/): what it checks and why it matters here, the example and fix in
``rule_examples``.  Write them for therapists and teachers: plain words, and
a source for every clinical reason.
"""

from __future__ import annotations

from protocolkit.model.rule_examples import curricula, plans, protocols, requirements, screening
from protocolkit.model.rules import Rule

_WERNER = "Werner & Benjamin, contraindication categories"
_ABMP = "ABMP, 'Take the Danger Out of Endangerment Sites'"
_WALTON = "Walton, 'Massage Therapy and Cancer' (pressure follows medical status)"
_SESSION = "domain notes, session structure (warm up with Swedish strokes, then go deeper layer by layer)"
_TECHNIQUES = "domain notes, technique table (pressure on the Walton scale, how each technique is used)"
_SNIPPETS = "The example and fix name a protocol file beside the curriculum, so they are not checked on their own."
_PLAN_SNIPPETS = "The example and fix name protocol files beside the plan, so they are not checked on their own."

# -- loading and the pipeline itself ---------------------------------------------------------------
SCHEMA_VIOLATION = Rule(
    "PK001", "error", "the document does not match the protocol schema",
    what="The document's shape: every key spelt as the schema knows it, each value of the right kind (a "
         "duration such as 5m, a pressure from 1 to 5 or its word), and no required key missing. "
         "Intakes, curricula and house modalities have schemas of their own.",
    why="A document the schema rejects (an unknown key, a wrong type, a missing key) cannot be built into "
        "a protocol, so no other rule can judge it; the finding says where and what would be right.",
    example=protocols.SCHEMA_VIOLATION, fix=protocols.SCHEMA_VIOLATION_FIX)
PARSE_ERROR = Rule(
    "PK002", "error", "the file does not parse as YAML or JSON, or is empty",
    what="Whether the file can be read at all: YAML or JSON that parses, is not empty, fits the size limit "
         "and holds nothing hostile (aliases that explode, deep nesting, a key given twice).",
    why="A file that does not parse, is too large, or holds a hostile construct was never checked; it "
        "can never pass, be ignored or be suppressed.",
    example=protocols.PARSE_ERROR, fix=protocols.PARSE_ERROR_FIX)
RULE_CRASHED = Rule(
    "PK003", "error", "a rule raised instead of checking; the protocol is not known to be valid",
    what="A rule (usually a plugin's) that stopped with an error on this document instead of checking it. "
         "The finding names the rule and its plugin. The document may well be fine: the fault is in the rule. "
         "Tell the plugin's author, or leave the plugin out meanwhile with PROTOCOLKIT_DISABLE_PLUGINS=NAME.",
    why="A check that could not run has not passed: a crashing rule (usually a plugin's) fails the file "
        "rather than letting it through.",
    example=protocols.RULE_CRASHED, fix=protocols.RULE_CRASHED_FIX,
    not_runnable="The example and fix are a plugin's Python: a rule that crashes cannot be shown in a document.")
UNUSED_SUPPRESSION = Rule(
    "PK004", "warning", "a '# protocolkit: ignore[...]' comment that suppresses nothing",
    what="A '# protocolkit: ignore[CODE]' comment on a line where nothing is reported as CODE, or that names a "
         "code that can never be ignored.",
    why="A suppression comment that no longer matches a finding hides nothing today but would silence a "
        "future finding on that line; remove it.",
    example=protocols.UNUSED_SUPPRESSION, fix=protocols.UNUSED_SUPPRESSION_FIX)
FINDINGS_CAPPED = Rule(
    "PK005", "error", "more findings in one file than are listed; the rest are counted in this one",
    what="A file with more than 1,000 findings: the first 1,000 are listed in file order, then this one, where "
         "the unlisted ones begin, says how many more there are of each severity. It takes the worst severity "
         "among them, so errors past the first 1,000 still fail the file; it can never be ignored or suppressed.",
    why="Tens of thousands of findings (a generated or pasted document gone wrong) fill a terminal, a report "
        "or an editor with more than anyone reads; the first ones are the place to start, and the count says "
        "how far there is to go.",
    example=protocols.FINDINGS_CAPPED, fix=protocols.FINDINGS_CAPPED_FIX,
    not_runnable="A file needs more than 1,000 findings to show it; the example is the start of one.")

# -- references: what a step names -----------------------------------------------------------------
UNKNOWN_MODALITY = Rule(
    "PK101", "error", "a step names a modality no installed plugin provides",
    what="Each step's modality is one an installed plugin or house modality provides. The finding suggests "
         "the closest id, or names the plugin that failed to load it.",
    why="A modality no plugin provides cannot be checked for its techniques, pressures or "
        "contraindications; install its plugin or correct the id.",
    example=protocols.UNKNOWN_MODALITY, fix=protocols.UNKNOWN_MODALITY_FIX)
TECHNIQUE_NOT_OFFERED = Rule(
    "PK102", "error", "a step uses a technique its modality does not offer",
    what="Each step's technique is one its modality teaches ('protocolkit show MODALITY' lists them). The "
         "finding names the modalities that do offer it.",
    why="Each modality names the techniques it teaches; a step outside them is not that modality's work "
        "and its limits are unknown.",
    example=protocols.TECHNIQUE_NOT_OFFERED, fix=protocols.TECHNIQUE_NOT_OFFERED_FIX)
UNKNOWN_REGION = Rule(
    "PK103", "error", "a step names a body region the vocabulary does not know",
    what="Each step's region (and each region an intake names) is one of the body regions or their aliases "
         "that 'protocolkit regions' lists.",
    why="Contraindications, endangerment sites and distal rules are checked by region; an unknown region "
        "escapes them all.",
    example=protocols.UNKNOWN_REGION, fix=protocols.UNKNOWN_REGION_FIX)
INTENT_NOT_OFFERED = Rule(
    "PK104", "warning", "a step's modality does not list the protocol's intent among its intents",
    what="When the protocol says what the session is for (intent: relaxation, pre-event, ...), every modality "
         "it uses lists that intent. Reported once per modality, at its first step.",
    why="A modality used for an intent it does not list (deep tissue before an event, say) is rarely what "
        "the session needs.",
    example=protocols.INTENT_NOT_OFFERED, fix=protocols.INTENT_NOT_OFFERED_FIX)
REGION_ALIAS = Rule(
    "PK105", "info", "a step names its region by an alias or another spelling rather than its id",
    what="A step's region written as an alias ('hamstrings') or in another spelling ('Upper Back') instead of "
         "the region's id. The format allows it, so 'protocolkit validate' does not report it; 'protocolkit "
         "validate --fix' writes the id in its place, and an editor offers the same change.",
    why="An alias is read as one region, and every finding and screening names that region's id: 'arm' is read "
        "as upper-arm, 'groin' as femoral-triangle, an endangerment site. The id shows every reader the region "
        "that is checked.",
    example="protocolkit: 1\nid: hamstring-warm-up\ntitle: Hamstring warm-up\nduration: 5m\nsteps:\n"
            "  - modality: swedish\n    technique: effleurage\n    region: hamstrings   # the back of the thigh\n"
            "    duration: 5m\n    pressure: light\n",
    fix="protocolkit: 1\nid: hamstring-warm-up\ntitle: Hamstring warm-up\nduration: 5m\nsteps:\n"
        "  - modality: swedish\n    technique: effleurage\n    region: posterior-thigh   # the back of the thigh\n"
        "    duration: 5m\n    pressure: light\n",
    not_runnable="validate accepts aliases and never reports PK105; 'validate --fix' and the editor find it.")

# -- timing and pressure ---------------------------------------------------------------------------
TOTAL_DIFFERS = Rule(
    "PK201", "error",
    "the steps' total differs from the planned duration by more than 5% (error when over, warning when under)",
    what="The steps' durations add up to the protocol's planned duration, give or take 5% (the "
         "'duration-tolerance' setting). Over is an error, under a warning.",
    why="A session that runs over its booked time runs into the next client; one that runs short leaves "
        "paid time unused.",
    example=protocols.TOTAL_DIFFERS, fix=protocols.TOTAL_DIFFERS_FIX)
STEP_DURATION = Rule(
    "PK202", "warning", "a step lasts longer or shorter than its technique's bounds",
    what="Each step lasts within its technique's step bounds, as its modality sets them ('protocolkit show "
         "MODALITY' lists them): tapotement 15s to 3m in Swedish massage, for instance.",
    why=f"Each technique has a sensible step length (tapotement in short bursts, sustained pressure for "
        f"minutes); outside it the technique loses its effect or overworks the tissue. Source: {_TECHNIQUES}.",
    example=protocols.STEP_DURATION, fix=protocols.STEP_DURATION_FIX)
NO_WARM_UP = Rule(
    "PK301", "warning", "pressure 4 or more on a region with no earlier warm-up (pressure 3 or less) on it",
    what="Before any step at pressure 4 (deep) or 5 (maximal), an earlier step worked the same region and "
         "side at pressure 3 or less.",
    why=f"Deep work on tissue that was not warmed first with lighter strokes is uncomfortable and risks "
        f"guarding and bruising (session structure: warm-up, work, flush). Source: {_SESSION}.",
    example=protocols.NO_WARM_UP, fix=protocols.NO_WARM_UP_FIX)
PRESSURE_RANGE = Rule(
    "PK304", "warning", "a step's pressure is outside its technique's range",
    what="Each step's pressure lies within its technique's range on the 1-5 scale, as its modality sets it (effleurage "
         "1 to 3, deep stroking 4 to 5); an error on the steps of a modality whose ranges are strict (protocolkit show).",
    why=f"Each technique has a pressure range on the Walton scale (1 light lotioning to 5 maximal); outside "
        f"it the step is a different technique in all but name. Source: {_TECHNIQUES}.",
    example=protocols.PRESSURE_RANGE, fix=protocols.PRESSURE_RANGE_FIX)

# -- screening: the client ---------------------------------------------------------------------------
SYSTEMIC = Rule(
    "PK401", "error", "a systemic contraindication on the intake: do not treat",
    what="Whether the client's intake lists a condition that rules out massage altogether (fever, DVT, "
         "uncontrolled high blood pressure, ...), whatever the protocol holds.",
    why=f"A systemic condition (fever, DVT, uncontrolled high blood pressure, ...) rules out circulatory massage "
        f"altogether: the verdict is 'do not treat' whatever the protocol. Source: {_WERNER}.",
    example=screening.LIGHT_BACK, example_intake=screening.SYSTEMIC_INTAKE,
    fix=screening.LIGHT_BACK, fix_intake=screening.SYSTEMIC_FIX_INTAKE)
LOCAL = Rule(
    "PK402", "error",
    "a step works where a local contraindication rules work out (the area, or what lies distal to it, on its limb "
    "or in its body quadrant)",
    what="Whether a step works where a condition on the intake rules out the area: the region the intake "
         "names on its side, and for some conditions everything below it on the limb, the whole limb or "
         "that quarter of the body.",
    why=f"A local condition rules out its area on its side, and for some conditions everything distal to "
        f"it, its whole limb or its body quadrant; a local condition the intake does not place rules out "
        f"the session until it does. Source: {_WERNER}.",
    example=screening.LOCAL, example_intake=screening.LOCAL_INTAKE, fix=screening.LOCAL_FIX)
CAUTION = Rule(
    "PK403", "error", "a step exceeds a condition's pressure ceiling or uses a technique it restricts",
    what="Whether a step goes above the pressure a condition on the intake allows, or uses a technique it "
         "rules out ('protocolkit conditions' lists each condition's limits).",
    why=f"A caution condition allows work under a pressure ceiling and without some techniques; a "
        f"physician's clearance may set the ceiling's level but lifts no limit on named regions. Sources: "
        f"{_WERNER}; {_WALTON}.",
    example=screening.CAUTION, example_intake=screening.CAUTION_INTAKE, fix=screening.CAUTION_FIX)
ENDANGERMENT = Rule(
    "PK404", "error",
    "an endangerment site worked with a technique it does not allow, above pressure 2, or for over a minute a step",
    what="Steps on an endangerment site (the back of the knee, the front of the neck, the armpit, the eyes, ...: "
         "'protocolkit regions' marks them) never make it the target: only broad, light effleurage or a still hold "
         "(sustained-pressure), at pressure 2 or less, a minute at most a step; the finding names the region "
         "around the site to work instead. Checked on every protocol, with or without an intake.",
    why=f"Nerves and vessels lie close to the surface at endangerment sites: broad, flat, light pressure only. "
        f"Source: {_ABMP}; Werner. The techniques allowed and the minute a step are the project's conservative "
        f"default: the sources give neither.",
    example=screening.ENDANGERMENT, fix=screening.ENDANGERMENT_FIX)
UNKNOWN_CONDITION = Rule(
    "PK405", "error", "the intake names a condition the catalog does not know",
    what="Every condition, medication and clearance on the intake is one the catalog knows ('protocolkit "
         "conditions' lists them). The finding suggests what the word may mean, from the words people write "
         "for each condition or a small slip of spelling, never a guess across unrelated conditions, and "
         "names the stricter conditions of that family beside it.",
    why="Screening cannot pass what it cannot read: an unknown condition (or clearance) means no verdict "
        "until the intake uses an id the catalog knows. A condition the catalog does not have is written "
        "'other' with a note saying what it is (do not treat until a clinician has reviewed it); never "
        "delete it to get a verdict.",
    example=screening.UNKNOWN_CONDITION, fix=screening.UNKNOWN_CONDITION_FIX)
CLEARANCE_MISSING = Rule(
    "PK406", "error",
    "a condition needs a physician's clearance the intake does not list: do not treat until cleared",
    what="Whether the intake lists a condition that needs a physician's clearance (cancer, recent "
         "surgery, a high-risk pregnancy, ...) without that clearance under 'clearance'.",
    why=f"Conditions such as cancer, recent surgery or a high-risk pregnancy need a physician's word before "
        f"any massage: 'do not treat until cleared'. Source: {_WALTON}; domain notes, screening second "
        f"pass.",
    example=screening.LIGHT_BACK, example_intake=screening.CLEARANCE_MISSING_INTAKE,
    fix=screening.LIGHT_BACK, fix_intake=screening.CLEARANCE_MISSING_FIX_INTAKE)
POSITION = Rule(
    "PK407", "error", "a step is in a position the client's intake rules out, or states none when it matters",
    what="Whether a step puts the client in a position a condition on the intake rules out (no prone from 13 "
         "weeks of pregnancy, no flat supine from 20, no prone after an anterior hip replacement, no lying on "
         "a chest port), and, when the client's limits depend on position, whether every step says which one "
         "(a step takes the position of the one before it, the first the protocol's 'position').",
    why="Lying flat on the back late in pregnancy can press on the great vessels and drop blood pressure, and "
        "lying face down presses on the abdomen; a new hip can dislocate in the wrong position. A step whose "
        "position is not known cannot be shown to be safe, so it is flagged (fail closed). Sources: domain "
        "notes, screening third pass (AccessAnesthesiology; ACOG 2002; Osborne; Eannucci et al., HSS J 2019); "
        "the week limits are the project's conservative default.",
    example=screening.POSITION, example_intake=screening.POSITION_INTAKE,
    fix=screening.POSITION_FIX, fix_intake=screening.POSITION_INTAKE)

# -- curricula --------------------------------------------------------------------------------------
HOURS_DO_NOT_ADD_UP = Rule(
    "PK501", "error", "a module's topic hours do not add up to its contact hours",
    what="In a curriculum, the hours of a module's topics add up to the module's contact hours.",
    why="A syllabus whose topics do not account for the module's hours misreports what is taught.",
    example=curricula.HOURS_DO_NOT_ADD_UP, fix=curricula.HOURS_DO_NOT_ADD_UP_FIX)
PROTOCOL_MISSING = Rule(
    "PK502", "error", "a module names a protocol that cannot be found",
    what="Every protocol a curriculum module names can be found: a file, relative to the curriculum, or an id "
         "in the project's protocol folders.",
    why="A module teaches the protocols it names; one that cannot be found cannot be taught or counted.",
    example=curricula.PROTOCOL_MISSING, fix=curricula.PROTOCOL_MISSING_FIX, not_runnable=_SNIPPETS)
PROTOCOL_INVALID = Rule(
    "PK503", "error", "a module teaches a protocol that does not validate",
    what="Every protocol a curriculum module names validates without errors.",
    why="Students learn what the protocol says: one with errors teaches them.",
    example=curricula.PROTOCOL_INVALID, fix=curricula.PROTOCOL_INVALID_FIX, not_runnable=_SNIPPETS)
REQUIREMENT_NOT_MET = Rule(
    "PK504", "error", "the programme falls short of a requirement (total, subject or modality)",
    what="The programme meets the minimum hours its 'requirements' ask for: in total, per subject and per "
         "modality.",
    why="A programme under its own minimum hours does not qualify its graduates as it claims.",
    example=curricula.REQUIREMENT_NOT_MET, fix=curricula.REQUIREMENT_NOT_MET_FIX)
CURRICULUM_UNKNOWN_MODALITY = Rule(
    "PK505", "error", "a module teaches a modality no installed plugin provides",
    what="Every modality a curriculum module teaches is one an installed plugin or house modality provides.",
    why="Hours cannot be counted toward a modality no plugin describes; install it or correct the id.",
    example=curricula.CURRICULUM_UNKNOWN_MODALITY, fix=curricula.CURRICULUM_UNKNOWN_MODALITY_FIX)
SUBJECT_HOURS_DO_NOT_ADD_UP = Rule(
    "PK506", "error", "a module's subject hours do not add up to its contact hours",
    what="In a curriculum, a module that splits its contact hours over several subjects ('subjects: {anatomy: 30, "
         "physiology: 20}') gives them hours that add up to its contact hours. Its clinic hours count as "
         "clinical-practice on their own and are not part of the split.",
    why="State rules set minimum hours per subject: a split that does not account for the module's hours "
        "reports more or fewer hours of a subject than are taught.",
    example=curricula.SUBJECT_HOURS_DO_NOT_ADD_UP, fix=curricula.SUBJECT_HOURS_DO_NOT_ADD_UP_FIX)
UNKNOWN_SUBJECT = Rule(
    "PK507", "warning", "a module or requirement names a subject that is not in the subject vocabulary",
    what="Every subject a curriculum names (a module's 'subject' or 'subjects', the requirements' 'subjects') is "
         "an id or alias from 'protocolkit subjects'. The finding suggests the closest id.",
    why="Requirement profiles count hours by subject id; hours under a word the vocabulary does not know still "
        "count toward the curriculum's own requirements, but toward no state's.",
    example=curricula.UNKNOWN_SUBJECT, fix=curricula.UNKNOWN_SUBJECT_FIX)
PROTOCOL_FOLDER_OUTSIDE = Rule(
    "PK508", "warning", "a curriculum looks for protocols outside its own tree",
    what="The folders a curriculum's 'protocol-folders' names lie inside its own tree: the nearest folder up from "
         "the curriculum that holds protocolkit.toml, pyproject.toml or a .git, .hg or .svn folder (without one, "
         "the folder above the curriculum's own, so that a curriculum in curricula/ may name protocols/ beside "
         "it). On the command line such a folder is still looked in, and this is a warning. The studio reads "
         "nothing outside the folder it serves: there a protocol folder or protocol file that lies outside that "
         "folder (symlinks followed) is an error, and it is neither opened nor looked in.",
    why="To find a protocol named by id, every file under every protocol folder is read: a folder such as '/' "
        "or a home folder means reading the whole disk, slowly, and files that have nothing to do with the "
        "school. A folder outside the project is rarely meant; naming it is usually a typo in a '../'.",
    example=curricula.PROTOCOL_FOLDER_OUTSIDE, fix=curricula.PROTOCOL_FOLDER_OUTSIDE_FIX,
    not_runnable="The example names the whole disk and the fix a folder beside the curriculum, so they are not "
                 "checked on their own.")

# -- treatment plans --------------------------------------------------------------------------------
PLAN_PROTOCOL_MISSING = Rule(
    "PK601", "error", "a plan's phase names a protocol that cannot be found or read",
    what="Every phase of a treatment plan names a protocol that can be found and read: a file relative to the "
         "plan, or the id of a protocol in the plan's folder.",
    why="Each session of the phase follows that protocol; a plan whose sessions cannot be looked up cannot be "
        "checked, screened or handed to a client.",
    example=plans.PROTOCOL_MISSING, fix=plans.PROTOCOL_MISSING_FIX, not_runnable=_PLAN_SNIPPETS)
PLAN_PROTOCOL_INVALID = Rule(
    "PK602", "error", "a plan's phase names a protocol that has errors (or warnings), reported at the reference",
    what="Every protocol a plan names validates: its own errors (or, when it has none, its warnings) are "
         "summarised at the phase that names it, with their lines in the protocol's file. A file that does not "
         "parse or is not a protocol is reported here too.",
    why="Every session of the phase repeats the protocol, and its problems with it: fix the protocol once and "
        "every session is right.",
    example=plans.PROTOCOL_INVALID, fix=plans.PROTOCOL_INVALID_FIX, not_runnable=_PLAN_SNIPPETS)
RECOVERY_TOO_SHORT = Rule(
    "PK603", "warning", "deep work (pressure 4-5) on one region sooner than tissue recovery allows (48 h by default)",
    what="Two sessions in a row that both work the same region and side at pressure 4 (deep) or 5 (maximal) are "
         "at least the recovery time apart: 48 hours unless the project sets 'recovery-hours' in protocolkit.toml. "
         "Checked within each phase and from the last session of a phase to the first of the next.",
    why="Deep work leaves tissue sore for a day or more, and working it again before it settles adds to the "
        "soreness rather than to the effect. Source: the 48 hours are a conservative default chosen by this "
        "project, not a published figure; set 'recovery-hours' to your clinic's own.",
    example=plans.RECOVERY_TOO_SHORT, fix=plans.RECOVERY_TOO_SHORT_FIX, not_runnable=_PLAN_SNIPPETS)
REASSESSMENT_OVERDUE = Rule(
    "PK604", "warning", "more sessions in a row than allowed (6 by default) without a reassessment",
    what="A plan reassesses at least every 6 sessions (the 'reassess-every' setting): a phase ends with "
         "'reassess: true' before the count since the last reassessment passes it.",
    why="A series is planned toward its goals' targets; without a reassessment nobody checks whether the "
        "sessions are working, or whether the plan should change. Six sessions is this project's default, "
        "not a published figure; set 'reassess-every' to your clinic's own.",
    example=plans.REASSESSMENT_OVERDUE, fix=plans.REASSESSMENT_OVERDUE_FIX, not_runnable=_PLAN_SNIPPETS)

# -- requirement profiles ---------------------------------------------------------------------------
_AGAINST = ("The example and fix are curricula reported with 'protocolkit curriculum report FILE --against "
            "PROFILE' (the profile named in their first comment), which 'validate' does not do.")
_STATE_RULES = "the profile's source: the legal text it cites ('protocolkit requirements ID' prints it)"
PROFILE_TOTAL_SHORT = Rule(
    "PK701", "error", "a curriculum has fewer hours in all than a requirement profile asks for",
    what="Reported by 'curriculum report --against PROFILE': the programme's hours in all (contact and clinic) "
         "reach the profile's total hours.",
    why=f"A state licenses graduates of programmes of at least its minimum hours; a shorter programme does not "
        f"qualify its graduates there. Source: {_STATE_RULES}.",
    example=requirements.TOTAL_SHORT, fix=requirements.TOTAL_SHORT_FIX, not_runnable=_AGAINST)
PROFILE_SUBJECT_SHORT = Rule(
    "PK702", "error", "a subject has fewer hours than a requirement profile asks for, or is not taught at all",
    what="Reported by 'curriculum report --against PROFILE': every subject the profile sets hours for has at "
         "least those hours (a composite such as anatomy-physiology counts its parts), and every subject it "
         "requires without hours is taught. Reported at the last module that teaches the subject; a module "
         "that teaches it only inside a block of several subjects whose hours are not split (anatomy-physiology, "
         "where the profile asks for anatomy alone) is named instead, with a 'subjects:' split that would give "
         "the profile's hours.",
    why=f"States set minimum hours per subject (anatomy, pathology, ethics, ...); a programme short in one "
        f"does not qualify however many hours it has in all. Source: {_STATE_RULES}.",
    example=requirements.SUBJECT_SHORT, fix=requirements.SUBJECT_SHORT_FIX, not_runnable=_AGAINST)
PROFILE_SUBJECT_TOO_EARLY = Rule(
    "PK703", "error", "a subject starts before the hours a requirement profile says must come first",
    what="Reported by 'curriculum report --against PROFILE': a subject the profile holds back (Texas's "
         "internship, say, only after the first 250 h, 100 of them massage technique and theory) is taught "
         "only in modules after that many hours. Modules are taught in list order, or by 'term'.",
    why=f"Students work on the public only once they have the hours behind them that the state asks for. "
        f"Source: {_STATE_RULES}.",
    example=requirements.CLINIC_TOO_EARLY, fix=requirements.CLINIC_TOO_EARLY_FIX, not_runnable=_AGAINST)
PROFILE_TOO_FEW_WEEKS = Rule(
    "PK704", "error", "a curriculum lasts fewer weeks than a requirement profile asks for",
    what="Reported by 'curriculum report --against PROFILE': the curriculum's 'weeks' (or its hours divided by "
         "its 'hours-per-week') reach the profile's minimum weeks.",
    why=f"Some states set a minimum length as well as minimum hours (Washington 24 weeks), so that the hours "
        f"are not crammed. Source: {_STATE_RULES}.",
    example=requirements.TOO_FEW_WEEKS, fix=requirements.TOO_FEW_WEEKS_FIX, not_runnable=_AGAINST)
PROFILE_TOO_FAST = Rule(
    "PK705", "error", "a curriculum teaches more hours a day or a week than a requirement profile allows",
    what="Reported by 'curriculum report --against PROFILE': the curriculum's 'hours-per-day' and "
         "'hours-per-week' (or its hours divided by its weeks) stay within the profile's maximums.",
    why=f"Some states cap the pace (Florida: at most 6 hours a day and 30 a calendar week); hours taught "
        f"beyond it may not count. Source: {_STATE_RULES}.",
    example=requirements.TOO_FAST, fix=requirements.TOO_FAST_FIX, not_runnable=_AGAINST)
PROFILE_PACE_NOT_STATED = Rule(
    "PK706", "error", "a requirement profile sets a pace rule and the curriculum does not state its pace",
    what="Reported by 'curriculum report --against PROFILE': when the profile sets a minimum number of weeks "
         "or a maximum of hours a day or a week, the curriculum states 'weeks', 'hours-per-day' or "
         "'hours-per-week' so that the rule can be checked.",
    why="A rule that cannot be checked has not been met: the report does not claim a programme qualifies "
        "when its length or pace is unknown.",
    example=requirements.PACE_NOT_STATED, fix=requirements.PACE_NOT_STATED_FIX, not_runnable=_AGAINST)
PROFILE_OUT_OF_DATE = Rule(
    "PK707", "warning", "a requirement profile's text may have changed: its as-of date is old or not known",
    what="Reported by 'curriculum report --against PROFILE': the profile's 'as-of' (the date its legal text "
         "was current) is within the last 3 years ('requirements-max-age' in protocolkit.toml). A profile "
         "with no as-of date is treated as an old one.",
    why="States amend their education rules; a report against an old text may say a programme qualifies "
        "when it no longer does. Check the current text before relying on the report.",
    example=requirements.PROFILE_OUT_OF_DATE, fix=requirements.PROFILE_OUT_OF_DATE_FIX,
    not_runnable="The example and fix are a school's own profile, reported on when a curriculum is checked "
                 "against it; whether a date is old depends on the day the report is made.")
PROFILE_UNKNOWN_SUBJECT = Rule(
    "PK708", "error", "a requirement profile names a subject that is not in the subject vocabulary",
    what="Every subject a requirement profile names (its 'subjects', 'required-subjects', groups and rules) is "
         "an id from 'protocolkit subjects'. The finding suggests the closest id.",
    why="A curriculum's hours are counted by subject id: a requirement under an unknown id can never be met, "
        "however the programme is taught.",
    example=requirements.UNKNOWN_SUBJECT, fix=requirements.UNKNOWN_SUBJECT_FIX)

CORE: tuple[Rule, ...] = (
    SCHEMA_VIOLATION, PARSE_ERROR, RULE_CRASHED, UNUSED_SUPPRESSION, FINDINGS_CAPPED,
    UNKNOWN_MODALITY, TECHNIQUE_NOT_OFFERED, UNKNOWN_REGION, INTENT_NOT_OFFERED, REGION_ALIAS,
    TOTAL_DIFFERS, STEP_DURATION, NO_WARM_UP, PRESSURE_RANGE,
    SYSTEMIC, LOCAL, CAUTION, ENDANGERMENT, UNKNOWN_CONDITION, CLEARANCE_MISSING, POSITION,
    HOURS_DO_NOT_ADD_UP, PROTOCOL_MISSING, PROTOCOL_INVALID, REQUIREMENT_NOT_MET, CURRICULUM_UNKNOWN_MODALITY,
    SUBJECT_HOURS_DO_NOT_ADD_UP, UNKNOWN_SUBJECT, PROTOCOL_FOLDER_OUTSIDE,
    PLAN_PROTOCOL_MISSING, PLAN_PROTOCOL_INVALID, RECOVERY_TOO_SHORT, REASSESSMENT_OVERDUE,
    PROFILE_TOTAL_SHORT, PROFILE_SUBJECT_SHORT, PROFILE_SUBJECT_TOO_EARLY, PROFILE_TOO_FEW_WEEKS, PROFILE_TOO_FAST,
    PROFILE_PACE_NOT_STATED, PROFILE_OUT_OF_DATE, PROFILE_UNKNOWN_SUBJECT,
)
# What screening reports about a client (an endangerment site is the protocol's own error).
CLIENT_SCREENING = frozenset(rule.code for rule in (SYSTEMIC, LOCAL, CAUTION, UNKNOWN_CONDITION, CLEARANCE_MISSING,
                                                    POSITION))
# Codes no selection, setting or comment switches off: a file never checked, or what could hurt a client.
NEVER_IGNORED = frozenset((PARSE_ERROR.code, RULE_CRASHED.code, FINDINGS_CAPPED.code, *CLIENT_SCREENING,
                           ENDANGERMENT.code))
