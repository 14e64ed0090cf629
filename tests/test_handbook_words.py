"""The curriculum handbook is read on paper: it speaks in words, not terminal commands, its matrix headers
print whole, and the hours report explains a module that teaches several subjects as one block."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_the_matrix_headers_print_whole_words(chromium: str, tmp_path: Path) -> None:
    import pytest

    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "handbook.pdf"
    result = CliRunner().invoke(cli, ["export", str(CURRICULUM), "--to", "pdf", "-o", str(pdf), "--browser", chromium])
    assert result.exit_code == 0, result.output
    cover = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages[:3])
    cover = re.sub(r"\s+", " ", cover).casefold()
    header = handbook_html().split('<table class="coverage-matrix">')[1].split("</thead>")[0]
    profiles = re.findall(r'<th scope="col">(.*?)</th>', header)[1:]  # after the "subject" column
    assert len(profiles) > 1
    for profile in profiles:
        name = re.sub(r"<[^>]+>", "", profile).replace("\N{NON-BREAKING HYPHEN}", "-")
        name = re.sub(r"\s+", " ", name).strip().casefold()
        # Wrapped between words the name reads the same once the white space is one space; broken inside a
        # word (or hyphenated) it does not.
        assert name in cover.replace("\N{NON-BREAKING HYPHEN}", "-"), name
