"""Tests for protocolkit.load.documents: loading, error positions, locate() and atomic writes."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from protocolkit.load import documents
from protocolkit.load.documents import (
    DOCUMENT_SUFFIXES,
    Document,
    DocumentError,
    format_for,
    load_document,
    parse_document,
)
from protocolkit.load.writing import write_atomic

YAML_TEXT = """\
# A short protocol
protocolkit: 1
id: relaxing-back
title: "Relaxing back"
steps:
  - region: upper-back
    technique: effleurage
    duration: 2m
  - region: lower-back
    pressure: {min: 1, max: 3}
tags: [calm, evening]
"""

YAML_DATA = {
    "protocolkit": 1,
    "id": "relaxing-back",
    "title": "Relaxing back",
    "steps": [
        {"region": "upper-back", "technique": "effleurage", "duration": "2m"},
        {"region": "lower-back", "pressure": {"min": 1, "max": 3}},
    ],
    "tags": ["calm", "evening"],
}

JSON_TEXT = """\
{
  "protocolkit": 1,
  "id": "relaxing-back",
  "steps": [
    {"region": "upper-back", "duration": "2m"},
    {"region": "lower-back", "pressure": {"min": 1, "max": 3.5e0}}
  ],
  "flags": [true, false, null, -12]
}
"""


def yaml_doc(text: str = YAML_TEXT) -> Document:
    return parse_document(text, path="p.yaml", fmt="yaml")


def json_doc(text: str = JSON_TEXT) -> Document:
    return parse_document(text, path="p.json", fmt="json")


def error_of(source: str | bytes, fmt: str) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_document(source, path="bad", fmt=fmt)
    return caught.value


# --- happy paths --------------------------------------------------------------


def test_yaml_happy_path() -> None:
    doc = yaml_doc()
    assert doc.data == YAML_DATA
    assert (doc.path, doc.format, doc.text) == ("p.yaml", "yaml", YAML_TEXT)


def test_json_happy_path() -> None:
    doc = json_doc()
    assert doc.data == json.loads(JSON_TEXT)
    assert (doc.path, doc.format) == ("p.json", "json")


def test_bytes_and_bom_are_accepted() -> None:
    doc = parse_document(b"\xef\xbb\xbfa: 1\nb: [x, y]\n", path="p", fmt="yaml")
    assert doc.data == {"a": 1, "b": ["x", "y"]}
    assert doc.text == "a: 1\nb: [x, y]\n"
    assert doc.locate(("b", 1)) == (2, 8)
    assert json_doc('\ufeff{"a": 1}').data == {"a": 1}


def test_yaml_reads_the_1_2_core_schema() -> None:
    """Plain scalars mean what YAML 1.2 says: no dates, no yes/no booleans, no base-60, no 0-octal."""
    doc = yaml_doc("when: 2024-01-01\n1: one\nlube: no\nagree: yes\nat: 10:30\nodd: 017\noct: 0o17\n"
                   "hex: 0x1f\nt: true\nf: False\nnothing: ~\nempty:\nratio: 1.5e3\ninf: -.inf\n")
    assert doc.data == {"when": "2024-01-01", 1: "one", "lube": "no", "agree": "yes", "at": "10:30", "odd": 17,
                        "oct": 15, "hex": 31, "t": True, "f": False, "nothing": None, "empty": None,
                        "ratio": 1500.0, "inf": float("-inf")}


def test_document_repr_is_short() -> None:
    assert repr(yaml_doc()) == "Document(path='p.yaml', format='yaml')"


def test_parse_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown document format"):
        parse_document("a: 1", path="p", fmt="toml")


# --- locate: YAML ----------------------------------------------------------------


def test_yaml_locate_values_and_keys() -> None:
    doc = yaml_doc()
    assert doc.locate(("id",)) == (3, 5)
    assert doc.locate(("id",), key=True) == (3, 1)
    assert doc.locate(("title",)) == (4, 8)
    assert doc.locate(("steps", 0, "technique"), key=True) == (7, 5)


def test_yaml_locate_list_items_and_nested_values() -> None:
    doc = yaml_doc()
    assert doc.locate(("steps",)) == (6, 3)
    assert doc.locate(("steps", 1)) == (9, 5)
    assert doc.locate(("steps", 1, "pressure", "max")) == (10, 29)
    assert doc.locate(("tags", 1)) == (11, 14)
    # key=True on a list item has no key: the item itself.
    assert doc.locate(("tags", 1), key=True) == (11, 14)


def test_yaml_locate_missing_paths_give_deepest_existing_node() -> None:
    doc = yaml_doc()
    assert doc.locate(("steps", 0, "pressure")) == (6, 5)
    assert doc.locate(("steps", 0, "pressure"), key=True) == (6, 5)
    assert doc.locate(("steps", 7, "region")) == (6, 3)
    assert doc.locate(("nothing", "here")) == (2, 1)


def test_yaml_locate_root() -> None:
    assert yaml_doc().locate(()) == (2, 1)
    assert yaml_doc("---\n\n  a: 1\n").locate(()) == (3, 3)


def test_yaml_locate_counts_characters_not_bytes() -> None:
    doc = yaml_doc("nötes: 'é😀'\nwhere: [ü, 😀x]\n")
    assert doc.locate(("nötes",)) == (1, 8)
    assert doc.locate(("where", 1)) == (2, 12)


def test_yaml_locate_non_string_key_by_text() -> None:
    doc = yaml_doc("a: 0\n1: one\n")
    assert doc.locate((1,)) == (2, 4)
    assert doc.locate(("1",), key=True) == (2, 1)


def test_yaml_locate_through_aliases_and_merge_keys() -> None:
    text = """\
