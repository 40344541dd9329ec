"""Renderers: highlighting segments, escaping of untrusted text, JSON schema."""

from __future__ import annotations

import json

from rich.console import Console

from unspun.render.highlight import segments
from unspun.render.html import render_html
from unspun.render.terminal import render_terminal
from unspun.report import Article, Badge, Block, Comment, Finding, Report, Score, Span

EVIL = '<script>window.__pwned=1</script>'


def _report() -> Report:
    body = f"Officials said the terrorist agents {EVIL} fled. Second paragraph here."
    start = body.index("terrorist agents")
    article = Article(
        title=f"Title {EVIL}",
        text=body,
        blocks=[Block(start=0, end=body.index(" Second")), Block(start=body.index("Second"), end=len(body), kind="blockquote")],
        comments=[Comment(author=f"bob{EVIL}", text=f"nice {EVIL}")],
        badges=[Badge(text="Fact checked")],
        canonical_url="javascript:alert(1)",
    )
    findings = [
        Finding(analyzer="propaganda", kind="technique", label="Loaded_Language", score=0.9,
                spans=[Span(start=start, end=start + 16)], message="emotive words", evidence={"note": EVIL}),
        Finding(analyzer="quotes", kind="quote", label="indirect", spans=[Span(start=0, end=body.index(" Second"))],
                evidence={"url": "javascript:alert(2)"}),
        Finding(analyzer="badges", kind="badge", label="unsubstantiated", spans=[Span(start=0, end=12, field="badges[0]")]),
    ]
    return Report(article=article, findings=findings, score=Score(value=20, label="unreliable"))


def test_segments_cover_text_once_and_nest_marks():
    report = _report()
    segs = segments(report.article.text, report.findings)
    assert "".join(s.text for s in segs) == report.article.text
    loaded = [s for s in segs if s.text == "terrorist agents"]
    assert loaded and {m.analyzer for m in loaded[0].marks} == {"propaganda", "quotes"}
    # badge spans live in another field and are not highlighted in the body
    assert all(m.analyzer != "badges" for s in segs for m in s.marks)


def test_html_escapes_untrusted_text_everywhere():
    html = render_html(_report())
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") >= 4  # title (twice: <title> and <h1>), body, comment, evidence
    assert 'href="javascript' not in html
    assert '<mark class="hl a-propaganda"' in html or 'a-quotes' in html
    assert "<blockquote>" in html


def test_html_shows_a_blockquote_and_its_paragraphs_once():
    """Extraction lists a blockquote and the paragraphs inside it; the HTML body (CLI and web page) showed them twice."""
    text = "Press TV reports:\n\nFirst relayed paragraph.\n\nSecond relayed paragraph.\n\nOwn closing line."
    at = {p: (text.index(p), text.index(p) + len(p)) for p in text.split("\n\n")}
    first, second = at["First relayed paragraph."], at["Second relayed paragraph."]
    blocks = [Block(start=s, end=e) for s, e in at.values()] + [Block(start=first[0], end=second[1], kind="blockquote")]
    report = Report(article=Article(text=text, blocks=blocks), findings=[], score=Score(value=50, label="mixed"))
    body = render_html(report)
    for paragraph in at:
        assert body.count(paragraph) == 1, paragraph
    quoted = body[body.index("<blockquote>") : body.index("</blockquote>")]
    assert "First relayed" in quoted and "Second relayed" in quoted and "Own closing" not in quoted


def test_terminal_report_mentions_verdict_and_findings():
    console = Console(record=True, width=100)
    render_terminal(_report(), console)
    out = console.export_text()
    assert "unreliable" in out and "Loaded_Language" in out and "unsubstantiated" in out


def test_report_json_round_trips_and_schema_names_fields():
    report = _report()
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    schema = Report.model_json_schema()
    assert {"article", "findings", "score", "reasons", "timings", "versions"} <= set(schema["properties"])
    json.dumps(schema)


def test_terminal_report_prints_article_text_verbatim_not_as_markup():
    report = _report()
    report.findings[0].message = "quoted: [bold red]not markup[/bold red]"
    console = Console(record=True, width=120)
    render_terminal(report, console)
    assert "[bold red]not markup[/bold red]" in console.export_text()


def test_the_declared_genre_is_shown_beside_the_date():
    """An opinion column (NYT 'Opinion | …', SCMP's OpinionNewsArticle) was reported like news, with no word of its genre."""
    report = _report()
    report.article.date, report.article.genre = "2020-01-20", "opinion"
    console = Console(record=True, width=120)
    render_terminal(report, console)
    assert "2020-01-20   opinion" in console.export_text()
    assert '<span class="genre">opinion</span>' in render_html(report)
    assert json.loads(report.model_dump_json())["article"]["genre"] == "opinion"
