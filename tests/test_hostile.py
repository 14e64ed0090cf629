"""Hostile and surprising input: refused or reported at its place, quickly, in bounded memory,
never read wrongly in silence.

The bombs run in a child process with an address-space limit and a timeout,
so a regression shows up as a failed test rather than a hung or swapping
machine; no test measures speed.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocolkit.cli import cli
from protocolkit.load.documents import DocumentError, parse_document

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space is plenty for any protocol


def billion_laughs(levels: int = 9) -> str:
    lines = ["protocolkit: 1", 'a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        previous = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{previous}]")
    lines.append(f"steps: *a{levels}")
    return "\n".join(lines) + "\n"


def run_limited(path: Path) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", "validate", str(path)],
                          capture_output=True, text=True, timeout=60, preexec_fn=limit)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("laughs.yaml", billion_laughs(), "alias bomb"),
    ("loop.yaml", "protocolkit: 1\nsteps: &s [*s, *s]\n", "refers to the collection it stands in"),
    ("deep.yaml", "protocolkit: 1\nsteps: " + "[" * 200 + "]" * 200 + "\n", "nest"),
    ("deep-block.yaml", "protocolkit: 1\nsteps:\n" + "".join("  " * i + "- \n" for i in range(1, 120)), "nest"),
    ("deep.json", '{"protocolkit": 1, "steps": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
])
def test_bombs_are_refused_with_a_located_pk002(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    done = run_limited(path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(f"{path}:") and ": PK002 " in done.stdout and message in done.stdout
    assert "Traceback" not in done.stderr


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"protocolkit: 1\nnotes: '" + b"x" * (6 * 1024 * 1024) + b"'\n")
    done = run_limited(big)
    assert done.returncode == 1 and f"{big}:1:1: PK002 the file is 6.0 MB, over the 5 MB limit" in done.stdout
    (tmp_path / "protocolkit.toml").write_text("max-file-size = 1\n")
    small = tmp_path / "small.yaml"
    small.write_bytes(b"protocolkit: 1\nnotes: '" + b"x" * (2 * 1024 * 1024) + b"'\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(small)])
    assert result.exit_code == 1 and "over the 1 MB limit" in result.stdout


def test_duplicate_keys_are_errors_at_the_second_key() -> None:
    with pytest.raises(DocumentError, match="'pressure' is given twice") as caught:
        parse_document("steps:\n  - pressure: light\n    region: neck\n    pressure: deep\n", path="d", fmt="yaml")
    assert (caught.value.line, caught.value.column) == (4, 5)
    with pytest.raises(DocumentError, match="'a' is given twice") as caught:
        parse_document('{"a": 1,\n "b": {"a": 2},\n "a": 3}', path="d", fmt="json")
    assert (caught.value.line, caught.value.column) == (3, 2)
    merged = parse_document("base: &b {side: left, region: calf}\nstep:\n  <<: *b\n  side: right\n", path="d",
                            fmt="yaml")
    assert merged.data["step"] == {"side": "right", "region": "calf"}  # an override of a merged key is fine


def protocol_with(step_line: str, *, duration: str = "5m") -> str:
    return ("protocolkit: 1\nid: surprise\ntitle: Surprise\nduration: " + duration + "\nsteps:\n"
            "  - modality: swedish\n    technique: effleurage\n    region: neck\n    duration: 5m\n"
            "    pressure: light\n" + step_line)


@pytest.mark.parametrize(("text", "expected"), [
    (protocol_with("    lubricant: no\n"), "11:16: PK001 'no' is a string at steps[0].lubricant, expected boolean"),
    (protocol_with("", duration="10:30"), "4:11: PK001 '10:30' is not valid at duration"),
    (protocol_with("    notes: 2024-01-01\n"), None),  # a date-looking note stays the text it is
    (protocol_with("\tside: left\n"), "11:1: PK002 YAML syntax error: found a tab character that violates"),
])
def test_yaml_1_1_surprises_are_reported_not_misread(tmp_path: Path, text: str, expected: str | None) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["validate", "--format", "text", str(path)])
    if expected is None:
        assert result.exit_code == 0 and result.stdout == ""
    else:
        assert result.exit_code == 1 and expected in result.stdout, result.stdout


def test_bom_and_invalid_utf8(tmp_path: Path) -> None:
    good = tmp_path / "bom.yaml"
    good.write_bytes(b"\xef\xbb\xbf" + protocol_with("").encode())
    assert CliRunner().invoke(cli, ["validate", str(good)]).exit_code == 0
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(protocol_with("    notes: caf\xe9\n".replace("\xe9", "")).encode() + b"    notes2: caf\xe9\n")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1 and ": PK002 not valid UTF-8 (byte 0xe9" in result.stdout


def test_json_documents_get_the_same_care(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"protocolkit": 1, "id": "j", "title": "J", "duration": "5m",
                                "steps": [{"activity": "rest", "duration": "5m", "notes": "n"}]})[:-1] + ', "id": "k"}')
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "PK002 the key 'id' is given twice" in result.stdout


def test_what_protocolkit_writes_reads_back_the_same_in_yaml_1_1_and_1_2() -> None:
    import yaml

    from protocolkit.load.serialize import dump_yaml

    tricky = ["1e3", "0o17", "no", "Yes", "10:30", "2024-01-01", "~", "null", "017", ".inf", "0x1f", "true", "<<"]
    text = dump_yaml({"values": tricky})
    assert parse_document(text, path="t", fmt="yaml").data == {"values": tricky}
    assert yaml.safe_load(text) == {"values": tricky}


def test_a_house_rule_needs_exactly_one_kind(tmp_path: Path) -> None:
    path = tmp_path / "house.yaml"
    path.write_text("protocolkit: 1\nkind: modality\nid: hot-stone\nname: Hot stone\nsummary: s\n"
                    "techniques:\n  - use: effleurage\nrules:\n  - code: HST001\n    severity: error\n    summary: h\n")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:9:5: PK001 " in result.stdout and "exactly one of only-on" in result.stdout
