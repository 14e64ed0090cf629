"""The command line: output formats, exit codes, and bad input that never tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli

from .conftest import DATA, EXAMPLES, ROOT

CLEAN = DATA / "clean" / "pk101-known-modality.yaml"
BROKEN = DATA / "broken" / "pk103-unknown-region.yaml"
WARNING_ONLY = DATA / "broken" / "pk301-no-warm-up.yaml"


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env={"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""})
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_file_exits_zero(runner: CliRunner) -> None:
    code, out, err = invoke(runner, "validate", str(CLEAN))
    assert (code, out) == (0, "")
    assert "checked 1 file: no problems" in err


def test_validate_text_format_is_file_line_col_code_message(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "validate", str(BROKEN))
    assert code == 1
    assert out == f"{BROKEN}:9:13: PK103 unknown region 'upper-bak'; did you mean 'upper-back'?\n"


def test_warnings_alone_exit_zero(runner: CliRunner) -> None:
    code, out, err = invoke(runner, "validate", str(WARNING_ONLY))
    assert code == 0 and ": PK301 " in out and "1 warning" in err


def test_validate_json_format(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "validate", "--format", "json", str(BROKEN), str(WARNING_ONLY), str(CLEAN))
    assert code == 1
    findings = json.loads(out)
    assert [f["code"] for f in findings] == ["PK103", "PK301"]
    assert findings[0] == {"file": str(BROKEN), "line": 9, "column": 13, "path": "$.steps[0].region",
                           "code": "PK103", "severity": "error",
                           "message": "unknown region 'upper-bak'; did you mean 'upper-back'?"}
    assert json.loads(invoke(runner, "validate", "--format", "json", str(CLEAN))[1]) == []


def test_validate_a_directory_walks_documents_only(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a protocol")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.yml").write_text(CLEAN.read_text())
    code, out, err = invoke(runner, "validate", str(tmp_path))
    assert (code, out) == (0, "") and "checked 1 file" in err


@pytest.mark.parametrize("setup", ["missing", "no-documents"])
def test_unusable_paths_exit_two_with_one_line(runner: CliRunner, tmp_path: Path, setup: str) -> None:
    target = tmp_path / "nowhere.yaml"
    if setup == "no-documents":
        target = tmp_path
        (tmp_path / "README.md").write_text("# notes")
    code, out, err = invoke(runner, "validate", str(target))
    assert code == 2 and out == ""
    assert err.startswith(f"protocolkit: error: {target}: ") and err.count("\n") == 1


def test_unreadable_file_exits_two(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be read gives no verdict: exit 2, whatever the other files say."""
    import protocolkit.check.validation

    def refuse(path: str, **options: object) -> object:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(protocolkit.check.validation, "load_document", refuse)
    code, out, err = invoke(runner, "validate", str(CLEAN))
    assert (code, out) == (2, "")
    assert f"protocolkit: error: {CLEAN}: cannot read: Permission denied" in err


def test_unreadable_entry_exits_two(runner: CliRunner, tmp_path: Path) -> None:
    """A path that exists but cannot be read as a file (a dangling symlink) gives no verdict."""
    link = tmp_path / "gone.yaml"
    link.symlink_to(tmp_path / "deleted.yaml")
    code, _, err = invoke(runner, "validate", str(link))
    assert code == 2 and err.startswith("protocolkit: error: ")


