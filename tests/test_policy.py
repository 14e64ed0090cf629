"""A clinic's screening policy ([screening] in protocolkit.toml): it tightens the catalog, never loosens it.

Parsing (every bad form a located error), `tighten` on a catalog of its own,
and each rule changing a verdict through the CLI, compose, the studio and the
language server, run from a folder whose protocolkit.toml holds the policy.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
import pytest_lsp
from click.testing import CliRunner
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from protocolkit.cli import cli
from protocolkit.load.config import ConfigError, load_settings, screening_policy
from protocolkit.model.policy import ScreeningPolicy
from protocolkit.model.protocol import Pressure
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.plugin.policy import tighten

from .conftest import EXAMPLES
from .studio_server import running_studio
from .test_lsp import ENV, SERVER, change_document, hover_text, open_document, position_of

# At the core: pain-medication keeps pressure at 3 or less (a clearance level may change it),
# osteoporosis at 2 with no clearance needed, and warts keep off their area only.
LEGS = str(EXAMPLES / "legs-post-event-sports.yaml")  # one step at moderate (3), the rest light
FEET = str(EXAMPLES / "reflexology-45.yaml")  # the feet only
TOKEN = "policy-token-123"


def intake(condition: str, clearance: str = "[]") -> str:
    return (f"protocolkit: 1\nkind: intake\nclient: C-7001\nconditions:\n  - id: {condition}\n    region: calf\n"
            f"    side: left\nclearance: {clearance}\n")


@pytest.fixture()
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clinic's folder, the current directory, with an intake for each condition the tests use."""
    monkeypatch.chdir(tmp_path)
    for condition in ("pain-medication", "osteoporosis", "warts"):
        (tmp_path / f"{condition}.yaml").write_text(intake(condition))
    (tmp_path / "pain-medication-cleared.yaml").write_text(
        intake("pain-medication", "[{id: pain-medication, pressure: 4}]"))
    return tmp_path


def policy(folder: Path, text: str) -> Path:
    (folder / "protocolkit.toml").write_text(f"[screening]\n{text}")
    return folder / "protocolkit.toml"


def screened(protocol: str, intake_file: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["screen", protocol, "--intake", intake_file, "--format", "json"])
    assert result.exit_code in (0, 1), result.stderr
    verdict: dict[str, object] = json.loads(result.stdout)
    return verdict


def codes(verdict: dict[str, object]) -> set[str]:
    return {finding["code"] for finding in verdict["findings"]}  # type: ignore[attr-defined, index]


@pytest.fixture()
def own_catalog() -> Catalog:
    """A catalog of this test's own: tighten changes the catalog it is given."""
    return load_catalog(environ={})


# -- parsing ----------------------------------------------------------------------------------------

def test_the_policy_is_read_with_its_source(tmp_path: Path) -> None:
    (tmp_path / "clinic").mkdir()
    (tmp_path / "other").mkdir()
    path = policy(tmp_path / "clinic", 'require-clearance = ["osteoporosis"]\nceilings = {pain-medication = "light", '
                            'fibromyalgia = 3}\nrule-out-session = ["warts", "warts"]\n')
    settings = load_settings(tmp_path / "clinic")
    assert settings.screening == ScreeningPolicy(("osteoporosis",), [("pain-medication", Pressure(2)),
                                                                     ("fibromyalgia", Pressure(3))],
                                                 ("warts",), source=str(path))
    assert settings.source("screening") == str(path)
    assert load_settings(tmp_path / "other").screening == ScreeningPolicy() and not ScreeningPolicy()


def test_pyprojects_tool_table_holds_it_too(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.protocolkit.screening]\nrule-out-session = ["warts"]\n')
    settings = load_settings(tmp_path)
    assert settings.screening.rule_out_session == ("warts",)
    assert settings.screening.source == f"{tmp_path / 'pyproject.toml'} [tool.protocolkit]"


