"""Examples for curricula: hours that add up, protocols that can be found and validate."""

from __future__ import annotations

HOURS_DO_NOT_ADD_UP = """\
protocolkit: 1
kind: curriculum
id: theory
title: Massage theory
modules:
  - id: theory
    title: Massage theory and principles
    subject: massage-theory
    contact-hours: 27   # the topics below add up to 4.5
    topics:
      - {title: History of massage, hours: 1.5}
      - {title: Research literacy, hours: 3}
"""
HOURS_DO_NOT_ADD_UP_FIX = """\
protocolkit: 1
kind: curriculum
id: theory
title: Massage theory
modules:
  - id: theory
    title: Massage theory and principles
    subject: massage-theory
    contact-hours: 27
    topics:   # ELAP's topic hours for this subject (2013)
      - {title: History of massage, hours: 1.5}
      - {title: Research literacy, hours: 3}
      - {title: Benefits and effects, hours: 7}
      - {title: Cautions and contraindications, hours: 15.5}
"""

PROTOCOL_MISSING = """\
protocolkit: 1
kind: curriculum
id: swedish-course
title: Swedish course
modules:
  - id: swedish
    title: Swedish massage
    subject: massage-application
    contact-hours: 10
    protocols: [back-and-neck-60.yml]   # the file is called back-and-neck-60.yaml
"""
PROTOCOL_MISSING_FIX = PROTOCOL_MISSING.replace(
    "protocols: [back-and-neck-60.yml]   # the file is called back-and-neck-60.yaml",
    "protocols: [back-and-neck-60.yaml]")

PROTOCOL_INVALID = """\
# back-and-neck-60.yaml, beside the curriculum, names a region 'upper-bak'.
protocolkit: 1
kind: curriculum
id: swedish-course
title: Swedish course
modules:
  - id: swedish
    title: Swedish massage
    subject: massage-application
    contact-hours: 10
    protocols: [back-and-neck-60.yaml]
"""
PROTOCOL_INVALID_FIX = """\
# back-and-neck-60.yaml now says 'upper-back', and validates clean.
protocolkit: 1
kind: curriculum
id: swedish-course
title: Swedish course
modules:
  - id: swedish
    title: Swedish massage
    subject: massage-application
    contact-hours: 10
    protocols: [back-and-neck-60.yaml]
"""

REQUIREMENT_NOT_MET = """\
protocolkit: 1
kind: curriculum
id: theory
title: Massage theory
requirements:
  subjects:
    massage-theory: 27
modules:
  - id: theory
    title: Massage theory and principles
    subject: massage-theory
    contact-hours: 20   # 7 hours short of the requirement
"""
REQUIREMENT_NOT_MET_FIX = REQUIREMENT_NOT_MET.replace("contact-hours: 20   # 7 hours short of the requirement",
                                                      "contact-hours: 27")

CURRICULUM_UNKNOWN_MODALITY = """\
protocolkit: 1
kind: curriculum
id: bodywork
title: Bodywork
modules:
  - id: eastern
    title: Eastern bodywork
    subject: massage-application
    contact-hours: 10
    modalities: [shiatsu]   # no installed plugin provides shiatsu
"""
CURRICULUM_UNKNOWN_MODALITY_FIX = CURRICULUM_UNKNOWN_MODALITY.replace(
    "modalities: [shiatsu]   # no installed plugin provides shiatsu", "modalities: [swedish]")

SUBJECT_HOURS_DO_NOT_ADD_UP = """\
protocolkit: 1
kind: curriculum
id: sciences
title: Body sciences
modules:
  - id: anatomy-physiology
    title: Anatomy and physiology
    subjects: {anatomy: 30, physiology: 20}   # 50 hours, but the module has 60
    contact-hours: 60
"""
SUBJECT_HOURS_DO_NOT_ADD_UP_FIX = SUBJECT_HOURS_DO_NOT_ADD_UP.replace(
    "subjects: {anatomy: 30, physiology: 20}   # 50 hours, but the module has 60",
    "subjects: {anatomy: 35, physiology: 25}")

UNKNOWN_SUBJECT = """\
protocolkit: 1
kind: curriculum
id: sciences
title: Body sciences
modules:
  - id: kinesiology
    title: Kinesiology
    subject: kinesology   # misspelt
    contact-hours: 50
"""
UNKNOWN_SUBJECT_FIX = UNKNOWN_SUBJECT.replace("subject: kinesology   # misspelt", "subject: kinesiology")

PROTOCOL_FOLDER_OUTSIDE = """\
protocolkit: 1
kind: curriculum
id: swedish-course
title: Swedish course
protocol-folders: ["/"]   # the whole disk: every file on it is read to find back-and-neck-60
modules:
  - id: swedish
    title: Swedish massage
    subject: massage-application
    contact-hours: 10
    protocols: [back-and-neck-60]
"""
PROTOCOL_FOLDER_OUTSIDE_FIX = PROTOCOL_FOLDER_OUTSIDE.replace(
    'protocol-folders: ["/"]   # the whole disk: every file on it is read to find back-and-neck-60',
    "protocol-folders: [../protocols]   # the school's protocols, beside its curricula")
