"""Search the bundled collection and the user's store together, with one re-ranker over both.

The query is embedded once; each index proposes candidates; the re-ranker's probability orders them
all and decides which count as matches (at or above its calibrated threshold).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..embeddings import encode
from .bundle import bundled_index, reranker
from .index import Index
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

    @property
    def is_match(self) -> bool:
        return self.probability >= reranker().threshold


@functools.lru_cache(maxsize=4)
def _store_index(url: str, version: tuple[int, int]) -> Index:
    """The user's store as an index; `version` is part of the key so an import invalidates it."""
    records, vectors = Store(url).vectors()
    return Index(records, vectors)


class Searcher:
    """Search over the bundled collection and (when `url` is given and holds records) the user's store."""

    def __init__(self, url: str | None = None, bundled: bool = True) -> None:
        self.indexes: list[tuple[str, Index]] = []
        if bundled:
            self.indexes.append(("bundled", bundled_index()))
        if url:
            store = Store(url)
            version = store.version()
            if version[0]:
                self.indexes.append(("store", _store_index(url, version)))

    def search_many(self, texts: list[str], k: int = 5) -> list[list[Match]]:
        """The top `k` fact-checks for each text, most probable first."""
        vectors = encode([clean(t) for t in texts])
        return [self._search(text, vector, k) for text, vector in zip(texts, vectors)]

    def search(self, text: str, k: int = 5) -> list[Match]:
        """The top `k` fact-checks for one text."""
        return self.search_many([text], k)[0]

    def _search(self, text: str, vector: np.ndarray, k: int) -> list[Match]:
        model = reranker()
        found: list[Match] = []
        seen: set[str] = set()
        for source, index in self.indexes:
            for c in model.rank(index.candidates(text, vector)):
                record = index.records[c.index]
                if record.key not in seen:
                    seen.add(record.key)
                    found.append(Match(record, c.probability, float(c.features[0]), source))
        found.sort(key=lambda m: -m.probability)
        return found[:k]
