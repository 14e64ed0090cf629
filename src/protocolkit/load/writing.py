"""Writing a user's file so that nothing they own is ever half-written or lost.

Every face that writes a document (``validate --fix``, ``compose -o``,
``export -o``, the studio's save, the generated files) goes through
``write_atomic``: the reader sees either the old file or the new one.

A command that rewrites what it read (``validate --fix``, the studio's save)
passes the `Fingerprint` of the bytes it read; the file is compared with it
at the last moment before the rename, so an editor's save that came in
meanwhile is never replaced (`ChangedOnDisk`, and nothing is written).

The temporary file is the owner's alone from its first byte (0o600); only
then does it get the target's mode: an existing file keeps its own, a new
document gets 0o644 minus the umask, a new intake (health data) stays 0o600.
Temporary files a killed run left behind, and only those of the name this
module gives them, are removed the next time a file is written beside them.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import time
from typing import Final

from attrs import frozen

from protocolkit.load.reading import read_at_most

__all__ = ["ChangedOnDisk", "Fingerprint", "read_fingerprinted", "write_atomic"]

# `.{name}.{16 hex digits}.tmp`: the only names write_atomic gives its temporary files, so the
# only ones it ever removes.
_TEMPORARY: Final = re.compile(r"\A\..+\.[0-9a-f]{16}\.tmp\Z")
# A write takes well under a second; a temporary file this old (seconds) was left by a killed run.
STALE_AFTER: Final = 300.0
# An intake's ``kind: intake`` (YAML block or flow, or JSON); a false match only makes a file private.
_INTAKE: Final = re.compile(r"""(?:^|[{,])[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?intake(?![\w-])""", re.MULTILINE)
# Folder -> when it was last swept (time.monotonic()): a run writing many files sweeps each folder once.
_swept: dict[str, float] = {}


class ChangedOnDisk(Exception):
    """The file is no longer the one that was read (someone saved it meanwhile); nothing was written."""


@frozen
class Fingerprint:
    """What a file was when it was read: its size, modification time and the SHA-256 of its bytes."""

    size: int
    mtime_ns: int
    sha256: str


def read_fingerprinted(path: str | os.PathLike[str], limit: int | None = None) -> tuple[bytes, Fingerprint]:
    """The bytes of ``path`` (at most ``limit`` + 1 of them) and their fingerprint, from one open.

    Only a regular file is read (a FIFO would block the reader): anything else is an OSError."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        data = stream.read() if limit is None else read_at_most(stream, limit + 1)
    return data, Fingerprint(status.st_size, status.st_mtime_ns, hashlib.sha256(data).hexdigest())


def write_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False,
                 expected: Fingerprint | None = None, private: bool = False) -> None:
    """Write `text` as UTF-8 so that readers see either the old file or the new one.

    The text goes to a temporary file beside the target (same file system, so
    `os.replace` is atomic), is fsynced, then renamed over the target.  Symlinks
    are followed so the link survives.  An existing file keeps its permission
    bits; a new one gets 0o644 minus the umask, or 0o600 when ``private`` or
    when ``text`` is an intake.  With ``expected``, the target must still be
    the file of that fingerprint just before the rename, or `ChangedOnDisk` is
    raised and nothing is written.  Without ``overwrite``, a file that appears
    meanwhile is not replaced either (FileExistsError).
    """
    target = os.path.realpath(path)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None and not overwrite:
        raise FileExistsError(errno.EEXIST, "refusing to overwrite an existing file", os.fspath(path))
    if mode is None and expected is not None:
        raise ChangedOnDisk(f"{os.fspath(path)} was removed since it was read")
    directory, name = os.path.split(target)
    _sweep(directory)
    if mode is None and not (private or _INTAKE.search(text)):
        mode = _new_file_mode(directory, name)
    import secrets  # only writing needs it; reading thousands of files never pays for it

    temporary = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.tmp")
    # O_EXCL: never clobber anything; 0o600 (minus the umask): nobody else can open it, even while it is written.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        if expected is not None and not _still(target, expected):
            raise ChangedOnDisk(f"{os.fspath(path)} changed on disk since it was read")
        if overwrite:
            os.replace(temporary, target)
        else:
            _link_new(temporary, target, os.fspath(path))
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _still(target: str, expected: Fingerprint) -> bool:
    """Whether ``target`` is still the file ``expected`` was taken of, and nobody is writing it."""
    try:
        with open(target, "rb") as stream:
            status = os.fstat(stream.fileno())
            if (status.st_size, status.st_mtime_ns) != (expected.size, expected.mtime_ns):
                return False
            if hashlib.sha256(stream.read(expected.size + 1)).hexdigest() != expected.sha256:
                return False
            return not _open_for_writing(stream.fileno())
    except FileNotFoundError:
        return False


def _open_for_writing(descriptor: int) -> bool:
    """Whether someone holds the file open for writing: an editor saving in place that has
    written part of it so far.  Its bytes match what was read, yet more are on their way.

    Linux says so by refusing a read lease (EAGAIN); the lease is let go at once.  Its break
    signal, were a writer to open the file in that instant, is SIGURG, which a process ignores
    by default (SIGIO would end it).  Elsewhere, or where leases are not allowed (a file of
    another owner, a network file system), nothing is known and the fingerprint has to do.
    """
    try:
        import fcntl
        import signal

        setlease, setsig = fcntl.F_SETLEASE, fcntl.F_SETSIG  # type: ignore[attr-defined,unused-ignore]
    except (ImportError, AttributeError):
        return False
    try:
        fcntl.fcntl(descriptor, setsig, signal.SIGURG)
        fcntl.fcntl(descriptor, setlease, fcntl.F_RDLCK)
    except OSError as error:
        return error.errno in (errno.EAGAIN, errno.EBUSY)
    with contextlib.suppress(OSError):  # closing the file lets go of the lease too
        fcntl.fcntl(descriptor, setlease, fcntl.F_UNLCK)
    return False


def _link_new(temporary: str, target: str, shown: str) -> None:
    """Put ``temporary`` in place as ``target``, which must not exist: a hard link fails rather
    than replace a file that appeared meanwhile.  Where the file system has no hard links, the
    target is looked for once more and then renamed over."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "refusing to overwrite an existing file", shown) from None
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "refusing to overwrite an existing file", shown) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def _new_file_mode(directory: str, name: str) -> int:
    """The mode a new document gets: 0o644 as the umask (or a default ACL) leaves it.

    Asked of the kernel with an empty file, since reading the umask means setting it,
    for every thread at once.  The probe holds no byte and has a temporary file's name.
    """
    import secrets

    probe = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        return stat.S_IMODE(os.fstat(descriptor).st_mode)
    finally:
        os.close(descriptor)
        os.unlink(probe)


def _sweep(directory: str) -> None:
    """Remove the temporary files of this module's naming that a killed run left in ``directory``:
    regular files of this user, older than STALE_AFTER; nothing else, and never a failure."""
    now = time.monotonic()
    if now - _swept.get(directory, -STALE_AFTER) < STALE_AFTER:
        return
    _swept[directory] = now
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    oldest = time.time() - STALE_AFTER
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if not _TEMPORARY.match(entry.name):
                continue
            with contextlib.suppress(OSError):
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(status.st_mode) and owner in (None, status.st_uid) and status.st_mtime < oldest:
                    os.unlink(entry.path)
