"""`unspun sources`: look up a source's profile, import your own ratings, summarise the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


@click.group(name="sources")
def group() -> None:
    """Look up, import and summarise source profiles."""


def _render(profile: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    if profile["domain"] is None and profile["name"] is None:
        console.print(f"[bold]{escape(profile['query'])}[/]: no outlet of that name in the database")
        return
    title = escape(profile["name"] or profile["domain"])
    console.print(f"[bold]{title}[/]  ({escape(profile['domain'] or '?')})")
    console.print(f"factuality: {profile['factuality'] or 'unrated'}   bias: {profile['bias'] or 'unrated'}")
    if profile["categories"]:
        console.print("categories: " + ", ".join(profile["categories"]))
    if profile.get("state_media"):
        sm = profile["state_media"]
        console.print(f"[bold]{escape(sm['description'])}[/]: {escape(sm['basis'])} ({escape(sm['reference'])})")
    if profile["aliases"]:
        console.print("other domains: " + ", ".join(profile["aliases"]))
    if profile.get("via"):
        console.print("[yellow]shows the ratings of earlier names:[/] " + ", ".join(profile["via"]))
    for field, values in profile.get("disagreement", {}).items():
        said = "; ".join(f"{v} ({', '.join(lists)})" for v, lists in values.items())
        console.print(f"[yellow]lists disagree on {field}:[/] {escape(said)}")
    if not profile["ratings"]:
        console.print("no list rates this source")
        return
    for r in profile["ratings"]:
        notes = r.get("notes") or ""
        notes = f" - {notes[:200]}{'…' if len(notes) > 200 else ''}" if notes else ""
        line = f"  • [bold]{escape(r['list'])}[/] ({r['date'] or 'undated'}) on {escape(r['domain'])}: {escape(r['label'] or '')}"
        console.print(line + escape(notes), highlight=False)


@group.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as one JSON object.")
def lookup(query: str, as_json: bool) -> None:
    """Profile of a domain, URL or outlet name ("Press TV", https://m.example.com/a?b=1)."""
    from ..sources import lookup as do_lookup

    profile = do_lookup(query)
    if as_json:
        click.echo(json.dumps(profile, ensure_ascii=False, indent=2))
    else:
        _render(profile)


@group.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    """Add or override ratings from a CSV or JSON file (columns: domain or url, name, factuality, bias,
    categories, label, notes, date, list, aliases, renamed_from, reference) into your user layer."""
    from ..sources import import_file

    result = import_file(file)
    click.echo(f"imported {result['imported']} record(s) into {result['file']} "
               f"({result['added']} new, {result['updated']} replaced)")
    for error in result["errors"]:
        click.echo(f"skipped {error}", err=True)
    if result["errors"] and not result["imported"]:
        raise click.exceptions.Exit(2)


@group.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def stats(as_json: bool) -> None:
    """Summarise the database: domains, ratings per list, names, rebrands, state media, user layer."""
    from ..sources.store import bundle_stats, load_bundle, read_user_layer, user_layer_path

    summary = bundle_stats(load_bundle())
    summary["user_layer"] = {"file": str(user_layer_path()), "entries": len(read_user_layer())}
    summary["lists"] = {k: {"date": v["date"], "url": v["url"]} for k, v in load_bundle()["lists"].items()}
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(f"{summary['domains']:,} domains, {summary['ratings']:,} ratings, {summary['names']:,} outlet names "
               f"({summary['names_matched_in_text']} matched in article text)")
    for name, count in summary["ratings_by_list"].items():
        meta = summary["lists"].get(name, {})
        click.echo(f"  {name:32} {count:6,} ratings  ({meta.get('date', '')}, {meta.get('url', '')})")
    click.echo("factuality across ratings: " + ", ".join(f"{k} {v:,}" for k, v in summary["factuality"].items()))
    click.echo(f"rebrands, redirects and mirrors: {summary['rebrands_and_mirrors']}; state-affiliated media: {summary['state_media']}")
    click.echo(f"user layer: {summary['user_layer']['entries']} entr(ies) in {summary['user_layer']['file']}")
