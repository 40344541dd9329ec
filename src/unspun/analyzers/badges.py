"""Trust-badge audit: does anything back the page's "Fact checked" / "Verified" / "Reviewed by" seal?

A badge is only a claim the page makes about itself. It is substantiated by something a reader
can check: valid ClaimReview markup (a named claim, a rating and who rated it), a link to an
actual fact-check article, or a named reviewer. Anything else is reported as unsubstantiated,
pointing at the badge's text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..extract.patterns import badge_match, reviewer
from ..parse import Parsed
from ..report import Article, Badge, Finding, Span
from . import register

#: Fact-checking organisations whose pages are fact-check articles (IFCN signatories and peers).
FACT_CHECKERS = frozenset(
    """snopes.com politifact.com factcheck.org fullfact.org leadstories.com checkyourfact.com africacheck.org
    boomlive.in altnews.in factly.in maldita.es newtral.es correctiv.org teyit.org healthfeedback.org
    climatefeedback.org sciencefeedback.co truthorfiction.com factcheckni.org logically.ai verafiles.org
    rappler.com aosfatos.org lupa.uol.com.br chequeado.com colombiacheck.com stopfake.org""".split()
)
_FACT_CHECK_PATH = re.compile(r"fact[-_]?check|factcheck|fact-checker|hub/ap-fact-check", re.IGNORECASE)


@register(
    "badges",
    description="Self-declared trust badges (\"Fact checked\", \"Verified\") and whether anything backs them.",
    version="1",
    needs_parse=False,
)
def analyze(article: Article, parsed: Parsed | None) -> list[Finding]:
    """One finding per badge: substantiated (with what backs it) or unsubstantiated."""
    review = next((r for r in (_valid_review(c) for c in article.claim_reviews) if r), None)
    return [_judge(i, badge, review) for i, badge in enumerate(article.badges)]


def _judge(index: int, badge: Badge, review: dict[str, Any] | None) -> Finding:
    evidence: dict[str, Any] = {"badge": badge.text, "origin": badge.origin}
    if badge.link:
        evidence["link"] = badge.link
    match = badge_match(badge.text)
    named = reviewer(match) if match else None
    span = [Span(start=0, end=len(badge.text), field=f"badges[{index}]")]
    if review:
        evidence["claim_review"] = review
        message = f"“{badge.text}” is backed by ClaimReview markup rating the claim “{review['rating']}”."
        label = "substantiated"
    elif badge.link and is_fact_check_url(badge.link):
        message = f"“{badge.text}” links to a fact-check article ({badge.link})."
        label = "substantiated"
    elif named:
        evidence["reviewer"] = named
        message = f"“{badge.text}” names the reviewer ({named})."
        label = "substantiated"
    else:
        where = f" its link ({badge.link}) is not a fact-check article," if badge.link else ""
        message = (
            f"The page declares “{badge.text}”, but{where} it carries no ClaimReview markup, "
            "links to no fact-check and names no reviewer: nothing backs the badge."
        )
        label = "unsubstantiated"
    return Finding(analyzer="badges", kind="badge", label=label, spans=span, message=message, evidence=evidence)


def _valid_review(item: dict[str, Any]) -> dict[str, Any] | None:
    """`{url, rating, author}` of a ClaimReview that names a claim, a rating and a reviewer or URL; else None."""
    claim = item.get("claimReviewed")
    rating = item.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    if not isinstance(claim, str) or not claim.strip() or not isinstance(rating, dict):
        return None
    verdict = rating.get("alternateName") or rating.get("name")
    if not verdict and rating.get("ratingValue") is not None:
        best = rating.get("bestRating")
        verdict = f"{rating['ratingValue']}/{best}" if best is not None else str(rating["ratingValue"])
    author = _name(item.get("author"))
    url = item.get("url") if isinstance(item.get("url"), str) else None
    if not verdict or not (author or url):
        return None
    return {"url": url, "rating": str(verdict), "author": author, "claim": claim.strip()}


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def is_fact_check_url(url: str) -> bool:
    """A link to a fact-check article: a known fact-checker's page, or a fact-check path with a slug.

    A bare section ("/fact-check/") is a listing, not an article, so it does not count.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if any(host == d or host.endswith("." + d) for d in FACT_CHECKERS) and segments:
        return True
    checked = [i for i, s in enumerate(segments) if _FACT_CHECK_PATH.search(s)]
    if not checked:
        return bool(_FACT_CHECK_PATH.search(host)) and len(segments) > 0 and _is_slug(segments[-1])
    last = segments[-1]
    if checked[-1] < len(segments) - 1:
        return _is_slug(last)
    return _is_slug(last) and bool(_FACT_CHECK_PATH.sub("", last).strip("-_"))


def _is_slug(segment: str) -> bool:
    stem = segment.rsplit(".", 1)[0]
    return stem.count("-") >= 2 or stem.count("_") >= 2 or any(ch.isdigit() for ch in stem)
