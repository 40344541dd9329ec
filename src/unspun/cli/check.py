"""`unspun check` and `unspun schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError


@click.command()
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True,
              help="Terminal report, JSON (see `unspun schema`) or one self-contained HTML file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--only", help="Comma-separated analyzers to run (default: all).")
@click.option("--url", help="The page's URL when SOURCE is a file or stdin (for the publisher's profile).")
@click.option("--allow-private", is_flag=True, help="Allow fetching private, loopback and link-local addresses.")
@click.option("--no-body", is_flag=True, help="Terminal format: leave out the highlighted body.")
def check(source: str, fmt: str, output: Path | None, only: str | None, url: str | None, allow_private: bool, no_body: bool) -> None:
    """Analyse SOURCE: a page file (HTML or text), an http(s) URL, or - for stdin."""
    from ..pipeline import analyze
    from ..page import HTTP_URL, URL_SCHEME
    from ..settings import get_settings

    settings = get_settings().with_overrides(allow_private=allow_private or None)
    if source == "-" and sys.stdin is None:  # fd 0 closed (a daemon, some CI runners)
        raise InputError("stdin is closed: nothing to read")
    # A missing file is named here, before `load` could take a name holding '<' for the page itself;
    # any URL goes on to `load`, which fetches http(s) and refuses other schemes (exit 3).
    if source != "-" and not URL_SCHEME.match(source) and not Path(source).exists():
        raise InputError(f"no such file: {source}")
    if url is not None and not HTTP_URL.fullmatch(url.strip()):  # it names the publisher; the API checks the same
        raise InputError(f"--url must be an http:// or https:// URL, not {url!r}")
    report = analyze(source, only=only, url=url, settings=settings)
    if fmt == "json":
        out = report.model_dump_json(indent=2)
    elif fmt == "html":
        from ..render.html import render_html

        out = render_html(report)
    else:
        from rich.console import Console

        from ..render.terminal import render_terminal

        if output:
            with output.open("w", encoding="utf-8") as fh:
                render_terminal(report, Console(file=fh, width=110, force_terminal=False), body=not no_body)
            return
        render_terminal(report, body=not no_body)
        return
    if output:
        output.write_text(out, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(out + "\n")


@click.command()
def schema() -> None:
    """Print the JSON Schema of the report that `--format json` writes."""
    from ..report import Report

    click.echo(json.dumps(Report.model_json_schema(), indent=2))
