"""The stance model: UCL Machine Reading's FNC-1 recipe (term-frequency vectors of claim and body,
their TF-IDF cosine, one hidden layer) plus overlap and refuting/hedging cues and the MiniLM cosine of
the claim with the body's lead passages.

Why this model: it runs on a laptop CPU in milliseconds per pair, the FNC-1 winners' deep
ensembles barely beat it (0.8202 vs 0.8172 on the official test set), and its weights are a few
arrays we store as npz + JSON. Inference is plain numpy; scikit-learn only vectorises.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from .. import assets
from . import LABELS

RESOURCE = "stance"
WORD = re.compile(r"\w+")
#: Words that signal refutation or hedging; their presence in the body/claim is a feature.
CUES = (
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "not", "despite", "nope", "doubt", "doubts",
    "bogus", "debunk", "debunked", "pranks", "retract", "untrue", "no evidence", "rumor", "rumour", "claim",
    "claims", "reportedly", "allegedly", "unconfirmed", "according",
)


@dataclass
class Vectorizers:
    """Term-frequency and TF-IDF vectorisers rebuilt from their stored vocabularies."""

    tf: CountVectorizer
    tfidf: TfidfVectorizer

    @classmethod
    def fit(cls, texts: Sequence[str], max_features: int = 5000) -> "Vectorizers":
        tf = CountVectorizer(max_features=max_features, stop_words="english").fit(texts)
        tfidf = TfidfVectorizer(max_features=max_features, stop_words="english").fit(texts)
        return cls(tf, tfidf)

    @classmethod
    def from_arrays(cls, tf_vocab: list[str], tfidf_vocab: list[str], idf: np.ndarray) -> "Vectorizers":
        tf = CountVectorizer(vocabulary={w: i for i, w in enumerate(tf_vocab)}, stop_words="english")
        tfidf = TfidfVectorizer(vocabulary={w: i for i, w in enumerate(tfidf_vocab)}, stop_words="english")
        tfidf.idf_ = idf
        return cls(tf, tfidf)

    def vocabularies(self) -> tuple[list[str], list[str]]:
        order = lambda v: [w for w, _ in sorted(v.vocabulary_.items(), key=lambda kv: kv[1])]  # noqa: E731
        return order(self.tf), order(self.tfidf)


def cue_features(claim: str, body: str) -> list[float]:
    """Overlap of the claim's words with the body (all, and its opening) and refuting/hedging cues."""
    claim_l, body_l = claim.lower(), body.lower()
    claim_words = set(WORD.findall(claim_l))
    body_words = WORD.findall(body_l)
    n = max(1, len(claim_words))
    overlap = len(claim_words & set(body_words)) / n
    overlap_lead = len(claim_words & set(body_words[:60])) / n
    return [overlap, overlap_lead, *(float(c in body_l) for c in CUES), *(float(c in claim_l) for c in CUES)]


def semantic_features(claim_vectors: np.ndarray, lead_vectors: Sequence[np.ndarray]) -> np.ndarray:
    """MiniLM cosine of the claim with the body's lead passages: best, first and mean. These carry over to
    unseen events far better than word counts do (held-out events: relative score 0.68 -> 0.72)."""
    out = np.zeros((len(lead_vectors), 3), dtype=np.float32)
    for i, (claim, lead) in enumerate(zip(claim_vectors, lead_vectors)):
        if len(lead):
            sims = lead @ claim
            out[i] = (sims.max(), sims[0], sims.mean())
    return out


def lead_vectors(bodies: Sequence[str]) -> list[np.ndarray]:
    """MiniLM vectors of each body's lead passages (each distinct body embedded once)."""
    from ..embeddings import DIM, encode
    from ..passages import lead_passages

    unique = list(dict.fromkeys(bodies))
    pieces = [(b, text) for b in unique for _, _, text in lead_passages(b)]
    lead: dict[str, list[np.ndarray]] = {b: [] for b in unique}
    for (b, _), v in zip(pieces, encode([text for _, text in pieces])):
        lead[b].append(v)
    return [np.array(lead[b], dtype=np.float32).reshape(len(lead[b]), DIM) for b in bodies]


