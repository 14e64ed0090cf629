"""Project configuration: found upward, validated, overridden by the command line, explained by `config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli
from protocolkit.config import ConfigError, Settings, load_settings

from .conftest import DATA


def test_no_configuration_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == Settings() and settings.source("select") == "default"


def test_protocolkit_toml_is_found_upward_and_paths_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "protocolkit.toml").write_text('select = ["PK3"]\nmodalities = ["house"]\n'
                                               'plugins = ["clinic_rules", "./local/plugin.py"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    settings = load_settings(deep)
    assert settings.select == ("PK3",)
    assert settings.modalities == (str(tmp_path / "house"),)
    assert settings.plugins == ("clinic_rules", str(tmp_path / "local/plugin.py"))
    assert settings.source("select") == str(tmp_path / "protocolkit.toml")
    assert settings.source("ignore") == "default"


def test_pyproject_table_and_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_settings(tmp_path).config_file is None  # a pyproject without the table is not a config
    (tmp_path / "pyproject.toml").write_text('[tool.protocolkit]\nduration-tolerance = 0.1\n')
    assert load_settings(tmp_path).duration_tolerance == 0.1
    (tmp_path / "protocolkit.toml").write_text("duration-tolerance = 0.02\n")
    assert load_settings(tmp_path).duration_tolerance == 0.02  # protocolkit.toml wins in the same folder


@pytest.mark.parametrize(("text", "message"), [
    ("selct = []\n", "unknown key 'selct'"),
    ("select = \"PK3\"\n", "'select' must be a list of strings"),
    ("duration-tolerance = 5\n", "must be a fraction"),
    ("select = [\n", "not valid TOML"),
])
def test_bad_configuration_is_a_one_line_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "protocolkit.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path)


def test_cli_uses_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "protocolkit.toml").write_text('ignore = ["PK2"]\nduration-tolerance = 0.5\n')
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    over = str(DATA / "broken" / "pk201-over.yaml")
    assert runner.invoke(cli, ["validate", over]).exit_code == 0  # ignored by the file
    assert runner.invoke(cli, ["validate", "--ignore", "PK3", over]).exit_code == 0  # tolerance 50% now
    shown = json.loads(runner.invoke(cli, ["config", "--format", "json"]).stdout)
    assert shown["ignore"] == {"value": ["PK2"], "source": str(tmp_path / "protocolkit.toml")}
    assert shown["select"]["source"] == "default"
    text = runner.invoke(cli, ["config"]).stdout
    assert f"configuration file: {tmp_path / 'protocolkit.toml'}" in text
    (tmp_path / "protocolkit.toml").write_text("nonsense = 1\n")
    broken = runner.invoke(cli, ["validate", over])
    assert broken.exit_code == 2 and "unknown key 'nonsense'" in broken.stderr
