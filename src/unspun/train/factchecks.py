"""`unspun train factchecks`: build the bundled fact-check collection and train the claim re-ranker.

Collection: every Snopes record of `snopes-factchecks-2020` and every ClaimsKG sample of
`claimskg-claimreview-samples`, each keeping its provenance (`<dataset>/<file>:<line>`), de-duplicated
by review URL + claim, embedded with the claim-matching encoder (`factchecks/encoding.py`) and stored as
int8 (see `factchecks/bundle.py`).

Re-ranker: fitted on the CheckThat! 2020 Task 2 *train* split (tweets against its 10,375 verified
claims; with the fine-tuned claim encoder, only on the quarter of train it was not fine-tuned on), its
regularisation chosen by cross-validation on those queries; its match threshold is calibrated on the same
queries, then everything is reported on *dev*.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import click
import numpy as np

from ..factchecks.bundle import quantise
from ..factchecks.encoding import CLAIM_ENCODER, encode_cached, model_id
from ..factchecks.importers import read_file
from ..factchecks.index import FEATURES, MATCH_FEATURES
from ..factchecks.records import FactCheck, iso_date
from ..factchecks.retrieval_training import calibrate, checkthat_runs, choose_c, fit_matcher, fit_reranker, held_out_for_reranker, map_at_k
from ..factchecks.store import embedding_text
from ..factchecks.text import clean
from . import shared_data

RESOURCE = Path(__file__).resolve().parents[1] / "resources" / "factchecks"
PRECISION = 0.85  # wanted precision of reported matches (calibrated on train, checked on dev)

#: ClaimsKG's site slugs -> the fact-checkers' names.
PUBLISHERS = {
    "factcheck_aap": "AAP FactCheck",
    "factcheck_afp": "AFP Fact Check",
    "africacheck": "Africa Check",
    "checkyourfact": "Check Your Fact",
    "fatabyyano": "Fatabyyano",
    "fullfact": "Full Fact",
    "politifact": "PolitiFact",
    "snopes": "Snopes",
    "truthorfiction": "TruthOrFiction",
    "vishvanews": "Vishvas News",
}


def snopes(folder: Path) -> list[FactCheck]:
    """Snopes' records: claim = `statement` (its title when empty), rating = Snopes' slug."""
    records = read_file(folder / "snopes_factchecks.jsonl", provenance=f"{folder.name}/snopes_factchecks.jsonl").records
    for r in records:
        r.publisher, r.publisher_url, r.date, r.language = "Snopes", "https://www.snopes.com", iso_date(r.date), "en"
    return records


def claimskg(folder: Path) -> list[FactCheck]:
    """ClaimsKG samples. Their `creativeWork_author_name` is often the fact-checker's own writer, not the
    claimant, so it is not used."""
    records: list[FactCheck] = []
    for path in sorted(folder.glob("output_sample_*.csv")):
        for r in read_file(path, provenance=f"{folder.name}/{path.name}").records:
            r.publisher = PUBLISHERS.get(r.publisher.lower(), r.publisher)
            r.date, r.claim_date = iso_date(r.date), iso_date(r.claim_date)
            r.claim = r.claim.strip('"')
            records.append(r)
    return records


def _write_bundle(records: list[FactCheck], vectors: np.ndarray, titles: np.ndarray) -> list[str]:
    RESOURCE.mkdir(parents=True, exist_ok=True)
    with gzip.open(RESOURCE / "factchecks.jsonl.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        for r in records:
            f.write(json.dumps(r.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
    title_arrays = {f"title_{name}": array for name, array in quantise(titles).items()}
    np.savez_compressed(RESOURCE / "vectors.npz", model=np.array(model_id()), **quantise(vectors), **title_arrays)
    return ["factchecks.jsonl.gz", "vectors.npz"]


@click.command()
@click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path), default=None, help="The shared data folder (default ../shared/data).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Keep embeddings here between runs.")
def command(data: Path | None, cache: Path | None) -> None:
    """Build the bundled fact-check collection and train the claim-matching re-ranker."""
    root = data or shared_data()
    records = snopes(root / "snopes-factchecks-2020") + claimskg(root / "claimskg-claimreview-samples")
    unique = list({r.key: r for r in records}.values())
    click.echo(f"collection: {len(unique)} records ({len(records) - len(unique)} duplicates dropped)")
    vectors = encode_cached([embedding_text(r) for r in unique], cache)
    titles = encode_cached([clean(r.title or r.claim) for r in unique], cache)
    files = _write_bundle(unique, vectors, titles)

    task = root / "checkthat2020-task2-claim-retrieval"
    train = checkthat_runs(task, "train", cache)
    if CLAIM_ENCODER == "claim-encoder":  # fit on the train queries the fine-tuned encoder never saw
        train = [r for r in train if held_out_for_reranker(r.query_id)]
    dev = checkthat_runs(task, "dev", cache)
    c, cv_map = choose_c(train)
    weights = fit_reranker(train, c)
    match_weights = fit_matcher(train, weights)
    threshold, train_cal = calibrate(train, weights, match_weights, precision=PRECISION)
    metrics = {
        "claim_encoder": model_id(),
        "reranker_train_queries": len(train),
        "reranker_c": c,
        "reranker_c_cross_validated_train_map@5": {str(k): v for k, v in cv_map.items()},
        "checkthat2020_task2_train_map@5": round(map_at_k(train, weights), 4),
        "checkthat2020_task2_dev_map@5": round(map_at_k(dev, weights), 4),
        "threshold_train": train_cal,
        "threshold_dev": calibrate(dev, weights, match_weights, threshold=threshold)[1],
    }
    (RESOURCE / "reranker.json").write_text(
        json.dumps({"features": list(FEATURES), "weights": [round(float(w), 6) for w in weights],
                    "match_features": list(MATCH_FEATURES), "match_weights": [round(float(w), 6) for w in match_weights],
                    "threshold": round(threshold, 4), "precision_target": PRECISION, "metrics": metrics}, indent=1) + "\n",
        encoding="utf-8",
    )
    files.append("reranker.json")
    by_source: dict[str, int] = {}
    for r in unique:
        by_source[r.provenance.split("/")[0]] = by_source.get(r.provenance.split("/")[0], 0) + 1
    manifest = {
        "name": "factchecks",
        "version": dt.date.today().strftime("%Y.%m.%d"),
        "origin": ["../shared/data/snopes-factchecks-2020", "../shared/data/claimskg-claimreview-samples", "../shared/data/checkthat2020-task2-claim-retrieval (re-ranker: train split; metrics: dev)"],
        "licence": "Records: the fact-checkers' text (Snopes, AAP, AFP, Africa Check, Check Your Fact, Fatabyyano, Full Fact, PolitiFact, TruthOrFiction, Vishvas News), kept with their URLs as attribution, for offline matching; no licence stated by the sources. Embedding model: all-MiniLM-L6-v2 (Apache-2.0), fine-tuned when the claim encoder is used (resources/claim-encoder).",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "train_command": "unspun train factchecks",
        "embedding_model": model_id(),
        "records": len(unique),
        "records_by_dataset": by_source,
        "metrics": metrics,
        "files": {name: (RESOURCE / name).stat().st_size for name in files},
    }
    (RESOURCE / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    click.echo(json.dumps(metrics, indent=1))
