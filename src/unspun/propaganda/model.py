"""The propaganda model: sentence probability -> token tagger (span identification) -> technique classifier.

Stored as `model.npz` (weight arrays), `vocab.json` (one feature-name list per part) and `config.json`
(technique labels, decoding thresholds, held-out article ids, training settings). With a `tagger` entry in
the config, span identification uses the fine-tuned transformer (`tagger.onnx`, see `tagger.py`) on the
sentences whose probability reaches `tagger.cascade`, instead of the linear token tagger.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .features import ArticleView, sentence_features, span_features, token_features
from .linear import Linear
from .tagger import SpanTagger

PARTS = ("sentence", "token", "technique")
#: Words that cannot make a span on their own: no annotated span of the training data consists only of
#: them, yet the tagger's runs sometimes leave one stranded ("an", or "the" before a label span).
FUNCTION_WORDS = frozenset(
    "a an the of to in on at for and or but with by from as that this these those is was are were be been it its".split()
)
#: Entity types whose names alone are no technique ("Uglii", a village; a person's or an agency's name): 1.6 % of
#: the annotated train spans are proper nouns alone, mostly capitalised common words ("Bombshell", "Satan").
NAMES = frozenset({"PERSON", "GPE", "LOC", "ORG", "FAC"})
#: Words a span does not end on: under 1 % of the annotated train spans end on one of them (ending on "it",
#: "this" or "that" is commoner and kept), while the tagger's runs often stop one word late ("huge blow to").
TRAILING_WORDS = FUNCTION_WORDS - {"it", "this", "that", "these", "those"}


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _paragraph_pieces(view: ArticleView) -> list[tuple[int, int]]:
    """The sentences' token ranges, each cut where a line break lies between two tokens."""
    pieces = []
    for i, j in view.sentences:
        start = i
        for k in range(i + 1, j):
            if "\n" in view.text[view.tokens[k - 1].idx + len(view.tokens[k - 1].text) : view.tokens[k].idx]:
                pieces.append((start, k))
                start = k
        pieces.append((start, j))
    return pieces


@dataclass
class Model:
    """The three linear parts and the decoding settings."""

    sentence: Linear
    token: Linear
    technique: Linear
    labels: list[str]
    config: dict[str, Any] = field(default_factory=dict)
    tagger: SpanTagger | None = None

    def sentence_probs(self, view: ArticleView) -> np.ndarray:
        """Probability that each sentence holds a propaganda span."""
        feats, dense = sentence_features(view)
        return sigmoid(self.sentence.scores(feats, dense)[:, 0]) if feats else np.zeros(0)

    def token_probs(self, view: ArticleView, sent_prob: np.ndarray) -> np.ndarray:
        """Probability that each (non-space) token lies inside a propaganda span."""
        feats, dense = token_features(view, sent_prob)
        return sigmoid(self.token.scores(feats, dense)[:, 0]) if feats else np.zeros(0)

    def span_probs(self, view: ArticleView, sent_prob: np.ndarray) -> np.ndarray:
        """P(token inside a span) from the transformer on the flagged sentences when the model has one, else
        from the linear tagger on every token."""
        if self.tagger is None:
            return self.token_probs(view, sent_prob)
        cascade = float(self.config["tagger"]["cascade"])
        return self.tagger.token_probs(view, [s for s, p in enumerate(sent_prob) if p >= cascade])

    def spans(self, view: ArticleView, token_prob: np.ndarray) -> list[tuple[int, int, float]]:
        """Spans as `(start, end, confidence)`. A stigmatising label from the lexicon is a span of its
        own (confidence: the larger of its mean token probability and `lexicon_prior`); between labels,
        each stretch of a sentence gives one span from its first to its last non-punctuation token at or
        above the threshold, unless its words are all `FUNCTION_WORDS` or all parts of `NAMES`, cut back to its
        last word that is not one of `TRAILING_WORDS`; a URL is never part of a span, and a span never crosses a
        paragraph break (the parse's sentences sometimes do). Joining a sentence's runs beat keeping them apart on
        the held-out part: annotated spans are often whole clauses of which the tagger finds the most loaded words."""
        threshold = float(self.config.get("threshold", 0.5))
        prior = float(self.config.get("lexicon_prior", 0.5))
        labels = {i: j for i, j in view.label_spans}
        out: list[tuple[int, int, float]] = []

        def hull(i: int, j: int) -> None:
            tokens = view.tokens
            hits = [k for k in range(i, j) if token_prob[k] >= threshold and not tokens[k].is_punct and not tokens[k].like_url]
            while hits and tokens[hits[-1]].lower_ in TRAILING_WORDS:
                hits.pop()
            words = [t for t in tokens[hits[0] : hits[-1] + 1] if not t.is_punct] if hits else []
            if any(t.lower_ not in FUNCTION_WORDS for t in words) and not all(t.ent_type_ in NAMES for t in words):
                start, end = view.char_span(hits[0], hits[-1] + 1)
                out.append((start, end, float(token_prob[hits[0] : hits[-1] + 1].mean())))

        for i, j in _paragraph_pieces(view):
            stretch = i
            k = i
            while k < j:
                if k in labels:
                    end = min(labels[k], j)
                    hull(stretch, k)
                    start, stop = view.char_span(k, end)
                    out.append((start, stop, max(prior, float(token_prob[k:end].mean()))))
                    stretch = k = end
                else:
                    k += 1
            hull(stretch, j)
        return out

    def technique_probs(self, view: ArticleView, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique distribution of each given span, shape (len(spans), 14)."""
        if not spans:
            return np.zeros((0, len(self.labels)))
        rows = [span_features(view, s, e) for s, e in spans]
        return softmax(self.technique.scores([r[0] for r in rows], np.vstack([r[1] for r in rows])))

    def save(self, folder: Path) -> list[Path]:
        """Write `model.npz`, `vocab.json`, `config.json` and the tagger's ONNX file if there is one; returns
        the paths written."""
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
        if self.tagger is not None:
            paths.append(folder / self.config["tagger"]["file"])
            if paths[-1].resolve() != self.tagger.file.resolve():
                shutil.copyfile(self.tagger.file, paths[-1])
        return paths

    @classmethod
    def from_parts(
        cls, arrays: dict[str, np.ndarray], vocab: dict[str, list[str]], config: dict[str, Any], folder: Path | None = None
    ) -> Model:
        """Rebuild from what `save` wrote (already read by the resource loader or from a folder); the
        transformer tagger named in the config is loaded from `folder`."""
        parts = {name: Linear.from_arrays(name, arrays, vocab[name]) for name in PARTS}
        tagger = None
        if "tagger" in config and folder is not None:
            from ..embeddings import tokenizer_file

            tagger = SpanTagger(folder / config["tagger"]["file"], tokenizer_file())
        return cls(**parts, labels=list(config["labels"]), config=dict(config), tagger=tagger)

    @classmethod
    def load(cls, folder: Path) -> Model:
        """Load a model folder written by `save` (for `unspun eval --model`)."""
        from ..errors import ResourceError

        try:
            with np.load(folder / "model.npz", allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            return cls.from_parts(arrays, vocab, config, folder)
        except (OSError, ValueError, KeyError) as exc:
            raise ResourceError(f"cannot load propaganda model from {folder}: {exc}") from None
