"""One source of truth: every ceiling and rule-out a page prints is what screening enforces.

The pages are rendered for real (``show MODALITY`` as text and JSON, every rule
page as Markdown and terminal text, the conditions table) and searched for
what they claim about a condition: a pressure figure ("pressure 2 or less",
"2 (light) at most", "Walton 3", "light pressure", ...), that it rules out
the session, that it needs a clearance first, or that it rules out one
modality.  Each claim is compared with what ``restrictions.assess`` does with
an intake that names that condition alone, never with the catalog field the
page was written from, so an edited prose number, a stale rule page or a
wrong summary all fail here.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from protocolkit.model.protocol import Contraindication
from protocolkit.model.rules import Rule
from protocolkit.plugin.catalog import Catalog
from protocolkit.plugin.host import load_catalog
from protocolkit.report.describe import conditions_markdown, modality_data, modality_text

from .claims import Checker, figures
from .conftest import EXAMPLES
from .seeds import seed_owned


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """Every installed plugin and the example house modality."""
    warnings: list[str] = []
    loaded = load_catalog(house_modalities=[str(EXAMPLES / "modalities")], environ={}, warn=warnings.append)
    assert warnings == []
    return loaded


def _checked(catalog: Catalog, check: str, *args: object) -> list[str]:
    checker = Checker(catalog)
    getattr(checker, check)(*args)
    return checker.problems


def _text(catalog: Catalog, modality_id: str, **reasons: str) -> tuple[str, dict[str, object]]:
    """The page of ``modality_id`` (text and JSON), with some contraindications' reasons rewritten."""
    modality = catalog.modalities[modality_id]
    items = [attrs.evolve(c, reason=reasons.get(c.id.replace("-", "_"), c.reason)) for c in modality.contraindications]
    modality = attrs.evolve(modality, contraindications=items)
    return modality_text(catalog, modality), modality_data(catalog, modality)


MODALITIES = ["active-release", "deep-tissue", "myofascial-release", "reflexology", "sports", "swedish",
              "trigger-point", "hot-stone"]


def test_every_modality_is_checked(catalog: Catalog) -> None:
    # The seed plugins' and the example house modality's; one installed beside them is not this suite's.
    houses = {plugin.name for plugin in catalog.plugins if plugin.origin == "house modality"}
    house = [m for m in catalog.modalities if catalog.modalities.owner(m) in houses]
    assert sorted(seed_owned(catalog, "modality") + house) == sorted(MODALITIES)


@pytest.mark.parametrize("modality_id", MODALITIES)
def test_a_modality_page_prints_what_screening_enforces(catalog: Catalog, modality_id: str) -> None:
    text, data = _text(catalog, modality_id)
    assert _checked(catalog, "modality_text", modality_id, text) == []
    assert _checked(catalog, "modality_json", modality_id, data) == []


@pytest.mark.parametrize("modality_id", MODALITIES)
def test_a_modality_s_reasons_state_no_ceiling_of_their_own(catalog: Catalog, modality_id: str) -> None:
    stated = {c.id: c.reason for c in catalog.modalities[modality_id].contraindications if list(figures(c.reason))}
    assert stated == {}


def test_every_rule_page_agrees_with_screening(catalog: Catalog) -> None:
    assert _checked(catalog, "rule_pages") == []


def test_the_conditions_table_agrees_with_screening(catalog: Catalog) -> None:
    assert _checked(catalog, "conditions_table", conditions_markdown(catalog)) == []


# -- the checks themselves: each trips on the kind of page it exists to catch ----------------------------------
def test_a_prose_number_put_back_into_a_reason_fails(catalog: Catalog) -> None:
    text, data = _text(catalog, "trigger-point", anticoagulants="Bruises easily: pressure 3 at most.")
    ceiling = catalog.conditions["anticoagulants"].max_pressure
    assert ceiling is not None and ceiling.level != 3, "pick another figure for this test"
    for problems in (_checked(catalog, "modality_text", "trigger-point", text),
                     _checked(catalog, "modality_json", "trigger-point", data)):
        assert len(problems) == 1 and "anticoagulants prints pressure [3]" in problems[0]
    words, _ = _text(catalog, "trigger-point", osteoporosis="Fragile bone: moderate pressure.")
    assert _checked(catalog, "modality_text", "trigger-point", words) == [
        "show trigger-point: osteoporosis prints pressure [3], screening enforces [2]"]


