"""The body map: every region has a place, sides are the client's, minutes shade, the intake hatches.

The map is read back as XML (it is inline SVG in the sheet) and asserted on its
data attributes and titles, the way a screen reader or a script would read it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

from protocolkit.check.restrictions import assess
from protocolkit.check.validation import read_intake
from protocolkit.export import html as html_sheet
from protocolkit.export.bodymap import PARTS, REGION_PARTS, BodyMap, body_map, ruled_out, worked_seconds
from protocolkit.export.context import export_context
from protocolkit.export.summary import summarise
from protocolkit.export.templating import environment
from protocolkit.load.documents import load_document
from protocolkit.model.export import ExportContext
from protocolkit.model.protocol import Duration, Protocol
from protocolkit.model.regions import REGIONS, Region, RegionVocabulary
from protocolkit.plugin.catalog import Catalog

from .conftest import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"
LEGS = EXAMPLES / "legs-post-event-sports.yaml"
UPPER_BACK = EXAMPLES / "upper-back-deep-tissue-60.yaml"
VARICOSE_LEFT_CALF = EXAMPLES / "intakes" / "c-0042-varicose-anticoagulants.yaml"
HEALTHY = EXAMPLES / "intakes" / "c-0107-healthy.yaml"


def load(path: Path, catalog: Catalog) -> Protocol:
    from protocolkit.load.serialize import protocol_from_data

    return protocol_from_data(load_document(path).data, catalog.regions)


def draw(drawn: BodyMap) -> ET.Element:
    """The map as the template renders it, parsed as XML (it must be well formed)."""
    text = environment().get_template("sheet/bodymap.svg").render(body_map=drawn)
    return ET.fromstring(text.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def shapes(svg: ET.Element, region: str) -> dict[str, ET.Element]:
    """The shapes standing for ``region``, by side (both views' shapes of a side must agree)."""
    found: dict[str, ET.Element] = {}
    for path in svg.iter(f"{SVG}path"):
        if region in (path.get("data-region") or "").split():
            side = path.get("data-side") or ""
            if side in found:
                assert found[side].get("data-minutes") == path.get("data-minutes")
            found[side] = path
    return found


def title(element: ET.Element) -> str:
    found = element.find(f"{SVG}title")
    assert found is not None
    return found.text or ""


def session(catalog: Catalog, *steps: tuple[str, str, int]) -> ExportContext:
    """A protocol of sports-massage effleurage steps (region, side, minutes) built from the legs example."""
    protocol = load(LEGS, catalog)
    template = next(step for step in protocol.steps if step.hands_on)
    made = [attrs.evolve(template, index=index, region=region, side=side, duration=Duration(minutes * 60))
            for index, (region, side, minutes) in enumerate(steps)]
    total = sum(minutes for _, _, minutes in steps)
    return ExportContext(attrs.evolve(protocol, steps=made, duration=Duration(total * 60)), catalog)


def test_the_table_maps_exactly_the_core_vocabulary_onto_shapes_that_exist() -> None:
    assert set(REGION_PARTS) == {region.id for region in REGIONS}
    assert {key for keys in REGION_PARTS.values() for key in keys} <= set(PARTS)


def test_every_core_region_is_drawn_with_its_name_in_a_title(catalog: Catalog) -> None:
    svg = draw(body_map({}, catalog.regions))
    assert svg.get("class") == "body-map"
    drawn = {region for path in svg.iter(f"{SVG}path") for region in (path.get("data-region") or "").split()}
    assert drawn == {region.id for region in REGIONS}
    for region in REGIONS:
        for side, path in shapes(svg, region.id).items():
            assert side in ("left", "right", "none")
            assert region.name in title(path) and "not worked" in title(path)
            assert path.get("data-minutes") is None


@pytest.mark.parametrize("joint", ["knee", "ankle", "elbow", "wrist"])
def test_the_joints_are_drawn_front_and_back_on_each_side(catalog: Catalog, joint: str) -> None:
    assert {PARTS[key].view for key in REGION_PARTS[joint]} == {"front", "back"}
    assert all(PARTS[key].sided and not PARTS[key].overlay for key in REGION_PARTS[joint])
    svg = draw(body_map({(joint, "left"): 6 * 60}, catalog.regions))
    paths = [p for p in svg.iter(f"{SVG}path") if joint in (p.get("data-region") or "").split()]
    assert sorted(p.get("data-side") or "" for p in paths) == ["left", "left", "right", "right"]
    name = REGIONS.get(joint).name
    for path in paths:
        if path.get("data-side") == "left":
            assert path.get("data-minutes") == "6" and title(path) == f"{name}, left: 6 min"
        else:
            assert path.get("data-minutes") is None and title(path) == f"{name}, right: not worked"
    # Shaded like any limb region: the same ramp for the same minutes.
    calf = shapes(draw(body_map({("calf", "left"): 6 * 60}, catalog.regions)), "calf")["left"]
    assert {p.get("fill") for p in paths if p.get("data-side") == "left"} == {calf.get("fill")}


def test_a_left_calf_step_shades_only_the_left_calf(catalog: Catalog) -> None:
    svg = draw(body_map(worked_seconds(summarise(session(catalog, ("calf", "left", 5)))), catalog.regions))
    calf = shapes(svg, "calf")
    assert calf["left"].get("data-minutes") == "5" and title(calf["left"]) == "Calf, left: 5 min"
    assert calf["right"].get("data-minutes") is None and "not worked" in title(calf["right"])
    assert [p.get("data-region") for p in svg.iter(f"{SVG}path") if p.get("data-minutes")] == ["calf"]


def test_a_step_on_both_sides_shades_both_and_a_midline_shape_counts_it_once(catalog: Catalog) -> None:
    context = session(catalog, ("calf", "both", 4), ("calf", "right", 2), ("abdomen", "left", 3),
                      ("abdomen", "both", 3))
    svg = draw(body_map(worked_seconds(summarise(context)), catalog.regions))
    calf = shapes(svg, "calf")
    assert (calf["left"].get("data-minutes"), calf["right"].get("data-minutes")) == ("4", "6")
    assert calf["right"].get("fill") != calf["left"].get("fill")  # darker for more minutes
    assert shapes(svg, "abdomen")["none"].get("data-minutes") == "6"
    assert "6 min" in title(shapes(svg, "abdomen")["none"])


def test_the_client_sides_sit_where_the_labels_say(catalog: Catalog) -> None:
    """Front: the client's left on the viewer's right; back: on the viewer's left; the labels agree."""
    svg = draw(body_map({}, catalog.regions))
    for figure in svg.iter(f"{SVG}g"):
        if "figure" not in (figure.get("class") or ""):
            continue
        labels = {text.text: float(text.get("x") or 0) for text in figure.iter(f"{SVG}text")
                  if "side-label" in (text.get("class") or "")}
        x_of = {path.get("data-side"): float(re.findall(r"[\d.]+", path.get("d") or "")[0])
                for path in figure.iter(f"{SVG}path") if path.get("data-region") == "shoulder"}
        assert (labels["L"] > labels["R"]) == (x_of["left"] > x_of["right"])
        assert (labels["L"] > labels["R"]) == ("front" in (figure.get("class") or ""))


def test_endangerment_sites_carry_a_marker_and_say_so(catalog: Catalog) -> None:
    svg = draw(body_map({}, catalog.regions))
    markers = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "endangerment"]
    sites = [region for region in REGIONS if region.is_endangerment_site]
    sided = sum(2 if PARTS[key].sided else 1 for region in sites for key in REGION_PARTS[region.id])
    assert len(markers) == sided + 1  # and one in the legend
    for region in sites:
        for path in shapes(svg, region.id).values():
            assert "endangerment site" in title(path)
    assert "endangerment site" not in title(shapes(svg, "calf")["left"])


