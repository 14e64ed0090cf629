"""The studio's connections: how long a request may take to arrive, and how many may be open at once.

uvicorn closes a kept-alive connection that stays idle (``timeout_keep_alive``),
but any byte resets that clock, and a connection that never finishes sending
its first request has none at all: a client that sends half a request and
waits, or one byte every few seconds, holds its connection for good, and a
thousand of them used up every file descriptor the studio had.  So:

- a request's head and body must arrive in full within `REQUEST_TIMEOUT`
  seconds of the connection being made (or of the answer before it on a
  kept-alive connection), however the bytes trickle in; past that the
  connection is closed (`DeadlineH11Protocol`, uvicorn's own h11 protocol
  with that one clock added);
- a head may be at most `MAX_HEAD` bytes (h11's ``max_incomplete_event_size``;
  past it the answer is 400), and a body at most the project's
  ``max-file-size`` (the guard's 413);
- from `MAX_CONNECTIONS` open connections on, a request is answered 503 at
  once (uvicorn's ``limit_concurrency``), and the listening socket queues
  `BACKLOG` connections not yet accepted.

The answer to a request may take as long as its work does: the work runs in a
thread (see ``studio.work``), and the clock stops once the request is in.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_TIMEOUT = 10.0
KEEP_ALIVE = 5
MAX_HEAD = 16 * 1024
MAX_CONNECTIONS = 256
BACKLOG = 128
# The peer's states in which a request is still on its way: nothing of it yet, part of the head, or the body.
_ARRIVING = (h11.IDLE, h11.SEND_BODY)


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request does not arrive in full in time."""

    request_timeout = REQUEST_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state not in _ARRIVING:  # the request is in (or the connection is done with)
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state in _ARRIVING:
            self._arm()  # the next request on this connection gets its own time, however it trickles in

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing() and self.conn.their_state in _ARRIVING:
            self.transport.close()  # uvicorn tells a waiting application that the client went


def with_timeout(seconds: float) -> type[DeadlineH11Protocol]:
    """The protocol with another request timeout (tests use a short one)."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"request_timeout": seconds})


def server_config(app: Any, *, request_timeout: float = REQUEST_TIMEOUT) -> uvicorn.Config:
    """The studio's uvicorn configuration: h11 with the request clock, its limits, and no access log."""
    # No access log: the start-up URL carries the token, and paths name clients' files.
    protocol = DeadlineH11Protocol if request_timeout == REQUEST_TIMEOUT else with_timeout(request_timeout)
    return uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", http=protocol,
                          timeout_keep_alive=KEEP_ALIVE, h11_max_incomplete_event_size=MAX_HEAD,
                          limit_concurrency=MAX_CONNECTIONS, backlog=BACKLOG)
