"""The verdict's metrics and its calibration map.

ECE uses 10 equal-width bins of the predicted probability of the positive class (unreliable), weighted
by bin size — the usual definition (Guo et al. 2017 for the binary case).
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """The logistic function, safe for large |z|."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """ECE of probabilities `p` for binary labels `y` (1 = positive)."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = index == b
        if m.any():
            total += m.sum() * abs(p[m].mean() - y[m].mean())
    return float(total / max(len(y), 1))


def ece_floor(p: np.ndarray, bins: int = 10, draws: int = 200, seed: int = 0) -> float:
    """The ECE a *perfectly* calibrated model would still show on this many items with these probabilities
    (mean over `draws` label sets drawn from `p` itself): below it, a measured ECE is noise, not skill."""
    p = np.asarray(p, dtype=float)
    rng = np.random.default_rng(seed)
    return float(np.mean([expected_calibration_error(rng.random(len(p)) < p, p, bins) for _ in range(draws)]))


def site_intervals(y: np.ndarray, p: np.ndarray, sites: np.ndarray, draws: int = 200,
                   seed: int = 0) -> dict[str, list[float]]:
    """5-95 % intervals of ROC-AUC and ECE when whole sites are drawn with replacement.

    Why sites, not articles: articles of one site share style and label, so the figures vary with which
    sites a sample holds far more than an article bootstrap shows; a hidden test of other sites of the
    same set moves that much."""
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    rows = [np.flatnonzero(sites == s) for s in np.unique(sites)]
    rng = np.random.default_rng(seed)
    aucs, eces = [], []
    for _ in range(draws):
        i = np.concatenate([rows[k] for k in rng.integers(len(rows), size=len(rows))])
        eces.append(expected_calibration_error(y[i], p[i]))
        if 0 < y[i].sum() < len(i):
            aucs.append(roc_auc_score(y[i], p[i]))
    return {"roc_auc_site_90": _interval(aucs), "ece_site_90": _interval(eces)}


def _interval(values: list[float]) -> list[float]:
    """[5th, 95th] percentile, rounded; empty when there is nothing to summarise."""
    return [round(float(q), 4) for q in np.percentile(values, [5, 95])] if values else []


def binary_report(y: np.ndarray, p_unreliable: np.ndarray, threshold: float = 0.5) -> dict[str, float | None]:
    """ROC-AUC, macro-F1 and fake-class F1 at `threshold`, ECE and its floor, for labels 1 = unreliable.
    ROC-AUC is None (JSON null, not the invalid NaN) when the labels hold one class only."""
    from sklearn.metrics import f1_score, roc_auc_score

    y = np.asarray(y, dtype=int)
    pred = (np.asarray(p_unreliable) >= threshold).astype(int)
    both = len(set(y.tolist())) == 2
    return {
        "n": int(len(y)),
        "roc_auc": round(float(roc_auc_score(y, p_unreliable)), 4) if both else None,
        "macro_f1": round(float(f1_score(y, pred, average="macro", zero_division=0)), 4),
        "f1_unreliable": round(float(f1_score(y, pred, pos_label=1, zero_division=0)), 4),
        "ece": round(expected_calibration_error(y, p_unreliable), 4),
        "ece_floor": round(ece_floor(p_unreliable), 4),
    }


def platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: `(a, b)` with P(y=1) = sigmoid(a*z + b), fitted by (almost unpenalised) logistic regression."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=1e4, max_iter=1000).fit(np.asarray(z).reshape(-1, 1), y)
    return float(clf.coef_[0, 0]), float(clf.intercept_[0])
