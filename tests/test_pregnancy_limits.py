"""Pregnancy, from the catalog: the abdomen takes light effleurage only, the legs light work with no
sustained compression, whatever a clearance says; each rule tripped, and left alone when kept.

Also the allow-list itself (``RegionLimit.only``, ``Limit.only``, ``Allowance.only``): a technique
not on it is reported like an avoided one (PK403 at the step's technique, verdict "adapt")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.check.restrictions import ClientLimits, Limit, assess
from protocolkit.check.screening import decide, screen
from protocolkit.check.validation import read_intake
from protocolkit.cli import cli
from protocolkit.model.conditions import Clearance, Condition, Intake, IntakeEntry
from protocolkit.model.protocol import Pressure
from protocolkit.plugin.catalog import Catalog

from .conftest import EXAMPLES
from .test_screening import protocol

SECOND_TRIMESTER = EXAMPLES / "intakes" / "c-0215-pregnancy-second-trimester.yaml"
SUSTAINED_HOLDS = ("compression", "ischemic-compression", "sustained-pressure", "pin-and-stretch")


@pytest.fixture(scope="module")
def pregnant(catalog: Catalog) -> Intake:
    """The example intake: 22 weeks, pregnancy cleared, a bruise on the right shin."""
    read = read_intake(str(SECOND_TRIMESTER), catalog)
    assert read.intake is not None and read.findings == []
    return read.intake


def step(region: str, technique: str, pressure: int, modality: str = "deep-tissue",
         **more: object) -> dict[str, object]:
    return {"region": region, "technique": technique, "pressure": pressure, "modality": modality,
            "position": "semi-reclined", **more}


def outcome(catalog: Catalog, intake: Intake, *steps: dict[str, object]) -> tuple[str, list[tuple[int, str]]]:
    """The verdict, and (step number from 1, what the finding points at) for each finding at a step."""
    found = screen(protocol(*steps, duration=f"{5 * len(steps)}m"), intake, catalog)
    at_steps = [(int(f.path[1]) + 1, str(f.path[2])) for f in found if len(f.path) > 2]
    assert all(f.code == "PK403" for f in found)
    return decide(assess(intake, catalog), found)[0], at_steps


# -- the rules, each tripped and each kept ---------------------------------------------------------------------
def test_light_effleurage_on_the_abdomen_is_clean(catalog: Catalog, pregnant: Intake) -> None:
    assert outcome(catalog, pregnant, step("abdomen", "effleurage", 2, "swedish")) == ("go", [])
    assert outcome(catalog, pregnant, step("abdomen", "effleurage", 1, "deep-tissue")) == ("go", [])


def test_any_other_technique_on_the_abdomen_is_adapt(catalog: Catalog, pregnant: Intake) -> None:
    assert outcome(catalog, pregnant, step("abdomen", "petrissage", 2, "swedish")) == ("adapt", [(1, "technique")])
    assert outcome(catalog, pregnant, step("abdomen", "vibration", 1, "swedish")) == ("adapt", [(1, "technique")])
    assert outcome(catalog, pregnant, step("umbilicus", "petrissage", 2, "swedish")) == ("adapt", [(1, "technique")])
    found = screen(protocol(step("abdomen", "petrissage", 2, "swedish")), pregnant, catalog)
    assert found[0].message.startswith("petrissage is restricted by pregnancy on the abdomen: ")
    assert "use only effleurage there whatever a clearance says" in found[0].message


def test_compression_at_3_on_the_abdomen_breaks_the_ceiling_and_the_allow_list(catalog: Catalog,
                                                                               pregnant: Intake) -> None:
    verdict, at = outcome(catalog, pregnant, step("abdomen", "compression", 3))
    assert verdict == "adapt" and sorted(at) == [(1, "pressure"), (1, "technique")]


def test_effleurage_at_3_on_the_abdomen_is_over_the_light_ceiling(catalog: Catalog, pregnant: Intake) -> None:
    assert outcome(catalog, pregnant, step("abdomen", "effleurage", 3, "swedish")) == ("adapt", [(1, "pressure")])


@pytest.mark.parametrize("technique", SUSTAINED_HOLDS)
def test_no_sustained_compression_on_the_legs(catalog: Catalog, pregnant: Intake, technique: str) -> None:
    modality = {"ischemic-compression": "trigger-point", "sustained-pressure": "myofascial-release",
                "pin-and-stretch": "active-release"}.get(technique, "deep-tissue")
    for region in ("calf", "medial-thigh", "posterior-thigh"):
        verdict, at = outcome(catalog, pregnant, step(region, technique, 2, modality))
        assert verdict == "adapt" and (1, "technique") in at, (technique, region)


def test_light_gliding_and_kneading_on_the_legs_is_clean(catalog: Catalog, pregnant: Intake) -> None:
    for technique in ("effleurage", "petrissage"):
        assert outcome(catalog, pregnant, step("calf", technique, 2, "swedish")) == ("go", []), technique
    assert outcome(catalog, pregnant, step("anterior-thigh", "petrissage", 3, "swedish")) == \
        ("adapt", [(1, "pressure")])


def test_compression_elsewhere_stays_within_pregnancy_s_moderate_ceiling(catalog: Catalog, pregnant: Intake) -> None:
    assert outcome(catalog, pregnant, step("upper-back", "compression", 3)) == ("go", [])


@pytest.mark.parametrize("condition_id", ["first-trimester", "high-risk-pregnancy"])
def test_the_other_pregnancy_conditions_bring_the_same_rules(catalog: Catalog, condition_id: str) -> None:
    intake = Intake("T-P", (IntakeEntry(condition_id, ("conditions", 0)),), (Clearance(condition_id),))
    assert outcome(catalog, intake, step("abdomen", "effleurage", 2, "swedish")) == ("go", [])
    assert outcome(catalog, intake, step("abdomen", "petrissage", 2, "swedish"))[0] == "adapt"
    assert outcome(catalog, intake, step("calf", "compression", 2))[0] == "adapt"


def test_a_clearance_level_lifts_none_of_it(catalog: Catalog) -> None:
    intake = Intake("T-P", (IntakeEntry("pregnancy", ("conditions", 0), weeks=22),),
                    (Clearance("pregnancy", Pressure(5)),))
    assert outcome(catalog, intake, step("abdomen", "petrissage", 2, "swedish"))[0] == "adapt"
    assert outcome(catalog, intake, step("calf", "effleurage", 3, "swedish")) == ("adapt", [(1, "pressure")])


# -- the issue's example -----------------------------------------------------------------------------------------
ISSUE_SESSION = """\
protocolkit: 1
id: belly-and-calves
title: Abdomen and calves
duration: 30m
position: semi-reclined
steps:
  - modality: deep-tissue
    technique: effleurage
    region: abdomen
    duration: 5m
    pressure: light
  - modality: deep-tissue
    technique: compression
    region: abdomen
    duration: 7m30s
    pressure: 3
  - modality: deep-tissue
    technique: effleurage
    region: abdomen
    duration: 7m30s
    pressure: light
  - modality: sports
    technique: compression
    region: calf
    position: side-lying
    duration: 10m
    pressure: light
    notes: held compressions along the calf
