"""`unspun eval checkworthiness --data DIR --predictions FILE` on either dataset layout.

- ClaimBuster (`crowdsourced.csv` / `groundtruth.csv`): writes CSV `Sentence_id,score,label` for every row
  (score = P(check-worthy), label = the predicted verdict in ClaimBuster's code: -1 NFS, 0 UFS, 1 CFS) and
  prints the check-worthy class's precision, recall, F1 and average precision, per file and for both.
  `--held-out` keeps only the debates the bundled model was not fitted on (listed in its model.json), which
  reproduces the held-out figures of its MANIFEST: the model scored is the one the analyzer serves (linear head,
  then the transformer on the sentences the cascade passes).
- CheckThat! debates (one `line<TAB>speaker<TAB>text[<TAB>label]` TSV per transcript): writes one
  `line_number<TAB>score` file per transcript into the folder FILE and prints MAP over transcripts as the
  2018-2020 tasks define it (when labels are present).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click
import numpy as np

from .. import assets
from ..claims import readers
from ..claims.model import NAME, model
from ..claims.training import cfs_metrics, mean_average_precision
from ..errors import InputError


def _claimbuster(data: Path, predictions: Path, held_out: bool) -> dict[str, object]:
    m = model()
    files = [data / n for n in ("crowdsourced.csv", "groundtruth.csv") if (data / n).is_file()]
    per_file = {f.name: readers.read_claimbuster_csv(f) for f in files}
    if held_out:
        debates = set(assets.load_json(f"{NAME}/model.json").get("claimbuster_held_out_debates", []))
        if not debates:
            raise InputError("the bundled model lists no held-out debates: rebuild it with `unspun train checkworthiness`")
        per_file = {name: [s for s in rows if s.group in debates] for name, rows in per_file.items()}
    everything = [s for rows in per_file.values() for s in rows]
    preds = m.predict([s.text for s in everything])
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Sentence_id", "score", "label"])
        for s, p in zip(everything, preds):
            writer.writerow([s.id, f"{p.score:.6f}", readers.CLASSES.index(p.label) - 1])
    truth = np.array([s.label == 2 for s in everything])
    scores = np.array([p.score for p in preds])
    report: dict[str, object] = {"model_threshold": m.threshold, "cascade": m.cascade if m.transformer else None,
                                 "through_transformer": round(float(np.mean([p.scored_by == "transformer" for p in preds])), 4) if preds else 0.0,
                                 "both": cfs_metrics(truth, scores, m.threshold)}
    start = 0
    for name, rows in per_file.items():
        part = slice(start, start + len(rows))
        report[name] = cfs_metrics(truth[part], scores[part], m.threshold)
        start += len(rows)
    return report


def _checkthat(data: Path, predictions: Path) -> dict[str, object]:
    m = model()
    predictions.mkdir(parents=True, exist_ok=True)
    scored: dict[str, tuple[list[int], list[float]]] = {}
    labelled = False
    for path in readers.transcripts(data):
        rows = readers.read_transcript(path)
        scores = [p.rank_score for p in m.predict([s.text for s in rows])]
        (predictions / path.name).write_text("".join(f"{s.id}\t{v:.6f}\n" for s, v in zip(rows, scores)), encoding="utf-8")
        scored[path.stem] = ([s.label for s in rows], scores)
        labelled = labelled or any(s.label for s in rows)
    report: dict[str, object] = {"transcripts": len(scored), "predictions": str(predictions)}
    if labelled:
        report["map"] = round(mean_average_precision(scored), 4)
    return report


@click.command()
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="A ClaimBuster or CheckThat! debate folder.")
@click.option("--predictions", required=True, type=click.Path(path_type=Path), help="CSV file (ClaimBuster) or folder (CheckThat!) to write.")
@click.option("--held-out", is_flag=True, help="ClaimBuster: only the debates the bundled model was not fitted on.")
def command(data: Path, predictions: Path, held_out: bool) -> None:
    """Check-worthiness on ClaimBuster (CFS P/R/F1, AP) or CheckThat! debates (MAP)."""
    report = _claimbuster(data, predictions, held_out) if readers.is_claimbuster(data) else _checkthat(data, predictions)
    click.echo(json.dumps(report, indent=1))
