"""The body-region vocabulary: ids, the words people type for them, and what lies where.

A region id is what protocols and rules use.  Aliases are accepted on input
(``hamstrings`` is ``posterior-thigh``) and normalised when a protocol is built.
Endangerment sites are regions where nerves and vessels lie close to the
surface: they are not off-limits, but only broad, flat, light pressure belongs
there (domain notes, "Endangerment sites"; ABMP, "Take the Danger Out of
Endangerment Sites").  Each site carries its ``allowance`` as data: the
techniques that may work it, the highest pressure and the longest step.  The
ceiling of 2 is the domain notes' "light" on the Walton scale; which
techniques count as broad and light there (effleurage, and a still hold:
myofascial release's ``sustained-pressure``) and the one minute a step are the
project's conservative default, since no source gives either.  ``within``
names the ordinary region a site lies in or beside, where a composer works
instead of on the site.
Limb and level place a region on an arm or leg, proximal (low level) to distal
(high level), for conditions that also rule out everything distal to them or
the whole limb.  Quadrants say which body quadrant a region lies in, for
conditions such as lymphedema that restrict the whole quadrant on one side:
the upper quadrant is the arm with the trunk above the waist, the lower one the
leg with the trunk below it (the lymphatic watersheds at the waist); a region
that straddles the waist counts in both, so a restriction never misses it.

Joints (ankle, knee, wrist, elbow) are regions of their own, and ``beside``
names the endangerment sites that lie at a joint (the tarsal tunnel at the
ankle; the popliteal fossa and the fibular head at the knee; the cubital fossa
at the elbow).  Every reach of a joint includes the sites beside it, and every
reach of such a site the joint it lies at, one step each way: a sprain written
at the ankle also keeps off the tarsal tunnel, an injury written at the back of
the knee off the knee joint.  The muscles around a joint (calf, shin, thighs,
foot, forearm, hand) are not in that reach: with a swollen or acutely injured
joint direct work on the joint stops, while the muscles splinting it may still
be worked (domain notes, "Screening, third pass": Joints, after NYSED).

``positions`` are the positions a region is worked in, preferred first, for a
composer that picks one per step and falls back when a client may not lie
prone or flat on the back.  Source: domain notes "Session structure" (prone:
the back, neck and shoulders, glutes and the backs of the legs; supine: the
front, face, abdomen, fronts of the legs, arms and feet) and "Pregnancy
position" (from 13 weeks no prone, from 20 weeks no flat supine: side-lying,
or semi-reclined with a wedge under the right hip).  So every region lists
side-lying (the back, hips, glutes, neck, shoulders and limbs) or semi-reclined
(the front, face, neck, arms, legs and feet), or both, and seated is listed for
chair work on the head, neck, shoulders, upper back and arms.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from attrs import field, frozen

from protocolkit.model.protocol import POSITIONS, Duration, Pressure, strings


def _positions(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    unknown = [position for position in value if position not in POSITIONS]
    if unknown:
        raise ValueError(f"position {unknown[0]!r} is not one of {', '.join(POSITIONS)}")
    if len(set(value)) != len(value):
        raise ValueError(f"positions {', '.join(value)}: each position once")


@frozen
class SiteAllowance:
    """What may work an endangerment site: these techniques, at ``max_pressure`` or less, ``longest_step`` a step.

    ``words`` says the same for a therapist ("broad, light effleurage or a still hold"),
    for messages that say what to do instead."""

    techniques: tuple[str, ...] = field(converter=strings)
    max_pressure: Pressure
    longest_step: Duration
    words: str

    def __attrs_post_init__(self) -> None:
        if not self.techniques:
            raise ValueError("a site allowance names at least one technique")

    def allows(self, technique: str | None) -> bool:
        return technique is None or technique in self.techniques


# Project default (domain notes give "broad, flat, light pressure only" and no list or time):
# broad light effleurage, or a still hold (myofascial release's sustained pressure, not
# reflexology's foot-relaxation, which wrings and circles), at Walton 2 ("light"), a minute a step.
BROAD_AND_LIGHT = SiteAllowance(("effleurage", "sustained-pressure"), Pressure(2), Duration(60),
                                "broad, light effleurage or a still hold (sustained-pressure)")


def _site_fields(instance: Region, _attribute: object, _value: str | None) -> None:
    site = instance.endangerment is not None
    if site and (instance.allowance is None or instance.within is None):
        raise ValueError(f"endangerment site {instance.id}: give its allowance and the region it lies within")
    if not site and (instance.allowance is not None or instance.within is not None):
        raise ValueError(f"region {instance.id}: only an endangerment site has an allowance and lies within another")


@frozen
class Region:
    id: str
    name: str
    aliases: tuple[str, ...] = field(converter=strings, default=())
    # What makes it an endangerment site; None for ordinary regions.
    endangerment: str | None = None
    limb: str | None = None
    level: int = 0
    quadrants: tuple[str, ...] = field(converter=strings, default=())
    # At a joint: the endangerment sites that lie there (see the module notes).
    beside: tuple[str, ...] = field(converter=strings, default=())
    # The positions it is worked in, preferred first.
    positions: tuple[str, ...] = field(converter=strings, default=(), validator=_positions)
    # An endangerment site's own: what may work it, and the ordinary region it lies in or beside.
    allowance: SiteAllowance | None = None
    within: str | None = field(default=None, validator=_site_fields)

    @property
    def is_endangerment_site(self) -> bool:
        return self.endangerment is not None


# Short names for the table's position lists only.
_P, _S, _SL, _SR, _SE = "prone", "supine", "side-lying", "semi-reclined", "seated"
# Every site takes the same allowance today; a site that needs its own gets its own here.
_SITE = BROAD_AND_LIGHT

_REGIONS: tuple[Region, ...] = (
    Region("head", "Head", ("cranium",), positions=(_S, _SR, _SE, _SL)),
    Region("face", "Face", positions=(_S, _SR)),
    Region("eyes", "Eyes", ("eye", "eyelids"), endangerment="the eyeballs, and the nerves and vessels of the orbit",
           positions=(_S, _SR), allowance=_SITE, within="face"),
    Region("scalp", "Scalp", positions=(_S, _SR, _SE, _SL)),
    Region("neck", "Neck (posterior and lateral)", ("cervical", "posterior-neck"), positions=(_P, _S, _SL, _SE, _SR)),
    Region("anterior-neck", "Front of the neck", ("throat",),
           endangerment="carotid artery, jugular vein and vagus nerve", positions=(_S, _SR), allowance=_SITE,
           within="neck"),
    Region("posterior-triangle", "Posterior triangle of the neck", ("posterior-triangle-of-the-neck",),
           endangerment="brachial plexus, subclavian artery and external jugular vein", positions=(_S, _SL, _SR, _SE),
           allowance=_SITE, within="neck"),
    Region("shoulder", "Shoulder", ("shoulders", "deltoid", "deltoids"), quadrants=("upper",),
           positions=(_P, _S, _SL, _SE, _SR)),
    Region("upper-back", "Upper back", ("thoracic-upper", "rhomboids", "upper-trapezius"), quadrants=("upper",),
           positions=(_P, _SL, _SE)),
    Region("mid-back", "Mid back", ("thoracic", "middle-back"), quadrants=("upper",), positions=(_P, _SL)),
    Region("kidney-area", "Kidney area", ("kidneys", "renal-area"), quadrants=("upper", "lower"),
           endangerment="the kidneys, which the lowest ribs barely cover", positions=(_P, _SL), allowance=_SITE,
           # The lower back, not the mid back: the lowest ribs barely cover the kidneys, so most
           # of the area lies below the ribs, beside the lumbar spine, where the lower back's work
           # goes round it.
           within="lower-back"),
    Region("lower-back", "Lower back", ("lumbar", "low-back", "lumbar-spine"), quadrants=("lower",),
           positions=(_P, _SL)),
    Region("sacrum", "Sacrum", ("sacral",), quadrants=("lower",), positions=(_P, _SL)),
    Region("sciatic-notch", "Sciatic notch", endangerment="sciatic nerve where it leaves the pelvis",
           quadrants=("lower",), positions=(_P, _SL), allowance=_SITE, within="gluteal"),
    Region("gluteal", "Gluteal region", ("glutes", "buttocks", "gluteals"), quadrants=("lower",), positions=(_P, _SL)),
    Region("chest", "Chest", ("pecs", "pectorals", "pectoral"), quadrants=("upper",), positions=(_S, _SR, _SL)),
    Region("abdomen", "Abdomen", ("belly", "abdominals", "abs"), quadrants=("upper", "lower"),
           positions=(_S, _SR, _SL)),
    Region("umbilicus", "Navel", ("navel", "belly-button"), quadrants=("upper", "lower"),
           endangerment="the abdominal aorta, which lies just behind it", positions=(_S, _SR), allowance=_SITE,
           within="abdomen"),
    Region("axilla", "Axilla", ("armpit",), endangerment="brachial plexus and axillary artery",
           limb="arm", level=1, quadrants=("upper",), positions=(_S, _SL, _SR), allowance=_SITE, within="shoulder"),
    Region("upper-arm", "Upper arm", ("biceps", "triceps", "arm"), limb="arm", level=2, quadrants=("upper",),
           positions=(_S, _P, _SL, _SR, _SE)),
    Region("medial-upper-arm", "Inner upper arm", ("medial-arm", "inner-arm"),
           endangerment="brachial artery, basilic vein and the median and ulnar nerves",
           limb="arm", level=2, quadrants=("upper",), positions=(_S, _SL, _SR, _SE), allowance=_SITE,
           within="upper-arm"),
    Region("elbow", "Elbow", ("elbows", "outer-elbow", "lateral-elbow", "olecranon"), limb="arm", level=3,
           quadrants=("upper",), beside=("cubital-fossa",), positions=(_S, _SL, _SR, _SE)),
    Region("cubital-fossa", "Inside of the elbow", ("elbow-crease", "inner-elbow", "antecubital-fossa"),
           endangerment="brachial artery, median nerve and the median cubital vein",
           limb="arm", level=3, quadrants=("upper",), positions=(_S, _SR, _SL, _SE), allowance=_SITE, within="elbow"),
    Region("forearm", "Forearm", ("forearms",), limb="arm", level=4, quadrants=("upper",),
           positions=(_S, _P, _SL, _SR, _SE)),
    Region("wrist", "Wrist", ("wrists", "carpal"), limb="arm", level=5, quadrants=("upper",),
           positions=(_S, _SL, _SR, _SE)),
    Region("hand", "Hand", ("hands", "palm", "palms"), limb="arm", level=6, quadrants=("upper",),
           positions=(_S, _SL, _SR, _SE)),
    Region("hip", "Hip", ("hips",), limb="leg", level=1, quadrants=("lower",), positions=(_P, _SL, _S)),
    Region("anterior-thigh", "Front of the thigh", ("quadriceps", "quads", "quad"), limb="leg", level=2,
           quadrants=("lower",), positions=(_S, _SR, _SL)),
    Region("posterior-thigh", "Back of the thigh", ("hamstrings", "hamstring"), limb="leg", level=2,
           quadrants=("lower",), positions=(_P, _SL)),
    Region("medial-thigh", "Inner thigh", ("adductors", "adductor", "groin-muscles"), limb="leg", level=2,
           quadrants=("lower",), positions=(_S, _SL, _SR)),
    Region("lateral-thigh", "Outer thigh", ("it-band", "itb", "iliotibial-band"), limb="leg", level=2,
           quadrants=("lower",), positions=(_SL, _S, _P, _SR)),
    Region("femoral-triangle", "Femoral triangle", ("groin",),
           endangerment="femoral artery, vein and nerve, and the inguinal lymph nodes", limb="leg", level=2,
           quadrants=("lower",), positions=(_S, _SR), allowance=_SITE, within="medial-thigh"),
    Region("knee", "Knee", ("knees", "kneecap", "patella", "front-of-knee"), limb="leg", level=3,
           quadrants=("lower",), beside=("popliteal-fossa", "fibular-head"), positions=(_S, _P, _SL, _SR)),
    Region("popliteal-fossa", "Back of the knee", ("back-of-knee", "popliteal"),
           endangerment="popliteal artery and vein, tibial and common fibular nerves", limb="leg", level=3,
           quadrants=("lower",), positions=(_P, _SL), allowance=_SITE, within="knee"),
    Region("fibular-head", "Head of the fibula (outer knee)", ("fibula-head", "outer-knee"),
           endangerment="common fibular nerve, where it winds round the bone", limb="leg", level=3,
           quadrants=("lower",), positions=(_S, _SL, _P, _SR), allowance=_SITE, within="knee"),
    Region("calf", "Calf", ("calves", "gastrocnemius", "soleus"), limb="leg", level=4, quadrants=("lower",),
           positions=(_P, _SL, _S, _SR)),
    Region("shin", "Shin", ("tibialis-anterior", "anterior-leg"), limb="leg", level=4, quadrants=("lower",),
           positions=(_S, _SR, _SL)),
    Region("great-saphenous-vein", "Inner lower leg (great saphenous vein)", ("saphenous-vein", "medial-leg"),
           endangerment="great saphenous vein and saphenous nerve", limb="leg", level=4, quadrants=("lower",),
           positions=(_S, _SR, _SL), allowance=_SITE, within="calf"),
    Region("ankle", "Ankle", ("ankles", "lateral-ankle", "outer-ankle"), limb="leg", level=5,
           quadrants=("lower",), beside=("tarsal-tunnel",), positions=(_S, _P, _SL, _SR)),
    Region("tarsal-tunnel", "Tarsal tunnel (inner ankle)", ("inner-ankle", "medial-ankle"),
           endangerment="tibial nerve and posterior tibial artery", limb="leg", level=5, quadrants=("lower",),
           positions=(_S, _SL, _SR), allowance=_SITE, within="ankle"),
    Region("foot", "Foot", ("feet", "sole", "plantar"), limb="leg", level=6, quadrants=("lower",),
           positions=(_S, _SR, _P, _SL)),
)


def normalise(text: str) -> str:
    """Lower-case, with spaces and underscores turned into hyphens: 'Upper Back' -> 'upper-back'."""
    return "-".join(text.strip().lower().replace("_", " ").split())


_SUGGESTIONS_KEPT = 4096


class RegionVocabulary:
    """Look regions up by id or alias, and suggest the closest for a typo."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_id = {region.id: region for region in regions}
        self._by_word = {alias: region for region in self._by_id.values() for alias in region.aliases}
        self._by_word.update(self._by_id)
        self._suggested: dict[str, str | None] = {}  # a long document repeats its typos: each is looked up once
        # Both ways: a joint's sites, and the joint (or joints) each site lies at.
        self._next_to: dict[str, tuple[str, ...]] = {region_id: () for region_id in self._by_id}
        for region in self._by_id.values():
            for site in region.beside:
                if site not in self._by_id:
                    raise ValueError(f"region {region.id}: beside names {site!r}, which is no region")
                self._next_to[region.id] += (site,)
                self._next_to[site] += (region.id,)
            if region.within is not None and (region.within not in self._by_id
                                              or self._by_id[region.within].is_endangerment_site):
                raise ValueError(f"endangerment site {region.id}: within names {region.within!r}, "
                                 "which is no ordinary region")

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_id.values())

    def __contains__(self, region_id: object) -> bool:
        return region_id in self._by_id

    def get(self, region_id: str) -> Region:
        return self._by_id[region_id]

    def resolve(self, word: str) -> Region | None:
        """The region a user meant by ``word`` (an id or an alias), or None."""
        return self._by_word.get(normalise(word))

    def canonical(self, word: str) -> str:
        """The region id for ``word``, or ``word`` unchanged when it names no region."""
        region = self.resolve(word)
        return region.id if region else word

    def suggest(self, word: str) -> str | None:
        key = normalise(word)
        if key not in self._suggested:
            if len(self._suggested) >= _SUGGESTIONS_KEPT:
                self._suggested.clear()
            close = difflib.get_close_matches(key, list(self._by_word), n=1, cutoff=0.6)
            self._suggested[key] = self._by_word[close[0]].id if close else None
        return self._suggested[key]

    def distal_to(self, region_id: str) -> tuple[str, ...]:
        """Regions further out on the same limb than ``region_id`` (none off a limb)."""
        region = self._by_id[region_id]
        if region.limb is None:
            return ()
        return tuple(r.id for r in self._by_id.values() if r.limb == region.limb and r.level > region.level)

    def on_limb(self, limb: str) -> tuple[str, ...]:
        """Every region of one limb ('arm' or 'leg'), proximal first."""
        return tuple(r.id for r in sorted(self._by_id.values(), key=lambda r: r.level) if r.limb == limb)

    def site_within(self, region_id: str) -> str | None:
        """The ordinary region an endangerment site lies in or beside (work there instead);
        None for an ordinary region or a word that names no region."""
        region = self._by_id.get(region_id)
        return region.within if region is not None else None

    def allowance(self, region_id: str) -> SiteAllowance | None:
        """What may work an endangerment site; None for an ordinary region or a word that names no region."""
        region = self._by_id.get(region_id)
        return region.allowance if region is not None else None

    def next_to(self, region_id: str) -> tuple[str, ...]:
        """The endangerment sites beside a joint, or the joint a site lies at (none for most regions)."""
        return self._next_to[region_id]

    def reach(self, region_id: str, how_far: str) -> tuple[str, ...]:
        """The regions a condition at ``region_id`` reaches: the area itself with what lies
        next to it (a joint's sites, a site's joint), and with ``distal`` everything
        further out on its limb, ``limb`` the whole limb, or ``quadrant`` the whole body
        quadrant (limb included).  Off a limb, ``distal`` and ``limb`` reach the area
        alone; a region in no quadrant is its own quadrant."""
        region = self._by_id[region_id]
        wider: tuple[str, ...] = ()
        if how_far == "distal":
            wider = self.distal_to(region_id)
        elif how_far == "limb" and region.limb is not None:
            wider = self.on_limb(region.limb)
        elif how_far == "quadrant" and region.quadrants:
            wider = tuple(r.id for r in self._by_id.values() if set(r.quadrants) & set(region.quadrants))
        return tuple(dict.fromkeys((region_id, *self.next_to(region_id), *wider)))


REGIONS = RegionVocabulary(_REGIONS)
