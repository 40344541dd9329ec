"""Fitting the two heads of the check-worthiness model, and the metrics its datasets define.

Splits are by debate everywhere (sentences of one debate share topic, speakers and annotators).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from .features import identity, ngrams


@dataclass(frozen=True)
class Head:
    """A fitted linear head: vocabulary and idf of its word TF-IDF (and of its tag TF-IDF, when it has
    one), coefficients (columns: words, then tags, then any dense features) and intercepts."""

    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    tag_vocabulary: list[str] = field(default_factory=list)
    tag_idf: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))


def _tfidf(items: Sequence[Any], analyzer: Callable[[Any], list[str]] = ngrams):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=2, sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(items)
    vocabulary = [""] * len(vectorizer.vocabulary_)
    for term, j in vectorizer.vocabulary_.items():
        vocabulary[j] = term
    return vectorizer, matrix, vocabulary


def fit_classes(texts: Sequence[str], tags: Sequence[list[str]], labels: Sequence[int], vectors: np.ndarray,
                scale: float, c: float = 1.0) -> Head:
    """The three-class head over [word TF-IDF | tag TF-IDF | scale * static vector]; labels index CLASSES."""
    from sklearn.linear_model import LogisticRegression

    words, word_matrix, vocabulary = _tfidf(texts)
    tagger, tag_matrix, tag_vocabulary = _tfidf(tags, identity)
    features = sparse.hstack([word_matrix, tag_matrix, sparse.csr_matrix(scale * vectors)]).tocsr()
    model = LogisticRegression(C=c, max_iter=3000).fit(features, np.asarray(labels))
    return Head(vocabulary, words.idf_.astype(np.float32), model.coef_.astype(np.float32), model.intercept_.astype(np.float32),
                tag_vocabulary, tagger.idf_.astype(np.float32))


def fit_checked(texts: Sequence[str], labels: Sequence[int], c: float = 0.3) -> Head:
    """The binary CheckThat! head over TF-IDF alone (class-balanced: 1-3 % positives)."""
    from sklearn.linear_model import LogisticRegression

    vectorizer, matrix, vocabulary = _tfidf(texts)
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(matrix, np.asarray(labels))
    return Head(vocabulary, vectorizer.idf_.astype(np.float32), model.coef_[0].astype(np.float32), model.intercept_.astype(np.float32).reshape(1))


def cfs_metrics(truth: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float]:
    """Precision, recall, F1 of the check-worthy class at `threshold`, and average precision of `scores`."""
    from sklearn.metrics import average_precision_score

    predicted = scores >= threshold
    tp = int((predicted & truth).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(truth.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ap = float(average_precision_score(truth, scores)) if truth.any() else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "average_precision": round(ap, 4), "n": int(len(truth))}


def best_threshold(truth: np.ndarray, scores: np.ndarray) -> float:
    """The P(check-worthy) cut-off with the best F1 (searched in steps of 0.025)."""
    grid = np.arange(0.1, 0.9, 0.025)
    return float(max(grid, key=lambda t: (cfs_metrics(truth, scores, t)["f1"], -abs(t - 0.5))))


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """AP of one transcript as the CheckThat! debate scorer computes it (ties keep line order)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    positives = sum(1 for v in labels if v == 1)
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i] == 1:
            hits += 1
            total += hits / rank
    return total / positives if positives else 0.0


def mean_average_precision(transcripts: dict[str, tuple[Sequence[int], Sequence[float]]]) -> float:
    """MAP over transcripts (`name -> (labels, scores)`), the CheckThat! 2018-2020 debate measure."""
    return float(np.mean([average_precision(l, s) for l, s in transcripts.values()])) if transcripts else 0.0
