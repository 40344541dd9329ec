"""The evidence store: the user's own corpus (archive, crawl, wire feeds), indexed incrementally.

One SQLite file: documents, an FTS5 index over title + text (BM25), and passage embeddings
(MiniLM, float16 blobs). Search fuses the lexical and the semantic ranking (reciprocal rank
fusion), so a paraphrase with no shared word is found and an exact name still ranks first.
A document's key is its URL (or, without one, a hash of its text): adding it again does nothing.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError, InputError
from ..embeddings import DIM
from ..passages import lead_passages

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    url TEXT, domain TEXT, outlet TEXT, title TEXT, date TEXT,
    text TEXT NOT NULL,
    added TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(title, text, content='documents', content_rowid='id');
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_terms USING fts5vocab(documents_fts, 'row');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
WORD = re.compile(r"\w{2,}", re.UNICODE)
STOP = frozenset("""a an and are as at be been but by for from has have he her his in is it its of on or our she
that the their they this to was were will with would said says say""".split())
RRF_K = 60


@dataclass(frozen=True)
class Document:
    """One document to index (already extracted)."""

    text: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    domain: str | None = None
    outlet: str | None = None

    @property
    def key(self) -> str:
        """The identity that makes re-adding a no-op: the URL, else a hash of the text."""
        if self.url:
            return self.url.strip()
        return "sha1:" + hashlib.sha1(" ".join(self.text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Hit:
    """A search result: the document, its best passage and the fused score."""

    doc_id: int
    url: str | None
    domain: str | None
    outlet: str | None
    title: str | None
    date: str | None
    text: str
    passage: str
    score: float
    similarity: float
    lead_vectors: np.ndarray  # the document's lead-passage vectors (what the stance model compares)  # best cosine between the query and one of the document's passages


def passages(doc: Document) -> list[tuple[int, int, str]]:
    """The passages embedded for a document: its title (offsets -1), then its lead passages."""
    title = [(-1, -1, doc.title)] if doc.title else []
    return title + lead_passages(doc.text)


def content_words(text: str) -> list[str]:
    """The distinct, lower-cased content words of a text, in order."""
    return [w for w in dict.fromkeys(WORD.findall(text.lower())) if w not in STOP]


def fts_query(words: list[str]) -> str | None:
    """An FTS5 query that ORs the words (quoted, so no word is read as syntax)."""
    return " OR ".join(f'"{w}"' for w in words) or None


def _sqlite_path(location: str | Path) -> Path:
    loc = str(location)
    if loc.startswith("sqlite:///"):
        return Path(loc[len("sqlite:///"):])
    if "://" in loc:
        raise ConfigError(f"the evidence store needs SQLite (FTS5): {loc!r} is not a sqlite:/// URL or a folder")
    return Path(loc) / "evidence.sqlite"


class EvidenceStore:
    """Documents with BM25 and embedding search; safe to share between threads of one process."""

    def __init__(self, location: str | Path, *, create: bool = True) -> None:
        self.path = _sqlite_path(location)
        if not create and not self.path.exists():
            raise InputError(f"no evidence store at {self.path}: add documents with `unspun evidence add`")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._matrix: tuple[int, np.ndarray, np.ndarray] | None = None  # (passage count, doc ids, vectors)

    def close(self) -> None:
        self.db.close()

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def add(self, docs: Iterable[Document]) -> tuple[int, int]:
        """Index documents; returns (added, already present). Embeddings are computed in one batch."""
        from ..embeddings import MODEL_ID, encode

        fresh: list[tuple[int, Document]] = []
        seen = 0
        with self._lock, self.db:
            stored = self.db.execute("SELECT value FROM meta WHERE key='model'").fetchone()
            if stored and stored[0] != MODEL_ID:
                raise ConfigError(f"{self.path} was built with {stored[0]}, not {MODEL_ID}: rebuild it")
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('model', ?)", (MODEL_ID,))
            for doc in docs:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO documents (key, url, domain, outlet, title, date, text) VALUES (?,?,?,?,?,?,?)",
                    (doc.key, doc.url, doc.domain, doc.outlet, doc.title, doc.date, doc.text),
                )
                if cur.rowcount == 0:
                    seen += 1
                    continue
                doc_id = cur.lastrowid
                self.db.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)", (doc_id, doc.title or "", doc.text))
                fresh.append((doc_id, doc))
            pieces = [(doc_id, s, e, t) for doc_id, doc in fresh for s, e, t in passages(doc)]
            vectors = encode([t for *_, t in pieces]).astype(np.float16)
            self.db.executemany(
                "INSERT INTO passages (doc_id, start, end, vector) VALUES (?,?,?,?)",
                [(d, s, e, v.tobytes()) for (d, s, e, _), v in zip(pieces, vectors)],
            )
        return len(fresh), seen

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """All passage vectors (cached in memory; reloaded when the store has grown)."""
        count = self.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        if self._matrix is None or self._matrix[0] != count:
            rows = self.db.execute("SELECT doc_id, vector FROM passages ORDER BY id").fetchall()
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(len(rows), DIM)
            self._matrix = (count, ids, matrix.astype(np.float32))
        return self._matrix[1], self._matrix[2]

    def search(self, text: str, *, k: int = 10, since: str | None = None, until: str | None = None,
               depth: int = 50, vector: np.ndarray | None = None) -> list[Hit]:
        """The k best documents for `text` (optionally within [since, until] by ISO date)."""
        from ..embeddings import encode

        ranks: dict[int, float] = {}
        sims_by_doc: dict[int, float] = {}
        query = fts_query(self._selective(content_words(text)))
        if query:
            rows = self.db.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (query, depth)
            ).fetchall()
            for rank, (doc_id,) in enumerate(rows):
                ranks[doc_id] = ranks.get(doc_id, 0.0) + 1.0 / (RRF_K + rank)
        ids, matrix = self._vectors()
        q = (encode([text])[0] if vector is None else vector) if len(ids) else None
        if q is not None:
            sims = matrix @ q
            top = min(depth * 2, len(sims))
            best = np.argpartition(-sims, top - 1)[:top]
            best = best[np.argsort(-sims[best])]
            seen: set[int] = set()
            for i in best:
                doc_id = int(ids[i])
                if doc_id in seen or sims[i] < 0.2:
                    continue
                seen.add(doc_id)
                sims_by_doc[doc_id] = float(sims[i])
                ranks[doc_id] = ranks.get(doc_id, 0.0) + 1.0 / (RRF_K + len(seen) - 1)
        if not ranks:
            return []
        hits = []
        order = sorted(ranks, key=lambda d: -ranks[d])
        for doc_id in order:
            row = self.db.execute("SELECT url, domain, outlet, title, date, text FROM documents WHERE id=?", (doc_id,)).fetchone()
            url, domain, outlet, title, date, body = row
            if (since and (not date or date < since)) or (until and (not date or date[:10] > until)):
                continue
            lead = self._lead_vectors(doc_id)
            if doc_id not in sims_by_doc:
                own = matrix[ids == doc_id]
                sims_by_doc[doc_id] = float((own @ q).max()) if q is not None and len(own) else 0.0
            hits.append(Hit(doc_id, url, domain, outlet, title, date, body, self._best_passage(body, text), ranks[doc_id],
                            sims_by_doc[doc_id], lead))
            if len(hits) == k:
                break
        return hits

    def _selective(self, words: list[str], keep: int = 8) -> list[str]:
        """The query's rarest words: BM25 must score every document a word occurs in, so a word found in a
        large share of the corpus costs much and tells little (the semantic side still sees the whole text)."""
        if not words:
            return []
        marks = ",".join("?" * len(words))
        df = dict(self.db.execute(f"SELECT term, doc FROM documents_terms WHERE term IN ({marks})", words).fetchall())
        known = sorted((w for w in words if w in df), key=lambda w: df[w])
        limit = max(1000, len(self) // 20)
        rare = [w for w in known if df[w] <= limit][:keep]
        return rare or known[:2]

    def _lead_vectors(self, doc_id: int) -> np.ndarray:
        rows = self.db.execute("SELECT vector FROM passages WHERE doc_id=? AND start >= 0 ORDER BY start", (doc_id,)).fetchall()
        return np.array([np.frombuffer(r[0], dtype=np.float16) for r in rows], dtype=np.float32).reshape(len(rows), DIM)

    @staticmethod
    def _best_passage(body: str, text: str) -> str:
        """The sentence of `body` sharing most content words with `text` (what a person reads first)."""
        words = set(content_words(text))
        sentences = re.split(r"(?<=[.!?])\s+", body)
        return max(sentences, key=lambda s: len(words & set(WORD.findall(s.lower()))), default="")[:400]

    def stats(self) -> dict:
        """Counts, date range and the most frequent outlets."""
        docs, first, last = self.db.execute("SELECT count(*), min(date), max(date) FROM documents").fetchone()
        outlets = self.db.execute(
            "SELECT coalesce(outlet, domain, '(unknown)'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
        ).fetchall()
        passages_n = self.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        return {"path": str(self.path), "documents": docs, "passages": passages_n, "first_date": first,
                "last_date": last, "top_outlets": dict(outlets)}
