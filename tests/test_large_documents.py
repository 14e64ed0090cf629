"""Large documents: at most 1,000 findings a file in every face, and work that grows with the size, not faster.

The cap is the pipeline's (``check.limits``), so the command line in each
format, the studio and the language server all show it.  Speed is not
asserted here (bench/large_document.py measures it); what is tested is what
made the time grow faster than the document: the rules that compared every
step with every later one, a long line's positions counted character by
character, and a long document taken for an alias bomb.
"""

from __future__ import annotations

import gc
import json
import random
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from lsprotocol import types
from starlette.testclient import TestClient

from protocolkit.check.limits import FINDINGS_PER_FILE, capped
from protocolkit.check.validation import validate_text
from protocolkit.cli import cli
from protocolkit.load.collector import LARGE_DOCUMENT, held_for
from protocolkit.load.documents import parse_document
from protocolkit.lsp.diagnostics import to_diagnostics
from protocolkit.lsp.text import LONG_LINE, Lines, _units, token_end
from protocolkit.model.codes import NEVER_IGNORED
from protocolkit.model.findings import Finding
from protocolkit.plugin.catalog import Catalog

CAPPED = "PK005"
HEADER = "protocolkit: 1\nid: long-day\ntitle: A long day\nduration: {duration}\nsteps:\n"
STEP = ("  - modality: swedish\n    technique: {technique}\n    region: upper-back\n    duration: 1m\n"
        "    pressure: {pressure}\n")


def protocol(*blocks: tuple[int, str, int]) -> str:
    """Steps in blocks of (how many, technique, pressure); the duration adds up, so PK201 stays out."""
    steps = [STEP.format(technique=technique, pressure=pressure) for count, technique, pressure in blocks
             for _ in range(count)]
    return HEADER.format(duration=f"{len(steps)}m") + "".join(steps)


# 1,200 steps that each name a technique swedish does not offer (PK102, an error).
TYPOS = protocol((1, "effleurage", 2), (1200, "kneading", 2))
# 1,000 warnings first (tapotement at 5: PK304), the errors only after them.
ERRORS_PAST_THE_CAP = protocol((1, "effleurage", 2), (1000, "tapotement", 1), (5, "kneading", 2))


def test_a_file_reports_its_first_thousand_findings_and_counts_the_rest(catalog: Catalog) -> None:
    found = validate_text(TYPOS, catalog, path="long.yaml")
    assert len(found) == FINDINGS_PER_FILE + 1
    shown, summary = found[:-1], found[-1]
    assert {f.code for f in shown} == {"PK102"}
    assert [f.line for f in shown] == sorted(f.line for f in shown)  # the first ones, in file order
    assert (summary.code, summary.severity) == (CAPPED, "error")
    assert summary.message.startswith("200 more findings not shown (200 errors)")
    assert summary.line is not None and shown[-1].line is not None and summary.line > shown[-1].line
    assert summary.file == "long.yaml"


def test_the_count_takes_the_worst_severity_past_the_cap(catalog: Catalog) -> None:
    found = validate_text(ERRORS_PAST_THE_CAP, catalog, path="late.yaml")
    assert {f.severity for f in found[:-1]} == {"warning"}
    assert (found[-1].code, found[-1].severity) == (CAPPED, "error")
    assert "5 errors" in found[-1].message


