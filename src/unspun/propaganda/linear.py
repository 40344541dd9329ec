"""A linear model over sparse string features plus a few dense columns, stored as arrays + a vocabulary.

sklearn fits it; inference is one sparse-dense product, so the shipped model needs no pickle and no
sklearn object, only `weights.npz` and a JSON list of feature names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass
class Linear:
    """Scores `X_sparse @ W + X_dense @ D + b` for k outputs (k = 1 for a binary model)."""

    vocab: dict[str, int]
    weights: np.ndarray  # (len(vocab), k)
    dense: np.ndarray  # (d, k)
    bias: np.ndarray  # (k,)

    def matrix(self, feats: list[list[str]]) -> sparse.csr_matrix:
        """Binary feature matrix of rows of feature names (unknown names are dropped)."""
        return rows_to_matrix(feats, self.vocab)

    def scores(self, feats: list[list[str]], dense: np.ndarray) -> np.ndarray:
        """Raw scores, shape (n, k)."""
        if not feats:
            return np.zeros((0, self.bias.shape[0]), np.float32)
        return np.asarray(self.matrix(feats) @ self.weights) + dense @ self.dense + self.bias

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The arrays to store under `prefix.*` in an npz file."""
        return {f"{prefix}.weights": self.weights, f"{prefix}.dense": self.dense, f"{prefix}.bias": self.bias}

    @classmethod
    def from_arrays(cls, prefix: str, arrays: dict[str, np.ndarray], names: list[str]) -> Linear:
        """Rebuild from stored arrays and the vocabulary list."""
        return cls({n: i for i, n in enumerate(names)}, arrays[f"{prefix}.weights"], arrays[f"{prefix}.dense"], arrays[f"{prefix}.bias"])


def rows_to_matrix(feats: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Binary CSR matrix with each row's columns in ascending order. Feature lists are built from sets of strings,
    whose order changes with Python's hash seed; unsorted, the float sums (and so lbfgs's path, and a rebuild's
    weights) would change from run to run."""
    indptr = [0]
    indices: list[int] = []
    for row in feats:
        indices.extend(sorted({vocab[f] for f in row if f in vocab}))
        indptr.append(len(indices))
    data = np.ones(len(indices), np.float32)
    return sparse.csr_matrix((data, np.asarray(indices, np.int64), np.asarray(indptr, np.int64)), shape=(len(feats), len(vocab)))


def fit(
    feats: list[list[str]],
    dense: np.ndarray,
    y: np.ndarray,
    *,
    c: float,
    min_count: int = 2,
    class_weight: dict | str | None = None,
    max_iter: int = 300,
) -> tuple[Linear, list[str]]:
    """Fit an L2 logistic regression; dense columns are standardised and the scaling folded back
    into the weights, so inference takes raw features. Returns the model and its vocabulary list."""
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in feats for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {n: i for i, n in enumerate(names)}
    mean = dense.mean(axis=0)
    std = dense.std(axis=0) + 1e-6
    x = sparse.hstack([rows_to_matrix(feats, vocab), sparse.csr_matrix((dense - mean) / std)]).tocsr()
    model = LogisticRegression(C=c, max_iter=max_iter, class_weight=class_weight, solver="lbfgs")
    model.fit(x, y)
    coef = model.coef_.T.astype(np.float32)  # (features, k)
    bias = model.intercept_.astype(np.float32)
    k = len(vocab)
    dense_w = coef[k:] / std[:, None]
    bias = bias - (mean / std) @ coef[k:]
    return Linear(vocab, coef[:k].copy(), dense_w.astype(np.float32), bias.astype(np.float32)), names
