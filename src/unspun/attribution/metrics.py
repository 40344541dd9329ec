"""Scoring of predicted against gold attributions: precision, recall and F1 per role.

For each role (content, cue, source) and each article, predicted and gold role spans are matched one to
one. *Exact*: the same character fragments after trimming whitespace (fragments separated only by
whitespace are merged). *Overlap*: they share at least one non-space character; a maximum matching
decides which pairs count, so one long prediction cannot match two gold spans. *Chars*: the share of
role characters found (recall) and correct (precision), the token-overlap measure Citron reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from .polnear import Attribution, Fragments

ROLES = ("content", "cue", "source")


def normalise(fragments: Iterable[Sequence[int]], text: str) -> Fragments:
    """Whitespace-trimmed, sorted, merged fragments (empty ones dropped)."""
    trimmed = []
    for start, end in sorted((int(s), int(e)) for s, e in fragments):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append([start, end])
    merged: list[list[int]] = []
    for start, end in trimmed:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def _chars(fragments: Fragments, text: str) -> set[int]:
    return {i for s, e in fragments for i in range(s, e) if not text[i].isspace()}


@dataclass
class Counts:
    """Running true-positive / predicted / gold counts for one measure."""

    tp: float = 0
    pred: float = 0
    gold: float = 0

    def add(self, tp: float, pred: float, gold: float) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def prf(self) -> dict[str, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": int(self.tp), "predicted": int(self.pred), "gold": int(self.gold)}


@dataclass
class Scorer:
    """Accumulates per-role counts over articles; `result()` gives the P/R/F1 table."""

    counts: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {r: {m: Counts() for m in ("exact", "overlap", "chars")} for r in ROLES}
    )

    def add(self, text: str, predicted: Sequence[Attribution], gold: Sequence[Attribution]) -> None:
        """Score one article."""
        for role in ROLES:
            pred = [n for n in (normalise(getattr(a, role), text) for a in predicted) if n]
            true = [n for n in (normalise(getattr(a, role), text) for a in gold) if n]
            exact = sum((Counter(pred) & Counter(true)).values())
            self.counts[role]["exact"].add(exact, len(pred), len(true))
            pc = [_chars(p, text) for p in pred]
            tc = [_chars(t, text) for t in true]
            self.counts[role]["overlap"].add(_max_overlap_matching(pc, tc), len(pred), len(true))
            pu, tu = set().union(*pc), set().union(*tc)
            self.counts[role]["chars"].add(len(pu & tu), len(pu), len(tu))

    def result(self) -> dict[str, dict[str, dict[str, float]]]:
        return {role: {m: c.prf() for m, c in measures.items()} for role, measures in self.counts.items()}


def _max_overlap_matching(pred: list[set[int]], true: list[set[int]]) -> int:
    """Size of a one-to-one matching of overlapping spans (larger overlaps preferred on ties)."""
    if not pred or not true:
        return 0
    weight = np.zeros((len(pred), len(true)))
    for i, p in enumerate(pred):
        for j, t in enumerate(true):
            shared = len(p & t)
            if shared:
                weight[i, j] = 1.0 + shared / max(len(p | t), 1) * 1e-3
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return int(sum(1 for i, j in zip(rows, cols) if weight[i, j] > 0))
