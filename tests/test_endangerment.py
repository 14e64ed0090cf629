"""Endangerment sites are never targets (PK404): what each site allows, where it lies, and the rule's messages.

The broken and clean documents in tests/data (pk404-*) trip and clear the rule
through validate and screen; these tests pin the data behind it and the words
of each finding.
"""

from __future__ import annotations

import pytest

from protocolkit.check.rules.safety import site_allowance
from protocolkit.check.validation import validate_text
from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Duration, Pressure
from protocolkit.model.regions import BROAD_AND_LIGHT, REGIONS, Region, RegionVocabulary, SiteAllowance
from protocolkit.plugin.catalog import Catalog

SITES = [region for region in REGIONS if region.is_endangerment_site]
WITHIN = {"eyes": "face", "anterior-neck": "neck", "posterior-triangle": "neck", "kidney-area": "lower-back",
          "sciatic-notch": "gluteal", "umbilicus": "abdomen", "axilla": "shoulder", "medial-upper-arm": "upper-arm",
          "cubital-fossa": "elbow", "femoral-triangle": "medial-thigh", "popliteal-fossa": "knee",
          "fibular-head": "knee", "great-saphenous-vein": "calf", "tarsal-tunnel": "ankle"}


def protocol(*steps: tuple[str, str, str, str, str]) -> str:
    """A protocol of (modality, technique, region, duration, pressure) steps, its total as planned."""
    total = Duration(sum(Duration.parse(duration).seconds for _, _, _, duration, _ in steps))
    lines = ["protocolkit: 1", "id: sites", "title: Sites", f"duration: {total}", "steps:"]
    for modality, technique, region, duration, pressure in steps:
        lines += [f"  - modality: {modality}", f"    technique: {technique}", f"    region: {region}",
                  f"    duration: {duration}", f"    pressure: {pressure}"]
    return "\n".join(lines) + "\n"


def pk404(catalog: Catalog, *steps: tuple[str, str, str, str, str]) -> list[Finding]:
    return [f for f in validate_text(protocol(*steps), catalog) if f.code == "PK404"]


def test_every_site_of_the_table_lies_within_an_ordinary_region_and_allows_known_techniques(catalog: Catalog) -> None:
    assert {site.id for site in SITES} == set(WITHIN)
    for site in SITES:
        within = site.within
        assert within is not None and within in REGIONS, site.id
        assert not REGIONS.get(within).is_endangerment_site, site.id
        assert REGIONS.site_within(site.id) == within == WITHIN[site.id]
        allowance = site.allowance
        assert allowance is not None and allowance.techniques, site.id
        assert all(technique in catalog.techniques for technique in allowance.techniques), site.id


def test_a_site_allows_broad_light_effleurage_or_a_still_hold_at_2_for_a_minute() -> None:
    for site in SITES:
        assert site_allowance(REGIONS, site.id) == REGIONS.allowance(site.id) == BROAD_AND_LIGHT
    assert set(BROAD_AND_LIGHT.techniques) == {"effleurage", "sustained-pressure"}
    assert "foot-relaxation" not in BROAD_AND_LIGHT.techniques  # reflexology's wringing is no still hold
    assert (BROAD_AND_LIGHT.max_pressure, BROAD_AND_LIGHT.longest_step) == (Pressure(2), Duration(60))


@pytest.mark.parametrize("word", ["upper-back", "face", "knee", "no-such-region"])
def test_an_ordinary_region_has_no_allowance_and_lies_within_nothing(word: str) -> None:
    assert site_allowance(REGIONS, word) is None
    assert REGIONS.site_within(word) is None


def test_a_site_must_carry_its_allowance_and_where_it_lies() -> None:
    with pytest.raises(ValueError, match="give its allowance"):
        Region("nook", "Nook", endangerment="a nerve", within="face")
    with pytest.raises(ValueError, match="give its allowance"):
        Region("nook", "Nook", endangerment="a nerve", allowance=BROAD_AND_LIGHT)
    with pytest.raises(ValueError, match="only an endangerment site"):
        Region("cheek", "Cheek", within="face")
    with pytest.raises(ValueError, match="at least one technique"):
        SiteAllowance((), Pressure(2), Duration(60), "nothing")


