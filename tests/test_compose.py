"""The composition engine and `protocolkit compose`."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.composition.engine import ComposeError, ComposeRequest, PlanItem, Slot, compose, plan_steps
from protocolkit.model.planning import SlotTooLong
from protocolkit.model.protocol import Duration, Pressure, Protocol
from protocolkit.load.serialize import dump_yaml, protocol_to_data
from protocolkit.check.validation import validate_text

SEED = ["swedish", "deep-tissue", "sports", "active-release", "myofascial-release", "trigger-point", "reflexology"]


def request(duration: str, regions: list[str], modalities: list[str] = (), **more: object) -> ComposeRequest:  # type: ignore[assignment]
    return ComposeRequest(Duration.parse(duration), regions, modalities, **more)  # type: ignore[arg-type]


def findings_of(protocol: Protocol, catalog: Catalog) -> list[str]:
    return [f"{f.code} {f.message}" for f in validate_text(dump_yaml(protocol_to_data(protocol)), catalog)]


def test_the_issue_example_validates_without_any_finding(catalog: Catalog) -> None:
    protocol = compose(catalog, request("60m", ["upper-back", "neck"], ["swedish", "deep-tissue"]))
    assert findings_of(protocol, catalog) == []
    assert protocol.steps_total == Duration.parse("60m")
    for region in ("upper-back", "neck"):
        on_region = [s for s in protocol.steps if s.region == region]
        assert on_region[0].pressure is not None and on_region[0].pressure <= Pressure(3)  # warm-up first
        assert {s.modality for s in on_region} == {"swedish", "deep-tissue"}
        assert on_region[-1].technique == "effleurage"  # closing flush
        deep = [i for i, s in enumerate(on_region) if s.modality == "deep-tissue"]
        swedish = [i for i, s in enumerate(on_region) if s.modality == "swedish"]
        assert min(swedish) < min(deep)


# Regions each seed modality works, enough for a long session: a session never repeats a cycle on
# too few regions, it asks for more (see test_more_time_than_the_regions_can_use_is_refused).
_WORKS_ON = {"reflexology": ["foot", "hand"], "trigger-point": ["neck", "shoulder", "upper-back", "lower-back"]}
_DEFAULT_REGIONS = ["upper-back", "lower-back", "shoulder", "posterior-thigh", "calf", "neck"]


@pytest.mark.parametrize("modality", SEED)
@pytest.mark.parametrize(("duration", "count"), [("15m", 1), ("45m", 2), ("1h30m", 6)])
def test_every_seed_modality_composes_clean_alone(catalog: Catalog, modality: str, duration: str,
                                                  count: int) -> None:
    regions = _WORKS_ON.get(modality, _DEFAULT_REGIONS)[:count]
    protocol = compose(catalog, request(duration, regions, [modality]))
    assert protocol.steps_total == Duration.parse(duration)
    assert findings_of(protocol, catalog) == []


def test_more_time_than_the_regions_can_use_is_refused(catalog: Catalog) -> None:
    with pytest.raises(ComposeError, match=r"more than posterior-thigh can take.*add regions \(--region"):
        compose(catalog, request("45m", ["posterior-thigh:right"], ["active-release"]))


@pytest.mark.parametrize("pair", list(itertools.combinations([m for m in SEED if m != "reflexology"], 2)))
def test_every_pair_of_modalities_composes_without_errors(catalog: Catalog, pair: tuple[str, str]) -> None:
    protocol = compose(catalog, request("60m", ["shoulder", "posterior-thigh"], list(pair)))
    assert [f for f in findings_of(protocol, catalog) if not f.startswith(("PK202", "PK301", "SPT001"))] == []
    assert all(f.split()[0] not in ("PK101", "PK102", "PK103", "PK201", "MFR001") for f in findings_of(protocol, catalog))


def test_myofascial_release_comes_before_any_lubricant(catalog: Catalog) -> None:
    protocol = compose(catalog, request("60m", ["upper-back", "calf"], ["swedish", "myofascial-release"]))
    for region, side in (("upper-back", "both"), ("calf", "left"), ("calf", "right")):
        on_region = [s for s in protocol.steps if s.region == region and s.side == side]
        last_mfr = max(i for i, s in enumerate(on_region) if s.modality == "myofascial-release")
        first_oil = min(i for i, s in enumerate(on_region) if catalog.lubricated(s))
        assert last_mfr < first_oil
    assert findings_of(protocol, catalog) == []


def test_goals_pick_modalities_by_indication(catalog: Catalog) -> None:
    protocol = compose(catalog, request("30m", ["posterior-thigh"], goals=["hamstring-flexibility"]))
    assert "active-release" in {s.modality for s in protocol.hands_on_steps}
    chosen = {str(s.modality) for s in protocol.hands_on_steps}
    assert all("hamstring-flexibility" in catalog.modality(m).indications for m in chosen)
    assert protocol.goals == ("hamstring-flexibility",)
    with pytest.raises(ComposeError, match="no installed modality lists"):
        compose(catalog, request("30m", ["neck"], goals=["levitation"]))


def test_intents(catalog: Catalog) -> None:
    pre = compose(catalog, request("15m", ["calf", "posterior-thigh"], ["sports"], intent="pre-event"))
    assert findings_of(pre, catalog) == []
    assert all(s.pressure <= Pressure(3) and not catalog.lubricated(s) for s in pre.steps if s.pressure)
    post = compose(catalog, request("20m", ["calf"], ["sports"], intent="post-event"))
    assert findings_of(post, catalog) == []
    with pytest.raises(ComposeError, match="has no 'pre-event' intent"):
        compose(catalog, request("15m", ["calf"], ["swedish"], intent="pre-event"))


def test_a_modality_works_only_where_it_may(catalog: Catalog) -> None:
    mixed = compose(catalog, request("40m", ["upper-back", "foot"], ["swedish", "reflexology"]))
    assert {s.region for s in mixed.steps if s.modality == "reflexology"} == {"foot"}
    assert findings_of(mixed, catalog) == []
    with pytest.raises(ComposeError, match="reflexology works only on .*not on upper-back"):
        compose(catalog, request("30m", ["upper-back"], ["reflexology"]))


@pytest.mark.parametrize(("req", "message"), [
    (request("5m", ["neck", "calf", "upper-back", "foot"], ["swedish"]), "too short for this session"),
    (request("30m", ["neck"], ["swedsh"]), "unknown modality 'swedsh'; did you mean 'swedish'"),
    (request("30m", ["nek"], ["swedish"]), "unknown region 'nek'; did you mean 'neck'"),
    (request("30m", ["neck"]), "name a modality with --modality"),
    (request("30m", [], ["swedish"]), "at least one region"),
    (request("30m", ["eyes"], ["swedish"]), "eyes is an endangerment site .* never makes it a target"),
    (request("30m", ["neck:front"], ["swedish"]), "the side after ':' is left, right or both"),
    (request("30m", [], ["swedish"], goals=["levitation"]), "no installed plugin says which regions"),
    (request("1h", ["calf"], ["sports"], intent="pre-event"), "too long for a pre-event session"),
    (request("30m", ["calf"], ["sports"], intent="post-event"), "too long for a post-event session"),
])
def test_what_cannot_be_composed_says_why(catalog: Catalog, req: ComposeRequest, message: str) -> None:
    with pytest.raises(ComposeError, match=message):
        compose(catalog, req)


def test_plan_steps_fills_the_slot_exactly_within_bounds(catalog: Catalog) -> None:
    swedish = catalog.modality("swedish")
    plan = [PlanItem("effleurage", 1, "light"), PlanItem("petrissage", 3, "deep"), PlanItem("tapotement", 1, 3)]
    slot = Slot("calf", Duration.parse("10m"), "work", catalog.slot_techniques(swedish), max_pressure=Pressure(3))
    steps = plan_steps(swedish, slot, plan)
    assert sum(s.duration.seconds for s in steps) == 600
    assert [s.technique for s in steps] == ["effleurage", "petrissage", "tapotement"]
    assert steps[1].pressure == Pressure(3)  # capped at the slot's ceiling
    assert steps[1].duration > steps[0].duration
    with pytest.raises(SlotTooLong, match="more than its techniques can use there") as too_long:
        plan_steps(swedish, Slot("calf", Duration.parse("3h"), "work", catalog.slot_techniques(swedish)), plan)
    assert Duration(60) < too_long.value.most < Duration.parse("3h")  # never a repeated cycle
    short = plan_steps(swedish, Slot("calf", Duration.parse("1m"), "work", catalog.slot_techniques(swedish)), plan)
    assert [s.technique for s in short] == ["petrissage"]  # the lighter items give way
    with pytest.raises(ComposeError, match="too short"):  # no hands-on step is shorter than a minute
        plan_steps(swedish, Slot("calf", Duration.parse("30s"), "work", catalog.slot_techniques(swedish)), plan)
    dry = plan_steps(swedish, Slot("calf", Duration.parse("2m"), "work",
                                   catalog.slot_techniques(swedish), lubricant_allowed=False), plan)
    assert [s.technique for s in dry] == ["tapotement"]
    clothed = plan_steps(swedish, Slot("calf", Duration.parse("2m"), "work", catalog.slot_techniques(swedish),
                                       lubricant_allowed=False), [PlanItem("petrissage", 1, 2, lubricant=False)])
    assert [(s.technique, s.lubricant) for s in clothed] == [("petrissage", False)]  # kneading through clothing
    odd = plan_steps(swedish, Slot("calf", Duration(125), "work",
                                   catalog.slot_techniques(swedish)), [PlanItem("effleurage", 1, 2),
                                                                           PlanItem("vibration", 1, 2)])
    assert sum(s.duration.seconds for s in odd) == 125
    with pytest.raises(ValueError, match="does not offer stretching"):
        plan_steps(swedish, slot, [PlanItem("stretching", 1, 2)])


class TestComposeCommand:
    ARGS = ["compose", "--duration", "60m", "--modality", "swedish", "--modality", "deep-tissue",
            "--region", "upper-back", "--region", "neck"]

    def test_output_is_deterministic_yaml_that_validates(self, runner: CliRunner, catalog: Catalog) -> None:
        first = runner.invoke(cli, self.ARGS)
        second = runner.invoke(cli, self.ARGS)
        assert first.exit_code == 0 and first.stdout == second.stdout
        assert first.stdout.startswith("# Composed by protocolkit")
        assert validate_text(first.stdout, catalog) == []

    def test_writes_a_file_and_never_overwrites_without_force(self, runner: CliRunner, tmp_path: Path) -> None:
        target = tmp_path / "session.yaml"
        assert runner.invoke(cli, [*self.ARGS, "-o", str(target)]).exit_code == 0
        composed = target.read_text()
        target.write_text("my own notes\n")
        refused = runner.invoke(cli, [*self.ARGS, "-o", str(target)])
        assert refused.exit_code == 2 and "pass --force" in refused.stderr
        assert target.read_text() == "my own notes\n"
        assert runner.invoke(cli, [*self.ARGS, "-o", str(target), "--force"]).exit_code == 0
        assert target.read_text() == composed
        assert sorted(p.name for p in tmp_path.iterdir()) == ["session.yaml"]

    @pytest.mark.parametrize(("extra", "message"), [
        (["--modality", "reflexology", "--region", "upper-back"], "reflexology works only on"),
        (["--modality", "swedish", "--modality", "deep-tissue", "--modality", "sports", "--modality",
          "trigger-point", "--region", "neck", "--region", "calf", "--region", "foot", "--duration", "5m"],
         "too short"),
    ])
    def test_impossible_requests_are_one_line_and_exit_one(self, runner: CliRunner, extra: list[str],
                                                           message: str) -> None:
        args = ["compose", "--duration", "30m", *extra]
        result = runner.invoke(cli, args)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith("protocolkit: error: ") and message in result.stderr
        assert result.stderr.count("\n") == 1

    def test_bad_slugs_are_usage_errors(self, runner: CliRunner) -> None:
        result = runner.invoke(cli, ["compose", "--duration", "30m", "--region", "neck", "--goal", "Pain Relief"])
        assert result.exit_code == 2 and "--goal 'Pain Relief'" in result.stderr


def test_side_lying_the_client_turns_once_onto_the_other_side(catalog: Catalog) -> None:
    from protocolkit.model.conditions import Intake, IntakeEntry

    intake = Intake("T-30", [IntakeEntry("pregnancy", ("conditions", 0), weeks=30)])
    protocol = compose(catalog, request("45m", ["upper-back", "calf", "posterior-thigh"], ["swedish"], intake=intake))
    lying = [(s.position, s.side) for s in protocol.hands_on_steps]
    assert {position for position, _ in lying} == {"side-lying"}
    transitions = [s for s in protocol.steps if s.activity == "transition"]
    assert len(transitions) == 1 and "other side" in str(transitions[0].notes)
    turn = transitions[0].index
    assert {s.side for s in protocol.hands_on_steps if s.index > turn} == {"right"}
    assert "left" in {s.side for s in protocol.hands_on_steps if s.index < turn}
    assert protocol.steps_total == Duration.parse("45m")


def test_positions_turn_the_client_as_few_times_as_possible(catalog: Catalog) -> None:
    both_ways = compose(catalog, request("30m", ["neck", "shoulder", "face"], ["swedish"]))
    assert {s.position for s in both_ways.hands_on_steps} == {"supine"}  # all three can be worked supine
    assert not [s for s in both_ways.steps if s.activity == "transition"]
    prone_then_supine = compose(catalog, request("45m", ["anterior-thigh", "posterior-thigh"], ["swedish"]))
    runs = [k for k, _ in itertools.groupby(s.position for s in prone_then_supine.hands_on_steps)]
    assert runs == ["prone", "supine"]
    assert [s.activity for s in prone_then_supine.steps if not s.hands_on] == ["assessment", "transition", "education"]
