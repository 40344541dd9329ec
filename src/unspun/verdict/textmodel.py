"""A linear text model (TF-IDF words + hand-made style features + logistic regression), stored as arrays.

Why linear: the shared sets hold a few thousand articles from a few dozen sites; anything bigger learns
the sites. A linear model also explains itself: each word's and each feature's contribution to the
logit is exact, and those contributions become the reasons a report shows.

The same class serves articles (words + style features, binary) and LIAR's short claims (words +
metadata tokens, six classes). Saved as `<prefix>.npz` + `<prefix>.json`; training needs scikit-learn,
scoring needs only numpy/scipy and scikit-learn's tokeniser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from .. import assets


@dataclass
class TextModel:
    """Fitted weights: word vocabulary + idf, optional metadata tokens, dense feature scaling, coefficients."""

    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray  # (n_outputs, n_words + n_chars + n_meta + n_dense)
    intercept: np.ndarray  # (n_outputs,)
    ngram_range: tuple[int, int] = (1, 2)
    char_vocabulary: list[str] = field(default_factory=list)
    char_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    meta_vocabulary: list[str] = field(default_factory=list)
    dense_names: list[str] = field(default_factory=list)
    dense_mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    dense_std: np.ndarray = field(default_factory=lambda: np.ones(0))
    classes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    _vectorizer: TfidfVectorizer | None = field(default=None, init=False, repr=False, compare=False)
    _char_vectorizer: TfidfVectorizer | None = field(default=None, init=False, repr=False, compare=False)

    # -- building -------------------------------------------------------------------------------------
    @staticmethod
    def vectorizer(params: dict[str, Any]) -> TfidfVectorizer:
        """The TF-IDF settings used both to fit and (with a fixed vocabulary) to score."""
        return TfidfVectorizer(
            ngram_range=tuple(params.get("ngram_range", (1, 2))),
            min_df=params.get("min_df", 3),
            max_df=params.get("max_df", 0.5),
            sublinear_tf=True,
            max_features=params.get("max_features", 50000),
            dtype=np.float64,
        )

    @staticmethod
    def char_vectorizer(params: dict[str, Any]) -> TfidfVectorizer:
        """Character n-grams within word boundaries, case kept: they catch spelling, punctuation and
        typography habits that word n-grams miss, and they transfer better to unseen sites."""
        return TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=tuple(params.get("char_ngram_range", (2, 4))),
            min_df=params.get("char_min_df", 5),
            max_df=params.get("max_df", 0.5),
            sublinear_tf=True,
            lowercase=False,
            max_features=params["char_max_features"],
            dtype=np.float64,
        )

    @classmethod
    def fit(
        cls,
        docs: list[str],
        y: np.ndarray,
        *,
        dense: np.ndarray | None = None,
        dense_names: list[str] | None = None,
        meta: list[list[str]] | None = None,
        sample_weight: np.ndarray | None = None,
        classes: list[str],
        params: dict[str, Any],
    ) -> TextModel:
        """Fit on `docs` (and dense features / metadata tokens) with an L2 logistic regression."""
        from sklearn.linear_model import LogisticRegression

        vec = cls.vectorizer(params)
        x_words = vec.fit_transform(docs)
        model = cls(
            vocabulary=_ordered(vec.vocabulary_), idf=vec.idf_.copy(), coef=np.zeros(0), intercept=np.zeros(0),
            ngram_range=tuple(params.get("ngram_range", (1, 2))), classes=classes, params=dict(params),
        )
        x_chars = None
        if params.get("char_max_features"):
            cvec = cls.char_vectorizer(params)
            x_chars = cvec.fit_transform(model._char_docs(docs))
            model.char_vocabulary, model.char_idf = _ordered(cvec.vocabulary_), cvec.idf_.copy()
        if meta is not None:
            counts: dict[str, int] = {}
            for tokens in meta:
                for t in set(tokens):
                    counts[t] = counts.get(t, 0) + 1
            model.meta_vocabulary = sorted(t for t, c in counts.items() if c >= params.get("meta_min_df", 2))
        if dense is not None:
            model.dense_names = list(dense_names or [])
            model.dense_mean = dense.mean(axis=0)
            model.dense_std = dense.std(axis=0) + 1e-9
        x = model._assemble(x_words, x_chars, dense, meta)
        clf = LogisticRegression(
            C=params.get("C", 1.0), class_weight=params.get("class_weight"), max_iter=3000,
        )
        clf.fit(x, y, sample_weight=sample_weight)
        model.coef = clf.coef_.copy()
        model.intercept = clf.intercept_.copy()
        return model

    # -- scoring --------------------------------------------------------------------------------------
    def _word_vectorizer(self) -> TfidfVectorizer:
        """The fitted vectorizer rebuilt from the stored vocabulary and idf (once per model)."""
        if self._vectorizer is None:
            vec = self.vectorizer({**self.params, "ngram_range": self.ngram_range})
            vec.vocabulary = {t: i for i, t in enumerate(self.vocabulary)}
            vec.idf_ = self.idf
            self._vectorizer = vec
        return self._vectorizer

    def _char_vectorizer_fitted(self) -> TfidfVectorizer:
        """The character vectorizer rebuilt from its stored vocabulary and idf (once per model)."""
        if self._char_vectorizer is None:
            vec = self.char_vectorizer(self.params)
            vec.vocabulary = {t: i for i, t in enumerate(self.char_vocabulary)}
            vec.idf_ = self.char_idf
            self._char_vectorizer = vec
        return self._char_vectorizer

    def _char_docs(self, docs: list[str]) -> list[str]:
        limit = self.params.get("char_max_chars", 6000)
        return [d[:limit] for d in docs]

    @property
    def n_text_columns(self) -> int:
        """Columns of the wording block (word and character n-grams), which come first."""
        return len(self.vocabulary) + len(self.char_vocabulary)

    def _assemble(self, x_words: csr_matrix, x_chars: csr_matrix | None, dense: np.ndarray | None,
                  meta: list[list[str]] | None) -> csr_matrix:
        parts = [x_words]
        if x_chars is not None:
            parts.append(x_chars * self.params.get("char_weight", 1.0))
        if self.meta_vocabulary:
            index = {t: i for i, t in enumerate(self.meta_vocabulary)}
            rows, cols = [], []
            for r, tokens in enumerate(meta or [[]] * x_words.shape[0]):
                for t in set(tokens):
                    if t in index:
                        rows.append(r)
                        cols.append(index[t])
            parts.append(csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(x_words.shape[0], len(index))))
        if self.dense_names:
            scaled = (np.asarray(dense) - self.dense_mean) / self.dense_std
            parts.append(csr_matrix(scaled * self.params.get("dense_weight", 1.0)))
        return hstack(parts).tocsr()

    def features(self, docs: list[str], *, dense: np.ndarray | None = None, meta: list[list[str]] | None = None) -> csr_matrix:
        """The model's input matrix for new documents."""
        x_chars = self._char_vectorizer_fitted().transform(self._char_docs(docs)) if self.char_vocabulary else None
        return self._assemble(self._word_vectorizer().transform(docs), x_chars, dense, meta)

    def decision(self, x: csr_matrix) -> np.ndarray:
        """Logits, shape (n, n_outputs)."""
        return np.asarray(x @ self.coef.T) + self.intercept

    # -- storage --------------------------------------------------------------------------------------
    def save(self, folder: Path, prefix: str) -> list[Path]:
        """Write `<prefix>.npz` (arrays) and `<prefix>.json` (vocabularies, settings); returns the paths."""
        folder.mkdir(parents=True, exist_ok=True)
        npz = folder / f"{prefix}.npz"
        np.savez_compressed(
            npz, idf=self.idf.astype(np.float32), char_idf=self.char_idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept, dense_mean=self.dense_mean, dense_std=self.dense_std,
        )
        meta = {
            "vocabulary": self.vocabulary, "char_vocabulary": self.char_vocabulary,
            "meta_vocabulary": self.meta_vocabulary, "dense_names": self.dense_names,
            "ngram_range": list(self.ngram_range), "classes": self.classes, "params": self.params,
        }
        js = folder / f"{prefix}.json"
        js.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return [npz, js]

    @classmethod
    def load(cls, resource: str, prefix: str) -> TextModel:
        """Load `resources/<resource>/<prefix>.{npz,json}` through the one resource loader."""
        arrays = assets.load_npz(f"{resource}/{prefix}.npz")
        meta = assets.load_json(f"{resource}/{prefix}.json")
        return cls(
            vocabulary=meta["vocabulary"], idf=arrays["idf"].astype(np.float64),
            coef=arrays["coef"].astype(np.float64), intercept=arrays["intercept"],
            ngram_range=tuple(meta["ngram_range"]), meta_vocabulary=meta["meta_vocabulary"],
            char_vocabulary=meta.get("char_vocabulary", []), char_idf=arrays.get("char_idf", np.zeros(0)).astype(np.float64),
            dense_names=meta["dense_names"], dense_mean=arrays["dense_mean"], dense_std=arrays["dense_std"],
            classes=meta["classes"], params=meta["params"],
        )


def _ordered(vocabulary: dict[str, int]) -> list[str]:
    """A fitted vectorizer's vocabulary as a list in column order."""
    out = [""] * len(vocabulary)
    for term, i in vocabulary.items():
        out[i] = term
    return out
