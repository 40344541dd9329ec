"""Claim retrieval: lexical (BM25) and semantic (MiniLM) candidates, then a learned re-ranker.

Why both: BM25 finds the rare names and numbers a claim turns on ("Home Alone 2", "122 detainees");
MiniLM finds paraphrases that share few words. Each proposes its top candidates; the union is
re-ranked by a logistic model over features that mean the same for any query and any collection
(cosine to the claim and to the fact-check's title, idf-weighted word overlap both ways, shared numbers,
the two ranks), so its output is a
probability that a candidate fact-check is about the query's claim, and one threshold, calibrated
on labelled pairs, decides what is reported as a match.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from .encoding import encode
from .records import FactCheck
from .text import clean, terms

#: Re-ranker feature names, in the order of the weights in `resources/factchecks/reranker.json`.
FEATURES: tuple[str, ...] = (
    "cosine", "cosine_gap", "bm25_ratio", "query_coverage", "doc_coverage", "numbers", "sem_rank", "lex_rank",
    "title_cosine", "title_cosine_gap", "bias",
)
#: The features of the match decision: only those that mean the same whatever else the collection holds.
MATCH_FEATURES: tuple[str, ...] = ("cosine", "query_coverage", "doc_coverage", "numbers", "bias")
_MATCH_COLUMNS = [FEATURES.index(name) for name in MATCH_FEATURES]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NEAR_DUPLICATE = 0.95  # cosine above which two stored claims are taken to be the same claim


@dataclass(frozen=True)
class Candidate:
    """A stored fact-check proposed for a query, with its features and (once re-ranked) its probability."""

    index: int
    features: np.ndarray
    probability: float = 0.0  # P(this is the query's fact-check), once re-ranked


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


class Index:
    """An in-memory search index over fact-check records and their unit vectors (one row per record).

    `title_vectors` embed the fact-checks' headlines ("Did X Say Y?"), which often word a claim the way a
    tweet or a news sentence does; where a record has none, its claim vector stands in. They are kept as
    float16 (half the memory; only a query's few candidates are compared with them, so there is no large
    float16 product to pay for), while the claim vectors, multiplied by every query in full, stay float32.
    """

    def __init__(self, records: list[FactCheck], vectors: np.ndarray, title_vectors: np.ndarray | None = None,
                 k1: float = 1.2, b: float = 0.75) -> None:
        self.records = records
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.title_vectors = self.vectors if title_vectors is None else np.ascontiguousarray(title_vectors, dtype=np.float16)
        docs = [terms(clean(f"{r.claim} {r.title}")) for r in records]
        self.vocab: dict[str, int] = {}
        rows, cols, tfs = [], [], []
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                rows.append(i)
                cols.append(self.vocab.setdefault(term, len(self.vocab)))
                tfs.append(tf)
        n = max(len(records), 1)
        shape = (len(records), max(len(self.vocab), 1))
        tf = sparse.csr_matrix((np.array(tfs, dtype=np.float32), (rows, cols)), shape=shape)
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=shape[1]).astype(np.float32)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        norm = k1 * (1 - b + b * lengths / max(float(lengths.mean()) if len(lengths) else 1.0, 1e-6))
        weighted = tf.tocoo()
        values = self.idf[weighted.col] * weighted.data * (k1 + 1) / (weighted.data + norm[weighted.row])
        self.bm25 = sparse.csc_matrix((values, (weighted.row, weighted.col)), shape=shape)
        self.doc_terms = tf.tocsr()
        self.doc_words = self.doc_terms.sign()
        self.doc_idf = np.asarray(self.doc_words @ self.idf).ravel() if len(records) else np.zeros(0)
        self.numbers = [_numbers(f"{r.claim} {r.title}") for r in records]

    def __len__(self) -> int:
        return len(self.records)

    def _top(self, scores: np.ndarray, k: int) -> np.ndarray:
        k = min(k, len(scores))
        if k <= 0:
            return np.zeros(0, dtype=np.int64)
        top = np.argpartition(-scores, k - 1)[:k]
        return top[np.argsort(-scores[top], kind="stable")]

    def _query(self, query: str) -> tuple[str, list[int], float]:
        """A query's cleaned text, its known terms, and the idf mass its coverage is measured against
        (words unknown to the collection count at the highest idf: no record can cover them)."""
        text = clean(query)
        words = terms(text)
        qterms = [self.vocab[t] for t in dict.fromkeys(words) if t in self.vocab]
        query_idf = float(self.idf[qterms].sum()) if qterms else 0.0
        query_idf += (len(set(words)) - len(qterms)) * float(self.idf.max(initial=0.0))
        return text, qterms, query_idf

    def cosines(self, vectors: np.ndarray) -> np.ndarray:
        """Cosine of every query vector (rows of `vectors`) with every record, `(len(vectors), len(self))`.

        One matrix product for all of an article's queries: the product is bound by reading the claim
        matrix from memory, so several queries cost about what one does."""
        return np.asarray(vectors, dtype=np.float32) @ self.vectors.T

    def candidates(self, query: str, vector: np.ndarray | None = None, k: int = 20, cosine: np.ndarray | None = None) -> list[Candidate]:
        """The union of the top `k` by BM25 and the top `k` by cosine, with re-ranking features (`cosine`:
        the query's row of `cosines`, when the caller computed it for several queries at once)."""
        if not self.records:
            return []
        text, qterms, query_idf = self._query(query)
        vector = encode([text])[0] if vector is None else vector
        cosine = self.vectors @ vector if cosine is None else cosine
        sem = self._top(cosine, k)
        lex = np.zeros(0, dtype=np.int64)
        lexical = np.zeros(len(self.records), dtype=np.float32)
        if qterms:
            lexical = np.asarray(self.bm25[:, qterms].sum(axis=1)).ravel()
            lex = self._top(lexical, k)
            lex = lex[lexical[lex] > 0]
        best_cosine = float(cosine[sem[0]]) if len(sem) else 0.0
        best_lexical = float(lexical[lex[0]]) if len(lex) else 0.0
        docs = np.array(list(dict.fromkeys([*sem.tolist(), *lex.tolist()])), dtype=np.int64)
        ranks = np.full((2, len(self.records)), k, dtype=np.float32)
        ranks[0, sem], ranks[1, lex] = np.arange(len(sem)), np.arange(len(lex))
        weights = np.zeros(len(self.idf), dtype=np.float32)
        weights[qterms] = self.idf[qterms]
        shared_idf = self.doc_words[docs] @ weights  # idf mass of the words each candidate shares with the query
        doc_idf = self.doc_idf[docs]
        title = self.title_vectors[docs].astype(np.float32) @ vector
        qnumbers = _numbers(text)
        numbers = [1.0 if qnumbers & self.numbers[d] else (-1.0 if qnumbers and self.numbers[d] else 0.0) for d in docs.tolist()]
        features = np.column_stack([
            cosine[docs],
            cosine[docs] - best_cosine,
            lexical[docs] / best_lexical if best_lexical else np.zeros(len(docs)),
            shared_idf / query_idf if query_idf else np.zeros(len(docs)),
            np.divide(shared_idf, doc_idf, out=np.zeros(len(docs), dtype=np.float32), where=doc_idf > 0),
            numbers,
            1.0 / (1.0 + ranks[0, docs]),
            1.0 / (1.0 + ranks[1, docs]),
            title,
            title - (title.max() if len(docs) else 0.0),
            np.ones(len(docs)),
        ]).astype(np.float32)
        return [Candidate(int(d), f) for d, f in zip(docs, features)]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


@dataclass(frozen=True)
class Reranker:
    """Two logistic models over a query's candidates.

    `weights` (over FEATURES) orders them: the relative features (gap to the best cosine, ranks) help most
    there. Whether the best one *is* the query's fact-check is a different question, which relative features
    cannot answer (the best candidate is always first), so `match_weights` (over MATCH_FEATURES) give the
    match probability, and `threshold` is its calibrated cut-off.
    """

    weights: np.ndarray
    match_weights: np.ndarray
    threshold: float = 0.5

    def rank(self, candidates: list[Candidate]) -> list[Candidate]:
        """Candidates in re-ranked order, each with its match probability."""
        if not candidates:
            return []
        features = np.vstack([c.features for c in candidates])
        order = np.argsort(-(features @ self.weights), kind="stable")
        match = _sigmoid(features[:, _MATCH_COLUMNS] @ self.match_weights)
        return [Candidate(candidates[i].index, candidates[i].features, float(match[i])) for i in order]


def first_stored(index: Index, docs: list[int]) -> dict[int, int]:
    """For each of `docs`, the earliest-stored record among them that states the same claim (cosine at least
    NEAR_DUPLICATE) for the same publisher.

    Collections repeat claims: the CheckThat! database lists many Snopes claims twice, once with double and
    once with single quote marks (the later ClaimsKG additions), and imports of overlapping feeds do the same.
    Showing both wastes a slot; the first-stored copy is the original (on CheckThat! train, the gold claim
    was the earlier one in 54 of the 56 queries where a duplicate outranked it). Another publisher's check
    of the same claim is a second opinion and is kept.
    """
    if not docs:
        return {}
    similar = index.vectors[docs] @ index.vectors[docs].T >= NEAR_DUPLICATE
    publishers = [index.records[d].publisher for d in docs]
    return {d: min(docs[b] for b in np.flatnonzero(similar[a]) if publishers[b] == publishers[a]) for a, d in enumerate(docs)}


def collapse_duplicates(ranked: list[Candidate], first: dict[int, int]) -> list[Candidate]:
    """`ranked` with each group of duplicates shown once, as its first-stored record, at the group's best rank."""
    out, seen = [], set()
    for c in ranked:
        keep = first.get(c.index, c.index)
        if keep not in seen:
            seen.add(keep)
            out.append(replace(c, index=keep))
    return out

