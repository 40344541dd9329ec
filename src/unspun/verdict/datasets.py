"""Readers for the verdict datasets, in their own layouts as they lie in ../shared/data.

Each reader yields `Record`s: the id the benchmark uses, the url, title and text (all a scorer may see),
the `site` that site-disjoint folds group on, and the mapped binary label. A bad row is skipped with a
count, never the whole file.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from . import labels as L


#: Texts shorter than this are page-scrape failures in these sets (the page was gone or blocked when the set
#: was collected): left out of training; `eval` scores them with their set's scrape-failure rate
#: (`calibration.SetMap.scrape_failure`).
MIN_CHARS = 200


@dataclass
class Record:
    """One labelled item of a verdict dataset."""

    id: str
    dataset: str
    text: str
    title: str = ""
    url: str = ""
    site: str = ""
    raw_label: str = ""
    label: int | None = None
    meta: dict[str, str] = field(default_factory=dict)


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError:
                print(f"unspun: skipped unreadable line {n} of {path.name}", file=sys.stderr)


def read_articles_jsonl(path: Path) -> Iterator[Record]:
    """BuzzFeed-Webis (`veracity`, `mainText`) or FakeNewsNet (`label`, `text`) articles.jsonl."""
    for row in _jsonl(path):
        if "veracity" in row:
            raw = str(row.get("veracity", ""))
            yield Record(
                id=str(row["id"]), dataset="buzzfeed-webis", text=row.get("mainText") or "",
                title=row.get("title") or "", url=row.get("url") or "", site=row.get("site") or "",
                raw_label=raw, label=L.BUZZFEED_WEBIS.get(raw), meta={"portal": str(row.get("portal", ""))},
            )
        else:
            raw = str(row.get("label", ""))
            yield Record(
                id=str(row["id"]), dataset="fakenewsnet", text=row.get("text") or "",
                title=row.get("title") or "", url=row.get("canonical_link") or row.get("url") or "",
                site=row.get("site") or "", raw_label=raw, label=L.FAKENEWSNET.get(raw),
                meta={"collection": str(row.get("collection", ""))},
            )


def read_recovery(path: Path) -> Iterator[Record]:
    """ReCOVery recovery-news-data.csv (publisher-level labels)."""
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            raw = (row.get("reliability") or "").strip()
            yield Record(
                id=row.get("row_id") or row.get("news_id") or "", dataset="recovery",
                text=row.get("body_text") or "", title=row.get("title") or "", url=row.get("url") or "",
                site=row.get("site") or "", raw_label=raw, label=L.RECOVERY.get(raw),
                meta={"publisher": row.get("publisher") or ""},
            )


#: LIAR TSV columns kept; 9-13 (credit history) are dropped on purpose: they include the record's own label.
_LIAR_COLUMNS = {"subject": 3, "speaker": 4, "job": 5, "state": 6, "party": 7, "context": 13}


def read_liar(path: Path) -> Iterator[Record]:
    """A LIAR split (train.tsv / valid.tsv / test.tsv): statement, 6-way label and metadata."""
    with path.open(encoding="utf-8", newline="") as fh:
        for n, cols in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(cols) < 3:
                print(f"unspun: skipped short row {n} of {path.name}", file=sys.stderr)
                continue
            cols = cols + [""] * (14 - len(cols))
            raw = cols[1].strip()
            yield Record(
                id=cols[0].strip(), dataset="liar", text=cols[2], raw_label=raw, label=L.LIAR.get(raw),
                site=cols[4], meta={k: cols[i] for k, i in _LIAR_COLUMNS.items()},
            )


def layout(data: Path) -> str:
    """Which layout a dataset folder (or file) holds: `articles`, `recovery` or `liar`."""
    if data.is_file():
        name = data.name
        if name.endswith(".jsonl"):
            return "articles"
        if name.endswith(".csv"):
            return "recovery"
        if name.endswith(".tsv"):
            return "liar"
    elif (data / "articles.jsonl").exists():
        return "articles"
    elif (data / "recovery-news-data.csv").exists():
        return "recovery"
    elif list(data.glob("*.tsv")):
        return "liar"
    raise InputError(f"{data}: no articles.jsonl, recovery-news-data.csv or LIAR .tsv found")


def read(data: Path, split: str | None = None) -> Iterator[Record]:
    """Every record of a dataset folder (or file) in any of the three layouts.

    For a LIAR folder, `split` names the file (`train`, `valid`, `test`); without it every .tsv is read.
    """
    kind = layout(data)
    if kind == "articles":
        yield from read_articles_jsonl(data if data.is_file() else data / "articles.jsonl")
    elif kind == "recovery":
        yield from read_recovery(data if data.is_file() else data / "recovery-news-data.csv")
    else:
        files = [data] if data.is_file() else sorted(data.glob(f"{split or '*'}.tsv"))
        if not files:
            raise InputError(f"{data}: no {split}.tsv")
        for f in files:
            yield from read_liar(f)
