"""The sheet's timeline for a phone: each step's words on a line above its bar (issue 24, part 4).

The browser test at phone width (test_studio_phone.py) checks that this is
the picture a phone shows; these check its geometry on the example sessions.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from protocolkit.export import html as html_sheet
from protocolkit.export.summary import summarise
from protocolkit.export.svg import text_width
from protocolkit.export.timeline_narrow import LINE, NARROW, NARROW_W, narrow_timeline
from protocolkit.load.documents import load_document
from protocolkit.load.serialize import protocol_from_data
from protocolkit.model.export import ExportContext
from protocolkit.model.protocol import Protocol, Technique
from protocolkit.plugin.catalog import Catalog, Registry

from .conftest import EXAMPLES

PROTOCOLS = sorted(p for p in EXAMPLES.glob("*.yaml") if load_document(p).data.get("kind", "protocol") == "protocol")
LEGS = EXAMPLES / "legs-post-event-sports.yaml"


def load(path: Path, catalog: Catalog) -> Protocol:
    return protocol_from_data(load_document(path).data, catalog.regions)


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.stem)
def test_every_step_has_its_words_above_its_bar_placed_by_time(path: Path, catalog: Catalog) -> None:
    summary = summarise(ExportContext(load(path, catalog), catalog))
    narrow = narrow_timeline(summary)
    assert [row.index for row in narrow.rows] == [step.index for step in summary.steps]
    previous_end = NARROW.x0
    previous_bottom = 0.0
    for row, step in zip(narrow.rows, summary.steps, strict=True):
        # the words: the step's number, what is done, where, and for how long, within the picture
        assert row.label.startswith(f"{step.number} ") and row.label.endswith(" min") or row.label.endswith("…")
        assert text_width(row.label) <= NARROW_W - 8
        # each line sits under the one before, the bar under its own words
        assert float(row.label_y) > previous_bottom and float(row.y) > float(row.label_y)
        previous_bottom = float(row.y) + narrow.bar_height
        # the bars follow one another in time across the plot
        assert float(row.x) == pytest.approx(previous_end, abs=0.02)
        previous_end = float(row.x) + float(row.width)
    assert previous_end == pytest.approx(NARROW.x0 + NARROW.width, abs=0.02)


def test_a_turn_gets_its_own_line_only_where_the_position_changes(catalog: Catalog) -> None:
    summary = summarise(ExportContext(load(LEGS, catalog), catalog))
    narrow = narrow_timeline(summary)
    turns = [(row.index, row.turn) for row in narrow.rows if row.turn]
    assert turns == [(step.index, step.position_mark) for step in summary.turns]
    assert [turn for _, turn in turns] == ["start: prone", "turn: supine"]
    turning = next(row for row in narrow.rows if row.turn == "turn: supine")
    assert float(turning.label_y) - float(turning.turn_y) == LINE
    assert "Client position: prone from the start" in narrow.description


def test_a_long_name_is_cut_short_never_past_the_edge(catalog: Catalog) -> None:
    protocol = load(LEGS, catalog)
    long_name = "A technique whose name goes on and on well past anything a phone's screen could show"
    renamed_id = protocol.steps[1].technique
    techniques: Registry[Technique] = Registry("technique")
    for item_id, technique in catalog.techniques.items():
        techniques.add(item_id, attrs.evolve(technique, name=long_name) if item_id == renamed_id else technique,
                       catalog.techniques.owner(item_id))
    summary = summarise(ExportContext(protocol, attrs.evolve(catalog, techniques=techniques)))
    label = narrow_timeline(summary).rows[1].label
    assert label.endswith("…") and label.startswith("2 A technique") and text_width(label) <= NARROW_W - 8
    # the same step with its own name fits whole
    assert not narrow_timeline(summarise(ExportContext(protocol, catalog))).rows[1].label.endswith("…")


def test_the_sheet_shows_the_narrow_timeline_only_on_a_narrow_screen(catalog: Catalog) -> None:
    text = html_sheet.render(ExportContext(load(LEGS, catalog), catalog))
    assert text.count('<svg id="timeline-narrow"') == 1 and text.count('<svg id="timeline"') == 1
    css = text[text.index("<style>"):text.index("</style>")]
    hidden = re.search(r"\.sheet svg\.timeline-narrow \{ display: none;", css)
    shown = re.search(r"@media screen and \(max-width: 640px\) \{[^@]*\.sheet svg\.timeline-narrow \{ display: block; \}",
                      css)
    assert hidden and shown and hidden.start() < shown.start()
    # print (and the PDF) keeps the wide timeline: nothing under @media print shows the narrow one
    printed = re.search(r"@media print \{[^@]*\}", css)
    assert printed and "timeline-narrow" not in printed.group(0)
