"""Screening a protocol against a client's intake: categories, sides, reach (distal, limb,
quadrant), clearance and its levels, unknown ids, verdicts, and the privacy of what the intake says."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.model.conditions import Clearance, Intake, IntakeEntry
from protocolkit.model.findings import Finding
from protocolkit.model.protocol import Pressure
from protocolkit.plugin.host import load_catalog
from protocolkit.check.restrictions import assess
from protocolkit.check.screening import decide, screen
from protocolkit.load.serialize import protocol_from_data
from protocolkit.check.validation import read_intake

from .conftest import DATA, EXAMPLES

INTAKES = EXAMPLES / "intakes"


def protocol(*steps: dict[str, object], duration: str = "10m"):  # type: ignore[no-untyped-def]
    """A protocol of these steps; each lies side-lying unless it says otherwise (every client may)."""
    data = {"protocolkit": 1, "id": "p", "title": "P", "duration": duration,
            "steps": [{"duration": "5m", "pressure": "light", "modality": "swedish", "technique": "effleurage",
                       "position": "side-lying", **step} for step in steps]}
    return protocol_from_data(data, load_catalog(environ={}).regions)


def intake(*entries: IntakeEntry, cleared: tuple[str | Clearance, ...] = ()) -> Intake:
    return Intake(client="T-1", entries=entries, clearance=cleared)


def verdict(client: Intake, found: list[Finding], catalog: Catalog) -> str:
    return decide(assess(client, catalog), found)[0]


def entry(condition_id: str, region: str | None = None, side: str = "both", index: int = 0) -> IntakeEntry:
    return IntakeEntry(condition_id, ("conditions", index), region, side)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[tuple[str, str, tuple[str | int, ...]]]:
    return [(f.code, f.severity, f.path) for f in findings]


def test_systemic_is_reported_once_at_the_protocol(catalog: Catalog) -> None:
    found = screen(protocol({"region": "neck"}, {"region": "calf"}), intake(entry("fever"), entry("dvt", index=1)),
                   catalog)
    assert codes(found) == [("PK401", "error", ()), ("PK401", "error", ())]
    assert found[0].message.startswith("fever: ") and "Do not treat" in found[0].message
    assert verdict(intake(entry("fever")), found, catalog) == "do not treat"


@pytest.mark.parametrize(("condition_side", "step_side", "hit"), [
    ("both", "left", True), ("left", "left", True), ("left", "both", True), ("left", "right", False),
    ("right", "left", False), ("both", "both", True),
])
def test_local_conditions_respect_sides(catalog: Catalog, condition_side: str, step_side: str, hit: bool) -> None:
    found = screen(protocol({"region": "forearm", "side": step_side}),
                   intake(entry("bruise", "forearm", condition_side)), catalog)
    assert codes(found) == ([("PK402", "error", ("steps", 0, "region"))] if hit else [])


def test_distal_rule_reaches_down_the_limb_only_for_distal_conditions(catalog: Catalog) -> None:
    steps = [{"region": r} for r in ("upper-arm", "forearm", "hand", "shoulder")]
    varicose = screen(protocol(*steps, duration="20m"), intake(entry("varicose-veins", "upper-arm")), catalog)
    assert [f.path[1] for f in varicose] == [0, 1, 2]
    assert "distal" in varicose[1].message and "distal" not in varicose[0].message
    bruise = screen(protocol(*steps, duration="20m"), intake(entry("bruise", "upper-arm")), catalog)
    assert [f.path[1] for f in bruise] == [0]


def test_a_local_condition_without_a_region_fails_closed(catalog: Catalog) -> None:
    found = screen(protocol({"region": "neck"}), intake(entry("open-wound")), catalog)
    assert codes(found) == [("PK402", "error", ())]
    assert "until the intake says where open-wound is" in found[0].message


def test_caution_ceiling_and_techniques(catalog: Catalog) -> None:
    steps = ({"region": "calf"}, {"region": "calf", "technique": "tapotement", "pressure": "moderate"})
    found = screen(protocol(*steps), intake(entry("osteoporosis")), catalog)
    assert codes(found) == [("PK403", "error", ("steps", 1, "pressure")), ("PK403", "error", ("steps", 1, "technique"))]
    assert "Lower the pressure to 2 or less" in found[0].message
    assert verdict(intake(entry("osteoporosis")), found, catalog) == "adapt"


def test_technique_restrictions_can_be_limited_to_regions(catalog: Catalog) -> None:
    steps = ({"region": "sacrum", "technique": "tapotement"}, {"region": "upper-back", "technique": "tapotement"})
    found = screen(protocol(*steps), intake(entry("pregnancy"), cleared=("pregnancy",)), catalog)
    assert codes(found) == [("PK403", "error", ("steps", 0, "technique"))]


def test_a_bare_clearance_keeps_the_default_ceiling_as_an_error(catalog: Catalog) -> None:
    firm = protocol({"region": "neck", "pressure": "moderate"})
    uncleared = screen(firm, intake(entry("cancer")), catalog)
    assert codes(uncleared) == [("PK406", "error", ()), ("PK403", "error", ("steps", 0, "pressure"))]
    assert uncleared[0].message.startswith("do not treat until cleared: cancer")
    cleared = screen(firm, intake(entry("cancer"), cleared=("cancer",)), catalog)
    assert codes(cleared) == [("PK403", "error", ("steps", 0, "pressure"))]
    assert verdict(intake(entry("cancer"), cleared=("cancer",)), cleared, catalog) == "adapt"


@pytest.mark.parametrize(("level", "pressure", "over"), [(3, "moderate", False), (3, "deep", True),
                                                          (4, "deep", False), (1, "light", True)])
def test_a_clearance_level_sets_the_ceiling(catalog: Catalog, level: int, pressure: str, over: bool) -> None:
    client = intake(entry("cancer"), cleared=(Clearance("cancer", Pressure(level)),))
    steps = [{"region": "neck", "technique": "effleurage", "pressure": "light"},
             {"region": "neck", "technique": "petrissage", "pressure": pressure}]
    found = screen(protocol(*steps), client, catalog)
    assert codes(found) == ([("PK403", "error", ("steps", 1 if level > 1 else 0, "pressure"))]
                            + ([("PK403", "error", ("steps", 1, "pressure"))] if level == 1 else [])
                            if over else [])
    if over:
        assert f"Lower the pressure to {level} or less" in found[0].message and "clearance allows" in found[0].message
    assert verdict(client, found, catalog) == ("adapt" if over else "go")


def test_what_pregnancy_keeps_off_the_legs_holds_whatever_the_clearance(catalog: Catalog) -> None:
    client = intake(entry("pregnancy"), cleared=(Clearance("pregnancy", Pressure(5)),))
    legs = [{"region": r, "modality": "deep-tissue", "technique": "deep-stroking", "pressure": 5}
            for r in ("calf", "medial-thigh")]
    found = screen(protocol(*legs), client, catalog)
    assert {(f.path[1], f.path[2]) for f in found} == {(0, "pressure"), (0, "technique"), (1, "pressure"),
                                                     (1, "technique")}
    assert all("whatever a clearance says" in f.message for f in found)
    back = [{"region": "upper-back", "modality": "deep-tissue", "technique": "deep-stroking", "pressure": 5}]
    assert screen(protocol(*back), client, catalog) == []


def test_clearance_never_lifts_a_systemic_condition(catalog: Catalog) -> None:
    client = intake(entry("fever"), cleared=(Clearance("fever", Pressure(3)),))
    found = screen(protocol({"region": "neck"}), client, catalog)
    assert codes(found) == [("PK401", "error", ())] and verdict(client, found, catalog) == "do not treat"


def test_a_local_condition_that_needs_clearance(catalog: Catalog) -> None:
    found = screen(protocol({"region": "neck"}), intake(entry("recent-surgery", "abdomen")), catalog)
    assert codes(found) == [("PK406", "error", ())]
    assert codes(screen(protocol({"region": "neck"}), intake(entry("recent-surgery", "abdomen"),
                                                             cleared=("recent-surgery",)), catalog)) == []


@pytest.mark.parametrize("condition_id", ["recent-surgery", "cancer", "oedema", "chemotherapy", "concussion", "other", "psychosis",
                                          "high-risk-pregnancy", "neutropenia"])
def test_an_uncleared_condition_that_needs_clearance_is_do_not_treat(catalog: Catalog, condition_id: str) -> None:
    client = intake(entry(condition_id, "abdomen"))
    found = screen(protocol({"region": "neck"}), client, catalog)
    screened, reasons = decide(assess(client, catalog), found)
    assert screened == "do not treat" and reasons[0].startswith(f"do not treat until cleared: {condition_id}")
    cleared = intake(entry(condition_id, "abdomen"), cleared=(condition_id,))
    assert decide(assess(cleared, catalog), screen(protocol({"region": "neck"}), cleared, catalog))[0] == "go"


def test_an_unlocated_local_condition_is_do_not_treat_until_placed(catalog: Catalog) -> None:
    client = intake(entry("open-wound"))
    found = screen(protocol({"region": "neck"}), client, catalog)
    assert codes(found) == [("PK402", "error", ())] and "does not say" not in found[0].message
    assert decide(assess(client, catalog), found) == (
        "do not treat", ("do not treat until the intake says where open-wound is: it rules out the area it "
                         "affects, so add its region (and side) to the intake.",))


def test_modality_data_restricts_only_that_modality(catalog: Catalog) -> None:
    steps = ({"region": "foot", "modality": "reflexology", "technique": "foot-relaxation"},
             {"region": "foot"})
    trimester = screen(protocol(*steps), intake(entry("first-trimester")), catalog)
    assert codes(trimester) == [("PK402", "error", ("steps", 0, "modality"))]
    assert "reflexology must not be used with first-trimester" in trimester[0].message


@pytest.mark.parametrize(("condition_id", "region", "step"), [
    ("first-trimester", None, {"region": "calf", "modality": "deep-tissue", "technique": "deep-stroking",
                               "pressure": "deep"}),
    ("gout-flare", "foot", {"region": "foot", "technique": "petrissage", "pressure": "moderate"}),
    ("pitting-oedema", "calf", {"region": "calf"}),
])
def test_conditions_once_only_in_reflexology_data_restrict_every_modality(
        catalog: Catalog, condition_id: str, region: str | None, step: dict[str, object]) -> None:
    found = screen(protocol(step), intake(entry(condition_id, region)), catalog)
    assert found and all(f.severity == "error" for f in found), condition_id


def test_lymphedema_limits_the_whole_quadrant_on_its_side(catalog: Catalog) -> None:
    client = intake(entry("lymphedema", "forearm", "left"))
    firm = [{"region": r, "side": side, "technique": "petrissage", "pressure": "moderate"}
            for r, side in (("hand", "left"), ("chest", "left"), ("upper-back", "both"), ("hand", "right"),
                            ("calf", "left"), ("neck", "both"))]
    found = screen(protocol(*firm, duration="30m"), client, catalog)
    assert [f.path[1] for f in found] == [0, 1, 2]
    unplaced = screen(protocol(*firm, duration="30m"), intake(entry("lymphedema")), catalog)
    assert [f.path[1] for f in unplaced] == [0, 1, 2, 3, 4, 5], "no region on the intake: everywhere"


def test_a_dialysis_fistula_rules_out_the_whole_arm_on_its_side(catalog: Catalog) -> None:
    steps = [{"region": r, "side": side} for r, side in (("hand", "left"), ("axilla", "left"), ("hand", "right"))]
    found = screen(protocol(*steps, duration="15m"), intake(entry("dialysis-fistula", "forearm", "left")), catalog)
    assert codes(found) == [("PK402", "error", ("steps", 0, "region")), ("PK402", "error", ("steps", 1, "region"))]
    assert "same limb" in found[0].message


def test_diabetes_keeps_off_the_site_it_names_and_only_that(catalog: Catalog) -> None:
    steps = ({"region": "abdomen"}, {"region": "upper-back"})
    assert codes(screen(protocol(*steps), intake(entry("diabetes", "abdomen")), catalog)) == \
        [("PK402", "error", ("steps", 0, "region"))]
    assert screen(protocol(*steps), intake(entry("diabetes")), catalog) == []


def test_implied_conditions_apply_with_their_own_limits(catalog: Catalog) -> None:
    legs = protocol({"region": "calf", "modality": "deep-tissue", "technique": "deep-stroking", "pressure": "deep"})
    found = screen(legs, intake(entry("high-risk-pregnancy"), cleared=("high-risk-pregnancy",)), catalog)
    assert {f.message.split(":")[0] for f in found} >= {"deep-stroking is restricted by pregnancy on the calf"}


def test_a_plugin_can_register_conditions() -> None:
    house = load_catalog(local_modules=[str(DATA / "plugins" / "local_house.py")], environ={})
    assert house.conditions.owner("recent-filler-injection") == "local_house"
    steps = ({"region": "face", "technique": "petrissage"}, {"region": "neck", "technique": "petrissage"})
    found = screen(protocol(*steps), intake(entry("recent-filler-injection")), house)
    assert codes(found) == [("PK403", "error", ("steps", 0, "technique"))]


def test_unknown_ids_and_regions_on_the_intake_are_errors(catalog: Catalog) -> None:
    read = read_intake(str(DATA / "broken" / "pk405-unknown-condition.yaml"), catalog)
    assert read.readable
    assert [(f.code, f.line, f.column) for f in read.findings] == [("PK405", 6, 9), ("PK103", 7, 13)]
    assert "did you mean 'varicose-veins'?" in read.findings[0].message


@pytest.mark.parametrize(("typed", "first", "never_alone"), [
    ("lymph-nodes-removed", "lymph-node-removal", "oedema"),
    ("lymphoedema", "lymphedema", "oedema"),
    ("pregnant", "pregnancy", None),
    ("anticoagulant", "anticoagulants", None),
])
def test_suggestions_never_steer_to_a_milder_condition(catalog: Catalog, typed: str, first: str,
                                                       never_alone: str | None) -> None:
    from protocolkit.check.screening import suggest_condition

    hint = suggest_condition(typed, catalog)
    assert hint.startswith(f"did you mean '{first}'"), hint
    if never_alone:
        assert not hint.startswith(f"did you mean '{never_alone}'")
    if typed == "pregnant":
        assert "'high-risk-pregnancy'" in hint and "stricter" in hint and "'pre-eclampsia'" in hint


def test_medications_are_screened_like_conditions(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "meds.yaml"
    path.write_text("protocolkit: 1\nkind: intake\nclient: T-9\nmedications: [anticoagulant, pain-medication]\n")
    read = read_intake(str(path), catalog)
    assert [(f.code, f.line, f.column) for f in read.findings] == [("PK405", 4, 15)]
    assert read.intake is not None
    found = screen(protocol({"region": "neck", "technique": "friction", "pressure": "deep"}), read.intake, catalog)
    assert {f.code for f in found} == {"PK403"}


class TestScreenCommand:
    PROTOCOL = str(EXAMPLES / "upper-back-deep-tissue-60.yaml")

    def run(self, *args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args))
        return result.exit_code, result.stdout, result.stderr

    @pytest.mark.parametrize(("intake_file", "verdict_text", "exit_code"), [
        ("c-0107-healthy.yaml", "go", 0),
        ("c-0318-cancer-cleared.yaml", "adapt", 1),
        ("c-0420-fever.yaml", "do not treat", 1),
    ])
    def test_verdict_comes_first(self, intake_file: str, verdict_text: str, exit_code: int) -> None:
        code, out, _ = self.run("screen", self.PROTOCOL, "--intake", str(INTAKES / intake_file))
        client = intake_file[:6].upper()
        assert code == exit_code
        assert out.splitlines()[0] == f"verdict for {client}: {verdict_text}"

    def test_json_format_is_one_object_with_the_verdict(self) -> None:
        code, out, err = self.run("screen", self.PROTOCOL, "--intake", str(INTAKES / "c-0420-fever.yaml"),
                                  "--format", "json")
        assert code == 1 and "verdict" not in err
        screened = json.loads(out)
        assert set(screened) == {"verdict", "client", "on", "reasons", "advice", "findings"}
        assert (screened["verdict"], screened["client"]) == ("do not treat", "C-0420")
        assert screened["reasons"][0].startswith("fever: ")
        findings = screened["findings"]
        assert findings[0]["code"] == "PK401" and set(findings[0]) == {"file", "line", "column", "path", "code",
                                                                        "severity", "message"}

    def test_sarif_carries_the_verdict_in_the_run_properties(self) -> None:
        code, out, _ = self.run("screen", self.PROTOCOL, "--intake", str(INTAKES / "c-0107-healthy.yaml"),
                                "--format", "sarif")
        (run,) = json.loads(out)["runs"]
        on = run["properties"].pop("on")
        assert code == 0 and run["properties"] == {"verdict": "go", "client": "C-0107", "reasons": [], "advice": []}
        assert on == date.today().isoformat()  # the session's day: today unless --on says otherwise

    def test_validate_with_an_intake_keeps_its_findings_list(self) -> None:
        code, out, _ = self.run("validate", self.PROTOCOL, "--intake", str(INTAKES / "c-0420-fever.yaml"),
                                "--format", "json")
        assert code == 1 and isinstance(json.loads(out), list)

    @pytest.mark.parametrize("not_a_protocol", ["intakes/c-0107-healthy.yaml", "curricula/elap-style-programme.yaml"])
    def test_a_document_that_is_not_a_protocol_is_never_a_go(self, not_a_protocol: str) -> None:
        code, out, _ = self.run("screen", str(EXAMPLES / not_a_protocol), "--intake",
                                str(INTAKES / "c-0107-healthy.yaml"))
        assert code == 1 and out.splitlines()[0] == "verdict for C-0107: no verdict"

    def test_an_intake_that_cannot_be_read_is_no_verdict(self, tmp_path: Path) -> None:
        broken = tmp_path / "intake.yaml"
        broken.write_text("protocolkit: 1\nkind: intake\nclient: C-1\nconditions: [\n")
        code, out, err = self.run("screen", self.PROTOCOL, "--intake", str(broken))
        assert code == 2 and "no verdict" in out and "PK002" in out and "go" not in out.split(":")[1]
        code, out, err = self.run("screen", self.PROTOCOL, "--intake", str(tmp_path / "missing.yaml"))
        assert code == 2 and "no verdict" in out and "cannot read" in err
        code, _, _ = self.run("validate", self.PROTOCOL, "--intake", str(broken))
        assert code == 2

    def test_unknown_conditions_mean_no_verdict(self) -> None:
        code, out, _ = self.run("screen", self.PROTOCOL, "--intake", str(DATA / "broken" / "pk405-unknown-condition.yaml"))
        assert code == 1 and "no verdict" in out.splitlines()[0] and "PK405" in out

    def test_validate_with_intake_screens_every_protocol(self) -> None:
        code, out, _ = self.run("validate", str(EXAMPLES), "--intake", str(INTAKES / "c-0420-fever.yaml"))
        assert code == 1
        screened = {line.split(":")[0] for line in out.splitlines() if " PK401 " in line}
        protocols = [p for p in EXAMPLES.rglob("*.yaml") if "kind:" not in p.read_text()]
        assert len(screened) == len(protocols) >= 7, screened


def test_nothing_from_the_intake_leaks_but_condition_ids_and_the_client(tmp_path: Path) -> None:
    secret = "Ms Secret Person, 12 Hidden Lane"
    path = tmp_path / "private.yaml"
    path.write_text(f"protocolkit: 1\nkind: intake\nclient: C-7\nnotes: {secret}\nconditions:\n"
                    f"  - id: varicose-veins\n    region: calf\n    side: left\n    notes: {secret}\n"
                    f"  - id: osteoporosis\n    notes: {secret}\nmedications: [anticoagulants]\n"
                    f"clearance:\n  - id: osteoporosis\n    pressure: 3\n    notes: {secret}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"protocolkit: 1\nkind: intake\nclient: {secret}\nconditions:\n  - id: bruise\n"
                   f"    birthplace: {secret}\n    region: {secret}\nmedications: {secret}\n")
    runner = CliRunner()
    outputs = []
    protocol_path = str(EXAMPLES / "legs-post-event-sports.yaml")
    for args in (["screen", protocol_path, "--intake", str(path)],
                 ["screen", protocol_path, "--intake", str(path), "--format", "json"],
                 ["validate", protocol_path, str(path), "--intake", str(path)],
                 ["validate", str(bad)], ["screen", protocol_path, "--intake", str(bad)],
                 ["compose", "--duration", "30m", "--modality", "swedish", "--region", "calf", "--intake", str(path)],
                 ["compose", "--duration", "30m", "--modality", "swedish", "--region", "calf", "--intake", str(bad)]):
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1, 2) and result.exception is None or isinstance(result.exception, SystemExit)
        outputs.append(result.stdout + result.stderr)
    everything = "\n".join(outputs)
    assert "varicose-veins" in everything and "C-7" in everything  # ids and the client reference are fine
    for fragment in ("Secret", "Hidden", "Lane", "birthplace"):
        assert fragment not in everything
