"""Screening, third pass: contagion, conditions the reviewer could not write, and 'other'.

Each condition is screened both ways: what it must catch, and what it must
leave alone, so that neither a false "go" nor a needless refusal slips in."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.check.restrictions import assess
from protocolkit.check.screening import decide, screen
from protocolkit.check.validation import read_intake
from protocolkit.model.conditions import Clearance, Intake, IntakeEntry
from protocolkit.model.protocol import Pressure
from protocolkit.plugin.catalog import Catalog

from .test_screening import protocol

BACK = {"region": "upper-back"}


def client(condition_id: str, region: str | None = None, side: str = "both", *, cleared: tuple[Clearance, ...] = (),
           **flags: object) -> Intake:
    entry = IntakeEntry(condition_id, ("conditions", 0), region, side, **flags)  # type: ignore[arg-type]
    return Intake("T-3", (entry,), cleared)


def outcome(catalog: Catalog, intake: Intake, *steps: dict[str, object]) -> tuple[str, list[tuple[str, int]]]:
    """The verdict, and (code, step number from 1) for each finding at a step."""
    found = screen(protocol(*steps, duration=f"{5 * len(steps)}m"), intake, catalog)
    at_steps = [(f.code, int(f.path[1]) + 1) for f in found if len(f.path) > 1]
    return decide(assess(intake, catalog), found)[0], at_steps


@pytest.mark.parametrize("condition_id", ["scabies", "head-lice", "impetigo", "shingles"])
def test_contagion_rules_out_the_session(catalog: Catalog, condition_id: str) -> None:
    verdict, _ = outcome(catalog, client(condition_id), BACK)
    assert verdict == "do not treat"
    blocker = assess(client(condition_id), catalog).blockers[0]
    assert blocker.code == "PK401" and catalog.conditions[condition_id].advice in blocker.message
    # A clearance never lifts contagion.
    cleared = client(condition_id, cleared=(Clearance(condition_id),))
    assert outcome(catalog, cleared, BACK)[0] == "do not treat"


def test_a_cold_sore_keeps_off_the_face_without_a_region(catalog: Catalog) -> None:
    assert outcome(catalog, client("cold-sore"), {"region": "face"}, BACK) == ("adapt", [("PK402", 1)])
    assert outcome(catalog, client("cold-sore"), BACK)[0] == "go"


@pytest.mark.parametrize("condition_id", ["tinea", "skin-infection", "bruise"])
def test_a_widespread_local_condition_rules_out_the_session(catalog: Catalog, condition_id: str) -> None:
    assert outcome(catalog, client(condition_id, "foot"), {"region": "foot"}, BACK) == ("adapt", [("PK402", 1)])
    assert outcome(catalog, client(condition_id, "foot", widespread=True), BACK)[0] == "do not treat"


def test_other_is_do_not_treat_until_a_clinician_has_reviewed_it(catalog: Catalog) -> None:
    assert outcome(catalog, client("other"), BACK)[0] == "do not treat"
    message = assess(client("other"), catalog).blockers[0].message
    assert "a condition protocolkit does not know: treat after a clinician has reviewed it" in message.lower()
    assert outcome(catalog, client("other", cleared=(Clearance("other"),)), BACK) == ("go", [])
    capped = client("other", cleared=(Clearance("other", Pressure(2)),))
    assert outcome(catalog, capped, {**BACK, "pressure": 3}, {**BACK, "pressure": 2}) == ("adapt", [("PK403", 1)])


def test_other_needs_its_notes(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text("protocolkit: 1\nkind: intake\nclient: T-4\nconditions:\n  - id: other\n")
    [finding] = read_intake(str(path), catalog).findings
    assert finding.code == "PK001" and "notes" in finding.message
    path.write_text("protocolkit: 1\nkind: intake\nclient: T-4\nconditions:\n  - id: other\n    notes: Secret-X\n")
    read = read_intake(str(path), catalog)
    assert read.findings == [] and "Secret-X" not in repr(read.intake)


def test_concussion(catalog: Catalog) -> None:
    assert outcome(catalog, client("concussion"), BACK)[0] == "do not treat"
    cleared = client("concussion", cleared=(Clearance("concussion"),))
    assert outcome(catalog, cleared, BACK, {"region": "scalp"}) == ("go", [])
    found = outcome(catalog, cleared, {"region": "neck", "technique": "stretching", "pressure": 2},
                    {"region": "head", "technique": "petrissage", "pressure": 4}, {**BACK, "pressure": 4})
    assert found == ("adapt", [("PK403", 1), ("PK403", 2)])


def test_whiplash_keeps_off_the_neck(catalog: Catalog) -> None:
    assert outcome(catalog, client("whiplash"), {"region": "neck"}, BACK) == ("adapt", [("PK402", 1)])


@pytest.mark.parametrize(("flags", "flagged"), [
    ({}, [1, 2]), ({"leg_symptoms": True}, [1, 2]), ({"leg_symptoms": False}, []),
])
def test_disc_herniation_spares_the_legs_nerve_stretches(catalog: Catalog, flags: dict[str, object],
                                                         flagged: list[int]) -> None:
    stretches = ({"region": "posterior-thigh", "side": "left", "technique": "stretching"},
                 {"region": "calf", "side": "right", "technique": "stretching"}, BACK)
    verdict, found = outcome(catalog, client("disc-herniation", **flags), *stretches)
    assert [step for _, step in found] == flagged and verdict == ("adapt" if flagged else "go")


def test_disc_herniation_on_one_side(catalog: Catalog) -> None:
    left = client("disc-herniation", "lower-back", "left", leg_symptoms=True)
    stretches = ({"region": "posterior-thigh", "side": "left", "technique": "stretching"},
                 {"region": "posterior-thigh", "side": "right", "technique": "stretching"})
    assert outcome(catalog, left, *stretches) == ("adapt", [("PK403", 1)])


def test_fibromyalgia(catalog: Catalog) -> None:
    steps = ({**BACK, "pressure": 4}, {**BACK, "technique": "petrissage", "pressure": 3})
    assert outcome(catalog, client("fibromyalgia"), *steps) == ("adapt", [("PK403", 1)])


@pytest.mark.parametrize(("condition_id", "verdict"), [("hypertension", "go"), ("epilepsy", "go"),
                                                        ("hypertension-uncontrolled", "do not treat"),
                                                        ("epilepsy-uncontrolled", "do not treat")])
def test_controlled_and_uncontrolled(catalog: Catalog, condition_id: str, verdict: str) -> None:
    assert outcome(catalog, client(condition_id), {**BACK, "pressure": 4})[0] == verdict


@pytest.mark.parametrize(("platelets", "cleared", "verdict"), [
    (None, False, "do not treat"), (30_000, False, "do not treat"), (60_000, False, "adapt"),
    (None, True, "adapt"), (30_000, True, "adapt"),
])
def test_thrombocytopenia_by_platelet_count(catalog: Catalog, platelets: int | None, cleared: bool,
                                            verdict: str) -> None:
    clearance = (Clearance("thrombocytopenia"),) if cleared else ()
    intake = client("thrombocytopenia", cleared=clearance, platelets=platelets)
    assert outcome(catalog, intake, {**BACK, "pressure": 3})[0] == verdict
    if verdict == "adapt":
        assert outcome(catalog, intake, {**BACK, "pressure": 2}) == ("go", [])


def test_diabetic_neuropathy_is_light_where_sensation_is_reduced(catalog: Catalog) -> None:
    steps = ({"region": "foot", "technique": "petrissage", "pressure": 3}, {**BACK, "pressure": 3})
    assert outcome(catalog, client("diabetic-neuropathy", "foot"), *steps) == ("adapt", [("PK403", 1)])
    assert outcome(catalog, client("diabetic-neuropathy"), *steps) == ("adapt", [("PK403", 1), ("PK403", 2)])


def test_chemotherapy_is_a_clearance_with_a_ceiling(catalog: Catalog) -> None:
    assert outcome(catalog, client("chemotherapy"), BACK)[0] == "do not treat"
    cleared = client("chemotherapy", cleared=(Clearance("chemotherapy"),))
    assert outcome(catalog, cleared, {**BACK, "pressure": 3}) == ("adapt", [("PK403", 1)])
    leveled = client("chemotherapy", cleared=(Clearance("chemotherapy", Pressure(3)),))
    assert outcome(catalog, leveled, {**BACK, "pressure": 3}) == ("go", [])


def test_a_corticosteroid_injection_is_local_and_long_term_use_is_everywhere(catalog: Catalog) -> None:
    steps = ({"region": "shoulder", "pressure": 2}, {**BACK, "pressure": 3})
    assert outcome(catalog, client("corticosteroid-injection", "shoulder"), *steps) == ("adapt", [("PK402", 1)])
    assert outcome(catalog, client("corticosteroids"), *steps) == ("adapt", [("PK403", 2)])


def test_a_new_tattoo_must_be_placed(catalog: Catalog) -> None:
    assert outcome(catalog, client("new-tattoo"), BACK)[0] == "do not treat"
    assert outcome(catalog, client("new-tattoo", "forearm"), {"region": "forearm"}, BACK) == ("adapt",
                                                                                              [("PK402", 1)])