@pytest.mark.parametrize("within", ["nowhere", "nook"])
def test_within_must_name_an_ordinary_region(within: str) -> None:
    with pytest.raises(ValueError, match=f"within names '{within}', which is no ordinary region"):
        RegionVocabulary([Region("nook", "Nook", endangerment="a nerve", allowance=BROAD_AND_LIGHT, within=within)])


def test_light_effleurage_for_a_minute_on_the_eyes_is_clean(catalog: Catalog) -> None:
    assert pk404(catalog, ("swedish", "effleurage", "face", "4m", "light"),
                 ("swedish", "effleurage", "eyes", "1m", "2")) == []


def test_petrissage_on_the_eyes_is_flagged_with_what_to_do_instead(catalog: Catalog) -> None:
    (finding,) = pk404(catalog, ("swedish", "effleurage", "face", "4m", "light"),
                       ("swedish", "petrissage", "eyes", "1m", "light"))
    assert finding.message.startswith("eyes is an endangerment site (the eyeballs")
    assert "petrissage does not belong there: use broad, light effleurage or a still hold" in finding.message
    assert "a minute at most" in finding.message and "work around it on the face" in finding.message
    assert (finding.line, finding.severity) == (12, "error")  # the second step's technique


@pytest.mark.parametrize(("pressure", "flagged"), [("3", True), ("moderate", True), ("2", False), ("1", False)])
def test_pressure_above_2_on_the_front_of_the_neck_is_flagged(catalog: Catalog, pressure: str, flagged: bool) -> None:
    found = pk404(catalog, ("swedish", "effleurage", "neck", "4m", "light"),
                  ("swedish", "effleurage", "anterior-neck", "1m", pressure))
    assert bool(found) == flagged
    if flagged:
        (finding,) = found
        assert "pressure 3 (moderate) is too firm there" in finding.message
        assert "2 or less, or work around it on the neck" in finding.message


@pytest.mark.parametrize(("duration", "flagged"), [("2m", True), ("1m1s", True), ("1m", False), ("30s", False)])
def test_a_step_longer_than_a_minute_in_the_armpit_is_flagged(catalog: Catalog, duration: str, flagged: bool) -> None:
    found = pk404(catalog, ("swedish", "effleurage", "shoulder", "3m", "light"),
                  ("swedish", "effleurage", "axilla", duration, "light"))
    assert bool(found) == flagged
    if flagged:
        (finding,) = found
        assert f"{Duration.parse(duration)} of effleurage is too long to stay there" in finding.message
        assert "a minute at most a step, then move on to the shoulder" in finding.message


def test_each_limit_broken_is_its_own_finding(catalog: Catalog) -> None:
    found = pk404(catalog, ("swedish", "tapotement", "kidney-area", "2m", "moderate"))
    # technique (line 7), duration (line 9) and pressure (line 10) of the one step
    assert sorted((finding.line, finding.column) for finding in found) == [(7, 16), (9, 15), (10, 15)]


@pytest.mark.parametrize(("technique", "flagged"), [("tapotement", True), ("percussion", True),
                                                     ("petrissage", True), ("effleurage", False)])
def test_only_broad_light_work_on_the_kidneys(catalog: Catalog, technique: str, flagged: bool) -> None:
    found = pk404(catalog, ("swedish", "effleurage", "lower-back", "3m", "light"),
                  ("sports" if technique == "percussion" else "swedish", technique, "kidney-area", "1m", "light"))
    assert bool(found) == flagged


def test_a_still_hold_is_allowed_and_the_site_is_named_by_its_region_words(catalog: Catalog) -> None:
    assert pk404(catalog, ("myofascial-release", "sustained-pressure", "femoral-triangle", "1m", "light")) == []
    (finding,) = pk404(catalog, ("myofascial-release", "skin-rolling", "femoral-triangle", "1m", "light"))
    assert "work around it on the inner thigh (medial-thigh)" in finding.message


def test_reflexology_foot_relaxation_is_no_still_hold(catalog: Catalog) -> None:
    (finding,) = pk404(catalog, ("reflexology", "foot-relaxation", "tarsal-tunnel", "1m", "light"))
    assert "foot-relaxation does not belong there" in finding.message
