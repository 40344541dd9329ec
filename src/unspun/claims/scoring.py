"""Scoring an article's sentences once, for the `claims`, `factchecks` and `corroboration` analyzers.

All of them need the same thing (each body sentence and the title, with its check-worthiness); a small
cache keyed by the article means it is scored once however many analyzers ask. Scoring is
cheap by design (word n-grams, the shared parse's tags, static word-piece vectors); analyzers that
search with MiniLM embed only the few sentences they search.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from ..parse import Parsed
from ..report import Article, Span
from .features import tag_features, tag_sentences
from .model import Prediction, model


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence (or the title) with where it is and what the model says."""

    span: Span
    text: str
    prediction: Prediction


def _lines(text: str, span: Span) -> list[Span]:
    """A sentence span cut at line breaks: the parser can run a heading or a paragraph's last words into
    the next paragraph ("Press TV reports:" + the quote after it), but a claim never crosses a line break.
    A line that ends in a colon only introduces what follows (a quote, a list) and is no claim of its own, nor is
    a line without a letter (a list's number "3.", a rule of dashes)."""
    out = []
    start = span.start
    for piece in text[span.start : span.end].split("\n"):
        stripped = piece.strip()
        if any(c.isalpha() for c in stripped) and not stripped.endswith(":"):
            lead = start + len(piece) - len(piece.lstrip())
            out.append(Span(start=lead, end=lead + len(stripped), field=span.field))
        start += len(piece) + 1
    return out


_RECENT = 4  # articles remembered: the analyzers of one report ask within moments of each other
_cache: OrderedDict[tuple[str, str], tuple[ScoredSentence, ...]] = OrderedDict()
_lock = threading.Lock()


def score_article(article: Article, parsed: Parsed) -> list[ScoredSentence]:
    """The title (if any) and every body sentence, scored, in document order (title first).

    Remembered for the last few articles (keyed by title and text, which fix the parse), so the
    `claims`, `factchecks` and `corroboration` analyzers of one report pay for it once.
    """
    key = (article.title or "", article.text)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return list(_cache[key])
    scored = _score_article(article, parsed)
    with _lock:
        _cache[key] = scored
        while len(_cache) > _RECENT:
            _cache.popitem(last=False)
    return list(scored)


def _score_article(article: Article, parsed: Parsed) -> tuple[ScoredSentence, ...]:
    spans, texts, tags = sentences(article, parsed)
    if not spans:
        return ()
    # the title always gets the transformer (one sentence a page): the linear head reads headline case and
    # telegraphese badly ("Son of former German president stabbed to death in Berlin": linear 0.25, transformer 0.77)
    predictions = model().predict(texts, tags, always=[span.field == "title" for span in spans])
    return tuple(ScoredSentence(span, text, p) for span, text, p in zip(spans, texts, predictions))


def title_span(article: Article) -> Span | None:
    """The title as a span of the `title` field, surrounding spaces left out (None for no title)."""
    raw = article.title or ""
    title = raw.strip()
    if not title:
        return None
    lead = len(raw) - len(raw.lstrip())
    return Span(start=lead, end=lead + len(title), field="title")


def sentences(article: Article, parsed: Parsed) -> tuple[list[Span], list[str], list[list[str]]]:
    """What is scored: the title (if any) and the body's sentences cut at line breaks, with their texts and tags.

    Body sentences take their tags from the shared parse; the title, which the parse does not cover, is tagged
    on its own (tagger only: see `features.tag_sentences`)."""
    spans: list[Span] = []
    tags: list[list[str]] = []
    title = title_span(article)
    if title is not None:
        spans.append(title)
        tags.append(tag_sentences([article.span_text(title)], entities=False)[0])
    doc = parsed.doc
    for sentence in parsed.sentences:
        for part in _lines(article.text, sentence):
            spans.append(part)
            tokens = doc.char_span(part.start, part.end, alignment_mode="expand")  # type: ignore[attr-defined]
            tags.append(tag_features(tokens if tokens is not None else []))
    return spans, [article.field_text(s.field)[s.start : s.end] for s in spans], tags


def title_and_claims(scored: list[ScoredSentence], by: Callable[[Prediction], float]) -> list[ScoredSentence]:
    """The title first, then the body sentences labelled check-worthy, highest `by` first: what the
    fact-check and corroboration analyzers search, each cutting the list to its own budget."""
    title = [s for s in scored if s.span.field == "title"]
    claims = [s for s in scored if s.span.field != "title" and s.prediction.label == "check-worthy"]
    return title + sorted(claims, key=lambda s: -by(s.prediction))
