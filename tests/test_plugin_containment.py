"""Plugin code can neither end a run nor write into its output.

A plugin that calls sys.exit(0) at import once made ``validate broken.yaml`` exit
0 having checked nothing, and one that printed at import broke ``--format json``
and ``sarif``.  Each kind of plugin is loaded here through the real command
line, with ``-p`` and with PROTOCOLKIT_PLUGINS, and the run must still check,
exit as documented, keep stdout readable and name the plugin on stderr.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from protocolkit.plugin.containment import ContainedBaseException, plugin_code
from protocolkit.plugin.host import PluginError, load_catalog

from .conftest import DATA, ROOT

PLUGINS = DATA / "plugins"
PROTOCOLKIT = [sys.executable, "-c", "from protocolkit.cli import main; main()"]
BROKEN = str(DATA / "broken" / "pk101-unknown-modality.yaml")
CLEAN = str(DATA / "clean" / "pk101-known-modality.yaml")
# Each plugin that fails, and the words its failure is named in.
FAILING = {
    "exits_at_import": "failed: SystemExit(0): plugin code tried to end the program",
    "interrupting_hook": "failed: protocolkit_register_techniques raised KeyboardInterrupt raised by the "
                         "plugin's own code (no Ctrl-C was pressed)",
    "recursing_at_import": "failed: RecursionError: maximum recursion depth exceeded",
    "out_of_memory_hook": "failed: protocolkit_register_modalities raised MemoryError",
}


def run_cli(*args: str, plugin: str | None = None, by: str = "-p") -> subprocess.CompletedProcess[str]:
    """protocolkit in a process of its own, loading ``plugin`` with -p or through PROTOCOLKIT_PLUGINS."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PROTOCOLKIT_")}
    options: list[str] = []
    if plugin is not None:
        path = str(PLUGINS / f"{plugin}.py")
        if by == "-p":
            options = ["-p", path]
        else:
            environment["PROTOCOLKIT_PLUGINS"] = path
    return subprocess.run([*PROTOCOLKIT, *options, *args], capture_output=True, text=True, env=environment,
                          cwd=ROOT, timeout=120)


def codes_in(stdout: str, output_format: str) -> list[str]:
    """The finding codes of a JSON or SARIF report, which must parse whole."""
    report = json.loads(stdout)
    if output_format == "sarif":
        return [result["ruleId"] for run in report["runs"] for result in run["results"]]
    return [finding["code"] for finding in report]


@pytest.mark.parametrize("by", ["-p", "PROTOCOLKIT_PLUGINS"])
@pytest.mark.parametrize("plugin", sorted(FAILING))
def test_a_plugin_that_exits_or_interrupts_is_skipped_and_the_file_still_checked(plugin: str, by: str) -> None:
    for output_format in ("json", "sarif"):
        done = run_cli("validate", BROKEN, "--format", output_format, plugin=plugin, by=by)
        assert done.returncode == 1, done.stderr
        assert codes_in(done.stdout, output_format) == ["PK101"]
        assert f"protocolkit: plugin '{plugin}' {FAILING[plugin]}" in done.stderr
        assert f"(skipped; block it with PROTOCOLKIT_DISABLE_PLUGINS={plugin})" in done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("by", ["-p", "PROTOCOLKIT_PLUGINS"])
@pytest.mark.parametrize("plugin", sorted(FAILING))
def test_under_strict_plugins_such_a_plugin_exits_2(plugin: str, by: str) -> None:
    done = run_cli("--strict-plugins", "validate", BROKEN, "--format", "json", plugin=plugin, by=by)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"protocolkit: error: plugin '{plugin}' {FAILING[plugin]}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("by", ["-p", "PROTOCOLKIT_PLUGINS"])
@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_what_a_plugin_prints_goes_to_stderr(output_format: str, by: str) -> None:
    done = run_cli("--strict-plugins", "validate", BROKEN, "--format", output_format, plugin="printing", by=by)
    assert done.returncode == 1, done.stderr
    assert codes_in(done.stdout, output_format) == ["PK101"]  # its rule ran and found nothing
    for line in ("imported", "written at import", "registering rules", "registering modalities",
                 "checking unknown-modality"):
        assert f"printing: {line}\n" in done.stderr
    assert "printing:" not in done.stdout


def test_what_a_compose_hook_prints_stays_out_of_the_protocol() -> None:
    done = run_cli("compose", "--duration", "20m", "--modality", "printing-work", "--region", "upper-back",
                   plugin="printing")
    assert done.returncode == 0, done.stderr
    assert "modality: printing-work" in done.stdout and "printing:" not in done.stdout
    assert "printing: composing work on upper-back\n" in done.stderr


