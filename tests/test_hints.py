"""Hints for an intake's unknown ids: curated synonyms, small slips of spelling, never a misleading guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.check.hints import (WRITE_AS_OTHER, allowed_distance, condition_candidates, edit_distance,
                                     suggest_condition, suggest_region)
from protocolkit.check.validation import read_intake
from protocolkit.model.conditions import Condition
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("word", "meant"), [
    ("tattoo", "new-tattoo"), ("lymphoedema", "lymphedema"), ("herpes-zoster", "shingles"),
    ("slipped-disc", "disc-herniation"), ("herniated-disc", "disc-herniation"),
    ("high-blood-pressure", "hypertension"), ("steroid-injection", "corticosteroid-injection"),
    ("head-lice", None), ("nits", "head-lice"), ("lymph-nodes-removed", "lymph-node-removal"),
])
def test_curated_synonyms(catalog: Catalog, word: str, meant: str | None) -> None:
    if meant is None:  # an id of its own now: no hint needed
        assert word in catalog.conditions
        return
    assert word not in catalog.conditions
    assert suggest_condition(word, catalog).startswith(f"did you mean '{meant}'?")


def test_a_synonym_for_a_milder_condition_names_the_stricter_ones(catalog: Catalog) -> None:
    hint = suggest_condition("high-blood-pressure", catalog)
    assert "'hypertension-uncontrolled'" in hint and "stricter" in hint
    assert suggest_condition("pregnant", catalog).count("'high-risk-pregnancy'") == 1


@pytest.mark.parametrize("word", ["scabeis", "scabie", "scabies-mites"])
def test_spelling_stays_within_the_family(catalog: Catalog, word: str) -> None:
    """The reviewer's case: 'scabies' was hinted to 'sedatives', which gave "go"."""
    found = condition_candidates(word, catalog)
    assert all(condition.family_id == "contagious" for condition in found), found
    assert "sedatives" not in suggest_condition(word, catalog)


def test_a_word_close_to_two_families_gets_no_guess() -> None:
    catalog = load_catalog(environ={})
    catalog.conditions.add("burp", Condition("burp", "Burp", "caution", "A test condition.", family="test"), "test")
    # One slip from 'burn' (wounds) and from 'burp' (test): a guess would cross families.
    assert condition_candidates("burq", catalog) == []
    assert suggest_condition("burq", catalog) == WRITE_AS_OTHER
    # Nearer to one of them than to the other: that one.
    assert suggest_condition("burns", catalog).startswith("did you mean 'burn'")


def test_nothing_close_says_how_to_write_it_and_never_to_delete_it(catalog: Catalog) -> None:
    hint = suggest_condition("concusion-of-the-spleen-xyz", catalog)
    assert hint == WRITE_AS_OTHER and "'other'" in hint
    for word in ("zzzz", "scabeis", "pregnant", "slipped-disc"):
        text = suggest_condition(word, catalog).lower()
        assert "other" in text and not any(verb in text for verb in ("delete", "remove", "drop the"))


def test_unknown_condition_finding_offers_other(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text("protocolkit: 1\nkind: intake\nclient: T-1\nconditions:\n  - id: brain-fog-syndrome\n")
    read = read_intake(str(path), catalog)
    [finding] = read.findings
    assert finding.code == "PK405" and "write it as 'other' with a note" in finding.message


@pytest.mark.parametrize(("word", "never"), [("ankel", "tarsal-tunnel"), ("ankels", "tarsal-tunnel"),
                                             ("inner-ankel", "tarsal-tunnel"), ("poplitea", "popliteal-fossa"),
                                             ("groinn", "femoral-triangle")])
def test_region_hints_never_lead_to_an_endangerment_site_by_spelling(catalog: Catalog, word: str,
                                                                     never: str) -> None:
    hint = suggest_region(word, catalog) or ""
    assert never not in hint


@pytest.mark.parametrize(("word", "hint"), [("uper-back", "'upper-back'"), ("lower-leg", "'calf' or 'shin'"),
                                            ("hamstrngs", "'posterior-thigh'"), ("ankels", "'ankle'"),
                                            ("knee-cap", "'knee'"), ("fingers", "'hand'")])
def test_region_hints(catalog: Catalog, word: str, hint: str) -> None:
    assert suggest_region(word, catalog) == hint


def test_the_ankle_case_gets_no_site_in_the_intake_finding(tmp_path: Path, catalog: Catalog) -> None:
    """'ankle' is a region of its own; a misspelt ankle is hinted to it, never to the tarsal tunnel."""
    path = tmp_path / "intake.yaml"
    path.write_text("protocolkit: 1\nkind: intake\nclient: T-2\nconditions:\n  - id: acute-sprain\n"
                    "    region: ankels\n")
    [finding] = read_intake(str(path), catalog).findings
    assert finding.code == "PK103" and "tarsal" not in finding.message and "'ankle'" in finding.message
    path.write_text(path.read_text().replace("ankels", "ankle"))
    assert not read_intake(str(path), catalog).findings


@pytest.mark.parametrize(("word", "other", "limit", "distance"), [
    ("kitten", "sitting", 3, 3), ("kitten", "sitting", 2, 3), ("same", "same", 1, 0), ("a" * 5000, "a", 3, 4),
    ("pregnant", "pregnancy", 2, 2), ("scabies", "sedatives", 3, 4),
])
def test_edit_distance_is_banded(word: str, other: str, limit: int, distance: int) -> None:
    assert edit_distance(word, other, limit) == min(distance, limit + 1)


def test_allowed_distance_grows_with_the_word() -> None:
    assert [allowed_distance(w) for w in ("lice", "scabies", "lymph-nodes-removed")] == [1, 2, 3]


def test_a_plugin_adds_synonyms() -> None:
    house = load_catalog(local_modules=[str(DATA / "plugins" / "local_house.py")], environ={})
    assert house.synonyms.owner("condition:lip-filler") == "local_house"
    assert suggest_condition("lip-filler", house).startswith("did you mean 'recent-filler-injection'?")


def test_every_synonym_names_known_ids(catalog: Catalog) -> None:
    for synonym in catalog.synonyms.values():
        known = catalog.conditions if synonym.kind == "condition" else catalog.regions
        assert all(target in known for target in synonym.targets), synonym
        assert synonym.word not in known, f"{synonym.word} is an id already"
