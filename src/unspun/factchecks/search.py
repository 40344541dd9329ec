"""Search the bundled collection and the user's store together, with one re-ranker over both.

The query is embedded once; BM25 and MiniLM propose candidates from one index over both; the re-ranker's
probability orders them and decides which count as matches (at or above its calibrated threshold), unless
the fact-check is about other actors than the query (`actors.py`: "Pope Francis endorsed Hillary Clinton"
for "Pope Francis endorses Donald Trump"), which stays in the ranking but is not a match.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np

from ..embeddings import DIM
from .actors import conflicts
from .bundle import bundled_index, reranker
from .encoding import encode
from .index import Index, collapse_duplicates, first_stored
from .records import FactCheck
from .store import Store
from .text import clean


@dataclass(frozen=True)
class Match:
    """A fact-check retrieved for a query: the record, the re-ranker's probability, the cosine similarity."""

    record: FactCheck
    probability: float
    similarity: float
    source: str  # "bundled" or "store"
    #: the fact-check names someone the query does not, and the query someone it does not (`actors.conflict`)
    other_actors: bool = False

    @property
    def is_match(self) -> bool:
        return self.probability >= reranker().threshold and not self.other_actors


@functools.lru_cache(maxsize=4)
def _combined_index(url: str | None, version: tuple[int, int], bundled: bool) -> tuple[Index, int]:
    """One index over the bundled records and the user's (`version` keys the cache, so an import
    invalidates it), and how many of its first rows are bundled.

    One index rather than two, because the re-ranker's rank and gap features are relative to the
    collection searched: a small store searched alone would make its best record look like a match.
    """
    records: list[FactCheck] = []
    parts: list[np.ndarray] = []
    titles: list[np.ndarray] = []
    if bundled:
        base = bundled_index()
        records, parts, titles = list(base.records), [base.vectors], [base.title_vectors]
    n_bundled = len(records)
    if url and version[0]:
        stored, vectors = Store(url).vectors()
        records += stored
        parts.append(vectors)
        titles.append(vectors)  # the store keeps one vector per record: its claim stands in for its title
    if len(parts) == 1 and bundled:
        return bundled_index(), n_bundled
    if not parts:
        return Index(records, np.zeros((0, DIM), dtype=np.float32)), n_bundled
    return Index(records, np.vstack(parts), np.vstack(titles)), n_bundled


class Searcher:
    """Search over the bundled collection and (when `url` is given and holds records) the user's store."""

    def __init__(self, url: str | None = None, bundled: bool = True) -> None:
        version = Store(url).version() if url else (0, 0)
        self.index, self.n_bundled = _combined_index(url, version, bundled)

    def __len__(self) -> int:
        return len(self.index)

    def search_many(self, texts: list[str], k: int = 5, vectors: np.ndarray | None = None) -> list[list[Match]]:
        """The top `k` fact-checks for each text, most probable first (`vectors`: the texts' vectors in the
        claim-matching space, `encoding.encode`, when the caller already has them)."""
        vectors = encode([clean(t) for t in texts]) if vectors is None else vectors
        cosines = self.index.cosines(vectors) if len(self.index) else [None] * len(texts)
        return [self._search(text, vector, k, cosine) for text, vector, cosine in zip(texts, vectors, cosines)]

    def search(self, text: str, k: int = 5) -> list[Match]:
        """The top `k` fact-checks for one text."""
        return self.search_many([text], k)[0]

    def _search(self, text: str, vector: np.ndarray, k: int, cosine: np.ndarray | None = None) -> list[Match]:
        ranked = reranker().rank(self.index.candidates(text, vector, cosine=cosine))
        ranked = collapse_duplicates(ranked, first_stored(self.index, [c.index for c in ranked]))[:k]
        matches = [
            Match(self.index.records[c.index], c.probability, float(c.features[0]), "bundled" if c.index < self.n_bundled else "store")
            for c in ranked
        ]
        return _mark_other_actors(text, matches)


def _mark_other_actors(text: str, matches: list[Match]) -> list[Match]:
    """`matches` with those above the threshold that are about other actors than `text` marked (only they are
    compared: names cost an entity-recogniser pass, and a candidate below the threshold is no match anyway)."""
    above = [i for i, m in enumerate(matches) if m.is_match]
    flags = conflicts(text, [matches[i].record.claim or matches[i].record.title for i in above])
    out = list(matches)
    for i, other in zip(above, flags):
        if other:
            out[i] = replace(out[i], other_actors=True)
    return out
