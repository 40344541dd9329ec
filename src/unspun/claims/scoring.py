"""Scoring an article's sentences once, for both the `claims` and the `factchecks` analyzers.

Both need the same thing (each body sentence and the title, its check-worthiness and its MiniLM
vector); a small cache keyed by the texts means an article is embedded once however many analyzers ask.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..embeddings import encode
from ..parse import Parsed
from ..report import Article, Span
from .model import Prediction, model


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence (or the title) with where it is, what the model says and its unit vector."""

    span: Span
    text: str
    prediction: Prediction
    vector: np.ndarray


def _lines(text: str, span: Span) -> list[Span]:
    """A sentence span cut at line breaks: the parser can run a heading or a paragraph's last words into
    the next paragraph ("Press TV reports:" + the quote after it), but a claim never crosses a line break."""
    out = []
    start = span.start
    for piece in text[span.start : span.end].split("\n"):
        stripped = piece.strip()
        if stripped:
            lead = start + len(piece) - len(piece.lstrip())
            out.append(Span(start=lead, end=lead + len(stripped), field=span.field))
        start += len(piece) + 1
    return out


@functools.lru_cache(maxsize=4)
def _score(texts: tuple[str, ...]) -> tuple[tuple[Prediction, ...], np.ndarray]:
    vectors = encode(list(texts))
    return tuple(model().predict(list(texts), vectors)), vectors


def score_article(article: Article, parsed: Parsed) -> list[ScoredSentence]:
    """The title (if any) and every body sentence, scored, in document order (title first)."""
    spans: list[Span] = []
    title = (article.title or "").strip()
    if title:
        lead = len(article.title or "") - len((article.title or "").lstrip())
        spans.append(Span(start=lead, end=lead + len(title), field="title"))
    spans.extend(part for sentence in parsed.sentences for part in _lines(article.text, sentence))
    texts = tuple(article.field_text(s.field)[s.start : s.end] for s in spans)
    if not texts:
        return []
    predictions, vectors = _score(texts)
    return [ScoredSentence(span, text, p, v) for span, text, p, v in zip(spans, texts, predictions, vectors)]