def test_an_intake_that_rules_out_the_left_calf_hatches_it(catalog: Catalog) -> None:
    intake = read_intake(str(VARICOSE_LEFT_CALF), catalog).intake
    context = export_context(load_document(LEGS), catalog, intake)
    assert isinstance(context, ExportContext)
    assert ("calf", "left") in context.ruled_out and ("calf", "right") not in context.ruled_out
    page = html_sheet.render(context)
    svg = ET.fromstring(re.search(r'<svg class="body-map".*?</svg>', page, re.S)
                        .group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    calf = shapes(svg, "calf")
    assert calf["left"].get("data-ruled-out") == "true" and "ruled out by the intake" in title(calf["left"])
    assert calf["right"].get("data-ruled-out") is None
    hatches = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "hatch"]
    assert calf["left"].get("d") in {p.get("d") for p in hatches}
    assert all(p.get("fill") == "url(#body-map-hatch)" for p in hatches)
    assert svg.find(f"{SVG}defs/{SVG}pattern[@id='body-map-hatch']") is not None
    # Only ids and sides reach the sheet: nothing of the intake's notes.
    assert "Visible veins" not in page and "blood thinner" not in page


def test_a_healthy_intake_hatches_nothing_and_no_intake_has_no_hatch_legend(catalog: Catalog) -> None:
    intake = read_intake(str(HEALTHY), catalog).intake
    assert intake is not None
    assert ruled_out(assess(intake, catalog), catalog.regions) == frozenset()
    svg = draw(body_map(worked_seconds(summarise(ExportContext(load(LEGS, catalog), catalog))), catalog.regions))
    assert not [p for p in svg.iter(f"{SVG}path") if p.get("class") == "hatch"]
    assert "ruled out" not in ET.tostring(svg, encoding="unicode")


