"""Per-set calibration: a Platt map and a fake-vs-rest threshold for each labelled article set.

Why: the shared sets have their own base rates (19 % to 50 % unreliable) and their own notions of
"unreliable" (per article in BuzzFeed-Webis and FakeNewsNet, per publisher in ReCOVery). The combiner is
calibrated on their mix, which is what `unspun check` needs for a page of unknown origin; on any one set
it is off by that set's base rate (per-set ECE up to 0.17). When the set is known - `unspun eval verdict`
reads it from the layout - its own map is applied. Each map is fitted on out-of-fold combiner logits of
the training folds, so the figures it is reported with are out-of-site.

A scrape failure (a text under `datasets.MIN_CHARS` characters: the page was gone or blocked when the set
was collected) gives the text model nothing to read, and the model never trained on one; its logit is
noise. Such a record gets its set's own rate of unreliable records among scrape failures instead
(Laplace-smoothed), counted on the training folds like the map. The rate differs by set because of how
each set was collected (FakeNewsNet: 25 of 28 are fake, plausibly because fake sites went offline
sooner), which `eval` knows and a live page does not, so `unspun check` never uses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .metrics import platt, sigmoid

#: Candidate thresholds on P(unreliable) for the F1-optimal cut.
_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


@dataclass(frozen=True)
class SetMap:
    """P(unreliable | set) = sigmoid(a * z + b) for the combiner's logit z; `threshold` on that probability
    maximised the unreliable class's F1 on the data the map was fitted on; `scrape_failure` is
    P(unreliable) for a scrape failure of the set (None: not measured, the map applies)."""

    a: float
    b: float
    threshold: float
    scrape_failure: float | None = None

    def probability(self, z: np.ndarray | float, failed: np.ndarray | bool = False) -> np.ndarray:
        """P(unreliable) of logits `z`; where `failed`, the set's scrape-failure rate instead."""
        p = sigmoid(self.a * np.asarray(z, dtype=float) + self.b)
        if self.scrape_failure is None:
            return p
        return np.where(failed, self.scrape_failure, p)

    def to_json(self) -> dict[str, float | None]:
        return {"a": round(self.a, 6), "b": round(self.b, 6), "threshold": self.threshold,
                "scrape_failure": None if self.scrape_failure is None else round(self.scrape_failure, 4)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SetMap:
        rate = data.get("scrape_failure")
        return cls(a=float(data["a"]), b=float(data["b"]), threshold=float(data["threshold"]),
                   scrape_failure=None if rate is None else float(rate))


def f1_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The cut on P(unreliable) with the best F1 of the unreliable class (ties: the lowest cut)."""
    y = np.asarray(y, dtype=bool)
    best, best_f1 = 0.5, -1.0
    for t in _THRESHOLDS:
        pred = p >= t
        tp = float((pred & y).sum())
        f1 = 2 * tp / max(float(pred.sum() + y.sum()), 1.0)
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


def fit_set_maps(z: np.ndarray, y: np.ndarray, sets: np.ndarray,
                 failures: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, SetMap]:
    """One map per set present in `sets` (a set with a single class gets no map).

    `failures` = (labels, sets) of the scrape failures on the same folds: each set's smoothed rate of
    unreliable among them becomes its `scrape_failure` probability (none in the set: no rate)."""
    maps = {}
    for name in np.unique(sets):
        m = sets == name
        if len(np.unique(y[m])) < 2:
            continue
        a, b = platt(z[m], y[m])
        rate = None
        if failures is not None:
            fy = failures[0][failures[1] == name]
            rate = float((fy.sum() + 1.0) / (len(fy) + 2.0)) if len(fy) else None
        maps[str(name)] = SetMap(a, b, f1_threshold(y[m], sigmoid(a * z[m] + b)), rate)
    return maps


def apply_set_maps(maps: Mapping[str, SetMap], z: np.ndarray, sets: np.ndarray,
                   failed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(P(unreliable), threshold) per item: its set's map, or the plain combiner and 0.5 for a set without one;
    items marked `failed` (scrape failures) get their set's scrape-failure rate."""
    p = sigmoid(np.asarray(z, dtype=float))
    failed = np.zeros(len(p), dtype=bool) if failed is None else np.asarray(failed, dtype=bool)
    thresholds = np.full(len(p), 0.5)
    for name, set_map in maps.items():
        m = sets == name
        p[m] = set_map.probability(z[m], failed[m])
        thresholds[m] = set_map.threshold
    return p, thresholds
