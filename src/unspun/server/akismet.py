"""Akismet-compatible endpoints: point an Akismet client or plugin here and nothing else changes.

Requests are form-encoded POSTs (the 1.2 statistics endpoints also take GET); replies are the
plain-text bodies Akismet documents (`valid`/`invalid`, `true`/`false`, the thank-you line),
always with status 200 as Akismet does, and its headers (`X-akismet-guid`,
`X-akismet-pro-tip: discard`, `X-akismet-debug-help`), plus `X-unspun-reason` with the reason for
the verdict. The key may come as `api_key`, `key`, or as the first label of the Host name
(`<key>.rest.akismet.com`, how the WordPress plugin sends it).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response

from ..errors import InputError
from ..moderation.comment import Comment
from ..moderation.service import Moderator
from ..moderation.stats import checks_this_month, month_bounds, site_month
from ..moderation.tables import ModSite
from ..moderation.text import host
from ..settings import Settings, get_settings

THANKS = "Thanks for making the web a better place."
_TEXT = "text/plain; charset=utf-8"

_MODERATORS: dict[tuple, Moderator] = {}


@asynccontextmanager
async def _store_queued_events(_app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, store the check events still queued. uvicorn re-raises SIGTERM once it has
    shut down, which ends the process without running `atexit`, so this is where a clean
    stop writes them."""
    yield
    for mod in list(_MODERATORS.values()):
        mod.flush()


router = APIRouter(tags=["akismet"], lifespan=_store_queued_events)

_COMMENT_FIELDS = (
    "api_key blog user_ip user_agent referrer permalink comment_type comment_author comment_author_email "
    "comment_author_url comment_content comment_date_gmt comment_post_modified_gmt comment_parent blog_lang "
    "blog_charset user_role is_test recheck_reason honeypot_field_name guid"
).split()