@pytest.mark.parametrize(("text", "message"), [
    ('screening = "strict"\n', "'screening' must be a table"),
    ("[screening]\nrequire_clearance = []\n", "unknown key 'screening.require_clearance'; allowed: require-clearance"),
    ('[screening]\nrequire-clearance = "epilepsy"\n', "'screening.require-clearance' must be a list of condition ids"),
    ("[screening]\nrule-out-session = [1, 2]\n", "'screening.rule-out-session' must be a list of condition ids"),
    ("[screening]\nceilings = [2]\n", "'screening.ceilings' must be a table of condition ids and pressure levels"),
    ("[screening]\nceilings = {osteoporosis = 6}\n", "'screening.ceilings.osteoporosis': pressure 6 is off the "
                                                     "Walton scale 1-5"),
    ('[screening]\nceilings = {osteoporosis = "firm"}\n', "'screening.ceilings.osteoporosis': 'firm' is not a "
                                                          "pressure; use 1-5 or light"),
    ("[screening]\nceilings = {osteoporosis = true}\n", "'screening.ceilings.osteoporosis': True is not a pressure"),
    ("[screening]\nceilings = {osteoporosis = 1.5}\n", "'screening.ceilings.osteoporosis': 1.5 is not a pressure"),
])
def test_a_bad_policy_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "protocolkit.toml").write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_settings(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path / 'protocolkit.toml'}: ")
    assert message in str(raised.value)


def test_a_case_file_parses_its_own_policy_under_its_own_name() -> None:
    read = screening_policy({"ceilings": {"osteoporosis": 1}}, "cases.yaml, case 2", key="policy")
    assert read == ScreeningPolicy(ceilings=[("osteoporosis", Pressure(1))], source="cases.yaml, case 2", key="policy")
    with pytest.raises(ConfigError, match=r"^cases.yaml, case 2: unknown key 'policy.ceiling'"):
        screening_policy({"ceiling": {}}, "cases.yaml, case 2", key="policy")


# -- tighten ----------------------------------------------------------------------------------------

def test_each_rule_tightens_its_condition_and_says_so(own_catalog: Catalog) -> None:
    conditions = own_catalog.conditions
    owner, core_warts = conditions.owner("warts"), conditions["warts"]
    tighten(own_catalog, ScreeningPolicy(["osteoporosis", "fever"], [("pain-medication", Pressure(2))], ["warts"],
                                         source="clinic.toml"))
    osteoporosis, pain, warts = conditions["osteoporosis"], conditions["pain-medication"], conditions["warts"]
    assert osteoporosis.needs_clearance and osteoporosis.max_pressure == Pressure(2)  # the core's ceiling stays
    assert osteoporosis.source.endswith("; the clinic's policy (clinic.toml) requires a physician's clearance")
    assert pain.house_ceiling == Pressure(2) and pain.max_pressure == Pressure(3)
    assert pain.source.endswith("; the clinic's policy (clinic.toml) keeps pressure at 2 or less whatever a "
                                "clearance says")
    assert pain.advice.endswith(". The clinic's policy keeps pressure at 2 or less whatever a clearance says.")
    assert (warts.category, warts.name, warts.reason) == ("systemic", core_warts.name, core_warts.reason)
    assert warts.restriction == "no session" and "rules out any session with warts" in warts.advice
    assert warts.source.endswith("; the clinic's policy (clinic.toml) rules out the session")
    assert conditions.owner("warts") == owner  # the plugin that registered it is still named
    assert "clinic's policy" not in conditions["fever"].source  # already rules out the session: unchanged


def test_a_rule_out_drops_every_limit_on_how_to_work(own_catalog: Catalog) -> None:
    before = own_catalog.conditions["osteoporosis"]
    tighten(own_catalog, ScreeningPolicy(["osteoporosis"], [("osteoporosis", Pressure(1))], ["osteoporosis"],
                                         source="clinic.toml"))
    after = own_catalog.conditions["osteoporosis"]
    assert (after.category, after.max_pressure, after.avoid, after.needs_clearance, after.house_ceiling) == (
        "systemic", None, (), False, None)
    assert (after.reason, after.family) == (before.reason, before.family)
    assert after.source == f"{before.source}; the clinic's policy (clinic.toml) rules out the session"


