"""What keeps the server safe to expose: a body-size cap, a time limit on analyses, an optional
bearer token for write endpoints, and security headers (a strict Content-Security-Policy) on
every response. There is deliberately no CORS middleware: other origins cannot call the API
from a browser unless an operator puts a proxy in front that allows it.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import UnspunError
from .problems import problem

T = TypeVar("T")

#: The web page's policy: scripts, styles and requests only from this origin, nothing inline.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: The self-contained report rendering carries its CSS inline and runs no script at all.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

_HEADERS = {
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware adding `_HEADERS` to every response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware refusing request bodies over `limit` bytes with a 413 problem.

    A declared Content-Length over the limit is refused before anything is read; a chunked body
    is counted as it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _error(self) -> HTTPException:
        return HTTPException(413, f"the request body exceeds the server's limit of {self.limit} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            error = self._error()
            await problem(413, str(error.detail), instance=scope.get("path"))(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise self._error()  # FastAPI re-raises HTTPException from body parsing as is
            return message

        await self.app(scope, limited_receive, send)


class Unauthorized(UnspunError):
    """A write request without the bearer token the server was configured with."""

    http_status = 401
    title = "Token required"
    headers = {"WWW-Authenticate": 'Bearer realm="unspun"'}


class AnalysisTimeout(UnspunError):
    """An analysis that ran past the per-request time limit."""

    http_status = 504
    title = "Analysis took too long"


_bearer = HTTPBearer(
    auto_error=False,
    description="Needed for write endpoints only when the server sets `UNSPUN_API_TOKEN`.",
)


def require_token(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> None:
    """Dependency of write endpoints: checks `Authorization: Bearer <token>` when a token is configured."""
    expected = request.app.state.settings.api_token
    if not expected:
        return
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("this endpoint needs the server's API token as `Authorization: Bearer <token>`")


class ServerBusy(UnspunError):
    """More analyses waiting than the queue holds."""

    http_status = 503
    title = "Server busy"
    headers = {"Retry-After": "10"}


class AnalysisQueue:
    """Analyses are CPU-bound: run about one per core at a time, queue up to `max_waiting` more.

    The time limit covers the analysis itself, not its wait in the queue, so a burst of requests
    is served late rather than failed; a queue that is full answers 503 at once.
    """

    def __init__(self, workers: int | None = None, max_waiting: int = 64) -> None:
        self.limiter = anyio.CapacityLimiter(workers or max(2, os.cpu_count() or 2))
        self.max_waiting = max_waiting

    async def run(self, fn: Callable[[], T], seconds: float) -> T:
        """Run blocking `fn` in a worker thread once a slot is free; past `seconds` answer 504.

        A thread cannot be killed: a timed-out analysis finishes in the background, its result
        dropped, and its slot goes to the next request at once.
        """
        if self.limiter.statistics().tasks_waiting >= self.max_waiting:
            raise ServerBusy(f"{self.max_waiting} analyses are already waiting; try again shortly")
        async with self.limiter:
            try:
                with anyio.fail_after(seconds):
                    return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
            except TimeoutError:
                raise AnalysisTimeout(f"the analysis took longer than the server's limit of {seconds:g} s") from None
