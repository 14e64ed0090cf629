"""``position`` in the protocol format: how the client lies or sits, step by step.

A step without one keeps the position of the step before, the first step the
protocol's default; the file keeps positions only where its author wrote them.
The session sheet shows the positions (a column, marks on the timeline), the
catalog schema and the language server offer them with their plain words.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from lsprotocol import types
from pytest_lsp import LanguageClient

from protocolkit.check.validation import validate_text
from protocolkit.export import html as html_sheet
from protocolkit.export import markdown as markdown_sheet
from protocolkit.export.summary import summarise
from protocolkit.export.svg import GUTTER, VIEW_W, text_width, timeline
from protocolkit.load.documents import load_document
from protocolkit.load.serialize import dump_yaml, protocol_from_data, protocol_to_data
from protocolkit.model.export import ExportContext
from protocolkit.model.protocol import POSITIONS, Duration, Protocol, Step
from protocolkit.plugin.catalog import Catalog
from protocolkit.report.catalog_schema import catalog_schema

from .conftest import EXAMPLES
from . import test_lsp

# The language server over the examples, started as test_lsp starts it (one fixture, not a copy).
client = test_lsp.client

# One case protocol leaves its positions unsaid on purpose: the case that shows PK407 "state the position".
UNSTATED = "back-neck-position-unstated-20"
PROTOCOLS = sorted([*EXAMPLES.glob("*.yaml"), *(EXAMPLES / "cases" / "protocols").glob("*.yaml")])
LEGS = EXAMPLES / "legs-post-event-sports.yaml"


def hands_on(region: str = "upper-back", **more: Any) -> dict[str, Any]:
    return {"modality": "swedish", "technique": "effleurage", "region": region, "duration": "5m",
            "pressure": "light", **more}


def data(*steps: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"protocolkit": 1, "id": "some-steps", "title": "Some steps", "duration": "30m", **top,
            "steps": list(steps)}


def build(document: dict[str, Any], catalog: Catalog) -> Protocol:
    return protocol_from_data(document, catalog.regions)


# -- the model: carried over when the protocol is built --------------------------------------------


def test_the_first_step_takes_the_default_and_the_rest_keep_the_one_before(catalog: Catalog) -> None:
    protocol = build(data(
        {"activity": "assessment", "duration": "2m"},
        hands_on(),
        {"activity": "transition", "duration": "1m", "position": "supine"},
        hands_on("anterior-thigh"),
        hands_on("face", position="semi-reclined"),
        {"activity": "education", "duration": "2m"},
        position="prone"), catalog)
    assert protocol.position == "prone"
    assert [step.position for step in protocol.steps] == [
        "prone", "prone", "supine", "supine", "semi-reclined", "semi-reclined"]
    assert [step.position_written for step in protocol.steps] == [False, False, True, False, True, False]


def test_without_a_default_the_steps_before_the_first_stated_position_have_none(catalog: Catalog) -> None:
    protocol = build(data(hands_on(), hands_on(position="side-lying"), hands_on()), catalog)
    assert protocol.position is None
    assert [step.position for step in protocol.steps] == [None, "side-lying", "side-lying"]
    assert [step.position for step in build(data(hands_on(), hands_on()), catalog).steps] == [None, None]


def test_the_model_refuses_a_position_it_does_not_know() -> None:
    with pytest.raises(ValueError):
        Step(Duration(60), activity="rest", position="standing")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="position"):
        Step(Duration(60), activity="rest", position_written=True)
    assert POSITIONS == ("prone", "supine", "side-lying", "semi-reclined", "seated")


# -- the file: positions written back only where the author wrote them -----------------------------


def test_positions_are_written_back_only_where_the_file_had_them(catalog: Catalog) -> None:
    written = data(hands_on(), hands_on(position="supine"), {"activity": "rest", "duration": "2m"},
                   position="prone")
    back = protocol_to_data(build(written, catalog))
    assert back["position"] == "prone"
    assert ["position" in step for step in back["steps"]] == [False, True, False]
    assert list(back["steps"][1]) == ["modality", "technique", "region", "position", "duration", "pressure"]
    assert "position" not in protocol_to_data(build(data(hands_on()), catalog))


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.stem)
def test_every_example_states_its_positions_and_survives_dump_and_load(path: Path, catalog: Catalog) -> None:
    protocol = build(load_document(path).data, catalog)
    stated = [step.position in POSITIONS for step in protocol.steps]
    assert all(stated) if path.stem != UNSTATED else not all(stated), "every step of an example has a position"
    again = build(yaml.safe_load(dump_yaml(protocol_to_data(protocol))), catalog)
    assert again == protocol


def test_a_composed_protocol_that_writes_every_position_loads_back_the_same(catalog: Catalog) -> None:
    steps = [Step(Duration(300), index=i, modality="swedish", technique="effleurage", region="upper-back",
                  pressure=build(data(hands_on()), catalog).steps[0].pressure, position=position,
                  position_written=True)
             for i, position in enumerate(("prone", "prone", "supine"))]
    composed = Protocol(id="composed", title="Composed", duration=Duration(900), steps=steps)
    assert build(yaml.safe_load(dump_yaml(protocol_to_data(composed))), catalog) == composed


# -- the schema: a position it does not know is located and names the right ones --------------------


def test_a_bad_position_is_reported_where_it_is_written(catalog: Catalog) -> None:
    text = dump_yaml(data(hands_on(), {"activity": "transition", "duration": "1m", "position": "face-up"},
                          position="Prone"))
    findings = validate_text(text, catalog, path="positions.yaml")
    assert [(f.code, f.path) for f in findings] == [("PK001", ("position",)),
                                                    ("PK001", ("steps", 1, "position"))]
    lines = text.splitlines()
    for finding in findings:
        assert finding.line is not None and finding.column is not None
        assert lines[finding.line - 1][finding.column - 1:].startswith(("Prone", "face-up"))
    assert "did you mean 'prone'" in findings[0].message
    assert "use one of: prone, supine, side-lying, semi-reclined, seated" in findings[1].message
    fixed = validate_text(text.replace("face-up", "supine").replace("Prone", "prone"), catalog)
    assert [f.code for f in fixed if f.severity == "error"] == []


# -- the session sheet --------------------------------------------------------------------------------


class Texts(HTMLParser):
    """The text of each element with a given class, and whether anything carries a style attribute."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.styled = False
        self.stack: list[str] = []
        self.found: dict[str, list[str]] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.styled = self.styled or "style" in named
        if tag not in ("col", "line", "rect", "path", "br"):
            self.stack.append(named.get("class") or "")
            self.found.setdefault(self.stack[-1], []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("col", "line", "rect", "path", "br") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for css in self.stack:
            if css in self.found:
                self.found[css][-1] += data


def sheet(protocol: Protocol, catalog: Catalog) -> str:
    return html_sheet.render(ExportContext(protocol, catalog))


def test_the_sheet_has_a_position_column_and_marks_the_turn(catalog: Catalog) -> None:
    text = sheet(build(load_document(LEGS).data, catalog), catalog)
    page = Texts(text)
    assert not page.styled
    assert "<th>Position</th>" in text and '<col class="c-position">' in text
    positions = page.found["position"]
    assert positions[:2] == ["start: prone", "prone"] and positions[6] == "turn: supine"
    assert page.found["turn"] == ["start: prone", "turn: supine"]
    assert page.found["turn-label"] == ["start: prone", "turn: supine"]
    assert text.count('class="turn-line"') == 2
    assert ('<desc id="timeline-desc">Client position: prone from the start; supine from 14 min (step 7).</desc>'
            in text) and 'aria-describedby="timeline-desc"' in text
    assert "A dashed line marks where the client changes position." in text


def test_a_protocol_without_positions_has_no_column_and_no_marks(catalog: Catalog) -> None:
    text = sheet(build(data(hands_on(), hands_on("neck")), catalog), catalog)
    assert "<th>Position</th>" not in text and 'class="turn-line"' not in text and "timeline-desc" not in text
    assert "where the client changes position" not in text
    markdown = markdown_sheet.render(ExportContext(build(data(hands_on()), catalog), catalog))
    assert "| Position |" not in markdown


def test_the_markdown_sheet_shows_the_positions_and_the_turns_in_bold(catalog: Catalog) -> None:
    rows = markdown_sheet.render(ExportContext(build(load_document(LEGS).data, catalog), catalog)).splitlines()
    assert "| # | Time (min) | Modality | Technique | Region / side | Position | Pressure | Minutes | Notes |" in rows
    assert any(row.startswith("| 7 | 14–15 | Transition |  |  | **turn: supine** |") for row in rows)
    assert any(row.startswith("| 8 | 15–17 | Sports massage | Effleurage | Front of the thigh | supine |")
               for row in rows)


def test_turn_labels_never_overlap_however_close_the_turns(catalog: Catalog) -> None:
    # A turn every step, some only seconds apart, up to the session's last seconds.
    lengths = ["10m", "20s", "15s", "8m", "30s", "12m", "10s", "40s", "9m", "5s"]
    steps = [hands_on(duration=length, position=POSITIONS[i % len(POSITIONS)]) for i, length in enumerate(lengths)]
    drawn = timeline(summarise(ExportContext(build(data(*steps), catalog), catalog)))
    assert len(drawn.turns) == len(steps)
    spans: dict[str, list[tuple[float, float]]] = {}
    for turn in drawn.turns:
        label = turn.label
        if not label.text:
            continue
        width = text_width(label.text)
        start = float(label.x) - (width if label.anchor == "end" else 0)
        assert GUTTER <= start and start + width <= VIEW_W
        spans.setdefault(label.y, []).append((start, start + width))
    for placed in spans.values():
        placed.sort()
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(placed, placed[1:], strict=False))
    # A line from the band's first line passes through the second: no label there may cross it.
    lines = sorted(spans)
    if len(lines) == 2:
        first_line_marks = [float(t.x) for t in drawn.turns if t.top == "6"]
        for start, end in spans[lines[1]]:
            assert not any(start < x < end for x in first_line_marks)