@pytest.mark.parametrize(("rules", "message"), [
    ({"ceilings": [("osteoporosis", Pressure(4))]},
     "'screening.ceilings.osteoporosis' = 4: the core keeps osteoporosis at 2 or less (source: "),
    ({"ceilings": [("warts", Pressure(2))]}, "'screening.ceilings.warts': the core keeps off the area warts affects"),
    ({"ceilings": [("fever", Pressure(1))]}, "'screening.ceilings.fever': the core rules out the session with fever"),
    ({"rule_out_session": ["wart"]}, "'screening.rule-out-session': 'wart' is no condition screening knows; did you "
                                     "mean 'warts'?"),
    ({"require_clearance": ["zzqxv"]}, "the ids it knows: acute-inflammation, "),
])
def test_loosening_or_nonsense_is_refused_and_changes_nothing(own_catalog: Catalog, rules: dict[str, object],
                                                              message: str) -> None:
    before = dict(own_catalog.conditions)
    with pytest.raises(ConfigError) as raised:
        # A good rule beside the bad one is not applied either.
        tighten(own_catalog, ScreeningPolicy(**{"rule_out_session": ["burn"], **rules},  # type: ignore[arg-type]
                                             source="clinic.toml"))
    assert str(raised.value).startswith("clinic.toml: ") and message in str(raised.value)
    assert dict(own_catalog.conditions) == before


def test_the_core_ceiling_quotes_its_source(own_catalog: Catalog) -> None:
    source = own_catalog.conditions["osteoporosis"].source
    with pytest.raises(ConfigError, match="a policy may lower it, never raise it") as raised:
        tighten(own_catalog, ScreeningPolicy(ceilings=[("osteoporosis", Pressure(3))], source="clinic.toml"))
    assert f"(source: {source})" in str(raised.value)
    tighten(own_catalog, ScreeningPolicy(ceilings=[("osteoporosis", Pressure(2))], source="clinic.toml"))
    assert own_catalog.conditions["osteoporosis"].house_ceiling == Pressure(2)  # the core's own level, held fast


# -- through the CLI --------------------------------------------------------------------------------

def test_a_lower_ceiling_holds_whatever_a_clearance_says(clinic: Path) -> None:
    assert screened(LEGS, "pain-medication.yaml")["verdict"] == "go"
    assert screened(LEGS, "pain-medication-cleared.yaml")["verdict"] == "go"
    policy(clinic, "ceilings = {pain-medication = 2}\n")
    for intake_file in ("pain-medication.yaml", "pain-medication-cleared.yaml"):
        verdict = screened(LEGS, intake_file)
        assert verdict["verdict"] == "adapt" and codes(verdict) == {"PK403"}


def test_required_clearance_means_do_not_treat_until_cleared(clinic: Path) -> None:
    assert screened(FEET, "osteoporosis.yaml")["verdict"] == "adapt"
    policy(clinic, 'require-clearance = ["osteoporosis"]\n')
    verdict = screened(FEET, "osteoporosis.yaml")
    assert verdict["verdict"] == "do not treat" and "PK406" in codes(verdict)


def test_rule_out_session_means_do_not_treat_and_compose_refuses(clinic: Path) -> None:
    assert screened(FEET, "warts.yaml")["verdict"] == "go"  # warts on the calf: the feet are free
    policy(clinic, 'rule-out-session = ["warts"]\n')
    verdict = screened(FEET, "warts.yaml")
    assert verdict["verdict"] == "do not treat" and codes(verdict) == {"PK401"}
    composed = CliRunner().invoke(cli, ["compose", "--duration", "30m", "--modality", "swedish", "--region", "neck",
                                        "--intake", "warts.yaml"])
    assert composed.exit_code == 1 and composed.stdout == ""
    assert composed.stderr.strip() == f"protocolkit: error: refusing to compose for client C-7001: " \
                                      f"{'; '.join(verdict['reasons'])}"  # type: ignore[arg-type]
    validated = CliRunner().invoke(cli, ["validate", "--intake", "warts.yaml", FEET])
    assert validated.exit_code == 1 and "PK401" in validated.stdout