def test_plugins_listing_stays_json_while_a_plugin_prints() -> None:
    done = run_cli("plugins", "--format", "json", plugin="printing")
    assert done.returncode == 0, done.stderr
    assert {p["name"]: p["status"] for p in json.loads(done.stdout)}["printing"] == "ok"


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_rule_that_exits_fails_closed(output_format: str) -> None:
    done = run_cli("validate", CLEAN, "--format", output_format, plugin="exiting_rule")
    assert done.returncode == 1, done.stderr
    assert codes_in(done.stdout, output_format) == ["PK003"]
    assert "rule EXT001 (plugin exiting_rule) could not run: SystemExit(0)" in done.stdout


def test_a_compose_hook_that_exits_stops_compose_naming_the_plugin() -> None:
    done = run_cli("compose", "--duration", "20m", "--modality", "exit-work", "--region", "upper-back",
                   plugin="exiting_rule")
    assert done.returncode == 1 and done.stdout == ""
    assert ("protocolkit: error: plugin 'exiting_rule' failed to compose exit-work: SystemExit(3): plugin code "
            "tried to end the program") in done.stderr
    assert "Traceback" not in done.stderr


def test_the_failure_is_recorded_on_the_plugin() -> None:
    warnings: list[str] = []
    catalog = load_catalog(local_modules=[str(PLUGINS / "exits_at_import.py")], environ={}, warn=warnings.append)
    failed = next(p for p in catalog.plugins if p.name == "exits_at_import")
    assert failed.status == "failed" and (failed.error or "").startswith("SystemExit(0): ")
    assert len(warnings) == 1
    with pytest.raises(PluginError, match="plugin 'exits_at_import' failed: SystemExit"):
        load_catalog(local_modules=[str(PLUGINS / "exits_at_import.py")], environ={}, strict=True)


def test_a_ctrl_c_the_user_pressed_still_stops_the_load() -> None:
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        load_catalog(local_modules=[str(PLUGINS / "ctrl_c_in_hook.py")], environ={}, warn=lambda line: None)
    assert signal.getsignal(signal.SIGINT) is before


def test_a_keyboard_interrupt_is_the_users_only_when_sigint_arrived() -> None:
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(ContainedBaseException, match="no Ctrl-C was pressed"), plugin_code():
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt), plugin_code(), plugin_code():  # nested: the inner one sees the flag
        signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before


def test_in_another_thread_every_keyboard_interrupt_is_the_plugins() -> None:
    raised: list[BaseException] = []

    def plugin_thread() -> None:
        try:
            with plugin_code():
                raise KeyboardInterrupt
        except BaseException as error:  # noqa: BLE001 - kept to look at
            raised.append(error)

    thread = threading.Thread(target=plugin_thread)
    thread.start()
    thread.join()
    assert [type(error) for error in raised] == [ContainedBaseException]


def test_other_exceptions_pass_unchanged() -> None:
    with pytest.raises(ValueError, match="bad value"), plugin_code():
        raise ValueError("bad value")
    with pytest.raises(ContainedBaseException, match="GeneratorExit"), plugin_code():
        raise GeneratorExit


def test_only_the_thread_running_plugin_code_has_its_output_moved(capsys: pytest.CaptureFixture[str]) -> None:
    inside, done = threading.Event(), threading.Event()

    def plugin_thread() -> None:
        with plugin_code():
            print("from the plugin")
            inside.set()
            done.wait()

    real_stdout = sys.stdout
    thread = threading.Thread(target=plugin_thread)
    thread.start()
    inside.wait()
    print("from the report")  # another thread, while the plugin's is still inside
    done.set()
    thread.join()
    assert sys.stdout is real_stdout
    captured = capsys.readouterr()
    assert captured.out == "from the report\n"
    assert captured.err == "from the plugin\n"


def test_what_an_exporter_prints_stays_out_of_the_export() -> None:
    done = run_cli("export", str(ROOT / "examples" / "reflexology-45.yaml"), "--to", "printing-list",
                   plugin="printing")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1. ") and "printing:" not in done.stdout
    assert "printing: exporting\n" in done.stderr


def test_an_exporter_that_exits_fails_the_export() -> None:
    done = run_cli("export", str(ROOT / "examples" / "reflexology-45.yaml"), "--to", "exit-list",
                   plugin="exiting_exporter")
    assert done.returncode == 2 and done.stdout == ""
    assert ("protocolkit: error: exporter 'exit-list' (plugin 'exiting_exporter') failed: SystemExit(0)"
            in done.stderr)
