"""load.roundtrip: a document's text edited in place, every line not edited kept byte for byte."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
import yaml

from protocolkit.load.roundtrip import Edit, EditError
from protocolkit.load.roundtrip_tree import layout

from .conftest import EXAMPLES

ORDER = ("activity", "modality", "technique", "region", "side", "position", "duration", "pressure", "notes")
COMMENTED = """\
# A session with comments everywhere.
protocolkit: 1
id: commented   # the id
title: "Quoted title"
duration: 10m
steps:
  # before the first step
  - activity: assessment   # ask first
    duration: 2m
    notes: n

  # Between one and two.
  - modality: swedish
    technique: effleurage
    region: upper-back
    duration: 5m
    pressure: light
  # Before three
  - activity: rest
    duration: 3m
# the end
"""


def changes(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "teacher").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_one_value_changed_changes_one_line(path: Path) -> None:
    text = path.read_text()
    assert Edit(text).text() == text, "nothing edited, nothing changed"
    edit = Edit(text)
    assert edit.set(("steps", 1, "duration"), "7m30s")
    assert len(changes(text, edit.text())) == 2
    assert yaml.safe_load(edit.text())["steps"][1]["duration"] == "7m30s"


def test_a_value_keeps_its_quoting_and_a_plain_one_is_quoted_only_when_it_must_be() -> None:
    edit = Edit(COMMENTED)
    edit.set(("title",), "New title")
    edit.set(("steps", 1, "region"), "a: b # not a comment")
    edit.set(("steps", 0, "notes"), "it's fine")
    assert changes(COMMENTED, edit.text()) == [
        '-title: "Quoted title"', '+title: "New title"', "-    notes: n", "+    notes: it's fine",
        "-    region: upper-back", '+    region: "a: b # not a comment"']
    assert yaml.safe_load(edit.text())["steps"][1]["region"] == "a: b # not a comment"
    assert not Edit(COMMENTED).set(("steps", 1, "pressure"), "light"), "the same value is no change"


def test_keys_added_and_removed_keep_the_comment_lines_where_they_were() -> None:
    edit = Edit(COMMENTED)
    edit.remove(("steps", 0, "notes"))  # the comment after it is the next step's
    edit.set(("steps", 1, "side"), "left", order=ORDER)
    edit.set(("steps", 2, "notes"), "lie still", order=ORDER)
    edit.set(("description",), "Notes: with a colon", order=("protocolkit", "id", "title", "description"))
    text = edit.text()
    assert comments(text) == comments(COMMENTED)
    assert changes(COMMENTED, text) == ["+description: 'Notes: with a colon'", "-    notes: n",
                                        "+    side: left", "+    notes: lie still"]
    assert text.index("side: left") < text.index("duration: 5m")


@pytest.mark.parametrize("operation", ["move down", "move up", "delete first", "delete last", "duplicate", "add"])
def test_steps_moved_deleted_or_added_keep_every_comment(operation: str) -> None:
    edit = Edit(COMMENTED)
    if operation == "move down":
        edit.move(("steps",), 0, 1)
    elif operation == "move up":
        edit.move(("steps",), 2, 0)
    elif operation == "delete first":
        edit.delete(("steps",), 0)
    elif operation == "delete last":
        edit.delete(("steps",), 2)
    elif operation == "duplicate":
        edit.duplicate(("steps",), 0)
    else:
        edit.insert(("steps",), 3, {"activity": "education", "duration": "1m"})
    text = edit.text()
    assert sorted(comments(text)) == sorted(comments(COMMENTED)), "no comment lost, none copied"
    before, after = yaml.safe_load(COMMENTED)["steps"], yaml.safe_load(text)["steps"]
    expected = {"move down": [before[1], before[0], before[2]], "move up": [before[2], before[0], before[1]],
                "delete first": before[1:], "delete last": before[:2],
                "duplicate": [before[0], before[0], *before[1:]],
                "add": [*before, {"activity": "education", "duration": "1m"}]}[operation]
    assert after == expected
    assert text.startswith("# A session with comments everywhere.\nprotocolkit: 1\nid: commented   # the id\n")


def test_a_comment_goes_with_the_step_it_comes_before() -> None:
    edit = Edit(COMMENTED)
    edit.move(("steps",), 1, 2)
    text = edit.text()
    assert text.index("# Before three") < text.index("- activity: rest") < text.index("# Between one and two.") \
        < text.index("- modality: swedish")


def test_an_unusual_layout_is_kept_where_nothing_was_edited() -> None:
    odd = ('protocolkit:   1\r\nid:  odd\r\ntitle:    "T"\r\nduration: 10m\r\nsteps:\r\n- modality: swedish\r\n'
           "  technique: effleurage     # aligned\r\n  region:   upper-back\r\n  duration: 5m\r\n  pressure: light\r\n"
           "- activity: rest\r\n  duration: 5m")
    edit = Edit("\ufeff" + odd)
    edit.set(("steps", 0, "pressure"), "moderate")
    assert edit.text() == "\ufeff" + odd.replace("pressure: light", "pressure: moderate"), "BOM and CRLF kept"
    moved = Edit(odd)
    moved.move(("steps",), 1, 0)
    text = moved.text()
    assert text.startswith('protocolkit:   1\r\nid:  odd\r\ntitle:    "T"\r\nduration: 10m\r\nsteps:\r\n')
    assert "  region:   upper-back\r\n" in text and "  technique: effleurage     # aligned\r\n" in text
    assert [step.get("activity") for step in yaml.safe_load(text)["steps"]] == ["rest", None]


def test_json_keeps_its_key_order_and_changes_only_what_changed() -> None:
    data = {"protocolkit": 1, "id": "j", "title": "J", "duration": "10m", "steps": [
        {"modality": "swedish", "technique": "effleurage", "region": "upper-back", "duration": "5m",
         "pressure": "light"}, {"activity": "rest", "duration": "5m"}]}
    text = json.dumps(data, indent=4) + "\n"
    edit = Edit(text, fmt="json", path="j.json")
    edit.set(("steps", 0, "pressure"), "moderate")
    edit.set(("steps", 1, "notes"), "still", order=ORDER)
    edit.set(("steps", 0, "side"), "left", order=ORDER)
    after = edit.text()
    assert list(json.loads(after)["steps"][0]) == ["modality", "technique", "region", "side", "duration", "pressure"]
    assert len(changes(text, after)) == 6 and '"pressure": "moderate"' in after


def test_what_cannot_be_read_is_not_edited() -> None:
    with pytest.raises(EditError, match="line"):
        Edit("steps: [unclosed\n")
    with pytest.raises(EditError, match="mapping"):
        Edit("- a\n- b\n")
    with pytest.raises(EditError):
        Edit("a: &x [*x]\n")  # the loader's refusals hold here too


def test_the_layout_is_read_from_the_text() -> None:
    assert layout("steps:\n  - a: 1\n    b: 2\n") == (2, 4, 2)
    assert layout("steps:\n- a: 1\n  b: 2\nhead:\n    x: 1\n") == (4, 2, 0)
    assert layout("id: x\n") == (2, 2, 0)
