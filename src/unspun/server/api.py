"""The REST API under `/v1`: analyse a page, list and reopen stored reports, look up sources,
search and add fact-checks. Every error is an RFC 9457 problem (see `problems.py`).
"""

from __future__ import annotations

import json
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.exceptions import HTTPException

from ..report import Report
from .analysis import AnalyzeRequest, run_analysis
from .safety import REPORT_CSP, require_token
from .store import ReportPage

router = APIRouter(prefix="/v1")

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for problem responses with these statuses."""
    ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {status: {"description": "Problem (RFC 9457)", "content": {"application/problem+json": ref}} for status in statuses}


_HTML_REPORT = {"text/html": {"schema": {"type": "string"}, "example": "<!doctype html>..."}}
_ANALYZE_BODY = {
    "required": True,
    "content": {
        media: {"schema": AnalyzeRequest.model_json_schema()} for media in ("application/json", *_FORMS)
    },
}


def wants_html(accept: str) -> bool:
    """True when the Accept header prefers HTML to JSON (a tie, `*/*` or no header means JSON)."""
    html = json_q = 0.0
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media = media.lower()
        if media in ("text/html", "application/xhtml+xml", "text/*"):
            html = max(html, q)
        elif media in ("application/json", "application/*", "*/*"):
            json_q = max(json_q, q)
    return html > json_q


def report_response(request: Request, report: Report, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """The report as JSON, or as the self-contained HTML rendering when the client asks for HTML."""
    headers = dict(headers or {})
    if wants_html(request.headers.get("accept", "")):
        from ..render.html import render_html

        headers["Content-Security-Policy"] = REPORT_CSP
        return HTMLResponse(render_html(report), status_code=status, headers=headers)
    return Response(report.model_dump_json(), status_code=status, media_type="application/json", headers=headers)


def json_body(body: bytes) -> Any:
    """A request body parsed as JSON; anything else is a 400 that says why (never a 500)."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:  # UnicodeDecodeError is a ValueError; named for the reader
        raise HTTPException(400, f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise HTTPException(400, "the body is not valid JSON: it is nested too deeply") from None


async def _form_fields(request: Request) -> dict[str, str]:
    """The non-empty fields of a form. A field sent as a file (`curl -F source=@page.html`) is the page's
    bytes, decoded as a page is (charset, size cap, binary refused); it used to be dropped, and the
    client told it had sent nothing."""
    from ..page import decode

    settings = request.app.state.settings
    form = await request.form(max_part_size=settings.max_request_bytes)
    data = {}
    for key, value in form.items():
        if not isinstance(value, str):
            value = decode(await value.read(), max_bytes=settings.max_bytes, what=f"the uploaded {key} file").text
        if value.strip():
            data[key] = value
    return data


async def _payload(request: Request) -> AnalyzeRequest:
    """The analyse request from a JSON or form body (empty form fields are ignored)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        data = json_body(await request.body())
    elif media in _FORMS:
        data = await _form_fields(request)
    else:
        raise HTTPException(415, "send the page as JSON or as a form (application/x-www-form-urlencoded or multipart/form-data)")
    if not isinstance(data, dict):
        raise HTTPException(400, "the JSON body must be an object")
    try:
        return AnalyzeRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


@router.post(
    "/analyze",
    status_code=201,
    response_model=Report,
    summary="Analyse a page",
    dependencies=[Depends(require_token)],
    openapi_extra={"requestBody": _ANALYZE_BODY},
    responses={
        201: {"description": "The report (stored; `Location` names it)", "content": _HTML_REPORT},
        **problems(400, 401, 413, 415, 422, 502, 503, 504),
    },
)
async def analyze(
    request: Request,
    analyzers: str | None = Query(None, description="Comma-separated analyzers to run (default: all); see /v1/analyzers."),
) -> Response:
    """Fetch (URL) or read (HTML, text) one page, run the analyzers and the scorer, store and return the report.

    Send JSON or a form with exactly one of `url`, `html`, `text` or `source`. With `Accept: text/html`
    the answer is the self-contained HTML rendering instead of the JSON report.
    """
    state = request.app.state
    payload = await _payload(request)
    report, ran = await state.analyses.run(
        lambda: run_analysis(payload, analyzers, state.settings), state.settings.request_timeout
    )
    summary = await anyio.to_thread.run_sync(state.store.add, report, ran)
    location = f"/v1/reports/{summary.id}"
    return report_response(request, report, 201, {"Location": location, "X-Report-Id": summary.id})


@router.get("/reports", response_model=ReportPage, summary="List stored reports", responses=problems(422))
def list_reports(
    request: Request,
    limit: int = Query(20, ge=1, le=100, description="How many reports to return."),
    offset: int = Query(0, ge=0, description="How many of the newest to skip."),
) -> ReportPage:
    """Stored reports, newest first."""
    return request.app.state.store.page(limit=limit, offset=offset)


@router.get(
    "/reports/{report_id}",
    response_model=Report,
    summary="One stored report",
    responses={200: {"content": _HTML_REPORT}, **problems(404)},
)
def get_report(request: Request, report_id: str) -> Response:
    """A stored report as JSON, or as HTML with `Accept: text/html`."""
    _, report = request.app.state.store.get(report_id)
    return report_response(request, report)


class SourceRating(BaseModel):
    """One list's rating of a source, with its provenance."""

    model_config = ConfigDict(extra="allow")

    list: str
    label: str | None = None
    date: str | None = None
    url: str | None = None
    domain: str | None = None
    layer: str | None = None
    factuality: str | None = None
    bias: str | None = None
    categories: list[str] = []


class SourceProfile(BaseModel):
    """What the bundled and user lists say about a publisher (an unknown source has no ratings)."""

    model_config = ConfigDict(extra="allow")

    query: str
    domain: str | None
    name: str | None
    factuality: str | None
    bias: str | None
    categories: list[str]
    aliases: list[str]
    ratings: list[SourceRating]
    via: list[str] | None = None
    state_media: dict[str, Any] | None = None
    disagreement: dict[str, Any] | None = None


@router.get("/sources/{query:path}", response_model=SourceProfile,
            summary="A source's profile", responses=problems(422))
def source(query: str) -> dict[str, Any]:
    """The profile of a domain, any URL of it, or an outlet's name, from the bundled rating lists."""
    from ..sources import lookup

    return lookup(query)


class AnalyzerInfo(BaseModel):
    """One registered analyzer."""

    name: str
    description: str
    version: str


@router.get("/analyzers", response_model=list[AnalyzerInfo], summary="The analyzers, in report order", responses=problems(500))
def analyzers() -> list[AnalyzerInfo]:
    """What `?analyzers=` can name."""
    from ..analyzers import registry

    return [AnalyzerInfo(name=a.name, description=a.description, version=a.version) for a in registry().values()]

