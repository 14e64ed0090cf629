"""Examples for treatment plans: protocols that can be found and validate, deep work spaced
for recovery, reassessments often enough.  Each names example protocols beside the plan
(upper-back-deep-tissue-60.yaml, as in examples/)."""

from __future__ import annotations

_PLAN = """\
protocolkit: 1
kind: treatment-plan
id: upper-back-series
title: Upper back series
goals:
  - id: muscle-pain
    target: pain below 3/10
phases:
"""

PROTOCOL_MISSING = _PLAN + """\
  - protocol: upper-back-deep-tissue.yaml   # the file is called upper-back-deep-tissue-60.yaml
    sessions: 6
    every: 3d
    reassess: true
"""
PROTOCOL_MISSING_FIX = PROTOCOL_MISSING.replace(
    "upper-back-deep-tissue.yaml   # the file is called upper-back-deep-tissue-60.yaml",
    "upper-back-deep-tissue-60.yaml")

PROTOCOL_INVALID = "# upper-back-draft.yaml, beside the plan, names a region 'upper-bak'.\n" + _PLAN + """\
  - protocol: upper-back-draft.yaml
    sessions: 6
    every: 3d
    reassess: true
"""
PROTOCOL_INVALID_FIX = PROTOCOL_INVALID.replace(
    "# upper-back-draft.yaml, beside the plan, names a region 'upper-bak'.",
    "# upper-back-draft.yaml now says 'upper-back', and validates clean.")

RECOVERY_TOO_SHORT = _PLAN + """\
  - protocol: upper-back-deep-tissue-60.yaml   # deep work on the upper back
    sessions: 4
    every: 1d   # 24 hours apart
    reassess: true
"""
RECOVERY_TOO_SHORT_FIX = RECOVERY_TOO_SHORT.replace("every: 1d   # 24 hours apart", "every: 3d")

REASSESSMENT_OVERDUE = _PLAN + """\
  - protocol: upper-back-deep-tissue-60.yaml
    sessions: 8   # eight sessions before anyone looks again
    every: 1w
    reassess: true
"""
REASSESSMENT_OVERDUE_FIX = _PLAN + """\
  - protocol: upper-back-deep-tissue-60.yaml
    sessions: 6
    every: 1w
    reassess: true
  - protocol: upper-back-deep-tissue-60.yaml
    sessions: 2
    every: 1w
    reassess: true
"""
