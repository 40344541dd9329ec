"""The user's ClaimReview store: a `factchecks` table on the shared SQLAlchemy base (SQLite by default,
any SQLAlchemy URL), with each record's vector (claim-matching encoder, `encoding.py`) kept beside it so
search needs no re-encoding; vectors stored under another encoder are re-encoded when read.

The bundled collection is *not* copied in here: it ships as a read-only index (see `bundle.py`) that
search consults beside this table. So the user's database holds exactly what the user imported, an
upgrade of unspun replaces the bundle without touching user data, and the first search costs no
multi-megabyte write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import numpy as np
from sqlalchemy import DateTime, Integer, LargeBinary, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, sessions
from ..embeddings import DIM
from .encoding import encode, model_id
from .records import FactCheck
from .text import clean

_FIELDS = ("claim", "rating", "verdict", "publisher", "publisher_url", "url", "date", "title", "claimant", "claim_date", "language", "provenance")


class FactCheckRow(Base):
    """One stored ClaimReview (see `FactCheck` for the fields); `key` de-duplicates imports."""

    __tablename__ = "factchecks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    claim: Mapped[str] = mapped_column(Text)
    rating: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str] = mapped_column(String(16), default="other")
    publisher: Mapped[str] = mapped_column(Text, default="")
    publisher_url: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    claimant: Mapped[str] = mapped_column(Text, default="")
    claim_date: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    provenance: Mapped[str] = mapped_column(Text, default="")
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    embedding_model: Mapped[str] = mapped_column(String(64), default="")
    added: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    def record(self) -> FactCheck:
        return FactCheck(**{name: getattr(self, name) or "" for name in _FIELDS})


def embedding_text(record: FactCheck) -> str:
    """What is embedded for a record: its claim (cleaned of links and tweet marks)."""
    return clean(record.claim)


class Store:
    """The fact-checks in the database at `url`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.Session = sessions(url)

    def add(self, records: Iterable[FactCheck], batch_size: int = 256) -> tuple[int, int]:
        """Insert new records (embedding them), skip ones already stored; returns (added, duplicates)."""
        added = duplicates = 0
        batch: list[FactCheck] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                a, d = self._add_batch(batch)
                added, duplicates, batch = added + a, duplicates + d, []
        if batch:
            a, d = self._add_batch(batch)
            added, duplicates = added + a, duplicates + d
        return added, duplicates

    def _add_batch(self, batch: list[FactCheck]) -> tuple[int, int]:
        unique = {r.key: r for r in batch}
        with self.Session.begin() as session:
            known = set(session.scalars(select(FactCheckRow.key).where(FactCheckRow.key.in_(list(unique)))))
            fresh = [r for k, r in unique.items() if k not in known]
            vectors = encode([embedding_text(r) for r in fresh]).astype(np.float16) if fresh else []
            for record, vector in zip(fresh, vectors):
                session.add(
                    FactCheckRow(
                        key=record.key,
                        embedding=vector.tobytes(),
                        embedding_model=model_id(),
                        **{name: getattr(record, name) for name in _FIELDS},
                    )
                )
        return len(fresh), len(batch) - len(fresh)

    def count(self) -> int:
        with self.Session() as session:
            return int(session.scalar(select(func.count()).select_from(FactCheckRow)) or 0)

    def version(self) -> tuple[int, int]:
        """(count, largest id): changes whenever records are added or removed, so caches can notice."""
        with self.Session() as session:
            n, top = session.execute(select(func.count(), func.max(FactCheckRow.id))).one()
            return int(n or 0), int(top or 0)

    def records(self) -> Iterator[FactCheck]:
        """Every stored record, oldest first."""
        with self.Session() as session:
            for row in session.scalars(select(FactCheckRow).order_by(FactCheckRow.id)):
                yield row.record()

    def vectors(self) -> tuple[list[FactCheck], np.ndarray]:
        """Every record with its unit vector (re-encoding any stored under another model)."""
        records: list[FactCheck] = []
        rows: list[np.ndarray | None] = []
        space = model_id()
        with self.Session() as session:
            for row in session.scalars(select(FactCheckRow).order_by(FactCheckRow.id)):
                records.append(row.record())
                ok = row.embedding and row.embedding_model == space and len(row.embedding) == 2 * DIM
                rows.append(np.frombuffer(row.embedding, dtype=np.float16).astype(np.float32) if ok else None)
        missing = [i for i, v in enumerate(rows) if v is None]
        if missing:
            fresh = encode([embedding_text(records[i]) for i in missing])
            for i, v in zip(missing, fresh):
                rows[i] = v
        matrix = np.vstack(rows) if rows else np.zeros((0, DIM), dtype=np.float32)  # type: ignore[arg-type]
        return records, matrix.astype(np.float32)
