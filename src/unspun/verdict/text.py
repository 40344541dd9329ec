"""The text model at scoring time: one article -> two signals (word choice, style) with their evidence.

The linear model's logit splits exactly into a word part (TF-IDF terms) and a style part (hand-made
features); each part becomes one combiner signal, and its biggest terms or features become the words
and spans a reason points at.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from ..report import Span
from . import features as F
from .signals import Signal
from .textmodel import TextModel

RESOURCE = "verdict"
PREFIX = "text"


@functools.cache
def model() -> TextModel:
    """The bundled article text model (cached)."""
    return TextModel.load(RESOURCE, PREFIX)


def document(title: str, text: str) -> str:
    """What the text model reads: the title, then the body."""
    return f"{title}\n{text}"


def parts(m: TextModel, title: str, text: str, values: np.ndarray) -> tuple[dict[int, float], float, np.ndarray]:
    """Contributions to the logit of *unreliable*: `{word column: value}` for the words present, the
    character n-grams' sum, and the style features' array."""
    x = m.features([document(title, text)], dense=values[None, :]).tocsr()
    n_words, n = len(m.vocabulary), m.n_text_columns
    words = {int(j): float(v * m.coef[0, j]) for j, v in zip(x.indices, x.data) if j < n_words}
    chars = float(sum(v * m.coef[0, j] for j, v in zip(x.indices, x.data) if n_words <= j < n))
    style = np.asarray(x[:, n:].todense()).ravel() * m.coef[0, n:]
    return words, chars, style


def _term_spans(term: str, title: str, text: str, limit: int) -> list[Span]:
    pattern = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in term.split()) + r"\b", re.IGNORECASE)
    spans: list[Span] = []
    for field, value in (("title", title), ("body", text)):
        for m in pattern.finditer(value):
            spans.append(Span(start=m.start(), end=m.end(), field=field))
            if len(spans) >= limit:
                return spans
    return spans


def _distinct(m: TextModel, ranked: list[int], k: int) -> list[int]:
    """The first `k` terms of `ranked` that share no word with a term kept before them: "the minister" after
    "minister" tells the reader nothing new."""
    kept: list[int] = []
    seen: set[str] = set()
    for j in ranked:
        term_words = set(m.vocabulary[j].split())
        if term_words & seen:
            continue
        kept.append(j)
        seen |= term_words
        if len(kept) == k:
            break
    return kept


def _word_signal(m: TextModel, words: dict[int, float], chars: float, title: str, text: str, center: float) -> Signal:
    total = sum(words.values()) + chars
    direction = 1.0 if total >= center else -1.0
    top = _distinct(m, sorted((j for j in words if direction * words[j] > 0), key=lambda j: -direction * words[j]), 6)
    terms = [m.vocabulary[j] for j in top]
    spans = [s for t in terms for s in _term_spans(t, title, text, 3)][:10]
    lean = "unreliable" if direction > 0 else "reliable"
    # the training sets are US politics (2016) and COVID-19 (2020) news: on other topics the words that weigh most
    # are often just the topic's ('lung', 'may', 'uk' on a medical story), so the reason says what it learned from
    detail = f"The wording is typical of {lean} articles in the training data (US politics 2016, COVID-19 2020)"
    if terms:
        detail += "; the words that weigh most: " + ", ".join(f"'{t}'" for t in terms[:5])
    return Signal("text_words", total, "text", detail, spans, {"terms": {m.vocabulary[j]: round(words[j], 4) for j in top}})


def _style_signal(m: TextModel, style: np.ndarray, values: np.ndarray, title: str, text: str, center: float) -> Signal:
    total = float(style.sum())
    direction = 1.0 if total >= center else -1.0
    scaled = (values - m.dense_mean) / m.dense_std
    order = [i for i in np.argsort(-direction * style) if direction * style[i] > 0][:3]
    phrases, spans = [], []
    for i in order:
        name = m.dense_names[i]
        many = scaled[i] > 0
        found = [Span(start=s, end=e, field=f) for f, s, e in F.feature_spans(name, title, text, 4)] if many else []
        # the words counted: "many words of vague sourcing ('reportedly')" is not the quotes' unnamed sources
        counted = ((title if s.field == "title" else text)[s.start : s.end].lower() for s in found)
        words = list(dict.fromkeys(f"'{w}'" for w in counted if any(ch.isalpha() for ch in w)))[:3]
        phrase = ("many " if many else "few ") + F.BY_NAME[name].plain
        phrases.append(phrase + (f" ({', '.join(words)})" if words else ""))
        spans += found
    lean = "unreliable" if direction > 0 else "reliable"
    detail = f"The style leans {lean}" + (": " + "; ".join(phrases) if phrases else "")
    evidence = {m.dense_names[i]: round(float(values[i]), 3) for i in order}
    return Signal("text_style", total, "text", detail, spans[:10], evidence)


def text_signals(title: str, text: str, centers: dict[str, float]) -> list[Signal]:
    """The word and style signals of one article; `centers` (the typical training values) decide
    whether each leans reliable or unreliable."""
    m = model()
    values = F.style_vector(title, text)
    words, chars, style = parts(m, title, text, values)
    return [
        _word_signal(m, words, chars, title, text, centers.get("text_words", 0.0)),
        _style_signal(m, style, values, title, text, centers.get("text_style", 0.0)),
    ]
