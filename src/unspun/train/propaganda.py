"""`unspun train propaganda`: rebuild the bundled propaganda model from the PTC train split.

A fixed fifth of the articles (by id hash) is held out: the model is fitted on the rest and measured
there (those are the figures in MANIFEST.json); then, unless `--no-refit`, it is refitted with the same
settings on every article, which is the model that ships.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path

import click

from ..assets import RESOURCES
from ..propaganda.corpus import held_out, read_corpus
from ..propaganda.training import evaluate, fit_model, parse_views, tune_threshold
from . import shared_data

DATASET = "ptc-semeval2020-task11"
VERSION = "1.0"


@click.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False), help=f"corpus folder (default ../shared/data/{DATASET})")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=RESOURCES / "propaganda", show_default=True)
@click.option("--held-out", "fraction", type=float, default=0.2, show_default=True, help="share of articles held out")
@click.option("--refit/--no-refit", default=True, show_default=True, help="refit on all articles after measuring")
@click.option("--cache", type=click.Path(path_type=Path, file_okay=False), help="keep parsed articles here between runs")
def command(data: Path | None, out: Path, fraction: float, refit: bool, cache: Path | None) -> None:
    """Train span identification and technique classification; write weights, config and MANIFEST."""
    started = time.perf_counter()
    data = data or shared_data(DATASET)
    split, articles = read_corpus(data)
    held = held_out([a.id for a in articles], fraction)
    click.echo(f"{len(articles)} {split} articles, {len(held)} held out; parsing ...", err=True)
    views = parse_views(articles, cache)
    train = [k for k, a in enumerate(articles) if a.id not in held]
    test = [k for k, a in enumerate(articles) if a.id in held]

    def say(message: str) -> None:
        click.echo(f"  {message}", err=True)

    model = fit_model([views[k] for k in train], [articles[k] for k in train], progress=say)
    tuned = tune_threshold(model, [views[k] for k in test], [articles[k] for k in test])
    threshold = model.config["threshold"]
    say("SI F1 by threshold: " + ", ".join(f"{t}: {f:.4f}" for t, f in tuned.items()) + f"; chose {threshold}")
    result = evaluate(model, [views[k] for k in test], [articles[k] for k in test])
    metrics = {
        "held_out_articles": len(test),
        "si_precision": round(result["si"]["precision"], 4),
        "si_recall": round(result["si"]["recall"], 4),
        "si_f1": round(result["si"]["f1"], 4),
        "tc_micro_f1": round(result["tc"]["micro_f1"], 4),
        "tc_spans": result["tc"]["spans"],
        "threshold": threshold,
        "si_f1_by_threshold": {str(t): round(f, 4) for t, f in tuned.items()},
        "tc_f1_by_technique": {k[3:]: round(v, 3) for k, v in result["tc"].items() if k.startswith("f1.")},
    }
    click.echo(f"held-out: SI P {metrics['si_precision']:.4f} R {metrics['si_recall']:.4f} F1 {metrics['si_f1']:.4f}; "
               f"TC micro-F1 {metrics['tc_micro_f1']:.4f}", err=True)
    if refit:
        say("refit on all articles")
        model = fit_model(views, articles, {"threshold": threshold}, progress=say)
    model.config.update({"held_out_ids": sorted(held), "trained_on": "all" if refit else "train-part"})
    paths = model.save(out)
    write_manifest(out, paths, metrics, refit, fraction)
    click.echo(f"wrote {out} in {time.perf_counter() - started:.0f} s", err=True)


def write_manifest(out: Path, paths: list[Path], metrics: dict, refit: bool, fraction: float) -> None:
    """MANIFEST.json: origin, licence, how to rebuild, held-out metrics, files and sizes."""
    files = sorted({p.name for p in paths} | {p.name for p in out.glob("*.json") if p.name != "MANIFEST.json"})
    manifest = {
        "name": "propaganda",
        "version": VERSION,
        "origin": [f"../shared/data/{DATASET} (PTC v2, SemEval-2020 Task 11 train split)"],
        "licence": "model: Apache-2.0 (unspun); trained on PTC, distributed by its authors for research, no licence stated",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "train_command": "unspun train propaganda" + ("" if refit else " --no-refit") + ("" if fraction == 0.2 else f" --held-out {fraction}"),
        "metrics": {**metrics, "note": "measured on the held-out articles by the model fitted on the rest (the token threshold was chosen there too)"
                    + ("; the shipped model is then refitted on all articles" if refit else "")},
        "files": {name: (out / name).stat().st_size for name in files},
        "size_bytes": sum((out / name).stat().st_size for name in files),
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
