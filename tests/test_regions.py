"""The region vocabulary: ids, aliases, suggestions, endangerment sites, limbs, joints and positions."""

from __future__ import annotations

import pytest

from protocolkit.model.protocol import POSITIONS
from protocolkit.model.regions import REGIONS, Region, RegionVocabulary, normalise

REQUIRED = ["head", "face", "scalp", "neck", "anterior-neck", "shoulder", "upper-back", "mid-back", "lower-back",
            "sacrum", "gluteal", "chest", "abdomen", "axilla", "upper-arm", "forearm", "hand", "hip",
            "anterior-thigh", "posterior-thigh", "medial-thigh", "femoral-triangle", "popliteal-fossa", "calf",
            "shin", "foot", "knee", "ankle", "elbow", "wrist"]


def test_vocabulary_has_every_required_region() -> None:
    assert set(REQUIRED) <= {region.id for region in REGIONS}


@pytest.mark.parametrize("site", ["anterior-neck", "axilla", "femoral-triangle", "popliteal-fossa"])
def test_endangerment_sites_are_flagged(site: str) -> None:
    assert REGIONS.get(site).is_endangerment_site
    assert not REGIONS.get("upper-back").is_endangerment_site


@pytest.mark.parametrize(("word", "region"), [
    ("hamstrings", "posterior-thigh"), ("quadriceps", "anterior-thigh"), ("adductors", "medial-thigh"),
    ("lumbar", "lower-back"), ("Upper Back", "upper-back"), ("upper_back", "upper-back"), ("glutes", "gluteal"),
])
def test_aliases_resolve(word: str, region: str) -> None:
    assert REGIONS.canonical(word) == region


def test_unknown_words_are_kept_and_suggested() -> None:
    assert REGIONS.resolve("elbowpit") is None
    assert REGIONS.canonical("elbowpit") == "elbowpit"
    assert REGIONS.suggest("upper-bak") == "upper-back"
    assert REGIONS.suggest("hamstrngs") == "posterior-thigh"
    assert REGIONS.suggest("zzzz") is None


def test_distal_regions_follow_the_limb() -> None:
    assert set(REGIONS.distal_to("posterior-thigh")) == {"knee", "popliteal-fossa", "fibular-head", "calf", "shin",
                                                         "great-saphenous-vein", "ankle", "tarsal-tunnel", "foot"}
    assert set(REGIONS.distal_to("upper-arm")) == {"elbow", "cubital-fossa", "forearm", "wrist", "hand"}
    assert REGIONS.distal_to("foot") == () and REGIONS.distal_to("upper-back") == ()


def test_reach_widens_from_the_area_to_its_limb_or_quadrant() -> None:
    assert REGIONS.reach("calf", "area") == ("calf",)
    assert set(REGIONS.reach("calf", "distal")) == {"calf", "ankle", "tarsal-tunnel", "foot"}
    assert set(REGIONS.reach("forearm", "limb")) == {"axilla", "upper-arm", "medial-upper-arm", "elbow",
                                                     "cubital-fossa", "forearm", "wrist", "hand"}
    upper = set(REGIONS.reach("axilla", "quadrant"))
    assert {"hand", "chest", "upper-back", "shoulder", "kidney-area", "abdomen"} <= upper
    assert not {"calf", "neck", "lower-back", "head"} & upper
    lower = set(REGIONS.reach("calf", "quadrant"))
    assert {"foot", "hip", "gluteal", "lower-back", "sacrum", "abdomen"} <= lower and "chest" not in lower
    # Off a limb, "limb" and "distal" reach the area alone; outside any quadrant, so does "quadrant".
    assert REGIONS.reach("chest", "limb") == ("chest",) and REGIONS.reach("neck", "quadrant") == ("neck",)


@pytest.mark.parametrize("site", ["eyes", "anterior-neck", "posterior-triangle", "axilla", "medial-upper-arm",
                                  "cubital-fossa", "kidney-area", "umbilicus", "sciatic-notch", "femoral-triangle",
                                  "popliteal-fossa", "fibular-head", "great-saphenous-vein", "tarsal-tunnel"])
def test_every_endangerment_site_of_the_domain_notes(site: str) -> None:
    assert REGIONS.get(site).is_endangerment_site


@pytest.mark.parametrize(("word", "site"), [("inner-ankle", "tarsal-tunnel"), ("elbow-crease", "cubital-fossa"),
                                             ("kidneys", "kidney-area"), ("navel", "umbilicus"),
                                             ("medial-arm", "medial-upper-arm"), ("saphenous-vein",
                                                                                  "great-saphenous-vein")])
def test_site_aliases(word: str, site: str) -> None:
    assert REGIONS.canonical(word) == site


def test_every_limb_region_has_a_quadrant() -> None:
    for region in REGIONS:
        if region.limb is not None:
            assert region.quadrants == (("upper",) if region.limb == "arm" else ("lower",)), region.id


def test_normalise() -> None:
    assert normalise("  Lower  Back ") == "lower-back"


@pytest.mark.parametrize(("word", "joint"), [
    ("ankles", "ankle"), ("lateral-ankle", "ankle"), ("outer-ankle", "ankle"), ("knees", "knee"), ("kneecap", "knee"),
    ("patella", "knee"), ("front-of-knee", "knee"), ("wrists", "wrist"), ("carpal", "wrist"), ("elbows", "elbow"),
    ("outer-elbow", "elbow"), ("lateral-elbow", "elbow"), ("olecranon", "elbow"),
    # The sites at the joints keep their own words.
    ("inner-ankle", "tarsal-tunnel"), ("medial-ankle", "tarsal-tunnel"), ("back-of-knee", "popliteal-fossa"),
    ("inner-elbow", "cubital-fossa"), ("outer-knee", "fibular-head"),
])
def test_joint_aliases(word: str, joint: str) -> None:
    assert REGIONS.canonical(word) == joint


