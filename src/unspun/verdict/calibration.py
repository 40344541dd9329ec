"""Per-set calibration: a Platt map and a fake-vs-rest threshold for each labelled article set.

Why: the shared sets have their own base rates (19 % to 50 % unreliable) and their own notions of
"unreliable" (per article in BuzzFeed-Webis and FakeNewsNet, per publisher in ReCOVery). The combiner is
calibrated on their mix, which is what `unspun check` needs for a page of unknown origin; on any one set
it is off by that set's base rate (per-set ECE up to 0.17). When the set is known - `unspun eval verdict`
reads it from the layout - its own map is applied. Each map is fitted on out-of-fold combiner logits of
the training folds, so the figures it is reported with are out-of-site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .metrics import platt, sigmoid

#: Candidate thresholds on P(unreliable) for the F1-optimal cut.
_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


@dataclass(frozen=True)
class SetMap:
    """P(unreliable | set) = sigmoid(a * z + b) for the combiner's logit z; `threshold` on that probability
    maximised the unreliable class's F1 on the data the map was fitted on."""

    a: float
    b: float
    threshold: float

    def probability(self, z: np.ndarray | float) -> np.ndarray:
        return sigmoid(self.a * np.asarray(z, dtype=float) + self.b)

    def to_json(self) -> dict[str, float]:
        return {"a": round(self.a, 6), "b": round(self.b, 6), "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: Mapping[str, float]) -> SetMap:
        return cls(a=float(data["a"]), b=float(data["b"]), threshold=float(data["threshold"]))


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


def fit_set_maps(z: np.ndarray, y: np.ndarray, sets: np.ndarray) -> dict[str, SetMap]:
    """One map per set present in `sets` (a set with a single class gets no map)."""
    maps = {}
    for name in np.unique(sets):
        m = sets == name
        if len(np.unique(y[m])) < 2:
            continue
        a, b = platt(z[m], y[m])
        maps[str(name)] = SetMap(a, b, f1_threshold(y[m], sigmoid(a * z[m] + b)))
    return maps


def apply_set_maps(maps: Mapping[str, SetMap], z: np.ndarray, sets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(P(unreliable), threshold) per item: its set's map, or the plain combiner and 0.5 for a set without one."""
    p = sigmoid(np.asarray(z, dtype=float))
    thresholds = np.full(len(p), 0.5)
    for name, set_map in maps.items():
        m = sets == name
        p[m] = set_map.probability(z[m])
        thresholds[m] = set_map.threshold
    return p, thresholds
