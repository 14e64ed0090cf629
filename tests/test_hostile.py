"""Hostile and surprising input: refused or reported at its place, quickly, in bounded memory,
never read wrongly in silence.

The bombs run in a child process with an address-space limit and a timeout,
so a regression shows up as a failed test rather than a hung or swapping
machine; no test measures speed.
"""

from __future__ import annotations

import copy
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from protocolkit.check.validation import validate_file, validate_text
from protocolkit.cli import cli
from protocolkit.load.documents import DocumentError, parse_document
from protocolkit.plugin.catalog import Catalog

from .conftest import EXAMPLES

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space is plenty for any protocol
STUDIO_TOKEN = "hostile-token"


def studio_client(folder: Path, catalog: Catalog) -> TestClient:
    from protocolkit.studio.app import create_app

    app = create_app(folder, catalog, token=STUDIO_TOKEN, allowed_hosts={"testserver"})
    return TestClient(app, headers={"Authorization": f"Bearer {STUDIO_TOKEN}"})


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when the body takes longer than ``seconds`` (generous: no speed is measured)."""
    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: something waits for ever")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


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


def test_a_long_document_without_aliases_is_no_alias_bomb() -> None:
    """Only what aliases add is bounded: 40,000 steps written out (240,000 values) are read, even when
    a ``*`` in a note makes the loader measure the document; aliases adding as many are refused."""
    step = "  - {modality: swedish, technique: effleurage, region: neck, duration: 5m, pressure: light}\n"
    written = "protocolkit: 1\nid: long\nnotes: 'a * in a note'\nsteps:\n" + step * 40_000
    assert len(parse_document(written, path="long.yaml", fmt="yaml").data["steps"]) == 40_000
    merged = "d: &d {modality: swedish, technique: effleurage}\nsteps:\n" + "  - {<<: *d, region: neck}\n" * 40_000
    with pytest.raises(DocumentError, match="100,000 values .*an alias bomb"):
        parse_document(merged, path="merged.yaml", fmt="yaml")


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


# -- numbers no loader can hold --------------------------------------------------------------------

HUGE = "the number {} is too large: protocolkit reads numbers up to about 1.8e308"


def one_protocol(duration: str) -> str:
    return protocol_with("", duration=duration)


@pytest.mark.parametrize(("name", "text", "where", "message"), [
    ("hex.yaml", one_protocol("0x" + "f" * 4300), (4, 11), HUGE.format("0x" + "f" * 22 + "… (4,302 characters)")),
    ("octal.yaml", one_protocol("0o" + "7" * 400), (4, 11), HUGE.format("0o" + "7" * 22 + "… (402 characters)")),
    ("decimal.yaml", one_protocol("-" + "9" * 5000), (4, 11), HUGE.format("-" + "9" * 23 + "… (5,001 characters)")),
    ("past-a-double.yaml", one_protocol("1" + "0" * 309), (4, 11), "too large"),
    ("float.yaml", one_protocol("1e400"), (4, 11), HUGE.format("1e400")),
    ("number.json", '{"protocolkit": 1,\n "duration": ' + "9" * 5000 + "}", (2, 14),
     HUGE.format("9" * 24 + "… (5,000 characters)")),
    ("float.json", '{"protocolkit": 1, "notes": "1e400",\n "duration": -1e400}', (2, 14), HUGE.format("-1e400")),
    ("tagged.yaml", one_protocol("!!int \u0665"), (4, 11), "'\u0665' is tagged !!int but is not an integer"),
])
def test_a_number_too_large_to_hold_is_a_located_pk002_and_the_others_are_still_checked(
        tmp_path: Path, name: str, text: str, where: tuple[int, int], message: str) -> None:
    """Python refuses ints of more than 4,300 digits (and cannot write one read from hex back); a float
    literal past 1.8e308 reads as infinity.  Each is refused where it is written, and the run goes on."""
    (tmp_path / name).write_text(text)
    (tmp_path / "other.yaml").write_text(protocol_with("", duration="10m"))  # PK201: its steps are 5m
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    line, column = where
    assert f"{tmp_path / name}:{line}:{column}: PK002 invalid " in result.stdout and message in result.stdout
    assert f"{tmp_path / 'other.yaml'}:4:11: PK201 " in result.stdout


def test_hours_past_a_double_are_refused_not_a_crash(tmp_path: Path, catalog: Catalog) -> None:
    """A curriculum adds hours as floats; an integer of 310 digits used to end the run with OverflowError."""
    curriculum = (EXAMPLES / "curricula" / "elap-style-programme.yaml").read_text()
    assert "  total-hours: 625\n" in curriculum
    path = tmp_path / "curricula" / "big.yaml"
    path.parent.mkdir()
    path.write_text(curriculum.replace("  total-hours: 625\n", "  total-hours: 1" + "0" * 309 + "\n"))
    findings = validate_file(str(path), catalog).findings
    assert [(f.code, f.line) for f in findings] == [("PK002", 15)] and "too large" in findings[0].message


def test_a_number_too_large_in_the_studio_is_a_finding_not_a_500(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "hex.yaml").write_text(one_protocol("0x" + "f" * 4300))
    (tmp_path / "fine.yaml").write_text(protocol_with(""))
    client = studio_client(tmp_path, catalog)
    checked = client.post("/api/check", json={"text": one_protocol("0x" + "f" * 4300), "name": "hex.yaml"})
    assert checked.status_code == 200, checked.text
    assert [(f["code"], f["line"], f["column"]) for f in checked.json()["findings"]] == [("PK002", 4, 11)]
    library = client.get("/")
    assert library.status_code == 200 and "hex.yaml" in library.text and "fine.yaml" in library.text


def test_durations_with_more_digits_than_any_session_are_findings(catalog: Catalog) -> None:
    for duration, where in (('"' + "9" * 5000 + 'm"', "4:11"), ("5m", None), ('"0' + "0" * 5000 + '5m"', None)):
        findings = validate_text(protocol_with("", duration=duration), catalog, path="p.yaml")
        if where is None:
            assert [f.code for f in findings if f.severity == "error"] == [], findings
        else:
            assert [f"{f.line}:{f.column}" for f in findings] == [where]
            assert "has more than 9 digits" in findings[0].message and len(findings[0].message) < 200


# Scalars as a document might write them: every base, past every limit, in other scripts, as words.
_DIGITS = {"": "0123456789", "0o": "01234567", "0x": "0123456789abcdefABCDEF"}


@st.composite
def hostile_scalars(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["int", "float", "word", "script", "tagged", "duration", "string"]))
    if kind == "int":
        prefix = draw(st.sampled_from(["", "0o", "0x"]))
        sign = draw(st.sampled_from(["", "-", "+"])) if prefix == "" else ""
        length = draw(st.sampled_from([1, 19, 300, 309, 310, 400, 4300, 4301, 6000]) | st.integers(1, 6000))
        digit = draw(st.sampled_from(_DIGITS[prefix]))
        return sign + prefix + digit * length + draw(st.text(_DIGITS[prefix], max_size=5))
    if kind == "float":
        mantissa = draw(st.sampled_from(["1", "9.99", "0.5", "-1", "1.7976931348623157", "." + "9" * 400]))
        return mantissa + "e" + str(draw(st.sampled_from([308, 309, 400, -400, 99999]) | st.integers(-9999, 9999)))
    if kind == "word":
        return draw(st.sampled_from([".inf", "-.inf", "+.Inf", ".NaN", ".nan", "nan", "NaN", "Infinity",
                                     "-Infinity", "inf", "1e400", "-0", "0x", "0o", "+", "-", "1_000", "0b101"])
                    | st.floats().map(repr))
    if kind == "script":  # digits of other scripts: Python's int() and float() read them, YAML does not
        return draw(st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=12))
    if kind == "tagged":
        return draw(st.sampled_from(["!!int ", "!!float ", "!!str ", "!!bool ", "!!null ", "!!timestamp ", "!!binary "])) + draw(hostile_scalars())
    if kind == "duration":
        unit = draw(st.sampled_from(["h", "m", "s", "h30m", ""]))
        return '"' + draw(st.sampled_from(["9", "0", "\u0665"])) * draw(st.integers(1, 5000)) + unit + '"'
    return json.dumps(draw(st.text(max_size=50) | st.integers(0, 200_000).map(lambda n: "x" * n)))


MINIMAL = {"protocolkit": 1, "id": "p", "title": "P", "duration": "5m", "steps": [
    {"modality": "swedish", "technique": "effleurage", "region": "neck", "duration": "5m", "pressure": "light"}]}


def _value_paths(data: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _value_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _value_paths(value, (*path, index))
    yield path


VALUE_PATHS = list(_value_paths(MINIMAL))


def with_scalar(path: tuple[str | int, ...], scalar: str) -> str:
    """The minimal protocol, as JSON-style text (YAML too), with ``scalar`` written raw at ``path``."""
    marker = "\u0001value\u0001"
    data = copy.deepcopy(MINIMAL)
    if not path:
        return scalar
    holder: Any = data
    for element in path[:-1]:
        holder = holder[element]
    holder[path[-1]] = marker
    return json.dumps(data, indent=1).replace(json.dumps(marker), scalar)


@settings(derandomize=True, database=None, deadline=None, max_examples=400,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(path=st.sampled_from(VALUE_PATHS), scalar=hostile_scalars(), fmt=st.sampled_from(["yaml", "json"]))
def test_any_scalar_at_any_place_gives_findings_never_an_exception(catalog: Catalog, path: tuple[str | int, ...],
                                                                   scalar: str, fmt: str) -> None:
    text = with_scalar(path, scalar)
    with alarm(60):  # generous: a hang fails the test instead of stopping the run
        findings = validate_text(text, catalog, path=f"p.{fmt}", fmt=fmt)
    assert all(f.file == f"p.{fmt}" and f.line >= 1 and f.column >= 1 for f in findings)
    if beyond_a_double(scalar, fmt):
        assert [f.code for f in findings] == ["PK002"] and "too large" in findings[0].message, findings


def beyond_a_double(scalar: str, fmt: str) -> bool:
    """Whether ``scalar`` is an integer literal of ``fmt`` too large for a float (the test's own reckoning)."""
    written = re.fullmatch(r"[-+]?(0x|0o|)([0-9a-fA-F]+)" if fmt == "yaml" else r"-?()([1-9][0-9]*|0)", scalar)
    if written is None or (written.group(1) == "" and not written.group(2).isdecimal()):
        return False
    if written.group(1) == "0o" and not set(written.group(2)) <= set("01234567"):
        return False
    digits = written.group(2).lstrip("0") or "0"
    if len(digits) > 400:
        return True
    try:
        float(int(digits, {"0x": 16, "0o": 8}.get(written.group(1), 10)))
    except OverflowError:
        return True
    return False


# -- only regular files are read -------------------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")


def special_file(folder: Path, kind: str) -> Path:
    """A FIFO or a socket named like a document: reading either would wait for a writer for ever."""
    path = folder / f"{kind}.yaml"
    if kind == "pipe":
        os.mkfifo(path)
    else:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))  # the file stays when the socket is closed
        listener.close()
    return path


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, so that a wait for ever ends as a failed test (the timeout)."""
    return subprocess.run([sys.executable, "-c", "from protocolkit.cli import main; main()", *arguments],
                          capture_output=True, text=True, timeout=120)


@needs_fifo
@pytest.mark.parametrize("kind", ["pipe", "socket"])
def test_a_folder_walk_skips_fifos_and_sockets(tmp_path: Path, kind: str) -> None:
    special_file(tmp_path, kind)
    (tmp_path / "fine.yaml").write_text(protocol_with(""))
    done = run_cli("validate", str(tmp_path))
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert f"{kind}.yaml" not in done.stderr and "checked 1 file: no problems" in done.stderr


@needs_fifo
@pytest.mark.parametrize("kind", ["pipe", "socket"])
def test_a_fifo_or_socket_named_is_refused_as_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    special = special_file(tmp_path, kind)
    (tmp_path / "fine.yaml").write_text(protocol_with(""))
    done = run_cli("validate", str(special), str(tmp_path / "fine.yaml"))
    assert done.returncode == 2 and done.stdout == "", done.stderr
    it_is = "a named pipe (FIFO)" if kind == "pipe" else "a socket"
    assert f"protocolkit: error: {special}: cannot read: not a regular file: it is {it_is}" in done.stderr
    assert "Traceback" not in done.stderr and "checked 2 files" in done.stderr  # the other file was checked


@needs_fifo
def test_the_studio_lists_no_fifo_and_refuses_to_open_one(tmp_path: Path, catalog: Catalog) -> None:
    special_file(tmp_path, "pipe")
    (tmp_path / "fine.yaml").write_text(protocol_with(""))
    client = studio_client(tmp_path, catalog)
    try:
        with alarm(60):  # generous: only a read that waits for a writer takes this long
            library = client.get("/")
            opened = client.get("/api/files/pipe.yaml")
            page = client.get("/edit/pipe.yaml")
    finally:
        release(tmp_path / "pipe.yaml")
    assert library.status_code == 200 and "fine.yaml" in library.text and "pipe.yaml" not in library.text
    assert opened.status_code == 403 and "not a regular file: it is a named pipe" in opened.json()["error"]
    assert page.status_code == 403 and "not a regular file" in page.text


def release(fifo: Path) -> None:
    """End the wait of a reader stuck on ``fifo`` (after a regression), so the test run can finish."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # fails at once when nobody reads
    except OSError:
        pass


