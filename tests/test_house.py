"""House modalities: a modality as a YAML document behaves like a plugin in every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.composition.engine import ComposeRequest, compose
from protocolkit.model.protocol import Duration
from protocolkit.plugin.host import PluginError, load_catalog
from protocolkit.load.serialize import dump_yaml, protocol_to_data
from protocolkit.check.validation import validate_file, validate_text

from .conftest import EXAMPLES

HOUSE = EXAMPLES / "modalities"


@pytest.fixture(scope="module")
def house() -> Catalog:
    warnings: list[str] = []
    catalog = load_catalog(house_modalities=[str(HOUSE)], environ={}, warn=warnings.append)
    assert warnings == []
    return catalog


def test_the_example_registers_like_a_plugin(house: Catalog) -> None:
    info = next(p for p in house.plugins if p.name == "hot-stone")
    assert (info.status, info.origin, info.module) == ("ok", "house modality", str(HOUSE / "hot-stone.yaml"))
    modality = house.modality("hot-stone")
    assert house.modalities.owner("hot-stone") == "hot-stone"
    assert house.techniques.owner("hot-stone-glide") == "hot-stone"
    assert [u.technique for u in modality.techniques] == ["hot-stone-glide", "stone-placement", "effleurage",
                                                         "petrissage"]
    assert str(house.pressure_range(modality, "petrissage")) == "2-3"  # narrowed from the shared 2-4
    assert {"HST001", "HST002", "HST003"} <= set(house.rules)
    assert {c.id for c in modality.contraindications} >= {"diabetic-neuropathy", "varicose-veins"}


def test_compose_and_validate_with_it(house: Catalog) -> None:
    protocol = compose(house, ComposeRequest(Duration.parse("40m"), ["upper-back", "calf"], ["hot-stone", "swedish"]))
    assert {s.modality for s in protocol.hands_on_steps} == {"hot-stone", "swedish"}
    assert validate_text(dump_yaml(protocol_to_data(protocol)), house) == []


def test_a_technique_entry_may_say_the_most_it_takes_of_one_region(house: Catalog) -> None:
    uses = {use.technique: use for use in house.modality("hot-stone").techniques}
    assert (str(uses["hot-stone-glide"].most_per_region), uses["hot-stone-glide"].most_source) == (
        "10m", "project default")
    assert str(uses["petrissage"].most_per_region) == "10m"  # on a shared technique (use:) too
    assert uses["effleurage"].most_per_region is None and uses["effleurage"].most_source == ""
    assert house.slot_techniques(house.modality("hot-stone"))["stone-placement"].most_per_region == Duration.parse(
        "15m")


@pytest.mark.parametrize(("entry", "message"), [
    ("  - {use: effleurage, most-per-region: ten minutes}\n", "most-per-region"),
    ("  - {use: effleurage, most-source: our manual}\n", "most-per-region"),
    ("  - {use: effleurage, most-per-region: 0m}\n", "more than 0s"),
])
def test_a_wrong_most_per_region_is_a_finding(tmp_path: Path, entry: str, message: str) -> None:
    (tmp_path / "x.yaml").write_text("protocolkit: 1\nkind: modality\nid: x\nname: X\nsummary: s\n"
                                     f"indications: [relaxation]\ntechniques:\n{entry}")
    found = validate_file(str(tmp_path / "x.yaml"), load_catalog(environ={})).findings
    assert [f.code for f in found] == ["PK001"] and message in found[0].message


def doc(*steps: str) -> str:
    body = "".join(f"  - {{modality: {m}, technique: {t}, region: {r}, duration: {d}, pressure: {p}}}\n"
                   for m, t, r, d, p in (s.split() for s in steps))
    return f"protocolkit: 1\nid: hs\ntitle: Hot stones\nduration: 40m\nsteps:\n{body}"


@pytest.mark.parametrize(("steps", "expected"), [
    (["swedish effleurage upper-back 10m light", "hot-stone hot-stone-glide upper-back 10m 3",
      "hot-stone stone-placement calf 20m 1"], []),
    (["swedish effleurage neck 10m light", "hot-stone hot-stone-glide neck 10m 3",
      "hot-stone stone-placement calf 20m 1"], [("HST001", 7, 63)]),
    (["swedish effleurage upper-back 10m light", "hot-stone hot-stone-glide upper-back 10m 4",
      "hot-stone stone-placement calf 20m 1"], [("HST002", 7, 100), ("PK304", 7, 100)]),
    (["swedish effleurage upper-back 10m light", "hot-stone hot-stone-glide upper-back 5m 3",
      "hot-stone stone-placement calf 25m 1"], [("HST003", 8, 79), ("PK202", 8, 79)]),
])
def test_declarative_rules(house: Catalog, steps: list[str], expected: list[tuple[str, int, int]]) -> None:
    found = validate_text(doc(*steps), house)
    assert sorted((f.code, f.line, f.column) for f in found) == sorted(expected)


def test_never_after_lubricant_rule(tmp_path: Path) -> None:
    (tmp_path / "dry-cupping.yaml").write_text(
        "protocolkit: 1\nkind: modality\nid: dry-cupping\nname: Dry cupping\nsummary: Suction cups on dry skin.\n"
        "techniques:\n  - {use: compression}\nindications: [muscle-tension]\n"
        "rules:\n  - {code: CUP001, summary: cups need dry skin, never-after-lubricant: true}\n")
    catalog = load_catalog(house_modalities=[str(tmp_path)], environ={})
    text = ("protocolkit: 1\nid: c\ntitle: C\nduration: 10m\nsteps:\n"
            "  - {modality: swedish, technique: effleurage, region: calf, duration: 5m, pressure: light}\n"
            "  - {modality: dry-cupping, technique: compression, region: calf, duration: 5m, pressure: light}\n")
    assert [(f.code, f.line) for f in validate_text(text, catalog)] == [("CUP001", 7)]
    dry_first = text.replace("swedish, technique: effleurage", "X").replace(
        "dry-cupping, technique: compression", "swedish, technique: effleurage").replace(
        "X", "dry-cupping, technique: compression")
    assert validate_text(dry_first, catalog) == []


def test_a_broken_house_file_is_a_located_finding_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("protocolkit: 1\nkind: modality\nid: bad\nname: Bad\nsummary: s\n"
                                       "techniques:\n  - use: effleurage\n    presure: {min: 1, max: 2}\n")
    warnings: list[str] = []
    catalog = load_catalog(house_modalities=[str(tmp_path)], environ={}, warn=warnings.append)
    info = next(p for p in catalog.plugins if p.name == "bad")
    assert info.status == "failed"
    assert f"{tmp_path / 'bad.yaml'}:8:5: PK001 unknown key 'presure'" in (info.error or "")
    assert len(warnings) == 1
    found = validate_file(str(tmp_path / "bad.yaml"), catalog).findings
    assert [(f.code, f.line, f.column) for f in found] == [("PK001", 8, 5)]
    with pytest.raises(PluginError):
        load_catalog(house_modalities=[str(tmp_path)], environ={}, strict=True)


def test_a_pk_rule_code_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("protocolkit: 1\nkind: modality\nid: x\nname: X\nsummary: s\n"
                                     "techniques: [{use: effleurage}]\n"
                                     "rules: [{code: PK999, summary: mine, max-pressure: 2}]\n")
    found = validate_file(str(tmp_path / "x.yaml"), load_catalog(environ={})).findings
    assert [f.code for f in found] == ["PK001"] and "PK prefix is protocolkit's own" in found[0].message


def test_every_command_sees_it() -> None:
    runner = CliRunner()
    base = ["--modalities", str(HOUSE)]
    plugins = json.loads(runner.invoke(cli, [*base, "plugins", "--format", "json"]).stdout)
    assert {"name": "hot-stone", "status": "ok", "origin": "house modality"}.items() <= \
        next(p for p in plugins if p["name"] == "hot-stone").items()
    assert "Hot stone massage (hot-stone)" in runner.invoke(cli, [*base, "show", "hot-stone"]).stdout
    assert "hot-stone" in runner.invoke(cli, [*base, "modalities"]).stdout
    assert "HST001" in runner.invoke(cli, [*base, "rules"]).stdout
    composed = runner.invoke(cli, [*base, "compose", "--duration", "30m", "--modality", "hot-stone",
                                   "--region", "upper-back"])
    assert composed.exit_code == 0 and "modality: hot-stone" in composed.stdout
    assert runner.invoke(cli, ["show", "hot-stone"]).exit_code == 2  # not loaded without --modalities
    assert runner.invoke(cli, ["--modalities", "/nonexistent/folder", "plugins"]).exit_code == 2


def test_heat_contraindications_screen_hot_stone_steps(house: Catalog) -> None:
    from protocolkit.model.conditions import Intake, IntakeEntry
    from protocolkit.check.screening import screen

    protocol = compose(house, ComposeRequest(Duration.parse("30m"), ["upper-back"], ["hot-stone"]))
    found = screen(protocol, Intake("T-1", [IntakeEntry("diabetic-neuropathy", ("conditions", 0))]), house)
    ruled_out = [f for f in found if f.code == "PK402" and "hot-stone must not be used" in f.message]
    assert ruled_out and {f.path[1] for f in ruled_out} == {step.index for step in protocol.hands_on_steps}
    # Neuropathy with no region also keeps every step light (the core's own limit): PK403, never anything else.
    assert {f.code for f in found} <= {"PK402", "PK403"}


def test_a_contraindication_no_condition_has_is_said_on_load(tmp_path: Path) -> None:
    text = (HOUSE / "hot-stone.yaml").read_text().replace("  - id: sunburn\n", "  - id: stone-burn\n")
    (tmp_path / "hot-stone.yaml").write_text(text)
    warnings: list[str] = []
    catalog = load_catalog(house_modalities=[str(tmp_path)], environ={}, warn=warnings.append)
    assert "hot-stone" in catalog.modalities
    assert warnings == ["protocolkit: modality 'hot-stone' (plugin 'hot-stone') lists contraindication 'stone-burn', "
                        "which no condition in the catalog has, so no intake can name it and it restricts nothing; "
                        "use an id from 'protocolkit conditions' or register the condition"]
