"""Known fact-checks of the article's claims: the title and the check-worthy sentences are searched
in the bundled collection and the user's store; a match above the calibrated threshold is reported with
the fact-check's claim, rating, publisher, date and URL. The searched claims without a match get an
explicit "no known fact-check", so silence is never mistaken for a clean bill.

Cost: every query is one pass of the claim encoder plus one search, so the number of queries is the budget
(see MAX_QUERIES); fragments are not searched at all.
"""

from __future__ import annotations

from pathlib import Path

from ..claims.scoring import ScoredSentence, score_article, title_and_claims, title_span
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
          version="1", resources=("factchecks", "claim-encoder", "checkworthiness"))
def analyze(article: Article, parsed: Parsed) -> list[Finding]:
    queries = _queries(score_article(article, parsed))
    if not queries:
        return []
    searcher = Searcher(_store_url())
    results = searcher.search_many([q.text for q in queries], k=3)
    findings: list[Finding] = []
    unmatched: list[tuple[ScoredSentence, list[Match]]] = []
    for query, matches in zip(queries, results):
        good = [m for m in matches if m.is_match]
        findings += [_match_finding(query.span, m) for m in good]
        if not good and query.span.field != "title":
            unmatched.append((query, matches))
    for query, matches in unmatched:
        nearest = max((m for m in matches if not m.other_actors), key=lambda m: m.probability, default=None)
        findings.append(
            Finding(
                analyzer="factchecks",
                kind="no_factcheck",
                label="none",
                score=None,
                spans=[query.span],
                message="No known fact-check of this claim in the local collection; that is not a verdict either way.",
                evidence={
                    "sentence": query.text,
                    "searched": len(searcher),
                    "nearest": {"claim": nearest.record.claim, "url": nearest.record.url, "probability": round(nearest.probability, 4)} if nearest else None,
                },
            )
        )
    return findings


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
    collection, plus `store_url`'s records when given)."""
    span = title_span(article)
    title = article.span_text(span) if span is not None else ""
    if len(terms(clean(title))) < MIN_TERMS:
        return []
    return [_match_finding(span, m) for m in Searcher(store_url).search(title, k=3) if m.is_match]
