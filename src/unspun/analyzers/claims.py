"""Check-worthy claims: every body sentence and the title, classed as ClaimBuster does
(non-factual, unimportant factual, check-worthy factual) and scored P(check-worthy).

Findings come most check-worthy first, so the first few are the claims a reader (or a fact-checker)
should look at; `evidence.rank` keeps that order explicit, and `evidence.scored_by` says whether the
fine-tuned transformer or only the cheap linear first stage of the cascade scored the sentence.
"""

from __future__ import annotations

from ..claims.scoring import score_article
from ..parse import Parsed
from ..report import Article, Finding
from . import register

_MESSAGES = {
    "check-worthy": "A factual claim worth checking",
    "unimportant-factual": "A factual statement of little public consequence",
    "non-factual": "Not a factual claim (opinion, question, rhetoric)",
}


@register("claims", description="Check-worthiness of every sentence and the title (ClaimBuster classes).", version="3",
          resources=("checkworthiness", "static-embeddings"), english_only=True)
def analyze(article: Article, parsed: Parsed) -> list[Finding]:
    scored = sorted(score_article(article, parsed), key=lambda s: -s.prediction.score)
    findings = []
    for rank, s in enumerate(scored, 1):
        p = s.prediction
        findings.append(
            Finding(
                analyzer="claims",
                kind="claim",
                label=p.label,
                score=round(p.score, 4),
                spans=[s.span],
                message=f"{_MESSAGES[p.label]} (P(check-worthy) = {p.score:.2f}).",
                evidence={
                    "rank": rank,
                    "sentence": s.text,
                    "probabilities": {k: round(v, 4) for k, v in p.probabilities.items()},
                    "picked_by_factcheckers": round(p.checked, 4),
                    "rank_score": round(p.rank_score, 4),
                    "scored_by": p.scored_by,
                },
            )
        )
    return findings
