"""Compose against a client's intake: leave out, cap, avoid, say so, and screen clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.composition.engine import ComposeError, ComposeRequest, compose_session
from protocolkit.model.conditions import Intake, IntakeEntry
from protocolkit.model.protocol import Duration, Pressure
from protocolkit.check.screening import screen
from protocolkit.load.serialize import dump_yaml, protocol_to_data
from protocolkit.load.documents import load_document, parse_document
from protocolkit.check.validation import read_intake, validate_text
from protocolkit.check.verdicts import screen_document

from .conftest import DATA, EXAMPLES

INTAKES = sorted((EXAMPLES / "intakes").glob("*.yaml"))
MODALITIES = ["swedish", "deep-tissue", "myofascial-release", "trigger-point"]
REGIONS = ["upper-back", "posterior-thigh", "calf", "sacrum", "shin"]


def load(path: Path, catalog: Catalog) -> Intake:
    read = read_intake(str(path), catalog)
    assert read.readable and read.intake is not None
    return read.intake


def request(intake: Intake | None, modalities: list[str] = MODALITIES, regions: list[str] = REGIONS,
            duration: str = "90m") -> ComposeRequest:
    return ComposeRequest(Duration.parse(duration), regions, modalities, intake=intake)


@pytest.mark.parametrize("path", INTAKES, ids=lambda p: p.name)
def test_compose_for_each_example_intake_screens_go_or_refuses_as_screen_does(path: Path, catalog: Catalog) -> None:
    intake = load(path, catalog)
    examples = sorted(p for p in EXAMPLES.glob("*.yaml"))
    verdicts = {screen_document(load_document(str(p)), intake, catalog) for p in examples}
    refusals = {screening.reasons for screening in verdicts if screening.verdict == "do not treat"}
    try:
        composition = compose_session(catalog, request(intake))
    except ComposeError as error:
        (reasons,) = refusals
        assert str(error) == f"refusing to compose for client {intake.client}: {'; '.join(reasons)}"
        assert all(screening.verdict == "do not treat" for screening in verdicts)
        return
    assert not refusals
    protocol = composition.protocol
    assert protocol.steps_total == Duration.parse("90m")
    text = dump_yaml(protocol_to_data(protocol))
    assert [f for f in validate_text(text, catalog, intake=intake) if f.severity == "error"] == []
    assert [f for f in screen(protocol, intake, catalog)] == []
    assert screen_document(parse_document(text, path="composed.yaml", fmt="yaml"), intake, catalog).verdict == "go"


def test_a_systemic_condition_refuses(catalog: Catalog) -> None:
    with pytest.raises(ComposeError, match="refusing to compose for client C-0420: fever: .* Do not treat"):
        compose_session(catalog, request(load(EXAMPLES / "intakes" / "c-0420-fever.yaml", catalog)))


def test_what_the_intake_changes_is_said(catalog: Catalog) -> None:
    intake = load(EXAMPLES / "intakes" / "c-0042-varicose-anticoagulants.yaml", catalog)
    composition = compose_session(catalog, request(intake))
    changes = "\n".join(composition.changes)
    assert "pressure capped at 2" in changes
    assert "calf: right side only, varicose-veins rules out the other" in changes
    assert "no deep-tissue on upper-back" in changes
    steps = composition.protocol.hands_on_steps
    assert all(s.pressure is not None and s.pressure <= Pressure(2) for s in steps)
    assert {s.side for s in steps if s.region == "calf"} == {"right"}
    assert not {"friction", "tapotement", "percussion", "stretching"} & {s.technique for s in steps}


def test_a_region_ruled_out_on_both_sides_is_left_out(catalog: Catalog) -> None:
    intake = Intake("T-1", [IntakeEntry("varicose-veins", ("conditions", 0), "posterior-thigh")])
    composition = compose_session(catalog, request(intake, ["swedish"], ["posterior-thigh", "calf", "upper-back"],
                                                   "30m"))
    assert {s.region for s in composition.protocol.hands_on_steps} == {"upper-back"}
    assert any("left out calf" in change for change in composition.changes)


@pytest.mark.parametrize(("condition", "kept", "change"), [
    # A core local condition keeps every modality off the area ...
    ("{id: gout-flare, region: foot}", {("reflexology", "hand"), ("swedish", "hand")},
     "left out foot: gout-flare rules it out"),
    # ... and a modality's own contraindication leaves that modality out.
    ("{id: first-trimester}", {("swedish", "foot"), ("swedish", "hand")}, "reflexology left out for first-trimester"),
])
def test_what_an_intake_leaves_out_of_a_feet_and_hands_session(catalog: Catalog, tmp_path: Path, condition: str,
                                                               kept: set[tuple[str, str]], change: str) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text(f"protocolkit: 1\nkind: intake\nclient: T-2\nconditions:\n  - {condition}\n")
    composition = compose_session(catalog, request(load(path, catalog), ["reflexology", "swedish"],
                                                   ["foot", "hand"], "40m"))
    assert {(s.modality, s.region) for s in composition.protocol.steps if s.hands_on} == kept
    assert change in composition.changes


@pytest.mark.parametrize(("text", "message"), [
    ("conditions:\n  - id: concussion\n", "do not treat until cleared: concussion"),
    ("conditions:\n  - id: other\n    notes: a rare skin condition\n", "do not treat until cleared: other: A condition "
     "protocolkit does not know: treat after a clinician has reviewed it"),
    ("conditions:\n  - id: scabies\n", "scabies: Scabies mites pass from skin to skin"),
    ("conditions:\n  - id: tinea\n    region: foot\n    widespread: true\n", "tinea is widespread"),
    ("conditions:\n  - id: thrombocytopenia\n", "the intake gives no platelet count"),
    ("conditions:\n  - id: open-wound\n", "do not treat until the intake says where open-wound is"),
    ("conditions:\n  - id: high-risk-pregnancy\n", "do not treat until cleared: high-risk-pregnancy"),
])
def test_what_cannot_be_screened_is_refused(catalog: Catalog, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text(f"protocolkit: 1\nkind: intake\nclient: T-3\n{text}")
    with pytest.raises(ComposeError, match=message):
        compose_session(catalog, request(load(path, catalog)))


class TestComposeCommandWithIntake:
    def test_changes_go_to_stderr_and_the_output_screens_clean(self, tmp_path: Path) -> None:
        intake = str(EXAMPLES / "intakes" / "c-0215-pregnancy-second-trimester.yaml")
        target = tmp_path / "session.yaml"
        runner = CliRunner()
        result = runner.invoke(cli, ["compose", "--duration", "45m", "--modality", "swedish", "--region", "sacrum",
                                     "--region", "shin", "--intake", intake, "-o", str(target)])
        assert result.exit_code == 0, result.stderr
        assert "protocolkit: adapted: shin: left side only, bruise rules out the other" in result.stderr
        screened = runner.invoke(cli, ["screen", str(target), "--intake", intake])
        assert screened.exit_code == 0 and screened.stdout.startswith("verdict for C-0215: go")

    def test_systemic_refusal_is_one_line_exit_one(self) -> None:
        result = CliRunner().invoke(cli, ["compose", "--duration", "30m", "--modality", "swedish", "--region", "neck",
                                          "--intake", str(EXAMPLES / "intakes" / "c-0420-fever.yaml")])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "refusing to compose for client C-0420: fever: " in result.stderr

    def test_an_intake_with_unknown_conditions_is_not_composed_around(self) -> None:
        result = CliRunner().invoke(cli, ["compose", "--duration", "30m", "--modality", "swedish", "--region", "neck",
                                          "--intake", str(DATA / "broken" / "pk405-unknown-condition.yaml")])
        assert result.exit_code == 1 and result.stdout == "" and "PK405" in result.stderr

    def test_an_unreadable_intake_exits_two(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(cli, ["compose", "--duration", "30m", "--modality", "swedish", "--region", "neck",
                                          "--intake", str(tmp_path / "none.yaml")])
        assert result.exit_code == 2 and result.stdout == ""


def test_the_conditions_table_in_docs_is_current(catalog: Catalog) -> None:
    from protocolkit.report.describe import conditions_markdown

    docs = (Path(__file__).parent.parent / "docs" / "conditions.md").read_text()
    assert docs.endswith(conditions_markdown(catalog))
    required = ["dvt", "fever", "contagious-illness", "skin-infection", "acute-inflammation", "acute-sprain",
                "recent-surgery", "fracture", "open-wound", "burn", "bruise", "varicose-veins", "undiagnosed-lump",
                "anticoagulants", "bleeding-disorder", "osteoporosis", "pregnancy", "pre-eclampsia", "chemotherapy",
                "cancer", "diabetic-neuropathy", "hypertension-uncontrolled", "heart-failure", "aneurysm",
                "lymphangitis", "intoxication", "oedema", "pain-medication",
                # the second pass
                "first-trimester", "high-risk-pregnancy", "gout-flare", "pitting-oedema", "lymphedema",
                "lymph-node-removal", "hernia", "kidney-disease", "dialysis-fistula", "diabetes", "corticosteroids",
                "muscle-relaxants", "sedatives", "antiplatelets", "pacemaker", "implanted-port", "radiation-site",
                "neutropenia"]
    for condition_id in required:
        assert f"| `{condition_id}` |" in docs


def test_conditions_command_formats(runner: CliRunner) -> None:
    import json

    listed = json.loads(runner.invoke(cli, ["conditions", "--format", "json"]).stdout)
    by_id = {(c["id"], c["modality"]): c for c in listed}
    assert by_id[("varicose-veins", None)]["reach"] == "distal"
    assert by_id[("lymphedema", None)]["reach"] == "quadrant"
    assert by_id[("first-trimester", None)]["stricter_for"] == {"reflexology": "never used"}
    assert by_id[("gout-flare", None)]["plugin"] == "core-conditions"
    assert not [c for c in listed if c["modality"] is not None], "every condition an intake names is the core's"
    text = runner.invoke(cli, ["conditions"]).stdout
    assert "warts" in text and "gout-flare" in text
