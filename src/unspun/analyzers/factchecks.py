"""Known fact-checks of the article's claims: the title and the check-worthy sentences are searched
in the bundled collection and the user's store; a match at or above PAGE_THRESHOLD is reported with
the fact-check's claim, rating, publisher, date and URL. The searched claims without a match get an
explicit "no known fact-check", so silence is never mistaken for a clean bill. A page carrying its own
ClaimReview markup (a fact-checker's article) gets a `page_review` finding for each review, not a
`factcheck_match`: the verdict does not count a fact-checker's own debunk against its page.

Cost: every query is one pass of the claim encoder plus one search, so the number of queries is the budget
(see MAX_QUERIES); fragments are not searched at all.
"""

from __future__ import annotations

from pathlib import Path

from ..claims.scoring import ScoredSentence, score_article, title_and_claims, title_span
from ..factchecks.page_reviews import PageReview, is_this_page, page_reviews, review_finding, states_reviewed_claim
from ..factchecks.search import Match, Searcher
from ..factchecks.text import clean, terms
from ..parse import Parsed
from ..report import Article, Finding, Span
from ..settings import get_settings
from . import register

#: The title and the most check-worthy sentences searched per article. Each costs an encoder pass (about
#: 5 ms of one core for a news sentence) plus a search (about 2 ms); issue #11 gives the analyzer about
#: 25 ms a page, so: the title and the two most check-worthy claims. Each searched claim without a match
#: gets its "no known fact-check".
MAX_QUERIES = 3
#: Fewer lexical terms than this and a "sentence" is a fragment ("12)", "| 6", a caption), not a claim: on
#: news pages such fragments made up most of the matches, all of them wrong (a lone number "covers" any
#: fact-check holding it).
MIN_TERMS = 4
#: The probability a page's claim needs to be reported as a match, above the re-ranker's own threshold
#: (`reranker.json`, 0.539). That one was calibrated on CheckThat! tweets, half of them with their fact-check
#: stored; a news sentence rarely has one, so at the same score most matches on news pages are about
#: something else (all 4 shown on 31 real pages were: a helicopter crash, Trump's health, 9/11). Chosen on
#: CheckThat! train (the re-ranker's held-out quarter, 212 tweets, each also scored with its fact-check
#: withheld) as the lowest of 0.539, 0.60, 0.65, 0.70, ... with no false match when the fact-check is absent
#: (1.4 %, 0.9 %, 0.5 %, 0 %); dev, read afterwards: false matches when absent 4.6 % -> 1.0 %, recall
#: 0.46 -> 0.26 (docs/claims.md, Limits).
PAGE_THRESHOLD = 0.7


def is_page_match(m: Match) -> bool:
    """Whether a search result is reported as a known fact-check of a page's claim."""
    return m.is_match and m.probability >= PAGE_THRESHOLD


def _reported(matches: list[Match], article: Article, reviews: list[PageReview]) -> list[Match]:
    """The matches a page reports: at `PAGE_THRESHOLD`, and never the page itself (`reviews`: its own)."""
    return [m for m in matches if is_page_match(m) and not is_this_page(m.record.url, article, reviews)]


def _store_url() -> str | None:
    """The user's store, if one exists (an analyzer does not create a database as a side effect)."""
    settings = get_settings()
    if settings.database_url:
        return settings.database_url
    path = Path(settings.data_dir) / "unspun.db"
    return f"sqlite:///{path}" if path.is_file() else None


def _queries(scored: list[ScoredSentence]) -> list[ScoredSentence]:
    candidates = title_and_claims(scored, by=lambda p: p.score)
    return [s for s in candidates if len(terms(clean(s.text))) >= MIN_TERMS][:MAX_QUERIES]


@register("factchecks", description="Matches the title and check-worthy claims against known fact-checks (ClaimReview).",
          version="2", resources=("factchecks", "claim-encoder", "checkworthiness"), english_only=True)
def analyze(article: Article, parsed: Parsed) -> list[Finding]:
    scored = score_article(article, parsed)
    queries = _queries(scored)
    reviews = page_reviews(article, ((s.span, s.text) for s in scored))
    findings = [review_finding(r) for r in reviews]
    if not queries:
        return findings
    searcher = Searcher(_store_url())
    results = searcher.search_many([q.text for q in queries], k=3)
    unmatched: list[tuple[ScoredSentence, list[Match]]] = []
    for query, matches in zip(queries, results):
        good = _reported(matches, article, reviews)
        findings += [_match_finding(query.span, m) for m in good]
        if not good and query.span.field != "title" and not states_reviewed_claim(query.span, query.text, reviews):
            unmatched.append((query, matches))
    for query, matches in unmatched:
        findings.append(_no_factcheck(query, matches, len(searcher)))
    return findings


def _no_factcheck(query: ScoredSentence, matches: list[Match], searched: int) -> Finding:
    nearest = max((m for m in matches if not m.other_actors), key=lambda m: m.probability, default=None)
    return Finding(
        analyzer="factchecks",
        kind="no_factcheck",
        label="none",
        score=None,
        spans=[query.span],
        message="No known fact-check of this claim in the local collection; that is not a verdict either way.",
        evidence={
            "sentence": query.text,
            "searched": searched,
            "nearest": {"claim": nearest.record.claim, "url": nearest.record.url, "probability": round(nearest.probability, 4)} if nearest else None,
        },
    )


def _match_finding(span: Span, m: Match) -> Finding:
    r = m.record
    return Finding(
        analyzer="factchecks",
        kind="factcheck_match",
        label=r.verdict,
        score=round(m.probability, 4),
        spans=[span],
        message=f"{r.publisher or 'A fact-checker'} rated a matching claim \"{r.rating or r.verdict}\"" + (f" ({r.date})" if r.date else "") + ".",
        evidence={**r.evidence(), "similarity": round(m.similarity, 4), "probability": round(m.probability, 4), "source": m.source},
    )


def headline_matches(article: Article, store_url: str | None = None) -> list[Finding]:
    """The fact-checks the title alone matches, as `analyze` reports them, with no parse or claim scoring:
    what the verdict's training and `unspun eval verdict` look up for each labelled article (bundled
    collection, plus `store_url`'s records when given). Like `analyze`: at `PAGE_THRESHOLD`, and never the
    page's own review."""
    span = title_span(article)
    title = article.span_text(span) if span is not None else ""
    if len(terms(clean(title))) < MIN_TERMS:
        return []
    reviews = page_reviews(article, [])
    return [_match_finding(span, m) for m in _reported(Searcher(store_url).search(title, k=3), article, reviews)]
