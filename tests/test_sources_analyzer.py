"""The `source` analyzer and the outlet gazetteer: publisher, cited outlets, spans and shares."""

from __future__ import annotations

import pytest

from unspun.analyzers.source import analyze
from unspun.parse import parse
from unspun.report import Article, Block, Link
from unspun.sources import find_outlets


def _article(paragraphs: list[tuple[str, str]], **meta) -> Article:
    """An Article whose body is the paragraphs joined by blank lines, with one block per paragraph."""
    text, blocks = "", []
    for kind, para in paragraphs:
        if text:
            text += "\n\n"
        blocks.append(Block(start=len(text), end=len(text) + len(para), kind=kind))
        text += para
    return Article(text=text, blocks=blocks, **meta)


@pytest.fixture(scope="module")
def relayed() -> Article:
    return _article(
        [
            ("paragraph", "The president spoke on Thursday, according to Reuters."),
            ("paragraph", "Press TV reports:"),
            ("blockquote", "The president said a ceasefire was practically non-existent. He said the city would fall soon "
                           "and that the war would change course. Officials in the capital agreed with him."),
            ("paragraph", "Another official told CNN that the talks had stalled. The week ended quietly."),
            ("paragraph", "The Week is a magazine, and the week was long."),
        ],
        canonical_url="https://www.thepeoplesvoice.tv/assad-story/",
        url="https://m.example.org/mirror-of-story",
        links=[Link(href="https://www.rt.com/news/123", text="RT"), Link(href="/category/world/", text="World"),
               Link(href="https://thepeoplesvoice.tv/other", text="more")],
    )


def test_publisher_comes_from_the_canonical_url_with_earlier_names(relayed: Article) -> None:
    publisher = [f for f in analyze(relayed, None) if f.kind == "publisher"]
    assert len(publisher) == 1
    evidence = publisher[0].evidence
    assert evidence["domain"] == "thepeoplesvoice.tv" and evidence["from"] == "canonical_url"
    assert evidence["via"] == ["newspunch.com", "yournewswire.com"]
    assert publisher[0].label == evidence["factuality"] == "very-low"
    assert "yournewswire.com" in publisher[0].message and "OpenSources" in publisher[0].message


def test_publisher_falls_back_to_url_then_site_name() -> None:
    by_url = analyze(_article([("paragraph", "Text.")], url="https://amp.presstv.ir/Detail/1"), None)
    assert by_url[0].evidence["domain"] == "presstv.ir" and by_url[0].evidence["from"] == "url"
    by_name = analyze(_article([("paragraph", "Text.")], site_name="Press TV"), None)
    assert by_name[0].evidence["domain"] == "presstv.com" and by_name[0].evidence["from"] == "site_name"
    nothing = analyze(_article([("paragraph", "Text.")]), None)
    assert [f.kind for f in nothing] == []


def test_cited_outlets_with_spans_and_the_blockquote_share(relayed: Article) -> None:
    cited = {f.evidence["domain"]: f for f in analyze(relayed, None) if f.kind == "cited_outlet"}
    assert set(cited) == {"presstv.com", "reuters.com", "cnn.com", "rt.com"}  # not the publisher's own link
    press = cited["presstv.com"]
    assert [relayed.span_text(s) for s in press.spans] == ["Press TV"]
    assert press.evidence["state_media"]["description"] == "Iranian state media"
    quote = next(b for b in relayed.blocks if b.kind == "blockquote")
    assert any(s <= quote.start and quote.end <= e for s, e in press.evidence["attributed"])
    assert press.evidence["share_of_body"] > 0.5 and "reports" in press.evidence["cues"]
    assert cited["reuters.com"].evidence["share_of_body"] < 0.2
    assert "told" in cited["cnn.com"].evidence["cues"][0]
    assert cited["rt.com"].evidence["linked"] and cited["rt.com"].evidence["share_of_body"] == 0
    assert "Russian state media" in cited["rt.com"].message


def test_ordinary_words_are_not_outlets() -> None:
    text = "The week was long. Time will tell, people said. In New York, the hill was quiet. Last week, the guardian of the city spoke."
    assert find_outlets(text) == []
    cited = find_outlets("Officials told the Hill on Monday. The Hill reports a vote. Fiona Hill said no.")
    assert [(m["text"], m["domain"]) for m in cited] == [("the Hill", "thehill.com"), ("The Hill", "thehill.com")]


def test_names_from_the_parse_and_domains_in_text() -> None:
    text = "“The decision is taken,” al-Mayadeen quoted the president as saying. Breitbart.com published it first."
    mentions = find_outlets(text, parse(text).doc)
    found = {m["domain"]: m for m in mentions}
    assert found["almayadeen.net"]["cited"] and found["almayadeen.net"]["text"] == "al-Mayadeen"
    assert found["breitbart.com"]["method"] == "domain" and found["breitbart.com"]["cue"] == "published"
    assert found["almayadeen.net"]["profile"]["state_media"]["state"] == "Syria; Iran"


def test_a_rating_given_to_two_domains_of_one_outlet_is_named_once() -> None:
    """OpenSources rates presstv.com and presstv.ir alike; the message said "OpenSources: bias, unreliable" twice."""
    article = _article([("paragraph", "Text.")], url="https://www.presstv.com/Detail/1")
    message = analyze(article, None)[0].message
    assert message.count("OpenSources: bias, unreliable") == 1 and "(as presstv.ir)" not in message
    assert "Wikipedia perennial sources" in message


def test_the_example_page(example_html) -> None:
    from unspun import page
    from unspun.extract import extract
    from unspun.settings import get_settings

    article = extract(page.load(str(example_html), settings=get_settings()))
    findings = analyze(article, parse(article.text))
    publisher = next(f for f in findings if f.kind == "publisher")
    assert publisher.evidence["domain"] == "thepeoplesvoice.tv"
    assert "yournewswire.com" in publisher.evidence["via"]
    labels = {r["label"] for r in publisher.evidence["ratings"] if r["list"] == "OpenSources"}
    assert labels == {"clickbait, junksci"}
    cited = {f.evidence["domain"]: f for f in findings if f.kind == "cited_outlet"}
    assert cited["presstv.com"].evidence["state_media"]["state"] == "Iran"
    assert 0.4 < cited["presstv.com"].evidence["share_of_body"] < 0.8
    assert "almayadeen.net" in cited


def test_the_example_page_in_all_three_renderers(example_html) -> None:
    from rich.console import Console

    from unspun.pipeline import analyze as analyze_page
    from unspun.render.html import render_html
    from unspun.render.terminal import render_terminal

    report = analyze_page(str(example_html), only="source")
    console = Console(record=True, width=200)
    render_terminal(report, console)
    outputs = {"terminal": console.export_text(), "json": report.model_dump_json(), "html": render_html(report)}
    for name, out in outputs.items():
        for expected in ("thepeoplesvoice.tv", "yournewswire.com", "Iranian state media", "almayadeen.net", "clickbait, junksci"):
            assert expected in out, (name, expected)
