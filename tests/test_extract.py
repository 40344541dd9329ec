"""Extraction of the example page (HTML and its plain text) and of the hostile-markup page."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.extract import extract, extract_html, extract_text
from unspun.page import load
from unspun.report import Article
from unspun.settings import Settings

PAGES = Path(__file__).parent / "pages"
TITLE = "Assad Says Aleppo Victory Will Change Course Of War In Syria"
FURNITURE = ["Leave a Reply", "Your email address", "Akismet", "Share this", "Previous story", "Newsletter", "Recent Posts", "Posted in"]


@pytest.fixture(scope="module")
def html_article(example_html: Path) -> Article:
    return extract(load(str(example_html), settings=Settings()))


@pytest.fixture(scope="module")
def text_article(example_txt: Path) -> Article:
    return extract(load(str(example_txt), settings=Settings()))


def paragraphs(article: Article) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks if b.kind == "paragraph"]


def test_example_metadata(html_article: Article) -> None:
    assert html_article.title == TITLE
    assert html_article.date == "2016-12-08"
    assert html_article.domain == "thepeoplesvoice.tv"
    assert html_article.canonical_url.startswith("https://thepeoplesvoice.tv/")
    assert html_article.site_name == "The People's Voice"
    assert html_article.byline is None
    assert html_article.language == "en"
    assert html_article.source_format == "html"


def test_example_body(html_article: Article) -> None:
    paras = paragraphs(html_article)
    assert len(paras) == 13
    assert "two-thirds of the territory" in paras[-1]
    assert html_article.text.endswith(paras[-1])
    assert TITLE not in html_article.text
    assert not any(word in html_article.text for word in FURNITURE)
    assert "Dear Mr. Assad" not in html_article.text and "Fact checked" not in html_article.text


def test_example_blockquote_follows_the_relay_line(html_article: Article) -> None:
    quotes = [b for b in html_article.blocks if b.kind == "blockquote"]
    assert len(quotes) == 1
    paras = [b for b in html_article.blocks if b.kind == "paragraph"]
    relay = next(i for i, b in enumerate(paras) if html_article.text[b.start : b.end] == "Press TV reports:")
    assert quotes[0].start == paras[relay + 1].start
    assert quotes[0].end == paras[-1].end


def test_example_comment_and_badge(html_article: Article) -> None:
    assert [c.author for c in html_article.comments] == ["Anonymous"]
    comment = html_article.comments[0]
    assert comment.text.startswith("Dear Mr. Assad") and comment.text.endswith("in full bloom.")
    assert comment.date and comment.date.startswith("2016-12-08")
    assert [(b.text, b.origin) for b in html_article.badges] == [("Fact checked", "text")]


def test_plain_text_reads_like_the_html(html_article: Article, text_article: Article) -> None:
    assert text_article.source_format == "text"
    assert text_article.title == html_article.title
    assert text_article.text == html_article.text
    assert [b.text for b in text_article.badges] == ["Fact checked"]
    assert [c.text for c in text_article.comments] == [c.text for c in html_article.comments]
    assert len(paragraphs(text_article)) == 13
    assert text_article.date is None and text_article.domain is None


def test_blocks_tile_the_body(html_article: Article) -> None:
    paras = [b for b in html_article.blocks if b.kind != "blockquote"]
    assert paras[0].start == 0 and paras[-1].end == len(html_article.text)
    for a, b in zip(paras, paras[1:]):
        assert html_article.text[a.end : b.start] == "\n\n"


def test_links_carry_offsets() -> None:
    html = (
        "<html><body><article><h1>Rates</h1>"
        + "<p>The central bank of a made-up country raised rates, <a href='/report/2024'>its report says</a>, "
        "for the third time this year, and lenders followed within a day.</p>" * 3
        + "</article></body></html>"
    )
    article = extract_html(html, url="https://news.example.com/a/b")
    assert article.links
    for link in article.links:
        assert link.href == "https://news.example.com/report/2024"
        assert article.text[link.start : link.end] == "its report says"


def test_hostile_markup_stays_text() -> None:
    article = extract(load(str(PAGES / "script.html"), settings=Settings()))
    assert '<script>alert("title")</script>' in article.title
    assert '<script>alert("body")</script>' in article.text
    assert article.comments[0].author == '<script>alert("author")</script>'
    assert article.comments[0].text.startswith('<script>alert("comment")</script>')


def test_plain_text_header_wrapping_and_quotes() -> None:
    text = (
        "Storm Closes Coastal Road\n"
        "By Dana Whitlock\n"
        "March 3, 2024\n\n"
        "Verified\n\n"
        "A storm in an invented county closed the coastal road on\n"
        "Sunday after waves pushed shingle across both lanes near\n"
        "the harbour.\n\n"
        "> Crews will work through the night, the council said in\n"
        "> a statement issued at six.\n\n"
        "The road is expected to reopen on Tuesday.\n"
    )
    article = extract_text(text)
    assert article.title == "Storm Closes Coastal Road"
    assert article.byline == "Dana Whitlock" and article.date == "2024-03-03"
    assert [b.text for b in article.badges] == ["Verified"]
    paras = paragraphs(article)
    assert paras[0].startswith("A storm") and paras[0].endswith("near the harbour.")
    quote = next(b for b in article.blocks if b.kind == "blockquote")
    assert article.text[quote.start : quote.end].startswith("Crews will work through the night, the council said in a")
    assert paras[-1] == "The road is expected to reopen on Tuesday."


def test_teaser_and_newsletter_lines_are_not_body() -> None:
    """Lines a real-page review found ranked as check-worthy claims (RT, Express): link teasers and share prompts."""
    furniture = [
        "Also on rt.com Journalists & politicians from the ruling party threatened with arrest",
        "SEE MORE: Hong Kong protests: 800 students under siege in university",
        "READ MORE: China plague outbreak confirmed in Beijing",
        "Like this story? Share it with a friend!",
        "Related: The 15 Weirdest Galaxies in Our Universe",
        "Click here to subscribe to The Paradigm Newsletter",
        "More:",
        "Continued below...",
        "We’d like to hear what you think about this or any of our articles. Here are some tips.",
    ]
    body = ["Officials said the harbour road would reopen on Tuesday after repairs.",
            "More than 40 crews worked overnight, the council said.", "Read more about the repairs on the council site, it added."]
    article = extract_text("Road Reopens\n\n" + "\n\n".join([body[0], *furniture, *body[1:]]) + "\n")
    assert paragraphs(article) == body


def test_the_site_name_is_not_part_of_the_title() -> None:
    """"… deaths - The Paradigm": the headline is what the claims model and the fact-check search read."""
    html = ("<html><head><title>Senate adjourns over two deaths - The Paradigm</title>"
            '<meta property="og:site_name" content="The Paradigm"></head><body><article><h1>Senate adjourns over two '
            "deaths - The Paradigm</h1><p>" + "The Senate adjourned on Tuesday after the deaths of two members. " * 5
            + "</p></article></body></html>")
    article = extract_html(html)
    assert article.site_name == "The Paradigm" and article.title == "Senate adjourns over two deaths"
    assert extract_html(html.replace(" - The Paradigm", " - a report")).title.endswith("- a report")
    assert extract_html(html.replace('content="The Paradigm"', 'content="https://paradigm.example"')).site_name is None


@pytest.mark.parametrize("author, site, byline", [
    ("Phil Helsel is a reporter for NBC News.", "NBC News", "Phil Helsel"),
    ("JERUSALEM POST STAFF NOVEMBER", "The Jerusalem Post", "JERUSALEM POST STAFF"),
    ("Finian Cunningham Sputnik International", "Sputnik International", "Finian Cunningham"),
    ("By ERIC TUCKER Associated Press", "AP NEWS", "ERIC TUCKER"),
    ("Sophie May", "The Times", "Sophie May"),  # a surname that is a month stays
])
def test_bylines_lose_what_pages_glue_to_them(author: str, site: str, byline: str) -> None:
    html = (f'<html><head><title>Court rules</title><meta name="author" content="{author}">'
            f'<meta property="og:site_name" content="{site}"></head><body><article><h1>Court rules</h1><p>'
            + "The court ruled on Tuesday that the appeal could go ahead. " * 5 + "</p></article></body></html>")
    assert extract_html(html).byline == byline


def test_empty_inputs_give_empty_articles() -> None:
    assert extract_text("   \n ").text == ""
    assert extract_html("<html><body></body></html>").text == ""


def test_news_article_json_ld_fills_metadata() -> None:
    record = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Site"},'
        ' {"@type": "NewsArticle", "headline": "Bridge Reopens", "datePublished": "2021-02-03T10:00:00Z",'
        ' "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Person", "name": "Li Wei"}],'
        ' "publisher": {"@type": "Organization", "name": "Valley Post"}, "inLanguage": "es-ES"}]}'
    )
    html = (
        f"<html><head><script type='application/ld+json'>{record}</script></head><body><div>"
        + "<p>El puente de una ciudad inventada volvió a abrir el miércoles tras dos años de obras y retrasos.</p>" * 4
        + "</div></body></html>"
    )
    article = extract_html(html, url="https://www.valleypost.example.co.uk/bridge")
    assert article.domain == "example.co.uk"
    assert article.byline is not None and article.byline.replace(";", ",") == "Ana Ruiz, Li Wei"
    assert article.date == "2021-02-03"
    assert article.language == "es"
    assert {"WebSite", "NewsArticle"} <= {item["@type"] for item in article.jsonld}
    assert article.claim_reviews == []


def test_registrable_domains() -> None:
    from unspun.extract.metadata import registrable_domain

    assert registrable_domain("https://www.news.bbc.co.uk/x") == "bbc.co.uk"
    assert registrable_domain("https://notesfromthefen.blogspot.com/2021/06/a.html") == "notesfromthefen.blogspot.com"
    assert registrable_domain("http://127.0.0.1:8000/") == "127.0.0.1"
    assert registrable_domain(None) is None


def test_demo_page_html_and_text_agree() -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    html = extract(load(str(examples / "demo-article.html"), settings=Settings()))
    text = extract(load(str(examples / "demo-article.txt"), settings=Settings()))
    assert html.domain == "thepeoplesvoice.tv" and html.date == "2024-10-15" and html.byline is None
    assert text.title == html.title and text.text == html.text
    assert [b.text for b in html.badges] == [b.text for b in text.badges] == ["Fact checked"]
    assert [(c.author, c.text) for c in html.comments] == [(c.author, c.text) for c in text.comments]
    assert len(html.comments) == 3
    for article in (html, text):
        [quote] = [b for b in article.blocks if b.kind == "blockquote"]
        before = article.text[: quote.start].rstrip()
        assert before.endswith("Press TV reports:")


@pytest.mark.parametrize(
    ("name", "title", "byline", "date", "domain"),
    [
        ("wordpress", "Harbour Town Votes to Rebuild the Old Ferry Pier", "Maren Tolliver", "2023-04-17", "coastline-courier.co.uk"),
        ("disqus", "Valley Orchard Reports Record Apple Harvest", "Tobias Venn", "2022-10-03", "uplandsdaily.com"),
        # the blog's name is the page's only <h1>; the post's hAtom entry-title is the article's title
        ("blogger", "The Night the Lock Keeper Counted Eels", "Wren Halloway", "2021-06-12", "notesfromthefen.blogspot.com"),
        # a lone "By ..." line opening the body is the byline, not body
        ("generic", "Town Bakery Wins Regional Bread Prize", "Corin Ashby", None, None),
    ],
)
def test_test_pages_metadata(name: str, title: str, byline: str, date: str | None, domain: str | None) -> None:
    article = extract(load(str(PAGES / f"{name}.html"), settings=Settings()))
    assert (article.title, article.byline, article.date, article.domain) == (title, byline, date, domain)
    assert not article.text.startswith(("By ", title))


def test_invisible_characters_and_normal_form() -> None:
    decomposed = "Cafe\u0301"  # e + combining acute
    html = "<html><body><article>" + f"<p>Mit\u00adtel\u00adal\u00adter im {decomposed} am Markt, ein langer Satz f\u00fcr den Extraktor.</p>" * 4
    article = extract_html(html + "</article></body></html>")
    assert "Mittelalter im Caf\u00e9 am Markt" in article.text
    assert extract_text(f"Titel\n\nMit\u00adtel\u00adal\u00adter im {decomposed}.").text == "Mittelalter im Caf\u00e9."
