"""US requirement profiles: each state's education minimums for a massage programme.

Built only from the primary legal texts each profile cites; where a text sets
no hours for a subject the profile lists the subject as required without
hours, and where the date the text was current is not known the profile says
so (``as-of-note``) rather than guess one: the report then warns, as it does
for an old text, that the rules may have changed.  What a text says that the
report cannot check, and how the profile reads the text's own subject names
onto protocolkit's subject ids, is in each profile's ``notes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from protocolkit import hookimpl

if TYPE_CHECKING:
    from protocolkit import RequirementProfile

_NO_DATE = ("the date this text was last current is not recorded in protocolkit's sources; check the "
            "current text before relying on the report")


def _profile(**fields: Any) -> dict[str, Any]:
    data = {"protocolkit": 1, "kind": "requirements"}
    data.update({key.replace("_", "-"): value for key, value in fields.items()})
    return data


PROFILES: tuple[dict[str, Any], ...] = (
    _profile(
        id="texas", title="Texas massage therapy education", jurisdiction="Texas",
        source={"citation": "Tex. Occ. Code 455.156, 455.159; 16 TAC 117.20, 117.59"},
        as_of_note=_NO_DATE, total_hours=500,
        subjects={"massage-theory-technique": 200, "anatomy": 50, "physiology": 25, "kinesiology": 50,
                  "pathology": 40, "hydrotherapy": 20, "laws-business-ethics": 45, "health-hygiene-first-aid": 20,
                  "clinical-practice": 50},
        rules={"after-hours": [{"subject": "clinical-practice", "hours": 250,
                                "including": {"subjects": ["massage-theory-technique"], "hours": 100}}]},
        notes=["At least 125 of the 200 hours of massage technique and theory are Swedish massage: not "
               "checked here (a curriculum's own requirements can ask for modality hours).",
               "At least 40 hours of the 50-hour internship are hands-on at the school: not checked here.",
               "A classroom hour is at least 50 minutes.",
               "The internship is clinical-practice; it may start only after the first 250 hours, of which at "
               "least 100 are massage technique and theory."]),
    _profile(
        id="florida", title="Florida massage therapy education", jurisdiction="Florida",
        source={"citation": "F.A.C. 64B7-32.003"}, as_of="2024", total_hours=500,
        subjects={"anatomy-physiology": 150, "massage-theory": 100, "clinical-practice": 125,
                  "allied-modalities": 76, "business": 15, "hydrotherapy": 15, "laws-rules": 10, "ethics": 4,
                  "communicable-disease": 3, "medical-errors": 2},
        rules={"max-hours-per-day": 6, "max-hours-per-week": 30},
        notes=["'Massage theory and history' is massage-theory; the clinical practicum is clinical-practice; "
               "'HIV/AIDS' is communicable-disease; 'Florida laws and rules' is laws-rules.",
               "At most 6 hours a day and 30 hours a calendar week."]),
    _profile(
        id="washington", title="Washington massage therapy education", jurisdiction="Washington",
        source={"citation": "WAC 246-830-440; WAC 246-830-020"}, as_of="2021-09-01", total_hours=625,
        required_subjects=["first-aid-cpr"], rules={"minimum-weeks": 24},
        notes=["The as-of date is the date from which the text applies to programmes.",
               "Per-subject hours are not listed: protocolkit's sources could not verify them.",
               "First aid and CPR, the CPR in person (WAC 246-830-020)."]),
    _profile(
        id="illinois", title="Illinois massage therapy education", jurisdiction="Illinois",
        source={"citation": "68 Ill. Adm. Code 1284.20"}, as_of="2014", total_hours=600,
        required_subjects=["anatomy", "physiology", "pathology", "kinesiology", "massage-theory-technique",
                           "business", "ethics", "laws-rules", "draping", "communication"],
        notes=["600 hours of supervised instruction; the text sets no hours per subject, so each is required "
               "without hours.", "The as-of date is the year the text has applied since.",
               "'Massage theory, technique and practice' is massage-theory-technique; contraindications are "
               "taught in pathology; 'business and law' is business and laws-rules."]),
    _profile(
        id="nebraska", title="Nebraska massage therapy education", jurisdiction="Nebraska",
        source={"citation": "Neb. Rev. Stat. 38-1703; 172 NAC 82"}, as_of_note=_NO_DATE, total_hours=1000,
        subjects={"anatomy": 100, "physiology": 100, "massage-theory-technique": 100, "pathology": 100,
                  "hydrotherapy": 100, "hygiene": 100, "laws-business-ethics": 100, "clinical-practice": 300},
        rules={"minimum-weeks": 40},
        notes=["At least 9 months, read as 40 weeks: 9 calendar months are at most 275 days (39.3 weeks), "
               "rounded up to whole weeks so that no programme shorter than any 9 months passes.",
               "'Hygiene and practical demonstration' (100 hours) is counted as hygiene alone: log its "
               "practical demonstration hours under hygiene.",
               "'Health service management (law, ethics, business)' is laws-business-ethics; the 300 hours of "
               "clinical practice subjects are clinical-practice."]),
    _profile(
        id="utah", title="Utah massage therapy education", jurisdiction="Utah",
        source={"citation": "R156-47b-302"}, as_of_note=_NO_DATE, total_hours=600,
        subjects={"anatomy-physiology-kinesiology": 125, "pathology": 40, "massage-theory-technique": 285,
                  "business-ethics": 35, "hygiene-first-aid": 15, "clinical-practice": 100},
        notes=["'Theory and hands-on' is massage-theory-technique; 'sanitation, CPR and first aid' is "
               "hygiene-first-aid; the clinic is clinical-practice."]),
    _profile(
        id="michigan", title="Michigan massage therapy education", jurisdiction="Michigan",
        source={"citation": "R 338.705"}, as_of_note=_NO_DATE, total_hours=500,
        subjects={"massage-theory-technique": 200, "anatomy-physiology": 125, "pathology": 40,
                  "business-ethics": 10, "ethics": 6, "clinical-practice": 40},
        notes=["500 classroom hours.",
               "'Body systems' (125 hours) is read as anatomy-physiology, the narrowest reading; hours logged "
               "under other body-science subjects do not count toward it.",
               "'Related' subjects, 125 hours, of which at least 40 hours of supervised student clinic: only "
               "the 40 clinic hours (clinical-practice) are checked; the rest of the 125 counts toward the "
               "total."]),
    _profile(
        id="maryland", title="Maryland massage therapy education", jurisdiction="Maryland",
        source={"citation": "COMAR 10.65.01.07"}, as_of_note=_NO_DATE, total_hours=600,
        subjects={"anatomy-physiology-kinesiology-pathology": 100},
        notes=["At least 100 hours of anatomy, physiology, pathology and kinesiology together.",
               "CPR is required and its hours do not count toward the 600: not checked here."]),
    _profile(
        id="elap-core", title="ELAP core curriculum (the verified parts)",
        jurisdiction="ELAP (entry-level recommendation)",
        source={"citation": "Entry-Level Analysis Project (ELAP), 2013"}, as_of="2013", total_hours=625,
        subjects={"massage-theory-principles": 27, "professional-practices": 20},
        groups={"massage-theory-principles": {"title": "Massage Theory & Principles",
                                              "of": ["massage-theory", "research-literacy"]}},
        notes=["A recommendation of seven organisations, not a law.",
               "Only the parts protocolkit's sources verify: 625 hours, Massage Theory & Principles 27 hours "
               "(research literacy among its topics), Professional Practices 20 hours. Other subject totals "
               "are not listed."]),
)


@hookimpl
def protocolkit_register_requirements(register: Callable[[RequirementProfile], None]) -> None:
    # Imported here, not at the top: protocolkit runs this hook only when a command needs profiles,
    # and importing the plugin stays cheap for every other command.
    from protocolkit import requirements_from_data

    for data in PROFILES:
        register(requirements_from_data(data))
