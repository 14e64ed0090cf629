"""adapt: the smallest changes that make a protocol screen "go" for one client, or a refusal.

Each kind of change has its test (pressure, side, region, technique, allow-list,
position, a step left out, the time kept), then the refusals, the command line
(exit codes, output files, health data never printed) and a property over the
examples and intakes drawn from the whole catalog.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings

from protocolkit import adapt_protocol
from protocolkit.check.validation import check, read_file, read_intake_text
from protocolkit.check.verdicts import on_day, screen_document
from protocolkit.cli import cli
from protocolkit.composition.rework import Adaptation, AdaptRefused
from protocolkit.load.documents import parse_document
from protocolkit.load.serialize import dump_yaml, protocol_to_data
from protocolkit.model.conditions import Intake, IntakeEntry
from protocolkit.model.protocol import Duration, Pressure, Protocol
from protocolkit.plugin.catalog import Catalog

from .conftest import EXAMPLES
from .strategies import SESSION_DAY, installed_catalog, protocols_and_intakes

SECRET = "ZEBRAQUOKKA"
UPPER_BACK = EXAMPLES / "upper-back-deep-tissue-60.yaml"


def session(*steps: str, duration: str = "", position: str = "") -> str:
    """A protocol from step lines such as 'swedish effleurage upper-back 5m light' (side and position
    may follow: 'left', 'right', 'prone', ...); its duration is the steps' total unless given."""
    lines, total = [], 0
    for text in steps:
        modality, technique, region, length, pressure, *rest = text.split()
        lines.append(f"  - {{modality: {modality}, technique: {technique}, region: {region}, duration: {length}, "
                     f"pressure: {pressure}" + "".join(
                         f", side: {word}" if word in ("left", "right") else f", position: {word}" for word in rest)
                     + "}")
        total += Duration.parse(length).seconds
    head = f"position: {position}\n" if position else ""
    return (f"protocolkit: 1\nid: test\ntitle: Test\nduration: {duration or Duration(total)}\n{head}steps:\n"
            + "\n".join(lines) + "\n")


def protocol(catalog: Catalog, text: str, *, clean: bool = True) -> Protocol:
    checked = check(parse_document(text, path="test.yaml", fmt="yaml"), catalog)
    assert isinstance(checked.model, Protocol), checked.findings
    assert not clean or [f for f in checked.findings if f.severity == "error"] == []
    return checked.model


def intake(catalog: Catalog, conditions: str, clearance: str = "[]") -> Intake:
    text = (f"protocolkit: 1\nkind: intake\nclient: C-7\nconditions: {conditions}\nclearance: {clearance}\n"
            f"notes: {SECRET}\n")
    read = read_intake_text(text, catalog)
    assert read.intake is not None and read.findings == [], read.findings
    return on_day(read.intake, SESSION_DAY)


def screens_go(catalog: Catalog, adapted: Protocol, client: Intake) -> bool:
    text = dump_yaml(protocol_to_data(adapted))
    return screen_document(parse_document(text, path="a.yaml", fmt="yaml"), client, catalog).verdict == "go"


def adapted(catalog: Catalog, text: str, conditions: str, clearance: str = "[]") -> Adaptation:
    client = intake(catalog, conditions, clearance)
    result = adapt_protocol(protocol(catalog, text), client, catalog)
    assert screens_go(catalog, result.protocol, client)
    assert all(SECRET not in line for line in result.lines())
    return result


def kinds(result: Adaptation) -> list[tuple[int | None, str]]:
    return [(change.step, change.kind) for change in result.changes]


# -- each kind of change ------------------------------------------------------------------------------

def test_a_pressure_over_the_ceiling_comes_down_to_it(catalog: Catalog) -> None:
    result = adapted(catalog, session("swedish effleurage upper-back 5m light", "swedish petrissage upper-back 10m deep"),
                     "[{id: pain-medication}]")
    assert kinds(result) == [(2, "pressure")]
    assert result.protocol.steps[1].pressure == Pressure(3)
    assert result.changes[0].conditions == ("pain-medication",) and result.changes[0].now == 2
    assert str(result.changes[0]) == ("step 2: pressure lowered from 4 (deep) to 3 (moderate), the ceiling for "
                                      "pain-medication")


