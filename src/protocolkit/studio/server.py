"""Running the studio: bind (loopback by default), listen, print the one start-up line, serve with uvicorn."""

from __future__ import annotations

from typing import TYPE_CHECKING

import errno
import ipaddress
import os
import re
import secrets
import socket
import stat
import sys
from pathlib import Path

from protocolkit.plugin.catalog import Catalog

if TYPE_CHECKING:
    from protocolkit.load.config import Settings

DEFAULT_PORT = 8765
# What a token may be: it travels in a URL, so URL-safe characters only, and long enough to guess at no rate.
_TOKEN = re.compile(r"\A[A-Za-z0-9_-]{16,256}\Z")


class StartError(Exception):
    """The studio cannot start; the message says why and what to do (the token itself is never in it)."""


class PortInUse(StartError):
    def __init__(self, port: int) -> None:
        super().__init__(f"port {port} is in use; choose another with --port, or --port 0 for any free one")
        self.port = port


def token_from_file(path: Path) -> str:
    """The token kept in ``path``, or a new one written there (0o600 from its first byte) when it is missing.

    An existing file must be a regular file of this user's that nobody else may read or write."""
    from protocolkit.load.writing import write_atomic

    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        token = secrets.token_urlsafe(24)
        try:
            write_atomic(path, token + "\n", private=True)
        except OSError as error:
            raise StartError(f"{name}: cannot create the token file: {error.strerror or error}") from None
        return token
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StartError(f"{name}: the token file is a symbolic link, not a regular file; "
                             "give the path of the file itself") from None
        raise StartError(f"{name}: cannot read the token file: {error.strerror or error}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise StartError(f"{name}: the token file is not a regular file; give the path of a file "
                             "(a missing one is created)")
        if hasattr(os, "getuid") and status.st_uid != os.getuid():
            raise StartError(f"{name}: the token file belongs to another user; use a file of your own "
                             "(a missing one is created)")
        if status.st_mode & 0o077:
            raise StartError(f"{name}: the token file can be read or written by others "
                             f"(mode {stat.S_IMODE(status.st_mode):04o}); make it yours alone: chmod 600 {name}")
        data = os.read(descriptor, 1024)
    finally:
        os.close(descriptor)
    try:
        token = data.decode("ascii").strip()
    except UnicodeDecodeError:
        token = ""
    if not _TOKEN.fullmatch(token):
        raise StartError(f"{name}: the token file holds no token (one line of 16 to 256 letters, digits, "
                         "'-' or '_'); delete it to have a new one made")
    return token


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers a browser sends for this address; any other is refused (DNS rebinding)."""
    names = {host}
    if is_loopback(host):
        names |= {"127.0.0.1", "localhost"}
    hosts = {f"{name}:{port}" for name in names}
    if ":" in host:  # an IPv6 literal is written in brackets in a Host header
        hosts.add(f"[{host}]:{port}")
    return hosts


def serve(folder: Path, catalog: Catalog, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          token: str | None = None, open_browser: bool = True, read_only: bool = False,
          settings: Settings | None = None) -> None:
    """Serve the studio until interrupted; ``port`` 0 picks a free port."""
    import uvicorn

    from protocolkit.studio.app import create_app
    from protocolkit.studio.connections import BACKLOG, server_config

    token = token or secrets.token_urlsafe(24)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Named TCP, so that the event loop turns Nagle's algorithm off on each connection: without it every
    # response's body waits for a delayed acknowledgement (about 40 ms a keystroke on Linux).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # Listening before the start-up line is printed: whoever waits for the line may connect at once (the
        # kernel queues the connection until uvicorn accepts it; uvicorn's own listen() on it changes nothing).
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise PortInUse(port) from None
        raise
    port = sock.getsockname()[1]
    if not is_loopback(host):
        print(f"protocolkit studio: warning: listening on {host}, not loopback: other machines can reach it; "
              "the studio holds health data", file=sys.stderr)
    app = create_app(folder, catalog, token=token, allowed_hosts=allowed_hosts(host, port), read_only=read_only,
                     settings=settings)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/?token={token}"
    print(f"protocolkit studio: {url}", flush=True)
    print("protocolkit studio: Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    if open_browser and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform == "darwin"):
        import webbrowser

        webbrowser.open(url)
    # What start-up made (the catalog, the templates, the app) lives as long as the studio: kept out of the
    # cycle collector's full passes, which otherwise walk it all again now and then while the user types.
    import gc

    gc.collect()
    gc.freeze()
    # Limits on slow and many connections, and no access log (see studio.connections).
    uvicorn.Server(server_config(app)).run(sockets=[sock])
