"""`protocolkit schema NAME --catalog`: the bundled schemas with the installed ids written in."""

from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from protocolkit.cli import cli
from protocolkit.load.documents import load_document
from protocolkit.load.schemas import SCHEMA_NAMES, schema_text
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.report.catalog_schema import catalog_schema, catalog_schema_text

from .conftest import DATA, EXAMPLES

HOUSE_PLUGIN = DATA / "plugins" / "local_house.py"
CLEAN_ENV = {"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""}


def validator(name: str, catalog: Catalog) -> Draft202012Validator:
    written = catalog_schema(name, catalog)
    Draft202012Validator.check_schema(written)
    return Draft202012Validator(written)


def errors(name: str, catalog: Catalog, data: Any) -> list[tuple[str, str]]:
    """Each problem as (JSON path, the keyword that failed), the branch's own for an if/then."""
    found = []
    for error in validator(name, catalog).iter_errors(data):
        leaves = error.context if error.validator in ("then", "else", "anyOf") and error.context else [error]
        found += [("/".join(map(str, leaf.absolute_path)), str(leaf.validator)) for leaf in leaves]
    return sorted(set(found))


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load_document(EXAMPLES / name).data
    return copy.deepcopy(data)


def enum_lines(node: dict[str, Any]) -> dict[str, str]:
    return dict(zip(node["enum"], node["markdownEnumDescriptions"], strict=True))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_every_example_protocol_passes(catalog: Catalog, path: Path) -> None:
    assert errors("protocol", catalog, load_document(path).data) == []


def test_the_other_examples_pass_their_schemas(catalog: Catalog) -> None:
    intakes = sorted((EXAMPLES / "intakes").glob("*.yaml"))
    assert intakes
    for path in intakes:
        assert errors("intake", catalog, load_document(path).data) == [], path.name
    for path in sorted((EXAMPLES / "modalities").glob("*.yaml")):
        assert errors("modality", catalog, load_document(path).data) == [], path.name
    for path in sorted((EXAMPLES / "curricula").glob("*.yaml")):
        assert errors("curriculum", catalog, load_document(path).data) == [], path.name


def test_a_step_with_another_modalitys_technique_fails(catalog: Catalog) -> None:
    protocol = example("upper-back-deep-tissue-60.yaml")
    index, step = next((i, s) for i, s in enumerate(protocol["steps"]) if s.get("modality") == "deep-tissue")
    assert not catalog.modality("deep-tissue").offers("reflex-point-pressure")
    step["technique"] = "reflex-point-pressure"
    assert errors("protocol", catalog, protocol) == [(f"steps/{index}/technique", "enum")]
    step["modality"] = "reflexology"  # the same technique is right under its own modality
    step["region"] = "foot"
    assert errors("protocol", catalog, protocol) == []


def test_each_modality_offers_exactly_its_techniques(catalog: Catalog) -> None:
    branches = catalog_schema("protocol", catalog)["$defs"]["handsOnStep"]["allOf"]
    offered = {branch["if"]["properties"]["modality"]["const"]: branch["then"]["properties"]["technique"]["enum"]
               for branch in branches}
    assert offered == {m.id: sorted(use.technique for use in m.techniques) for m in catalog.modalities.values()}
    # The step's own technique is left open: a list there would join every modality's in completion.
    assert "enum" not in json.dumps(catalog_schema("protocol", catalog)["$defs"]["handsOnStep"]["properties"]
                                    ["technique"])


def test_unknown_ids_fail_and_every_spelling_the_tool_reads_passes(catalog: Catalog) -> None:
    protocol = example("upper-back-deep-tissue-60.yaml")
    index, step = next((i, s) for i, s in enumerate(protocol["steps"]) if "modality" in s)
    for region in ("hamstrings", "upper-back", "Upper Back", "upper_back"):  # an alias, an id, two loose spellings
        step["region"] = region
        assert errors("protocol", catalog, protocol) == [], region
    step["region"] = "upper-bak"
    assert errors("protocol", catalog, protocol) == [(f"steps/{index}/region", "enum"),
                                                     (f"steps/{index}/region", "pattern")]
    step["region"], step["modality"] = "upper-back", "swedsh"
    assert errors("protocol", catalog, protocol) == [(f"steps/{index}/modality", "enum")]


def test_descriptions_are_one_line_for_every_id(catalog: Catalog) -> None:
    defs = catalog_schema("protocol", catalog)["$defs"]
    modalities = enum_lines(defs["modality"])
    assert sorted(modalities) == sorted(catalog.modalities)
    assert modalities["deep-tissue"].startswith(f"{catalog.modality('deep-tissue').name}: ")
    regions = enum_lines(defs["region"]["anyOf"][0])
    assert set(regions) == {word for r in catalog.regions for word in (r.id, *r.aliases)}
    assert regions["hamstrings"] == "Back of the thigh (another word for posterior-thigh)"
    assert "endangerment site" in regions["popliteal-fossa"]
    techniques = [enum_lines(branch["then"]["properties"]["technique"]) for branch in defs["handsOnStep"]["allOf"]]
    conditions = enum_lines(catalog_schema("intake", catalog)["$defs"]["conditionId"])
    assert sorted(conditions) == sorted(catalog.conditions)
    for line in [*modalities.values(), *regions.values(), *conditions.values(),
                 *(line for lines in techniques for line in lines.values())]:
        assert line.strip() and "\n" not in line


def test_intake_condition_ids_and_regions(catalog: Catalog) -> None:
    intake = example("intakes/c-0042-varicose-anticoagulants.yaml")
    intake["conditions"][0].update(id="varicose-vein", region="calfs")
    intake["medications"] = ["anticoagulant"]
    intake["clearance"] = ["cancr", {"id": "pregnancy", "pressure": 2}]
    assert errors("intake", catalog, intake) == [("clearance/0", "enum"), ("conditions/0/id", "enum"),
                                                 ("conditions/0/region", "enum"), ("conditions/0/region", "pattern"),
                                                 ("medications/0", "enum")]


def test_modality_and_curriculum_know_the_catalog_too(catalog: Catalog) -> None:
    house = example("modalities/hot-stone.yaml")
    house["techniques"].append({"use": "efleurage"})
    house["regions"].append("kidnys")
    assert errors("modality", catalog, house) == [("regions/9", "enum"), ("regions/9", "pattern"),
                                                  (f"techniques/{len(house['techniques']) - 1}/use", "enum")]
    curriculum = example("curricula/elap-style-programme.yaml")
    curriculum["modules"][0]["modalities"] = ["swedish", "hot-stone"]  # hot-stone: a house modality not loaded here
    assert errors("curriculum", catalog, curriculum) == [("modules/0/modalities/1", "enum")]


def test_a_new_plugins_modality_technique_and_condition_appear() -> None:
    with_house = load_catalog(local_modules=[str(HOUSE_PLUGIN)], environ={})
    written = catalog_schema("protocol", with_house)
    assert "house-special" in written["$defs"]["modality"]["enum"]
    branch = next(b for b in written["$defs"]["handsOnStep"]["allOf"]
                  if b["if"]["properties"]["modality"]["const"] == "house-special")
    assert branch["then"]["properties"]["technique"]["enum"] == ["effleurage", "petrissage"]
    assert "recent-filler-injection" in catalog_schema("intake", with_house)["$defs"]["conditionId"]["enum"]
    assert "local_house" in written["$comment"]


def test_the_same_plugins_give_the_same_bytes_in_any_order(catalog: Catalog) -> None:
    shuffled = Catalog(regions=catalog.regions)
    rng = random.Random(13)
    for registry in catalog.registries:
        items = list(registry.items())
        rng.shuffle(items)
        for item_id, item in items:
            shuffled.registry(registry.kind).add(item_id, item, registry.owner(item_id))
    shuffled.plugins = list(reversed(catalog.plugins))
    for name in SCHEMA_NAMES:
        text = catalog_schema_text(name, catalog)
        assert text == catalog_schema_text(name, catalog) == catalog_schema_text(name, shuffled)
        assert json.loads(text)["$id"] == f"urn:protocolkit:schema:{name}:1:catalog"


def test_without_catalog_the_bundled_schema_is_printed_byte_for_byte(runner: CliRunner) -> None:
    for name in SCHEMA_NAMES:
        result = runner.invoke(cli, ["schema", name], env=CLEAN_ENV)
        assert (result.exit_code, result.stdout) == (0, schema_text(name))


def test_the_command_prints_what_the_library_writes(runner: CliRunner, catalog: Catalog) -> None:
    result = runner.invoke(cli, ["schema", "protocol", "--catalog"], env=CLEAN_ENV)
    assert (result.exit_code, result.stdout) == (0, catalog_schema_text("protocol", catalog))
    with_house = runner.invoke(cli, ["-p", str(HOUSE_PLUGIN), "schema", "protocol", "--catalog"], env=CLEAN_ENV)
    assert with_house.exit_code == 0 and "house-special" in json.loads(with_house.stdout)["$defs"]["modality"]["enum"]


def test_output_file_is_never_overwritten_without_force(runner: CliRunner, catalog: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "protocolkit.schema.json"
    first = runner.invoke(cli, ["schema", "protocol", "--catalog", "-o", str(target)], env=CLEAN_ENV)
    assert first.exit_code == 0 and f"wrote {target}" in first.stderr
    assert target.read_text("utf-8") == catalog_schema_text("protocol", catalog)
    target.write_text("mine")
    refused = runner.invoke(cli, ["schema", "protocol", "--catalog", "-o", str(target)], env=CLEAN_ENV)
    assert refused.exit_code == 2 and "exists; pass --force to overwrite it" in refused.stderr
    assert target.read_text() == "mine"
    forced = runner.invoke(cli, ["schema", "intake", "--catalog", "-o", str(target), "--force"], env=CLEAN_ENV)
    assert forced.exit_code == 0 and target.read_text("utf-8") == catalog_schema_text("intake", catalog)
    assert sorted(os.listdir(tmp_path)) == [target.name]


def test_a_write_that_fails_midway_leaves_the_old_file(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "protocolkit.schema.json"
    target.write_text("the schema from before")

    def full_disk(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    failed = runner.invoke(cli, ["schema", "protocol", "--catalog", "-o", str(target), "--force"], env=CLEAN_ENV)
    assert failed.exit_code == 2 and "cannot write: No space left on device" in failed.stderr
    assert target.read_text() == "the schema from before"
    assert sorted(os.listdir(tmp_path)) == [target.name]  # no temporary file left behind
