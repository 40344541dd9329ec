"""The check-worthiness model: two linear heads over the same sentence.

- `classes` (ClaimBuster, three classes): non-factual / unimportant factual / check-worthy factual, from
  TF-IDF word n-grams, TF-IDF part-of-speech/entity tags and the static sentence vector (MiniLM distilled
  into word-piece vectors). It gives each sentence's class and its `score` = P(check-worthy).
- a cascade: sentences whose linear P(check-worthy) reaches `cascade` are scored again by the fine-tuned
  transformer (`transformer.SentenceClassifier`), whose three probabilities replace the linear ones. The
  cheap head scores every sentence and keeps the transformer, which reads the whole wording, for the
  likeliest claims: the cut-off is the lowest that keeps the analyzer inside its time budget on news pages
  (issue #11; `train.checkworthiness.choose_cascade`), at the price of the check-worthy sentences the linear
  head scores below it (docs/claims.md has the trade-off).
- `checked` (CheckThat! debates, binary): did a fact-checking organisation actually pick this sentence?
  TF-IDF only. CheckThat!'s ranking metric rewards what journalists chose, which the ClaimBuster
  annotators' notion of "check-worthy" only partly predicts; `rank_score` blends both heads.

Weights are arrays in `resources/checkworthiness/model.npz`, vocabularies and settings in JSON, the transformer
in `classifier.onnx` (absent in a `--linear-only` build: then the linear head decides alone).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import assets
from ..embeddings import STATIC_NAME, encode_static, tokenizer_file
from ..errors import ResourceError
from .features import Tfidf, identity, ngrams, tag_sentences
from .readers import CLASSES
from .training import Head
from .transformer import SentenceClassifier

NAME = "checkworthiness"


@dataclass(frozen=True)
class Prediction:
    """One sentence's class, P(check-worthy), P(picked by fact-checkers) and the blended ranking score."""

    label: str
    score: float
    probabilities: dict[str, float]
    checked: float
    rank_score: float
    scored_by: str = "linear"  # "transformer" when the cascade passed the sentence on

