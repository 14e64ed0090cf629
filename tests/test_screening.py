"""Screening a protocol against a client's intake: categories, sides, distal regions,
clearance, unknown ids, verdicts, and the privacy of what the intake says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.conditions import Intake, IntakeEntry
from protocolkit.findings import Finding
from protocolkit.plugins import load_catalog
from protocolkit.screening import screen, verdict
from protocolkit.serialize import protocol_from_data
from protocolkit.validation import read_intake

from .conftest import DATA, EXAMPLES

INTAKES = EXAMPLES / "intakes"


def protocol(*steps: dict[str, object], duration: str = "10m"):  # type: ignore[no-untyped-def]
    data = {"protocolkit": 1, "id": "p", "title": "P", "duration": duration,
            "steps": [{"duration": "5m", "pressure": "light", "modality": "swedish", "technique": "effleurage",
                       **step} for step in steps]}
    return protocol_from_data(data, load_catalog(environ={}).regions)


def intake(*entries: IntakeEntry, cleared: tuple[str, ...] = ()) -> Intake:
    return Intake(client="T-1", entries=entries, clearance=cleared)


def entry(condition_id: str, region: str | None = None, side: str = "both", index: int = 0) -> IntakeEntry:
    return IntakeEntry(condition_id, ("conditions", index), region, side)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[tuple[str, str, tuple[str | int, ...]]]:
    return [(f.code, f.severity, f.path) for f in findings]


def test_systemic_is_reported_once_at_the_protocol(catalog: Catalog) -> None:
    found = screen(protocol({"region": "neck"}, {"region": "calf"}), intake(entry("fever"), entry("dvt", index=1)),
                   catalog)
    assert codes(found) == [("PK401", "error", ()), ("PK401", "error", ())]
    assert found[0].message.startswith("fever: ") and "Do not treat" in found[0].message
    assert verdict(found) == "do not treat"


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
    assert "does not say where" in found[0].message


def test_caution_ceiling_and_techniques(catalog: Catalog) -> None:
    steps = ({"region": "calf"}, {"region": "calf", "technique": "tapotement", "pressure": "moderate"})
    found = screen(protocol(*steps), intake(entry("osteoporosis")), catalog)
    assert codes(found) == [("PK403", "error", ("steps", 1, "pressure")), ("PK403", "error", ("steps", 1, "technique"))]
    assert "Lower the pressure to 2 or less" in found[0].message
    assert verdict(found) == "adapt"


def test_technique_restrictions_can_be_limited_to_regions(catalog: Catalog) -> None:
    steps = ({"region": "sacrum", "technique": "tapotement"}, {"region": "upper-back", "technique": "tapotement"})
    found = screen(protocol(*steps), intake(entry("pregnancy"), cleared=("pregnancy",)), catalog)
    assert codes(found) == [("PK403", "warning", ("steps", 0, "technique"))]


def test_clearance_turns_caution_into_warnings_only_where_it_lifts(catalog: Catalog) -> None:
    firm = protocol({"region": "neck", "pressure": "moderate"})
    uncleared = screen(firm, intake(entry("cancer")), catalog)
    assert codes(uncleared) == [("PK403", "error", ()), ("PK403", "error", ("steps", 0, "pressure"))]
    cleared = screen(firm, intake(entry("cancer"), cleared=("cancer",)), catalog)
    assert codes(cleared) == [("PK403", "warning", ("steps", 0, "pressure"))]
    assert verdict(cleared) == "go"
    not_lifted = screen(firm, intake(entry("anticoagulants"), cleared=("anticoagulants",)), catalog)
    assert codes(not_lifted) == [("PK403", "error", ("steps", 0, "pressure"))]


def test_a_local_condition_that_needs_clearance(catalog: Catalog) -> None:
    found = screen(protocol({"region": "neck"}), intake(entry("recent-surgery", "abdomen")), catalog)
    assert codes(found) == [("PK403", "error", ())]
    assert codes(screen(protocol({"region": "neck"}), intake(entry("recent-surgery", "abdomen"),
                                                             cleared=("recent-surgery",)), catalog)) == []


def test_modality_data_restricts_only_that_modality(catalog: Catalog) -> None:
    steps = ({"region": "foot", "modality": "reflexology", "technique": "foot-relaxation"},
             {"region": "foot"})
    gout = screen(protocol(*steps), intake(entry("gout-flare", "foot")), catalog)
    assert codes(gout) == [("PK402", "error", ("steps", 0, "region"))]
    trimester = screen(protocol(*steps), intake(entry("first-trimester")), catalog)
    assert codes(trimester) == [("PK403", "error", ("steps", 0, "modality"))]
    assert screen(protocol(*steps), intake(entry("first-trimester"), cleared=("first-trimester",)), catalog) == []


def test_a_plugin_can_register_conditions() -> None:
    house = load_catalog(local_modules=[str(DATA / "plugins" / "local_house.py")], environ={})
    assert house.owner("condition", "recent-filler-injection") == "local_house"
    steps = ({"region": "face", "technique": "petrissage"}, {"region": "neck", "technique": "petrissage"})
    found = screen(protocol(*steps), intake(entry("recent-filler-injection")), house)
    assert codes(found) == [("PK403", "error", ("steps", 0, "technique"))]


def test_unknown_ids_and_regions_on_the_intake_are_errors(catalog: Catalog) -> None:
    read = read_intake(str(DATA / "broken" / "pk405-unknown-condition.yaml"), catalog)
    assert read.readable
    assert [(f.code, f.line, f.column) for f in read.findings] == [("PK405", 6, 9), ("PK103", 7, 13)]
    assert "did you mean 'varicose-veins'?" in read.findings[0].message


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

    def test_json_format_is_the_validate_array(self) -> None:
        code, out, err = self.run("screen", self.PROTOCOL, "--intake", str(INTAKES / "c-0420-fever.yaml"),
                                  "--format", "json")
        assert code == 1 and "verdict for C-0420: do not treat" in err
        findings = json.loads(out)
        assert findings[0]["code"] == "PK401" and set(findings[0]) == {"file", "line", "column", "path", "code",
                                                                        "severity", "message"}

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
        assert len(screened) == len(list(EXAMPLES.glob("*.yaml")))


def test_nothing_from_the_intake_leaks_but_condition_ids_and_the_client(tmp_path: Path) -> None:
    secret = "Ms Secret Person, 12 Hidden Lane"
    path = tmp_path / "private.yaml"
    path.write_text(f"protocolkit: 1\nkind: intake\nclient: C-7\nnotes: {secret}\nconditions:\n"
                    f"  - id: varicose-veins\n    region: calf\n    side: left\n    notes: {secret}\n"
                    f"  - id: osteoporosis\n    notes: {secret}\nmedications: [anticoagulants]\n")
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
