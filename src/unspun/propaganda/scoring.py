"""The SemEval-2020 Task 11 measures.

SI: precision and recall with partial-overlap credit (the task's `C(s, t, h) = |s ∩ t| / h`):
P = Σ_s Σ_t |s∩t| / |s| over predicted spans s, divided by the number of predicted spans;
R = Σ_t Σ_s |s∩t| / |t| divided by the number of gold spans; gold spans of an article are merged
first, as the official scorer does, and predicted spans may not overlap.
TC: micro-F1 over the gold spans; a span that carries k gold techniques is matched as a multiset.
`si_interval` bootstraps SI F1 over whole articles (the unit that is sampled).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from ..errors import InputError
from ..spans import merge


def _si_parts(aid: str, gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> tuple[float, float, int, int]:
    """One article's share of the SI sums: (precision credit, recall credit, #predicted, #gold merged)."""
    g = merge(gold)
    p = sorted(pred)
    for (s1, e1), (s2, _) in zip(p, p[1:]):
        if s2 < e1:
            raise InputError(f"article {aid}: predicted spans overlap ({s1}-{e1} and {s2})")
    p_num = r_num = 0.0
    for ps, pe in p:
        for gs, ge in g:
            inter = min(pe, ge) - max(ps, gs)
            if inter > 0:
                p_num += inter / (pe - ps)
                r_num += inter / (ge - gs)
    return p_num, r_num, len(p), len(g)


def _f1(p_num: float, r_num: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    precision = p_num / n_pred if n_pred else 0.0
    recall = r_num / n_gold if n_gold else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def si_scores(gold: dict[str, list[tuple[int, int]]], pred: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
    """SI precision, recall and F1 with partial-overlap credit (see the module docstring)."""
    parts = [_si_parts(aid, gold.get(aid, []), pred.get(aid, [])) for aid in set(gold) | set(pred)]
    p_num, r_num, n_pred, n_gold = (sum(col) for col in zip(*parts)) if parts else (0.0, 0.0, 0, 0)
    precision, recall, f1 = _f1(p_num, r_num, n_pred, n_gold)
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": n_pred, "gold": n_gold}


def si_interval(
    gold: dict[str, list[tuple[int, int]]], pred: dict[str, list[tuple[int, int]]], rounds: int = 1000, seed: int = 0
) -> tuple[float, float]:
    """95% bootstrap interval of SI F1, resampling whole articles.

    Why: the held-out and dev parts are a few dozen articles, and one span-heavy article moves F1 by a point or
    more; the interval says how much of a figure, or of its distance to a published anchor, is sampling noise."""
    ids = sorted(set(gold) | set(pred))
    if not ids:
        return 0.0, 0.0
    parts = np.array([_si_parts(aid, gold.get(aid, []), pred.get(aid, [])) for aid in ids], float)
    draws = np.random.default_rng(seed).integers(0, len(ids), size=(rounds, len(ids)))
    sums = parts[draws].sum(axis=1)  # (rounds, 4)
    f1 = np.array([_f1(*row)[2] for row in sums])
    low, high = np.percentile(f1, [2.5, 97.5])
    return float(low), float(high)


def tc_scores(gold: list[tuple[str, str, int, int]], pred: list[tuple[str, str, int, int]]) -> dict[str, float]:
    """TC micro-F1 (and per-technique F1) of predictions made on the gold spans."""
    by_span: dict[tuple[str, int, int], list[Counter]] = defaultdict(lambda: [Counter(), Counter()])
    for side, rows in ((0, gold), (1, pred)):
        for aid, tech, start, end in rows:
            by_span[(aid, start, end)][side][tech] += 1
    tp: Counter = Counter()
    n_gold: Counter = Counter()
    n_pred: Counter = Counter()
    for g, p in by_span.values():
        tp.update(g & p)
        n_gold.update(g)
        n_pred.update(p)
    total_tp, total_gold, total_pred = sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())
    precision = total_tp / total_pred if total_pred else 0.0
    recall = total_tp / total_gold if total_gold else 0.0
    out: dict[str, float] = {
        "micro_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "spans": total_gold,
    }
    for tech in sorted(n_gold):
        denom = n_gold[tech] + n_pred[tech]
        out[f"f1.{tech}"] = 2 * tp[tech] / denom if denom else 0.0
    return out
