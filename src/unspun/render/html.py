"""Report -> one self-contained HTML file: the article with highlighted spans, findings beside it.

Jinja2 with autoescaping renders every piece of untrusted text (title, body, comments, evidence);
links are emitted only for http(s) URLs, so a `javascript:` URL in a page never becomes clickable.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..report import Article, Block, Finding, Report
from .highlight import Segment, segments

TEMPLATES = Path(__file__).parent / "templates"

#: Plain-language names of the analyzers, for headings.
ANALYZER_TITLES = {
    "badges": "Trust badges",
    "source": "Who stands behind it",
    "quotes": "Who said what",
    "propaganda": "Propaganda techniques",
    "claims": "Check-worthy claims",
    "factchecks": "Known fact-checks",
    "corroboration": "Who else reports it",
    "comments": "Reader comments",
}


def safe_url(value: Any) -> str | None:
    """The URL if it is http(s), else None: only such URLs become links."""
    if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
        return value
    return None


def highlighted(text: str, findings: list[Finding], text_field: str = "body", start: int = 0, end: int | None = None,
                segs: list[Segment] | None = None) -> Markup:
    """Escaped HTML of `text[start:end]` with each covered stretch in a <mark> naming its findings. `segs`: the
    text's `segments`, when the caller renders several stretches of one text (worked out once, not per block)."""
    end = len(text) if end is None else end
    parts: list[str] = []
    for seg in segs if segs is not None else segments(text, findings, text_field):
        a, b = max(seg.start, start), min(seg.end, end)
        if b <= a:
            continue
        piece = escape(text[a:b])
        if seg.marks:
            first = seg.marks[0]
            labels = "; ".join(f"{m.analyzer}: {m.label}" for m in seg.marks)
            ids = " ".join(f"f{m.index}" for m in seg.marks)
            parts.append(
                f'<mark class="hl a-{escape(first.analyzer)}" data-analyzers="'
                f'{escape(" ".join(sorted({m.analyzer for m in seg.marks})))}" data-findings="{ids}" '
                f'title="{escape(labels)}">{piece}</mark>'
            )
        else:
            parts.append(str(piece))
    return Markup("".join(parts))


def body_blocks(article: Article, findings: list[Finding]) -> list[dict[str, Any]]:
    """The body as blocks (paragraphs, blockquotes, headings), each with its highlighted HTML, every character
    once: extraction lists a blockquote and also the paragraphs inside it, which are shown within it."""
    blocks = article.blocks or []
    if not blocks:
        return [{"kind": "paragraph", "html": highlighted(article.text, findings)}]
    quotes = [b for b in blocks if b.kind == "blockquote"]

    def inside(b: Block, q: Block) -> bool:
        return b is not q and q.start <= b.start and b.end <= q.end

    segs = segments(article.text, findings, "body")

    def part(b: Block) -> Markup:
        return highlighted(article.text, findings, "body", b.start, b.end, segs)

    out = []
    for b in blocks:
        if any(inside(b, q) for q in quotes):
            continue
        inner = [p for p in blocks if inside(p, b)] if b.kind == "blockquote" else []
        html = Markup("").join(Markup("<p>%s</p>") % part(p) for p in inner) if inner else part(b)
        out.append({"kind": b.kind, "html": html})
    return out


def grouped(report: Report) -> dict[str, list[tuple[int, Finding]]]:
    """Findings grouped by analyzer, in report order, each with its index (the anchor `f<i>`)."""
    groups: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for i, f in enumerate(report.findings):
        groups[f.analyzer].append((i, f))
    return dict(groups)


def _summary(value: dict[str, Any]) -> str:
    """`key: value, …` of a nested record's plain fields, the empty ones ("notes: , bias: None") left out."""
    return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "", [], {}) and not isinstance(v, (dict, list)))


def evidence_items(evidence: dict[str, Any]) -> list[tuple[str, Any, str | None]]:
    """Flatten evidence into (key, shown value, link) rows; nested values are summarised."""
    rows = []
    for key, value in evidence.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, dict):
            shown = _summary(value)
        elif isinstance(value, list):
            shown = "; ".join(_summary(item) if isinstance(item, dict) else str(item) for item in value[:8])
        else:
            shown = value
        rows.append((key, shown, safe_url(value)))
    return rows


@functools.cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.globals.update(
        safe_url=safe_url, evidence_items=evidence_items, titles=ANALYZER_TITLES, highlighted=highlighted
    )
    return env


def render_html(report: Report) -> str:
    """The full, self-contained HTML document of a report (inline CSS, no script, no remote asset)."""
    return _env().get_template("report.html.j2").render(
        report=report,
        article=report.article,
        blocks=body_blocks(report.article, report.findings),
        groups=grouped(report),
    )
