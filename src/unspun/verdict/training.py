"""Training and site-disjoint cross-validation of the verdict's text model, combiner and claim model.

Folds group on the `site` field across all article sets at once (GroupKFold), so no site - and none of
the duplicate texts the sets share - is ever on both sides of a split (Zhou et al.: random folds
overstate by 10+ points). The combiner is fitted on out-of-fold text scores, which calibrates it; its own
figures come from a second, cross-fitted level so every number below is out-of-site.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from . import features as F
from . import labels as L
from .combiner import SOURCE_SIGNALS, SOURCE_SIGNS
from .datasets import Record, read
from .metrics import binary_report, platt, sigmoid
from .signals import source_signals
from .text import document
from .textmodel import TextModel

ARTICLE_SETS = {
    "buzzfeed-webis": "buzzfeed-webis-fake-news-2016",
    "fakenewsnet": "fakenewsnet-2017-politifact-buzzfeed",
    "recovery": "recovery-covid19-news",
}
LIAR_SET = "liar-politifact-statements"
TEXT_PARAMS: dict[str, Any] = {
    "ngram_range": [1, 2], "min_df": 3, "max_df": 0.5, "max_features": 50000, "C": 10.0, "dense_weight": 1.0,
}
CLAIM_PARAMS: dict[str, Any] = {
    "ngram_range": [1, 1], "min_df": 2, "max_df": 0.5, "max_features": 30000, "C": 0.1, "meta_min_df": 2,
    "class_weight": None,
}
#: Texts shorter than this are page-scrape failures in these sets: left out of training, not of evaluation.
MIN_CHARS = 200
N_FOLDS = 5
COMBINER_C = 1.0
TEXT_SIGNALS = ["text_words", "text_style"]

Log = Callable[[str], None]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def training_records(root: Path) -> list[Record]:
    """The labelled articles of the three sets, minus scrape failures and ReCOVery's aggregator rows."""
    out = []
    for folder in ARTICLE_SETS.values():
        for r in read(root / folder):
            if r.label is None or len(r.text) < MIN_CHARS:
                continue
            if r.dataset == "recovery" and r.meta.get("publisher") in L.RECOVERY_AGGREGATORS:
                continue
            out.append(r)
    return out


def sample_weights(records: list[Record]) -> np.ndarray:
    """Each dataset weighs the same in total, and within it both classes weigh the same.

    Why: ReCOVery and BuzzFeed-Webis are five times FakeNewsNet's size; unweighted, the model learns
    COVID-19 vocabulary and BuzzFeed's class skew rather than what unreliable writing has in common.
    """
    keys = np.array([f"{r.dataset}:{r.label}" for r in records])
    per_set = {r.dataset for r in records}
    w = np.ones(len(records))
    for key in set(keys):
        m = keys == key
        w[m] = len(records) / (2 * len(per_set) * m.sum())
    return w


def fit_text(records: list[Record], styles: np.ndarray, params: dict[str, Any]) -> TextModel:
    """The article text model on `records` (binary: 1 = unreliable)."""
    return TextModel.fit(
        [document(r.title, r.text) for r in records], np.array([r.label for r in records]),
        dense=styles, dense_names=list(F.NAMES), sample_weight=sample_weights(records),
        classes=["reliable", "unreliable"], params=params,
    )


def text_parts(model: TextModel, records: list[Record], styles: np.ndarray) -> np.ndarray:
    """(n, 2) logit parts of the text model: words, style (the intercept goes to the combiner)."""
    x = model.features([document(r.title, r.text) for r in records], dense=styles)
    n_words = len(model.vocabulary)
    coef = model.coef[0]
    return np.column_stack([x[:, :n_words] @ coef[:n_words], x[:, n_words:] @ coef[n_words:]])


