"""The body-region vocabulary: ids, the words people type for them, and what lies where.

A region id is what protocols and rules use.  Aliases are accepted on input
(``hamstrings`` is ``posterior-thigh``) and normalised when a protocol is built.
Endangerment sites are regions where nerves and vessels lie close to the
surface: they are not off-limits, but only broad, light pressure belongs there.
Limb and level place a region on an arm or leg, proximal (low level) to distal
(high level), for conditions that also rule out everything distal to them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from attrs import field, frozen

from .model import strings


@frozen
class Region:
    id: str
    name: str
    aliases: tuple[str, ...] = field(converter=strings, default=())
    # What makes it an endangerment site; None for ordinary regions.
    endangerment: str | None = None
    limb: str | None = None
    level: int = 0

    @property
    def is_endangerment_site(self) -> bool:
        return self.endangerment is not None


_REGIONS: tuple[Region, ...] = (
    Region("head", "Head", ("cranium",)),
    Region("face", "Face"),
    Region("scalp", "Scalp"),
    Region("neck", "Neck (posterior and lateral)", ("cervical", "posterior-neck")),
    Region("anterior-neck", "Front of the neck", ("throat",),
           endangerment="carotid artery, jugular vein and vagus nerve"),
    Region("shoulder", "Shoulder", ("shoulders", "deltoid", "deltoids")),
    Region("upper-back", "Upper back", ("thoracic-upper", "rhomboids", "upper-trapezius")),
    Region("mid-back", "Mid back", ("thoracic", "middle-back")),
    Region("lower-back", "Lower back", ("lumbar", "low-back", "lumbar-spine")),
    Region("sacrum", "Sacrum", ("sacral",)),
    Region("sciatic-notch", "Sciatic notch",
           endangerment="sciatic nerve where it leaves the pelvis"),
    Region("gluteal", "Gluteal region", ("glutes", "buttocks", "gluteals")),
    Region("chest", "Chest", ("pecs", "pectorals", "pectoral")),
    Region("abdomen", "Abdomen", ("belly", "abdominals", "abs")),
    Region("axilla", "Axilla", ("armpit",), endangerment="brachial plexus and axillary artery",
           limb="arm", level=1),
    Region("upper-arm", "Upper arm", ("biceps", "triceps", "arm"), limb="arm", level=2),
    Region("forearm", "Forearm", ("forearms",), limb="arm", level=3),
    Region("hand", "Hand", ("hands", "palm", "palms"), limb="arm", level=4),
    Region("hip", "Hip", ("hips",), limb="leg", level=1),
    Region("anterior-thigh", "Front of the thigh", ("quadriceps", "quads", "quad"), limb="leg", level=2),
    Region("posterior-thigh", "Back of the thigh", ("hamstrings", "hamstring"), limb="leg", level=2),
    Region("medial-thigh", "Inner thigh", ("adductors", "adductor", "groin-muscles"), limb="leg", level=2),
    Region("lateral-thigh", "Outer thigh", ("it-band", "itb", "iliotibial-band"), limb="leg", level=2),
    Region("femoral-triangle", "Femoral triangle", ("groin",),
           endangerment="femoral artery, vein and nerve, and the inguinal lymph nodes", limb="leg", level=2),
    Region("popliteal-fossa", "Back of the knee", ("back-of-knee", "popliteal"),
           endangerment="popliteal artery and vein, tibial and common fibular nerves", limb="leg", level=3),
    Region("calf", "Calf", ("calves", "gastrocnemius", "soleus"), limb="leg", level=4),
    Region("shin", "Shin", ("tibialis-anterior", "anterior-leg"), limb="leg", level=4),
    Region("foot", "Foot", ("feet", "sole", "plantar"), limb="leg", level=5),
)


def normalise(text: str) -> str:
    """Lower-case, with spaces and underscores turned into hyphens: 'Upper Back' -> 'upper-back'."""
    return "-".join(text.strip().lower().replace("_", " ").split())


class RegionVocabulary:
    """Look regions up by id or alias, and suggest the closest for a typo."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_id = {region.id: region for region in regions}
        self._by_word = {alias: region for region in self._by_id.values() for alias in region.aliases}
        self._by_word.update(self._by_id)

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
        close = difflib.get_close_matches(normalise(word), list(self._by_word), n=1, cutoff=0.6)
        return self._by_word[close[0]].id if close else None

    def distal_to(self, region_id: str) -> tuple[str, ...]:
        """Regions further out on the same limb than ``region_id`` (none off a limb)."""
        region = self._by_id[region_id]
        if region.limb is None:
            return ()
        return tuple(r.id for r in self._by_id.values() if r.limb == region.limb and r.level > region.level)


REGIONS = RegionVocabulary(_REGIONS)
