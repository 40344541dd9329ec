"""What the fact-check section shows on a news page: only matches a news sentence can trust (PAGE_THRESHOLD),
and a fact-checker's own ClaimReview as a review of its own (`page_review`), not as "no known fact-check"."""

from __future__ import annotations

import pytest

from unspun.analyzers.factchecks import PAGE_THRESHOLD, analyze, headline_matches
from unspun.factchecks.bundle import reranker
from unspun.factchecks.search import Searcher
from unspun.parse import parse
from unspun.report import Article

from test_factchecks_analyzer import no_user_store  # noqa: F401 - the fixture, shared

CRASH = "Two American soldiers killed in Iraq helicopter crash"
POPE = "Pope Francis endorses Donald Trump for president"

REVIEW = {
    "@context": "http://schema.org",
    "@type": "ClaimReview",
    "datePublished": "2021-03-02T09:00:00+00:00",
    "url": "https://checks.example/fact-check/mayor-wexley-salary/",
    "author": {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example"},
    "claimReviewed": "Little Wexley's mayor Anna Grant earns a salary of $900,000 a year. ",
    "reviewRating": {"@type": "Rating", "ratingValue": -1, "alternateName": "Unproven"},
}
REVIEW_BODY = (
    "A post shared thousands of times says Little Wexley's mayor Anna Grant earns a salary of $900,000 a year. "
    "The town's published accounts list the mayor's pay at 61,000 dollars. "
    "The post's author did not answer our questions about where the figure came from."
)


pytestmark = pytest.mark.usefixtures("no_user_store")  # only the bundled collection is searched


def test_a_headline_only_near_a_fact_check_is_no_match_on_a_page() -> None:
    # modelled on a real page: "US service members killed in Afghanistan helicopter crash" was shown the
    # Snopes check "Thirty Marines were just killed in a helicopter crash" (another event, 0.69)
    top = Searcher().search(CRASH, k=1)[0]
    assert "helicopter" in top.record.claim and reranker().threshold <= top.probability < PAGE_THRESHOLD  # a match before
    assert headline_matches(Article(title=CRASH, text="x")) == []
    body = "The two soldiers died when their aircraft went down near Baghdad on Tuesday, the army said."
    findings = analyze(Article(title=CRASH, text=body), parse(body))
    assert not [f for f in findings if f.kind == "factcheck_match"]


def test_a_headline_repeating_a_known_false_claim_still_matches() -> None:
    found = headline_matches(Article(title=POPE, text="x"))
    assert found and found[0].label == "false" and "Pope Francis endorsed Donald Trump" in found[0].evidence["claim"]
    assert found[0].score >= PAGE_THRESHOLD


def test_a_fact_check_that_is_the_page_itself_is_not_its_match() -> None:
    own = Searcher().search(POPE, k=1)[0].record
    assert [f for f in headline_matches(Article(title=POPE, text="x")) if f.evidence["url"] == own.url]
    for url in (own.url, own.url.replace("https://www.", "http://").rstrip("/") + "/?utm_source=feed"):
        assert not [f for f in headline_matches(Article(title=POPE, text="x", url=url)) if f.evidence["url"] == own.url], url


def test_the_pages_own_claim_review_is_a_finding_of_its_own_not_no_known_fact_check() -> None:
    article = Article(title="Does Little Wexley's Mayor Earn $900,000 a Year?", text=REVIEW_BODY,
                      url=REVIEW["url"], claim_reviews=[REVIEW])
    findings = analyze(article, parse(REVIEW_BODY))
    reviews = [f for f in findings if f.kind == "page_review"]
    assert len(reviews) == 1
    review = reviews[0]
    assert review.label == "other" and review.analyzer == "factchecks"
    for key, value in (("claim", "Little Wexley's mayor Anna Grant earns a salary of $900,000 a year."), ("rating", "Unproven"),
                       ("publisher", "Example Checks"), ("url", REVIEW["url"])):
        assert review.evidence[key] == value, key
    assert review.evidence["date"].startswith("2021-03-02") and "“Unproven”" in review.message
    stated = article.span_text(review.spans[0])
    assert "earns a salary of $900,000 a year" in stated
    assert not [f for f in findings if f.kind == "no_factcheck" and f.spans[0] == review.spans[0]]
    assert not [f for f in findings if f.kind == "factcheck_match"]


def test_a_page_review_is_not_read_by_the_verdict_as_a_fact_check_match() -> None:
    from unspun.report import Report
    from unspun.verdict.signals import finding_signals

    article = Article(title="Did a Senator Say the Moon Is Made of Cheese?", text="The senator said the Moon is made of cheese.",
                      claim_reviews=[{**REVIEW, "claimReviewed": "A senator said the Moon is made of cheese.",
                                      "reviewRating": {"alternateName": "False"}}])
    findings = analyze(article, parse(article.text))
    assert [f.label for f in findings if f.kind == "page_review"] == ["false"]
    report = Report(article=article, findings=findings)
    assert not [s for s in finding_signals(report) if s.analyzer == "factchecks"]


def test_a_review_stated_only_in_the_headline_points_at_the_headline() -> None:
    from unspun.factchecks.page_reviews import page_reviews
    from unspun.report import Span

    title, body = Span(start=0, end=48, field="title"), Span(start=0, end=60, field="body")
    sentences = [(title, "Does Little Wexley's Mayor Earn $900,000 a Year?"),
                 (body, "The town's published accounts list the mayor's pay at 61,000.")]
    [review] = page_reviews(Article(title="t", text="x", claim_reviews=[REVIEW, REVIEW]), sentences)
    assert review.span == title and review.record.publisher == "Example Checks"
    assert page_reviews(Article(title="t", text="x", claim_reviews=[{**REVIEW, "reviewRating": {}}]), sentences) == []
