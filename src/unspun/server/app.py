"""The server: `create_app()` builds the FastAPI application behind `unspun serve`.

One application carries the REST API (`/v1`), the Akismet-compatible endpoints, the web page
(`/`) and its static files, all sharing one settings object and one relational store.
Interactive API docs (Swagger UI, ReDoc) are off: they load scripts from a CDN, which the page's
Content-Security-Policy forbids and an offline machine cannot reach; `/openapi.json` is served.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from ..settings import Settings, get_settings
from . import akismet, api, factcheck_routes, pages
from .problems import Problem, install
from .safety import AnalysisQueue, BodyLimit, SecurityHeaders
from .store import ReportStore

DESCRIPTION = """\
unspun analyses news pages offline and explains what it finds: trust badges and what backs them,
who stands behind the site, who said what, propaganda techniques, check-worthy claims, known
fact-checks and reader comments. Errors are RFC 9457 problem documents (`application/problem+json`).
Write endpoints need `Authorization: Bearer <token>` when the server sets `UNSPUN_API_TOKEN`.
"""


def _version() -> str:
    try:
        return version("unspun")
    except PackageNotFoundError:
        return "dev"


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with every error described as a Problem rather than its default shape
    and every operationId unique (as OpenAPI requires)."""
    if app.openapi_schema:
        return app.openapi_schema
    with warnings.catch_warnings():  # routes serving GET and POST share one operationId; fixed below
        warnings.filterwarnings("ignore", message="Duplicate Operation ID")
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema()
    invalid = {"description": "Invalid request (RFC 9457 problem with an `errors` list)",
               "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    operations = [(method, op) for item in schema.get("paths", {}).values() for method, op in item.items()]
    counts = Counter(op.get("operationId") for _, op in operations)
    for method, operation in operations:
        if counts[operation.get("operationId")] > 1:
            operation["operationId"] = re.sub(r"_[a-z]+$", "", operation["operationId"]) + f"_{method}"
        responses = operation.get("responses", {})
        if "422" in responses and "HTTPValidationError" in json.dumps(responses["422"]):
            responses["422"] = invalid
    if "HTTPValidationError" not in json.dumps(schema["paths"]):
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
    app.openapi_schema = schema
    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application, bound to `settings` (default: the process-wide settings) and its store."""
    settings = settings or get_settings()
    app = FastAPI(
        title="unspun", version=_version(), description=DESCRIPTION,
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.store = ReportStore(settings.db_url)
    app.state.analyses = AnalysisQueue()
    install(app)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)  # added last = outermost, so even a 413 carries the headers
    app.include_router(akismet.router)  # first: matched on every comment-check, so tried first
    app.include_router(api.router)
    app.include_router(factcheck_routes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
