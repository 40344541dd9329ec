"""The SemEval-2020 Task 11 measures.

SI: precision and recall with partial-overlap credit (the task's `C(s, t, h) = |s ∩ t| / h`):
P = Σ_s Σ_t |s∩t| / |s| over predicted spans s, divided by the number of predicted spans;
R = Σ_t Σ_s |s∩t| / |t| divided by the number of gold spans; gold spans of an article are merged
first, as the official scorer does, and predicted spans may not overlap.
TC: micro-F1 over the gold spans; a span that carries k gold techniques is matched as a multiset.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from ..errors import InputError


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans merged into one, sorted."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def si_scores(gold: dict[str, list[tuple[int, int]]], pred: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
    """SI precision, recall and F1 with partial-overlap credit (see the module docstring)."""
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for aid in set(gold) | set(pred):
        g = merge(gold.get(aid, []))
        p = sorted(pred.get(aid, []))
        for (s1, e1), (s2, _) in zip(p, p[1:]):
            if s2 < e1:
                raise InputError(f"article {aid}: predicted spans overlap ({s1}-{e1} and {s2})")
        n_pred += len(p)
        n_gold += len(g)
        for ps, pe in p:
            for gs, ge in g:
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    p_num += inter / (pe - ps)
                    r_num += inter / (ge - gs)
    precision = p_num / n_pred if n_pred else 0.0
    recall = r_num / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": n_pred, "gold": n_gold}


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
