"""Billing codes as data (issue 25): the seed plugins' codes, house modalities', and where each face shows them.

The seed plugins set a code only where the domain notes' sources name the
technique: 97124 for effleurage, petrissage and tapotement, 97140 for
myofascial release; everything else is left for the clinic to map.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from protocolkit.check.billing import Units, number, protocol_units, series_total
from protocolkit.check.validation import validate_file
from protocolkit.cli import cli
from protocolkit.export import html, markdown
from protocolkit.export.fhir import build_bundle
from protocolkit.load.documents import load_document
from protocolkit.load.serialize import protocol_from_data
from protocolkit.model.billing import CAVEAT, Billing
from protocolkit.model.export import ExportContext
from protocolkit.model.protocol import Protocol
from protocolkit.plugin.billing_codes import code_for
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.report.describe import modality_data, modality_text

from .conftest import EXAMPLES
from .test_export_fhir import fhir_model, validate

HOUSE = ("protocolkit: 1\nkind: modality\nid: house-x\nname: House X\nsummary: s\nindications: [relaxation]\n"
         "techniques:\n")


CPT = "http://www.ama-assn.org/go/cpt"  # HL7's "Using CPT with FHIR"
DEEP_TISSUE = EXAMPLES / "upper-back-deep-tissue-60.yaml"  # Swedish warm-up (97124), deep tissue (no code)
SPORTS = EXAMPLES / "legs-post-event-sports.yaml"  # sports effleurage and petrissage (97124)
PLAN = EXAMPLES / "plans" / "upper-back-series.yaml"  # 6 sessions of DEEP_TISSUE, then 3 of the neck protocol
_ROW = re.compile(r'<tr><td>([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>')
_TOTAL = re.compile(r'<tfoot><tr><th scope="row">Total</th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>')


def example(path: Path, catalog: Catalog) -> Protocol:
    return protocol_from_data(load_document(str(path)).data, catalog.regions)


def billing(catalog: Catalog, codes: dict[str, str] | None = None, policy: str = "cms") -> Catalog:
    """A copy of ``catalog`` with a clinic's [billing]: the shared session catalog stays as it is."""
    return attrs.evolve(catalog, billing=Billing(policy, codes or {}))

SEED_CODES = [
    ("swedish", "effleurage", "97124"), ("swedish", "petrissage", "97124"), ("swedish", "tapotement", "97124"),
    ("swedish", "friction", None), ("swedish", "vibration", None),
    ("sports", "effleurage", "97124"), ("sports", "petrissage", "97124"), ("sports", "tapotement", "97124"),
    ("sports", "compression", None), ("sports", "percussion", None), ("sports", "stretching", None),
    ("myofascial-release", "sustained-pressure", "97140"), ("myofascial-release", "skin-rolling", "97140"),
]
# No authoritative code was found for these modalities: the clinic maps them.
UNCODED_MODALITIES = ["deep-tissue", "trigger-point", "active-release", "reflexology"]


@pytest.mark.parametrize(("modality_id", "technique_id", "code"), SEED_CODES)
def test_the_seed_plugins_codes(catalog: Catalog, modality_id: str, technique_id: str, code: str | None) -> None:
    assert code_for(catalog, modality_id, technique_id) == code
    use = next(u for u in catalog.modalities[modality_id].techniques if u.technique == technique_id)
    if code is None:
        assert use.billing_source == ""
    else:  # a code always says where it comes from
        assert "chirocode.com article 07062" in use.billing_source


@pytest.mark.parametrize("modality_id", UNCODED_MODALITIES)
def test_modalities_without_a_source_carry_no_code(catalog: Catalog, modality_id: str) -> None:
    uses = catalog.modalities[modality_id].techniques
    assert uses and [use.billing_code for use in uses] == [None] * len(uses)


# -- house modalities ------------------------------------------------------------------


