"""write_atomic guarding a user's file: private from the first byte, the right mode at the end,
no stale temporary file of its own left for long, and never a file that changed since it was read.

(Its basic promises, old or new file and never half-written, are tested in test_documents.py.)
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from protocolkit.load import writing
from protocolkit.load.writing import STALE_AFTER, ChangedOnDisk, read_fingerprinted, write_atomic

PROTOCOL = "protocolkit: 1\nid: neck-20\ntitle: Neck\nduration: 20m\nsteps: []\n"
INTAKE = "protocolkit: 1\nkind: intake\nclient: c-0001\nconditions: [pregnancy]\n"
INTAKE_JSON = '{"protocolkit": 1, "kind": "intake", "client": "c-0001", "conditions": []}\n'
A_TEMPORARY = ".p.yaml.0123456789abcdef.tmp"


@pytest.fixture()
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode_of(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# -- modes -----------------------------------------------------------------------------------------

@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize(("existing_mode", "text", "final_mode"), [
    (None, PROTOCOL, 0o644),
    (None, INTAKE, 0o600),
    (None, INTAKE_JSON, 0o600),
    (0o644, PROTOCOL, 0o644),
    (0o600, PROTOCOL, 0o600),
    (0o644, INTAKE, 0o644),  # an existing file keeps the mode its owner gave it
])
def test_the_temporary_file_is_private_from_the_first_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           existing_mode: int | None, text: str,
                                                           final_mode: int) -> None:
    target = tmp_path / "p.yaml"
    if existing_mode is not None:
        target.write_text("old\n")
        target.chmod(existing_mode)
    seen: list[int] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:  # the bytes are in the temporary file by now
        seen.append(stat.S_IMODE(os.fstat(descriptor).st_mode))
        seen.extend(mode_of(tmp_path / name) for name in temporaries(tmp_path))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(target, text, overwrite=existing_mode is not None)
    assert seen == [0o600, 0o600]
    assert mode_of(target) == final_mode and target.read_text() == text
    assert os.listdir(tmp_path) == ["p.yaml"]


@pytest.mark.usefixtures("umask_022")
def test_a_new_file_written_private_is_0600_whatever_its_text(tmp_path: Path) -> None:
    write_atomic(tmp_path / "sheet.html", "<p>for c-0001</p>\n", private=True)
    write_atomic(tmp_path / "protocol.yaml", PROTOCOL)
    assert mode_of(tmp_path / "sheet.html") == 0o600
    assert mode_of(tmp_path / "protocol.yaml") == 0o644


def test_a_new_document_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "protocol.yaml", PROTOCOL)
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "protocol.yaml") == 0o600


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a process to kill")
def test_a_temporary_file_left_by_a_killed_run_is_private_and_later_swept(tmp_path: Path) -> None:
    """A run killed while writing an intake leaves a 0600 temporary file, which the next write
    into the folder removes once it is stale."""
    child = textwrap.dedent("""
        import os, sys
        from protocolkit.load.writing import write_atomic
        os.umask(0o022)
        def fsync(descriptor):
            print("written", flush=True)
            sys.stdin.read()  # until killed
        os.fsync = fsync
        write_atomic(sys.argv[1], sys.argv[2])
    """)
    process = subprocess.Popen([sys.executable, "-c", child, str(tmp_path / "c-0001.yaml"), INTAKE],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "written\n"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stdin is not None
    process.stdin.close()
    process.stdout.close()
    [left] = temporaries(tmp_path)
    assert mode_of(tmp_path / left) == 0o600 and (tmp_path / left).read_text() == INTAKE
    old = os.stat(tmp_path / left).st_mtime - STALE_AFTER - 60
    os.utime(tmp_path / left, (old, old))
    write_atomic(tmp_path / "protocol.yaml", PROTOCOL)
    assert sorted(os.listdir(tmp_path)) == ["protocol.yaml"]


@pytest.mark.usefixtures("umask_022")
def test_what_is_made_for_an_intake_is_written_private(tmp_path: Path) -> None:
    """compose -o and export -o: 0644 as a protocol, 0600 when made for a client's intake."""
    from click.testing import CliRunner

    from protocolkit.cli import cli

    from .conftest import EXAMPLES

    intake = str(EXAMPLES / "intakes" / "c-0215-pregnancy-second-trimester.yaml")
    protocol = str(EXAMPLES / "legs-post-event-sports.yaml")
    compose = ["compose", "--duration", "45m", "--modality", "swedish", "--region", "sacrum", "--region", "shin"]
    commands = {"plain.yaml": compose, "adapted.yaml": [*compose, "--intake", intake],
                "plain.html": ["export", protocol, "--to", "html"],
                "adapted.html": ["export", protocol, "--to", "html", "--intake", intake]}
    for name, command in commands.items():
        result = CliRunner().invoke(cli, [*command, "-o", str(tmp_path / name)],
                                    env={"PROTOCOLKIT_PLUGINS": "", "PROTOCOLKIT_DISABLE_PLUGINS": ""})
        assert result.exit_code == 0, result.stderr
    assert {name: mode_of(tmp_path / name) for name in commands} == {
        "plain.yaml": 0o644, "adapted.yaml": 0o600, "plain.html": 0o644, "adapted.html": 0o600}


# -- stale temporary files -------------------------------------------------------------------------

