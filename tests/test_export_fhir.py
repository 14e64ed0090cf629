"""The FHIR exporter: Bundles that fhir.resources accepts, with codes from the right value sets.

fhir.resources (a test dependency) checks structure only: element names, types
and cardinality for one release.  It does not check code bindings or
invariants, so the codes and the links between resources are checked here.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from protocolkit.plugin.catalog import Catalog
from protocolkit.cli import cli
from protocolkit.load.documents import load_document
from protocolkit.model.export import ExportContext
from protocolkit.check.screening import Screening
from protocolkit.export.fhir import build_bundle, fhir_version, machine_name, minutes, render
from protocolkit.model.protocol import Duration, Pressure, Protocol, Step
from protocolkit.load.serialize import protocol_from_data

from .conftest import EXAMPLES, ROOT

PROTOCOLS = sorted(EXAMPLES.glob("*.yaml"))
VERSIONS = ("R5", "R4B")

# Where each release's models live in fhir.resources 8.x: R5 is the package's default.
MODELS = {"R5": "fhir.resources", "R4B": "fhir.resources.R4B"}

# http://terminology.hl7.org/CodeSystem/plan-definition-type
PLAN_DEFINITION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
PLAN_DEFINITION_TYPES = {"order-set", "clinical-protocol", "eca-rule", "workflow-definition"}
# http://hl7.org/fhir/ValueSet/publication-status (required binding on status)
PUBLICATION_STATUS = {"draft", "active", "retired", "unknown"}
# http://hl7.org/fhir/ValueSet/action-relationship-type (required binding).  R4B and
# R5 (5.0.0) hold the same nine codes; R5 only arranges them in a hierarchy
# (before > before-start, before-end; ...), so the same set is accepted for both.
ACTION_RELATIONSHIPS = {"before-start", "before", "before-end", "concurrent-with-start", "concurrent",
                        "concurrent-with-end", "after-start", "after", "after-end"}
# http://hl7.org/fhir/ValueSet/request-resource-types, the codes of it in both R4B and R5
# that could stand for a massage: what ActivityDefinition.kind may say.
REQUEST_KINDS = {"ServiceRequest", "Task", "CarePlan", "Appointment"}
UCUM = "http://unitsofmeasure.org"
# HL7's "Using CPT with FHIR": the system of a CPT coding.
CPT = "http://www.ama-assn.org/go/cpt"
# FHIR's id type, and the "name" invariant (pdf-0 / adf-0 / cnl-0).
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
FHIR_NAME = re.compile(r"^[A-Z]([A-Za-z0-9_]){0,254}$")
UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def fhir_model(version: str, module: str, name: str) -> Any:
    """A fhir.resources model class; a failure (never a skip) when the package is missing."""
    try:
        return getattr(importlib.import_module(f"{MODELS[version]}.{module}"), name)
    except ImportError as error:
        missing = str(error)
    pytest.fail(f"fhir.resources is needed to check the FHIR export ({missing}); install the test extras: "
                "pip install -e '.[test]'", pytrace=False)


def validate(model: Any, data: dict[str, Any]) -> Any:
    """Parse with whichever API the installed fhir.resources offers (model_validate in 8.x)."""
    parse = getattr(model, "model_validate", None) or model.parse_obj
    return parse(data)


def load(path: Path, catalog: Catalog) -> Protocol:
    return protocol_from_data(load_document(str(path)).data, catalog.regions)


def export(protocol: Protocol, catalog: Catalog, version: str | None = None) -> dict[str, Any]:
    options = {"fhir-version": version} if version else {}
    text = render(ExportContext(protocol, catalog, options=options))
    assert text.endswith("\n")
    data: dict[str, Any] = json.loads(text)
    return data


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def plan(bundle: dict[str, Any]) -> dict[str, Any]:
    (found,) = resources(bundle, "PlanDefinition")
    return found


def target_key(version: str) -> str:
    return "targetId" if version == "R5" else "actionId"


# -- fhir.resources accepts every example, in both releases -------------------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_example_bundle_validates_with_fhir_resources(path: Path, version: str, catalog: Catalog) -> None:
    data = export(load(path, catalog), catalog, version)
    bundle = validate(fhir_model(version, "bundle", "Bundle"), data)
    assert bundle.type == "collection"
    models = {"PlanDefinition": fhir_model(version, "plandefinition", "PlanDefinition"),
              "ActivityDefinition": fhir_model(version, "activitydefinition", "ActivityDefinition")}
    assert len(bundle.entry) == len(data["entry"])
    for parsed, entry in zip(bundle.entry, data["entry"], strict=True):
        resource = entry["resource"]
        model = models[resource["resourceType"]]
        assert isinstance(parsed.resource, model)
        checked = validate(model, resource)
        assert checked.id == resource["id"] and checked.status == "draft"


@pytest.mark.parametrize("version", VERSIONS)
def test_a_bundle_for_one_release_is_not_valid_in_the_other(version: str, catalog: Catalog) -> None:
    data = export(load(EXAMPLES / "reflexology-45.yaml", catalog), catalog, version)
    other = "R4B" if version == "R5" else "R5"
    with pytest.raises(ValueError, match=target_key(version)):  # pydantic's ValidationError is a ValueError
        validate(fhir_model(other, "bundle", "Bundle"), data)


def test_accepted_relationship_codes_match_the_fhir_resources_models() -> None:
    for version in VERSIONS:
        model = fhir_model(version, "plandefinition", "PlanDefinitionActionRelatedAction")
        extra = model.model_fields["relationship"].json_schema_extra or {}
        if "enum_values" in extra:
            assert set(extra["enum_values"]) == ACTION_RELATIONSHIPS, version


# -- codes, against the value sets (fhir.resources does not check bindings) -------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_codes_come_from_their_value_sets(path: Path, version: str, catalog: Catalog) -> None:
    bundle = export(load(path, catalog), catalog, version)
    definition = plan(bundle)
    (coding,) = definition["type"]["coding"]
    assert coding["system"] == PLAN_DEFINITION_TYPE_SYSTEM
    assert coding["code"] in PLAN_DEFINITION_TYPES and coding["code"] == "clinical-protocol"
    assert coding["display"] == "Clinical Protocol"
    for entry in bundle["entry"]:
        assert entry["resource"]["status"] in PUBLICATION_STATUS
    for action in definition["action"]:
        for related in action.get("relatedAction", []):
            assert related["relationship"] in ACTION_RELATIONSHIPS
        assert action["timingDuration"]["system"] == UCUM
        assert action["timingDuration"]["code"] == "min" and action["timingDuration"]["unit"] == "min"
        value = action["timingDuration"]["value"]
        assert isinstance(value, int | float) and not isinstance(value, bool) and value > 0
        if "code" in action:  # a billing code: CPT, the number alone (its descriptor is copyrighted)
            (concept,) = action["code"] if version == "R4B" else [action["code"]]
            (billing,) = concept["coding"]
            assert billing["system"] == CPT and re.fullmatch(r"[0-9]{5}", billing["code"])
            assert set(concept) == {"coding"} and set(billing) == {"system", "code"}
    for activity in resources(bundle, "ActivityDefinition"):
        assert activity["kind"] in REQUEST_KINDS
        # The SNOMED CT concept is unverified: the meaning travels as text, with no coding.
        assert activity["code"] == {"text": "Therapeutic massage"}


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_ids_names_and_urls_are_well_formed(path: Path, catalog: Catalog) -> None:
    bundle = export(load(path, catalog), catalog)
    assert FHIR_ID.match(bundle["id"])
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert all(UUID_URN.match(url) for url in full_urls)
    assert len(set(full_urls)) == len(full_urls)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert FHIR_ID.match(resource["id"]) and FHIR_NAME.match(resource["name"])
        assert resource["url"].startswith("urn:protocolkit:") and not re.search(r"[|#\s]", resource["url"])
        assert resource["title"].strip()
    activities = resources(bundle, "ActivityDefinition")
    assert len({a["url"] for a in activities}) == len(activities)
    assert len({a["id"] for a in activities}) == len(activities)


# -- structure ---------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_one_action_per_step_in_order_chained_and_timed(path: Path, version: str, catalog: Catalog) -> None:
    protocol = load(path, catalog)
    definition = plan(export(protocol, catalog, version))
    assert definition["id"] == protocol.id and definition["title"] == protocol.title
    actions = definition["action"]
    assert [a["id"] for a in actions] == [f"step-{n}" for n in range(1, len(protocol.steps) + 1)]
    for step, action in zip(protocol.steps, actions, strict=True):
        assert action["timingDuration"]["value"] * 60 == pytest.approx(step.duration.seconds)
        if step.hands_on:
            technique = catalog.technique(step.technique or "")
            assert technique.name in action["title"] and technique.description.split(":")[0] in action["description"]
            assert str(step.pressure) in action["description"]
        else:
            assert "definitionCanonical" not in action
            assert action["title"].lower() == (step.activity or "")
        if step.notes:
            assert " ".join(step.notes.split())[1:] in action["description"]
    total = sum(a["timingDuration"]["value"] for a in actions)
    assert total == pytest.approx(protocol.steps_total.seconds / 60)
    assert total == pytest.approx(protocol.duration.seconds / 60)  # the examples fill their planned time
    assert "relatedAction" not in actions[0]
    key = target_key(version)
    for previous, action in zip(actions, actions[1:], strict=False):
        assert action["relatedAction"] == [{key: previous["id"], "relationship": "after-end"}]
    assert definition["goal"] == [{"description": {"text": goal.replace("-", " ")}} for goal in protocol.goals]


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_every_canonical_resolves_to_one_activity_definition_per_technique(path: Path, catalog: Catalog) -> None:
    protocol = load(path, catalog)
    bundle = export(protocol, catalog)
    activities = {a["url"]: a for a in resources(bundle, "ActivityDefinition")}
    used = {step.technique for step in protocol.hands_on_steps}
    assert len(activities) == len(used)
    assert {a["id"] for a in activities.values()} == used
    hands_on = iter(protocol.hands_on_steps)
    for action in plan(bundle)["action"]:
        if "definitionCanonical" in action:
            activity = activities[action["definitionCanonical"]]
            technique = catalog.technique(next(hands_on).technique or "")
            assert activity["title"] == technique.name and activity["description"] == technique.description
    assert next(hands_on, None) is None
    assert len(resources(bundle, "PlanDefinition")) == 1
    assert bundle["entry"][0]["resource"]["resourceType"] == "PlanDefinition"


@pytest.mark.parametrize("version", VERSIONS)
def test_output_is_deterministic(version: str, catalog: Catalog) -> None:
    protocol = load(EXAMPLES / "upper-back-deep-tissue-60.yaml", catalog)
    context = ExportContext(protocol, catalog, options={"fhir-version": version})
    first = render(context)
    assert render(context) == first
    # A fresh load of the same file gives the same bytes too.
    again = load(EXAMPLES / "upper-back-deep-tissue-60.yaml", catalog)
    assert render(ExportContext(again, catalog, options={"fhir-version": version})) == first
    assert "timestamp" not in json.loads(first) and "meta" not in json.loads(first)


def test_the_two_releases_differ_only_in_the_related_action_key_and_the_code_list(catalog: Catalog) -> None:
    protocol = load(EXAMPLES / "neck-shoulders-myofascial-trigger-point.yaml", catalog)
    r5, r4b = export(protocol, catalog, "R5"), export(protocol, catalog, "R4B")
    assert r5 != r4b
    # Its myofascial steps bill under a code, so the two shapes of an action's code are both compared.
    assert any("code" in action for action in plan(r4b)["action"])
    for action in plan(r5)["action"]:
        for related in action.get("relatedAction", []):
            related["actionId"] = related.pop("targetId")
        if "code" in action:  # R5: one CodeableConcept; R4B: a list of them
            action["code"] = [action["code"]]
    assert r5 == r4b


def test_r5_is_the_default(catalog: Catalog) -> None:
    protocol = load(EXAMPLES / "reflexology-45.yaml", catalog)
    assert export(protocol, catalog) == export(protocol, catalog, "R5")
    assert fhir_version(None) == "R5" and fhir_version("r4b") == "R4B"
    with pytest.raises(ValueError, match="R4"):
        render(ExportContext(protocol, catalog, options={"fhir-version": "STU3"}))
    with pytest.raises(ValueError):
        build_bundle(ExportContext(protocol, catalog), "R4")


def test_fractional_minutes_and_steps_that_fill_less_than_the_plan(catalog: Catalog) -> None:
    steps = [
        Step(Duration(90), 0, "swedish", "effleurage", "upper-back", "both", Pressure(2)),
        Step(Duration(100), 1, activity="transition"),
        Step(Duration.parse("5m"), 2, "swedish", "petrissage", "upper-back", "left", Pressure(3), notes="slowly"),
    ]
    protocol = Protocol("short-one", "Short", Duration.parse("10m"), steps, goals=["stiffness"])
    for version in VERSIONS:
        data = export(protocol, catalog, version)
        validate(fhir_model(version, "bundle", "Bundle"), data)
        values = [a["timingDuration"]["value"] for a in plan(data)["action"]]
        assert values == [1.5, 1.6667, 5]
        assert isinstance(values[2], int)
        assert sum(values) == pytest.approx(protocol.steps_total.seconds / 60, abs=1e-3)
        assert plan(data)["action"][2]["title"] == "Swedish massage: Petrissage — Upper back (left)"
        assert "Side: left only." in plan(data)["action"][2]["description"]
        assert plan(data)["action"][1]["title"] == "Transition"
        assert "description" not in plan(data)["action"][1]


def test_helpers() -> None:
    assert machine_name("upper-back-deep-tissue-60") == "UpperBackDeepTissue60"
    assert FHIR_NAME.match(machine_name("a-1-b"))
    assert minutes(120) == 2 and isinstance(minutes(120), int) and minutes(30) == 0.5


def test_a_long_protocol_id_still_gives_a_valid_fhir_id(catalog: Catalog) -> None:
    long_id = "-".join(["massage"] * 12)
    step = Step(Duration.parse("5m"), 0, "swedish", "effleurage", "upper-back", "both", Pressure(2))
    data = export(Protocol(long_id, "Long", Duration.parse("5m"), [step]), catalog)
    definition = plan(data)
    assert len(long_id) > 64 and FHIR_ID.match(definition["id"])
    assert definition["url"].endswith(long_id)
    validate(fhir_model("R5", "bundle", "Bundle"), data)


def test_a_screening_leaves_the_client_out(catalog: Catalog) -> None:
    protocol = load(EXAMPLES / "reflexology-45.yaml", catalog)
    plain = render(ExportContext(protocol, catalog))
    screened = render(ExportContext(protocol, catalog, Screening("c-0107", "ok")))
    assert screened == plain and "c-0107" not in screened


# -- through the command line --------------------------------------------------------


def test_cli_exports_an_r4b_bundle_that_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["export", "examples/reflexology-45.yaml", "--to", "fhir",
                                      "--fhir-version", "R4B"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate(fhir_model("R4B", "bundle", "Bundle"), data)
    related = [r for a in plan(data)["action"] for r in a.get("relatedAction", [])]
    assert related and all(set(r) == {"actionId", "relationship"} for r in related)


def test_cli_writes_the_default_r5_bundle_to_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(cli, ["export", "examples/reflexology-45.yaml", "--to", "fhir", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(fhir_model("R5", "bundle", "Bundle"), data)
    assert any("targetId" in r for a in plan(data)["action"] for r in a.get("relatedAction", []))