@pytest.mark.parametrize(("content", "code_expected"), [
    (b"\xff\xfe not utf-8", "PK002"), (b"[1, 2]", "PK002"), (b"- a\n- b\n", "PK002"), (b"key: [unclosed", "PK002"),
    (b"protocolkit: 1\n", "PK001"), (b"{}", "PK001"), (b"protocolkit: 1\nsteps: {a: 1}\n", "PK001"),
])
def test_bad_input_is_a_finding_never_a_traceback(runner: CliRunner, tmp_path: Path, content: bytes,
                                                  code_expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    code, out, err = invoke(runner, "validate", str(path))
    assert code == 1 and "Traceback" not in out + err
    assert out.startswith(f"{path}:") and f": {code_expected} " in out


def test_usage_errors_exit_two(runner: CliRunner) -> None:
    assert invoke(runner, "validate")[0] == 2
    assert invoke(runner, "validate", "--format", "xml", str(CLEAN))[0] == 2
    assert invoke(runner, "no-such-command")[0] == 2
    code, _, err = invoke(runner, "compose", "--duration", "an hour", "--modality", "swedish", "--region", "neck")
    assert code == 2 and "not a duration" in err


def test_rules_lists_every_code(runner: CliRunner, catalog) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = invoke(runner, "rules", "--format", "json")
    listed = {rule["code"]: rule for rule in json.loads(out)}
    assert code == 0 and set(listed) == set(catalog.rules)
    expected = {"PK001", "PK002", "PK101", "PK102", "PK103", "PK201", "PK202", "PK301", "PK304",
                "MFR001", "RFX001", "SPT001"}
    assert expected <= set(listed)
    assert listed["MFR001"]["plugin"] == "myofascial-release" and listed["PK201"]["plugin"] == "core-rules"
    text = invoke(runner, "rules")[1]
    assert "PK001  error    the document does not match the protocol schema" in text.splitlines()


def test_schema_prints_the_bundled_schema(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "schema", "protocol")
    assert code == 0 and out == (ROOT / "schemas" / "protocol.schema.json").read_text()
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_listing_commands(runner: CliRunner, catalog) -> None:  # type: ignore[no-untyped-def]
    modalities = json.loads(invoke(runner, "modalities", "--format", "json")[1])
    assert {m["id"] for m in modalities} == set(catalog.modalities)
    assert "swedish" in invoke(runner, "modalities")[1]
    techniques = {t["id"]: t for t in json.loads(invoke(runner, "techniques", "--format", "json")[1])}
    assert "swedish" in techniques["effleurage"]["modalities"] and techniques["effleurage"]["lubricant"] == "yes"
    assert techniques["effleurage"]["plugin"] == "core-techniques"
    regions = {r["id"]: r for r in json.loads(invoke(runner, "regions", "--format", "json")[1])}
    assert regions["axilla"]["endangerment_site"] and "hamstrings" in regions["posterior-thigh"]["aliases"]
    assert regions["knee"]["beside"] == ["popliteal-fossa", "fibular-head"] and regions["calf"]["positions"][0] == "prone"
    plugins = json.loads(invoke(runner, "plugins", "--format", "json")[1])
    assert {"name", "distribution", "version", "hooks", "status"} <= set(plugins[0])


def test_show_a_modality(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "show", "swedish")
    assert code == 0 and "Swedish massage (swedish)" in out and "petrissage" in out and "Contraindications" in out
    data = json.loads(invoke(runner, "show", "swedish", "--format", "json")[1])
    assert {t["id"] for t in data["techniques"]} == {"effleurage", "petrissage", "friction", "tapotement",
                                                     "vibration"}
    code, _, err = invoke(runner, "show", "swedsh")
    assert code == 2 and "did you mean 'swedish'?" in err


def test_show_reflexology_has_the_seed_map(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "show", "reflexology")
    assert code == 0
    for area, reflects in [("toe", "head"), ("ball", "heart"), ("arch", "liver"), ("heel", "low back")]:
        assert any(area in line.lower() and reflects in line.lower() for line in out.splitlines()), area


def test_the_real_executable_validates_the_examples() -> None:
    """Once through a real subprocess and the installed console script."""
    script = Path(sys.executable).with_name("protocolkit")
    done = subprocess.run([str(script), "validate", str(EXAMPLES)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def modules_after(*args: str) -> tuple[int | str | None, set[str]]:
    """Run ``protocolkit ARGS`` in a fresh interpreter: its exit code and every module it imported."""
    probe = ("import json, sys\nfrom protocolkit.cli import main\n"
             f"sys.argv = ['protocolkit', *{list(args)!r}]\ncode = 0\n"
             "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
             "print('PROBE', json.dumps([code, sorted(sys.modules)]))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    line = next((line for line in done.stdout.splitlines() if line.startswith("PROBE ")), None)
    assert line is not None, done.stdout + done.stderr
    code, modules = json.loads(line.removeprefix("PROBE "))
    return code, set(modules)


def test_help_and_version_load_neither_jsonschema_nor_plugins() -> None:
    for arg in ("--help", "--version"):
        code, modules = modules_after(arg)
        loaded = {m for m in modules if m.split(".")[0] in
                  ("jsonschema", "yaml", "protocolkit_swedish", "protocolkit_reflexology")
                  or m in ("protocolkit.plugin.host", "protocolkit.builtin.rules")}
        assert code == 0 and loaded == set(), (arg, loaded)


def test_validating_a_clean_protocol_loads_only_what_it_needs() -> None:
    """The one-file start-up budget: no schema compiler, no importlib.metadata, no engine.

    The generated quick check passes a clean protocol, so jsonschema is never
    needed; plugins are found without importlib.metadata; plugins import the
    light planning module, not the composition engine; curriculum rules are
    declared apart from the curriculum checker; screening waits for an intake;
    the studio (Starlette, uvicorn, Jinja2) waits for `serve`, and the
    language server (pygls, lsprotocol) for `lsp`; requirement profiles are registered on first
    use, and treatment plans wait for a plan.
    """
    code, modules = modules_after("validate", str(EXAMPLES / "upper-back-deep-tissue-60.yaml"))
    assert code == 0 and "protocolkit.load.fastcheck_protocol" in modules
    loaded = {m for m in modules if m.split(".")[0] in ("fastjsonschema", "jsonschema", "starlette", "uvicorn", "jinja2",
                                                        "pygls", "lsprotocol")
              or m.startswith(("protocolkit.studio", "protocolkit.lsp"))
              or m in ("importlib.metadata", "protocolkit.composition.engine", "protocolkit.composition.adapt",
                       "protocolkit.check.curriculum", "protocolkit.check.screening", "protocolkit.check.restrictions",
                       "protocolkit.model.requirements", "protocolkit.load.requirements", "protocolkit.model.plan",
                       "protocolkit.report.rule_pages")}
    assert loaded == set()


def test_a_named_file_of_another_kind_is_a_finding(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "README.md"
    notes.write_text("# notes\n")
    code, out, err = invoke(runner, "validate", str(notes))
    assert code == 1 and "Traceback" not in out + err
    assert out == f"{notes}:1:1: PK002 not a protocolkit document: the name must end in .yaml, .yml, .json\n"


def test_jobs_spread_files_but_never_change_the_output(runner: CliRunner, tmp_path: Path) -> None:
    """Enough files to take the parallel path; the report must be byte-identical in any -j."""
    broken = sorted((DATA / "broken").glob("pk*.yaml"))
    files = []
    for copy in range(4):
        for source in broken:
            target = tmp_path / f"{copy}-{source.name}"
            target.write_text(source.read_text())
            files.append(str(target))
    from protocolkit.check.validation import PARALLEL_FROM

    assert len(files) >= PARALLEL_FROM
    outputs = {jobs: invoke(runner, "validate", "-j", jobs, *files) for jobs in ("1", "2", "3")}
    assert outputs["1"][0] == 1 and outputs["1"][1].count("\n") > len(files)
    assert outputs["1"] == outputs["2"] == outputs["3"]
