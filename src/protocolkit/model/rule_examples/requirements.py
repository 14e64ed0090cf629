"""Examples for requirement profiles: curricula reported against a profile, and a profile itself.

The curricula are checked by ``protocolkit curriculum report FILE --against
PROFILE`` (the profile each names in its first comment, from the
protocolkit-requirements-us plugin), not by ``validate``; tests/test_requirements.py
checks that each example trips its rule and its fix does not.  The last pair
is a profile document, which ``validate`` checks.
"""

from __future__ import annotations

_HEAD = "protocolkit: 1\nkind: curriculum\nid: massage-programme\ntitle: Massage programme\n"

_ELAP = "# protocolkit curriculum report this.yaml --against elap-core (625 h)\n" + _HEAD
TOTAL_SHORT = _ELAP + """\
modules:
  - {id: theory, title: Massage theory and principles, subject: massage-theory, contact-hours: 27}
  - {id: practice, title: Professional practices, subject: professional-practices, contact-hours: 20}
  - {id: technique, title: Massage technique, subject: massage-technique, contact-hours: 500}   # 547 h in all
"""
TOTAL_SHORT_FIX = TOTAL_SHORT.replace("contact-hours: 500}   # 547 h in all", "contact-hours: 578}   # 625 h in all")

SUBJECT_SHORT = _ELAP + """\
modules:
  - {id: theory, title: Massage theory and principles, subject: massage-theory, contact-hours: 12}   # 27 asked
  - {id: practice, title: Professional practices, subject: professional-practices, contact-hours: 20}
  - {id: technique, title: Massage technique, subject: massage-technique, contact-hours: 593}
"""
SUBJECT_SHORT_FIX = SUBJECT_SHORT.replace("contact-hours: 12}   # 27 asked", "contact-hours: 27}").replace(
    "contact-hours: 593}", "contact-hours: 578}")

_TEXAS = "# protocolkit curriculum report this.yaml --against texas (500 h)\n" + _HEAD + "modules:\n"
_TEXAS_CLASSES = """\
  - {id: technique, title: Swedish technique, subject: massage-technique, contact-hours: 125}
  - {id: theory, title: Massage theory, subject: massage-theory, contact-hours: 75}
  - {id: anatomy, title: Anatomy, subject: anatomy, contact-hours: 50}
  - {id: physiology, title: Physiology, subject: physiology, contact-hours: 25}
  - {id: kinesiology, title: Kinesiology, subject: kinesiology, contact-hours: 50}
  - {id: pathology, title: Pathology, subject: pathology, contact-hours: 40}
  - {id: hydrotherapy, title: Hydrotherapy, subject: hydrotherapy, contact-hours: 20}
  - {id: practice, title: "Laws, business and ethics", subject: laws-business-ethics, contact-hours: 45}
  - {id: health, title: "Hygiene, first aid and CPR", subject: health-hygiene-first-aid, contact-hours: 20}
"""
_INTERNSHIP = ("  - {id: internship, title: Internship, subject: clinical-practice, contact-hours: 0, "
               "clinic-hours: 50}\n")
CLINIC_TOO_EARLY = (_TEXAS + _TEXAS_CLASSES.split("\n", 2)[0] + "\n"
                    + _INTERNSHIP.rstrip("\n") + "   # after 125 h; Texas asks for 250 first\n"
                    + _TEXAS_CLASSES.split("\n", 1)[1])
CLINIC_TOO_EARLY_FIX = _TEXAS + _TEXAS_CLASSES + _INTERNSHIP.rstrip("\n") + "   # after the first 450 h\n"

_WASHINGTON = "# protocolkit curriculum report this.yaml --against washington (625 h in 24 weeks)\n" + _HEAD
_WASHINGTON_MODULES = """\
modules:
  - {id: technique, title: Massage technique, subject: massage-technique, contact-hours: 609}
  - {id: first-aid, title: First aid and CPR, subject: first-aid-cpr, contact-hours: 16}
"""
TOO_FEW_WEEKS = _WASHINGTON + "weeks: 20   # 625 h in 20 weeks\nhours-per-week: 31.25\n" + _WASHINGTON_MODULES
TOO_FEW_WEEKS_FIX = _WASHINGTON + "weeks: 25\nhours-per-week: 25\n" + _WASHINGTON_MODULES

_FLORIDA = "# protocolkit curriculum report this.yaml --against florida (500 h, 6 h a day, 30 a week)\n" + _HEAD
_FLORIDA_MODULES = """\
modules:
  - {id: anatomy-physiology, title: Anatomy and physiology, subject: anatomy-physiology, contact-hours: 150}
  - {id: theory, title: Massage theory and history, subject: massage-theory, contact-hours: 100}
  - {id: allied, title: Allied modalities, subject: allied-modalities, contact-hours: 76}
  - {id: business, title: Business, subject: business, contact-hours: 15}
  - {id: hydrotherapy, title: Hydrotherapy, subject: hydrotherapy, contact-hours: 15}
  - {id: laws, title: Florida laws and rules, subject: laws-rules, contact-hours: 10}
  - {id: ethics, title: Ethics, subject: ethics, contact-hours: 4}
  - {id: hiv-aids, title: HIV/AIDS, subject: communicable-disease, contact-hours: 3}
  - {id: errors, title: Prevention of medical errors, subject: medical-errors, contact-hours: 2}
  - {id: practicum, title: Clinical practicum, subject: clinical-practice, contact-hours: 0, clinic-hours: 125}
"""
TOO_FAST = _FLORIDA + "weeks: 14\nhours-per-day: 7   # Florida allows 6\nhours-per-week: 35\n" + _FLORIDA_MODULES
TOO_FAST_FIX = _FLORIDA + "weeks: 17\nhours-per-day: 6\nhours-per-week: 30\n" + _FLORIDA_MODULES

PACE_NOT_STATED = _WASHINGTON + "# no weeks: nobody can tell whether it lasts 24\n" + _WASHINGTON_MODULES
PACE_NOT_STATED_FIX = _WASHINGTON + "weeks: 26\nhours-per-week: 24\n" + _WASHINGTON_MODULES

_SCHOOL = "# our-school.yaml: protocolkit curriculum report this.yaml --against our-school.yaml\n"
PROFILE_OUT_OF_DATE = _SCHOOL + """\
protocolkit: 1
kind: requirements
id: our-accreditor
title: Our accreditor's standard
jurisdiction: Our accreditor
source: {citation: "Accreditation standard, section 4"}
as-of: "2015"   # the text as it stood eleven years ago
total-hours: 600
"""
PROFILE_OUT_OF_DATE_FIX = PROFILE_OUT_OF_DATE.replace(
    'as-of: "2015"   # the text as it stood eleven years ago', 'as-of: "2026-09"   # checked against this year\'s text')

UNKNOWN_SUBJECT = """\
protocolkit: 1
kind: requirements
id: our-accreditor
title: Our accreditor's standard
jurisdiction: Our accreditor
source: {citation: "Accreditation standard, section 4"}
as-of-note: the standard carries no date; ask the accreditor
total-hours: 600
subjects:
  anatomy-physiolgy: 100   # a typo: anatomy-physiology
required-subjects: [draping]
"""
UNKNOWN_SUBJECT_FIX = UNKNOWN_SUBJECT.replace("anatomy-physiolgy: 100   # a typo: anatomy-physiology",
                                              "anatomy-physiology: 100")