def test_only_stale_temporary_files_of_its_own_naming_are_swept(tmp_path: Path) -> None:
    old = os.stat(tmp_path).st_mtime - STALE_AFTER - 60
    others = ["notes.tmp", ".p.yaml.tmp", ".p.yaml.0123456789ABCDEF.tmp", "p.yaml.0123456789abcdef.tmp",
              ".p.yaml.0123456789abcde.tmp", ".p.yaml.0123456789abcdef.part", ".p.yaml.0123456789abcdef.tmp~"]
    for name in [A_TEMPORARY, ".q.json.fedcba9876543210.tmp", *others]:
        (tmp_path / name).write_text("x\n")
        os.utime(tmp_path / name, (old, old))
    fresh = ".r.yaml.00000000ffffffff.tmp"
    (tmp_path / fresh).write_text("still being written\n")
    (tmp_path / ".d.yaml.1111111111111111.tmp").mkdir()
    (tmp_path / ".l.yaml.2222222222222222.tmp").symlink_to(tmp_path / "notes.tmp")
    os.utime(tmp_path / ".l.yaml.2222222222222222.tmp", (old, old), follow_symlinks=False)
    write_atomic(tmp_path / "new.yaml", PROTOCOL)
    assert sorted(os.listdir(tmp_path)) == sorted([*others, fresh, ".d.yaml.1111111111111111.tmp",
                                                   ".l.yaml.2222222222222222.tmp", "new.yaml"])


def test_a_folder_that_cannot_be_swept_is_still_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(_path: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", refused)
    write_atomic(tmp_path / "new.yaml", PROTOCOL)
    assert (tmp_path / "new.yaml").read_text() == PROTOCOL


# -- a file that changed since it was read -----------------------------------------------------------

def test_an_unchanged_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text("old\n")
    _, seen = read_fingerprinted(target)
    write_atomic(target, "new\n", overwrite=True, expected=seen)
    assert target.read_text() == "new\n"


def _same_size_and_time(target: Path) -> None:
    status = target.stat()
    target.write_text("OLD\n")  # same size; the time is put back, so only the bytes tell
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))


def _touched(target: Path) -> None:
    status = target.stat()
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("change", [_same_size_and_time, _touched, Path.unlink,
                                    lambda target: target.write_text("a longer text\n")])
def test_a_file_changed_since_it_was_read_is_left_as_it_is(tmp_path: Path, change: object) -> None:
    target = tmp_path / "p.yaml"
    target.write_text("old\n")
    _, seen = read_fingerprinted(target)
    change(target)  # type: ignore[operator]
    before = target.read_bytes() if target.exists() else None
    with pytest.raises(ChangedOnDisk):
        write_atomic(target, "fixed\n", overwrite=True, expected=seen)
    assert (target.read_bytes() if target.exists() else None) == before
    assert temporaries(tmp_path) == []


def test_the_file_is_compared_at_the_last_moment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor's save that lands while the new text is being written is not replaced."""
    target = tmp_path / "p.yaml"
    target.write_text("old\n")
    _, seen = read_fingerprinted(target)
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        target.write_text("the editor's\n")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(ChangedOnDisk):
        write_atomic(target, "fixed\n", overwrite=True, expected=seen)
    assert target.read_text() == "the editor's\n" and temporaries(tmp_path) == []


def leases_work(folder: Path) -> bool:
    """Whether this system says when a file is open for writing (Linux, through a read lease)."""
    try:
        import fcntl

        with open(folder / "probe", "w"), open(folder / "probe", "rb") as reading:
            fcntl.fcntl(reading.fileno(), fcntl.F_SETSIG, signal.SIGURG)
            try:
                fcntl.fcntl(reading.fileno(), fcntl.F_SETLEASE, fcntl.F_RDLCK)
            except BlockingIOError:
                return True  # refused while the file is open for writing: what the guard relies on
            fcntl.fcntl(reading.fileno(), fcntl.F_SETLEASE, fcntl.F_UNLCK)
            return False
    except (ImportError, AttributeError, OSError):
        return False
    finally:
        (folder / "probe").unlink(missing_ok=True)


def test_a_file_someone_is_still_writing_is_left_as_it_is(tmp_path: Path) -> None:
    """Half of an editor's save looks like a whole file: same bytes as read, but more to come."""
    if not leases_work(tmp_path):
        pytest.skip("the system does not say whether a file is open for writing")
    target = tmp_path / "p.yaml"
    with open(target, "w", encoding="utf-8") as editor:
        editor.write("steps:\n  - region: calf\n")
        editor.flush()
        _, seen = read_fingerprinted(target)
        with pytest.raises(ChangedOnDisk):
            write_atomic(target, "fixed half\n", overwrite=True, expected=seen)
        editor.write("  - region: shin\n")
    assert target.read_text() == "steps:\n  - region: calf\n  - region: shin\n"
    write_atomic(target, "fixed whole\n", overwrite=True, expected=read_fingerprinted(target)[1])
    assert target.read_text() == "fixed whole\n"


def test_a_new_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new.yaml"
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        target.write_text("someone else's\n")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(FileExistsError):
        write_atomic(target, PROTOCOL)
    assert target.read_text() == "someone else's\n" and temporaries(tmp_path) == []


def test_without_hard_links_a_new_file_is_still_not_put_over_one(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(_source: str, _target: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "new.yaml", PROTOCOL)
    assert (tmp_path / "new.yaml").read_text() == PROTOCOL and temporaries(tmp_path) == []
    monkeypatch.setattr(writing.os.path, "lexists", lambda _path: True)
    with pytest.raises(FileExistsError):
        write_atomic(tmp_path / "other.yaml", PROTOCOL)
    assert not (tmp_path / "other.yaml").exists() and temporaries(tmp_path) == []
