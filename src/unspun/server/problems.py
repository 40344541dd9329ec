"""Errors as RFC 9457 problem responses (`application/problem+json`).

Every error a client can see has the same shape: `type`, `title`, `status`, `detail`, `instance`.
An `UnspunError` keeps its one-line message as `detail` and names its class in `type`; request
validation lists what was wrong in `errors`; anything unexpected is a bare 500 that leaks nothing.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from ..errors import UnspunError

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("unspun.server")


class Problem(BaseModel):
    """An RFC 9457 problem details object (the schema of every error response)."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


def problem_type(exc: UnspunError) -> str:
    """A stable URN naming the error class, e.g. `urn:unspun:problem:fetch-refused`."""
    slug = re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower().removesuffix("-error")
    return f"urn:unspun:problem:{slug}"


def problem(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A problem response; `title` defaults to the HTTP status phrase, as `about:blank` requires."""
    body = Problem(
        type=type_, title=title or HTTPStatus(status).phrase, status=status, detail=detail, instance=instance,
        **extensions,
    )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers, media_type=MEDIA_TYPE)


def from_unspun_error(exc: UnspunError, instance: str | None = None) -> JSONResponse:
    """The problem response of an `UnspunError` (its status, title and one-line message).

    A 500 (a missing or corrupt resource) is the operator's business: its message, which names
    files on the server, goes to the log and the client learns only what kind of failure it was.
    """
    detail = exc.message
    if exc.http_status == 500:
        log.error("%s on %s: %s", type(exc).__name__, instance, exc.message)
        detail = "the server is missing a resource it needs; the details are in its log"
    return problem(exc.http_status, detail, title=exc.title, type_=problem_type(exc), instance=instance,
                   headers=getattr(exc, "headers", None))


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": [str(p) for p in err.get("loc", ())], "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]


def install(app: FastAPI) -> None:
    """Route every error the app can raise through a problem response."""

    @app.exception_handler(UnspunError)
    async def _unspun(request: Request, exc: UnspunError) -> JSONResponse:
        return from_unspun_error(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        return problem(422, f"{'.'.join(first['loc'])}: {first['msg']}", instance=request.url.path, errors=errors)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail) if exc.detail else None, instance=request.url.path,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "the server failed unexpectedly; the error is in its log", instance=request.url.path)
