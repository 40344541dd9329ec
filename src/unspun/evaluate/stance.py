"""`unspun eval stance`: predict every pair of an FNC-1 layout folder and print the official figures."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from ..stance.data import read_fnc
from ..stance.model import load
from ..stance.training import metrics, predict_pairs


@click.command()
@click.option("--data", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder with *_bodies.csv and *_stances.csv[.gz].")
@click.option("--predictions", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV to write (Headline,Body ID,Stance).")
def command(data: Path, predictions: Path) -> None:
    """Write `Headline,Body ID,Stance` for exactly the stance file's rows, in order; print score, confusion, F1."""
    bodies, pairs, _ = read_fnc(data)
    pred = predict_pairs(load(), bodies, pairs)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows([p.headline, p.body_id, y] for p, y in zip(pairs, pred))
    gold = [p.stance for p in pairs]
    if any(g is None for g in gold):
        click.echo(f"wrote {len(pred)} predictions to {predictions} (no gold stances: no score)")
        return
    m = metrics(gold, pred)
    click.echo(f"pairs {m['pairs']}  relative score {m['relative_score']:.4f} ({m['score']} / {m['max_score']})")
    click.echo("confusion (rows gold, columns predicted): " + " ".join(m["confusion"]["labels"]))
    for label, row in zip(m["confusion"]["labels"], m["confusion"]["rows_gold_cols_pred"]):
        click.echo(f"  {label:<10} " + " ".join(f"{v:>6}" for v in row))
    click.echo("F1 " + "  ".join(f"{k} {v:.4f}" for k, v in m["f1"].items()) + f"  F1m {m['f1m']:.4f}")
