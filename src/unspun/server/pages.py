"""The web page: a form to paste a URL, HTML or text, the history, and the report view.

Server-rendered with Jinja2 (autoescaping on for every template) and reusing the HTML renderer's
highlighter, so the page and `--format html` mark the same spans the same way. The only script
is `static/app.js` (submit without reloading, filter by analyzer); the page works without it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader

from ..render import html as report_html
from ..report import Finding, Report
from .store import ReportNotFound

UI = Path(__file__).parent / "ui"
STATIC = UI / "static"

router = APIRouter(include_in_schema=False)


@functools.cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(UI / "templates"), autoescape=True)
    env.globals.update(
        highlighted=report_html.highlighted,
        safe_url=report_html.safe_url,
        evidence_items=report_html.evidence_items,
        titles=report_html.ANALYZER_TITLES,
    )
    return env


def _page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_env().get_template(template).render(**context), status_code=status)


def _by_field(findings: list[Finding], analyzer: str) -> dict[str, list[tuple[int, Finding]]]:
    """One analyzer's (index, finding) pairs keyed by the text field their spans point into (`badges[0]`, ...)."""
    out: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.analyzer == analyzer:
            for field in dict.fromkeys(s.field for s in f.spans):
                out[field].append((i, f))
    return out


def report_view(report: Report) -> dict[str, Any]:
    """What the report template shows: highlighted texts, verdicts beside badges and comments, profiles."""
    article, findings = report.article, report.findings
    badge_verdicts = _by_field(findings, "badges")
    comment_verdicts = _by_field(findings, "comments")
    return {
        "report": report,
        "article": article,
        "title_html": report_html.highlighted(article.title or "", findings, "title"),
        "blocks": report_html.body_blocks(article, findings),
        "groups": report_html.grouped(report),
        "badges": [
            {"badge": b, "html": report_html.highlighted(b.text, findings, f"badges[{i}]"),
             "verdicts": badge_verdicts.get(f"badges[{i}]", [])}
            for i, b in enumerate(article.badges)
        ],
        "comments": [
            {"comment": c, "html": report_html.highlighted(c.text, findings, f"comments[{i}]"),
             "verdicts": comment_verdicts.get(f"comments[{i}]", [])}
            for i, c in enumerate(article.comments)
        ],
        "profiles": [f for f in findings if f.analyzer == "source" and f.kind in ("publisher", "cited_outlet")],
    }


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The form and the history of earlier analyses."""
    return _page("index.html.j2", history=request.app.state.store.page(limit=50))


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: str) -> HTMLResponse:
    """One stored report: the article with highlighted spans, findings beside it."""
    store = request.app.state.store
    try:
        summary, report = store.get(report_id)
    except ReportNotFound as exc:
        return _page("index.html.j2", 404, history=store.page(limit=50), error=exc.message)
    return _page("report.html.j2", summary=summary, **report_view(report))


@router.get("/static/report.css")
def report_css() -> FileResponse:
    """The report renderer's stylesheet, shared with the page (served, not copied)."""
    return FileResponse(report_html.TEMPLATES / "report.css", media_type="text/css")