@pytest.mark.parametrize(("text", "message"), [
    ("ceilings = {osteoporosis = 4}\n", "'screening.ceilings.osteoporosis' = 4: the core keeps osteoporosis at 2 "
                                        "or less (source: "),
    ('rule-out-session = ["wart"]\n', "did you mean 'warts'?"),
])
def test_a_policy_that_would_loosen_exits_two(clinic: Path, text: str, message: str) -> None:
    path = policy(clinic, text)
    for command in (["screen", FEET, "--intake", "warts.yaml"], ["validate", FEET], ["conditions"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2 and result.stdout == "", command
        assert result.stderr.startswith(f"protocolkit: error: {path}: ") and message in result.stderr


def test_config_shows_each_rule_and_where_it_came_from(clinic: Path) -> None:
    path = policy(clinic, 'require-clearance = ["osteoporosis"]\nceilings = {pain-medication = 2}\n'
                          'rule-out-session = ["warts"]\n')
    text = CliRunner().invoke(cli, ["config"]).stdout.splitlines()
    rules = [line for line in text if f"from {path}" in line]
    assert [line.split()[0 if index else 1] for index, line in enumerate(rules)] == [
        "osteoporosis:", "pain-medication:", "warts:"]
    assert rules[0].startswith("screening ") and "pressure 2 or less, cleared or not" in rules[1]
    shown = json.loads(CliRunner().invoke(cli, ["config", "--format", "json"]).stdout)
    assert shown["screening"] == {"value": {"require_clearance": ["osteoporosis"], "ceilings": {"pain-medication": 2},
                                            "rule_out_session": ["warts"]}, "source": str(path)}
    (clinic / "protocolkit.toml").unlink()
    assert "screening           (none)" in CliRunner().invoke(cli, ["config"]).stdout


# -- the studio and the language server -------------------------------------------------------------

def test_the_studio_screens_by_the_policy(clinic: Path) -> None:
    policy(clinic, 'rule-out-session = ["warts"]\n')
    body = json.dumps({"protocol": Path(FEET).read_text(), "intake": intake("warts")}).encode()
    with running_studio(EXAMPLES, TOKEN) as line:  # started from the clinic's folder, as `serve` is
        base = line.removeprefix("protocolkit studio: ").split("/?")[0]
        request = urllib.request.Request(f"{base}/api/screen", data=body, method="POST", headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
    assert answer["verdict"] == "do not treat"
    policy(clinic, "ceilings = {osteoporosis = 4}\n")
    refused = CliRunner().invoke(cli, ["serve", str(EXAMPLES), "--no-open", "--port", "0"])
    assert refused.exit_code == 2 and "never raise it" in refused.stderr


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=ENV))
async def lsp(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    params = types.InitializeParams(capabilities=pytest_lsp.client_capabilities("visual-studio-code"))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_language_server_reads_each_folders_policy(lsp: LanguageClient, tmp_path: Path) -> None:
    plain, strict = tmp_path / "plain", tmp_path / "strict"
    for folder in (plain, strict):
        folder.mkdir()
        (folder / "warts.yaml").write_text(text := intake("warts"))
    policy(strict, 'rule-out-session = ["warts"]\n')
    at = position_of(text, "id: wa")
    for folder, restriction in ((plain, "Restricts: avoid the area"), (strict, "Restricts: no session")):
        uri = (folder / "warts.yaml").as_uri()
        assert await open_document(lsp, uri, text) == []
        assert restriction in await hover_text(lsp, uri, at)
    policy(strict, "ceilings = {osteoporosis = 4}\n")  # a loosening: said on the document, not hidden
    [problem] = await change_document(lsp, (strict / "warts.yaml").as_uri(), text, 2)
    assert problem.severity == types.DiagnosticSeverity.Error and "never raise it" in problem.message