def test_a_step_on_both_sides_works_the_side_left_free(catalog: Catalog) -> None:
    result = adapted(catalog, session("swedish effleurage calf 5m light"),
                     "[{id: varicose-veins, region: calf, side: left}]")
    assert kinds(result) == [(1, "side")]
    assert result.protocol.steps[0].side == "right"
    assert "varicose-veins rules out the left calf" in result.lines()[0]


def test_a_step_on_the_ruled_out_side_moves_to_the_other(catalog: Catalog) -> None:
    result = adapted(catalog, session("swedish effleurage calf 5m light left"),
                     "[{id: varicose-veins, region: calf, side: left}]")
    assert kinds(result) == [(1, "side")] and result.protocol.steps[0].side == "right"
    assert result.protocol.steps[0].notes == "adapted: on the right calf in place of the left calf"


def test_the_same_work_on_the_other_side_takes_the_time_of_the_step_left_out(catalog: Catalog) -> None:
    result = adapted(catalog, session("swedish effleurage calf 4m light left", "swedish effleurage calf 4m light right"),
                     "[{id: varicose-veins, region: calf, side: left}]")
    assert kinds(result) == [(1, "dropped"), (2, "duration")]
    assert [(step.side, str(step.duration)) for step in result.protocol.steps] == [("right", "8m")]
    assert result.changes[0].now is None and result.changes[1].now == 1
    assert "step 2 already does the same work on the right side" in result.changes[0].text


def test_the_time_of_a_side_left_out_goes_to_its_region_first_each_step_to_its_own_twin(catalog: Catalog) -> None:
    text = session("swedish effleurage upper-back 5m light",
                   "swedish effleurage calf 2m light left", "swedish petrissage calf 3m light left",
                   "swedish effleurage calf 2m light left", "swedish effleurage calf 2m light right",
                   "swedish petrissage calf 3m light right", "swedish effleurage calf 2m light right")
    result = adapted(catalog, text, "[{id: varicose-veins, region: calf, side: left}]")
    # Seven minutes, a minute at a time over the right calf's three steps; the back keeps its five.
    assert [str(step.duration) for step in result.protocol.steps] == ["5m", "5m", "5m", "4m"]
    assert [change.text.split(", and ")[1] for change in result.changes if change.kind == "dropped"] == [
        f"step {n} already does the same work on the right side" for n in (5, 6, 7)]


def test_a_step_on_a_site_moves_to_the_region_it_lies_within(catalog: Catalog) -> None:
    result = adapted(catalog, session("swedish effleurage gluteal 5m light", "swedish effleurage sciatic-notch 1m light"),
                     "[{id: bruise, region: sciatic-notch}]")
    assert kinds(result) == [(2, "region")]
    assert result.protocol.steps[1].region == "gluteal"
    assert "moved from sciatic-notch to gluteal" in result.changes[0].text


def test_a_ruled_out_technique_gives_way_to_the_modalitys_gentler_one_with_the_skin_as_it_was(
        catalog: Catalog) -> None:
    # The friction was dry, and so is the effleurage in its place: no oil before the myofascial release.
    text = session("deep-tissue friction upper-back 6m moderate", "myofascial-release sustained-pressure upper-back 5m light",
                   "swedish effleurage upper-back 5m light")
    result = adapted(catalog, text, "[{id: anticoagulants}]")
    assert kinds(result) == [(1, "technique")]
    swapped = result.protocol.steps[0]
    assert (swapped.technique, swapped.pressure, swapped.lubricant) == ("effleurage", Pressure(2), False)
    assert result.lines() == ["step 1: effleurage at 2 (light) in place of friction at 3 (moderate), which "
                              "anticoagulants rules out there"]
    assert swapped.notes == "adapted: effleurage in place of friction at 3 (moderate)"
    assert protocol_to_data(result.protocol)["steps"][0]["lubricant"] is False


