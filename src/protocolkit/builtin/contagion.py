"""The core's contagious conditions: what spreads by touch, linen or the air.

An infestation or a contagious infection rules out the session, not a region:
the therapist's hands, the linen and the next client are all in reach.  The
local ones (a cold sore, a small covered patch of tinea) keep off their area,
and a skin infection or tinea the intake calls ``widespread`` rules out the
session like any widespread local condition.  Each advice says when the work
may resume; a figure no source gives is marked as the project's default.
Registered with the rest of the core catalog by ``conditions.py``.
"""

from __future__ import annotations

from protocolkit.model.conditions import Condition

THIRD_PASS = "Domain notes, screening third pass"
W98 = "Werner & Benjamin, A Massage Therapist's Guide to Pathology, 1st ed. (1998), quick reference chart"
PROJECT_DEFAULT = "a project DEFAULT, no published figure"
FAMILY = "contagious"

CONTAGIOUS_CONDITIONS: tuple[Condition, ...] = (
    Condition("scabies", "Scabies", "systemic",
              "Scabies mites pass from skin to skin and through sheets and clothing, and live two to three days "
              "off the skin; the whole session is ruled out, not a region.",
              source=f"{W98}: lice and scabies contraindicated until completely eradicated; CDC scabies FAQ "
                     f"(prolonged skin contact; mites survive 2-3 days off the skin; crusted scabies spreads by "
                     f"brief contact); no contact work until 24 h after treatment is completed is {PROJECT_DEFAULT}",
              family=FAMILY,
              advice="Reschedule: no contact work until 24 hours after the client's treatment is completed; "
                     "launder the linen hot."),
    Condition("head-lice", "Head lice", "systemic",
              "Lice and their eggs pass by head-to-head contact and through linen and headrests; the whole "
              "session is ruled out, not a region.",
              source=f"{W98}: lice and scabies contraindicated until completely eradicated; no contact work until "
                     f"24 h after treatment is completed is {PROJECT_DEFAULT}",
              family=FAMILY,
              advice="Reschedule: no contact work until 24 hours after the client's treatment is completed; "
                     "launder the linen and face cradle cover hot."),
    Condition("impetigo", "Impetigo", "systemic",
              "Impetigo is a bacterial skin infection that touch and shared linen spread easily until antibiotics "
              "have taken hold.",
              source=f"{THIRD_PASS}: impetigo contagious until 24 h after antibiotics start (secondary sources); "
                     f"24 h of antibiotics, then avoid the area until healed, is {PROJECT_DEFAULT}",
              family=FAMILY,
              advice="Reschedule until the client has had 24 hours of antibiotics; after that keep off the area "
                     "until it has healed. Give the day the antibiotics started as 'since', and the region."),
    Condition("shingles", "Shingles (acute)", "systemic",
              "Shingles blisters carry the chickenpox virus, and the acute stage is painful and leaves the client "
              "unwell; the whole session is ruled out while it lasts.",
              source=f"{W98}: shingles systemically contraindicated in the acute stage; contagious in the blister "
                     f"phase (secondary sources); no session until every blister has crusted is {PROJECT_DEFAULT}",
              family=FAMILY,
              advice="No session until every blister has crusted over."),
    Condition("cold-sore", "Cold sore (herpes simplex)", "local",
              "A cold sore sheds the herpes virus, which touch carries to the therapist and the next client.",
              source=f"{W98}: herpes simplex locally contraindicated in the acute stage, systemically with signs "
                     f"of infection; avoiding the whole face is {PROJECT_DEFAULT}",
              family=FAMILY, default_region="face",
              advice="Keep off the face while the sore is active; with fever or feeling unwell, do not treat "
                     "(add fever to the intake)."),
    Condition("tinea", "Tinea (ringworm, athlete's foot)", "local",
              "A fungal skin infection that touch spreads; a small covered patch rules out its area, a large one "
              "or one not yet responding to treatment the whole session.",
              source=f"{W98}: tinea at least locally contraindicated, whole-body if a large area or not yet "
                     f"responding; small covered tinea: that area only is {PROJECT_DEFAULT}",
              family=FAMILY,
              advice="Cover the patch and keep off the area; if it covers a large area or is not responding to "
                     "treatment, write widespread: true on the intake and do not treat."),
)