def source_matrix(records: list[Record]) -> np.ndarray | None:
    """(n, len(SOURCE_SIGNALS)) publisher signals from the source database, or None when it is not installed."""
    try:
        from ..sources import profile_of
    except ImportError:
        return None
    index = {name: i for i, name in enumerate(SOURCE_SIGNALS)}
    cache: dict[str, np.ndarray] = {}
    rows = []
    for r in records:
        if r.site not in cache:
            row = np.zeros(len(SOURCE_SIGNALS))
            profile = profile_of(r.site) if r.site else None
            for s in source_signals(profile if profile and profile.get("ratings") else None):
                row[index[s.name]] = s.value
            cache[r.site] = row
        rows.append(cache[r.site])
    return np.vstack(rows)


def fit_combiner(x: np.ndarray, y: np.ndarray, names: list[str]) -> tuple[float, np.ndarray]:
    """Logistic regression over the signals; a source weight with the wrong sign is dropped and the
    rest refitted, so a rating never counts against its meaning (collinear ratings otherwise do)."""
    from sklearn.linear_model import LogisticRegression

    keep = np.ones(len(names), dtype=bool)
    while True:
        clf = LogisticRegression(C=COMBINER_C, max_iter=2000).fit(x[:, keep], y)
        w = np.zeros(len(names))
        w[keep] = clf.coef_[0]
        wrong = [i for i, n in enumerate(names) if keep[i] and n in SOURCE_SIGNS and w[i] * SOURCE_SIGNS[n] < 0]
        if not wrong:
            return float(clf.intercept_[0]), w
        keep[wrong] = False


def _per_dataset(records: list[Record], y: np.ndarray, p: np.ndarray) -> dict[str, dict[str, float]]:
    sets = np.array([r.dataset for r in records])
    out = {name: binary_report(y[sets == name], p[sets == name]) for name in ARTICLE_SETS if (sets == name).any()}
    out["pooled"] = binary_report(y, p)
    return out


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The probability threshold that maximises the F1 of the unreliable class."""
    from sklearn.metrics import f1_score

    grid = np.unique(np.quantile(p, np.linspace(0.02, 0.98, 97)))
    scores = [f1_score(y, p >= t, zero_division=0) for t in grid]
    return float(grid[int(np.argmax(scores))])


def benchmark_calibration(y: np.ndarray, z: np.ndarray) -> dict[str, float]:
    """Platt map of the general logit onto one benchmark's base rate, and its F1 threshold."""
    a, b = platt(z, y)
    return {"a": a, "b": b, "threshold": best_threshold(y, sigmoid(a * z + b))}


def _benchmark_figures(records: list[Record], y: np.ndarray, z: np.ndarray, folds: list) -> dict[str, Any]:
    """Per-benchmark calibration and threshold, cross-fitted on the same site-disjoint folds."""
    sets = np.array([r.dataset for r in records])
    out: dict[str, Any] = {}
    for name in ARTICLE_SETS:
        p = np.zeros(len(y))
        decided = np.zeros(len(y), dtype=bool)
        for train, test in folds:
            tr, te = train[sets[train] == name], test[sets[test] == name]
            if len(te) == 0:
                continue
            cal = benchmark_calibration(y[tr], z[tr])
            p[te] = sigmoid(cal["a"] * z[te] + cal["b"])
            decided[te] = p[te] >= cal["threshold"]
        m = sets == name
        figures = binary_report(y[m], p[m])
        figures.update(_decided(y[m], decided[m]))
        out[name] = figures
    return out


