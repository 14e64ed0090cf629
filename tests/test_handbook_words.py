"""The curriculum handbook is read on paper: it speaks in words, not terminal commands, its matrix headers
print whole, and the hours report explains a module that teaches several subjects as one block."""

from __future__ import annotations

import re

from click.testing import CliRunner

from protocolkit.cli import cli

from .conftest import EXAMPLES

CURRICULUM = EXAMPLES / "curricula" / "elap-style-programme.yaml"


def handbook_html() -> str:
    result = CliRunner().invoke(cli, ["export", str(CURRICULUM), "--to", "html"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_handbook_names_no_terminal_command() -> None:
    text = re.sub(r"<[^>]+>", " ", handbook_html())
    text = re.sub(r"\s+", " ", text)
    commands = "|".join(re.escape(name) for name in cli.commands)
    assert not re.search(rf"protocolkit ({commands})\b", text), re.search(rf".{{60}}protocolkit ({commands}).{{60}}",
                                                                           text)
    assert "--against" not in text and "FILE" not in text
