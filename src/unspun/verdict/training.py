"""Training and site-disjoint cross-validation of the verdict's text model, combiner and claim model.

Folds group on the `site` field across all article sets at once, so no site - and none of the duplicate
texts the sets share - is ever on both sides of a split (Zhou et al.: random folds overstate by 10+
points). The combiner and each set's calibration map are fitted on out-of-fold text scores of the
training folds, so every figure reported is out-of-site."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..report import Article, Finding
from . import features as F
from . import labels as L
from .calibration import apply_set_maps, fit_set_maps
from .combiner import BANDS, SOURCE_SIGNALS, SOURCE_SIGNS
from .datasets import MIN_CHARS, Record, read
from .metrics import binary_report, platt, sigmoid, site_intervals
from .signals import headline_factcheck_signals, source_signals
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
    "char_ngram_range": [2, 4], "char_min_df": 5, "char_max_features": 50000, "char_max_chars": 6000, "char_weight": 1.0,
}
CLAIM_PARAMS: dict[str, Any] = {
    "ngram_range": [1, 1], "min_df": 2, "max_df": 0.5, "max_features": 30000, "C": 0.1, "meta_min_df": 2,
    "class_weight": None,
}
N_FOLDS = 5
COMBINER_C = 1.0
TEXT_SIGNALS = ["text_words", "text_style"]

Log = Callable[[str], None]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _labelled(root: Path) -> list[Record]:
    """The labelled articles of the three sets, minus ReCOVery's aggregator rows (the aggregator's label on
    other sites' articles says nothing about the article)."""
    return [r for folder in ARTICLE_SETS.values() for r in read(root / folder)
            if r.label is not None
            and not (r.dataset == "recovery" and r.meta.get("publisher") in L.RECOVERY_AGGREGATORS)]


def training_records(root: Path) -> list[Record]:
    """The labelled articles the text model and combiner learn from: every one but the scrape failures."""
    return [r for r in _labelled(root) if len(r.text) >= MIN_CHARS]


def scrape_failures(root: Path) -> list[Record]:
    """The labelled articles whose text is a scrape failure: they only count towards each set's
    scrape-failure rate (`calibration.SetMap.scrape_failure`)."""
    return [r for r in _labelled(root) if len(r.text) < MIN_CHARS]


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
    """(n, 2) logit parts of the text model: wording (word + character n-grams), style (the intercept goes to
    the combiner)."""
    x = model.features([document(r.title, r.text) for r in records], dense=styles)
    n = model.n_text_columns
    coef = model.coef[0]
    return np.column_stack([x[:, :n] @ coef[:n], x[:, n:] @ coef[n:]])


def source_matrix(records: list[Record]) -> np.ndarray | None:
    """(n, len(SOURCE_SIGNALS)) lookup signals - the publisher's ratings from the source database and the
    title's fact-check matches in the bundled collection - or None when the source database is not
    installed. Both are what `--no-source` turns off."""
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
        row = cache[r.site].copy()
        for s in headline_factcheck_signals(headline_findings(r)):
            row[index[s.name]] = s.value
        rows.append(row)
    return np.vstack(rows)


def headline_findings(record: Record) -> list[Finding]:
    """The bundled fact-checks a record's title matches (the `factchecks` analyzer's title search)."""
    from ..analyzers.factchecks import headline_matches

    return headline_matches(Article(title=record.title or None, text=record.text))


def fit_combiner(x: np.ndarray, y: np.ndarray, names: list[str], sets: np.ndarray) -> tuple[float, np.ndarray]:
    """Logistic regression over the signals, in two steps.

    1. Slopes, with one intercept per dataset: the sets' base rates differ (19 % to 50 % unreliable), and
       a shared intercept lets the slopes soak up *which set* an article comes from instead of what
       separates reliable from unreliable within a set.
    2. One pooled intercept (and scale) for scoring, by Platt scaling of the slope score.
    A source weight fitted with the wrong sign is dropped and the rest refitted, so a rating never counts
    against its meaning (collinear ratings otherwise do).
    """
    from sklearn.linear_model import LogisticRegression

    dummies = (sets[:, None] == np.unique(sets)[None, :]).astype(float)
    keep = np.ones(len(names), dtype=bool)
    while True:
        clf = LogisticRegression(C=COMBINER_C, max_iter=2000, fit_intercept=False)
        clf.fit(np.hstack([x[:, keep], dummies]), y)
        w = np.zeros(len(names))
        w[keep] = clf.coef_[0][: keep.sum()]
        wrong = [i for i, n in enumerate(names) if keep[i] and n in SOURCE_SIGNS and w[i] * SOURCE_SIGNS[n] < 0]
        if not wrong:
            break
        keep[wrong] = False
    a, b = platt(x @ w, y)
    return b, a * w


