"""Sentence features of the check-worthiness model: sparse TF-IDF word n-grams and part-of-speech/entity
tags beside a dense static sentence vector (MiniLM distilled into word-piece vectors).

The bridge from debates to prose starts here. The training sentences are transcribed speech
("uh", "--", "(APPLAUSE)", first person); news sentences are edited prose with curly quotes and
reported speech. `normalise` maps both onto one register (no disfluencies, no stage directions,
straight quotes, numbers kept), so the model cannot learn "sounds spoken" as a cue; the tags (past-tense
verb, number, money, date, place) and the distilled MiniLM vector describe what a sentence asserts rather
than how it is worded, which is what transfers across the two registers.

The TF-IDF transform is re-implemented on the saved vocabulary and idf (arrays + JSON), so a trained
model loads without pickles and applies identically to how scikit-learn fitted it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from scipy import sparse

_DISFLUENCY = re.compile(r"\b(?:uh+|um+|er|ah|hmm+|you know)\b[,.]?\s*", re.I)
_STAGE = re.compile(r"\((?:applause|laughter|crosstalk|inaudible|booing|cheers|bell rings)[^)]*\)|\[[^\]]*\]", re.I)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "—": " - ", "–": " - "})
_DASHES = re.compile(r"\s*-{2,}\s*")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*%?|\$|%")


def normalise(text: str) -> str:
    """One register for speech and prose: straight quotes, no disfluencies or stage directions."""
    text = text.translate(_QUOTES)
    if "(" in text or "[" in text:  # the guards only skip regexes that could not match (a page has ~60 sentences)
        text = _STAGE.sub(" ", text)
    text = _DISFLUENCY.sub("", text)
    if "--" in text:
        text = _DASHES.sub(" - ", text)
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


def tag_features(tokens: Iterable[Any]) -> list[str]:
    """Fine part-of-speech tags, tag bigrams and entity types of one sentence's spaCy tokens.

    They say *what kind* of statement a sentence is (a past-tense verb with a number and a date, a
    modal verb and a pronoun) whatever its words, and they read the same in speech and in prose.
    """
    kept = [t for t in tokens if not t.is_space]
    tags = [t.tag_ for t in kept]
    return (
        [f"T_{t}" for t in tags]
        + [f"T_{a}_{b}" for a, b in zip(tags, tags[1:])]
        + [f"E_{t.ent_type_}" for t in kept if t.ent_type_]
    )


def tag_sentences(texts: Sequence[str], entities: bool = True) -> list[list[str]]:
    """`tag_features` of standalone sentences (training rows, evaluation rows, a title).

    Only the tagger (and, with `entities`, the entity recogniser) runs: their output does not depend on
    the parser, so these tags equal those of the same sentence inside a full parse of its article.
    A page's title is tagged without entities: the recogniser would double the cost of scoring a page,
    and leaving entity types out moves P(check-worthy) by 0.03 on average (ClaimBuster rows).
    """
    from ..parse import nlp

    pipeline = nlp()
    wanted = {"tok2vec", "tagger", "attribute_ruler"} | ({"ner"} if entities else set())
    disabled = [name for name in pipeline.pipe_names if name not in wanted]
    return [tag_features(doc) for doc in pipeline.pipe(texts, disable=disabled, batch_size=256)]


def identity(items: list[str]) -> list[str]:
    """The analyzer of features that are already terms (the tags)."""
    return items


class Tfidf:
    """Sublinear TF-IDF with L2 normalisation over a fixed vocabulary (what `TfidfVectorizer` computes).

    `analyzer` turns one input into its terms: `ngrams` for sentences, `identity` for tag lists.
    """

    def __init__(self, vocabulary: list[str], idf: np.ndarray, analyzer: Callable[[Any], list[str]] = ngrams) -> None:
        self.vocabulary = {term: i for i, term in enumerate(vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.analyzer = analyzer

    def transform(self, texts: Sequence[Any]) -> sparse.csr_matrix:
        """One L2-normalised row per input. Vectorised over all rows: per-row numpy calls would cost more
        than the arithmetic for the few dozen short sentences of a page."""
        cols: list[int] = []
        indptr = [0]
        vocabulary = self.vocabulary
        for text in texts:
            cols.extend(j for j in map(vocabulary.get, self.analyzer(text)) if j is not None)
            indptr.append(len(cols))
        counts = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), np.asarray(cols, dtype=np.int64), indptr),
                                   shape=(len(texts), len(self.idf)))
        counts.sum_duplicates()
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
        counts.data /= np.repeat(np.maximum(norms, 1e-12), np.diff(counts.indptr)).astype(np.float32)
        return counts
