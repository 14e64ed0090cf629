"""Project configuration: found upward, validated, overridden by the command line, explained by `config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli
from protocolkit.load.config import ConfigError, Settings, load_settings

from .conftest import DATA, EXAMPLES


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
    # Numbers no setting can hold: tomllib's int() past 4,300 digits, and values past a double.
    ("max-file-size = " + "9" * 5000 + "\n", "a number in it is too large to read"),
    ("reassess-every = 0x" + "f" * 300 + "\n", "'reassess-every' must be a number up to about 1.8e308"),
    ("max-file-size = 1e400\n", "'max-file-size' must be a number up to about 1.8e308"),
    ("recovery-hours = nan\n", "'recovery-hours' must be a number .*, never inf or nan"),
    ("max-file-size = 1e308\n", "'max-file-size' is over 1,048,576 MB"),
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


# -- max-file-size bounds every document read -------------------------------------------------------

TINY = 'max-file-size = 0.0002\n'  # about 210 bytes: every example document is larger
OVER = "over the 0.000199318 MB limit"  # 209 bytes


@pytest.fixture()
def tiny_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "protocolkit.toml").write_text(TINY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def small_protocol(folder: Path) -> Path:
    """A protocol under the tiny limit, to reach the read that must refuse."""
    path = folder / "small.yaml"
    path.write_text("protocolkit: 1\nid: small\ntitle: S\nduration: 1m\nsteps:\n  - modality: swedish\n"
                    "    technique: effleurage\n    region: neck\n    duration: 1m\n    pressure: light\n")
    assert path.stat().st_size < 210
    return path


def test_the_limit_bounds_intakes(tiny_limit: Path) -> None:
    intake = DATA / "intakes" / "varicose-left-thigh.yaml"
    result = CliRunner().invoke(cli, ["screen", str(small_protocol(tiny_limit)), "--intake", str(intake)])
    assert result.exit_code == 2 and "no verdict" in result.stdout and OVER in result.stdout


def test_the_limit_bounds_a_curriculum_and_the_protocols_it_references(tiny_limit: Path) -> None:
    curriculum = EXAMPLES / "curricula" / "elap-style-programme.yaml"
    result = CliRunner().invoke(cli, ["curriculum", "report", str(curriculum)])
    assert result.exit_code == 1 and OVER in result.stderr
    # A curriculum under the limit still has its protocols read under it.
    small = tiny_limit / "c.yaml"
    small.write_text("protocolkit: 1\nkind: curriculum\nid: c\ntitle: C\nmodules:\n  - id: m\n    title: M\n"
                     "    subject: s\n    contact-hours: 1\n    protocols: [big.yaml]\n")
    (tiny_limit / "big.yaml").write_text((EXAMPLES / "reflexology-45.yaml").read_text())
    referenced = CliRunner().invoke(cli, ["validate", str(small)])
    assert referenced.exit_code == 1 and "PK503" in referenced.stdout and OVER in referenced.stdout


def test_the_limit_bounds_house_modality_files(tiny_limit: Path) -> None:
    result = CliRunner().invoke(cli, ["--modalities", str(EXAMPLES / "modalities"), "plugins"])
    assert "plugin 'hot-stone' failed" in result.stderr and OVER in result.stderr


def test_the_limit_bounds_what_export_reads(tiny_limit: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(EXAMPLES / "reflexology-45.yaml"), "--to", "markdown"])
    assert result.exit_code == 1 and OVER in result.stderr


def test_a_generous_limit_sets_nothing_aside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A limit of a terabyte is only a limit: reading used to set aside that much memory for every file."""
    (tmp_path / "protocolkit.toml").write_text("max-file-size = 1048576\n")
    (tmp_path / "p.yaml").write_text((EXAMPLES / "reflexology-45.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    for command in (["validate", "p.yaml"], ["validate", "--fix", "p.yaml"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, (result.output, result.exception)


def test_a_configuration_file_is_bounded_by_the_default_limit(tmp_path: Path) -> None:
    (tmp_path / "protocolkit.toml").write_text("# padding\n" * 600_000)
    with pytest.raises(ConfigError, match="over the 5 MB a configuration file may have"):
        load_settings(tmp_path)


# -- [billing] in `protocolkit config` --------------------------------------------------------------

def test_config_shows_the_billing_policy_and_codes_and_where_they_came_from(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    unset = json.loads(runner.invoke(cli, ["config", "--format", "json"]).stdout)["billing"]
    assert unset == {"value": None, "source": "default"}  # a project that does not bill
    (tmp_path / "protocolkit.toml").write_text('[billing]\npolicy = "per-code"\n'
                                               'codes = {"swedish.effleurage" = "97124"}\n')
    shown = json.loads(runner.invoke(cli, ["config", "--format", "json"]).stdout)["billing"]
    assert shown == {"value": {"policy": "per-code", "codes": {"swedish.effleurage": "97124"}},
                     "source": str(tmp_path / "protocolkit.toml")}
    result = runner.invoke(cli, ["config"])
    lines = result.stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("billing "))
    policy, code = lines[start], lines[start + 1]
    assert result.exit_code == 0 and "policy per-code" in policy and "swedish.effleurage = 97124" in code
    assert policy.endswith(f"from {tmp_path / 'protocolkit.toml'}") and code.endswith(f"from {tmp_path / 'protocolkit.toml'}")
    (tmp_path / "protocolkit.toml").unlink()
    none = next(line for line in runner.invoke(cli, ["config"]).stdout.splitlines() if line.startswith("billing "))
    assert "(none" in none and none.endswith("from default")
