"""`unspun train sources`: compile the lists in ../shared/data and our curated tables into the bundled
source database (`resources/sources/sources.json.gz` + `MANIFEST.json`)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from ..assets import RESOURCES
from ..errors import InputError
from ..sources.compile import compile_database
from ..sources.store import BUNDLE_FILE, bundle_stats
from . import shared_data

CURATED = RESOURCES / "sources"


def _corpus(data: Path) -> Iterator[str]:
    """News prose from ../shared/data, read only to learn which outlet names are also ordinary English."""
    buzzfeed = data / "buzzfeed-webis-fake-news-2016" / "articles.jsonl"
    if buzzfeed.exists():
        with open(buzzfeed, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line).get("mainText") or ""
    sample = data / "fakenewscorpus-sample" / "news_sample.csv"
    if sample.exists():
        csv.field_size_limit(sys.maxsize)
        with open(sample, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield row.get("content") or ""


@click.command(name="sources")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder holding the shared datasets (default: ../shared/data).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the compiled database (default: the bundled resources/sources/).")
def command(data_dir: Path | None, out_dir: Path | None) -> None:
    """Compile OpenSources, MBFC (Baly et al.), Wikipedia's perennial sources, FakeNewsCorpus' site list
    and the curated rebrand and state-media tables into one source database."""
    data = data_dir or shared_data()
    for needed in ("opensources", "mbfc-baly-media-factuality-bias", "wikipedia-perennial-sources"):
        if not (data / needed).is_dir():
            raise InputError(f"missing dataset {data / needed}")
    out = out_dir or CURATED
    out.mkdir(parents=True, exist_ok=True)
    bundle = compile_database(data, CURATED, _corpus(data))
    payload = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    target = out / BUNDLE_FILE
    target.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    stats = bundle_stats(bundle)
    manifest = {
        "name": "sources",
        "version": dt.date.today().isoformat(),
        "origin": sorted({f"../shared/data/{m['folder']}" for m in _lists_with_folders()} | {"resources/sources/rebrands.csv", "resources/sources/state_media.csv"}),
        "licence": {name: meta["licence"] for name, meta in bundle["lists"].items()},
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "train_command": "unspun train sources",
        "metrics": stats,
        "files": {BUNDLE_FILE: target.stat().st_size, "rebrands.csv": (CURATED / "rebrands.csv").stat().st_size,
                  "state_media.csv": (CURATED / "state_media.csv").stat().st_size},
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    click.echo(f"wrote {target} ({target.stat().st_size:,} bytes): {stats['domains']:,} domains, "
               f"{stats['ratings']:,} ratings, {stats['names']:,} names")


def _lists_with_folders() -> list[dict[str, str]]:
    from ..sources.lists import LISTS

    return [m for m in LISTS.values() if m["folder"]]
