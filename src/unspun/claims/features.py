"""Sentence features of the check-worthiness model: sparse TF-IDF word n-grams beside the dense MiniLM vector.

The bridge from debates to prose starts here. The training sentences are transcribed speech
("uh", "--", "(APPLAUSE)", first person); news sentences are edited prose with curly quotes and
reported speech. `normalise` maps both onto one register (no disfluencies, no stage directions,
straight quotes, numbers kept), so the model cannot learn "sounds spoken" as a cue; the MiniLM vector
carries meaning rather than surface form, which is what transfers across the two registers.

The TF-IDF transform is re-implemented on the saved vocabulary and idf (arrays + JSON), so a trained
model loads without pickles and applies identically to how scikit-learn fitted it.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse

_DISFLUENCY = re.compile(r"\b(?:uh+|um+|er|ah|hmm+|you know)\b[,.]?\s*", re.I)
_STAGE = re.compile(r"\((?:applause|laughter|crosstalk|inaudible|booing|cheers|bell rings)[^)]*\)|\[[^\]]*\]", re.I)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "—": " - ", "–": " - "})
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*%?|\$|%")


def normalise(text: str) -> str:
    """One register for speech and prose: straight quotes, no disfluencies or stage directions."""
    text = _STAGE.sub(" ", text.translate(_QUOTES))
    text = _DISFLUENCY.sub("", text)
    text = re.sub(r"\s*-{2,}\s*", " - ", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Word tokens; every number becomes `<num>` (a percentage `<pct>`), so figures of any era look alike."""
    out = []
    for token in _WORD.findall(text.lower()):
        if token[0].isdigit():
            out.append("<pct>" if token.endswith("%") else "<num>")
        else:
            out.append(token)
    return out


def ngrams(text: str) -> list[str]:
    """Unigrams and bigrams of `words(normalise(text))`: the TF-IDF analyzer used in training and at run time."""
    tokens = words(normalise(text))
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


class Tfidf:
    """Sublinear TF-IDF with L2 normalisation over a fixed vocabulary (what `TfidfVectorizer` computes)."""

    def __init__(self, vocabulary: list[str], idf: np.ndarray) -> None:
        self.vocabulary = {term: i for i, term in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float32)

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for r, text in enumerate(texts):
            counts: dict[int, int] = {}
            for gram in ngrams(text):
                j = self.vocabulary.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            js = np.fromiter(counts, dtype=np.int64)
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * self.idf[js]
            weights /= max(float(np.linalg.norm(weights)), 1e-12)
            rows.extend([r] * len(js))
            cols.extend(js.tolist())
            vals.extend(weights.tolist())
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.idf)), dtype=np.float32)