def test_an_allow_list_leaves_only_what_it_names(catalog: Catalog) -> None:
    result = adapted(catalog, session("swedish petrissage abdomen 5m light", position="supine"),
                     "[{id: pregnancy, weeks: 10}]", "[pregnancy]")
    assert kinds(result) == [(1, "technique")]
    assert result.protocol.steps[0].technique == "effleurage"
    assert "as pregnancy allows only effleurage there" in result.changes[0].text


def test_a_ceiling_under_the_techniques_range_swaps_it_rather_than_a_token_pressure(catalog: Catalog) -> None:
    result = adapted(catalog, session("deep-tissue effleurage upper-back 5m light",
                                      "deep-tissue compression upper-back 5m deep"), "[{id: osteoporosis}]")
    assert kinds(result) == [(2, "technique")]
    assert (result.protocol.steps[1].technique, result.protocol.steps[1].pressure) == ("effleurage", Pressure(2))
    assert "the ceiling for osteoporosis is 2, under compression's range 3-4" in result.changes[0].text


def test_a_barred_position_becomes_the_one_the_client_is_in_or_the_regions_next_allowed(catalog: Catalog) -> None:
    text = session("swedish effleurage upper-back 5m light", "swedish effleurage anterior-thigh 5m light supine",
                   "swedish effleurage face 3m light", position="prone")
    result = adapted(catalog, text, "[{id: pregnancy, weeks: 22}]", "[pregnancy]")
    # The back: side-lying, its next position; the thigh stays side-lying (no turn); the face is never
    # worked side-lying, so semi-reclined.
    assert [step.position for step in result.protocol.steps] == ["side-lying", "side-lying", "semi-reclined"]
    assert kinds(result) == [(1, "position"), (2, "position"), (3, "position"), (None, "position")]
    assert result.protocol.position == "side-lying"
    assert result.lines()[1] == "step 2: side-lying in place of supine, which pregnancy rules out"
    assert "the session starts side-lying, not prone, which pregnancy rules out" in result.lines()
    # Written where the client turns (and where the author wrote one), nowhere else.
    assert ["position" in step for step in protocol_to_data(result.protocol)["steps"]] == [False, True, True]


def test_a_step_that_states_no_position_gets_one_when_it_matters(catalog: Catalog) -> None:
    result = adapted(catalog, session("swedish effleurage upper-back 5m light"), "[{id: pregnancy, weeks: 22}]",
                     "[pregnancy]")
    assert result.protocol.steps[0].position == "side-lying"
    assert "the client's position matters, and the step stated none" in result.changes[0].text


def test_a_step_nothing_can_change_is_left_out_and_its_time_given_to_the_rest(catalog: Catalog) -> None:
    text = session("active-release compression posterior-thigh 5m light", "active-release stretching posterior-thigh 4m light")
    result = adapted(catalog, text, "[{id: osteoporosis}]")
    assert kinds(result) == [(1, "duration"), (2, "dropped")]
    assert [str(step.duration) for step in result.protocol.steps] == ["9m"]
    assert result.protocol.steps_total == Duration.parse("9m")
    assert "active-release offers no gentler technique allowed there" in result.changes[1].text


def test_time_no_step_can_take_is_said(catalog: Catalog) -> None:
    text = session("active-release compression posterior-thigh 10m light",
                   "active-release stretching posterior-thigh 4m light")
    result = adapted(catalog, text, "[{id: osteoporosis}]")
    assert kinds(result) == [(2, "dropped"), (None, "duration")]
    assert result.lines()[-1].startswith("the steps now take 10m, 4m less than the 14m they took")


def test_a_change_that_would_bring_an_error_is_not_taken(catalog: Catalog) -> None:
    # Oil moved onto the right calf would come before the myofascial release there (MFR001).
    text = session("swedish effleurage calf 5m light left", "myofascial-release sustained-pressure calf 5m moderate right")
    result = adapted(catalog, text, "[{id: varicose-veins, region: calf, side: left}]")
    assert kinds(result) == [(1, "dropped"), (2, "duration")]
    assert [(step.technique, step.side) for step in result.protocol.steps] == [("sustained-pressure", "right")]


# -- unchanged, and refusals ------------------------------------------------------------------------

