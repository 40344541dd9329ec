"""The page's own ClaimReview markup: a fact-checker's article says what it rated, so its claims are not
"unknown" to us, and the review is the page's verdict on a claim it reports, not a claim it makes.

Each review becomes a `page_review` finding (claim, rating, reviewer, date, URL), pointing at the sentence
that states the reviewed claim (or the title, when only the title does). The searched claims that state it
get no "no known fact-check", and a stored record that *is* this page (same review URL) is not reported as
a match of the page's own text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..report import Article, Finding, Span
from .claimreview import from_claim_review
from .records import FactCheck
from .text import clean, terms

#: Share of the reviewed claim's search terms a sentence must hold to state that claim. A fact-checker
#: states the claim once, nearly verbatim ("Former U.S. ambassador ... has a net worth of $17 million.");
#: its headline asks it as a question with fewer words ("Does Marie Yovanovitch Have a Net Worth of ...?": 0.6).
STATES = 0.8
TITLE_STATES = 0.5


@dataclass(frozen=True)
class PageReview:
    record: FactCheck
    span: Span | None  # where the page states the reviewed claim


def coverage(text: str, claim: str) -> float:
    """Share of `claim`'s search terms that `text` holds (0 for a claim without terms)."""
    wanted = set(terms(clean(claim)))
    return len(wanted & set(terms(clean(text)))) / len(wanted) if wanted else 0.0


def page_reviews(article: Article, sentences: Iterable[tuple[Span, str]]) -> list[PageReview]:
    """The page's valid ClaimReviews (a claim and a rating), each with the sentence (`(span, text)`, the
    title included) that states its claim best, if one does."""
    if not article.claim_reviews:
        return []
    sentences = list(sentences)
    out: list[PageReview] = []
    seen: set[str] = set()
    for node in article.claim_reviews:
        record = from_claim_review(node, provenance="the page's own ClaimReview markup")
        if not record.claim or not record.rating or record.key in seen:
            continue
        seen.add(record.key)
        out.append(PageReview(record, _stating(sentences, record.claim)))
    return out


def _stating(sentences: list[tuple[Span, str]], claim: str) -> Span | None:
    """The body sentence that states `claim` best, else the title if it does, else None."""
    scored = [(coverage(text, claim), span.field == "title", span) for span, text in sentences]
    body = max((c for c in scored if not c[1]), key=lambda c: c[0], default=None)
    if body and body[0] >= STATES:
        return body[2]
    return next((span for value, is_title, span in scored if is_title and value >= TITLE_STATES), None)


def states_reviewed_claim(span: Span, text: str, reviews: list[PageReview]) -> bool:
    """Whether a searched claim is one the page itself reviews (its located sentence, or a restatement)."""
    return any(r.span == span or coverage(text, r.record.claim) >= STATES for r in reviews)


def _page_key(url: str | None) -> str:
    parts = urlsplit((url or "").strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else ""


def is_this_page(record_url: str, article: Article, reviews: list[PageReview]) -> bool:
    """Whether a stored fact-check is the page itself (its URL, canonical URL or own review's URL)."""
    key = _page_key(record_url)
    return bool(key) and key in {_page_key(u) for u in (article.url, article.canonical_url, *(r.record.url for r in reviews))}


def review_finding(review: PageReview) -> Finding:
    r = review.record
    when = f" ({r.date[:10]})" if r.date else ""
    return Finding(
        analyzer="factchecks",
        kind="page_review",
        label=r.verdict,
        spans=[review.span] if review.span else [],
        message=f"The page carries its own fact-check (ClaimReview): {r.publisher or 'its publisher'} rates the claim "
                f"\u201c{r.claim}\u201d \u201c{r.rating}\u201d{when}.",
        evidence=_evidence(r),
    )


def _evidence(r: FactCheck) -> dict[str, Any]:
    return {key: value for key, value in r.evidence().items() if value}
