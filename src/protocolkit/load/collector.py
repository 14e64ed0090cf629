"""Python's cycle collector, held off while a large document is read and checked.

Reading a document of a few megabytes makes millions of small objects (YAML
nodes, the data, the position index, the model), nearly all of them alive
until the check ends.  While they are made, the collector's full passes walk
every live object again and again, so that the time grows faster than the
document: a 5 MB protocol took twice as long per byte as a 500 kB one.  Held
off, reading and checking stay linear in the size; reference counting still
frees what is dropped meanwhile, and the collector runs again as soon as the
last large document is done (a cycle made meanwhile waits until then).

Small documents, which are nearly all of them, never touch the collector.
Threads (the studio's) may hold it at once: it comes back on when the last
of them is done, and only if it was on before the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# From this size on (characters or bytes) a document is read with the collector held off.
LARGE_DOCUMENT = 256 * 1024

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def held_for(size: int) -> Iterator[None]:
    """Hold the cycle collector off for the block when ``size`` is a large document's."""
    global _holders, _was_enabled
    if size < LARGE_DOCUMENT:
        yield
        return
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                # Everything made meanwhile goes to the oldest generation as it is (freeze, then unfreeze, moves
                # it without a look): else the first young collection would walk all of it at once.
                gc.freeze()
                gc.unfreeze()
                gc.enable()