def _report(y: np.ndarray, p: np.ndarray, thresholds: np.ndarray | None = None,
            sites: np.ndarray | None = None) -> dict[str, Any]:
    """The binary figures at P(unreliable) >= 0.5, the F1 of calling "mixed" or worse (score < 60) and,
    with per-set thresholds, the F1 at the threshold each set's map chose on the training folds; with
    `sites`, the site-bootstrap intervals of ROC-AUC and ECE."""
    from sklearn.metrics import f1_score

    not_reliable = 1.0 - BANDS["reliable"] / 100.0
    out: dict[str, Any] = {**binary_report(y, p), "f1_mixed_or_worse": round(float(f1_score(y, p > not_reliable)), 4)}
    if thresholds is not None:
        out["f1_unreliable_at_set_threshold"] = round(float(f1_score(y, p >= thresholds)), 4)
        out["set_threshold_mean"] = round(float(thresholds.mean()), 3)
    if sites is not None:
        out.update(site_intervals(y, p, sites))
    return out


def _per_dataset(records: list[Record], y: np.ndarray, p: np.ndarray,
                 thresholds: np.ndarray | None = None, intervals: bool = False) -> dict[str, dict[str, Any]]:
    sets = np.array([r.dataset for r in records])
    sites = np.array([r.site for r in records]) if intervals else None
    out = {}
    for name in ARTICLE_SETS:
        m = sets == name
        if m.any():
            out[name] = _report(y[m], p[m], None if thresholds is None else thresholds[m],
                                None if sites is None else sites[m])
    out["pooled"] = _report(y, p, thresholds)
    return out