def test_a_protocol_that_screens_go_comes_back_unchanged(catalog: Catalog) -> None:
    given = protocol(catalog, UPPER_BACK.read_text())
    result = adapt_protocol(given, intake(catalog, "[{id: hypertension}]"), catalog)
    assert result.protocol is given and result.changes == () and result.lines() == ["nothing to change"]


def test_do_not_treat_is_refused_in_screens_own_words(catalog: Catalog) -> None:
    client = intake(catalog, "[{id: fever}]")
    with pytest.raises(AdaptRefused) as refused:
        adapt_protocol(protocol(catalog, UPPER_BACK.read_text()), client, catalog)
    screened = screen_document(read_file(str(UPPER_BACK), catalog).document, client, catalog)  # type: ignore[arg-type]
    assert refused.value.verdict == screened.verdict == "do not treat"
    assert refused.value.reasons == screened.reasons
    assert str(refused.value).startswith("refusing to adapt for client C-7: fever: ") and "\n" not in str(refused.value)


def test_nothing_left_to_work_on_is_a_refusal(catalog: Catalog) -> None:
    with pytest.raises(AdaptRefused, match="nothing is left to work on.*first-trimester rules out reflexology on"):
        adapt_protocol(protocol(catalog, session("reflexology foot-relaxation foot 5m light")),
                       intake(catalog, "[{id: first-trimester}]"), catalog)


def test_what_adapt_cannot_change_is_refused_with_the_remaining_reasons(catalog: Catalog) -> None:
    # Steps over the planned time (PK201) are the author's to fix: adapt does not guess at them.
    text = session("swedish effleurage upper-back 5m light", "swedish petrissage upper-back 10m deep", duration="10m")
    with pytest.raises(AdaptRefused, match="would still screen 'adapt'.*PK201") as refused:
        adapt_protocol(protocol(catalog, text, clean=False), intake(catalog, "[{id: pain-medication}]"), catalog)
    assert refused.value.verdict == "adapt"


def test_an_intake_screening_cannot_read_is_refused(catalog: Catalog) -> None:
    unknown = Intake("C-7", [IntakeEntry("no-such-condition", ("conditions", 0))], on=SESSION_DAY)
    with pytest.raises(AdaptRefused, match="the intake has errors") as refused:
        adapt_protocol(protocol(catalog, UPPER_BACK.read_text()), unknown, catalog)
    assert refused.value.verdict == "no verdict"


# -- the command line ---------------------------------------------------------------------------------

