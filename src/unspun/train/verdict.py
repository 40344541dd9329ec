"""`unspun train verdict`: rebuild the credibility text model, combiner and claim model from ../shared/data."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import click
import numpy as np

from ..assets import RESOURCES
from ..verdict import combiner as C
from ..verdict import features as F
from ..verdict import training as T
from . import shared_data

VERSION = "1.3.1"


def _manifest(files: list[Path], cv: dict[str, Any], claims: dict[str, Any], n: dict[str, int],
              n_failures: dict[str, int], source_learned: bool) -> dict[str, Any]:
    return {
        "name": "verdict",
        "version": VERSION,
        "origin": [*T.ARTICLE_SETS.values(), T.LIAR_SET, "source database (unspun.sources) for the with-source figures"],
        "licence": "weights derived from datasets without stated licences (BuzzFeed-Webis, FakeNewsNet), "
                   "CC BY-NC-SA 4.0 (ReCOVery) and research-only (LIAR): research use",
        "created": date.today().isoformat(),
        "train_command": "unspun train verdict",
        "eval_command": "unspun eval verdict --data DIR --predictions FILE [--no-source]",
        "metrics": {
            "protocol": f"site-disjoint {cv['folds']}-fold GroupKFold on `site` across all three article sets; "
                        "combiner cross-fitted on out-of-fold text scores; `articles_*`: each set's Platt map and F1 threshold "
                        "fitted on the training folds' logits (as `unspun eval verdict` applies them); `*_raw`: the combiner alone "
                        "(as `unspun check` gives it); `f1_unreliable` at P(unreliable) >= 0.5, `f1_unreliable_at_set_threshold` at "
                        "the set's threshold, `f1_mixed_or_worse` at score < 60; ECE with 10 bins. `*_all_rows`: the same plus the scrape "
                        "failures (texts under 200 characters), scored by their set's scrape-failure rate counted on the training folds, "
                        "as `unspun eval verdict` scores every row. `*_nested` (with --nested): each held-out fold's combiner and maps fitted on "
                        "training-fold logits of text models that never saw that fold. `*_site_90`: 5-95 % range over 200 draws of whole "
                        "sites with replacement. LIAR: fit on train, reported on valid.",
            **{"articles_" + key.replace("-", "_").replace(" ", "_"): figures for key, figures in cv["figures"].items()},
            "liar_valid": claims,
        },
        "training_articles": n,
        "scrape_failures": n_failures,
        "text_params": T.TEXT_PARAMS,
        "claim_params": T.CLAIM_PARAMS,
        "style_features": list(F.NAMES),
        "learned_weights": ["intercept", "text_words", "text_style", *(C.SOURCE_SIGNALS if source_learned else [])],
        "prior_weights": {k: v["why"] for k, v in C.PRIORS.items()}
        | ({} if source_learned else {k: "source database unavailable at training time" for k in C.SOURCE_SIGNALS}),
        "files": [{"path": p.name, "bytes": p.stat().st_size} for p in files],
    }


@click.command()
@click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder holding the datasets (default: ../shared/data).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: the bundled resources/verdict).")
@click.option("--no-source", is_flag=True, help="Leave the source database out (source weights become priors).")
@click.option("--nested", is_flag=True,
              help="Also report fully nested cross-validation figures (five times the training time).")
def command(data: Path | None, out: Path | None, no_source: bool, nested: bool) -> None:
    """Train the credibility text model and combiner; print site-disjoint cross-validation figures."""
    started = time.time()
    root = data or shared_data()
    out = out or RESOURCES / "verdict"
    records, failures = T.training_records(root), T.scrape_failures(root)
    n = {name: sum(r.dataset == name for r in records) for name in T.ARTICLE_SETS}
    n_failures = {name: sum(r.dataset == name for r in failures) for name in T.ARTICLE_SETS}
    click.echo(f"{len(records)} training articles: {n}; scrape failures: {n_failures}", err=True)
    styles = F.style_matrix([(r.title, r.text) for r in records])
    sources = None if no_source else T.source_matrix(records)
    cv = T.cross_validate(records, styles, sources, T.TEXT_PARAMS, failures, nested=nested)
    model = T.fit_text(records, styles, T.TEXT_PARAMS)
    x, names = T.combiner_inputs(cv["oof"] - cv["centers"], sources)
    sets = np.array([r.dataset for r in records])
    intercept, weights = T.fit_combiner(x, cv["y"], names, sets)
    centers = dict(zip(T.TEXT_SIGNALS, map(float, cv["centers"])))
    combined = C.to_json(intercept, dict(zip(names, map(float, weights))), centers, source_learned=sources is not None)
    combined["set_calibration"] = T.set_maps_json(x, cv["y"], sets, intercept, weights, sources is not None, failures)
    claim_model, claims = T.train_claims(root)
    files = model.save(out, "text") + claim_model.save(out, "claims")
    (out / "combiner.json").write_text(json.dumps(combined, indent=1), encoding="utf-8")
    files.append(out / "combiner.json")
    manifest = _manifest(files, cv, claims, n, n_failures, sources is not None)
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    for variant, figures in manifest["metrics"].items():
        if isinstance(figures, dict):
            click.echo(f"{variant}: {json.dumps(figures)}")
    click.echo(f"wrote {out} in {time.time() - started:.0f} s", err=True)
