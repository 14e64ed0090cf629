"""Running plugin code so that it can neither end the program nor write into its output.

Every call into a plugin (its import, its registration hooks, its compose hook,
its rules) runs inside ``plugin_code()``.  Two things happen there:

- Whatever plugin code raises that is not an ``Exception`` (``SystemExit`` from
  ``sys.exit(0)``, a ``KeyboardInterrupt`` it raised itself, ``GeneratorExit``,
  ...) comes out as `ContainedBaseException`, an ``Exception``, so the same
  ``except Exception`` that already isolates a plugin's ordinary errors reports
  it and skips the plugin.  Otherwise a plugin calling ``sys.exit(0)`` at
  import would make ``validate`` exit 0 having checked nothing.
  (``MemoryError`` and ``RecursionError`` are ``Exception``s already.)
- What plugin code prints goes to stderr: stdout carries the report (JSON,
  SARIF, an export), and one stray line would make it unreadable.

A Ctrl-C the user pressed must still stop the program.  Python turns SIGINT
into ``KeyboardInterrupt`` in the main thread by calling the SIGINT handler,
so while plugin code runs in the main thread the handler is wrapped in one
that first notes the signal: a ``KeyboardInterrupt`` after a SIGINT arrived
passes through untouched; one without is the plugin's own and is contained.
In any other thread SIGINT never raises, so a ``KeyboardInterrupt`` there is
always the plugin's.  When SIGINT is ignored or left to the system (no Python
handler), a ``KeyboardInterrupt`` can only come from the plugin too.

Plugin output is moved by putting a stand-in for ``sys.stdout`` in place while
any thread runs plugin code: it writes to stderr for threads inside plugin
code and to the real stdout for every other thread, so a studio request
composing in one thread does not move another thread's output.  Code that
writes to file descriptor 1 or to ``sys.__stdout__`` directly is not caught.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType, TracebackType
from typing import IO, Any


class ContainedBaseException(Exception):
    """Plugin code raised a BaseException that is not an Exception; ``original`` is what it raised."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(_words(original))
        self.original = original


def describe(error: BaseException) -> str:
    """``Type: message`` for a plugin's error, in the words every plugin failure is reported in.

    A ValueError or TypeError that protocolkit's model raised while plugin code
    built a value (``PressureRange.of(0, 1)``) is the model's own sentence, which
    already names the value and what is allowed, after the line of plugin code
    that built it: ``at stones.py:12: pressure 0 is not a Walton level: ...``."""
    if isinstance(error, ContainedBaseException):
        return str(error)
    where = _plugin_line_building_a_model_value(error)
    if where is not None:
        return f"at {where}: {error}"
    return _words(error)


# The model's own files; attrs' generated __init__ methods are named like "<attrs generated init ...>".
_PACKAGE_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_MODEL_FOLDER = os.path.join(_PACKAGE_FOLDER, "model") + os.sep


def _in_the_model(filename: str) -> bool:
    if filename.startswith("<attrs generated"):
        return True
    import attrs  # loaded already: the model raised the error being described

    path = os.path.abspath(filename)
    return path.startswith((_MODEL_FOLDER, os.path.dirname(os.path.abspath(attrs.__file__)) + os.sep))


def _plugin_line_building_a_model_value(error: BaseException) -> str | None:
    """``file:line`` of the code that called into the model, when the model raised ``error``; else None."""
    if type(error) not in (ValueError, TypeError) or not str(error):
        return None
    lines = []
    traceback = error.__traceback__
    while traceback is not None:
        lines.append((traceback.tb_frame.f_code.co_filename, traceback.tb_lineno))
        traceback = traceback.tb_next
    if not lines or not _in_the_model(lines[-1][0]):
        return None
    caller = next(((filename, line) for filename, line in reversed(lines) if not _in_the_model(filename)), None)
    if caller is None or os.path.abspath(caller[0]).startswith(_PACKAGE_FOLDER):
        return None  # protocolkit's own loaders (house modality files) report their errors themselves
    return f"{_shown_path(caller[0])}:{caller[1]}"


def _shown_path(filename: str) -> str:
    """A plugin file relative to the working folder when it is inside it, else as Python knows it."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive, on Windows
        return filename
    return filename if relative.startswith(os.pardir) else relative


def _words(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return (f"SystemExit({error.code!r}): plugin code tried to end the program; a plugin reports a "
                "problem by raising an Exception, never by exiting")
    if isinstance(error, KeyboardInterrupt):
        return "KeyboardInterrupt raised by the plugin's own code (no Ctrl-C was pressed)"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class _Inside(threading.local):
    depth = 0
    interrupted = False


_inside = _Inside()
_lock = threading.Lock()
_threads_inside = 0


class _PluginStdout:
    """Stands for sys.stdout while plugin code runs: stderr for threads inside plugin code."""

    def __init__(self, stdout: IO[str]) -> None:
        self.stdout = stdout

    def _target(self) -> Any:
        if _inside.depth:
            return sys.stderr if sys.stderr is not None else _Discard()
        return self.stdout

    def write(self, text: str) -> Any:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


class _Discard:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None


def plugin_code() -> _PluginCode:
    """``with plugin_code(): ...`` runs plugin code contained (see the module's docstring)."""
    return _PluginCode()


class _PluginCode:
    """Only the outermost of nested ones (per thread) moves stdout and watches SIGINT."""

    def __init__(self) -> None:
        self._previous_handler: Any = None

    def __enter__(self) -> None:
        global _threads_inside
        _inside.depth += 1
        if _inside.depth > 1:
            return
        _inside.interrupted = False
        self._previous_handler = _watch_interrupts()
        with _lock:
            _threads_inside += 1
            if _threads_inside == 1 and sys.stdout is not None:
                sys.stdout = _PluginStdout(sys.stdout)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        global _threads_inside
        _inside.depth -= 1
        if _inside.depth == 0:
            with _lock:
                _threads_inside -= 1
                if _threads_inside == 0 and isinstance(sys.stdout, _PluginStdout):
                    sys.stdout = sys.stdout.stdout
            if self._previous_handler is not None:
                signal.signal(signal.SIGINT, self._previous_handler)
        if error is None or isinstance(error, Exception):
            return
        if isinstance(error, KeyboardInterrupt) and _inside.interrupted:
            return  # the user's Ctrl-C: let it stop the program
        raise ContainedBaseException(error) from error


def _watch_interrupts() -> Any:
    """Wrap the SIGINT handler so a Ctrl-C is noted before it raises; the handler to put back, or None."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGINT)
    if not callable(previous):
        return None

    def noted(signum: int, frame: FrameType | None) -> Any:
        _inside.interrupted = True
        return previous(signum, frame)

    try:
        signal.signal(signal.SIGINT, noted)
    except ValueError:  # not the main interpreter
        return None
    return previous
