"""Write-behind for comment-check events: the server answers a check before its row is stored.

Storing each check's event with its own ORM row, INSERT and COMMIT took about a tenth of a
check's CPU and made every check a writer, queued behind SQLite's one write lock. The server's
Moderator instead queues the row, and a background thread writes the queue in one batch every
FLUSH_EVERY_S (sooner when BATCH rows wait), so a check only reads. Nothing a client can
observe changes:

- the row's id (`X-akismet-guid`) is made before it is queued;
- whatever reads events flushes the queue first (a submit-spam/ham naming its check, the
  `key-sites` and `usage-limit` figures), and the repeat count adds the queued rows to the
  stored ones (`consistent` keeps the two from overlapping or missing a batch mid-commit);
- a clean shutdown (SIGTERM, Ctrl-C, interpreter exit) writes what is queued. Only a crash or
  a kill -9 loses the last FLUSH_EVERY_S of check events; keys, reports, lists and learned
  weights are never queued.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine

from .tables import ModEvent

log = logging.getLogger(__name__)
T = TypeVar("T")

FLUSH_EVERY_S = 0.1
BATCH = 256
#: Rows kept queued while the store refuses writes; beyond this the oldest are dropped (logged).
MAX_QUEUED = 100_000
_INSERT = ModEvent.__table__.insert()


class EventWriter:
    """A queue of event rows (column -> value dicts) and the thread that stores them."""

    def __init__(self, eng: Engine, every_tick: Callable[[], None] | None = None) -> None:
        self._engine = eng
        self._every_tick = every_tick
        self._pending: list[dict] = []
        self._lock = threading.Lock()  # guards _pending; held while a batch commits and leaves it
        self._flushing = threading.Lock()  # one flush at a time
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="unspun-moderation-writer", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def add(self, row: dict) -> None:
        """Queue one event row (all rows carry every column of the events table)."""
        with self._lock:
            self._pending.append(row)
            if len(self._pending) > MAX_QUEUED:
                del self._pending[: len(self._pending) - MAX_QUEUED]
                log.error("moderation store unwritable: dropped the oldest queued check events")
            full = len(self._pending) >= BATCH
        if full:
            self._wake.set()

    def consistent(self, read: Callable[[list[dict]], T]) -> T:
        """`read(queued rows)`, run while no batch is between its commit and leaving the queue, so
        a read of the store inside it plus the queued rows counts every event exactly once."""
        with self._lock:
            return read(self._pending)

    def flush(self) -> None:
        """Store every queued row now (the store's own error propagates; the rows stay queued)."""
        with self._flushing:
            with self._lock:
                batch = list(self._pending)
            if not batch:
                return
            with self._engine.connect() as conn:
                conn.execute(_INSERT, batch)
                with self._lock:
                    conn.commit()
                    del self._pending[: len(batch)]

    def close(self) -> None:
        """Stop the thread and store what is queued (idempotent; also run at interpreter exit)."""
        if not self._closed:
            self._closed = True
            self._wake.set()
            self._thread.join(timeout=10)
        self.flush()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(FLUSH_EVERY_S)
            self._wake.clear()
            try:
                self.flush()
                if self._every_tick is not None:
                    self._every_tick()
            except Exception:  # noqa: BLE001 - the store may be briefly unavailable; retry next tick
                log.exception("moderation: could not store queued check events; will retry")