def _form_body(fields: list[str], required: list[str], arrays: tuple[str, ...] = ()) -> dict:
    """OpenAPI for a form-encoded request body (read by hand, so FastAPI cannot infer it)."""
    props = {name: {"type": "string"} for name in fields}
    props.update({name: {"type": "array", "items": {"type": "string"}} for name in arrays})
    schema = {"type": "object", "properties": props, "required": required, "additionalProperties": True}
    return {"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema}}}}


_CSV_COLUMNS = ("site", "api_calls", "spam", "ham", "missed_spam", "false_positives")
_CHECK_DOC = _form_body(_COMMENT_FIELDS, ["api_key", "blog", "user_ip"], ("comment_context[]",))
_KEY_DOC = _form_body(["key", "api_key", "blog"], ["blog"])

Form = dict[str, list[str]]


def moderator(request: Request) -> Moderator:
    """The moderator for the application's settings (the process-wide ones on a bare app), one
    per store and secret, so its purge clock, model and event queue are shared by all requests;
    remembered on the app, since working out the store's URL costs more than a lookup."""
    state = request.app.state
    found: Moderator | None = getattr(state, "akismet_moderator", None)
    if found is not None:
        return found
    settings: Settings = getattr(state, "settings", None) or get_settings()
    key = (settings.db_url, settings.secret_key, str(settings.data_dir), settings.comment_retention_days)
    if key not in _MODERATORS:
        _MODERATORS[key] = Moderator(settings, write_behind=True)
    state.akismet_moderator = _MODERATORS[key]
    return state.akismet_moderator


async def read_form(request: Request) -> Form:
    """Query string plus url-encoded body, decoded in the charset the client names (WordPress
    sends `charset=<blog_charset>`); a multipart body is read as a form too."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    form: Form = {k: list(v) for k, v in parse_qs(query, keep_blank_values=True).items()} if query else {}
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/"):
        data = await request.form()
        for key, value in data.multi_items():
            if isinstance(value, str):
                form.setdefault(key, []).append(value)
        return form
    body = await request.body()
    charset = "utf-8"
    for part in ctype.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip('"')
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    for key, values in parse_qs(text, keep_blank_values=True, encoding=charset if _known(charset) else "utf-8").items():
        form.setdefault(key, []).extend(values)
    return form


@functools.lru_cache(maxsize=64)
def _known(charset: str) -> bool:
    try:
        "".encode(charset)
    except LookupError:
        return False
    return True


def _one(form: Form, *names: str) -> str:
    for name in names:
        values = form.get(name)
        if values and values[-1].strip():
            return values[-1].strip()
    return ""


def api_key(request: Request, form: Form) -> str:
    """The key from the form, else from a `<key>.<host>` Host name."""
    key = _one(form, "api_key", "key")
    if key:
        return key
    hostname = (request.headers.get("host") or "").split(":")[0]
    labels = hostname.split(".")
    if len(labels) >= 3 and not hostname.replace(".", "").isdigit() and labels[0].isalnum():
        return labels[0]
    return ""


def text(body: str, headers: Mapping[str, str] | None = None) -> PlainTextResponse:
    """A plain-text Akismet reply (status 200, as Akismet answers even `invalid`)."""
    return PlainTextResponse(body, media_type=_TEXT, headers=dict(headers or {}))


def invalid(why: str) -> PlainTextResponse:
    """Akismet's `invalid` with the reason in `X-akismet-debug-help`."""
    return text("invalid", {"X-akismet-debug-help": why})


def _ascii(value: str) -> str:
    """A header-safe rendering of a reason (non-ASCII escaped)."""
    return value.encode("ascii", "backslashreplace").decode("ascii").replace("\r", " ").replace("\n", " ")


def _authorise(
    mod: Moderator, request: Request, form: Form, need_blog: bool, fresh: bool = False
) -> ModSite | PlainTextResponse:
    """The site a request speaks for, or the `invalid` reply that says why not (`fresh`: no
    cached key lookup, for verify-key)."""
    key = api_key(request, form)
    if not key:
        return invalid('Empty "api_key" value')
    blog = _one(form, "blog")
    if need_blog and not blog:
        return invalid('Empty "blog" value')
    site = mod.site_for_key(key, fresh=fresh)
    if site is None:
        return invalid("The API key is not valid or has been revoked.")
    if blog and host(blog) != site.host and not host(blog).endswith("." + site.host):
        return invalid(f"The blog URL does not belong to the site this key was created for ({site.host}).")
    return site


@router.post("/1.1/verify-key", response_class=PlainTextResponse, summary="Verify a key", openapi_extra=_KEY_DOC)
async def verify_key(request: Request) -> Response:
    """`valid` when the key is live and the blog URL is on its site, else `invalid`."""
    form = await read_form(request)
    mod = moderator(request)
    site = await run_in_threadpool(_authorise, mod, request, form, True, True)
    return site if isinstance(site, Response) else text("valid")


def _comment_or_error(form: Form) -> Comment | PlainTextResponse:
    comment = Comment.from_form(form)
    if not comment.user_ip:
        return text("Missing required field: user_ip.", {"X-akismet-debug-help": "Missing required field: user_ip."})
    return comment


def _site_and_comment(mod: Moderator, request: Request, form: Form) -> tuple[ModSite, Comment] | Response:
    """The authorised site and the parsed comment, or the error response that stops the request."""
    site = _authorise(mod, request, form, True)
    if isinstance(site, Response):
        return site
    comment = _comment_or_error(form)
    if isinstance(comment, Response):
        return comment
    return site, comment


@router.post(
    "/1.1/comment-check", response_class=PlainTextResponse, summary="Check a comment", openapi_extra=_CHECK_DOC
)
async def comment_check(request: Request) -> Response:
    """`true` (spam) or `false` (ham), with the check's id and the reason in headers.

    Runs on the event loop, not in a worker thread: a check is about a millisecond of CPU and,
    its event being queued (`moderation/events.py`), three indexed reads that never wait for a
    writer; the hand-off to a pool thread and back only added CPU and GIL switches to each."""
    form = await read_form(request)
    mod = moderator(request)
    checked = _site_and_comment(mod, request, form)
    if isinstance(checked, Response):
        return checked
    site, comment = checked
    verdict = mod.check(site, comment)
    headers = {"X-akismet-guid": verdict.guid, "X-unspun-reason": _ascii(verdict.reason)}
    if verdict.discard:
        headers["X-akismet-pro-tip"] = "discard"
    return text("true" if verdict.spam else "false", headers)


async def _submit(request: Request, spam: bool) -> Response:
    form = await read_form(request)
    mod = moderator(request)

    def work() -> Response:
        checked = _site_and_comment(mod, request, form)
        if isinstance(checked, Response):
            return checked
        site, comment = checked
        mod.report(site, comment, spam)
        return text(THANKS)

    return await run_in_threadpool(work)


@router.post("/1.1/submit-spam", response_class=PlainTextResponse, summary="Report spam", openapi_extra=_CHECK_DOC)
async def submit_spam(request: Request) -> Response:
    """Learn that a comment is spam; the site's next check of it or its near-duplicates says so."""
    return await _submit(request, True)


@router.post("/1.1/submit-ham", response_class=PlainTextResponse, summary="Report ham", openapi_extra=_CHECK_DOC)
async def submit_ham(request: Request) -> Response:
    """Learn that a comment is ham; it and its near-duplicates are not flagged again on the site."""
    return await _submit(request, False)


@router.api_route("/1.2/key-sites", methods=["GET", "POST"], summary="Sites using a key, with monthly counts")
async def key_sites(request: Request) -> Response:
    """JSON `{month: [rows], limit, offset, total}` or CSV (`format=csv`), as Akismet documents."""
    form = await read_form(request)
    mod = moderator(request)

    def work() -> Response:
        site = _authorise(mod, request, form, False)
        if isinstance(site, Response):
            return site
        try:
            label, start, end = month_bounds(_one(form, "month") or None)
            limit = int(_one(form, "limit") or 500)
            offset = int(_one(form, "offset") or 0)
        except (InputError, ValueError) as exc:
            return invalid(getattr(exc, "message", "limit and offset must be integers"))
        mod.flush()  # count the checks still queued
        with mod.sessions() as db:
            rows = [site_month(db, site, start, end)]
        wanted = _one(form, "filter")
        rows = [r for r in rows if not wanted or wanted.lower() in r["site"]]
        order = _one(form, "order") or "total"
        column = "api_calls" if order == "total" else order
        rows.sort(key=lambda r: -int(r.get(column, 0)))
        page = rows[offset : offset + limit]
        if _one(form, "format") == "csv":
            lines = [
                f"Active sites for {api_key(request, form)} during {label} "
                f"(limit:{limit}, offset: {offset}, total: {len(rows)})",
                "Site,Total API Calls,Spam,Ham,Missed Spam,False Positives,Is Revoked",
            ] + [
                ",".join([*(str(r[c]) for c in _CSV_COLUMNS), str(r["is_revoked"]).lower()])
                for r in page
            ]
            return Response("\n".join(lines) + "\n", media_type="text/csv; charset=utf-8")
        body = {label: page, "limit": limit, "offset": offset, "total": len(rows)}
        return Response(json.dumps(body), media_type="application/json")

    return await run_in_threadpool(work)


@router.api_route("/1.2/usage-limit", methods=["GET", "POST"], summary="This month's usage against the limit")
async def usage_limit(request: Request) -> Response:
    """`{"limit": "none", "usage": n, "percentage": "0.00", "throttled": false}`: a local filter has no quota."""
    form = await read_form(request)
    mod = moderator(request)

    def work() -> Response:
        site = _authorise(mod, request, form, False)
        if isinstance(site, Response):
            return site
        mod.flush()
        with mod.sessions() as db:
            usage = checks_this_month(db, site)
        body = {"limit": "none", "usage": usage, "percentage": "0.00", "throttled": False}
        return Response(json.dumps(body), media_type="application/json")

    return await run_in_threadpool(work)


def skip_access_log(record: logging.LogRecord) -> bool:
    """A filter for uvicorn's access log that leaves out the Akismet endpoints: a site sends one
    request per comment, so their lines would drown the log and cost each check time; the
    moderation store keeps its own record of every call (`/1.2/key-sites`)."""
    args = record.args if isinstance(record.args, tuple) else ()
    return not (len(args) > 2 and isinstance(args[2], str) and args[2].startswith(("/1.1/", "/1.2/")))


def standalone_app() -> FastAPI:
    """The Akismet-compatible endpoints alone, for a moderation-only deployment:
    `uvicorn --factory unspun.server.akismet:standalone_app` (`unspun serve` serves them too)."""
    app = FastAPI(title="unspun moderation (Akismet-compatible)", docs_url=None, redoc_url=None)
    app.state.settings = get_settings()
    app.include_router(router)
    return app