# -- editors: the catalog schema and the language server ----------------------------------------------


def test_the_catalog_schema_offers_the_positions_with_their_words(catalog: Catalog) -> None:
    written = catalog_schema("protocol", catalog)
    position = written["$defs"]["position"]
    lines = dict(zip(position["enum"], position["markdownEnumDescriptions"], strict=True))
    assert set(lines) == set(POSITIONS)
    assert lines["prone"] == "prone: face down" and lines["supine"] == "supine: face up"
    assert written["properties"]["position"]["$ref"] == "#/$defs/position"
    for step in ("handsOnStep", "activityStep"):
        assert written["$defs"][step]["properties"]["position"]["$ref"] == "#/$defs/position"


HALF_TYPED = """protocolkit: 1
id: half-typed
title: Half typed
duration: 30m
position: pr
steps:
  - modality: swedish
    technique: effleurage
    region: upper-back
    position: s
  - activity: transition
    position:
"""


def position_of(text: str, needle: str) -> types.Position:
    index = text.index(needle) + len(needle)
    return types.Position(line=text.count("\n", 0, index), character=index - (text.rfind("\n", 0, index) + 1))


@pytest.mark.asyncio(loop_scope="module")
async def test_the_language_server_completes_positions_with_their_words(client: LanguageClient) -> None:
    uri = (EXAMPLES / "half-typed-positions.yaml").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="yaml", version=1, text=HALF_TYPED)))
    for needle in ("position: pr", "    position: s", "transition\n    position:"):
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(HALF_TYPED, needle)))
        assert isinstance(result, types.CompletionList)
        assert [item.label for item in result.items] == list(POSITIONS), needle
        details = {item.label: item.detail for item in result.items}
        assert details["prone"] == "face down" and details["supine"] == "face up"