def symlink_loop(folder: Path) -> None:
    os.symlink("b.yaml", folder / "a.yaml")
    os.symlink("a.yaml", folder / "b.yaml")


LOOP = "cannot read: a loop of symbolic links"


def test_a_symlink_loop_is_said_to_be_one_by_the_cli(tmp_path: Path) -> None:
    symlink_loop(tmp_path)
    (tmp_path / "fine.yaml").write_text(protocol_with(""))
    named = run_cli("validate", str(tmp_path / "a.yaml"))
    assert named.returncode == 2 and f"{tmp_path / 'a.yaml'}: {LOOP}" in named.stderr
    assert "no such file" not in named.stderr
    walked = run_cli("validate", str(tmp_path))
    assert walked.returncode == 2 and walked.stdout == ""
    assert f"{tmp_path / 'a.yaml'}: {LOOP}" in walked.stderr and f"{tmp_path / 'b.yaml'}: {LOOP}" in walked.stderr
    case = CliRunner().invoke(cli, ["cases", str(tmp_path / "a.yaml")])
    assert case.exit_code == 2 and f"{tmp_path / 'a.yaml'}: {LOOP}" in case.output
    dangling = tmp_path / "gone.yaml"
    os.symlink("nowhere.yaml", dangling)
    assert f"{dangling}: cannot read: a symbolic link to nowhere.yaml, which does not exist" in \
        run_cli("validate", str(dangling)).stderr


def test_a_symlink_loop_in_the_studio_is_said_to_be_one_not_a_500(tmp_path: Path, catalog: Catalog) -> None:
    symlink_loop(tmp_path)
    (tmp_path / "fine.yaml").write_text(protocol_with(""))
    client = studio_client(tmp_path, catalog)
    assert client.get("/").status_code == 200
    opened = client.get("/api/files/a.yaml")
    assert opened.status_code == 403 and "a loop of symbolic links" in opened.json()["error"]
    page = client.get("/edit/a.yaml")
    assert page.status_code == 403 and "a loop of symbolic links" in page.text


def test_the_longest_duration_read_is_drawn_in_a_few_ticks(tmp_path: Path) -> None:
    """999999999h is the longest a duration part may be; the sheet's time axis drew a tick every ten
    minutes of it, and never finished."""
    path = tmp_path / "long.yaml"
    path.write_text(protocol_with("", duration="999999999h").replace("duration: 5m\n    pressure",
                                                                       "duration: 999999999h\n    pressure"))
    with alarm(60):
        result = CliRunner().invoke(cli, ["export", str(path), "--to", "html"])
    assert result.exit_code == 0, result.output
    assert 2 < result.stdout.count('class="tick-label') < 40
