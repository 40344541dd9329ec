"""`unspun eval propaganda`: SemEval-2020 Task 11 SI and TC on any folder of the corpus layout.

Writes `OUT/si.tsv` (`article_id, start, end`, predicted from the text alone, no overlaps) and
`OUT/tc.tsv` (`article_id, technique, start, end`, one row per gold TC row, same order), then prints
SI precision/recall/F1 (partial-overlap credit) with a bootstrap interval over articles, and TC micro-F1.

A folder without gold labels (the official test set ships no SI file, and a TC template whose technique
column is `?`) still gets its predictions: the figures that need the missing labels are skipped, saying so.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..propaganda.corpus import read_corpus, read_tc
from ..propaganda.model import Model
from ..propaganda.scoring import si_interval, si_scores, tc_scores
from ..propaganda.training import parse_views, predict_si, predict_tc
from ..train import shared_data
from ..train.propaganda import DATASET

_UNLABELLED = "?"  # the technique column of the official test set's TC template


@click.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False), help=f"corpus folder (default ../shared/data/{DATASET})")
@click.option("--predictions-dir", "out", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--model", "model_dir", type=click.Path(path_type=Path, file_okay=False), help="model folder (default: bundled)")
@click.option("--held-out", "only_held_out", is_flag=True, help="only the articles the model's training held out")
def command(data: Path | None, out: Path, model_dir: Path | None, only_held_out: bool) -> None:
    """Predict spans and techniques for a labelled corpus folder and score them."""
    data = data or shared_data(DATASET)
    split, articles = read_corpus(data, need_labels=False)
    si_file, tc_file = data / f"{split}-task-si.labels", data / f"{split}-task-flc-tc.labels"
    model = Model.load(model_dir) if model_dir else _bundled()
    if only_held_out:
        keep = set(model.config.get("held_out_ids", []))
        if not keep:
            raise InputError("this model records no held-out articles; drop --held-out")
        if model.config.get("trained_on") != "train-part":
            click.echo("warning: this model was refitted on all articles; held-out figures are not held out", err=True)
        articles = [a for a in articles if a.id in keep]
    ids = {a.id for a in articles}
    rows = [r for r in read_tc(tc_file) if r[0] in ids] if tc_file.is_file() else []
    views = parse_views(articles)
    si_pred = predict_si(model, views, articles)
    tc_pred = predict_tc(model, views, articles, rows)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "si.tsv").open("w", encoding="utf-8") as fh:
        for aid in sorted(si_pred):
            fh.writelines(f"{aid}\t{s}\t{e}\n" for s, e in si_pred[aid])
    if tc_file.is_file():
        with (out / "tc.tsv").open("w", encoding="utf-8") as fh:
            fh.writelines(f"{aid}\t{tech}\t{s}\t{e}\n" for aid, tech, s, e in tc_pred)
    click.echo(f"{split}: {len(articles)} articles")
    _print_si(articles, si_pred, si_file)
    _print_tc(rows, tc_pred, tc_file)


def _print_si(articles: list, si_pred: dict, si_file: Path) -> None:
    if not si_file.is_file():
        click.echo(f"SI  no gold labels ({si_file.name} missing): predictions written, not scored")
        return
    gold = {a.id: a.si for a in articles}
    si = si_scores(gold, si_pred)
    low, high = si_interval(gold, si_pred)
    click.echo(f"SI  precision {si['precision']:.4f}  recall {si['recall']:.4f}  F1 {si['f1']:.4f}  "
               f"({si['predicted']} predicted, {si['gold']} gold spans)")
    click.echo(f"    F1 95% interval over articles (bootstrap) {low:.3f}-{high:.3f}")


def _print_tc(rows: list, tc_pred: list, tc_file: Path) -> None:
    if not tc_file.is_file():
        click.echo(f"TC  {tc_file.name} missing: no spans to classify, tc.tsv not written")
        return
    if any(tech == _UNLABELLED for _, tech, _, _ in rows):
        click.echo(f"TC  {tc_file.name} is a template (technique '{_UNLABELLED}'): techniques written, not scored")
        return
    tc = tc_scores(rows, tc_pred)
    click.echo(f"TC  micro-F1 {tc['micro_f1']:.4f}  ({tc['spans']} spans)")
    for key, value in tc.items():
        if key.startswith("f1."):
            click.echo(f"    {key[3:]:<36} F1 {value:.3f}")


def _bundled() -> Model:
    from ..analyzers.propaganda import model

    return model()
