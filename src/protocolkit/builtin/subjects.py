"""The core subject vocabulary, registered by the core as a plugin like any other.

The basic subjects are the ones the states' education rules and the ELAP
report name (domain notes: Curricula, Requirement profiles); the composites
are the groupings those rules set hours for together ("laws/rules + business +
ethics 45"), so a profile can ask for exactly what its legal text asks for.
Aliases are the words the rules and schools use for each.  No hours live here:
a subject is a name, and the minimums belong to the requirement profiles.
"""

from __future__ import annotations

from collections.abc import Callable

from protocolkit.model.subjects import Subject
from protocolkit.plugin.hookspecs import hookimpl

BASIC_SUBJECTS: tuple[Subject, ...] = (
    Subject("anatomy", "Anatomy", "The structures of the body: bones, muscles, organs and where they lie.",
            ("gross anatomy",)),
    Subject("physiology", "Physiology", "How the body's systems work and respond, touch included."),
    Subject("kinesiology", "Kinesiology", "How the body moves: muscles' actions, joints and posture.",
            ("biomechanics",)),
    Subject("pathology", "Pathology", "Diseases and injuries, and what they mean for massage: cautions and "
            "contraindications.", ("pathophysiology",)),
    Subject("neurology", "Neurology", "The nervous system and how touch and pain travel through it."),
    Subject("massage-theory", "Massage theory", "The history, principles, benefits and effects of massage.",
            ("theory", "massage theory and principles", "massage theory and history", "history of massage")),
    Subject("massage-technique", "Massage technique", "Supervised hands-on practice of massage techniques.",
            ("technique", "massage application", "massage and bodywork application", "hands-on",
             "hands-on practice", "practical demonstration")),
    Subject("hydrotherapy", "Hydrotherapy", "The therapeutic use of water, heat and cold.", ("hydro",)),
    Subject("business", "Business", "Running a practice: records, marketing, money and employment.",
            ("business practices", "business management")),
    Subject("ethics", "Ethics", "Professional ethics: boundaries, consent, confidentiality and conduct.",
            ("professional ethics",)),
    Subject("laws-rules", "Laws and rules", "The statutes and board rules that govern massage practice.",
            ("laws and rules", "laws", "law", "state laws and rules", "jurisprudence")),
    Subject("hygiene", "Hygiene", "Sanitation and hygiene of the therapist, the room and the equipment.",
            ("sanitation", "health and hygiene")),
    Subject("first-aid-cpr", "First aid and CPR", "First aid and cardiopulmonary resuscitation.",
            ("CPR", "first aid", "first aid and CPR", "CPR and first aid")),
    Subject("communicable-disease", "Communicable disease", "HIV/AIDS and other communicable diseases, and "
            "universal precautions against them.", ("HIV/AIDS", "HIV", "universal precautions", "infection control")),
    Subject("medical-errors", "Prevention of medical errors", "Recognising, preventing and reporting errors in "
            "client care.", ("prevention of medical errors", "medical error prevention")),
    Subject("clinical-practice", "Clinical practice", "Supervised work on the public: student clinic, internship "
            "or practicum.", ("internship", "practicum", "clinical practicum", "student clinic", "clinic",
                              "supervised clinic", "supervised student clinic")),
    Subject("allied-modalities", "Allied modalities", "Modalities related to massage beyond the core techniques.",
            ("related modalities",)),
    Subject("research-literacy", "Research literacy", "Finding, reading and judging research on massage.",
            ("research",)),
    Subject("self-care", "Self-care", "The therapist's own body mechanics, health and care.",
            ("therapist self-care",)),
    Subject("draping", "Draping", "Covering and positioning the client for privacy, warmth and access.",
            ("draping and positioning",)),
    Subject("communication", "Communication", "Talking with clients: intake, consent, feedback and referral.",
            ("client communication", "communication skills")),
)

COMPOSITE_SUBJECTS: tuple[Subject, ...] = (
    Subject("anatomy-physiology", "Anatomy and physiology", "Anatomy and physiology taught together.",
            ("A&P", "anatomy and physiology"), parts=("anatomy", "physiology")),
    Subject("anatomy-physiology-kinesiology", "Anatomy, physiology and kinesiology",
            "Anatomy, physiology and kinesiology taught together.", ("anatomy, physiology and kinesiology",),
            parts=("anatomy", "physiology", "kinesiology")),
    Subject("anatomy-physiology-kinesiology-pathology", "Anatomy, physiology, kinesiology and pathology",
            "The body sciences together: anatomy, physiology, kinesiology and pathology.",
            ("anatomy, physiology, pathology and kinesiology",),
            parts=("anatomy", "physiology", "kinesiology", "pathology")),
    Subject("massage-theory-technique", "Massage theory and technique", "Massage theory and hands-on technique "
            "together.", ("massage", "massage theory and technique", "theory and technique", "theory and hands-on"),
            parts=("massage-theory", "massage-technique")),
    Subject("business-ethics", "Business and ethics", "Business and ethics together.",
            ("business and ethics", "ethics and business"), parts=("business", "ethics")),
    Subject("laws-business-ethics", "Laws and rules, business and ethics",
            "The laws and rules of practice, business and ethics together.",
            ("health service management", "laws, business and ethics"), parts=("laws-rules", "business", "ethics")),
    Subject("hygiene-first-aid", "Hygiene, first aid and CPR", "Sanitation, first aid and CPR together.",
            ("sanitation, CPR and first aid", "hygiene and first aid"), parts=("hygiene", "first-aid-cpr")),
    Subject("health-hygiene-first-aid", "Health, hygiene, first aid and universal precautions",
            "Hygiene, first aid and CPR, and universal precautions against communicable disease, together.",
            ("health, hygiene and first aid",), parts=("hygiene", "first-aid-cpr", "communicable-disease")),
    Subject("professional-practices", "Professional practices", "The practice side of the work: business, "
            "ethics, laws and rules, client communication and self-care.", ("professional practice",),
            parts=("business", "ethics", "laws-rules", "communication", "self-care")),
)

CORE_SUBJECTS = BASIC_SUBJECTS + COMPOSITE_SUBJECTS


@hookimpl
def protocolkit_register_subjects(register: Callable[[Subject], None]) -> None:
    for subject in CORE_SUBJECTS:
        register(subject)
