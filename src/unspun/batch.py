"""Batch analysis at corpus scale: stream records through the pipeline on local processes or Dask.

Memory stays bounded because records are read lazily and only a small window of chunks is in
flight. Rows come out in input order whatever the engine, so `--workers 2` and `--engine dask`
write the same file. Each row is written and flushed as soon as its chunk is done; `--resume`
reads the ids already written and skips them. A record that fails becomes an error row; a record
that kills its worker process is isolated by re-running its chunk one record at a time.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TextIO

from .errors import ConfigError, InputError, UnspunError
from .records import Record

Row = dict[str, Any]
ProcessFn = Callable[[Record], Row]
CRASH = "worker crashed while processing this record"


def error_row(record_id: str, message: str) -> Row:
    """The row written for a record that could not be analysed."""
    return {"id": record_id, "status": "error", "error": message, "report": None}


def analyze_record(record: Record, only: str | None = None) -> Row:
    """Analyse one record into a row; any failure becomes an error row (the run goes on)."""
    from .pipeline import analyze

    if record.error:
        return error_row(record.id, record.error)
    fields = record.fields
    content = fields.get("content")
    if content is None and (fields.get("html") or fields.get("text")):
        content = str(fields.get("html") or fields.get("text")).encode("utf-8")
    try:
        report = analyze(content if content is not None else fields["url"], only=only, url=fields.get("url"))
    except UnspunError as exc:
        return error_row(record.id, exc.message)
    except Exception as exc:  # noqa: BLE001 - a bad record must never stop the batch
        return error_row(record.id, f"internal error: {type(exc).__name__}: {exc}")
    return {"id": record.id, "status": "ok", "error": None, "report": report.model_dump(mode="json", exclude={"timings"})}


def process_chunk(process: ProcessFn, chunk: list[Record]) -> list[Row]:
    """Run `process` over a chunk (the unit shipped to a worker)."""
    return [process(r) for r in chunk]


def warm_up(only: str | None = None) -> None:
    """Load every model once in a fresh worker, before its first record."""
    from .pipeline import analyze

    try:
        analyze(b"<html><body><p>Officials said the council met on Monday to discuss the budget.</p></body></html>", only=only)
    except UnspunError:
        pass


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    """Consecutive chunks of at most `size` records."""
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


@dataclass
class LocalEngine:
    """N local worker processes (forkserver), each loading the models once."""

    workers: int
    process: ProcessFn
    initializer: Callable[[], None] | None = None
    window: int = 4

    def _pool(self, workers: int | None = None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers or self.workers, mp_context=get_context("forkserver"), initializer=self.initializer
        )

    def _isolate(self, chunk: list[Record]) -> Iterator[Row]:
        """Re-run a chunk whose pool broke, one record at a time, to find the record that crashes."""
        pool = self._pool(1)
        try:
            for record in chunk:
                try:
                    yield pool.submit(self.process, record).result()
                except BrokenProcessPool:
                    yield error_row(record.id, CRASH)
                    pool.shutdown(cancel_futures=True)
                    pool = self._pool(1)
        finally:
            pool.shutdown(cancel_futures=True)

    def run(self, chunks: Iterator[list[Record]]) -> Iterator[list[Row]]:
        """Rows of each chunk, in input order."""
        if self.workers <= 1:
            if self.initializer:
                self.initializer()
            for chunk in chunks:
                yield process_chunk(self.process, chunk)
            return
        pool = self._pool()
        queue: deque[tuple[Future, list[Record]]] = deque()
        try:
            while True:
                while len(queue) < self.workers * self.window and (chunk := next(chunks, None)) is not None:
                    queue.append((pool.submit(process_chunk, self.process, chunk), chunk))
                if not queue:
                    return
                future, chunk = queue.popleft()
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = [chunk] + [c for _, c in queue]
                    queue.clear()
                    pool.shutdown(cancel_futures=True)
                    for c in broken:
                        yield list(self._isolate(c))
                    pool = self._pool()
        finally:
            pool.shutdown(cancel_futures=True)


@dataclass
class DaskEngine:
    """The same work on a Dask distributed cluster (a LocalCluster when no scheduler is given)."""

    workers: int
    process: ProcessFn
    initializer: Callable[[], None] | None = None
    scheduler: str | None = None
    window: int = 4

    def run(self, chunks: Iterator[list[Record]]) -> Iterator[list[Row]]:
        """Rows of each chunk, in input order."""
        from distributed import Client, KilledWorker, LocalCluster

        cluster = None
        if self.scheduler is None:
            cluster = LocalCluster(n_workers=max(1, self.workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
        try:
            client = Client(self.scheduler or cluster)
        except (OSError, TimeoutError, ValueError) as exc:  # ValueError: an address that does not parse
            raise ConfigError(f"cannot reach Dask scheduler {self.scheduler}: {exc}") from None
        try:
            if self.initializer:
                client.run(self.initializer)
            slots = max(1, len(client.scheduler_info().get("workers", {})) or self.workers)
            queue: deque[tuple[Future, list[Record]]] = deque()
            while True:
                while len(queue) < slots * self.window and (chunk := next(chunks, None)) is not None:
                    queue.append((client.submit(process_chunk, self.process, chunk, pure=False), chunk))
                if not queue:
                    return
                future, chunk = queue.popleft()
                try:
                    yield future.result()
                except KilledWorker:
                    yield [self._one(client, r) for r in chunk]
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _one(self, client, record: Record) -> Row:
        from distributed import KilledWorker

        try:
            return client.submit(self.process, record, pure=False).result()
        except KilledWorker:
            return error_row(record.id, CRASH)


def make_engine(engine: str, workers: int, process: ProcessFn, initializer=None, scheduler: str | None = None):
    """The engine named on the command line."""
    if engine == "local":
        if scheduler:
            raise ConfigError("--scheduler needs --engine dask")
        return LocalEngine(workers, process, initializer)
    if engine == "dask":
        return DaskEngine(workers, process, initializer, scheduler)
    raise ConfigError(f"unknown engine {engine!r} (local or dask)")


def default_process(only: str | None) -> tuple[ProcessFn, Callable[[], None]]:
    """The per-record function and worker warm-up of `unspun batch` (picklable for any engine)."""
    return partial(analyze_record, only=only), partial(warm_up, only)


def cpu_count() -> int:
    """Cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def dumps(row: Row) -> str:
    """One output line (stable key order, so identical rows are identical bytes)."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def done_ids(journal: Path) -> set[str]:
    """Ids already written to a JSONL output. Only a torn last line (no newline: the run was killed
    mid-write) is cut off; any other line that is not a row means OUT is some other file, which is
    refused rather than cut short."""
    if not journal.exists():
        return set()
    ids: set[str] = set()
    good = 0
    with journal.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break
            try:
                row = json.loads(line)
            except (ValueError, RecursionError):
                row = None
            if not (isinstance(row, dict) and isinstance(row.get("id"), str) and row.get("status") in ("ok", "error")):
                raise InputError(f"{journal} is not an unspun batch output (line {n} is not a row); "
                                 "--resume appends only to a file that an earlier run wrote")
            ids.add(row["id"])
            good += len(line)
    if good != journal.stat().st_size:
        with journal.open("r+b") as fh:
            fh.truncate(good)
    return ids


def journal_path(path: Path) -> Path:
    """Where a Parquet OUT's rows are journalled (JSON Lines) until the run ends."""
    return path.with_name(path.name + ".partial.jsonl")