def test_no_word_names_two_regions() -> None:
    words = [word for region in REGIONS for word in (region.id, *region.aliases)]
    assert len(words) == len(set(words)), sorted(word for word in set(words) if words.count(word) > 1)


@pytest.mark.parametrize(("limb", "order"), [
    ("leg", [("hip",), ("anterior-thigh", "posterior-thigh", "medial-thigh", "lateral-thigh", "femoral-triangle"),
             ("knee", "popliteal-fossa", "fibular-head"), ("calf", "shin", "great-saphenous-vein"),
             ("ankle", "tarsal-tunnel"), ("foot",)]),
    ("arm", [("axilla",), ("upper-arm", "medial-upper-arm"), ("elbow", "cubital-fossa"), ("forearm",), ("wrist",),
             ("hand",)]),
])
def test_limb_levels_run_proximal_to_distal(limb: str, order: list[tuple[str, ...]]) -> None:
    for level, ids in enumerate(order, start=1):
        assert {REGIONS.get(region_id).level for region_id in ids} == {level}, ids
    assert set(REGIONS.on_limb(limb)) == {region_id for ids in order for region_id in ids}


@pytest.mark.parametrize(("joint", "sites"), [("ankle", {"tarsal-tunnel"}), ("knee", {"popliteal-fossa", "fibular-head"}),
                                               ("elbow", {"cubital-fossa"}), ("wrist", set())])
def test_a_joint_names_the_endangerment_sites_beside_it(joint: str, sites: set[str]) -> None:
    assert set(REGIONS.get(joint).beside) == sites
    assert all(REGIONS.get(site).is_endangerment_site for site in sites)
    assert not REGIONS.get(joint).is_endangerment_site


@pytest.mark.parametrize(("region", "reached"), [
    # A joint reaches the sites beside it, a site the joint it lies at; never the muscles around.
    ("ankle", {"ankle", "tarsal-tunnel"}), ("tarsal-tunnel", {"tarsal-tunnel", "ankle"}),
    ("knee", {"knee", "popliteal-fossa", "fibular-head"}), ("popliteal-fossa", {"popliteal-fossa", "knee"}),
    ("fibular-head", {"fibular-head", "knee"}), ("elbow", {"elbow", "cubital-fossa"}),
    ("cubital-fossa", {"cubital-fossa", "elbow"}), ("wrist", {"wrist"}), ("calf", {"calf"}), ("forearm", {"forearm"}),
])
def test_the_area_of_a_joint_or_its_site_includes_the_other(region: str, reached: set[str]) -> None:
    assert set(REGIONS.reach(region, "area")) == reached
    assert REGIONS.reach(region, "area")[0] == region


def test_every_reach_of_a_joint_keeps_its_sites() -> None:
    assert set(REGIONS.reach("knee", "distal")) == {"knee", "popliteal-fossa", "fibular-head", "calf", "shin",
                                                   "great-saphenous-vein", "ankle", "tarsal-tunnel", "foot"}
    assert set(REGIONS.reach("popliteal-fossa", "distal")) >= {"knee", "calf", "foot"}
    assert "fibular-head" not in REGIONS.reach("popliteal-fossa", "area")  # one step: site to joint, not on
    for how_far in ("area", "distal", "limb", "quadrant"):
        assert {"elbow", "cubital-fossa"} <= set(REGIONS.reach("elbow", how_far))
        assert {"ankle", "tarsal-tunnel"} <= set(REGIONS.reach("tarsal-tunnel", how_far))
    around = {"calf", "shin", "foot", "anterior-thigh", "posterior-thigh", "forearm", "hand", "upper-arm"}
    for joint in ("knee", "ankle", "elbow", "wrist"):
        assert not around & set(REGIONS.reach(joint, "area")), joint


def test_beside_must_name_a_region() -> None:
    with pytest.raises(ValueError, match="beside names 'nowhere'"):
        RegionVocabulary([Region("joint", "Joint", beside=("nowhere",))])


def test_every_region_can_be_worked_side_lying_or_semi_reclined() -> None:
    """A client past 20 weeks of pregnancy lies neither prone nor flat on the back: every region stays workable."""
    for region in REGIONS:
        assert {"side-lying", "semi-reclined"} & set(region.positions), region.id


def test_positions_are_known_and_listed_once() -> None:
    for region in REGIONS:
        assert region.positions and set(region.positions) <= set(POSITIONS), region.id
        assert len(set(region.positions)) == len(region.positions), region.id
    with pytest.raises(ValueError, match="each position once"):
        Region("x", "X", positions=("prone", "prone"))
    with pytest.raises(ValueError, match="'standing' is not one of"):
        Region("x", "X", positions=("standing",))


@pytest.mark.parametrize(("region", "first"), [
    ("upper-back", "prone"), ("neck", "prone"), ("gluteal", "prone"), ("posterior-thigh", "prone"), ("calf", "prone"),
    ("face", "supine"), ("abdomen", "supine"), ("anterior-thigh", "supine"), ("upper-arm", "supine"),
    ("foot", "supine"), ("knee", "supine"),
])
def test_the_preferred_position_follows_the_session_structure(region: str, first: str) -> None:
    assert REGIONS.get(region).positions[0] == first


@pytest.mark.parametrize(("region", "seated"), [("head", True), ("neck", True), ("shoulder", True), ("upper-back", True),
                                                ("upper-arm", True), ("hand", True), ("lower-back", False),
                                                ("calf", False), ("abdomen", False)])
def test_seated_is_chair_work(region: str, seated: bool) -> None:
    assert ("seated" in REGIONS.get(region).positions) == seated