def _decided(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import f1_score

    return {"macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
            "f1_unreliable": round(float(f1_score(y, pred)), 4)}


def cross_validate(records: list[Record], styles: np.ndarray, sources: np.ndarray | None,
                   params: dict[str, Any], log: Log = _log) -> dict[str, Any]:
    """Site-disjoint OOF text parts, the combiner's cross-fitted logits and per-dataset figures."""
    from sklearn.model_selection import GroupKFold

    y = np.array([r.label for r in records])
    groups = np.array([r.site for r in records])
    folds = list(GroupKFold(n_splits=N_FOLDS).split(styles, y, groups))
    oof = np.zeros((len(records), 2))
    for k, (train, test) in enumerate(folds, 1):
        model = fit_text([records[i] for i in train], styles[train], params)
        oof[test] = text_parts(model, [records[i] for i in test], styles[test])
        log(f"fold {k}/{N_FOLDS}: {len(train)} train, {len(test)} test articles, {len(set(groups[test]))} unseen sites")
    centers = np.median(oof, axis=0)
    variants = {"text-only": (oof - centers, TEXT_SIGNALS)}
    if sources is not None:
        variants["with-source"] = (np.hstack([oof - centers, sources]), [*TEXT_SIGNALS, *SOURCE_SIGNALS])
    figures: dict[str, Any] = {}
    logits: dict[str, np.ndarray] = {}
    for name, (x, names) in variants.items():
        z = np.zeros(len(y))
        for train, test in folds:
            b, w = fit_combiner(x[train], y[train], names)
            z[test] = x[test] @ w + b
        logits[name] = z
        figures[name] = _per_dataset(records, y, sigmoid(z))
        figures[f"{name}, per-benchmark calibration"] = _benchmark_figures(records, y, z, folds)
    return {"oof": oof, "centers": centers, "figures": figures, "logits": logits, "folds": len(folds), "y": y}


# -- LIAR (short claims) --------------------------------------------------------------------------------

def claim_meta(r: Record) -> list[str]:
    """Metadata tokens of a LIAR statement (never the credit-history counts, which leak the label)."""
    m = r.meta
    tokens = [f"speaker={m.get('speaker', '').strip().lower()}", f"party={m.get('party', '').strip().lower()}",
              f"state={m.get('state', '').strip().lower()}", f"job={m.get('job', '').strip().lower()}"]
    tokens += [f"subject={s.strip().lower()}" for s in m.get("subject", "").split(",") if s.strip()]
    tokens += [f"context={w}" for w in m.get("context", "").lower().split() if len(w) > 2]
    return [t for t in tokens if not t.endswith("=")]


def fit_claims(records: list[Record], params: dict[str, Any]) -> TextModel:
    """The six-way LIAR model: statement words + speaker/party/state/job/subject/context tokens."""
    y = np.array([L.LIAR_LABELS.index(r.raw_label) for r in records])
    return TextModel.fit([r.text for r in records], y, meta=[claim_meta(r) for r in records],
                         classes=list(L.LIAR_LABELS), params=params)


def claim_probabilities(model: TextModel, records: list[Record]) -> np.ndarray:
    """(n, 6) class probabilities in `LIAR_LABELS` order."""
    z = model.decision(model.features([r.text for r in records], meta=[claim_meta(r) for r in records]))
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def claim_report(records: list[Record], probs: np.ndarray) -> dict[str, float]:
    """Six-way accuracy and macro-F1, plus the binary view (lower three = unreliable)."""
    from sklearn.metrics import accuracy_score, f1_score

    y6 = np.array([L.LIAR_LABELS.index(r.raw_label) for r in records])
    pred = probs.argmax(axis=1)
    out = {
        "accuracy_6way": round(float(accuracy_score(y6, pred)), 4),
        "macro_f1_6way": round(float(f1_score(y6, pred, average="macro")), 4),
    }
    binary = binary_report((y6 < 3).astype(int), probs[:, :3].sum(axis=1))
    return {**out, **{f"binary_{k}": v for k, v in binary.items()}}


def train_claims(root: Path, log: Log = _log) -> tuple[TextModel, dict[str, Any]]:
    """Fit on LIAR train, report on LIAR valid (the official split; valid is never used to fit)."""
    train = [r for r in read(root / LIAR_SET, "train") if r.raw_label in L.LIAR_LABELS]
    valid = [r for r in read(root / LIAR_SET, "valid") if r.raw_label in L.LIAR_LABELS]
    model = fit_claims(train, CLAIM_PARAMS)
    figures = claim_report(valid, claim_probabilities(model, valid))
    log(f"LIAR valid: {figures}")
    return model, {"train": len(train), "valid": len(valid), **figures}