def site_folds(records: list[Record]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Site-disjoint folds: every site on one side only (GroupKFold on `site`).

    Stratifying them on set and label as well (StratifiedGroupKFold) was measured and is worse: it puts
    the big mainstream sites of several sets in one fold and cost FakeNewsNet ROC-AUC 0.873 -> 0.805 (docs/verdict.md).
    """
    from sklearn.model_selection import GroupKFold

    groups = np.array([r.site for r in records])
    return list(GroupKFold(n_splits=N_FOLDS).split(np.zeros(len(records)), groups=groups))


def failure_folds(failures: list[Record], records: list[Record],
                  folds: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The fold of each scrape failure: the one that holds its site out, else one fixed by a hash of the
    site (a site with no readable article), so no site is ever on both sides of a split."""
    held_out = {records[i].site: k for k, (_, test) in enumerate(folds) for i in test}
    return np.array([held_out.get(r.site, zlib.crc32(r.site.encode()) % len(folds)) for r in failures], dtype=int)


def cross_validate(records: list[Record], styles: np.ndarray, sources: np.ndarray | None, params: dict[str, Any],
                   failures: list[Record] | None = None, nested: bool = False, log: Log = _log) -> dict[str, Any]:
    """Site-disjoint OOF text parts, the combiner's and the per-set maps' cross-fitted figures.

    One combiner (with the source signals when the database is installed) is fitted per fold; its
    text-only logit leaves the source signals out, as `--no-source` and an unknown publisher do. For each
    variant the figures are given twice: `raw` is the combiner alone (what `unspun check` gives), the
    plain key applies each set's calibration map and threshold, fitted on the training folds' logits only
    (what `unspun eval verdict` gives). With `failures`, `<variant> all rows` adds the scrape failures,
    scored by the training folds' scrape-failure rate of their set, as `eval` scores every row.

    Cross-fitting leaves one contact: the training folds' logits come from text models that had the
    held-out fold in their training data. `nested` removes it (`<variant> nested` figures): for each
    held-out fold, the training folds' logits are re-made by text models that never saw it (four times as
    many text-model fits).
    """
    y = np.array([r.label for r in records])
    folds = site_folds(records)
    oof = _oof_parts(records, styles, params, folds, log)
    centers = np.median(oof, axis=0)
    x, names = combiner_inputs(oof - centers, sources)
    figures = _fold_figures(records, y, x, [x] * len(folds), names, folds, failures or [])
    if nested:
        inner = [combiner_inputs(_oof_parts(records, styles, params, folds, log, skip=k) - centers, sources)[0]
                 for k in range(len(folds))]
        nested_figures = _fold_figures(records, y, x, inner, names, folds, failures or [])
        figures.update({f"{v} nested": f for v, f in nested_figures.items() if not v.endswith(" raw")})
    return {"oof": oof, "centers": centers, "figures": figures, "folds": len(folds), "y": y}


def _oof_parts(records: list[Record], styles: np.ndarray, params: dict[str, Any],
               folds: list[tuple[np.ndarray, np.ndarray]], log: Log, skip: int | None = None) -> np.ndarray:
    """Out-of-fold text parts: each fold scored by a text model fitted on the other folds - all but fold
    `skip` too, whose own rows are then left at zero."""
    fold_of = np.zeros(len(records), dtype=int)
    for k, (_, test) in enumerate(folds):
        fold_of[test] = k
    sites = np.array([r.site for r in records])
    parts = np.zeros((len(records), 2))
    for k, (_, test) in enumerate(folds):
        if k == skip:
            continue
        keep = fold_of != k
        if skip is not None:
            keep &= fold_of != skip
        train = np.flatnonzero(keep)
        model = fit_text([records[i] for i in train], styles[train], params)
        parts[test] = text_parts(model, [records[i] for i in test], styles[test])
        step = f"fold {k + 1}/{len(folds)}" + ("" if skip is None else f" without fold {skip + 1}")
        log(f"{step}: {len(train)} train, {len(test)} test articles, {len(set(sites[test]))} unseen sites")
    return parts


def _fold_figures(records: list[Record], y: np.ndarray, x: np.ndarray, x_fit: list[np.ndarray], names: list[str],
                  folds: list[tuple[np.ndarray, np.ndarray]], failures: list[Record]) -> dict[str, Any]:
    """Per held-out fold k: the combiner and each set's map fitted on the training rows of `x_fit[k]`, then
    applied to the held-out rows of `x`; the figures of every variant over all folds."""
    variants = {"text-only": len(TEXT_SIGNALS)}
    if len(names) > len(TEXT_SIGNALS):
        variants["with-source"] = len(names)
    sets = np.array([r.dataset for r in records])
    z = {v: np.zeros(len(y)) for v in variants}
    p = {v: np.zeros(len(y)) for v in variants}
    thresholds = {v: np.zeros(len(y)) for v in variants}
    fy = np.array([r.label for r in failures], dtype=int)
    fsets = np.array([r.dataset for r in failures], dtype=str)
    ffold = failure_folds(failures, records, folds)
    fp = {v: np.zeros(len(failures)) for v in variants}
    fthresholds = {v: np.zeros(len(failures)) for v in variants}
    for k_fold, (train, test) in enumerate(folds):
        xk = x_fit[k_fold]
        b, w = fit_combiner(xk[train], y[train], names, sets[train])
        f_train, f_test = ffold != k_fold, ffold == k_fold
        for v, k in variants.items():
            z_train = xk[train, :k] @ w[:k] + b
            z[v][test] = x[test, :k] @ w[:k] + b
            maps = fit_set_maps(z_train, y[train], sets[train], (fy[f_train], fsets[f_train]))
            p[v][test], thresholds[v][test] = apply_set_maps(maps, z[v][test], sets[test])
            fp[v][f_test], fthresholds[v][f_test] = apply_set_maps(
                maps, np.zeros(int(f_test.sum())), fsets[f_test], np.ones(int(f_test.sum()), dtype=bool))
    figures: dict[str, Any] = {}
    for v in variants:
        figures[v] = _per_dataset(records, y, p[v], thresholds[v], intervals=True)
        figures[f"{v} raw"] = _per_dataset(records, y, sigmoid(z[v]))
        if failures:
            figures[f"{v} all rows"] = _per_dataset(records + failures, np.concatenate([y, fy]),
                                                    np.concatenate([p[v], fp[v]]),
                                                    np.concatenate([thresholds[v], fthresholds[v]]), intervals=True)
    return figures


def combiner_inputs(text: np.ndarray, sources: np.ndarray | None) -> tuple[np.ndarray, list[str]]:
    """The combiner's input matrix and signal names: the two text parts, then the source signals if any."""
    if sources is None:
        return text, list(TEXT_SIGNALS)
    return np.hstack([text, sources]), [*TEXT_SIGNALS, *SOURCE_SIGNALS]


def set_maps_json(x: np.ndarray, y: np.ndarray, sets: np.ndarray, intercept: float, weights: np.ndarray,
                  with_source: bool, failures: list[Record]) -> dict[str, dict[str, dict[str, float | None]]]:
    """The stored per-set maps of the final combiner, per variant, fitted on its out-of-fold logits, with
    each set's scrape-failure rate counted on all of `failures`."""
    variants = {"text-only": len(TEXT_SIGNALS)}
    if with_source:
        variants["with-source"] = x.shape[1]
    counted = (np.array([r.label for r in failures], dtype=int), np.array([r.dataset for r in failures], dtype=str))
    return {v: {name: m.to_json()
                for name, m in fit_set_maps(x[:, :k] @ weights[:k] + intercept, y, sets, counted).items()}
            for v, k in variants.items()}


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
