"""Code from a folder runs only where the user chose it.

A folder's configuration names plugins, and plugins are code.  Here a
downloaded folder is planted: world-writable, with a protocolkit.toml whose
plugin writes a marker file when imported.  The command line, the studio and
the language server must not import it; a folder the user owns, or trusts by
PROTOCOLKIT_TRUST (command line) or trustedFolders (language server), does load.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from protocolkit.cli import cli
from protocolkit.load.trust import folders_listed, is_at_or_below, refusal, why_not_safe

from .conftest import DATA
from .test_lsp import ENV, SERVER, change_document, open_document

OVER = DATA / "broken" / "pk201-over.yaml"  # one PK201 error, which the planted configuration ignores
CONFIG = 'plugins = ["marker.py"]\nignore = ["PK201"]\n'


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "MARKER"


def plant(folder: Path, marker: Path, mode: int = 0o777, config: str = CONFIG,
          name: str = "protocolkit.toml") -> Path:
    """A folder as downloaded: a configuration whose plugin leaves ``marker`` behind when imported."""
    (folder / "protocols").mkdir(parents=True)
    (folder / "marker.py").write_text(f"from pathlib import Path\nPath({str(marker)!r}).write_text('imported')\n")
    (folder / name).write_text(config)
    shutil.copy(OVER, folder / "protocols" / OVER.name)
    folder.chmod(mode)
    return folder


@pytest.fixture
def downloaded(tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The planted folder, writable by every user, and the current directory a folder inside it."""
    monkeypatch.delenv("PROTOCOLKIT_TRUST", raising=False)
    folder = plant(tmp_path / "downloaded", marker)
    monkeypatch.chdir(folder / "protocols")
    return folder


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


# -- the command line -------------------------------------------------------------------------------

def test_a_configuration_in_a_world_writable_folder_is_ignored_with_a_warning(downloaded: Path, marker: Path) -> None:
    code, stderr = run("validate", OVER.name)
    assert not marker.exists()
    assert code == 1  # the whole file is ignored: its `ignore` too, so PK201 stands
    config = downloaded / "protocolkit.toml"
    assert f"protocolkit: warning: ignoring {config}: its folder {downloaded} is writable by every user" in stderr
    assert f"PROTOCOLKIT_TRUST={downloaded}" in stderr and "Traceback" not in stderr
    assert stderr.count("warning: ignoring") == 1


