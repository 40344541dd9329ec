"""Corroboration: who else, in the user's own evidence corpus, reports the article's claims, and do
they agree?

For the title and the top check-worthy sentences, candidates come from the evidence store within a
date window around the article's date; the stance model labels each (agree, disagree, discuss,
unrelated). Outlets are grouped so that rebrands and mirrors count once, the article's own site is
never its own witness, and support that comes only from state media is called that.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..embeddings import encode
from ..errors import InputError
from ..parse import Parsed
from ..report import Article, Finding
from . import register

WINDOW_DAYS = 7
CANDIDATES = 8
MAX_CLAIMS = 6  # the title and the five most check-worthy sentences
RELATED = 0.5  # a hit is about the claim when P(unrelated) is below this ...
SIMILAR = 0.45  # ... and one of its passages has at least this cosine with the claim (MiniLM)
CONFIDENT = 0.5  # a stance below this probability counts only as "discusses"
# Support needs this close a match (MiniLM cosine, claim vs the best lead passage) besides the stance:
# topical overlap alone makes the stance model say "agree" to a claim that the document in fact
# contradicts. On 300 FNC-1 training bodies, 68% of "agree" pairs reach 0.55 (57% reach 0.6) and none
# of 6,592 unrelated pairs do.
SUPPORTS = 0.55


@functools.cache
def _store():
    from ..evidence.ingest import default_store

    return default_store(create=False)


def _window(article: Article) -> tuple[str | None, str | None]:
    try:
        day = date.fromisoformat((article.date or "")[:10])
    except ValueError:
        return None, None
    return (day - timedelta(days=WINDOW_DAYS)).isoformat(), (day + timedelta(days=WINDOW_DAYS)).isoformat()


def claims_to_check(article: Article, parsed: Parsed) -> list:
    """The title and the most check-worthy body sentences (scored once, shared with the claims analyzer)."""
    from ..claims.scoring import score_article, title_and_claims

    return title_and_claims(score_article(article, parsed), by=lambda p: p.rank_score)[:MAX_CLAIMS]


@dataclass
class Witness:
    """One outlet's evidence for or against a claim."""

    outlet: str
    group: str
    state_media: bool
    stance: str
    probability: float
    url: str | None
    date: str | None
    title: str | None
    passage: str
    similarity: float
    profile: dict = field(default_factory=dict)

    def as_evidence(self) -> dict:
        return {"outlet": self.outlet, "stance": self.stance, "probability": round(self.probability, 3), "url": self.url,
                "date": self.date, "title": self.title, "passage": self.passage, "state_media": self.state_media,
                "similarity": round(self.similarity, 3),
                "factuality": self.profile.get("factuality"), "categories": self.profile.get("categories", [])}


def _profile(domain: str | None) -> dict:
    if not domain:
        return {}
    from ..sources import lookup

    return lookup(domain)


def _group_key(domain: str | None, profile: dict, outlet: str) -> str:
    """Rebrands, mirrors and aliases share one key: the alphabetically first of the outlet's domains."""
    domains = [d for d in [profile.get("domain"), domain, *profile.get("aliases", [])] if d]
    return min(domains) if domains else outlet.lower()


def witnesses(store, claim: str, article: Article, since: str | None, until: str | None, vector=None) -> list[Witness]:
    """The documents of `store` about `claim`, with their stance, excluding the article's own outlet."""
    import numpy as np

    from ..embeddings import encode
    from ..stance.model import load

    vector = encode([claim])[0] if vector is None else vector
    own = {article.domain, article.canonical_url, article.url} - {None}
    hits = store.search(claim, k=CANDIDATES, since=since, until=until, vector=vector)
    hits = [h for h in hits if not ({h.domain, h.url} & own)]
    if not hits:
        return []
    probs = load().predict_proba([claim] * len(hits), [h.text for h in hits], np.tile(vector, (len(hits), 1)),
                                 [h.lead_vectors for h in hits])
    out = []
    for hit, p in zip(hits, probs):
        if p[3] >= RELATED or hit.similarity < SIMILAR:
            continue
        stance = ("agree", "disagree", "discuss")[int(p[:3].argmax())]
        if p[:3].max() < CONFIDENT:
            stance = "discuss"
        profile = _profile(hit.domain)
        outlet = hit.outlet or profile.get("name") or hit.domain or "unknown outlet"
        state = "state-media" in profile.get("categories", []) or bool(profile.get("state_media"))
        out.append(Witness(outlet, _group_key(hit.domain, profile, outlet), state, stance, float(p[:3].max()),
                           hit.url, hit.date, hit.title, hit.passage, hit.similarity, profile))
    return out


def supports(w: Witness) -> bool:
    """Agrees with the claim, or confidently reports the same thing, and is close enough to it to count."""
    return w.similarity >= SUPPORTS and (w.stance == "agree" or (w.stance == "discuss" and w.probability >= CONFIDENT))


def verdict(found: list[Witness]) -> tuple[str, str]:
    """Label and message for one claim from its witnesses (outlets counted once per group)."""
    if not found:
        return "no-coverage", "No coverage found in your evidence corpus."
    support = {w.group for w in found if supports(w)}
    against = {w.group for w in found if w.stance == "disagree"}
    independent = {w.group for w in found if supports(w) and not w.state_media}
    if against and len(against) >= len(support):
        return "contradicted", f"Contradicted by {len(against)} outlet(s); supported by {len(support)}."
    if independent:
        tail = f"; contradicted by {len(against)}." if against else "."
        return "corroborated", f"Reported by {len(independent)} independent outlet(s){tail}"
    carriers = support or {w.group for w in found}
    if all(w.state_media for w in found if w.group in carriers):
        return "state-media-only", f"Carried only by state media ({len(carriers)} outlet(s))."
    return "discussed-only", f"Discussed by {len({w.group for w in found})} outlet(s), none confirming it."


@register("corroboration", description="Who else reports the story in your evidence corpus, and whether they agree.",
          resources=("stance", "checkworthiness"), english_only=True)
def analyze(article: Article, parsed: Parsed) -> list[Finding]:
    try:
        store = _store()
    except InputError as exc:
        return [Finding(analyzer="corroboration", kind="corpus", label="empty", message=exc.message)]
    if not len(store):
        return [Finding(analyzer="corroboration", kind="corpus", label="empty",
                        message="Your evidence corpus is empty: add documents with `unspun evidence add`.")]
    since, until = _window(article)
    claims = claims_to_check(article, parsed)
    vectors = encode([c.text for c in claims])  # only the few claims searched, not every sentence
    findings = []
    for sentence, vector in zip(claims, vectors):
        span, claim = sentence.span, sentence.text
        found = witnesses(store, claim, article, since, until, vector)
        label, message = verdict(found)
        findings.append(Finding(
            analyzer="corroboration", kind="corroboration", label=label, spans=[span], message=message,
            score=max((w.probability for w in found), default=None),
            evidence={"claim": claim, "window": [since, until], "witnesses": [w.as_evidence() for w in found],
                      "independent_outlets": len({w.group for w in found if supports(w) and not w.state_media})},
        ))
    return findings
