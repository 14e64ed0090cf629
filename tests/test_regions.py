"""The region vocabulary: ids, aliases, suggestions, endangerment sites and limbs."""

from __future__ import annotations

import pytest

from protocolkit.regions import REGIONS, normalise

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
    assert set(REGIONS.distal_to("posterior-thigh")) == {"popliteal-fossa", "calf", "shin", "foot"}
    assert REGIONS.distal_to("upper-arm") == ("forearm", "hand")
    assert REGIONS.distal_to("foot") == () and REGIONS.distal_to("upper-back") == ()


def test_normalise() -> None:
    assert normalise("  Lower  Back ") == "lower-back"
