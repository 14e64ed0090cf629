"""The studio's defences, as one ASGI middleware in front of every route.

- **Host check**: a request whose Host header is not the bound address is
  refused (DNS rebinding: a page on another site resolving to 127.0.0.1).
- **Token**: the start-up URL carries a random token; the first request
  exchanges it for an HttpOnly, SameSite=Strict cookie and is redirected to
  the same page without it, so the token does not stay in the address bar or
  history.  API clients send ``Authorization: Bearer TOKEN`` instead.
- **CSRF**: a request that changes anything and came with the cookie must
  carry the page's CSRF token (header ``X-CSRF-Token``, which the pages
  send with every request); a bearer request needs none, since no browser
  sends one unasked.
- **Body limit**: a body larger than the project's ``max-file-size`` is
  refused before it is read whole.
- **Errors**: an error inside the app is answered with a 500 page in words,
  and never logged with its message or traceback (they may quote health data).
- **Headers**: a Content-Security-Policy that allows no outside origin, and
  no sniffing, framing or referrers, on every response.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.requests import ClientDisconnect

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "protocolkit_studio"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store")]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def derive(token: str, purpose: str) -> str:
    """A value bound to the token for one purpose (the session cookie, the CSRF token)."""
    return hmac.new(token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


class Guard:
    """Wraps the studio app; every request passes these checks or gets a clear 4xx."""

    def __init__(self, app: ASGIApp, *, token: str, allowed_hosts: set[str], max_body: int) -> None:
        self.app = app
        self.token = token
        self.allowed_hosts = allowed_hosts
        self.max_body = max_body
        self.session = derive(token, "session")
        self.csrf = derive(token, "csrf")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        send = _with_security_headers(send)
        api = scope["path"].startswith("/api/")
        if headers.get("host") not in self.allowed_hosts:
            await _refuse(send, 400, "This address is not the one the studio runs on; open the link it printed.",
                          api)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and not api:
            await self._exchange(scope, send, query)
            return
        bearer = headers.get("authorization", "").removeprefix("Bearer ").strip()
        cookie = _cookies(headers.get("cookie", "")).get(COOKIE, "")
        by_bearer = bool(bearer) and hmac.compare_digest(bearer, self.token)
        by_cookie = bool(cookie) and hmac.compare_digest(cookie, self.session)
        if not (by_bearer or by_cookie):
            await _refuse(send, 401, "Open the studio with the link it printed when it started (it carries the "
                                     "access token).", api)
            return
        if scope["method"] not in SAFE_METHODS and not by_bearer and not self._csrf_ok(headers):
            await _refuse(send, 403, "This form is out of date (its safety token is missing); reload the page "
                                     "and try again.", api)
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _refuse(send, 413, f"The request is larger than the {self.max_body // 1024} kB a document may "
                                     "have.", api)
            return
        scope.setdefault("state", {})["csrf"] = self.csrf
        try:
            await self.app(scope, _limited(receive, self.max_body), send)
        except ClientDisconnect:  # the client went, or sent too slowly and was closed: no one to tell
            return
        except Exception as error:  # the app has answered 500 in words already
            # Starlette raises the error again after its 500 page so that the server can log it; a
            # traceback's message may quote what was posted (a typed intake), so only its kind is said.
            print(f"protocolkit studio: internal error ({type(error).__name__}); the request was not carried "
                  "out", file=sys.stderr, flush=True)

    def _csrf_ok(self, headers: dict[str, str]) -> bool:
        given = headers.get("x-csrf-token", "")
        return bool(given) and hmac.compare_digest(given, self.csrf)

    async def _exchange(self, scope: Scope, send: Send, query: dict[str, str]) -> None:
        """Trade the start-up token for the session cookie, then drop it from the address."""
        if not hmac.compare_digest(query.get("token", ""), self.token):
            await _refuse(send, 401, "That access token is not this studio's; use the link it printed.", False)
            return
        rest = urlencode({key: value for key, value in query.items() if key != "token"})
        location = scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{COOKIE}={self.session}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode()),
                                (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


class BodyTooLarge(Exception):
    """A body without a Content-Length ran past the limit while it was read."""


def _limited(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def guarded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(f"the request body is over {limit} bytes")
        return message

    return guarded


def _with_security_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            message["headers"] = [*message.get("headers", []),
                                  *(pair for pair in SECURITY_HEADERS if pair[0] not in names)]
        await send(message)

    return wrapped


def _cookies(header: str) -> dict[str, str]:
    pairs = (part.strip().split("=", 1) for part in header.split(";") if "=" in part)
    return {name: value for name, value in pairs}


async def _refuse(send: Send, status: int, message: str, api: bool) -> None:
    if api:
        body, kind = json.dumps({"error": message}).encode(), b"application/json"
    else:
        from protocolkit.studio.templating import TEMPLATES

        body = TEMPLATES.get_template("problem.html").render(status=status, message=message).encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
