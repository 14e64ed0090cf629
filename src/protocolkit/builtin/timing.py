"""Time in the core catalog: how dated conditions ease, and the positions some conditions rule out.

A condition written with ``since`` (the injury, the injection, the operation)
is in one phase on the day of the session; written without it, it is read as
the catalog's own condition, the strictest phase.  The phase lengths come from
the domain notes' third pass; none has an authoritative published figure, so
each source note says it is the project's conservative default.  Dates have no
hour, so the time that has passed is counted the least it can be (see
``check.phases``).  ``with_time`` adds the phases to the core's conditions.
"""

from __future__ import annotations

import attrs

from protocolkit.model.conditions import Condition, PositionRule, RegionLimit, TimePhase
from protocolkit.model.protocol import Pressure

THIRD_PASS = "Domain notes, screening third pass"
DEFAULT = "a project DEFAULT, no published figure"
LIGHT = Pressure(2)
_ACUTE_SOURCE = (f"{THIRD_PASS}: acute soft-tissue injury (PEACE & LOVE, Dubois & Esculier, BJSM 2020;54:72: "
                 "protect 1-3 days; W98: contraindicated acute, indicated subacute); 0-72 h no direct work, day 4 "
                 f"to week 6 gentle work only (Walton 2) and no friction on it, friction only after 6 weeks: {DEFAULT}")
_NERVE_AND_STRETCH = ("stretching", "pin-and-stretch")
_HIP_AND_THIGH = ("hip", "gluteal", "anterior-thigh", "posterior-thigh", "medial-thigh", "lateral-thigh")


def _eased(base: Condition, reason: str, advice: str, **limits: object) -> Condition:
    """``base`` as a caution condition with the limits its later phase keeps (none: advice only)."""
    return Condition(base.id, base.name, "caution", reason, source=base.source, advice=advice, family=base.family,
                     **limits)  # type: ignore[arg-type]


def _soft_tissue(base: Condition) -> Condition:
    """Acute sprain, strain and whiplash: off the injury for 72 hours, gentle and without friction to six weeks."""
    region = {"default_region": base.default_region} if base.default_region else {}
    subacute = _eased(base, "In the first six weeks after the injury the tissue is repairing: gentle work only on "
                            "it, and no friction across it.",
                      "Work the injured area gently (light pressure) and use no friction on it until six weeks "
                      "after the injury.", site_max_pressure=LIGHT, site_avoid=("friction",), **region)
    healed = _eased(base, "Six weeks after the injury the repaired tissue takes friction and normal work again.",
                    "Friction across the old injury is fine now; work to the client's comfort.")
    return attrs.evolve(base, source=_ACUTE_SOURCE, since_means="the injury",
                        phases=(TimePhase("acute (first 72 hours)", 3, base),
                                TimePhase("subacute (day 4 to week 6)", 42, subacute),
                                TimePhase("after six weeks", None, healed)))


def _injection(base: Condition) -> Condition:
    tendon = _eased(base, "For two weeks after the injection the injected tendon is weaker: no friction and no "
                          "end-range stretch of it.",
                    "No friction and no strong stretch at the injected site until 14 days after the injection.",
                    site_avoid=("friction", *_NERVE_AND_STRETCH))
    after = _eased(base, "Two weeks after a single injection the site needs no special care.",
                   "Work the area as usual.")
    return attrs.evolve(base, since_means="the injection",
                        phases=(TimePhase("first 48 hours", 2, base), TimePhase("day 3 to 14", 14, tendon),
                                TimePhase("after 14 days", None, after)))


def _impetigo(base: Condition) -> Condition:
    area = Condition(base.id, base.name, "local",
                     "After 24 hours of antibiotics impetigo no longer rules out the session, but the sores stay "
                     "off limits until they have healed.", source=base.source, family=base.family,
                     advice="Keep off the area until it has healed; give its region on the intake.")
    return attrs.evolve(base, since_means="the day the antibiotics started",
                        phases=(TimePhase("first 24 hours of antibiotics", 1, base),
                                TimePhase("after 24 hours of antibiotics", None, area)))


def _concussion(base: Condition) -> Condition:
    defer = Condition(base.id, base.name, "systemic",
                      "In the first 48 hours after a head injury massage waits: the client should rest and be "
                      "watched for red flags.", source=base.source, family=base.family,
                      advice="Reschedule to at least 48 hours after the injury; refer at once on any red flag "
                             "(worsening headache, vomiting, confusion, a seizure, weakness).")
    symptomatic = attrs.evolve(base, needs_clearance=False,
                               reason="After 48 hours, while symptoms last, deep work on the head and neck and neck "
                                      "stretches can make them worse.")
    return attrs.evolve(base, since_means="the injury",
                        phases=(TimePhase("first 48 hours", 2, defer),
                                TimePhase("after 48 hours (while symptoms last)", None, symptomatic)))