def test_a_pressure_ceiling_or_one_modality_does_not_rule_a_region_out(catalog: Catalog) -> None:
    intake = read_intake(str(EXAMPLES / "intakes" / "c-0533-lymph-nodes-left.yaml"), catalog).intake
    assert intake is not None and ruled_out(assess(intake, catalog), catalog.regions) == frozenset()


def test_a_region_the_vocabulary_does_not_know_is_never_ruled_out_by_name(catalog: Catalog) -> None:
    """An intake's unknown region is the client's own words: the map must not show them."""
    intake = read_intake(str(VARICOSE_LEFT_CALF), catalog).intake
    assert intake is not None
    entry = attrs.evolve(intake.entries[0], region="behind-the-left-knee-veins")
    limits = assess(attrs.evolve(intake, entries=(entry, *intake.entries[1:])), catalog)
    assert any(limit.regions == {"behind-the-left-knee-veins"} for limit in limits.limits)
    assert ruled_out(limits, catalog.regions) == frozenset()


def test_a_plugin_region_falls_back_to_the_list_beside_the_map(catalog: Catalog) -> None:
    tail = Region("tail", "Tail <& fin>")
    regions = RegionVocabulary([*REGIONS, tail])
    drawn = body_map({("tail", "left"): 150, ("calf", "both"): 60}, regions, {("tail", "left")})
    assert [(item.name, item.minutes, item.ruled_out) for item in drawn.also_worked] == \
        [("Tail <& fin> (left)", "2:30 min", True)]
    svg = draw(drawn)
    assert "tail" not in {p.get("data-region") for p in svg.iter(f"{SVG}path")}
    assert not [p for p in svg.iter(f"{SVG}path") if p.get("class") == "hatch"]  # no shape to hatch
    # Every region of the vocabulary is on the map or in the list, and the list is on the sheet, escaped.
    catalog_with_tail = attrs.evolve(catalog, regions=regions)
    context = attrs.evolve(session(catalog_with_tail, ("tail", "left", 3), ("calf", "left", 2)),
                           ruled_out=frozenset({("tail", "left")}))
    page = html_sheet.render(context)
    listed = re.search(r'<div class="also-worked">.*?</div>', page, re.S)
    assert listed is not None and "Tail &lt;&amp; fin&gt; (left)" in listed.group(0) and "3 min" in listed.group(0)
    assert "ruled out by the intake" in listed.group(0)
    unmapped = {region.id for region in regions} - set(REGION_PARTS)
    assert unmapped == {"tail"}


def test_region_names_are_escaped_in_titles(catalog: Catalog) -> None:
    regions = RegionVocabulary([attrs.evolve(region, name="Calf <script>&") if region.id == "calf" else region
                                for region in REGIONS])
    text = environment().get_template("sheet/bodymap.svg").render(
        body_map=body_map({("calf", "left"): 60}, regions))
    assert "<script>" not in text and "Calf &lt;script&gt;&amp;, left: 1 min" in text
    draw(body_map({("calf", "left"): 60}, regions))


def test_the_legend_bands_cover_the_longest_region(catalog: Catalog) -> None:
    drawn = body_map({("lower-back", "both"): 45 * 60, ("calf", "left"): 60}, catalog.regions)
    assert [band.label for band in drawn.bands] == ["up to 15 min", "15–30 min", "30–45 min", "45–60 min"]
    svg = draw(drawn)
    assert shapes(svg, "lower-back")["left"].get("fill") == drawn.bands[2].fill
    assert shapes(svg, "calf")["left"].get("fill") == drawn.bands[0].fill


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_sheet_has_the_map_with_its_regions_shaded(path: Path, catalog: Catalog) -> None:
    context = export_context(load_document(path), catalog)
    assert isinstance(context, ExportContext)
    page = html_sheet.render(context)
    assert page.count('<svg class="body-map"') == 1 and "Regions on the body" in page
    worked = {region.id for region in summarise(context).regions}
    svg = ET.fromstring(re.search(r'<svg class="body-map".*?</svg>', page, re.S)
                        .group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    shaded = {region for p in svg.iter(f"{SVG}path") if p.get("data-minutes")
              for region in (p.get("data-region") or "").split()}
    assert worked and worked <= shaded


def test_the_studio_sheet_has_the_map_without_any_style_attribute(catalog: Catalog) -> None:
    pytest.importorskip("starlette")
    from protocolkit.studio.sheets import sheet_of

    intake = read_intake(str(VARICOSE_LEFT_CALF), catalog).intake
    fragment = str(sheet_of(LEGS.read_text(encoding="utf-8"), LEGS.name, catalog, intake))
    assert '<svg class="body-map"' in fragment and 'data-ruled-out="true"' in fragment
    assert " style=" not in fragment and "<style" not in fragment
