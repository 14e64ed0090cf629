"""Screening by time and position: phases from 'since', weeks of pregnancy, positions (PK407), --on.

Each rule both ways: what it catches, and what it leaves alone once time has
passed or the position is right; undated or unstated is the strictest reading."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from protocolkit.check.advice import advice_for
from protocolkit.check.phases import days_surely_passed
from protocolkit.check.restrictions import assess
from protocolkit.check.screening import decide, screen
from protocolkit.cli import cli
from protocolkit.composition.engine import ComposeRequest, compose
from protocolkit.load.serialize import protocol_from_data
from protocolkit.model.conditions import Clearance, Intake, IntakeEntry
from protocolkit.model.protocol import Duration, Protocol
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog

ON = date(2026, 12, 7)
REGIONS = load_catalog(environ={}).regions


def days_ago(days: int) -> date:
    return ON - timedelta(days=days)


def client(condition_id: str, region: str | None = None, side: str = "both", *, cleared: tuple[Clearance, ...] = (),
           **flags: Any) -> Intake:
    entry = IntakeEntry(condition_id, ("conditions", 0), region, side, **flags)  # type: ignore[arg-type]
    return Intake("T-5", (entry,), cleared, on=ON)


def session(*steps: dict[str, Any], position: str | None = "side-lying") -> Protocol:
    data: dict[str, Any] = {"protocolkit": 1, "id": "p", "title": "P", "duration": f"{5 * len(steps)}m",
                            "steps": [{"duration": "5m", "pressure": "light", "modality": "swedish",
                                       "technique": "effleurage", **step} for step in steps]}
    if position:
        data["position"] = position
    return protocol_from_data(data, REGIONS)


def outcome(catalog: Catalog, intake: Intake, protocol: Protocol) -> tuple[str, list[tuple[str, int]]]:
    found = screen(protocol, intake, catalog)
    return decide(assess(intake, catalog), found)[0], [(f.code, int(f.path[1]) + 1) for f in found if len(f.path) > 1]


def test_dates_without_hours_count_the_least_time_that_can_have_passed() -> None:
    assert [days_surely_passed(date(2026, 3, 1), date(2026, 3, day)) for day in (1, 2, 3, 4, 5)] == [0, 0, 1, 2, 3]


OFF_THE_ANKLE = [("PK402", 1), ("PK402", 2)]


@pytest.mark.parametrize(("since", "verdict", "flagged"), [
    (None, "adapt", OFF_THE_ANKLE),              # undated: the strictest phase, off the ankle
    (days_ago(1), "adapt", OFF_THE_ANKLE),       # acute
    (days_ago(3), "adapt", OFF_THE_ANKLE),       # 3 calendar days: surely only 2, still acute
    (days_ago(4), "adapt", [("PK403", 2)]),      # subacute: light work, no friction on it
    (days_ago(42), "adapt", [("PK403", 2)]),     # 42 calendar days: surely only 41
    (days_ago(43), "go", []),                    # six weeks surely passed
    (ON + timedelta(days=3), "adapt", OFF_THE_ANKLE),  # dated after the session: read as undated
])
def test_an_acute_sprain_eases_with_time(catalog: Catalog, since: date | None, verdict: str,
                                          flagged: list[tuple[str, int]]) -> None:
    steps = session({"region": "ankle", "pressure": "light"},
                    {"region": "ankle", "technique": "friction", "modality": "sports", "pressure": "moderate"})
    intake = client("acute-sprain", "ankle", "left", since=since)
    found = outcome(catalog, intake, steps)
    assert found[0] == verdict and sorted(set(found[1])) == flagged


def test_a_sprained_ankle_keeps_off_the_tarsal_tunnel_not_the_calf(catalog: Catalog) -> None:
    steps = session({"region": "tarsal-tunnel"}, {"region": "calf"}, {"region": "foot"})
    assert outcome(catalog, client("acute-sprain", "ankle"), steps) == ("adapt", [("PK402", 1)])


@pytest.mark.parametrize(("since", "flagged"), [
    (days_ago(1), [("PK402", 1), ("PK402", 2)]),  # the first 48 hours: off the site
    (None, [("PK402", 1), ("PK402", 2)]),         # undated: the same
    (days_ago(5), [("PK403", 2)]),                # to 14 days: no stretch of the injected tendon
    (days_ago(20), []),
])
def test_a_corticosteroid_injection_holds_at_its_site_and_side_only(catalog: Catalog, since: date | None,
                                                                     flagged: list[tuple[str, int]]) -> None:
    steps = session({"region": "shoulder", "side": "left"},
                    {"region": "shoulder", "side": "left", "technique": "stretching"},
                    {"region": "shoulder", "side": "right", "technique": "stretching"},
                    {"region": "upper-back", "pressure": "moderate"})
    assert outcome(catalog, client("corticosteroid-injection", "shoulder", "left", since=since), steps)[1] == flagged


@pytest.mark.parametrize(("since", "cleared", "verdict"), [
    (days_ago(1), False, "do not treat"), (days_ago(1), True, "do not treat"), (days_ago(5), False, "adapt"),
    (None, False, "do not treat"), (None, True, "adapt"),
])
def test_concussion_waits_48_hours_then_keeps_the_neck_light(catalog: Catalog, since: date | None, cleared: bool,
                                                              verdict: str) -> None:
    clearance = (Clearance("concussion"),) if cleared else ()
    steps = session({"region": "neck", "technique": "stretching"}, {"region": "upper-back"})
    found = outcome(catalog, client("concussion", cleared=clearance, since=since), steps)
    assert found[0] == verdict
    if verdict == "adapt":
        assert found[1] == [("PK403", 1)]


def test_impetigo_rules_out_the_first_day_of_antibiotics_then_only_its_area(catalog: Catalog) -> None:
    steps = session({"region": "forearm"}, {"region": "upper-back"})
    assert outcome(catalog, client("impetigo", "forearm", since=days_ago(0)), steps)[0] == "do not treat"
    assert outcome(catalog, client("impetigo", "forearm", since=days_ago(3)), steps) == ("adapt", [("PK402", 1)])
    assert outcome(catalog, client("impetigo", since=days_ago(3)), steps)[0] == "do not treat"  # say where


@pytest.mark.parametrize(("weeks", "prone", "supine", "abdomen"), [
    (10, False, False, True), (16, True, False, False), (24, True, True, False), (None, True, True, True),
])
def test_pregnancy_by_weeks(catalog: Catalog, weeks: int | None, prone: bool, supine: bool, abdomen: bool) -> None:
    intake = client("pregnancy", weeks=weeks)
    assert outcome(catalog, intake, session({"region": "upper-back"}, position="prone"))[0] == \
        ("adapt" if prone else "go")
    assert outcome(catalog, intake, session({"region": "anterior-thigh"}, position="supine"))[0] == \
        ("adapt" if supine else "go")
    light_belly = session({"region": "abdomen", "pressure": "light", "technique": "effleurage"},
                          position="semi-reclined")
    kneaded_belly = session({"region": "abdomen", "pressure": "light", "technique": "petrissage"},
                            position="semi-reclined")
    # The first trimester's limits come with few or unknown weeks; the abdomen takes light effleurage only, always.
    first = [limit for limit in assess(intake, catalog).limits if limit.condition.id == "first-trimester"]
    assert bool(first) == abdomen and outcome(catalog, intake, light_belly)[0] == "go"
    assert outcome(catalog, intake, kneaded_belly)[0] == "adapt"


def test_a_first_trimester_id_says_the_weeks_are_few(catalog: Catalog) -> None:
    assert outcome(catalog, client("first-trimester"), session({"region": "upper-back"}, position="prone")) == \
        ("go", [])


def test_a_step_with_no_position_is_flagged_when_it_matters(catalog: Catalog) -> None:
    unsaid = session({"region": "upper-back"}, position=None)
    verdict, found = outcome(catalog, client("pregnancy", weeks=24), unsaid)
    assert (verdict, found) == ("adapt", [("PK407", 1)])
    message = screen(unsaid, client("pregnancy", weeks=24), catalog)[0].message
    assert "state the position" in message and "side-lying, semi-reclined, seated" in message
    assert outcome(catalog, client("osteoporosis"), unsaid) == ("go", [])  # no position rule: nothing to state


@pytest.mark.parametrize(("region", "prone_ok"), [("chest", False), ("upper-arm", True)])
def test_a_chest_port_rules_out_prone(catalog: Catalog, region: str, prone_ok: bool) -> None:
    found = outcome(catalog, client("implanted-port", region), session({"region": "upper-back"}, position="prone"))
    assert (found[0] == "go") == prone_ok


@pytest.mark.parametrize(("approach", "prone", "seated"), [
    ("posterior", False, True), ("anterior", True, False), (None, True, True), ("lateral", True, True),
])
def test_hip_replacement_positions_by_approach(catalog: Catalog, approach: str | None, prone: bool,
                                               seated: bool) -> None:
    intake = client("hip-replacement", "hip", "left", approach=approach, since=days_ago(30))
    assert (outcome(catalog, intake, session({"region": "upper-back"}, position="prone"))[0] == "adapt") == prone
    assert (outcome(catalog, intake, session({"region": "upper-back"}, position="seated"))[0] == "adapt") == seated


def test_hip_replacement_stretches_that_side_until_cleared_or_twelve_weeks(catalog: Catalog) -> None:
    stretches = session({"region": "posterior-thigh", "side": "left", "technique": "stretching"},
                        {"region": "posterior-thigh", "side": "right", "technique": "stretching"})
    assert outcome(catalog, client("hip-replacement", "hip", "left", since=days_ago(30)), stretches) == \
        ("adapt", [("PK403", 1)])
    assert outcome(catalog, client("hip-replacement", "hip", "left", since=days_ago(100)), stretches) == ("go", [])
    cleared = client("hip-replacement", "hip", "left", cleared=(Clearance("hip-replacement"),))
    assert outcome(catalog, cleared, stretches) == ("go", [])


def test_compose_lies_a_client_past_20_weeks_on_her_side(catalog: Catalog) -> None:
    intake = client("pregnancy", weeks=30)
    protocol = compose(catalog, ComposeRequest(Duration.parse("30m"), ("upper-back", "anterior-thigh"), ("swedish",),
                                               intake=intake))
    assert {step.position for step in protocol.hands_on_steps} <= {"side-lying", "semi-reclined"}
    assert outcome(catalog, intake, protocol)[0] == "go"
    plain = compose(catalog, ComposeRequest(Duration.parse("30m"), ("upper-back", "anterior-thigh"), ("swedish",)))
    assert plain.hands_on_steps[0].position == "prone" and plain.hands_on_steps[-1].position == "supine"


def test_the_advice_names_each_condition_phase(catalog: Catalog) -> None:
    intake = Intake("T-6", (IntakeEntry("acute-sprain", ("conditions", 0), "ankle", since=days_ago(10)),
                            IntakeEntry("pregnancy", ("conditions", 1), weeks=22)), on=ON)
    phases = {item.condition: item.phase for item in advice_for(intake, catalog)}
    assert phases == {"acute-sprain": "subacute (day 4 to week 6)", "pregnancy": "22 weeks"}


def test_screen_on_a_date(tmp_path: Path) -> None:
    intake = tmp_path / "intake.yaml"
    intake.write_text("protocolkit: 1\nkind: intake\nclient: T-7\nconditions:\n  - id: acute-sprain\n"
                      "    region: ankle\n    since: 2026-11-01\n")
    protocol = tmp_path / "p.yaml"
    protocol.write_text("protocolkit: 1\nid: p\ntitle: P\nduration: 5m\nposition: supine\nsteps:\n"
                        "  - modality: sports\n    technique: friction\n    region: ankle\n    duration: 5m\n"
                        "    pressure: moderate\n")
    runner = CliRunner()
    early = runner.invoke(cli, ["screen", str(protocol), "--intake", str(intake), "--on", "2026-11-02",
                                "--format", "json"])
    late = runner.invoke(cli, ["screen", str(protocol), "--intake", str(intake), "--on", "2026-12-20",
                               "--format", "json"])
    assert json.loads(early.stdout)["verdict"] == "adapt" and json.loads(late.stdout)["verdict"] == "go"
    assert json.loads(late.stdout)["on"] == "2026-12-20"
    assert json.loads(early.stdout)["advice"][0]["phase"] == "acute (first 72 hours)"
    bad = runner.invoke(cli, ["screen", str(protocol), "--intake", str(intake), "--on", "2026-13-01"])
    assert bad.exit_code == 2 and "--on" in bad.stderr


def test_a_since_no_calendar_has_is_located_and_gives_no_verdict(tmp_path: Path) -> None:
    intake = tmp_path / "intake.yaml"
    intake.write_text("protocolkit: 1\nkind: intake\nclient: T-8\nconditions:\n  - id: whiplash\n"
                      "    since: 2026-02-30\n")
    result = CliRunner().invoke(cli, ["screen", str(intake), "--intake", str(intake), "--format", "json"])
    shown = json.loads(result.stdout)
    assert shown["verdict"] == "no verdict" and any(f["path"] == "$.conditions[0].since" and f["line"] == 6
                                                     for f in shown["findings"])


def test_the_sheet_says_each_condition_phase(tmp_path: Path) -> None:
    intake = tmp_path / "intake.yaml"
    intake.write_text("protocolkit: 1\nkind: intake\nclient: T-9\nconditions:\n  - id: pregnancy\n    weeks: 22\n")
    protocol = Path(__file__).parent.parent / "examples" / "reflexology-45.yaml"
    for fmt, phase in (("markdown", "**pregnancy** (22 weeks)"), ("html", '<span class="phase">(22 weeks)</span>')):
        result = CliRunner().invoke(cli, ["export", str(protocol), "--to", fmt, "--intake", str(intake),
                                          "--on", "2026-12-07"])
        assert result.exit_code == 0 and phase in result.stdout, result.stderr
