"""What a real-page review found misleading in extracted articles: a stub body while the page's JSON-LD
holds the article, page furniture (follow/tip/newsletter/helpline lines) read as body, embedded social posts
read as the page's own words, an opinion column read as news, a cited article's date taken for the page's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspun.extract import extract_html, extract_text
from unspun.extract.patterns import is_boilerplate
from unspun.report import Article

PAGES = Path(__file__).parent / "pages"
OPINION_URL = "https://www.harbourledger.example/comment/opinion/article/3046526/harbour-council-should-learn"


def paragraphs(article: Article) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks if b.kind == "paragraph"]


def _page(body: str, head: str = "", title: str = "Harbour pier reopens") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>{body}</article></body></html>"


def _jsonld(record: dict) -> str:
    return f"<script type='application/ld+json'>{json.dumps(record)}</script>"


def test_a_stub_body_gives_way_to_the_declared_article_body() -> None:
    """SCMP: the markup held a 151-character photo caption, the OpinionNewsArticle record the 4,312-character column."""
    html = (PAGES / "app-state-opinion.html").read_text(encoding="utf-8")
    article = extract_html(html, url=OPINION_URL)
    paras = paragraphs(article)
    assert len(paras) == 8  # the record's line breaks are its paragraphs
    assert paras[0].startswith("The harbour council of an invented town")
    assert paras[-1].endswith("on the day they said it would.")
    assert "Photo: Ledger staff" not in article.text
    assert article.byline == "Ilse Marrow" and article.genre == "opinion"


SENTENCE = "The council reopened the harbour pier on Tuesday after eleven months of repairs, officials said. "


@pytest.mark.parametrize("declared", [
    SENTENCE * 3,  # a teaser: shorter than the page's own text
    "A different story altogether about the ferry timetable and its many delays this winter. " * 60,  # not a superset
])
def test_the_page_text_stays_when_the_declared_body_is_no_superset_of_it(declared: str) -> None:
    visible = "".join(f"<p>{SENTENCE * 2}Paragraph {i} adds its own detail about the works.</p>" for i in range(4))
    html = _page(visible, _jsonld({"@type": "NewsArticle", "headline": "Harbour pier reopens", "articleBody": declared}))
    article = extract_html(html)
    assert article.text.startswith(SENTENCE.strip()) and "Paragraph 3 adds" in article.text
    assert "ferry timetable" not in article.text


def test_furniture_lines_are_not_body() -> None:
    """NYT's 'Follow … on Facebook, Twitter (@NYTopinion) and Instagram', nj.com's 'Have a tip? … Follow her on
    Twitter', CNN's suicide-helpline box and 'newsletter … Sign up here.' were read as body (and their outlets
    listed as the page's sources)."""
    article = extract_html((PAGES / "embedded-posts.html").read_text(encoding="utf-8"))
    for furniture in ("Samaritans", "Sign up here", "Have a tip", "Follow the Bayside Herald", "crisis centres"):
        assert furniture not in article.text
    assert paragraphs(article)[-1].startswith("Local business owners were divided.")


@pytest.mark.parametrize("line", [
    "The National Suicide Prevention Lifeline said calls rose by 20 percent last year.",
    "The newsletter, which has 20,000 readers, was founded in 2001. Sign-ups doubled after the flood.",
    "Trump said he would follow the rules on Twitter, aides said.",
    "Residents were told to call the hotline if they saw anything. Police said the suspect fled on foot.",
])
def test_body_sentences_that_mention_furniture_stay(line: str) -> None:
    assert not is_boilerplate(line)


def test_an_embedded_post_is_a_blockquote_with_its_signature() -> None:
    """nj.com lost its ten tweets (their 'social-media-embed' wrapper reads as sharing furniture); Vox kept its
    tweet but split the signature from its date."""
    article = extract_html((PAGES / "embedded-posts.html").read_text(encoding="utf-8"))
    [quote] = [b for b in article.blocks if b.kind == "blockquote"]
    post = article.text[quote.start : quote.end]
    assert post.startswith("Nothing says holiday like a town")
    assert post.endswith("— Harbour Watcher (@harbourwatcher) November 18, 2019")
    assert article.text[: quote.start].rstrip().endswith("Many readers saw something else.")


def test_a_post_in_plain_text_is_a_blockquote() -> None:
    """Newsmax's copied text: Trump's tweets, each ending '— Donald J. Trump (@realDonaldTrump) January 2, 2018',
    were read as the page's own words (and tagged as its propaganda)."""
    text = (
        "Council Row Deepens\n\n"
        "The mayor answered her critics online on Tuesday.\n\n"
        "Crooked councillors must finally act! — Mayor Ada Rook (@mayorrook) January 2, 2018\n\n"
        "She repeated the charge a day later.\n\n"
        "No more delays on the pier!\n\n"
        "— Mayor Ada Rook (@mayorrook) January 3, 2018\n\n"
        "The councillors did not respond.\n"
    )
    article = extract_text(text)
    quotes = [article.text[b.start : b.end] for b in article.blocks if b.kind == "blockquote"]
    assert quotes == [
        "Crooked councillors must finally act! — Mayor Ada Rook (@mayorrook) January 2, 2018",
        "No more delays on the pier!\n\n— Mayor Ada Rook (@mayorrook) January 3, 2018",
    ]


@pytest.mark.parametrize("head, title, genre", [
    (_jsonld({"@type": "OpinionNewsArticle", "headline": "Harbour pier reopens"}), "Harbour pier reopens", "opinion"),
    (_jsonld({"@type": "NewsArticle", "articleSection": "Opinion/Columnists"}), "Harbour pier reopens", "opinion"),
    ('<meta property="article:section" content="Comment">', "Harbour pier reopens", "opinion"),
    ("", "Opinion | Harbour pier reopens", "opinion"),
    ("", "Review: the new harbour ferry", "review"),
    (_jsonld({"@type": "NewsArticle", "genre": "Press Release"}), "Harbour pier reopens", "press release"),
    (_jsonld({"@type": "SatiricalArticle"}), "Harbour pier reopens", "satire"),
    (_jsonld({"@type": "ClaimReview", "claimReviewed": "The pier cost $9 million.", "url": "https://x.example/fc",
              "reviewRating": {"@type": "Rating", "alternateName": "False"}}), "Did the pier cost $9 million?", "fact-check"),
    ('<meta property="article:section" content="News">', "Harbour pier reopens", None),
    ("", "Daily Beast: harbour pier reopens", None),  # an outlet before the colon is not a genre
])
def test_the_declared_genre_is_read(head: str, title: str, genre: str | None) -> None:
    article = extract_html(_page(f"<p>{SENTENCE * 4}</p>", head, title))
    assert article.genre == genre


def test_plain_text_genre_from_the_title() -> None:
    assert extract_text("Opinion: The pier can wait\n\n" + SENTENCE * 3).genre == "opinion"
    assert extract_text("The pier can wait\n\n" + SENTENCE * 3).genre is None


@pytest.mark.parametrize("url, date", [
    ("https://www.factcheck.example/statements/2019/nov/18/pier-claim/", "2019-11-18"),  # the cited date is earlier
    ("https://www.factcheck.example/statements/2019/oct/01/pier-claim/", "2019-10-13"),  # a later date (an update) stays
    ("https://www.factcheck.example/statements/pier-claim/", "2019-10-13"),  # no date in the URL
])
def test_a_page_is_not_dated_before_its_url(url: str, date: str) -> None:
    """PolitiFact: htmldate took "Oct. 13, 2019", a cited article's date, for a fact-check filed under /2019/nov/18/."""
    head = '<meta property="article:published_time" content="2019-10-13T08:00:00Z">'
    assert extract_html(_page(f"<p>{SENTENCE * 4}</p>", head), url=url).date == date


def test_a_sign_off_without_a_date_is_not_a_post() -> None:
    text = "Pier Notes\n\nThe council meets again on Monday to decide the pier's future.\n\n— Dana Whitlock (@danawhit)\n"
    assert not [b for b in extract_text(text).blocks if b.kind == "blockquote"]
