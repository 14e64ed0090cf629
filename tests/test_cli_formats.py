"""validate and screen through the CLI in SARIF and GitHub formats, and plugin tracing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli

from .conftest import DATA, ROOT

SARIF_SCHEMA = Path(os.environ.get("PROTOCOLKIT_SARIF_SCHEMA", ROOT.parent / "shared" / "ref" /
                                   "sarif-schema-2.1.0.json"))
BROKEN = DATA / "broken"


def test_validate_as_sarif_is_valid_and_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    files = ["tests/data/broken/pk103-unknown-region.yaml", "tests/data/broken/pk301-no-warm-up.yaml"]
    result = CliRunner().invoke(cli, ["validate", "--format", "sarif", *files])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    run = log["runs"][0]
    codes = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert {"PK103", "PK301", "MFR001", "RFX001"} <= set(codes)
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["PK103"]["level"] == "error" and results["PK301"]["level"] == "warning"
    location = results["PK103"]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == files[0]
    assert location["region"] == {"startLine": 9, "startColumn": 13}
    assert codes[results["PK103"]["ruleIndex"]] == "PK103"
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    from jsonschema import Draft4Validator

    Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)


def test_validate_as_github_annotations() -> None:
    path = str(BROKEN / "pk103-unknown-region.yaml")
    result = CliRunner().invoke(cli, ["validate", "--format", "github", path])
    assert result.exit_code == 1
    assert result.stdout == (f"::error file={path},line=9,col=13,title=PK103::"
                             "unknown region 'upper-bak'; did you mean 'upper-back'?\n")


def test_screen_as_sarif_keeps_the_verdict_on_stderr() -> None:
    result = CliRunner().invoke(cli, ["screen", str(BROKEN / "pk401-systemic.yaml"), "--intake",
                                      str(DATA / "intakes" / "fever.yaml"), "--format", "sarif"])
    assert result.exit_code == 1 and "do not treat" in result.stderr
    assert json.loads(result.stdout)["runs"][0]["results"][0]["ruleId"] == "PK401"


def test_trace_prints_hook_calls_and_results() -> None:
    env = {**os.environ, "PROTOCOLKIT_TRACE_PLUGINS": "1"}
    done = subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", "compose",
                           "--duration", "20m", "--modality", "swedish", "--region", "calf"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("protocolkit trace: ")]
    assert "protocolkit trace: protocolkit_register_modalities -> swedish: registered modality swedish" in lines
    assert any(line.startswith("protocolkit trace: protocolkit_compose_steps(swedish, warm-up calf ")
               and "-> swedish: effleurage" in line for line in lines)
    quiet = subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", "modalities"],
                           capture_output=True, text=True, timeout=60,
                           env={k: v for k, v in os.environ.items() if k != "PROTOCOLKIT_TRACE_PLUGINS"})
    assert "protocolkit trace" not in quiet.stderr
