"""Issue 26: a modality's compose order (``compose_order``) and its strict pressure range (``strict_pressure``).

The modalities here are a plugin written as a plugin author would (the public API and hooks only),
saved to a file and loaded the way ``-p`` loads one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from protocolkit import ComposeRequest, Duration, Modality, Protocol, TechniqueUse, compose, load_catalog
from protocolkit.check.validation import validate_file, validate_text
from protocolkit.cli import cli
from protocolkit.model.protocol import COMPOSE_ORDERS
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.describe import ORDER_WORDS

# (id, compose_order, compose_rank, strict_pressure); each narrows effleurage to 1-2.
MODALITIES = [("lymph-test", "proximal-to-distal", 50, False), ("inward-test", "distal-to-proximal", 60, False),
              ("strict-test", "routine", 50, True)]
PLUGIN = '''\
from protocolkit import Modality, PlanItem, PressureRange, TechniqueUse, hookimpl, plan_steps

MODALITIES = {modalities!r}


@hookimpl
def protocolkit_register_modalities(register):
    for modality_id, order, rank, strict in MODALITIES:
        register(Modality(modality_id, modality_id, "A test modality: light effleurage only.",
                          [TechniqueUse("effleurage", PressureRange.of(1, 2))], compose_order=order,
                          compose_rank=rank, strict_pressure=strict))


@hookimpl
def protocolkit_compose_steps(modality, slot):
    if modality.id not in [m[0] for m in MODALITIES]:
        return None
    return plan_steps(modality, slot, [PlanItem("effleurage", 1, "light")])
'''
LEG = ["hip", "anterior-thigh", "shin", "foot"]
ARM = ["upper-arm", "forearm", "hand"]


@pytest.fixture(scope="module")
def plugin_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plugins") / "options_test_plugin.py"
    path.write_text(PLUGIN.format(modalities=MODALITIES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def with_plugin(plugin_file: Path) -> Catalog:
    warnings: list[str] = []
    catalog = load_catalog(local_modules=[str(plugin_file)], environ={}, warn=warnings.append)
    assert warnings == []
    return catalog


def path_through(protocol: Protocol, side: str, regions: list[str]) -> list[str]:
    """The order the session first reaches each of ``regions`` on ``side``."""
    return list(dict.fromkeys(s.region for s in protocol.hands_on_steps if s.side == side and s.region in regions))


def composed(catalog: Catalog, *modalities: str) -> Protocol:
    return compose(catalog, ComposeRequest(Duration.parse("60m"), regions=[*LEG, *ARM], modalities=modalities))


# -- compose order -------------------------------------------------------------------------------------

def test_an_unknown_compose_order_names_the_ones_there_are() -> None:
    with pytest.raises(ValueError, match="compose order 'upwards' is not one of routine, proximal-to-distal, "
                                         "distal-to-proximal"):
        Modality("x", "X", "x", [TechniqueUse("effleurage")], compose_order="upwards")


def test_a_modality_composes_in_the_routine_order_unless_it_says() -> None:
    modality = Modality("x", "X", "x", [TechniqueUse("effleurage")])
    assert (modality.compose_order, modality.strict_pressure) == ("routine", False)


@pytest.mark.parametrize("side", ["left", "right"])
def test_proximal_to_distal_works_each_limb_from_the_trunk_out(with_plugin: Catalog, side: str) -> None:
    protocol = composed(with_plugin, "lymph-test")
    assert path_through(protocol, side, LEG) == ["hip", "anterior-thigh", "shin", "foot"]
    assert path_through(protocol, side, ARM) == ["upper-arm", "forearm", "hand"]


def test_distal_to_proximal_works_each_limb_towards_the_trunk(with_plugin: Catalog) -> None:
    protocol = composed(with_plugin, "inward-test")
    assert path_through(protocol, "left", LEG) == ["foot", "shin", "anterior-thigh", "hip"]
    assert path_through(protocol, "left", ARM) == ["hand", "forearm", "upper-arm"]


def test_the_routine_keeps_todays_order_where_it_is_not_proximal_first(with_plugin: Catalog) -> None:
    # Supine the routine takes the front of the thigh before the hip: the order a declared one changes.
    assert path_through(composed(with_plugin, "swedish"), "left", LEG) == ["anterior-thigh", "hip", "shin", "foot"]


def test_a_declared_order_wins_over_the_routine_of_a_modality_ranked_before_it(with_plugin: Catalog) -> None:
    swedish = with_plugin.modality("swedish")
    assert (swedish.compose_order, swedish.compose_rank < with_plugin.modality("lymph-test").compose_rank) == (
        "routine", True)
    protocol = composed(with_plugin, "swedish", "lymph-test")
    assert path_through(protocol, "left", LEG) == ["hip", "anterior-thigh", "shin", "foot"]


def test_of_two_declared_orders_the_first_by_compose_rank_wins(with_plugin: Catalog) -> None:
    assert path_through(composed(with_plugin, "inward-test", "lymph-test"), "left", LEG)[0] == "hip"


# -- strict pressure -----------------------------------------------------------------------------------

STEPS = """\
protocolkit: 1
id: light-strokes
title: Light strokes
duration: 10m
steps:
  - modality: {modality}
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  - modality: {modality}
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: {pressure}
"""


def validated(runner: CliRunner, plugin_file: Path, tmp_path: Path, modality: str, pressure: str) -> Result:
    path = tmp_path / "steps.yaml"
    path.write_text(STEPS.format(modality=modality, pressure=pressure), encoding="utf-8")
    return runner.invoke(cli, ["-p", str(plugin_file), "validate", "--format", "json", str(path)])


def pk304(result: Result) -> list[dict[str, object]]:
    return [f for f in json.loads(result.stdout) if f["code"] == "PK304"]


def test_a_strict_modality_makes_an_out_of_range_pressure_an_error_under_pk304(
        runner: CliRunner, plugin_file: Path, tmp_path: Path) -> None:
    result = validated(runner, plugin_file, tmp_path, "strict-test", "moderate")  # its effleurage is 1-2
    assert result.exit_code == 1
    assert [(f["severity"], f["path"]) for f in pk304(result)] == [("error", "$.steps[1].pressure")]
    assert "strict-test makes its pressure ranges strict" in str(pk304(result)[0]["message"])


def test_a_strict_modality_within_its_range_is_clean(runner: CliRunner, plugin_file: Path, tmp_path: Path) -> None:
    result = validated(runner, plugin_file, tmp_path, "strict-test", "2")
    assert (result.exit_code, pk304(result)) == (0, [])


def test_a_modality_that_is_not_strict_keeps_pk304_a_warning(runner: CliRunner, plugin_file: Path,
                                                              tmp_path: Path) -> None:
    result = validated(runner, plugin_file, tmp_path, "lymph-test", "moderate")
    assert result.exit_code == 0
    assert [(f["severity"], "strict" in str(f["message"])) for f in pk304(result)] == [("warning", False)]


# -- house modalities ----------------------------------------------------------------------------------

def house_file(folder: Path, extra: str) -> Path:
    path = folder / "drainage.yaml"
    path.write_text("protocolkit: 1\nkind: modality\nid: drainage\nname: Drainage\nsummary: Light strokes.\n"
                    "techniques:\n  - {use: effleurage, pressure: {min: 1, max: 2}}\n"
                    "compose:\n  warm-up: [{technique: effleurage, pressure: light}]\n"
                    "  work: [{technique: effleurage, pressure: light}]\n"
                    f"  flush: [{{technique: effleurage, pressure: light}}]\n{extra}", encoding="utf-8")
    return path


def test_a_house_modality_says_its_compose_order(tmp_path: Path) -> None:
    house_file(tmp_path, "compose-order: proximal-to-distal\n")
    catalog = load_catalog(house_modalities=[str(tmp_path)], environ={})
    assert catalog.modality("drainage").compose_order == "proximal-to-distal"
    assert path_through(composed(catalog, "drainage"), "left", LEG) == ["hip", "anterior-thigh", "shin", "foot"]


def test_a_house_modality_without_a_compose_order_takes_the_routine(tmp_path: Path) -> None:
    house_file(tmp_path, "")
    catalog = load_catalog(house_modalities=[str(tmp_path)], environ={})
    assert (catalog.modality("drainage").compose_order, catalog.modality("drainage").strict_pressure) == (
        "routine", False)
    assert path_through(composed(catalog, "drainage"), "left", LEG) == ["anterior-thigh", "hip", "shin", "foot"]


def test_an_unknown_compose_order_in_a_house_file_is_a_located_finding(tmp_path: Path) -> None:
    path = house_file(tmp_path, "compose-order: upwards\n")
    found = validate_file(str(path), load_catalog(environ={})).findings
    assert [(f.code, f.line) for f in found] == [("PK001", 12)]
    assert "proximal-to-distal" in found[0].message


@pytest.mark.parametrize(("strict", "severity"), [("strict-pressure: true\n", "error"),
                                                  ("strict-pressure: false\n", "warning"), ("", "warning")])
def test_a_house_modality_makes_its_pressure_strict(tmp_path: Path, strict: str, severity: str) -> None:
    house_file(tmp_path, strict)
    catalog = load_catalog(house_modalities=[str(tmp_path)], environ={})
    found = validate_text(STEPS.format(modality="drainage", pressure="moderate"), catalog)
    assert [(f.code, f.severity) for f in found] == [("PK304", severity)]
    assert validate_text(STEPS.format(modality="drainage", pressure="light"), catalog) == []


# -- protocolkit show ----------------------------------------------------------------------------------

def test_show_says_the_compose_order_and_whether_pressure_is_strict(runner: CliRunner, plugin_file: Path) -> None:
    strict = runner.invoke(cli, ["-p", str(plugin_file), "show", "strict-test"]).stdout
    assert "Compose order: routine (" in strict
    assert "Pressure ranges: strict (a pressure outside them is an error, PK304)" in strict
    lymph = runner.invoke(cli, ["-p", str(plugin_file), "show", "lymph-test"]).stdout
    assert "Compose order: proximal-to-distal (on a limb, the part nearer the trunk first: thigh, calf, foot)" in lymph
    assert "Pressure ranges: a pressure outside them is a warning (PK304)" in lymph
    data = json.loads(runner.invoke(cli, ["-p", str(plugin_file), "show", "lymph-test", "--format", "json"]).stdout)
    assert (data["compose_order"], data["strict_pressure"]) == ("proximal-to-distal", False)


def test_show_has_words_for_every_compose_order() -> None:
    assert set(ORDER_WORDS) == set(COMPOSE_ORDERS)
