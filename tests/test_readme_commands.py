"""The README's command lines can be pasted as they are: each runs on the example files, with no usage error.

Every `protocolkit ...` line of the README's "Using it" block (continuation lines joined, the comment
dropped) runs in a folder holding a copy of examples/; exit 0 or 1 (findings, a verdict to adapt) are
answers, 2 would be a command that cannot be pasted.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli

from .conftest import EXAMPLES

README = Path(__file__).resolve().parent.parent / "README.md"


def using_it_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text[text.index("## Using it"):text.index("Exit codes:")]
    commands, pending = [], ""
    for line in block.splitlines():
        if not line.startswith("    "):
            continue
        line = line.strip()
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        command = shlex.split(pending + line, comments=True)
        pending = ""
        if command and command[0] == "protocolkit":
            commands.append(shlex.join(command[1:]))
    return commands


COMMANDS = using_it_commands()


def test_the_block_has_the_commands_it_shows() -> None:
    assert len(COMMANDS) >= 10 and all("|" not in command for command in COMMANDS)
    assert not [c for c in COMMANDS if "session.yaml" in c or "client.yaml" in c]  # no placeholder names


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_runs_as_pasted(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, shlex.split(command))
    assert result.exit_code in (0, 1), (command, result.output, result.stderr)
