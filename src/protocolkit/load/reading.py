"""Opening a document for reading: regular files only, and never a wait.

A FIFO named ``pipe.yaml`` blocks the reader until something writes to it,
which may be never; a device or a socket is no document either.  So a file is
opened without blocking (``O_NONBLOCK``: opening a FIFO then returns at once),
and what was opened is checked with ``fstat`` before a byte is read, so the
check and the read are of the same file.  Folder walks skip such files
(`is_special`); a path named on purpose is refused with `NotARegularFile`, an
OSError, as any other file that cannot be read.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO, Final

__all__ = ["NotARegularFile", "is_special", "open_regular", "read_at_most"]

_FLAGS: Final = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_KINDS: Final = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
LOOP: Final = "a loop of symbolic links (a link that leads back to itself, never to a file)"


class NotARegularFile(OSError):
    """A FIFO, socket or device where a document was expected."""


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words."""
    return next((kind for test, kind in _KINDS if test(mode)), "not a file")


def is_special(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (links followed).

    A link that leads nowhere is not special: reading it says why it cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for binary reading, if it is a regular file (links followed).

    A folder raises IsADirectoryError, a FIFO, socket or device NotARegularFile,
    a loop of links an OSError that says so; nothing blocks on the way.
    """
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, LOOP, os.fspath(path)) from None
        if error.errno == errno.ENOENT and os.path.islink(path):
            raise FileNotFoundError(errno.ENOENT, f"a symbolic link to {os.readlink(path)}, which does not exist",
                                    os.fspath(path)) from None
        if is_special(path):  # a socket cannot even be opened (ENXIO): say what it is instead
            raise NotARegularFile(errno.EINVAL, f"not a regular file: it is {kind_of(os.stat(path).st_mode)}",
                                  os.fspath(path)) from None
        raise
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(mode):
            raise NotARegularFile(errno.EINVAL, f"not a regular file: it is {kind_of(mode)}", os.fspath(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)  # a regular file never blocks anyway; later readers need not care
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``stream``, in chunks: ``read(limit)`` would set aside ``limit``
    bytes at once, however small the file (a max-file-size of a terabyte is a MemoryError)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0 and (chunk := stream.read(min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
