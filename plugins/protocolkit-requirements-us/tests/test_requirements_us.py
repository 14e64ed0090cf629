"""Tests for the US requirement profiles, used through the installed entry point."""

from __future__ import annotations

import json

import pytest

from protocolkit import validate_text
from protocolkit.testing import assert_plugin_conforms
from protocolkit_requirements_us import PROFILES

PLUGIN = "requirements-us"
STATES = ["texas", "florida", "washington", "illinois", "nebraska", "utah", "michigan", "maryland", "elap-core"]


def test_registered_through_the_entry_point(protocolkit_catalog):
    assert sorted(protocolkit_catalog.requirements.owned_by(PLUGIN)) == sorted(STATES)
    plugin = next(p for p in protocolkit_catalog.plugins if p.name == PLUGIN)
    assert (plugin.status, plugin.distribution) == ("ok", "protocolkit-requirements-us")


def test_conforms(protocolkit_catalog):
    assert_plugin_conforms(protocolkit_catalog, PLUGIN)


@pytest.mark.parametrize("data", PROFILES, ids=lambda data: data["id"])
def test_every_profile_meets_the_schema_and_names_only_known_subjects(protocolkit_catalog, data):
    # PK001 (schema) and PK708 (a subject the vocabulary does not know) would show here.
    assert validate_text(json.dumps(data), protocolkit_catalog, fmt="json") == []


@pytest.mark.parametrize("data", PROFILES, ids=lambda data: data["id"])
def test_every_profile_cites_its_text_and_dates_it_or_says_it_cannot(data):
    assert data["source"]["citation"]
    assert ("as-of" in data) != ("as-of-note" in data)


def test_the_hours_of_each_text():
    profiles = {data["id"]: data for data in PROFILES}
    assert {key: profiles[key]["total-hours"] for key in STATES} == {
        "texas": 500, "florida": 500, "washington": 625, "illinois": 600, "nebraska": 1000, "utah": 600,
        "michigan": 500, "maryland": 600, "elap-core": 625}
    # Where the text sets hours for every subject, they add up to the total.
    for key in ("texas", "florida", "nebraska", "utah"):
        assert sum(profiles[key]["subjects"].values()) == profiles[key]["total-hours"], key
    assert profiles["illinois"].get("subjects") is None and "draping" in profiles["illinois"]["required-subjects"]


def test_the_order_and_pace_rules_of_each_text():
    profiles = {data["id"]: data for data in PROFILES}
    (internship,) = profiles["texas"]["rules"]["after-hours"]
    assert internship == {"subject": "clinical-practice", "hours": 250,
                          "including": {"subjects": ["massage-theory-technique"], "hours": 100}}
    assert profiles["florida"]["rules"] == {"max-hours-per-day": 6, "max-hours-per-week": 30}
    assert profiles["washington"]["rules"] == {"minimum-weeks": 24}
    # Nine months, conservatively: at most 275 days, rounded up to whole weeks.
    assert profiles["nebraska"]["rules"] == {"minimum-weeks": 40} and -(-275 // 7) == 40


def test_dates_come_only_from_the_sources():
    dated = {data["id"]: data.get("as-of") for data in PROFILES if "as-of" in data}
    assert dated == {"florida": "2024", "washington": "2021-09-01", "illinois": "2014", "elap-core": "2013"}