def test_a_house_technique_names_its_code(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(HOUSE + "  - use: effleurage\n    billing-code: \"97124\"\n"
                                     "    billing-source: our payer's fee schedule\n"
                                     "  - use: friction\n    billing-code: \"97140\"\n  - use: vibration\n"
                                     "  - {id: house-glide, name: House glide, description: d, pressure: {min: 1, max: 2},"
                                     " duration: {min: 1m, max: 5m}, lubricant: 'yes', billing-code: '97124'}\n")
    catalog = load_catalog(house_modalities=[str(tmp_path)], environ={})
    uses = {use.technique: use for use in catalog.modalities["house-x"].techniques}
    assert (uses["effleurage"].billing_code, uses["effleurage"].billing_source) == ("97124", "our payer's fee schedule")
    # Without a billing-source the code is the clinic's own file's word, and the page says where from.
    assert uses["friction"].billing_code == "97140" and "house modality file" in uses["friction"].billing_source
    assert uses["vibration"].billing_code is None and uses["vibration"].billing_source == ""
    assert code_for(catalog, "house-x", "friction") == "97140"
    assert code_for(catalog, "house-x", "house-glide") == "97124"  # a technique of its own takes one too


@pytest.mark.parametrize(("entry", "line", "column"), [
    ("  - use: effleurage\n    billing-code: \"9712\"\n", 9, 19),
    ("  - use: effleurage\n    billing-code: 97124\n", 9, 19),  # unquoted: a number in YAML
    ("  - {use: effleurage, billing-code: \"97I24\"}\n", 8, 37),
])
def test_a_bad_house_code_is_a_located_finding(tmp_path: Path, entry: str, line: int, column: int) -> None:
    (tmp_path / "x.yaml").write_text(HOUSE + entry)
    found = validate_file(str(tmp_path / "x.yaml"), load_catalog(environ={})).findings
    assert [(f.code, f.line, f.column) for f in found] == [("PK001", line, column)]
    assert "billing-code" in found[0].message and "five digits, such as 97124" in found[0].message
    # Loaded as a house modality, the same finding is the reason it is skipped: never a traceback.
    warnings: list[str] = []
    load_catalog(house_modalities=[str(tmp_path)], environ={}, warn=warnings.append)
    assert len(warnings) == 1 and f"x.yaml:{line}:{column}: PK001" in warnings[0]
    assert "five digits, such as 97124" in warnings[0]


def test_a_house_billing_source_needs_its_code(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(HOUSE + "  - use: effleurage\n    billing-source: our biller\n")
    found = validate_file(str(tmp_path / "x.yaml"), load_catalog(environ={})).findings
    assert [f.code for f in found] == ["PK001"] and "needs 'billing-code'" in found[0].message


# -- protocolkit show ---------------------------------------------------------------------


def test_show_lists_each_code_with_its_source_or_no_code(catalog: Catalog) -> None:
    text = modality_text(catalog, catalog.modalities["swedish"])
    section = text.split("Billing codes (timed, 15 minutes a unit):\n")[1].split("Works on:")[0]
    rows = {line.split()[0]: line for line in section.splitlines()}
    assert rows["effleurage"].split()[1:3] == ["97124", "source"]
    assert rows["friction"].split()[1:] == ["no", "code"] and rows["vibration"].split()[1:] == ["no", "code"]
    assert "chirocode.com article 07062" in section and CAVEAT in section
    data = {t["id"]: t for t in modality_data(catalog, catalog.modalities["swedish"])["techniques"]}
    assert (data["tapotement"]["billing_code"], data["tapotement"]["billing_from"]) == ("97124", "modality")
    assert data["vibration"]["billing_code"] is None and data["vibration"]["billing_from"] is None


def test_show_says_when_the_clinic_maps_or_overrides_a_code(catalog: Catalog) -> None:
    clinic = billing(catalog, {"swedish.friction": "97140", "swedish.effleurage": "97140"})
    data = {t["id"]: t for t in modality_data(clinic, clinic.modalities["swedish"])["techniques"]}
    assert (data["friction"]["billing_code"], data["friction"]["billing_from"]) == ("97140", "clinic")
    assert (data["effleurage"]["billing_code"], data["effleurage"]["modality_billing_code"]) == ("97140", "97124")
    assert data["petrissage"]["billing_from"] == "modality"  # what the clinic leaves alone stays the modality's
    rows = {line.split()[0]: line for line in modality_text(clinic, clinic.modalities["swedish"]).splitlines()
            if line.startswith("  ")}
    assert "97140" in rows["friction"] and "the clinic's configuration" in rows["friction"]
    assert "the modality's own is 97124" in rows["effleurage"]
    assert catalog.billing is None  # the shared catalog is untouched


def test_show_through_the_cli_with_a_clinic_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "protocolkit.toml").write_text('[billing]\ncodes = {"deep-tissue.friction" = "97140"}\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["show", "deep-tissue", "--format", "json"])
    assert result.exit_code == 0, result.output
    codes = {t["id"]: (t["billing_code"], t["billing_from"]) for t in json.loads(result.output)["techniques"]}
    assert codes["friction"] == ("97140", "clinic") and codes["effleurage"] == (None, None)


# -- FHIR ------------------------------------------------------------------------------


def _actions(protocol: Protocol, catalog: Catalog, version: str) -> list[dict[str, Any]]:
    """The PlanDefinition's actions, after fhir.resources has accepted the whole Bundle for ``version``."""
    bundle = build_bundle(ExportContext(protocol, catalog), version)
    validate(fhir_model(version, "bundle", "Bundle"), bundle)
    definition = bundle["entry"][0]["resource"]
    validate(fhir_model(version, "plandefinition", "PlanDefinition"), definition)
    actions: list[dict[str, Any]] = definition["action"]
    assert len(actions) == len(protocol.steps)
    return actions


def _code(action: dict[str, Any], version: str) -> str | None:
    if "code" not in action:
        return None
    (concept,) = [action["code"]] if version == "R5" else action["code"]  # R5: 0..1, R4B: 0..*
    assert concept == {"coding": [{"system": CPT, "code": concept["coding"][0]["code"]}]}  # never a display
    code: str = concept["coding"][0]["code"]
    return code


@pytest.mark.parametrize("version", ["R5", "R4B"])
@pytest.mark.parametrize("path", [DEEP_TISSUE, SPORTS], ids=lambda p: p.name)
def test_fhir_actions_carry_the_techniques_code(catalog: Catalog, path: Path, version: str) -> None:
    protocol = example(path, catalog)
    codes = [_code(action, version) for action in _actions(protocol, catalog, version)]
    expected = [code_for(catalog, step.modality, step.technique) if step.hands_on else None
                for step in protocol.steps]
    assert codes == expected and "97124" in codes
    if path == DEEP_TISSUE:  # deep tissue has no code: its actions carry none
        assert {code for code, step in zip(codes, protocol.steps, strict=True)
                if step.modality == "deep-tissue"} == {None}


def test_fhir_uses_the_clinics_code(catalog: Catalog) -> None:
    clinic = billing(catalog, {"deep-tissue.friction": "97140"})
    protocol = example(DEEP_TISSUE, clinic)
    codes = {(step.modality, step.technique): _code(action, "R5")
             for step, action in zip(protocol.steps, _actions(protocol, clinic, "R5"), strict=True)}
    assert codes[("deep-tissue", "friction")] == "97140" and codes[("deep-tissue", "deep-stroking")] is None


# -- the sheets' Billing box ------------------------------------------------------------------


def _box(page: str) -> str | None:
    """The Billing box of a rendered sheet, or None when it has none."""
    found = re.search(r'<section class="block billing">.*?</section>', page, re.DOTALL)
    return found.group(0) if found else None


def _table(box: str) -> tuple[list[tuple[str, str, str]], tuple[str, str]]:
    """The code table's rows (code, minutes, units) and its total row (minutes, units)."""
    codes_table = box[box.rindex('<table class="billing-codes">'):]
    total = _TOTAL.search(codes_table)
    assert total is not None
    return _ROW.findall(codes_table), (total[1], total[2])


def _expected(units: Units) -> tuple[list[tuple[str, str, str]], tuple[str, str]]:
    return ([(c.code, number(c.minutes), str(c.units)) for c in units.codes],
            (number(units.timed_minutes), str(units.total_units)))


@pytest.mark.parametrize("policy", ["cms", "per-code"])
@pytest.mark.parametrize("path", [DEEP_TISSUE, SPORTS], ids=lambda p: p.name)
def test_the_session_sheet_shows_the_units_when_the_clinic_bills(catalog: Catalog, path: Path, policy: str) -> None:
    clinic = billing(catalog, policy=policy)
    protocol = example(path, clinic)
    box = _box(html.render(ExportContext(protocol, clinic)))
    assert box is not None
    units = protocol_units(protocol, clinic)
    assert units.codes and _table(box) == _expected(units)
    assert {"cms": "CMS rule", "per-code": "Per code"}[policy] in box
    assert CAVEAT.replace("'", "&#39;") in box
    for hint in units.hints:
        assert hint.replace("'", "&#39;") in box
    if units.untimed_minutes:
        assert f"<strong>Untimed:</strong> {number(units.untimed_minutes)} min" in box
    if path == DEEP_TISSUE:  # its deep-tissue steps have no code: their minutes and techniques are named
        assert units.no_code_minutes > 0
        assert f"<strong>No code:</strong> {number(units.no_code_minutes)} min of Deep tissue massage: " in box
    else:
        assert "No code:" not in box


@pytest.mark.parametrize("path", [DEEP_TISSUE, SPORTS], ids=lambda p: p.name)
def test_no_billing_box_without_billing(catalog: Catalog, path: Path) -> None:
    assert catalog.billing is None
    protocol = example(path, catalog)
    page = html.render(ExportContext(protocol, catalog))
    assert _box(page) is None and "<h2>Billing</h2>" not in page
    assert "## Billing" not in markdown.render(ExportContext(protocol, catalog))


def test_the_clinics_codes_change_the_box(catalog: Catalog) -> None:
    clinic = billing(catalog, {"deep-tissue.deep-stroking": "97140", "deep-tissue.friction": "97140"})
    protocol = example(DEEP_TISSUE, clinic)
    box = _box(html.render(ExportContext(protocol, clinic)))
    assert box is not None
    rows, _ = _table(box)
    assert [code for code, _, _ in rows] == ["97124", "97140"]
    assert _table(box) == _expected(protocol_units(protocol, clinic))


def test_the_markdown_sheet_has_the_same_facts(catalog: Catalog) -> None:
    clinic = billing(catalog)
    protocol = example(DEEP_TISSUE, clinic)
    units = protocol_units(protocol, clinic)
    section = markdown.render(ExportContext(protocol, clinic)).split("## Billing\n")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    assert rows == [f"| {c.code} | {number(c.minutes)} | {c.units} |" for c in units.codes] + [
        f"| **Total** | {number(units.timed_minutes)} | {units.total_units} |"]
    assert f"**No code:** {number(units.no_code_minutes)} min" in section and CAVEAT in section


def test_the_plan_sheet_shows_each_phase_and_the_series(catalog: Catalog, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "protocolkit.toml").write_text('[billing]\npolicy = "cms"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(PLAN), "--to", "html"])
    assert result.exit_code == 0, result.output
    box = _box(result.output)
    assert box is not None
    clinic = billing(catalog)
    phases = [(6, protocol_units(example(DEEP_TISSUE, clinic), clinic)),
              (3, protocol_units(example(EXAMPLES / "neck-shoulders-myofascial-trigger-point.yaml", clinic), clinic))]
    series = series_total(units for sessions, units in phases for _ in range(sessions))
    codes: Any = series["codes"]
    rows, total = _table(box)
    assert rows == [(c["code"], number(c["minutes"]), str(c["units"])) for c in codes]
    assert total == (number(float(str(series["timed-minutes"]))), str(series["total-units"]))
    assert series["total-units"] == sum(sessions * units.total_units for sessions, units in phases) > 0
    phase_rows = re.findall(r'<tr><td>(\d): [^<]*</td><td class="num">(\d+)</td><td class="num">(\d+)</td>', box)
    assert phase_rows == [("1", "6", str(phases[0][1].total_units)), ("2", "3", str(phases[1][1].total_units))]
    assert "The series: 9 sessions" in box


def test_no_plan_billing_box_without_billing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(PLAN), "--to", "html"])
    assert result.exit_code == 0, result.output
    assert "<h2>Calendar</h2>" in result.output and _box(result.output) is None


def test_the_studio_sheet_shows_the_box_only_when_the_clinic_bills(catalog: Catalog, tmp_path: Path) -> None:
    """The studio renders the sheets' templates with its own catalog, whose billing comes from `serve`."""
    import shutil

    from starlette.testclient import TestClient

    from protocolkit.studio.app import create_app

    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    pages = {}
    for name, shown in (("bills", billing(catalog)), ("does not bill", catalog)):
        app = create_app(folder, shown, token="t", allowed_hosts={"testserver"})
        client = TestClient(app, headers={"Authorization": "Bearer t"})
        pages[name] = client.get("/sheet/legs-post-event-sports.yaml").text
    assert "Billing" in pages["bills"] and CAVEAT.replace("'", "&#39;") in pages["bills"]
    assert "Billing" not in pages["does not bill"]