"""


def test_the_issue_s_example_screens_adapt_and_names_the_steps(catalog: Catalog, pregnant: Intake,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "belly-and-calves.yaml"
    path.write_text(ISSUE_SESSION)
    result = CliRunner().invoke(cli, ["screen", str(path), "--intake", str(SECOND_TRIMESTER)])
    out = result.stdout
    assert result.exit_code == 1, out
    assert out.splitlines()[:2] == ["verdict for C-0215: adapt", "  2 steps must change: 2, 4"]
    found = [line.removeprefix(f"{path}:") for line in out.splitlines() if line.startswith(f"{path}:")]
    assert [line.split(":")[0:3] for line in found] == [
        ["13", "16", " PK403 compression is restricted by pregnancy on the abdomen"],
        ["16", "15", " PK403 pressure 3 (moderate) is over the ceiling for pregnancy on the abdomen"],
        ["23", "16", " PK403 compression is restricted by pregnancy on the calf"]]
    assert "use only effleurage there" in found[0] and "Lower the pressure to 2 or less" in found[1]
    for private in ("Second trimester", "side-lying position preferred", "Knocked"):
        assert private not in out


# -- the allow-list itself ---------------------------------------------------------------------------------------
def test_allowance_carries_the_allow_list(catalog: Catalog, pregnant: Intake) -> None:
    limits = assess(pregnant, catalog)
    belly = limits.allowance("abdomen", "both", "swedish")
    assert belly.only == frozenset({"effleurage"}) and belly.max_pressure == Pressure(2) and not belly.blocked
    calf = limits.allowance("calf", "left", "swedish")
    assert calf.only is None and calf.max_pressure == Pressure(2) and set(SUSTAINED_HOLDS) <= calf.avoid
    assert limits.allowance("upper-back", "both", "swedish").only is None


def _limit(only: tuple[str, ...] | None, **more: object) -> Limit:
    condition = Condition("test-only", "Test", "caution", "A reason.", max_pressure=Pressure(3))
    return Limit(condition, "fixed", frozenset({"abdomen"}), only=only, **more)  # type: ignore[arg-type]


def test_several_allow_lists_intersect_and_none_means_no_list() -> None:
    limits = ClientLimits("T", limits=(_limit(("effleurage", "vibration")), _limit(("effleurage", "petrissage")),
                                       _limit(None)))
    assert limits.allowance("abdomen", "both", None).only == frozenset({"effleurage"})
    assert limits.allowance("calf", "both", None).only is None
    assert ClientLimits("T", limits=(_limit(("vibration",)), _limit(("petrissage",)))) \
        .allowance("abdomen", "both", None).only == frozenset()


def test_a_technique_off_the_list_is_a_problem_whatever_it_is_called() -> None:
    limit = _limit(("effleurage",), avoid=("tapotement",))
    assert limit.allows("effleurage") and not limit.allows("tapotement")
    # A technique screening has never heard of (a house modality's) is off the list: fail closed.
    assert not limit.allows("stone-placement") and not limit.allows(None)
    assert _limit(None).allows("stone-placement") and not _limit(()).allows("effleurage")