def _softmax(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class CheckworthinessModel:
    """Both heads (see the module docstring), the check-worthy threshold and the ranking blend."""

    classes: Head  # coef (3, words + tags + static dims), intercept (3,)
    checked: Head  # coef (vocabulary,), intercept (1,)
    embedding_scale: float
    threshold: float = 0.5  # P(check-worthy) at or above which a sentence is called check-worthy
    blend: float = 0.5  # weight of P(check-worthy) in `rank_score`
    transformer: SentenceClassifier | None = None
    cascade: float = 0.0  # linear P(check-worthy) at or above which the transformer rescores a sentence

    @functools.cached_property
    def _classes_tfidf(self) -> Tfidf:
        return Tfidf(self.classes.vocabulary, self.classes.idf, identity)

    @functools.cached_property
    def _tag_tfidf(self) -> Tfidf:
        return Tfidf(self.classes.tag_vocabulary, self.classes.tag_idf, identity)

    @functools.cached_property
    def _checked_tfidf(self) -> Tfidf:
        return Tfidf(self.checked.vocabulary, self.checked.idf, identity)

    def class_probabilities(self, texts: list[str], tags: list[list[str]] | None = None, vectors: np.ndarray | None = None) -> np.ndarray:
        """(n, 3) probabilities over CLASSES, cascade included; `tags` (`features.tag_features` of each text) and
        `vectors` (`embeddings.encode_static`) are computed here when not given."""
        return self._class_probabilities([ngrams(t) for t in texts], texts, tags, vectors)[0]

    def linear_probabilities(self, texts: list[str], tags: list[list[str]] | None = None, vectors: np.ndarray | None = None) -> np.ndarray:
        """(n, 3) probabilities of the linear head alone (the cascade's first stage)."""
        return self._linear_probabilities([ngrams(t) for t in texts], texts, tags, vectors)

    def checked_probability(self, texts: list[str]) -> np.ndarray:
        """(n,) probability that fact-checkers would pick each sentence (CheckThat! head)."""
        return self._checked_probability([ngrams(t) for t in texts])

    def _class_probabilities(self, grams: list[list[str]], texts: list[str], tags: list[list[str]] | None,
                             vectors: np.ndarray | None, always: Sequence[bool] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The cascade: probabilities, and which rows the transformer scored (`always`: rows it scores whatever
        the linear head says)."""
        probs = self._linear_probabilities(grams, texts, tags, vectors)
        passed = probs[:, 2] >= self.cascade if self.transformer is not None else np.zeros(len(texts), dtype=bool)
        if always is not None and self.transformer is not None:
            passed |= np.asarray(always, dtype=bool)
        if passed.any():
            probs[passed] = self.transformer.probabilities([t for t, p in zip(texts, passed) if p])  # type: ignore[union-attr]
        return probs, passed

    def _linear_probabilities(self, grams: list[list[str]], texts: list[str], tags: list[list[str]] | None,
                              vectors: np.ndarray | None) -> np.ndarray:
        tags = tag_sentences(texts) if tags is None else tags
        vectors = encode_static(texts) if vectors is None else vectors
        words, tag_end = len(self.classes.idf), len(self.classes.idf) + len(self.classes.tag_idf)
        coef = self.classes.coef
        logits = (
            np.asarray(self._classes_tfidf.transform(grams) @ coef[:, :words].T)
            + np.asarray(self._tag_tfidf.transform(tags) @ coef[:, words:tag_end].T)
            + (self.embedding_scale * vectors) @ coef[:, tag_end:].T
        )
        return _softmax(logits + self.classes.intercept)

    def _checked_probability(self, grams: list[list[str]]) -> np.ndarray:
        logits = np.asarray(self._checked_tfidf.transform(grams) @ self.checked.coef).ravel() + float(self.checked.intercept[0])
        return 1.0 / (1.0 + np.exp(-logits))

    def predict(self, texts: list[str], tags: list[list[str]] | None = None, vectors: np.ndarray | None = None,
                always: Sequence[bool] | None = None) -> list[Prediction]:
        """Class and scores of every text (`tags`, `vectors`: see `class_probabilities`; `always`: rows the
        transformer scores whatever the cascade's first stage says)."""
        if not texts:
            return []
        grams = [ngrams(t) for t in texts]  # both heads share one analysis
        probs, passed = self._class_probabilities(grams, texts, tags, vectors, always)
        checked = self._checked_probability(grams)
        out = []
        for p, c, by_transformer in zip(probs, checked, passed):
            cfs = float(p[2])
            label = CLASSES[2] if cfs >= self.threshold else CLASSES[int(np.argmax(p[:2]))]
            out.append(
                Prediction(
                    label=label,
                    score=cfs,
                    probabilities={name: float(v) for name, v in zip(CLASSES, p)},
                    checked=float(c),
                    rank_score=self.blend * cfs + (1 - self.blend) * float(c),
                    scored_by="transformer" if by_transformer else "linear",
                )
            )
        return out


@functools.cache
def model() -> CheckworthinessModel:
    """The bundled model (loaded once)."""
    config = assets.load_json(f"{NAME}/model.json")
    arrays = assets.load_npz(f"{NAME}/model.npz")
    table = assets.load_json(f"{STATIC_NAME}/MANIFEST.json").get("created")
    if config.get("static_embeddings") != table:
        raise ResourceError(f"{assets.path(NAME)} was trained on other static embeddings than {assets.path(STATIC_NAME)}: "
                            "run `unspun train checkworthiness`")
    stage = config.get("transformer")
    transformer = SentenceClassifier(assets.path(f"{NAME}/{stage['file']}"), tokenizer_file()) if stage else None
    try:
        return CheckworthinessModel(
            classes=Head(config["classes_vocabulary"], arrays["classes_idf"], arrays["classes_coef"].astype(np.float32), arrays["classes_intercept"],
                         config["classes_tag_vocabulary"], arrays["classes_tag_idf"]),
            checked=Head(config["checked_vocabulary"], arrays["checked_idf"], arrays["checked_coef"].astype(np.float32), arrays["checked_intercept"].reshape(1)),
            embedding_scale=float(config["embedding_scale"]),
            threshold=float(config["threshold"]),
            blend=float(config["blend"]),
            transformer=transformer,
            cascade=float(stage["cascade"]) if stage else 0.0,
        )
    except (KeyError, ValueError) as exc:
        raise ResourceError(f"corrupt check-worthiness model in {assets.path(NAME)}: {exc}") from None
