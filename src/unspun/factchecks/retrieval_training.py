"""Fitting and calibrating the claim re-ranker on CheckThat! 2020 Task 2, and its MAP@k.

Calibration asks the question an article poses: most sentences have *no* fact-check in the store.
Each labelled query is therefore scored twice: as it is (is the top candidate the right one, and how
probable?) and with its gold fact-checks taken out of the store (the top candidate is then a wrong
match by construction). The threshold is the lowest probability at which the matches reported
over both halves reach the wanted precision.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import checkthat
from .encoding import encode_cached
from .index import _MATCH_COLUMNS, FEATURES, NEAR_DUPLICATE, Candidate, Index, first_stored
from .records import FactCheck
from .text import clean


def held_out_for_reranker(query_id: str) -> bool:
    """Whether a CheckThat! *train* query belongs to the quarter the claim encoder never sees.

    The encoder is fine-tuned on the other three quarters; fitting the re-ranker on queries it was
    trained on would teach it to trust cosines that are too good to be true on new text.
    """
    return zlib.crc32(query_id.encode("utf-8")) % 4 == 0


@dataclass(frozen=True)
class Run:
    """One query's candidates and the indices of its relevant claims."""

    query_id: str
    candidates: list[Candidate]
    relevant: frozenset[int]
    #: the relevant claims and their near-duplicates (the task's database repeats some claims with other
    #: quote marks); all of them are withheld when simulating "this claim was never fact-checked"
    equivalent: frozenset[int] = frozenset()
    #: candidate -> the first-stored record of its duplicates (see `index.first_stored`); ranking shows each once
    first: dict[int, int] = field(default_factory=dict)


@functools.lru_cache(maxsize=2)
def checkthat_index(task: Path, cache: Path | None) -> tuple[Index, list[str]]:
    """The task's verified claims as an index (claim and title vectors), and their ids in index order."""
    claims = checkthat.verified_claims(task)
    records = [FactCheck(claim=c.claim, title=c.title) for c in claims]
    vectors = encode_cached([clean(c.claim) for c in claims], cache)
    titles = encode_cached([clean(c.title or c.claim) for c in claims], cache)
    return Index(records, vectors, titles), [c.id for c in claims]


def checkthat_runs(task: Path, split: str, cache: Path | None = None, k: int = 20) -> list[Run]:
    """Candidates for every query of a split (`task/<split>/tweets.queries.tsv`), with their qrels."""
    index, ids = checkthat_index(task, cache)
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    queries = checkthat.queries(task / split)
    qrels = checkthat.qrels(task / split)
    order = sorted(queries)
    vectors = encode_cached([clean(queries[q]) for q in order], cache)
    runs = []
    for q, v in zip(order, vectors):
        candidates = index.candidates(queries[q], v, k=k)
        relevant = frozenset(position[d] for d in qrels.get(q, ()) if d in position)
        near = {c.index for c in candidates for g in relevant if float(index.vectors[c.index] @ index.vectors[g]) >= NEAR_DUPLICATE}
        runs.append(Run(q, candidates, relevant, frozenset(relevant | near), first_stored(index, [c.index for c in candidates])))
    return runs


def withheld(run: Run) -> list[Candidate]:
    """The run's candidates as they would look had its relevant fact-checks never been stored: the
    collection-relative features (cosine gap, BM25 ratio, both ranks) are recomputed without them."""
    rest = [c for c in run.candidates if c.index not in (run.equivalent or run.relevant)]
    if not rest:
        return []
    names = {name: i for i, name in enumerate(FEATURES)}
    cos = np.array([c.features[names["cosine"]] for c in rest])
    title = np.array([c.features[names["title_cosine"]] for c in rest])
    lex = np.array([c.features[names["bm25_ratio"]] for c in rest])
    sem_order = {int(j): r for r, j in enumerate(np.argsort(-cos, kind="stable"))}
    lexical = [j for j in np.argsort(-lex, kind="stable") if lex[j] > 0]
    lex_order = {int(j): r for r, j in enumerate(lexical)}
    k = max(len(rest), 1)
    out = []
    for j, c in enumerate(rest):
        f = c.features.copy()
        f[names["cosine_gap"]] = cos[j] - cos.max()
        f[names["title_cosine_gap"]] = title[j] - title.max()
        f[names["bm25_ratio"]] = lex[j] / lex.max() if lex.max() > 0 else 0.0
        f[names["sem_rank"]] = 1.0 / (1.0 + sem_order.get(j, k)) if c.features[names["sem_rank"]] > 0 else f[names["sem_rank"]]
        f[names["lex_rank"]] = 1.0 / (1.0 + lex_order.get(j, k)) if j in lex_order else f[names["lex_rank"]]
        out.append(Candidate(c.index, f))
    return out


