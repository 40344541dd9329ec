"""Input records for batch analysis and the evidence store: JSON Lines, CSV, WARC/WARC.gz, folders.

A record is a dict with `id` and at least one of `html`, `text`, `url` (plus `content` bytes and
`content_type` for WARC responses). Reading never stops at a bad record: it yields a `Record` whose
`error` says what was wrong, so the caller writes an error row and goes on.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

#: Files inside a folder input that are one page each (gzip allowed) ...
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".html.gz", ".htm.gz")
#: ... and files that hold many records.
RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".warc", ".warc.gz")


@dataclass
class Record:
    """One input record; `error` is set when the record itself could not be read."""

    id: str
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def _from_mapping(rid: str, row: dict[str, Any]) -> Record:
    rid = str(row.get("id") or rid)
    fields = {k: row.get(k) for k in ("url", "html", "text", "title", "date") if row.get(k) not in (None, "")}
    if not any(k in fields for k in ("html", "text", "url")):
        return Record(rid, error="record has none of the fields url, html, text")
    return Record(rid, fields)


def _jsonl(path: Path) -> Iterator[Record]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rid = f"{path.name}:{n}"
            try:
                row = json.loads(line)
            except ValueError as exc:
                yield Record(rid, error=f"bad JSON on line {n}: {exc.msg}")
                continue
            if not isinstance(row, dict):
                yield Record(rid, error=f"line {n} is not a JSON object")
                continue
            yield _from_mapping(rid, row)


def _csv(path: Path) -> Iterator[Record]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"url", "html", "text"} & set(reader.fieldnames):
            raise InputError(f"{path}: CSV needs a header with at least one of url, html, text")
        for n, row in enumerate(reader, 2):
            yield _from_mapping(f"{path.name}:{n}", row)


def _warc(path: Path) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as fh:
        try:
            for n, rec in enumerate(ArchiveIterator(fh), 1):
                if rec.rec_type != "response":
                    continue
                rid = rec.rec_headers.get_header("WARC-Record-ID") or f"{path.name}:{n}"
                url = rec.rec_headers.get_header("WARC-Target-URI")
                status = rec.http_headers.get_statuscode() if rec.http_headers else None
                ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else None
                try:
                    content = rec.content_stream().read()
                except Exception as exc:  # noqa: BLE001 - warcio raises zlib/IO errors of several kinds
                    yield Record(rid, {"url": url}, error=f"unreadable WARC payload: {exc}")
                    continue
                if status and not status.startswith("2"):
                    yield Record(rid, {"url": url}, error=f"HTTP status {status}")
                    continue
                yield Record(rid, {"url": url, "content": content, "content_type": ctype})
        except ArchiveLoadFailed as exc:
            yield Record(f"{path.name}:broken", error=f"broken WARC file: {exc}")


def _page_file(path: Path, rid: str) -> Record:
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return Record(rid, error=f"cannot read {path.name}: {exc}")
    return Record(rid, {"content": data})


def _folder(path: Path) -> Iterator[Record]:
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        name = f.name.lower()
        if name.endswith(PAGE_SUFFIXES):
            yield _page_file(f, str(f.relative_to(path)))
        elif name.endswith(RECORD_SUFFIXES):
            yield from read(f)


def read(path: str | Path) -> Iterator[Record]:
    """Records of one input: a `.jsonl`/`.jsonl.gz`, `.csv`, `.warc`/`.warc.gz` file, or a folder."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such input: {p}")
    name = p.name.lower()
    if p.is_dir():
        return _folder(p)
    if name.endswith((".warc", ".warc.gz", ".arc.gz")):
        return _warc(p)
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return _jsonl(p)
    if name.endswith(".csv"):
        return _csv(p)
    if name.endswith(PAGE_SUFFIXES):
        return iter([_page_file(p, p.name)])
    raise InputError(f"{p}: unknown input type (expected .jsonl, .csv, .warc[.gz], an HTML/text page or a folder)")


def read_all(paths: list[str | Path]) -> Iterator[Record]:
    """Records of several inputs, in order; every path is checked before any is read."""
    readers = [read(p) for p in paths]
    for reader in readers:
        yield from reader
