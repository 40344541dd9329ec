"""A linear classifier stored as arrays + JSON, scored with numpy (no pickles, no sklearn at run time).

Training fits scikit-learn's LogisticRegression on sparse one-hot features; `LinearModel.from_sklearn`
keeps only the vocabulary, weights and classes, which `save`/`load` turn into `<name>.npz` +
`<name>.json` under a resource folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import assets

Features = Mapping[str, float]


@dataclass(frozen=True)
class LinearModel:
    """Feature-name vocabulary, weights `(n_classes_or_1, n_features)`, intercepts and class labels."""

    vocab: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]

    @classmethod
    def from_sklearn(cls, vectorizer, estimator) -> LinearModel:  # DictVectorizer, LogisticRegression
        """Keep what scoring needs from a fitted DictVectorizer + LogisticRegression."""
        vocab = {name: int(i) for name, i in vectorizer.vocabulary_.items()}
        return cls(vocab, np.asarray(estimator.coef_, np.float32), np.asarray(estimator.intercept_, np.float32),
                   [str(c) for c in estimator.classes_])

    def pruned(self, min_weight: float) -> LinearModel:
        """The same model without features whose weights are all below `min_weight` in magnitude
        (rare n-grams the L2 penalty shrank to near nothing): a fraction of the size, the same answers."""
        keep = np.flatnonzero(np.abs(self.coef).max(axis=0) >= min_weight)
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        return LinearModel({names[j]: i for i, j in enumerate(keep)}, self.coef[:, keep], self.intercept, self.classes)

    def decision(self, rows: Iterable[Features]) -> np.ndarray:
        """Raw scores, shape `(n_rows, n_classes)` (one column for a binary model)."""
        # one gather and one bincount per class for all rows: a per-row matrix product cost more than
        # the features themselves
        row_ids: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        n = 0
        for n, feats in enumerate(rows, 1):
            for k, v in feats.items():
                j = self.vocab.get(k)
                if j is not None:
                    row_ids.append(n - 1)
                    cols.append(j)
                    vals.append(v)
        weights = self.coef[:, cols] * np.asarray(vals, np.float32)
        out = np.stack([np.bincount(row_ids, weights=w, minlength=n) for w in weights], axis=1)
        return (out + self.intercept).astype(np.float32)

    def proba(self, rows: Iterable[Features]) -> np.ndarray:
        """P(positive class) for a binary model, class probabilities otherwise."""
        z = self.decision(rows)
        if z.shape[1] == 1:
            return 1.0 / (1.0 + np.exp(-z[:, 0]))
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def save(self, folder: Path, name: str) -> list[Path]:
        """Write `<name>.npz` (weights) and `<name>.json` (vocabulary, classes); returns the files."""
        folder.mkdir(parents=True, exist_ok=True)
        npz, meta = folder / f"{name}.npz", folder / f"{name}.json"
        np.savez_compressed(npz, coef=self.coef, intercept=self.intercept)
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        meta.write_text(json.dumps({"classes": self.classes, "features": names}, ensure_ascii=False), encoding="utf-8")
        return [npz, meta]

    @classmethod
    def load(cls, resource: str, name: str) -> LinearModel:
        """Load a bundled model through the one resource loader (cached per process)."""
        arrays = assets.load_npz(f"{resource}/{name}.npz")
        meta = assets.load_json(f"{resource}/{name}.json")
        vocab = {f: i for i, f in enumerate(meta["features"])}
        return cls(vocab, arrays["coef"], arrays["intercept"], list(meta["classes"]))
