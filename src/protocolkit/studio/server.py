"""Running the studio: bind (loopback by default), print the one start-up line, serve with uvicorn."""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys
from pathlib import Path

from protocolkit.plugin.catalog import Catalog

DEFAULT_PORT = 8765


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
          token: str | None = None, open_browser: bool = True, read_only: bool = False) -> None:
    """Serve the studio until interrupted; ``port`` 0 picks a free port."""
    import uvicorn

    from protocolkit.studio.app import create_app
    from protocolkit.studio.connections import server_config

    token = token or secrets.token_urlsafe(24)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Named TCP, so that the event loop turns Nagle's algorithm off on each connection: without it every
    # response's body waits for a delayed acknowledgement (about 40 ms a keystroke on Linux).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    port = sock.getsockname()[1]
    if not is_loopback(host):
        print(f"protocolkit studio: warning: listening on {host}, not loopback: other machines can reach it; "
              "the studio holds health data", file=sys.stderr)
    app = create_app(folder, catalog, token=token, allowed_hosts=allowed_hosts(host, port), read_only=read_only)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/?token={token}"
    print(f"protocolkit studio: {url}", flush=True)
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
