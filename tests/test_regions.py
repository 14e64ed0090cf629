"""The region vocabulary: ids, aliases, suggestions, endangerment sites and limbs."""

from __future__ import annotations

import pytest

from protocolkit.model.regions import REGIONS, normalise

REQUIRED = ["head", "face", "scalp", "neck", "anterior-neck", "shoulder", "upper-back", "mid-back", "lower-back",
            "sacrum", "gluteal", "chest", "abdomen", "axilla", "upper-arm", "forearm", "hand", "hip",
            "anterior-thigh", "posterior-thigh", "medial-thigh", "femoral-triangle", "popliteal-fossa", "calf",
            "shin", "foot"]


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
    assert set(REGIONS.distal_to("posterior-thigh")) == {"popliteal-fossa", "fibular-head", "calf", "shin",
                                                         "great-saphenous-vein", "tarsal-tunnel", "foot"}
    assert REGIONS.distal_to("upper-arm") == ("cubital-fossa", "forearm", "hand")
    assert REGIONS.distal_to("foot") == () and REGIONS.distal_to("upper-back") == ()


def test_reach_widens_from_the_area_to_its_limb_or_quadrant() -> None:
    assert REGIONS.reach("calf", "area") == ("calf",)
    assert set(REGIONS.reach("calf", "distal")) == {"calf", "tarsal-tunnel", "foot"}
    assert set(REGIONS.reach("forearm", "limb")) == {"axilla", "upper-arm", "medial-upper-arm", "cubital-fossa",
                                                     "forearm", "hand"}
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