def test_a_page_that_rules_out_what_screening_treats_fails(catalog: Catalog) -> None:
    text, data = _text(catalog, "swedish", osteoporosis="Fragile bone: no session at all.")
    assert any("osteoporosis reads as ['no session']" in p for p in _checked(catalog, "modality_text", "swedish", text))
    assert any("osteoporosis reads as" in p for p in _checked(catalog, "modality_json", "swedish", data))
    page = Rule("XYZ001", "error", "a made-up rule", what="Osteoporosis rules out the session altogether.")
    assert _checked(catalog, "rule_page", page) == [
        "XYZ001.md: osteoporosis reads as ['no session'], screening: treat",
        "protocolkit rule XYZ001: osteoporosis reads as ['no session'], screening: treat"]


def test_a_page_that_treats_what_screening_rules_out_fails(catalog: Catalog) -> None:
    text, _ = _text(catalog, "swedish")
    doctored = text.replace("  fever (systemic): no session", "  fever (caution): adapt")
    assert doctored != text
    assert _checked(catalog, "modality_text", "swedish", doctored) == [
        "show swedish: fever reads as treat, screening: no session"]
    page = Rule("XYZ002", "error", "a made-up rule", what="With a fever, keep to pressure 2 or less.")
    assert _checked(catalog, "rule_page", page) == [
        "XYZ002.md: fever prints pressure [2], screening enforces no ceiling",
        "protocolkit rule XYZ002: fever prints pressure [2], screening enforces no ceiling"]


def test_a_page_that_claims_a_clearance_screening_does_not_ask_for_fails(catalog: Catalog) -> None:
    text, _ = _text(catalog, "trigger-point", osteoporosis="It needs a physician's clearance first.")
    assert _checked(catalog, "modality_text", "trigger-point", text) == [
        "show trigger-point: osteoporosis reads as ['until cleared'], screening: treat"]


def test_a_page_that_rules_out_a_modality_screening_allows_fails(catalog: Catalog) -> None:
    text, _ = _text(catalog, "reflexology", fracture="No reflexology at all after a fracture.")
    assert _checked(catalog, "modality_text", "reflexology", text) == [
        "show reflexology: fracture says ['never'] of reflexology, screening: nothing of its own"]
    table = conditions_markdown(catalog).replace("reflexology: never used", "-")
    assert any("first-trimester: says nothing of reflexology, screening: never" in p
               for p in _checked(catalog, "conditions_table", table))


def test_a_modality_that_keeps_off_the_area_says_so(tmp_path: Path) -> None:
    text = (EXAMPLES / "modalities" / "hot-stone.yaml").read_text()
    local = text.replace("  - id: pregnancy\n    category: caution\n", "  - id: pregnancy\n    category: local\n")
    assert local != text
    (tmp_path / "hot-stone.yaml").write_text(local)
    house = load_catalog(house_modalities=[str(tmp_path)], environ={})
    page, data = _text(house, "hot-stone")
    words = "; no hot-stone on the area the intake names (none at all until it names one)"
    assert f"  pregnancy (caution): {house.conditions['pregnancy'].restriction}{words}\n" in page
    assert data["contraindications"][-2]["modality_adds"] == {"category": "local", "restriction": words[2:]}
    assert _checked(house, "modality_text", "hot-stone", page) == []
    assert _checked(house, "modality_json", "hot-stone", data) == []
    assert _checked(house, "modality_text", "hot-stone", page.replace(words, "")) == [
        "show hot-stone: pregnancy says nothing of hot-stone, screening: area"]


def test_a_contraindication_no_condition_has_restricts_nothing(catalog: Catalog) -> None:
    swedish = attrs.evolve(catalog.modalities["swedish"],
                           contraindications=[Contraindication("stone-burn", "systemic", "Heat burns the skin.")])
    assert "  stone-burn (not in the catalog): restricts nothing: no condition in the catalog has this id" \
        in modality_text(catalog, swedish)
    shown = modality_data(catalog, swedish)["contraindications"]
    assert [(item["category"], item["modality_adds"]) for item in shown] == [(None, None)]


def test_a_modality_page_names_every_contraindication_once(catalog: Catalog) -> None:
    text, _ = _text(catalog, "swedish")
    dropped = "\n".join(line for line in text.splitlines() if not line.startswith("  bruise ("))
    assert any("lists" in p for p in _checked(catalog, "modality_text", "swedish", dropped))


def test_the_figures_a_page_may_print() -> None:
    found = figures("Bruises easily: pressure 3 at most, or stay light to moderate pressure; Walton 1-2; "
                    "no step at pressure 4 or more; 2 (light) at most; below 50,000 platelets")
    assert [level for _, level in found] == [3, 3, 3, 2, 3, 2]
    assert figures("Deep held pressure could dislodge a clot; pressure: light; 7-out-of-10; at most 6 hours") == []
