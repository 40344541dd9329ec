"""`unspun train stance`: rebuild the bundled stance model from FNC-1's training set."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..assets import RESOURCES
from ..stance.data import read_fnc
from ..stance.training import manifest, train_and_measure
from . import shared_data


@click.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), help="FNC-1 folder (default ../shared/data/fnc-1-stance).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESOURCES / "stance", show_default=True)
@click.option("--final/--held-out-only", default=True, help="Refit on every pair after measuring (the shipped model).")
def command(data: Path | None, out: Path, final: bool) -> None:
    """Train on FNC-1, report the held-out figures (20% of bodies), write npz + JSON to OUT."""
    bodies, pairs, _ = read_fnc(data or shared_data("fnc-1-stance"))
    model, report = train_and_measure(bodies, pairs, final=final)
    model.save(out, manifest(report, final))
    click.echo(json.dumps(report, indent=2))
