"""`unspun batch`: analyse many records to JSON Lines or Parquet, locally or on Dask."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..batch import Output, chunked, cpu_count, default_process, journal_path, make_engine
from ..errors import ConfigError
from ..records import Record, read_all


def _count(paths: tuple[str, ...]) -> int | None:
    """Records in line-based inputs (for the ETA); None when a WARC or folder makes that costly."""
    total = 0
    for p in map(Path, paths):
        if p.is_dir() or not p.name.lower().endswith((".jsonl", ".ndjson", ".csv")):
            return None
        with p.open("rb") as fh:
            total += sum(1 for line in fh if line.strip())
        total -= p.name.lower().endswith(".csv")
    return total


def _refuse_input_as_output(inputs: tuple[str, ...], out: Path) -> None:
    """Refuse an OUT that is one of the INPUTS or lies inside an input folder: writing it would erase
    the input (or feed the output back in as records)."""
    target = out.resolve()
    journal = journal_path(target)
    for name in inputs:
        src = Path(name).resolve()
        if src in (target, journal) or (src.is_dir() and src in target.parents):
            raise ConfigError(f"the output {out} is {'inside' if src.is_dir() else 'also'} the input {name}; "
                              "write it somewhere else")


@contextmanager
def _progress(show: bool, total: int | None, skipped: int) -> Iterator[Callable[[int, int, float], None]]:
    """A rich progress bar (records/s, errors, ETA) on a terminal; a no-op in pipes."""
    if not show:
        yield lambda advance, errors, rate: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = [TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]:.1f} rec/s"),
               TextColumn("[red]{task.fields[errors]} errors"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns) as bar:
        task = bar.add_task("batch", total=None if total is None else total - skipped, rate=0.0, errors=0)
        yield lambda advance, errors, rate: bar.update(task, advance=advance, errors=errors, rate=rate)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="OUT.jsonl, or OUT.parquet for Parquet.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 256), help="Local worker processes (or Dask workers of a LocalCluster).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Address of a running Dask scheduler (with --engine dask).")
@click.option("--only", help="Comma-separated analyzers to run (default: all).")
@click.option("--resume", is_flag=True, help="Keep the rows already in OUT and skip their ids.")
@click.option("--chunk-size", default=8, show_default=True, type=click.IntRange(1, 10_000), help="Records per task.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
def batch(inputs: tuple[str, ...], out: Path, workers: int, engine: str, scheduler: str | None, only: str | None,
          resume: bool, chunk_size: int, progress: bool | None) -> None:
    """Analyse every record of INPUTS (JSON Lines, CSV, WARC/WARC.gz, folders of pages); one row per record."""
    from ..analyzers import select

    select(only)  # an unknown analyzer fails before any work starts
    _refuse_input_as_output(inputs, out)
    if out.suffix.lower() not in (".jsonl", ".ndjson", ".parquet"):  # e.g. OUT.csv, which would hold JSON Lines
        click.echo(f"unspun: note: {out.name} does not end in .jsonl or .parquet; writing JSON Lines", err=True)
    if workers > cpu_count():
        click.echo(f"unspun: note: {workers} workers on {cpu_count()} cores", err=True)
    records = read_all(list(inputs))  # checks every input before OUT is opened
    process, warm = default_process(only)
    runner = make_engine(engine, workers, process, warm, scheduler)
    output = Output(out, resume)
    skipped = len(output.seen)
    todo: Iterator[Record] = (r for r in records if r.id not in output.seen)
    show = sys.stderr.isatty() if progress is None else progress
    done = errors = 0
    start = time.perf_counter()
    with _progress(show, _count(inputs) if show else None, skipped) as tick:
        try:
            for rows in runner.run(chunked(todo, chunk_size)):
                output.write(rows)
                done += len(rows)
                errors += sum(r["status"] == "error" for r in rows)
                tick(len(rows), errors, done / max(time.perf_counter() - start, 1e-9))
            output.write([])  # a run that finished with no new rows still leaves OUT holding exactly its rows
        finally:
            output.close()
    seconds = time.perf_counter() - start
    click.echo(f"unspun batch: {done} records ({errors} errors) in {seconds:.1f} s"
               + (f", {skipped} already done" if skipped else "") + f" -> {out}", err=True)
