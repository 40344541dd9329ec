"""Fitting and calibrating the claim re-ranker on CheckThat! 2020 Task 2, and its MAP@k.

Calibration asks the question an article poses: most sentences have *no* fact-check in the store.
Each labelled query is therefore scored twice: as it is (is the top candidate the right one, and how
probable?) and with its gold fact-checks taken out of the store (the top candidate is then a wrong
match by construction). The threshold is the lowest probability at which the matches reported
over both halves reach the wanted precision.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..embeddings import encode_cached
from . import checkthat
from .index import Candidate, Index
from .records import FactCheck
from .text import clean


@dataclass(frozen=True)
class Run:
    """One query's candidates and the indices of its relevant claims."""

    query_id: str
    candidates: list[Candidate]
    relevant: frozenset[int]


@functools.lru_cache(maxsize=2)
def checkthat_index(task: Path, cache: Path | None) -> tuple[Index, list[str]]:
    """The task's verified claims as an index, and their ids in index order."""
    claims = checkthat.verified_claims(task)
    records = [FactCheck(claim=c.claim, title=c.title) for c in claims]
    vectors = encode_cached([clean(c.claim) for c in claims], cache)
    return Index(records, vectors), [c.id for c in claims]


def checkthat_runs(task: Path, split: str, cache: Path | None = None, k: int = 20) -> list[Run]:
    """Candidates for every query of a split (`task/<split>/tweets.queries.tsv`), with their qrels."""
    index, ids = checkthat_index(task, cache)
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    queries = checkthat.queries(task / split)
    qrels = checkthat.qrels(task / split)
    order = sorted(queries)
    vectors = encode_cached([clean(queries[q]) for q in order], cache)
    return [
        Run(q, index.candidates(queries[q], v, k=k), frozenset(position[d] for d in qrels.get(q, ()) if d in position))
        for q, v in zip(order, vectors)
    ]


def _probabilities(candidates: list[Candidate], weights: np.ndarray) -> np.ndarray:
    if not candidates:
        return np.zeros(0)
    return 1.0 / (1.0 + np.exp(-np.clip(np.vstack([c.features for c in candidates]) @ weights, -30, 30)))


def ranking(run: Run, weights: np.ndarray) -> list[tuple[int, float]]:
    """(candidate index, probability) in re-ranked order."""
    probs = _probabilities(run.candidates, weights)
    return [(run.candidates[i].index, float(probs[i])) for i in np.argsort(-probs, kind="stable")]


def fit_reranker(runs: list[Run], c: float = 1.0) -> np.ndarray:
    """Logistic-regression weights over the candidates' features (relevant vs not)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([cand.features for run in runs for cand in run.candidates])
    y = np.array([cand.index in run.relevant for run in runs for cand in run.candidates])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y)
    return model.coef_[0].astype(np.float32)


def average_precision_at_k(ranked: list[int], relevant: frozenset[int], k: int = 5) -> float:
    """AP@k as CheckThat! 2020 Task 2 defines it: precision at each relevant hit in the top k, over min(|relevant|, k)."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k)


def map_at_k(runs: list[Run], weights: np.ndarray, k: int = 5) -> float:
    """Mean AP@k over the runs."""
    return float(np.mean([average_precision_at_k([d for d, _ in ranking(r, weights)], r.relevant, k) for r in runs])) if runs else 0.0


def calibrate(runs: list[Run], weights: np.ndarray, precision: float = 0.9, threshold: float | None = None) -> tuple[float, dict[str, float]]:
    """The match threshold reaching `precision` (or the given `threshold`) and its precision/recall.

    Recall counts the queries whose right fact-check is reported; precision counts every reported top
    candidate, including the ones reported when the right fact-check was withheld from the store.
    """
    present, absent = [], []
    for run in runs:
        probs = _probabilities(run.candidates, weights)
        if len(probs):
            best = int(np.argmax(probs))
            present.append((float(probs[best]), run.candidates[best].index in run.relevant))
        kept = [p for p, c in zip(probs, run.candidates) if c.index not in run.relevant]
        absent.append(max(kept, default=0.0))
    scores = np.array([p for p, _ in present] + absent)
    correct = np.array([ok for _, ok in present] + [False] * len(absent))

    def stats(t: float) -> dict[str, float]:
        chosen = scores >= t
        tp = int((chosen & correct).sum())
        return {
            "threshold": round(t, 4),
            "precision": round(tp / max(int(chosen.sum()), 1), 4),
            "recall": round(tp / max(len(runs), 1), 4),
            "false_match_rate_when_absent": round(float(np.mean(np.array(absent) >= t)) if absent else 0.0, 4),
        }

    if threshold is None:
        threshold = 1.0
        for t in sorted(set(np.round(scores, 4).tolist())):
            if stats(t)["precision"] >= precision:
                threshold = t
                break
    return threshold, stats(threshold)