def embed_pairs(claims: Sequence[str], bodies: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Claim vectors and lead-passage vectors, each distinct text embedded once."""
    from ..embeddings import encode

    unique = list(dict.fromkeys(claims))
    vectors = dict(zip(unique, encode(unique)))
    return np.array([vectors[c] for c in claims], dtype=np.float32), lead_vectors(bodies)


def features(vec: Vectorizers, claims: Sequence[str], bodies: Sequence[str],
             claim_vectors: np.ndarray, lead_vectors: Sequence[np.ndarray]) -> sparse.csr_matrix:
    """One row per (claim, body) pair."""
    head_tf = normalize(vec.tf.transform(claims).astype(np.float32))
    body_tf = normalize(vec.tf.transform(bodies).astype(np.float32))
    cosine = np.asarray(vec.tfidf.transform(claims).multiply(vec.tfidf.transform(bodies)).sum(axis=1), dtype=np.float32)
    cues = np.array([cue_features(c, b) for c, b in zip(claims, bodies)], dtype=np.float32)
    semantic = semantic_features(claim_vectors, lead_vectors)
    return sparse.hstack([head_tf, body_tf, sparse.csr_matrix(cosine), sparse.csr_matrix(cues),
                          sparse.csr_matrix(semantic)]).tocsr()


@dataclass
class StanceModel:
    """Vectorisers + a one-hidden-layer network, applied with numpy."""

    vec: Vectorizers
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    classes: tuple[str, ...]

    def predict_proba(self, claims: Sequence[str], bodies: Sequence[str], claim_vectors: np.ndarray | None = None,
                      lead_vectors: Sequence[np.ndarray] | None = None) -> np.ndarray:
        """Probabilities per pair, columns in `LABELS` order. Pass the MiniLM vectors where they are at hand
        (the evidence store keeps them); otherwise they are computed here."""
        if not claims:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        if claim_vectors is None or lead_vectors is None:
            claim_vectors, lead_vectors = embed_pairs(claims, bodies)
        x = features(self.vec, claims, bodies, claim_vectors, lead_vectors)
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        order = [self.classes.index(label) for label in LABELS]
        return p[:, order]

    def predict(self, claims: Sequence[str], bodies: Sequence[str], claim_vectors: np.ndarray | None = None,
                lead_vectors: Sequence[np.ndarray] | None = None) -> list[str]:
        """The most probable stance of each pair."""
        return [LABELS[i] for i in self.predict_proba(claims, bodies, claim_vectors, lead_vectors).argmax(axis=1)]

    def save(self, out: Path, manifest: dict) -> None:
        """Write weights.npz, vocab.json and MANIFEST.json into `out`."""
        out.mkdir(parents=True, exist_ok=True)
        tf_vocab, tfidf_vocab = self.vec.vocabularies()
        np.savez_compressed(out / "weights.npz", w1=self.w1.astype(np.float32), b1=self.b1.astype(np.float32),
                            w2=self.w2.astype(np.float32), b2=self.b2.astype(np.float32),
                            idf=self.vec.tfidf.idf_.astype(np.float32))
        (out / "vocab.json").write_text(json.dumps({"tf": tf_vocab, "tfidf": tfidf_vocab, "classes": list(self.classes)}),
                                        encoding="utf-8")
        (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


@functools.cache
def load() -> StanceModel:
    """The bundled stance model (loaded once)."""
    arrays = assets.load_npz(f"{RESOURCE}/weights.npz")
    vocab = assets.load_json(f"{RESOURCE}/vocab.json")
    vec = Vectorizers.from_arrays(vocab["tf"], vocab["tfidf"], arrays["idf"].astype(np.float64))
    return StanceModel(vec, arrays["w1"], arrays["b1"], arrays["w2"], arrays["b2"], tuple(vocab["classes"]))
