"""`unspun factchecks`: import ClaimReview files into your store, search it (with the bundled collection),
and export it as ClaimReview JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError


def _db(url: str | None) -> str:
    from ..settings import get_settings

    return url or get_settings().db_url


_DB = click.option("--db", "db", default=None, help="SQLAlchemy URL of the store (default: the configured database).")


@click.group(name="factchecks")
def group() -> None:
    """Import, search and export the fact-check store."""


@group.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--provenance", default=None, help="Where the records come from (default: the file name).")
@_DB
def import_(files: tuple[Path, ...], provenance: str | None, db: str | None) -> None:
    """Add fact-checks from ClaimReview JSON-LD (or HTML pages carrying it), JSON Lines or CSV/TSV files
    (columns: claim, rating, publisher, url, date, title, claimant, claim_date, language, provenance)."""
    from ..factchecks.importers import read_file
    from ..factchecks.store import Store

    store = Store(_db(db))
    found = 0
    for path in files:
        result = read_file(path, provenance=provenance)
        added, duplicates = store.add(result.records)
        found += len(result.records)
        click.echo(f"{path}: {added} added, {duplicates} already stored, {len(result.skipped)} skipped")
        for reason in result.skipped[:20]:
            click.echo(f"  skipped {reason}", err=True)
    click.echo(f"store now holds {store.count()} fact-check(s)")
    if not found:
        raise InputError("no fact-check found in " + ", ".join(map(str, files)))


@group.command()
@click.argument("text")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="How many fact-checks to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--no-bundled", is_flag=True, help="Search only your store, not the bundled collection.")
@_DB
def search(text: str, k: int, as_json: bool, no_bundled: bool, db: str | None) -> None:
    """Fact-checks about TEXT, most probable first; matches above the calibrated threshold are marked."""
    from ..factchecks.search import Searcher

    if not text.strip():  # as the API answers 422: nothing to match, any "nearest" would be arbitrary
        raise InputError("the search text is empty")
    matches = Searcher(_db(db), bundled=not no_bundled).search(text, k=k)
    if as_json:
        rows = [{**m.record.evidence(), "probability": round(m.probability, 4), "similarity": round(m.similarity, 4), "match": m.is_match, "other_actors": m.other_actors, "source": m.source} for m in matches]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    if not any(m.is_match for m in matches):
        console.print("[bold]no known fact-check[/] matches this text; the nearest are:")
    for m in matches:
        r = m.record
        mark = "[green]match[/]" if m.is_match else "[dim]other actor[/]" if m.other_actors else "[dim]near[/]"
        console.print(f"{mark} {m.probability:.2f}  [bold]{escape(r.rating or r.verdict)}[/] ({r.verdict}) "
                      f"{escape(r.publisher or '?')} {escape(r.date)}", highlight=False)
        console.print(f"    {escape(r.claim)}", highlight=False)
        if r.url:
            console.print(f"    {escape(r.url)}", highlight=False)


@group.command()
@click.option("--format", "fmt", type=click.Choice(["claimreview", "jsonl"]), default="claimreview", show_default=True,
              help="claimreview: one JSON-LD array of ClaimReview objects; jsonl: one flat record per line.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here instead of stdout.")
@click.option("--bundled", "include_bundled", is_flag=True, help="Export the bundled collection too.")
@_DB
def export(fmt: str, output: Path | None, include_bundled: bool, db: str | None) -> None:
    """Write the store's fact-checks (and optionally the bundled ones) as ClaimReview JSON-LD or JSON Lines."""
    from ..factchecks.bundle import read_records
    from ..factchecks.claimreview import to_claim_review
    from ..factchecks.store import Store

    records = list(Store(_db(db)).records())
    if include_bundled:
        records = read_records() + records
    if fmt == "claimreview":
        text = json.dumps([to_claim_review(r) for r in records], ensure_ascii=False, indent=1) + "\n"
    else:
        text = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(records)} fact-check(s) to {output}", err=True)
    else:
        click.echo(text, nl=False)
