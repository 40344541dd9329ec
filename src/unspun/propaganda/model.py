"""The propaganda model: sentence probability -> token tagger (span identification) -> technique classifier.

Stored as `model.npz` (weight arrays), `vocab.json` (one feature-name list per part) and `config.json`
(technique labels, decoding thresholds, held-out article ids, training settings).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .features import ArticleView, context_features, sentence_features, span_features, token_features
from .linear import Linear

PARTS = ("sentence", "context", "token", "technique")


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@dataclass
class Model:
    """The four linear parts and the decoding settings."""

    sentence: Linear
    context: Linear
    token: Linear
    technique: Linear
    labels: list[str]
    config: dict[str, Any] = field(default_factory=dict)

    def first_pass(self, view: ArticleView) -> np.ndarray:
        """Sentence probabilities from each sentence's own words (input to the context pass)."""
        feats, dense = sentence_features(view)
        return sigmoid(self.sentence.scores(feats, dense)[:, 0]) if feats else np.zeros(0)

    def sentence_probs(self, view: ArticleView) -> tuple[np.ndarray, float]:
        """Probability that each sentence holds a propaganda span, in the context of its neighbours
        and its article; and the article's mean first-pass probability."""
        first = self.first_pass(view)
        if not len(first):
            return first, 0.0
        ctx = context_features(first)
        return sigmoid(self.context.scores([[]] * len(first), ctx)[:, 0]), float(first.mean())

    def token_probs(self, view: ArticleView, sent_prob: np.ndarray, article_prob: float) -> np.ndarray:
        """Probability that each (non-space) token lies inside a propaganda span."""
        feats, dense = token_features(view, sent_prob, article_prob)
        return sigmoid(self.token.scores(feats, dense)[:, 0]) if feats else np.zeros(0)

    def spans(self, view: ArticleView, token_prob: np.ndarray) -> list[tuple[int, int, float]]:
        """One span per sentence: from the first to the last non-punctuation token at or above the
        threshold, as `(start, end, mean token probability)`. Joining the runs of a sentence beat
        keeping them apart on the held-out part (annotated spans are often whole clauses of which the
        tagger finds only the most loaded words)."""
        threshold = float(self.config.get("threshold", 0.5))
        out: list[tuple[int, int, float]] = []
        for i, j in view.sentences:
            hits = [k for k in range(i, j) if token_prob[k] >= threshold and not view.tokens[k].is_punct]
            if hits:
                start, end = view.char_span(hits[0], hits[-1] + 1)
                out.append((start, end, float(token_prob[hits[0] : hits[-1] + 1].mean())))
        return out

    def technique_probs(self, view: ArticleView, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique distribution of each given span, shape (len(spans), 14)."""
        if not spans:
            return np.zeros((0, len(self.labels)))
        rows = [span_features(view, s, e) for s, e in spans]
        return softmax(self.technique.scores([r[0] for r in rows], np.vstack([r[1] for r in rows])))

    def save(self, folder: Path) -> list[Path]:
        """Write `model.npz`, `vocab.json` and `config.json`; returns the paths written."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        vocab: dict[str, list[str]] = {}
        for name in PARTS:
            part: Linear = getattr(self, name)
            arrays.update({k: v.astype(np.float32) for k, v in part.arrays(name).items()})
            vocab[name] = sorted(part.vocab, key=part.vocab.__getitem__)
        paths = [folder / "model.npz", folder / "vocab.json", folder / "config.json"]
        np.savez_compressed(paths[0], **arrays)
        paths[1].write_text(json.dumps(vocab, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        paths[2].write_text(json.dumps({**self.config, "labels": self.labels}, indent=1), encoding="utf-8")
        return paths

    @classmethod
    def from_parts(cls, arrays: dict[str, np.ndarray], vocab: dict[str, list[str]], config: dict[str, Any]) -> Model:
        """Rebuild from what `save` wrote (already read by the resource loader or from a folder)."""
        parts = {name: Linear.from_arrays(name, arrays, vocab[name]) for name in PARTS}
        return cls(**parts, labels=list(config["labels"]), config=dict(config))

    @classmethod
    def load(cls, folder: Path) -> Model:
        """Load a model folder written by `save` (for `unspun eval --model`)."""
        from ..errors import ResourceError

        try:
            with np.load(folder / "model.npz", allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            return cls.from_parts(arrays, vocab, config)
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"cannot load propaganda model from {folder}: {exc}") from None