def test_protocolkit_trust_loads_it(downloaded: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTOCOLKIT_TRUST", f"/nowhere{os.pathsep}{downloaded.parent}")  # a folder above trusts it
    code, stderr = run("validate", OVER.name)
    assert marker.read_text() == "imported" and code == 0 and "warning" not in stderr


@pytest.mark.parametrize("value", ["", os.pathsep, "/nowhere", "protocols"])
def test_protocolkit_trust_must_name_the_folder(downloaded: Path, marker: Path, monkeypatch: pytest.MonkeyPatch,
                                                value: str) -> None:
    # An empty entry is not the current directory; "protocols" (relative) is the folder below the configuration.
    monkeypatch.setenv("PROTOCOLKIT_TRUST", value)
    code, stderr = run("validate", OVER.name)
    assert not marker.exists() and code == 1 and "ignoring" in stderr


def test_a_folder_the_user_owns_and_alone_can_write_loads_as_before(tmp_path: Path, marker: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROTOCOLKIT_TRUST", raising=False)
    folder = plant(tmp_path / "mine", marker, mode=0o755)
    monkeypatch.chdir(folder / "protocols")
    code, stderr = run("validate", OVER.name)
    assert marker.read_text() == "imported" and code == 0 and "warning" not in stderr


def test_a_world_writable_file_in_a_private_folder_is_ignored(tmp_path: Path, marker: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROTOCOLKIT_TRUST", raising=False)
    folder = plant(tmp_path / "mine", marker, mode=0o755)
    (folder / "protocolkit.toml").chmod(0o666)
    monkeypatch.chdir(folder)
    code, stderr = run("validate", f"protocols/{OVER.name}")
    assert not marker.exists() and code == 1
    assert f"the file {folder / 'protocolkit.toml'} is writable by every user" in stderr


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="only root can give a file away")
def test_a_configuration_another_user_owns_is_ignored(tmp_path: Path, marker: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROTOCOLKIT_TRUST", raising=False)
    folder = plant(tmp_path / "theirs", marker, mode=0o755)
    os.chown(folder / "protocolkit.toml", 65534, -1)
    monkeypatch.chdir(folder / "protocols")
    code, stderr = run("validate", OVER.name)
    assert not marker.exists() and code == 1
    assert "belongs to another user (uid 65534), not to you (uid 0)" in stderr
    monkeypatch.setenv("PROTOCOLKIT_TRUST", str(folder))
    assert run("validate", OVER.name)[0] == 0 and marker.exists()


def test_a_link_to_a_file_in_a_world_writable_folder_is_ignored(tmp_path: Path, marker: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROTOCOLKIT_TRUST", raising=False)
    planted = plant(tmp_path / "downloaded", marker)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "protocolkit.toml").symlink_to(planted / "protocolkit.toml")
    reason = why_not_safe(mine / "protocolkit.toml")
    assert reason == f"its folder {planted} is writable by every user"


def test_a_pyproject_table_is_ignored_too_and_a_pyproject_without_one_says_nothing(
        tmp_path: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROTOCOLKIT_TRUST", raising=False)
    folder = plant(tmp_path / "downloaded", marker, config='[tool.protocolkit]\nplugins = ["marker.py"]\n',
                   name="pyproject.toml")
    monkeypatch.chdir(folder / "protocols")
    code, stderr = run("validate", OVER.name)
    assert not marker.exists() and f"ignoring {folder / 'pyproject.toml'}" in stderr
    (folder / "pyproject.toml").write_text('[project]\nname = "school"\n')
    code, stderr = run("validate", OVER.name)
    assert code == 1 and "ignoring" not in stderr


def test_config_says_no_configuration_is_in_force(downloaded: Path) -> None:
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 0 and "configuration file: none found" in result.stdout
    assert f"ignoring {downloaded / 'protocolkit.toml'}" in result.stderr


def test_the_studio_ignores_it_too(downloaded: Path, marker: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("starlette")
    started = []
    monkeypatch.setattr("protocolkit.studio.server.serve", lambda folder, catalog, **options: started.append(catalog))
    result = CliRunner().invoke(cli, ["serve", "--no-open", "."])
    assert result.exit_code == 0 and len(started) == 1
    assert not marker.exists() and "ignoring" in result.stderr


def test_a_real_run_from_a_world_writable_parent(downloaded: Path, marker: Path) -> None:
    env = {key: value for key, value in ENV.items() if key != "PROTOCOLKIT_TRUST"}
    command = [*SERVER[:-1], "validate", OVER.name]
    cwd = downloaded / "protocols"
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1 and not marker.exists()
    assert f"warning: ignoring {downloaded / 'protocolkit.toml'}" in result.stderr
    trusted = subprocess.run(command, cwd=cwd, env={**env, "PROTOCOLKIT_TRUST": str(downloaded)},
                             capture_output=True, text=True, check=False, timeout=120)
    assert trusted.returncode == 0 and marker.read_text() == "imported", trusted.stderr


def test_trust_is_at_or_below_a_listed_folder(tmp_path: Path) -> None:
    config = tmp_path / "a" / "b" / "protocolkit.toml"
    assert folders_listed(None) == folders_listed("") == folders_listed(os.pathsep) == ()
    assert is_at_or_below(config, folders_listed(str(tmp_path / "a")))
    assert is_at_or_below(config, folders_listed(str(config)))
    assert not is_at_or_below(config, folders_listed(str(tmp_path / "a" / "c")))
    assert not is_at_or_below(config, folders_listed(str(tmp_path / "a" / "b" / "protocols")))


def test_a_missing_folder_is_refused_not_a_crash(tmp_path: Path) -> None:
    message = refusal(tmp_path / "gone" / "protocolkit.toml", environ={})
    assert message is not None and "cannot be examined" in message


# -- the language server ----------------------------------------------------------------------------

async def started(options: object = None) -> LanguageClient:
    client = cast(LanguageClient, await ClientServerConfig(server_command=SERVER, server_env=ENV).start())
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                           initialization_options=options))
    return client


async def stopped(client: LanguageClient) -> None:
    await client.shutdown_session()
    await client.stop()  # type: ignore[no-untyped-call]


@pytest.mark.asyncio
async def test_the_language_server_reads_the_settings_but_never_imports_the_plugins(
        downloaded: Path, marker: Path) -> None:
    client = await started()
    try:
        first, second = downloaded / "protocols" / OVER.name, downloaded / "protocols" / "copy.yaml"
        shutil.copy(first, second)
        [notice] = await open_document(client, first.as_uri(), first.read_text())
        assert not marker.exists()
        # Said once, on the first line, as a warning: which plugins, from which file, and how to trust the folder.
        assert notice.severity == types.DiagnosticSeverity.Warning and notice.range.start.line == 0
        assert str(downloaded / "protocolkit.toml") in notice.message and str(downloaded / "marker.py") in notice.message
        assert f"add {downloaded} to 'trustedFolders'" in notice.message
        # The data settings apply (PK201 is ignored); the second document of the folder does not repeat the notice.
        assert await open_document(client, second.as_uri(), second.read_text()) == []
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=first.as_uri())))
        [moved] = await change_document(client, second.as_uri(), second.read_text(), 2)
        assert moved.message == notice.message  # its carrier closed: the next document shows it
        assert not marker.exists()
    finally:
        await stopped(client)


@pytest.mark.asyncio
async def test_a_folder_the_editor_trusts_loads_its_plugins(downloaded: Path, marker: Path) -> None:
    client = await started({"trustedFolders": [str(downloaded.parent), "relative/folder"]})
    try:
        document = downloaded / "protocols" / OVER.name
        assert await open_document(client, document.as_uri(), document.read_text()) == []
        assert marker.read_text() == "imported"
        warnings = [m.message for m in client.log_messages if m.type == types.MessageType.Warning]
        assert any("'relative/folder' is not an absolute path" in line for line in warnings)
    finally:
        await stopped(client)


@pytest.mark.asyncio
async def test_a_broken_option_trusts_nothing(downloaded: Path, marker: Path) -> None:
    client = await started({"trustedFolders": {"path": str(downloaded)}})
    try:
        document = downloaded / "protocols" / OVER.name
        [notice] = await open_document(client, document.as_uri(), document.read_text())
        assert "trustedFolders" in notice.message and not marker.exists()
    finally:
        await stopped(client)


def test_a_code_of_a_plugin_left_out_says_why_it_is_unknown(downloaded: Path, marker: Path) -> None:
    from protocolkit.lsp.projects import Problem, Projects

    (downloaded / "protocolkit.toml").write_text('plugins = ["marker.py"]\nselect = ["HOUSE1"]\n')
    problem = Projects().for_folder(downloaded / "protocols")
    assert isinstance(problem, Problem) and not marker.exists()
    assert "HOUSE1" in problem.message and "were not loaded: the editor does not trust this folder" in problem.message
