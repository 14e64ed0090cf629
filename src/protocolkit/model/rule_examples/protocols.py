"""Examples for the rules a protocol meets on its own: loading, references, timing and pressure."""

from __future__ import annotations

# -- loading and the pipeline itself ---------------------------------------------------------------
SCHEMA_VIOLATION = """\
protocolkit: 1
id: back-warm-up
title: Back warm-up
duration: 5m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    presure: light   # misspelt: the schema knows 'pressure'
"""
SCHEMA_VIOLATION_FIX = """\
protocolkit: 1
id: back-warm-up
title: Back warm-up
duration: 5m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
"""

PARSE_ERROR = """\
protocolkit: 1
id: back-warm-up
title: Back warm-up
duration: 5m
steps: - modality: swedish   # a list item must start on a line of its own
    technique: effleurage
"""
PARSE_ERROR_FIX = SCHEMA_VIOLATION_FIX

RULE_CRASHED = """\
# A plugin's rule that forgets a rest step has no region:
def _feet_last(protocol, catalog):
    for step in protocol.steps:
        if step.region.endswith("foot"):  # AttributeError on a rest step
            ...
"""
RULE_CRASHED_FIX = """\
# The same rule, looking only at hands-on steps, which always have a region:
def _feet_last(protocol, catalog):
    for step in protocol.hands_on_steps:
        if step.region.endswith("foot"):
            ...
"""

UNUSED_SUPPRESSION = """\
protocolkit: 1
id: back-warm-up
title: Back warm-up
duration: 5m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light   # protocolkit: ignore[PK301]
"""
UNUSED_SUPPRESSION_FIX = SCHEMA_VIOLATION_FIX

FINDINGS_CAPPED = """\
protocolkit: 1
id: long-day
title: A long day, pasted from a spreadsheet
duration: 20h
steps:
  - modality: swedish
    technique: kneading   # PK102, and the same on each of the 1,200 steps below
    region: upper-back
    duration: 1m
    pressure: light
  # ... 1,200 more steps like it: 1,000 findings are listed, then PK005 counts the other 201
"""
FINDINGS_CAPPED_FIX = """\
protocolkit: 1
id: long-day
title: A long day, pasted from a spreadsheet
duration: 20h
steps:
  - modality: swedish
    technique: petrissage   # fixed here and on the steps below (search and replace)
    region: upper-back
    duration: 1m
    pressure: light
  # ... 1,200 more steps like it, fixed the same way
"""

# -- references: what a step names -----------------------------------------------------------------
UNKNOWN_MODALITY = SCHEMA_VIOLATION_FIX.replace("modality: swedish", "modality: swedsh   # misspelt")
UNKNOWN_MODALITY_FIX = SCHEMA_VIOLATION_FIX

TECHNIQUE_NOT_OFFERED = """\
protocolkit: 1
id: hamstring-stretch
title: Hamstring stretch
duration: 5m
steps:
  - modality: swedish   # Swedish massage does not teach stretching
    technique: stretching
    region: hamstrings
    duration: 5m
    pressure: light
"""
TECHNIQUE_NOT_OFFERED_FIX = """\
protocolkit: 1
id: hamstring-stretch
title: Hamstring stretch
duration: 5m
steps:
  - modality: sports   # sports massage does
    technique: stretching
    region: hamstrings
    duration: 5m
    pressure: light
"""

UNKNOWN_REGION = SCHEMA_VIOLATION_FIX.replace("region: upper-back", "region: upper-bak   # misspelt")
UNKNOWN_REGION_FIX = SCHEMA_VIOLATION_FIX

INTENT_NOT_OFFERED = """\
protocolkit: 1
id: back-unwind
title: Back unwind
duration: 15m
intent: relaxation   # deep tissue does not list relaxation
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: deep-tissue
    technique: deep-stroking
    region: upper-back
    duration: 10m
    pressure: deep
"""
INTENT_NOT_OFFERED_FIX = INTENT_NOT_OFFERED.replace(
    "intent: relaxation   # deep tissue does not list relaxation",
    "intent: maintenance   # one of deep tissue's intents")

# -- timing and pressure ---------------------------------------------------------------------------
TOTAL_DIFFERS = """\
protocolkit: 1
id: back-session
title: Back session
duration: 10m   # the steps below add up to 12m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 6m
    pressure: light
  - modality: swedish
    technique: petrissage
    region: upper-back
    duration: 6m
    pressure: moderate
"""
TOTAL_DIFFERS_FIX = TOTAL_DIFFERS.replace("duration: 10m   # the steps below add up to 12m",
                                          "duration: 12m   # what the steps add up to")

STEP_DURATION = """\
protocolkit: 1
id: back-finish
title: Back finish
duration: 10m
steps:
  - modality: swedish
    technique: tapotement
    region: upper-back
    duration: 10m   # tapotement comes in short bouts of 3m at most
    pressure: light
"""
STEP_DURATION_FIX = """\
protocolkit: 1
id: back-finish
title: Back finish
duration: 10m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 8m
    pressure: light
  - modality: swedish
    technique: tapotement
    region: upper-back
    duration: 2m   # a short, brisk bout
    pressure: light
"""

NO_WARM_UP = """\
protocolkit: 1
id: neck-release
title: Neck release
duration: 10m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: swedish
    technique: petrissage
    region: neck   # nothing has warmed the neck yet
    duration: 5m
    pressure: deep
"""
NO_WARM_UP_FIX = """\
protocolkit: 1
id: neck-release
title: Neck release
duration: 10m
steps:
  - modality: swedish
    technique: effleurage
    region: neck   # light strokes warm the neck first
    duration: 5m
    pressure: light
  - modality: swedish
    technique: petrissage
    region: neck
    duration: 5m
    pressure: deep
"""

PRESSURE_RANGE = """\
protocolkit: 1
id: back-strokes
title: Back strokes
duration: 10m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: maximal   # effleurage goes from 1 to 3
"""
PRESSURE_RANGE_FIX = PRESSURE_RANGE.replace("pressure: maximal   # effleurage goes from 1 to 3",
                                            "pressure: moderate")