def write_intake(folder: Path, conditions: str, clearance: str = "[]") -> Path:
    """An intake file whose notes (its own, and a condition's) hold a word that must never be printed."""
    path = folder / "client.yaml"
    path.write_text(f"protocolkit: 1\nkind: intake\nclient: C-7\nconditions: {conditions}\n"
                    f"clearance: {clearance}\nnotes: {SECRET} bruises easily\n")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["adapt", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_adapt_prints_each_change_and_a_protocol_that_screens_go(tmp_path: Path) -> None:
    client = write_intake(tmp_path, "[{id: varicose-veins, region: calf, side: left, notes: " + SECRET + "}, "
                                    "{id: osteoporosis}]")
    code, out, err = run(str(UPPER_BACK), "--intake", str(client), "--on", "2026-12-07")
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == ("protocolkit: adapted: step 3: pressure lowered from 3 (moderate) to 2 (light), the ceiling "
                        "for osteoporosis")
    assert all(line.startswith("protocolkit: adapted: step ") for line in lines), lines
    assert out.startswith("# Adapted by protocolkit ") and "to the intake of client C-7: 6 changes\n" in out
    adapted_file = tmp_path / "adapted.yaml"
    adapted_file.write_text(out)
    screened = CliRunner().invoke(cli, ["screen", str(adapted_file), "--intake", str(client), "--on", "2026-12-07"])
    assert screened.exit_code == 0 and "verdict for C-7: go" in screened.stdout + screened.stderr
    assert SECRET not in out + err


def test_the_real_executable_adapts(tmp_path: Path) -> None:
    client = write_intake(tmp_path, "[{id: pain-medication, notes: " + SECRET + "}]")
    completed = subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", "adapt",
                                str(UPPER_BACK), "--intake", str(client)], capture_output=True, text=True, timeout=60,
                               cwd=tmp_path, env={**os.environ, "PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""})
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("# Adapted by protocolkit") and "protocolkit: adapted: step 4: " in completed.stderr
    assert SECRET not in completed.stdout + completed.stderr


def test_a_protocol_that_screens_go_comes_back_byte_for_byte(catalog: Catalog, tmp_path: Path) -> None:
    client = write_intake(tmp_path, "[{id: hypertension}]")
    code, out, err = run(str(UPPER_BACK), "--intake", str(client))
    assert (code, err) == (0, "protocolkit: adapted: nothing to change\n")
    assert out == dump_yaml(protocol_to_data(protocol(catalog, UPPER_BACK.read_text())))


def test_do_not_treat_exits_one_in_one_line(tmp_path: Path) -> None:
    client = write_intake(tmp_path, "[{id: fever, notes: " + SECRET + "}]")
    code, out, err = run(str(UPPER_BACK), "--intake", str(client), "-o", str(tmp_path / "out.yaml"))
    assert (code, out) == (1, "")
    assert err.startswith("protocolkit: error: refusing to adapt for client C-7: fever: ") and err.count("\n") == 1
    assert not (tmp_path / "out.yaml").exists() and SECRET not in err
    code, out, err = run(str(UPPER_BACK), "--intake", str(client), "--format", "json")
    shown = json.loads(out)
    assert code == 1 and shown["verdict"] == "do not treat" and shown["protocol"] is None
    assert shown["reasons"][0].startswith("fever: ")


def test_json_carries_the_protocol_and_the_changes(tmp_path: Path) -> None:
    client = write_intake(tmp_path, "[{id: pain-medication}]")
    code, out, err = run(str(UPPER_BACK), "--intake", str(client), "--format", "json")
    assert code == 0 and err == ""
    shown = json.loads(out)
    assert shown["client"] == "C-7" and shown["verdict"] == "go" and shown["changed"] is True
    assert shown["changes"][0] == {"step": 4, "now": 4, "kind": "technique", "conditions": ["pain-medication"],
                                   "text": "effleurage at 3 (moderate) in place of deep-stroking at 4 (deep), which "
                                           "pain-medication rules out there"}
    assert shown["protocol"]["id"] == "upper-back-deep-tissue-60" and len(shown["protocol"]["steps"]) == 10


def test_an_output_file_is_the_clients_alone_and_never_overwritten_without_force(tmp_path: Path) -> None:
    client = write_intake(tmp_path, "[{id: pain-medication, notes: " + SECRET + "}]")
    target = tmp_path / "adapted.yaml"
    code, out, err = run(str(UPPER_BACK), "--intake", str(client), "-o", str(target))
    assert code == 0 and out == "" and f"wrote {target} (10 steps, 1h)" in err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    written = target.read_text()
    assert SECRET not in written and "client C-7" in written
    target.write_text("kept\n")
    code, _, err = run(str(UPPER_BACK), "--intake", str(client), "-o", str(target))
    assert code == 2 and "exists; pass --force to overwrite it" in err and target.read_text() == "kept\n"
    code, _, _ = run(str(UPPER_BACK), "--intake", str(client), "-o", str(target), "--force")
    assert code == 0 and target.read_text() == written


def test_the_session_date_puts_a_dated_condition_in_its_phase(tmp_path: Path) -> None:
    text = session("swedish effleurage calf 5m light", "swedish effleurage ankle 2m light right")
    (tmp_path / "legs.yaml").write_text(text)
    client = write_intake(tmp_path, "[{id: acute-sprain, region: ankle, side: right, since: 2026-12-05}]")
    code, _, err = run(str(tmp_path / "legs.yaml"), "--intake", str(client), "--on", "2026-12-06")
    assert code == 0 and "step 2: moved to the left side: acute-sprain rules out the right ankle" in err
    code, _, err = run(str(tmp_path / "legs.yaml"), "--intake", str(client), "--on", "2027-06-01")
    assert (code, err) == (0, "protocolkit: adapted: nothing to change\n")


def test_the_clinics_screening_policy_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "protocolkit.toml").write_text('[screening]\nrequire-clearance = ["pain-medication"]\n')
    client = write_intake(tmp_path, "[{id: pain-medication}]")
    code, _, err = run(str(UPPER_BACK), "--intake", str(client))
    assert code == 1 and "do not treat until cleared: pain-medication" in err