defaults: &defaults
  pressure: {min: 1, max: 2}
  side: both
copy: *defaults
steps:
  - <<: *defaults
    side: left
"""
    doc = yaml_doc(text)
    assert doc.data["steps"][0] == {"pressure": {"min": 1, "max": 2}, "side": "left"}
    assert doc.locate(("copy", "pressure", "max")) == (2, 27)
    # An own key wins over the merged one, as in the data.
    assert doc.locate(("steps", 0, "side")) == (7, 11)
    assert doc.locate(("steps", 0, "side"), key=True) == (7, 5)
    # A merged key points at its definition.
    assert doc.locate(("steps", 0, "pressure", "min")) == (2, 19)


def test_alias_and_merge_cycles_are_refused_where_they_start() -> None:
    for text, position in (("a: &a [1, *a]\n", (1, 4)), ("x: &x\n  k: 1\n  <<: *x\n", (1, 4))):
        with pytest.raises(DocumentError, match="refers to the collection it stands in") as caught:
            yaml_doc(text)
        assert (caught.value.line, caught.value.column) == position


def test_index_is_built_lazily_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = documents._index_yaml

    def counting(text: str) -> object:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(documents, "_index_yaml", counting)
    doc = yaml_doc()
    assert calls == []
    doc.locate(("id",))
    doc.locate(("steps", 0), key=True)
    assert calls == [YAML_TEXT]


# --- locate: JSON ----------------------------------------------------------------


def test_json_locate_values_keys_items_and_root() -> None:
    doc = json_doc()
    assert doc.locate(()) == (1, 1)
    assert doc.locate(("id",)) == (3, 9)
    assert doc.locate(("id",), key=True) == (3, 3)
    assert doc.locate(("steps",)) == (4, 12)
    assert doc.locate(("steps", 1)) == (6, 5)
    assert doc.locate(("steps", 1, "pressure", "max")) == (6, 60)
    assert doc.locate(("steps", 1, "pressure", "max"), key=True) == (6, 53)
    assert doc.locate(("flags", 2)) == (8, 26)
    assert doc.locate(("flags", 3)) == (8, 32)


def test_json_locate_missing_key_gives_parent() -> None:
    doc = json_doc()
    assert doc.locate(("steps", 0, "technique")) == (5, 5)
    assert doc.locate(("steps", 0, "technique"), key=True) == (5, 5)
    assert doc.locate(("steps", 9)) == (4, 12)


def test_json_locate_with_escapes_unicode_and_crlf() -> None:
    text = '{\r\n  "a\\"b\\\\": "x\\u00e9\\"}",\r\n  "é😀": ["[{", "\\\\"],\r\n  "k\\u00e9y": {}, "e": []\r\n}\r\n'
    doc = json_doc(text)
    assert doc.data == {'a"b\\': 'xé"}', "é😀": ["[{", "\\"], "kéy": {}, "e": []}
    assert doc.locate(('a"b\\',), key=True) == (2, 3)
    assert doc.locate(('a"b\\',)) == (2, 13)
    assert doc.locate(("é😀",), key=True) == (3, 3)
    assert doc.locate(("é😀", 1)) == (3, 16)
    assert doc.locate(("kéy",)) == (4, 15)
    assert doc.locate(("e",)) == (4, 24)


def test_json_locate_compact_and_nested_arrays() -> None:
    doc = json_doc('{"a":[[1,2],[3,{"b":4}]],"c":5}')
    assert doc.locate(("a", 1, 1, "b")) == (1, 21)
    assert doc.locate(("a", 1, 0)) == (1, 14)
    assert doc.locate(("c",)) == (1, 30)
    assert doc.locate(("c",), key=True) == (1, 26)


@pytest.mark.parametrize(("text", "word", "where"), [
    ('{"a": [NaN, 1]}', "NaN", (1, 8)),
    ('{"s": "NaN -Infinity",\n "a": [1, -Infinity]}', "-Infinity", (2, 11)),
])
def test_json_refuses_non_standard_constants(text: str, word: str, where: tuple[int, int]) -> None:
    """Python's reader takes NaN and Infinity, which JSON does not have; no hours or pressure compares
    equal to NaN, so the document is refused at the word, as a syntax error."""
    error = error_of(text, "json")
    assert error.message.startswith(f"JSON syntax error: {word} is not a number JSON allows")
    assert (error.line, error.column) == where


# --- DocumentError cases ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_empty_document(fmt: str, text: str) -> None:
    error = error_of(text, fmt)
    assert error.message == "the document is empty; expected a mapping starting with 'protocolkit: 1'"
    assert (error.line, error.column) == (1, 1)
    assert str(error) == error.message


@pytest.mark.parametrize("text", ["# only a comment\n\n# another\n", "---\n", "--- # nothing\n...\n"])
def test_comment_only_yaml_is_empty(text: str) -> None:
    error = error_of(text, "yaml")
    assert error.message.startswith("the document is empty")
    assert (error.line, error.column) == (1, 1)


def test_invalid_utf8_position() -> None:
    error = error_of("a: 1\nbé: x".encode() + b"\xff rest\n", "yaml")
    assert error.message.startswith("not valid UTF-8 (byte 0xff at offset 11)")
    assert (error.line, error.column) == (2, 6)
    first_line = error_of(b"\xef\xbb\xbf{\"a\": \"\xc3\"}", "json")
    assert first_line.message.startswith("not valid UTF-8 (byte 0xc3 at offset 10)")
    assert (first_line.line, first_line.column) == (1, 8)


def test_yaml_syntax_error() -> None:
    error = error_of("a: 1\nb: c: d\n", "yaml")
    # libyaml ends the sentence "in this context", pure-Python PyYAML "here".
    assert error.message.startswith("YAML syntax error: mapping values are not allowed")
    assert (error.line, error.column) == (2, 5)


def test_yaml_syntax_error_with_context_is_one_line() -> None:
    error = error_of("a: 1\nsteps: [x, y\n", "yaml")
    assert error.message.startswith("YAML syntax error: ")
    assert "expected ',' or ']'" in error.message
    assert "while parsing a flow sequence" in error.message
    assert "\n" not in error.message
    assert error.line == 3


def test_yaml_disallowed_character() -> None:
    error = error_of("a: 1\nnoté: x\x01y\n", "yaml")
    assert error.message == "YAML syntax error: character U+0001 is not allowed in YAML"
    assert (error.line, error.column) == (2, 8)


def test_yaml_unknown_tag_is_rejected_by_safe_loader() -> None:
    error = error_of("a: 1\nb: !!python/object:os.system x\n", "yaml")
    assert error.message.startswith("invalid YAML value: could not determine a constructor")
    assert (error.line, error.column) == (2, 4)


def test_yaml_impossible_date_is_located() -> None:
    error = error_of("<<: {z: 0}\na: 1\nwhen: [2024-01-02, !!timestamp 2024-13-45]\n", "yaml")
    assert error.message == "invalid YAML value: month must be in 1..12"
    assert (error.line, error.column) == (3, 20)


def test_yaml_lone_surrogate_in_str_input() -> None:
    error = error_of("a: 1\nb: x\ud800\n", "yaml")
    assert error.message == "YAML syntax error: character U+D800 is not allowed in YAML"
    assert (error.line, error.column) == (2, 5)


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: 1\n---\nb: 2\n", 2), ("---\na: 1\n--- \nb: 2\n", 3), ("a: 1\n...\n---\n", 3)],
)
def test_multiple_yaml_documents(text: str, line: int) -> None:
    error = error_of(text, "yaml")
    assert error.message.startswith("the file holds more than one YAML document")
    assert (error.line, error.column) == (line, 1)


def test_json_syntax_error() -> None:
    error = error_of('{\n  "a": 1\n  "b": 2\n}\n', "json")
    assert error.message == "JSON syntax error: Expecting ',' delimiter"
    assert (error.line, error.column) == (3, 3)


def test_json_trailing_data() -> None:
    error = error_of('{"a": 1}\n{"b": 2}\n', "json")
    assert error.message == "JSON syntax error: Extra data"
    assert (error.line, error.column) == (2, 1)


def test_deeply_nested_json() -> None:
    error = error_of("[" * 100_000 + "]" * 100_000, "json")
    assert error.message == "the document is nested too deeply to read"


@pytest.mark.parametrize(
    ("text", "fmt", "kind", "position"),
    [
        ("# list\n- a\n- b\n", "yaml", "a list", (2, 1)),
        ("just text\n", "yaml", "a string", (1, 1)),
        ("\n  42\n", "yaml", "a number", (2, 3)),
        ("~\n", "yaml", "null", (1, 1)),
        ("2024-01-01\n", "yaml", "a string", (1, 1)),
        ("\n [1, 2]", "json", "a list", (2, 2)),
        ('  "x"', "json", "a string", (1, 3)),
        ("true", "json", "a boolean", (1, 1)),
        ("null", "json", "null", (1, 1)),
    ],
)
def test_top_level_must_be_a_mapping(text: str, fmt: str, kind: str, position: tuple[int, int]) -> None:
    error = error_of(text, fmt)
    assert error.message == f"the document is {kind}, expected a mapping starting with 'protocolkit: 1'"
    assert (error.line, error.column) == position


# --- format_for and load_document -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.yaml", "yaml"), ("dir/a.YML", "yaml"), (Path("x.Json"), "json"), ("a.b.yml", "yaml")],
)
def test_format_for(name: str | Path, fmt: str) -> None:
    assert format_for(name) == fmt


@pytest.mark.parametrize("name", ["a.txt", "yaml", "a.yaml.bak", ".json.x"])
def test_format_for_rejects_other_suffixes(name: str) -> None:
    with pytest.raises(ValueError, match=re.escape("expected one of .yaml, .yml, .json")):
        format_for(name)


def test_document_suffixes() -> None:
    assert DOCUMENT_SUFFIXES == (".yaml", ".yml", ".json")


def test_load_document_yaml_and_json(tmp_path: Path) -> None:
    (tmp_path / "p.yml").write_text(YAML_TEXT, encoding="utf-8")
    (tmp_path / "p.json").write_bytes(JSON_TEXT.replace("\n", "\r\n").encode())
    doc = load_document(tmp_path / "p.yml")
    assert (doc.data, doc.format, doc.path) == (YAML_DATA, "yaml", str(tmp_path / "p.yml"))
    shown = load_document(str(tmp_path / "p.json"), display="shown/p.json")
    assert (shown.data, shown.format, shown.path) == (json.loads(JSON_TEXT), "json", "shown/p.json")
    assert shown.locate(("steps", 1, "pressure", "max")) == (6, 60)


def test_load_document_content_errors_are_document_errors(tmp_path: Path) -> None:
    target = tmp_path / "bad.yaml"
    target.write_bytes(b"a: [1,\n")
    with pytest.raises(DocumentError):
        load_document(target)


def test_load_document_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_document(tmp_path / "missing.yaml")


def test_load_document_directory(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(IsADirectoryError):
        load_document(tmp_path / "dir.yaml")


# --- write_atomic -----------------------------------------------------------------


def test_write_atomic_creates_with_umask(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    old_umask = os.umask(0o027)
    try:
        write_atomic(target, "a: é\n")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == "a: é\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["new.yaml"]


def test_write_atomic_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(b"original\r\n")
    with pytest.raises(FileExistsError):
        write_atomic(target, "replacement\n")
    assert target.read_bytes() == b"original\r\n"
    assert os.listdir(tmp_path) == ["p.yaml"]


def test_write_atomic_overwrites_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text("old\n")
    target.chmod(0o600)
    write_atomic(str(target), "new\n", overwrite=True)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["p.yaml"]


def test_write_atomic_follows_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new\n", overwrite=True)
    assert link.is_symlink()
    assert real.read_text() == "new\n"


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_write_atomic_failure_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(b"old contents\n")

    def broken(*_args: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(OSError, match="disk on fire"):
        write_atomic(target, "new contents\n", overwrite=True)
    assert target.read_bytes() == b"old contents\n"
    assert os.listdir(tmp_path) == ["p.yaml"]


@pytest.mark.parametrize("failing", ["link", "fsync"])
def test_write_atomic_failure_on_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         failing: str) -> None:
    def broken(*_args: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, failing, broken)
    monkeypatch.setattr(os, "replace", broken)  # where there is no hard link, a new file is renamed into place
    with pytest.raises(OSError):
        write_atomic(tmp_path / "new.yaml", "x\n")
    assert os.listdir(tmp_path) == []
