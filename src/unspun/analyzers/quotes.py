"""Quotes, speakers and attribution chains: who said what, through whom, and how much of the article
is the publisher's own reporting (the work lives in `unspun.attribution`)."""

from __future__ import annotations

from ..attribution.analysis import analyze
from ..parse import Parsed
from ..report import Article, Finding
from . import register


@register(
    "quotes",
    description="Attributions (content, cue, source), resolved speakers, relay chains, anonymous sourcing, quoted share.",
    version="1",
    resources=("attribution",),
    english_only=True,
)
def quotes(article: Article, parsed: Parsed) -> list[Finding]:
    """Quote findings for the body, from the shared parse."""
    return analyze(article, parsed.doc)
