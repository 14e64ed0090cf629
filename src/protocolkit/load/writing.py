"""Writing a user's file so that nothing they own is ever half-written or lost.

Every face that writes a document (``validate --fix``, ``compose -o``,
``export -o``, the studio's save, the generated files) goes through
``write_atomic``: the reader sees either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat


def write_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> None:
    """Write `text` as UTF-8 so that readers see either the old file or the new one.

    The text goes to a temporary file beside the target (same file system, so
    `os.replace` is atomic), is fsynced, then renamed over the target.  Symlinks
    are followed so the link survives.  An existing file keeps its permission
    bits; a new one gets 0o644 minus the umask.
    """
    target = os.path.realpath(path)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None and not overwrite:
        raise FileExistsError(errno.EEXIST, "refusing to overwrite an existing file", os.fspath(path))
    directory, name = os.path.split(target)
    import secrets  # only writing needs it; reading thousands of files never pays for it

    temporary = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.tmp")
    # O_EXCL: never clobber anything; 0o644 lets the kernel apply the umask for us.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