@pytest.mark.parametrize(("setup", "expected", "words"), [
    ("missing protocol", 2, "cannot read"),
    ("missing intake", 2, "cannot read"),
    ("intake with an unknown condition", 1, "the intake has errors"),
    ("protocol with a schema error", 1, "the protocol has errors that stop screening"),
    ("protocol that does not parse", 1, "the protocol does not parse"),
    ("an intake as the protocol", 2, "is not a protocol (kind: intake)"),
])
def test_bad_input_is_a_located_message_and_its_exit_code(tmp_path: Path, setup: str, expected: int,
                                                         words: str) -> None:
    client = write_intake(tmp_path, "[{id: pain-medication}]")
    path = str(UPPER_BACK)
    if setup == "missing protocol":
        path = str(tmp_path / "nowhere.yaml")
    elif setup == "missing intake":
        client = tmp_path / "nowhere.yaml"
    elif setup == "intake with an unknown condition":
        client = write_intake(tmp_path, "[{id: no-such-thing, notes: " + SECRET + "}]")
    elif setup == "protocol with a schema error":
        (tmp_path / "p.yaml").write_text(UPPER_BACK.read_text().replace("duration: 60m", "duration: soon"))
        path = str(tmp_path / "p.yaml")
    elif setup == "protocol that does not parse":
        (tmp_path / "p.yaml").write_text("protocolkit: 1\nsteps: [\n")
        path = str(tmp_path / "p.yaml")
    else:
        path = str(client)
    code, out, err = run(path, "--intake", str(client))
    assert code == expected and out == "" and words in err, err
    assert SECRET not in err
    if expected == 1 and "protocol" in setup:
        assert "p.yaml:" in err.splitlines()[0]  # located: file:line:col: CODE message


# -- the property -----------------------------------------------------------------------------------

CATALOG = installed_catalog()
EXAMPLE_PROTOCOLS = [protocol(CATALOG, path.read_text()) for path in sorted(EXAMPLES.glob("*.yaml"))]


class _Installed:
    """The session catalog under a short repr, so a falsifying example does not print all of it."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __repr__(self) -> str:
        return "<the installed catalog>"


@pytest.fixture(scope="module")
def installed(catalog: Catalog) -> _Installed:
    return _Installed(catalog)


@settings(derandomize=True, database=None, deadline=None, print_blob=False, max_examples=80,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=protocols_and_intakes(CATALOG, EXAMPLE_PROTOCOLS))
def test_adapt_refuses_exactly_what_screen_will_not_treat_and_otherwise_screens_go(
        installed: _Installed, case: tuple[Protocol, Intake]) -> None:
    catalog = installed.catalog
    given_protocol, client = case
    original = dump_yaml(protocol_to_data(given_protocol))
    before = screen_document(parse_document(original, path="p.yaml", fmt="yaml"), client, catalog)
    try:
        result = adapt_protocol(given_protocol, client, catalog)
    except AdaptRefused as refused:
        event(f"refused: {refused.verdict}")
        assert "\n" not in str(refused)
        if before.verdict == "do not treat":
            assert refused.verdict == "do not treat" and refused.reasons == before.reasons
            return
        # The one other refusal an example meets: every hands-on step is ruled out for this client.
        assert before.verdict == "adapt" and "nothing is left to work on" in str(refused), str(refused)
        return
    event(f"{before.verdict}: {'changed' if result.changed else 'unchanged'}")
    assert before.verdict in ("go", "adapt"), before
    assert screens_go(catalog, result.protocol, client)
    if before.verdict == "go":
        assert result.changes == () and dump_yaml(protocol_to_data(result.protocol)) == original
    else:
        assert result.changes
