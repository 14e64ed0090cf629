"""Examples for screening: a protocol checked against a client's intake, and the intake itself."""

from __future__ import annotations

LIGHT_BACK = """\
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

SYSTEMIC_INTAKE = """\
protocolkit: 1
kind: intake
client: C-0420
conditions:
  - id: fever
"""
SYSTEMIC_FIX_INTAKE = """\
# The intake at the next visit, once the fever has gone.
protocolkit: 1
kind: intake
client: C-0420
conditions: []
"""

LOCAL_INTAKE = """\
protocolkit: 1
kind: intake
client: C-0042
conditions:
  - id: varicose-veins
    region: calf
    side: left
"""
LOCAL = """\
protocolkit: 1
id: feet
title: Feet
duration: 5m
steps:
  - modality: swedish
    technique: effleurage
    region: foot
    side: left   # below the varicose veins on the left calf
    duration: 5m
    pressure: light
"""
LOCAL_FIX = LOCAL.replace("side: left   # below the varicose veins on the left calf",
                          "side: right   # the other leg is free")

CAUTION_INTAKE = """\
protocolkit: 1
kind: intake
client: C-0042
medications: [anticoagulants]
"""
CAUTION = """\
protocolkit: 1
id: back-session
title: Back session
duration: 10m
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: swedish
    technique: petrissage
    region: upper-back
    duration: 5m
    pressure: moderate   # anticoagulants: 2 (light) at most
"""
CAUTION_FIX = CAUTION.replace("pressure: moderate   # anticoagulants: 2 (light) at most", "pressure: light")

ENDANGERMENT = """\
protocolkit: 1
id: legs
title: Legs
duration: 10m
steps:
  - modality: swedish
    technique: effleurage
    region: calf
    duration: 5m
    pressure: light
  - modality: swedish
    technique: petrissage   # kneading does not belong on the back of the knee
    region: back-of-knee
    duration: 5m            # too long to stay on it
    pressure: moderate      # too firm there
"""
ENDANGERMENT_FIX = """\
protocolkit: 1
id: legs
title: Legs
duration: 10m
steps:
  - modality: swedish
    technique: effleurage
    region: calf
    duration: 4m
    pressure: light
  - modality: swedish
    technique: petrissage   # knead the calf, around the back of the knee
    region: calf
    duration: 5m
    pressure: moderate
  - modality: swedish
    technique: effleurage   # broad, flat and light, a minute at most
    region: back-of-knee
    duration: 1m
    pressure: light
"""

UNKNOWN_CONDITION = """\
protocolkit: 1
kind: intake
client: C-0099
conditions:
  - id: varicose-vein   # misspelt
    region: calf
"""
UNKNOWN_CONDITION_FIX = UNKNOWN_CONDITION.replace("id: varicose-vein   # misspelt", "id: varicose-veins")

CLEARANCE_MISSING_INTAKE = """\
protocolkit: 1
kind: intake
client: C-0318
conditions:
  - id: cancer
"""
CLEARANCE_MISSING_FIX_INTAKE = """\
protocolkit: 1
kind: intake
client: C-0318
conditions:
  - id: cancer
clearance: [cancer]   # the physician has cleared massage
"""

POSITION_INTAKE = """\
protocolkit: 1
kind: intake
client: C-0215
conditions:
  - id: pregnancy
    weeks: 24
"""
POSITION = """\
protocolkit: 1
id: back-session
title: Back session
duration: 10m
position: prone   # from 13 weeks of pregnancy, not face down
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: swedish
    technique: petrissage
    region: upper-back
    duration: 5m
    pressure: moderate
"""
POSITION_FIX = POSITION.replace("position: prone   # from 13 weeks of pregnancy, not face down",
                                "position: side-lying   # on her left side, a pillow between the knees")
