"""`unspun evidence add | search | stats`: the corroboration corpus."""

from __future__ import annotations

import json
from datetime import datetime

import click

from ..evidence.ingest import add_records, default_store
from ..records import read_all


@click.group()
def group() -> None:
    """Build and search your own evidence corpus (used by the corroboration analyzer)."""


@group.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--quiet", is_flag=True, help="Print only the summary line.")
def add(inputs: tuple[str, ...], quiet: bool) -> None:
    """Index INPUTS (JSON Lines, CSV, WARC/WARC.gz, folders of HTML/text pages); re-adding is a no-op."""
    store = default_store()
    result = add_records(store, read_all(list(inputs)))
    if not quiet:
        for line in result.errors:
            click.echo(f"error {line}", err=True)
    click.echo(f"added {result.added}, already present {result.duplicates}, errors {len(result.errors)}; "
               f"{len(store)} documents in {store.path}")


@group.command()
@click.argument("text")
@click.option("-k", default=10, show_default=True, type=click.IntRange(1, 100))
# Checked as dates: the store compares them as text, so "yesterday" would silently match nothing.
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Earliest date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Latest date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
def search(text: str, k: int, since: datetime | None, until: datetime | None, as_json: bool) -> None:
    """The documents that best match TEXT (BM25 + MiniLM, fused)."""
    hits = default_store(create=False).search(text, k=k, since=since and f"{since:%Y-%m-%d}",
                                              until=until and f"{until:%Y-%m-%d}")
    if as_json:
        click.echo(json.dumps([{"url": h.url, "outlet": h.outlet, "domain": h.domain, "title": h.title, "date": h.date,
                                "passage": h.passage, "score": round(h.score, 5)} for h in hits], indent=2))
        return
    for i, h in enumerate(hits, 1):
        click.echo(f"{i}. {h.title or '(untitled)'} — {h.outlet or h.domain or 'unknown outlet'}, {h.date or 'no date'}")
        click.echo(f"   {h.url or ''}\n   “{h.passage}”")
    if not hits:
        click.echo("no match in the evidence corpus")


@group.command()
def stats() -> None:
    """Documents, passages, date range and top outlets of the store."""
    click.echo(json.dumps(default_store(create=False).stats(), indent=2))
