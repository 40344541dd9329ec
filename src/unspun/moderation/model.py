"""The bundled comment-spam model: TF-IDF word and character n-grams and one linear classifier.

Stored as arrays (`spam/model.npz`: idf and weights) plus JSON (`spam/vocabulary.json`,
`spam/config.json`), never as a pickle. Vectorising one comment here is a dictionary lookup
per n-gram (scikit-learn's own analyzers produce the n-grams, so training and serving agree);
the per-feature products double as the explanation of a verdict.
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .. import assets
from ..errors import ResourceError

RESOURCE = "spam"

#: The two feature blocks, in index order; training fits them with exactly these options.
BLOCKS: dict[str, dict] = {
    "word": {"analyzer": "word", "ngram_range": (1, 3), "sublinear_tf": True, "lowercase": True},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True, "lowercase": True},
}
#: Each block is L2-normalised, then scaled by its weight: character n-grams count a little less
#: than words (chosen on leave-one-video-out development folds, see MANIFEST.json).
BLOCK_WEIGHTS: dict[str, float] = {"word": 1.0, "char": 0.7}


def feature_config() -> dict[str, dict]:
    """The feature blocks as JSON-ready data (for config.json and the manifest)."""
    return {b: {**o, "ngram_range": list(o["ngram_range"]), "weight": BLOCK_WEIGHTS[b]} for b, o in BLOCKS.items()}


def vectorizer(block: str, **extra) -> TfidfVectorizer:
    """A scikit-learn vectorizer for one block, configured as the bundled model expects."""
    return TfidfVectorizer(**BLOCKS[block], **extra)


@dataclass
class SpamModel:
    """A linear model over TF-IDF features with a logistic calibration of its margin."""

    vocab: dict[str, dict[str, int]]
    idf: dict[str, np.ndarray]
    offsets: dict[str, int]
    coef: np.ndarray
    intercept: float
    calibration: tuple[float, float]
    terms: list[str]
    version: str
    _analyzers: dict[str, Callable[[str], list[str]]]
    #: Per block, n-gram -> (global feature index, idf) as plain Python numbers, and the weights
    #: as a list: one dict lookup per n-gram and no NumPy scalar boxing keep a check's
    #: vectorising and scoring in the tens of microseconds.
    _lookup: dict[str, dict[str, tuple[int, float]]]
    _weights: list[float]

    @classmethod
    def from_arrays(
        cls,
        vocab: dict[str, dict[str, int]],
        idf: dict[str, np.ndarray],
        coef: np.ndarray,
        intercept: float,
        calibration: tuple[float, float],
        version: str = "dev",
    ) -> "SpamModel":
        """Assemble a model from its parts (what training produces and the resource stores)."""
        offsets, terms, start = {}, [], 0
        for block in BLOCKS:
            offsets[block] = start
            inverse = sorted(vocab[block], key=vocab[block].__getitem__)
            terms += [f"{block}:{t}" for t in inverse]
            start += len(inverse)
        if len(coef) != start:
            raise ResourceError(f"spam model: {len(coef)} weights for {start} features")
        analyzers = {block: vectorizer(block).build_analyzer() for block in BLOCKS}
        lookup = {
            block: {t: (offsets[block] + i, float(idf[block][i])) for t, i in vocab[block].items()} for block in BLOCKS
        }
        return cls(
            vocab, idf, offsets, coef, float(intercept), calibration, terms, version, analyzers, lookup, coef.tolist()
        )

    def vectorize(self, text: str) -> dict[int, float]:
        """Sparse TF-IDF features of one model text (`text.model_text`), each block L2-normalised
        as scikit-learn does and scaled by its weight, keyed by global feature index."""
        features: dict[int, float] = {}
        log = math.log
        for block, analyze in self._analyzers.items():
            lookup = self._lookup[block]
            values = {
                found[0]: (1.0 + log(count)) * found[1]
                for term, count in Counter(analyze(text)).items()
                if (found := lookup.get(term)) is not None
            }
            norm = (math.sqrt(sum(v * v for v in values.values())) or 1.0) / BLOCK_WEIGHTS[block]
            features.update({i: v / norm for i, v in values.items()})
        return features

    def contributions(self, features: dict[int, float], extra: dict[int, float] | None = None) -> dict[int, float]:
        """Each feature's signed share of the margin (bundled weight plus a site's correction)."""
        weights = self._weights
        if not extra:
            return {i: v * weights[i] for i, v in features.items()}
        return {i: v * (weights[i] + extra.get(i, 0.0)) for i, v in features.items()}

    def margin(self, features: dict[int, float], extra: dict[int, float] | None = None) -> float:
        """The linear score: positive leans spam."""
        return self.intercept + sum(self.contributions(features, extra).values())

    def probability(self, margin: float) -> float:
        """Spam probability of a margin (Platt scaling fitted on held-out videos at training)."""
        a, b = self.calibration
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, a * margin + b))))

    def term(self, index: int) -> str:
        """The readable n-gram behind a feature index (`word:check out`, `char: sub`)."""
        return self.terms[index]

    def save(self, folder: Path, metrics: dict) -> list[Path]:
        """Write the model as npz + JSON into `folder`; returns the files written."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {f"idf_{b}": self.idf[b].astype(np.float32) for b in BLOCKS}
        arrays["coef"] = self.coef.astype(np.float32)
        np.savez_compressed(folder / "model.npz", **arrays)
        vocab = {b: sorted(self.vocab[b], key=self.vocab[b].__getitem__) for b in BLOCKS}
        (folder / "vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        config = {
            "blocks": feature_config(),
            "intercept": self.intercept,
            "calibration": list(self.calibration),
            "metrics": metrics,
        }
        (folder / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
        return [folder / "model.npz", folder / "vocabulary.json", folder / "config.json"]


def _vocab_index(terms: Iterable[str]) -> dict[str, int]:
    return {t: i for i, t in enumerate(terms)}


@functools.cache
def bundled() -> SpamModel:
    """The model shipped in `resources/spam/` (loaded once per process)."""
    arrays = assets.load_npz(f"{RESOURCE}/model.npz")
    vocab_lists = assets.load_json(f"{RESOURCE}/vocabulary.json")
    config = assets.load_json(f"{RESOURCE}/config.json")
    try:
        vocab = {b: _vocab_index(vocab_lists[b]) for b in BLOCKS}
        idf = {b: arrays[f"idf_{b}"].astype(np.float64) for b in BLOCKS}
        a, b = config["calibration"]
        model = SpamModel.from_arrays(vocab, idf, arrays["coef"].astype(np.float64), config["intercept"], (a, b))
    except (KeyError, ValueError, TypeError) as exc:
        raise ResourceError(f"corrupt resource {assets.path(RESOURCE)}: {exc}") from None
    model.version = assets.version(RESOURCE)
    return model
