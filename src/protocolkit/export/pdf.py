"""PDF: an HTML page printed by a Chromium or Chrome found on this machine.

Nothing here lays a page out: the sheets and the handbook are HTML with print
CSS (the paper size is the page's ``@page`` rule), and a headless browser
prints them exactly as its print dialog would.  The browser is whichever of
`BROWSER_NAMES` is first on ``PATH``, or the program the user names.

The browser runs offline and leaves nothing behind: a fresh temporary profile,
no background networking, component updates or sync, no host name resolved
and every request sent to a proxy that is not there (`OFFLINE`), and the page
is a file in a temporary folder (the sheets load nothing from anywhere
anyway).  The sandbox is turned off only when running as root, where Chromium
refuses to start with it.

The PDF is never half-written: the browser prints to a temporary file beside
the target, which replaces the target only once the browser has exited
cleanly and the file is a PDF.  A browser that fails, hangs past the timeout
or writes nothing leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

# The names Chromium and Chrome are installed under, in the order they are looked for.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# A sheet prints in about a second; a handbook of many sheets in a few.  Two minutes means a hung browser.
DEFAULT_TIMEOUT = 120.0
_QUIET = ("--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--no-pdf-header-footer")
# No fetch leaves the browser: every host name (an IP address too) resolves to nothing, and every request goes
# to a proxy on the discard port, loopback included (Chromium sends loopback around a proxy unless told).  A
# sheet that names an outside image or style sheet still prints, without it.
OFFLINE = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")


class PrintError(Exception):
    """Why no PDF was printed: no browser, a browser that failed or hung, or an output that cannot be written."""


def find_browser(explicit: str | None = None) -> str:
    """The browser to print with: ``explicit`` (a path or a name on PATH) or the first of `BROWSER_NAMES` found."""
    if explicit:
        found = shutil.which(explicit) if os.sep not in explicit else explicit
        if found is None or not os.path.isfile(found) or not os.access(found, os.X_OK):
            raise PrintError(f"--browser {explicit}: no such program (give the path of a Chromium or Chrome)")
        return found
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise PrintError("no Chromium or Chrome found to print the PDF with: install one (Debian: apt-get install "
                     f"chromium), put it on PATH as one of {', '.join(BROWSER_NAMES)}, or pass --browser PATH")


def browser_command(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """The command line that prints ``page`` (a file) to ``pdf`` with a fresh ``profile``."""
    headless = ["--headless"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        headless.append("--no-sandbox")  # Chromium will not start sandboxed as root
    return [browser, *headless, *_QUIET, *OFFLINE, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
            page.as_uri()]


def print_pdf(html: str, output: str | os.PathLike[str], *, browser: str, overwrite: bool = False,
              timeout: float = DEFAULT_TIMEOUT) -> int:
    """Print the HTML document ``html`` to the PDF file ``output``; the number of bytes written.

    Raises `FileExistsError` when ``output`` exists and ``overwrite`` is false
    (before the browser starts), `PrintError` when the browser fails, hangs or
    writes no PDF, and `OSError` when the folder cannot be written to; in every
    case ``output`` is as it was.
    """
    target = Path(os.path.realpath(output))
    if target.exists() and not overwrite:
        raise FileExistsError(f"{output} exists")
    # Beside the target, so that the rename is atomic; hidden, so that nothing takes it for the PDF.
    partial = target.with_name(f".{target.name}.{secrets.token_hex(8)}.part")
    try:
        with tempfile.TemporaryDirectory(prefix="protocolkit-pdf-") as work:
            page = Path(work) / "page.html"
            page.write_text(html, encoding="utf-8")
            _run(browser_command(browser, page, partial, Path(work) / "profile"), timeout)
        with partial.open("rb") as printed:
            if printed.read(5) != b"%PDF-":
                raise PrintError(f"{browser} exited without printing a PDF")
            os.fsync(printed.fileno())
        size = partial.stat().st_size
        with contextlib.suppress(FileNotFoundError):  # an existing file keeps its permission bits
            os.chmod(partial, target.stat().st_mode & 0o777)
        os.replace(partial, target)
        return size
    except FileNotFoundError as error:
        if error.filename is not None and Path(error.filename) == partial:
            raise PrintError(f"{os.path.basename(browser)} exited without printing a PDF") from None
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _run(command: list[str], timeout: float) -> None:
    # A session of its own, so that a hung browser is ended with every process it started.
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        raise PrintError(f"{command[0]}: cannot run: {error.strerror or error}") from None
    try:
        _out, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PrintError(f"{os.path.basename(command[0])} did not finish printing within {timeout:g} s") from None
    if process.returncode != 0:
        said = errors.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise PrintError(f"{os.path.basename(command[0])} failed to print (exit {process.returncode})"
                         + (": " + " / ".join(said) if said else ""))