def test_the_count_is_never_ignored() -> None:
    assert CAPPED in NEVER_IGNORED
    few = [Finding("PK304", "warning", "w")] * 3 + [Finding("PK301", "info", "i")] * 2
    assert capped(few, limit=5) == few
    summary = capped(few, limit=2)[-1]
    assert (summary.severity, summary.message.split(":")[0]) == ("warning", "3 more findings not shown (1 warning, "
                                                                            "2 infos)")


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_validate_caps_every_format_and_fails_on_errors_past_the_cap(output: str, tmp_path: Path) -> None:
    path = tmp_path / "late.yaml"
    path.write_text(ERRORS_PAST_THE_CAP, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--format", output, "--ignore", "PK304", str(path)])
    assert result.exit_code == 1, result.output  # the errors lie past the cap, and no --ignore reaches them
    if output == "json":
        assert [f["code"] for f in json.loads(result.stdout)] == [CAPPED]
    elif output == "sarif":
        run = json.loads(result.stdout)["runs"][0]
        assert [r["ruleId"] for r in run["results"]] == [CAPPED]
        assert CAPPED in {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    else:
        assert result.stdout.count(CAPPED) == 1 and "5 more findings not shown (5 errors)" in result.stdout


def test_the_studio_answers_with_the_capped_findings(tmp_path: Path, catalog: Catalog) -> None:
    from protocolkit.studio.app import create_app

    app = create_app(tmp_path, catalog, token="large-token", allowed_hosts={"testserver"})
    client = TestClient(app, headers={"Authorization": "Bearer large-token"})
    answer = client.post("/api/check", json={"text": TYPOS, "name": "long.yaml"})
    assert answer.status_code == 200
    codes = [f["code"] for f in answer.json()["findings"]]
    assert len(codes) == FINDINGS_PER_FILE + 1 and codes[-1] == CAPPED


def test_the_language_server_shows_the_capped_findings(tmp_path: Path) -> None:
    from protocolkit.lsp.projects import Projects, findings_for

    project = Projects().for_folder(tmp_path)
    assert not isinstance(project, str) and hasattr(project, "catalog")
    found = findings_for(TYPOS, str(tmp_path / "long.yaml"), "yaml", project)  # type: ignore[arg-type]
    diagnostics = to_diagnostics(found, Lines(TYPOS), "yaml")
    assert len(diagnostics) == FINDINGS_PER_FILE + 1 and diagnostics[-1].code == CAPPED


# -- what made a large document slow -------------------------------------------------------------


def test_a_long_document_without_aliases_is_not_taken_for_an_alias_bomb() -> None:
    # '*' and '[' send a document to the expansion check; 30,000 steps are well past 100,000 values.
    step = "  - {modality: swedish, technique: effleurage, region: upper-back, duration: 1m, pressure: 2}  # *\n"
    text = HEADER.format(duration="500h") + step * 30_000
    document = parse_document(text, path="long.yaml", fmt="yaml")
    assert len(document.data["steps"]) == 30_000


def test_trigger_point_holds_and_myofascial_work_are_judged_as_before(catalog: Catalog) -> None:
    """The one-pass TRP001 and MFR001 against their first definitions, step by step, on random protocols."""
    from protocolkit.load.serialize import protocol_from_data
    from protocolkit_myofascial_release.rules import AFTER_LUBRICANT
    from protocolkit_trigger_point.rules import NO_STRETCH

    def trp_before(steps: list[dict[str, object]]) -> list[int]:
        return [index for index, step in enumerate(steps)
                if step["modality"] == "trigger-point" and step["technique"] == "ischemic-compression"
                and not any(later["technique"] == "stretching" and later["region"] == step["region"]
                            and later["side"] in ("both", step["side"]) for later in steps[index + 1:])]

    def mfr_before(steps: list[dict[str, object]]) -> list[int]:
        oiled = [index for index, step in enumerate(steps) if step["lubricant"]]
        return [index for index, step in enumerate(steps) if step["modality"] == "myofascial-release"
                and any(earlier < index and steps[earlier]["region"] == step["region"]
                        and (steps[earlier]["side"] == step["side"] or "both" in (steps[earlier]["side"], step["side"]))
                        for earlier in oiled)]

    kinds = [("trigger-point", "ischemic-compression", False), ("trigger-point", "stretching", False),
             ("active-release", "stretching", False), ("myofascial-release", "sustained-pressure", False),
             ("swedish", "effleurage", True), ("swedish", "friction", False)]
    rng = random.Random(20261207)
    for _ in range(60):
        steps = []
        for _ in range(rng.randrange(1, 14)):
            modality, technique, lubricant = rng.choice(kinds)
            steps.append({"modality": modality, "technique": technique, "region": rng.choice(("calf", "forearm")),
                          "side": rng.choice(("left", "right", "both")), "duration": "1m", "pressure": 3,
                          "lubricant": lubricant})
        data = {"protocolkit": 1, "id": "random", "title": "Random", "duration": f"{len(steps)}m", "steps": steps}
        built = protocol_from_data(data, catalog.regions)
        assert [f.path[1] for f in NO_STRETCH.check(built, catalog)] == trp_before(steps)  # type: ignore[misc]
        assert [f.path[1] for f in AFTER_LUBRICANT.check(built, catalog)] == mfr_before(steps)  # type: ignore[misc]


@pytest.mark.parametrize("encoding", [types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf8,
                                      types.PositionEncodingKind.Utf32])
def test_positions_on_a_long_line_are_those_counted_character_by_character(encoding: str) -> None:
    rng = random.Random(7)
    line = "".join(rng.choice("ab ,:é€😀[]{}\"'#") for _ in range(3 * LONG_LINE + 77))
    lines = Lines(f"first\n{line}\nlast", str(encoding))
    for column in [0, 1, LONG_LINE - 1, LONG_LINE, LONG_LINE + 1, len(line), *rng.sample(range(len(line)), 40)]:
        assert lines.position(1, column).character == sum(_units(char, str(encoding)) for char in line[:column])


def test_a_token_on_a_long_line_ends_within_its_window() -> None:
    line = '{"steps": [' + ", ".join(['{"region": "calf", "notes": "x"}'] * 2000) + "]}"
    assert len(line) > LONG_LINE
    start = line.index('"calf"', 5000)
    assert token_end(line, start, "json") == start + len('"calf"')
    assert token_end(line, line.index("["), "json") <= line.index("[") + 1024  # not the whole list
    assert token_end(line.replace('"', "'"), start, "yaml") == start + len("'calf'")


def test_the_collector_is_held_only_for_large_documents_and_given_back() -> None:
    assert gc.isenabled()
    with held_for(LARGE_DOCUMENT - 1):
        assert gc.isenabled()
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with held_for(LARGE_DOCUMENT):
            entered.set()
            leave.wait(10)

    worker = threading.Thread(target=other)
    worker.start()
    try:
        assert entered.wait(10)
        with held_for(LARGE_DOCUMENT):
            assert not gc.isenabled()
        assert not gc.isenabled()  # the other thread still holds it
    finally:
        leave.set()
        worker.join(10)
    assert gc.isenabled()
