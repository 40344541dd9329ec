"""Input records for batch analysis and the evidence store: JSON Lines, CSV, WARC/WARC.gz, folders.

A record is a dict with `id` and at least one of `html`, `text`, `url` (plus `content` bytes and
`content_type` for WARC responses). Reading never stops at a bad record: it yields a `Record` whose
`error` says what was wrong, so the caller writes an error row and goes on. The same holds for a
bad file among several inputs (a CSV without the needed columns inside a folder, a `.jsonl.gz` cut
short): it becomes one error record and the files after it are still read.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from .errors import InputError
from .settings import get_settings

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
    wrong = [k for k in ("url", "html", "text") if k in fields and not isinstance(fields[k], str)]
    if wrong:  # a number or a list is a mistake in the record, not a page without article text
        return Record(rid, error=f"field {wrong[0]} is not a string ({type(fields[wrong[0]]).__name__})")
    if not any(k in fields for k in ("html", "text", "url")):
        return Record(rid, error="record has none of the fields url, html, text")
    return Record(rid, fields)


def _lines(path: Path) -> Iterator[bytes]:
    """Raw lines of a plain or gzip-compressed file. A compressed stream cut short still gives every
    complete line before the cut, then raises EOFError (gzip's own line reader loses its whole buffer)."""
    if path.suffix.lower() != ".gz":
        with path.open("rb") as fh:
            yield from fh
        return
    with gzip.open(path, "rb") as gz:
        pending: list[bytes] = []  # the start of a line that goes on in the next chunk
        while chunk := gz.read1(1 << 16):
            *lines, last = chunk.split(b"\n")
            if lines:
                lines[0] = b"".join(pending) + lines[0]
                pending = []
                yield from (line + b"\n" for line in lines)
            pending.append(last)
        if tail := b"".join(pending):
            yield tail


def _jsonl(path: Path) -> Iterator[Record]:
    n = 0
    try:
        for n, raw in enumerate(_lines(path), 1):
            if not raw.strip():
                continue
            yield _json_line(raw, n, f"{path.name}:{n}")
    except EOFError:
        yield Record(f"{path.name}:truncated", error=f"{path.name}: the compressed file ends early, after line {n}")
    except (OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        yield Record(f"{path.name}:unreadable", error=f"cannot read {path.name}: {exc}")


def _json_line(raw: bytes, n: int, rid: str) -> Record:
    """One JSON Lines record; JSON is UTF-8, so other bytes are named as such rather than passed on as
    replacement characters that later look like binary junk."""
    try:
        row = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return Record(rid, error=f"line {n} is not UTF-8 text (byte {exc.start + 1})")
    except ValueError as exc:
        what = re.sub(r"( starting)? at$", "", exc.msg)  # json's messages end in "at" before the position
        return Record(rid, error=f"bad JSON on line {n}: {what} at column {exc.colno}")
    except RecursionError:
        return Record(rid, error=f"bad JSON on line {n}: nested too deeply")
    if not isinstance(row, dict):
        return Record(rid, error=f"line {n} is not a JSON object")
    return _from_mapping(rid, row)


def _csv_header(path: Path) -> None:
    """Refuse a CSV without a url, html or text column before anything is read or written."""
    csv.field_size_limit(sys.maxsize)  # a whole HTML page in one field is normal here
    try:
        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            names = csv.DictReader(fh).fieldnames
    except (OSError, csv.Error) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    if not names or not {"url", "html", "text"} & set(names):
        raise InputError(f"{path}: CSV needs a header with at least one of url, html, text")


def _csv(path: Path) -> Iterator[Record]:
    """Rows of a CSV. Quoting is strict: a quote left open would otherwise swallow every later row
    into one field; a malformed row becomes an error record and reading goes on. `read` has checked
    the header (and lifted the field-size limit) already."""
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        reader = csv.DictReader(fh, strict=True)
        n = 1
        while True:
            n += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Record(f"{path.name}:{n}", error=f"malformed CSV in row {n} of {path.name}: {exc}")
                continue
            yield _from_mapping(f"{path.name}:{n}", row)


def _warc_head(path: Path) -> bytes:
    """The first bytes of a WARC/ARC file, gunzipped when it is compressed (b"" when unreadable)."""
    try:
        with path.open("rb") as raw:
            compressed = raw.read(2) == b"\x1f\x8b"
        with (gzip.open if compressed else open)(path, "rb") as fh:
            return fh.read(16)
    except (OSError, EOFError, zlib.error):
        return b""


def _warc(path: Path) -> Iterator[Record]:
    """The responses of a WARC (or ARC) file. Some damage warcio passes over quietly is named here:
    a file that is no WARC at all (warcio reads it as junk records and prints warnings), a record
    whose payload is cut short, and a compressed file that ends before its last record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not _warc_head(path).startswith((b"WARC/", b"filedesc://")):
        yield Record(f"{path.name}:broken", error=f"{path.name} is not a WARC file (it does not start with a WARC record)")
        return
    n = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for n, rec in enumerate(records, 1):
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
                missing = getattr(rec.raw_stream, "limit", 0)  # bytes its Content-Length promised but the file lacks
                if missing:
                    yield Record(rid, {"url": url}, error=f"WARC record cut short ({missing:,} bytes missing)")
                    continue
                if status and not status.startswith("2"):
                    yield Record(rid, {"url": url}, error=f"HTTP status {status}")
                    continue
                yield Record(rid, {"url": url, "content": content, "content_type": ctype})
        except ArchiveLoadFailed as exc:
            yield Record(f"{path.name}:broken", error=f"broken WARC file: {exc}")
            return
    if records.offset < path.stat().st_size:
        yield Record(f"{path.name}:truncated", error=f"{path.name}: the WARC file ends early (or holds junk) after record {n}")


def _page_file(path: Path, rid: str) -> Record:
    """One page file, read to at most one byte over the size cap (which `page.decode` then reports),
    so a huge file or a gzip bomb cannot take the memory."""
    limit = get_settings().max_bytes
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            data = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return Record(rid, error=f"cannot read {path.name}: {exc}")
    return Record(rid, {"content": data})


def _guarded(path: Path, rid: str, records: Callable[[], Iterable[Record]]) -> Iterator[Record]:
    """The records of one input file; a file that fails as a whole (no usable CSV header, unreadable)
    becomes one error record, so one bad file never costs the user the others."""
    try:
        yield from records()
    except InputError as exc:
        yield Record(rid, error=exc.message)
    except OSError as exc:
        yield Record(rid, error=f"cannot read {path}: {exc.strerror or exc}")


def _folder(path: Path) -> Iterator[Record]:
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        name = f.name.lower()
        rid = str(f.relative_to(path))
        if name.endswith(PAGE_SUFFIXES):
            yield _page_file(f, rid)
        elif name.endswith(RECORD_SUFFIXES):
            yield from _guarded(f, rid, partial(read, f))


def read(path: str | Path) -> Iterator[Record]:
    """Records of one input: a `.jsonl`/`.jsonl.gz`, `.csv`, `.warc`/`.warc.gz` file, or a folder.

    What can be checked without reading records (the file exists, its type, a CSV's header) is
    checked now, not on the first `next()`."""
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
        _csv_header(p)
        return _csv(p)
    if name.endswith(PAGE_SUFFIXES):
        return iter([_page_file(p, p.name)])
    raise InputError(f"{p}: unknown input type (expected .jsonl, .csv, .warc[.gz], an HTML/text page or a folder)")


def read_all(paths: list[str | Path]) -> Iterator[Record]:
    """Records of several inputs, in order. Every path is checked when this is called, before any
    record is read, so a caller that checks its inputs first never touches its output for nothing."""
    readers = [read(p) for p in paths]
    return chain.from_iterable(_guarded(Path(p), Path(p).name, partial(iter, r)) for p, r in zip(paths, readers))
