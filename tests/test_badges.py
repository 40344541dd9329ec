"""Trust badges: found where a page declares them, and judged by what (if anything) backs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspun.analyzers.badges import analyze, is_fact_check_url
from unspun.extract import extract, extract_html, extract_text
from unspun.page import load
from unspun.report import Article, Finding
from unspun.settings import Settings

BODY = "".join(
    f"<p>Paragraph {i} of an invented report about a reservoir that reached its lowest level in a decade, "
    "according to the water board of a fictional county.</p>"
    for i in range(5)
)
CLAIM_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checkers.example.org/reviews/reservoir-level",
    "claimReviewed": "The reservoir is at its lowest level in a decade.",
    "author": {"@type": "Organization", "name": "Example Checkers"},
    "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "alternateName": "Mostly true"},
}


def page(badge: str, head: str = "", after: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Reservoir at decade low</title>{head}</head><body>"
        "<nav class='main-menu'><a href='/fact-check/'>Fact Check</a></nav>"
        f"<article><h1>Reservoir at decade low</h1><div class='meta'>{badge}</div>"
        f"<div class='entry-content'>{BODY}<p>The figures were fact-checked by our desk before publication, the editor said.</p></div>"
        f"</article>{after}</body></html>"
    )


def judge(article: Article) -> list[Finding]:
    findings = analyze(article, None)
    for i, finding in enumerate(findings):
        assert finding.analyzer == "badges" and finding.kind == "badge"
        assert finding.spans[0].field == f"badges[{i}]"
        assert article.span_text(finding.spans[0]) == article.badges[i].text
        assert finding.evidence["badge"] == article.badges[i].text
    return findings


def test_example_badge_is_unsubstantiated(example_html: Path) -> None:
    article = extract(load(str(example_html), settings=Settings()))
    [finding] = judge(article)
    assert finding.label == "unsubstantiated"
    assert finding.evidence == {"badge": "Fact checked", "origin": "text"}
    assert "nothing backs" in finding.message


def test_example_text_badge_is_unsubstantiated(example_txt: Path) -> None:
    [finding] = judge(extract(load(str(example_txt), settings=Settings())))
    assert finding.label == "unsubstantiated" and finding.evidence["badge"] == "Fact checked"


def test_valid_claim_review_substantiates() -> None:
    head = f"<script type='application/ld+json'>{json.dumps(CLAIM_REVIEW)}</script>"
    article = extract_html(page("<span class='badge'>Fact checked</span>", head))
    assert article.claim_reviews[0]["claimReviewed"] == CLAIM_REVIEW["claimReviewed"]
    [finding] = judge(article)
    assert finding.label == "substantiated"
    review = finding.evidence["claim_review"]
    assert review["rating"] == "Mostly true"
    assert review["url"] == CLAIM_REVIEW["url"]
    assert review["author"] == "Example Checkers"


def test_microdata_claim_review_is_read() -> None:
    markup = (
        "<div itemscope itemtype='https://schema.org/ClaimReview'>"
        "<link itemprop='url' href='https://checkers.example.org/reviews/1'>"
        "<span itemprop='claimReviewed'>The reservoir is empty.</span>"
        "<div itemprop='author' itemscope itemtype='https://schema.org/Organization'><span itemprop='name'>Example Checkers</span></div>"
        "<div itemprop='reviewRating' itemscope itemtype='https://schema.org/Rating'><span itemprop='alternateName'>False</span></div>"
        "</div>"
    )
    article = extract_html(page("<b>Verified</b>", after=markup))
    assert article.claim_reviews and article.claim_reviews[0]["@type"] == "ClaimReview"
    [finding] = judge(article)
    assert finding.label == "substantiated" and finding.evidence["claim_review"]["rating"] == "False"


def test_claim_review_without_rating_does_not_count() -> None:
    broken = {k: v for k, v in CLAIM_REVIEW.items() if k != "reviewRating"}
    head = f"<script type='application/ld+json'>{json.dumps(broken)}</script>"
    [finding] = judge(extract_html(page("<span>Fact checked</span>", head)))
    assert finding.label == "unsubstantiated"


@pytest.mark.parametrize(
    ("badge", "label", "key"),
    [
        ("<a href='https://www.snopes.com/fact-check/reservoir-decade-low/'>Fact checked</a>", "substantiated", "link"),
        ("<a href='/fact-check/'>Fact checked</a>", "unsubstantiated", "link"),
        ("<span>Reviewed by Dr. Hilde Marsh</span>", "substantiated", "reviewer"),
        ("<img src='/seal.png' alt='Verified'>", "unsubstantiated", None),
    ],
)
def test_links_reviewers_and_images(badge: str, label: str, key: str | None) -> None:
    article = extract_html(page(badge), url="https://reservoir-news.example.com/story")
    [finding] = judge(article)
    assert finding.label == label
    if key:
        assert key in finding.evidence
    if "img" in badge:
        assert article.badges[0].origin == "image"


def test_menus_body_sentences_and_comments_are_not_badges() -> None:
    comments = (
        "<ol class='comment-list'><li class='comment'><div class='comment-author'><b class='fn'>Kit</b></div>"
        "<div class='comment-content'><p>Verified</p></div></li></ol>"
    )
    article = extract_html(page("<span>Updated 3 May</span>", after=comments))
    assert article.badges == []
    assert analyze(article, None) == []


def test_plain_text_badge_line() -> None:
    article = extract_text("Headline here\n\nFact-check: true\n\nA body paragraph of an invented story that says little.\n")
    [finding] = judge(article)
    assert finding.label == "unsubstantiated"
    assert "Fact-check" not in article.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.politifact.com/factchecks/2024/jan/01/someone/claim/", True),
        ("https://news.example.com/fact-check/claim-about-the-reservoir/", True),
        ("https://news.example.com/2024/05/factcheck-reservoir-levels-2024", True),
        ("https://news.example.com/fact-check/", False),
        ("https://news.example.com/about-us/", False),
    ],
)
def test_fact_check_urls(url: str, expected: bool) -> None:
    assert is_fact_check_url(url) is expected
