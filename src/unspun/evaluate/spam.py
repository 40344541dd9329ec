"""`unspun eval spam --data DIR --predictions FILE`: the bundled comment-spam model on a dataset in
its own layout (a YouTube-layout folder of per-video CSVs, or an SMS-layout file or folder).

Writes CSV `id,label,score` (id = COMMENT_ID for YouTube, the line number for SMS; label `spam`
or `ham`; score = spam probability) and prints accuracy, spam F1 and MCC, overall and per file.
The model sees only the text (and, for the five UCI videos, the video title as page context).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from ..moderation.datasets import read_any
from ..moderation.metrics import scores
from ..moderation.model import bundled
from ..train.spam import prepare


@click.command()
@click.option("--data", type=click.Path(path_type=Path, exists=True), required=True, help="Dataset folder or file.")
@click.option("--predictions", type=click.Path(path_type=Path, dir_okay=False), required=True, help="CSV to write.")
def command(data: Path, predictions: Path) -> None:
    """Evaluate the comment-spam model; write predictions and print accuracy, spam F1, MCC."""
    records = read_any(data)
    model = bundled()
    a = model.calibration[0]
    rows = []
    for record in records:
        margin = model.margin(model.vectorize(prepare(record)))
        rows.append((record, margin > 0, model.probability(margin) if a else float(margin > 0)))
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "label", "score"])
        for record, spam, score in rows:
            writer.writerow([record.id, "spam" if spam else "ham", f"{score:.4f}"])
    overall = scores([r.label for r, _, _ in rows], [int(s) for _, s, _ in rows])
    groups = sorted({r.group for r, _, _ in rows})
    per_group = {
        g: scores([r.label for r, _, _ in rows if r.group == g], [int(s) for r, s, _ in rows if r.group == g])
        for g in groups
    }
    if len(groups) > 1:
        for group, figures in per_group.items():
            click.echo(f"{group}: " + json.dumps(figures), err=True)
    figures = f"accuracy {overall['accuracy']:.4f}  spam F1 {overall['spam_f1']:.4f}  MCC {overall['mcc']:.4f}"
    click.echo(f"{figures}  (n={overall['n']})")