def _probabilities(candidates: list[Candidate], weights: np.ndarray) -> np.ndarray:
    if not candidates:
        return np.zeros(0)
    return 1.0 / (1.0 + np.exp(-np.clip(np.vstack([c.features for c in candidates]) @ weights, -30, 30)))


def ranking(run: Run, weights: np.ndarray) -> list[tuple[int, float]]:
    """(candidate index, probability) in re-ranked order, duplicates shown once (as search does)."""
    probs = _probabilities(run.candidates, weights)
    out, seen = [], set()
    for i in np.argsort(-probs, kind="stable"):
        keep = run.first.get(run.candidates[i].index, run.candidates[i].index)
        if keep not in seen:
            seen.add(keep)
            out.append((keep, float(probs[i])))
    return out


def fit_reranker(runs: list[Run], c: float = 1.0) -> np.ndarray:
    """Logistic-regression weights over the candidates' features (relevant vs not)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([cand.features for run in runs for cand in run.candidates])
    y = np.array([cand.index in run.relevant for run in runs for cand in run.candidates])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y)
    return model.coef_[0].astype(np.float32)


def _fold(run: Run, folds: int) -> int:
    return zlib.crc32(run.query_id.encode("utf-8")) // 4 % folds  # independent of `held_out_for_reranker`'s % 4


def choose_c(runs: list[Run], grid: tuple[float, ...] = (0.3, 1.0, 3.0, 10.0), folds: int = 4) -> tuple[float, dict[float, float]]:
    """The re-ranker's regularisation, chosen by `folds`-fold cross-validated MAP@5 over `runs` (training
    queries only), and the cross-validated MAP@5 of every value tried."""
    scores = {}
    for c in grid:
        aps = []
        for f in range(folds):
            weights = fit_reranker([r for r in runs if _fold(r, folds) != f], c)
            aps += [average_precision_at_k([d for d, _ in ranking(r, weights)], r.relevant) for r in runs if _fold(r, folds) == f]
        scores[c] = round(float(np.mean(aps)), 4)
    return max(grid, key=lambda c: (scores[c], -c)), scores


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


def _top_pairs(runs: list[Run], weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Match features, labels and withheld-flags of each query's top candidate, as stored and with its
    gold withheld."""
    rows, labels, flags = [], [], []
    for run in runs:
        for candidates, relevant, is_withheld in ((run.candidates, run.relevant, False), (withheld(run), frozenset(), True)):
            if candidates:
                features = np.vstack([c.features for c in candidates])
                best = int(np.argmax(features @ weights))
                rows.append(features[best, _MATCH_COLUMNS])
                labels.append(candidates[best].index in relevant)
                flags.append(is_withheld)
    return np.vstack(rows), np.array(labels), np.array(flags)


def fit_matcher(runs: list[Run], weights: np.ndarray, c: float = 1.0) -> np.ndarray:
    """Weights of the match decision (is the top candidate the query's fact-check?) over MATCH_FEATURES."""
    from sklearn.linear_model import LogisticRegression

    x, y, _ = _top_pairs(runs, weights)
    return LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y).coef_[0].astype(np.float32)


def calibrate(runs: list[Run], weights: np.ndarray, match_weights: np.ndarray, precision: float = 0.9,
              threshold: float | None = None) -> tuple[float, dict[str, float]]:
    """The match threshold reaching `precision` (or the given `threshold`) and its precision/recall.

    Recall counts the queries whose right fact-check is reported; precision counts every reported top
    candidate, including the ones reported when the right fact-check was withheld from the store.
    """
    x, correct, is_withheld = _top_pairs(runs, weights)
    scores = 1.0 / (1.0 + np.exp(-np.clip(x @ match_weights, -30, 30)))
    absent = scores[is_withheld]

    def stats(t: float) -> dict[str, float]:
        chosen = scores >= t
        tp = int((chosen & correct).sum())
        return {
            "threshold": round(t, 4),
            "precision": round(tp / max(int(chosen.sum()), 1), 4),
            "recall": round(tp / max(len(runs), 1), 4),
            "false_match_rate_when_absent": round(float(np.mean(absent >= t)) if len(absent) else 0.0, 4),
        }

    if threshold is None:
        threshold = 1.0
        for t in sorted(set(np.round(scores, 4).tolist())):
            if stats(t)["precision"] >= precision:
                threshold = t
                break
    return threshold, stats(threshold)