HIP_REPLACEMENT = Condition(
    "hip-replacement", "Hip replacement (new)", "caution",
    "For about 12 weeks after a hip replacement some positions and movements can dislocate the new joint: after a "
    "posterior approach no hip flexion past 90 degrees, no crossing the legs and no turning the leg in; after an "
    "anterior approach no lying face down and no extension with the leg turned out. Stretches of that hip and "
    "thigh stay out; with the approach unknown, all of it holds.",
    source="Eannucci et al., HSS J 2019;15:247 (posterior approach: no flexion beyond 90 degrees, no adduction, no "
           "internal rotation for 6-12 weeks, sometimes for life); anterior approach: no extreme extension with "
           f"external rotation, no prone (secondary sources); 12 weeks unless the surgeon clears: {DEFAULT}",
    family="surgery", since_means="the operation", clearance_ends_phases=True,
    side_limits=(RegionLimit(regions=_HIP_AND_THIGH, avoid=_NERVE_AND_STRETCH),),
    position_rules=(
        PositionRule(("prone",), "After an anterior approach lying face down extends the new hip.",
                     approaches=("anterior",)),
        PositionRule(("seated",), "After a posterior approach sitting forward bends the new hip past 90 degrees.",
                     approaches=("posterior",)),
    ),
    advice="Side-lying on the other side with a pillow between the knees; nothing that bends the hip past 90 "
           "degrees, crosses the legs or turns the leg in (posterior), no prone and no extension with the leg "
           "turned out (anterior). Give the approach and the date of the operation on the intake; the surgeon may "
           "lift the precautions early (list hip-replacement under clearance) or keep some for life.")


def _hip(base: Condition) -> Condition:
    after = _eased(base, "Twelve weeks after the operation the routine precautions end; some surgeons keep some "
                         "for life.", "Ask whether the surgeon kept any precaution for life.")
    return attrs.evolve(base, phases=(TimePhase("first 12 weeks", 84, base), TimePhase("after 12 weeks", None, after)))


PREGNANCY_POSITIONS = (
    PositionRule(("prone",), "From about 13 weeks lying face down presses on the abdomen, and cushions or cut-out "
                             "tables do not solve it.", from_weeks=13),
    PositionRule(("supine",), "From 20 weeks lying flat on the back can press on the great vessels and drop the "
                              "heart's output by a quarter or more; use side-lying, or semi-reclined with a wedge "
                              "under the right hip.", from_weeks=20),
)
PREGNANCY_POSITION_SOURCE = (f"{THIRD_PASS}: supine cardiac output can fall 25-30% after 20 weeks and supine "
                             "hypotensive syndrome is seen from mid-second trimester (AccessAnesthesiology, "
                             "McGraw-Hill); ACOG (2002): avoid supine exercise after the first trimester; Osborne: "
                             f"prone usable in the first 13 weeks; no prone from 13 weeks and no flat supine from 20: "
                             f"{DEFAULT}; weeks not given: the strictest rules")
PORT_POSITION = PositionRule(("prone",), "Lying face down puts the body's weight on a port in the chest.",
                             at=("chest", "abdomen"))

_TIMED = {"acute-sprain": _soft_tissue, "acute-strain": _soft_tissue, "whiplash": _soft_tissue,
          "corticosteroid-injection": _injection, "impetigo": _impetigo, "concussion": _concussion,
          "hip-replacement": _hip}


def with_time(conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """The core's conditions with their phases, and the positions pregnancy and a chest port rule out."""
    timed = []
    for condition in conditions:
        if condition.id in _TIMED:
            condition = _TIMED[condition.id](condition)
        if condition.id == "pregnancy":
            condition = attrs.evolve(condition, position_rules=PREGNANCY_POSITIONS, weeks_imply=("first-trimester", 13),
                                     source=f"{condition.source}; {PREGNANCY_POSITION_SOURCE}")
        if condition.id == "first-trimester":
            condition = attrs.evolve(condition, weeks_below=13)
        if condition.id == "implanted-port":
            condition = attrs.evolve(condition, position_rules=(PORT_POSITION,),
                                     source=f"{condition.source}; lying prone on a chest port presses on the site")
        timed.append(condition)
    return tuple(timed)