class Output:
    """Rows to a JSONL file, or to Parquet by way of a JSONL journal beside it (so a killed run can
    resume); the Parquet file is written when the run completes.

    Without `--resume`, an existing OUT is replaced only when the first rows (possibly none, at the
    end of an empty run) are written: a run that fails before that (a bad input, an unreachable
    scheduler) leaves the user's earlier file as it was."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = path
        self.resume = resume
        self.parquet = path.suffix.lower() == ".parquet"
        self.journal = journal_path(path) if self.parquet else path
        self.seen = (done_ids(self.journal) | self._parquet_ids()) if resume else set()
        self._fh: TextIO | None = None

    def _open(self) -> TextIO:
        if self._fh is None:
            if not self.resume:
                for p in {self.journal, self.path}:
                    p.unlink(missing_ok=True)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.journal.open("a", encoding="utf-8")
        return self._fh

    def _parquet_ids(self) -> set[str]:
        if not (self.parquet and self.path.exists()):
            return set()
        import pyarrow.parquet as pq

        try:
            return set(pq.read_table(self.path, columns=["id"]).column("id").to_pylist())
        except (OSError, ValueError, KeyError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"{self.path} is not an unspun batch output: {exc}") from None

    def write(self, rows: list[Row]) -> None:
        """Append rows and flush them (an empty list still creates or empties OUT)."""
        fh = self._open()
        for row in rows:
            fh.write(dumps(row) + "\n")
        fh.flush()

    def close(self) -> None:
        """Close the journal and write the Parquet file; nothing to do when no row was ever written."""
        if self._fh is None:
            return
        self._fh.close()
        if self.parquet:
            self._to_parquet()

    def _to_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([("id", pa.string()), ("status", pa.string()), ("error", pa.string()),
                            ("score", pa.float64()), ("label", pa.string()), ("report", pa.string())])
        tmp = self.path.with_name(self.path.name + ".tmp")
        with pq.ParquetWriter(tmp, schema) as writer:
            if self.path.exists():
                for batch in pq.ParquetFile(self.path).iter_batches():
                    writer.write_table(pa.Table.from_batches([batch], schema=schema))
            with self.journal.open(encoding="utf-8") as fh:
                for lines in chunked_lines(fh, 1000):
                    rows = [json.loads(line) for line in lines]
                    writer.write_table(pa.Table.from_pylist([_flat(r) for r in rows], schema=schema))
        tmp.replace(self.path)
        self.journal.unlink()


def chunked_lines(fh, size: int) -> Iterator[list[str]]:
    """Consecutive lists of at most `size` lines of a text file."""
    while lines := list(islice(fh, size)):
        yield lines


def _flat(row: Row) -> Row:
    score = ((row.get("report") or {}).get("score")) or {}
    report = row.get("report")
    return {"id": row["id"], "status": row["status"], "error": row.get("error"), "score": score.get("value"),
            "label": score.get("label"), "report": json.dumps(report, sort_keys=True) if report else None}
