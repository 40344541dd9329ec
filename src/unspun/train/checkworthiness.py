"""`unspun train checkworthiness`: fit the check-worthiness model from ../shared/data and measure it.

1. ClaimBuster, cross-debate: the 26 shared debates are split by debate (7 held out by a fixed shuffle,
   never one of the four debates CheckThat! also contains); the three-class head is fitted on the rest.
   The check-worthy threshold is chosen on the training debates alone, by 4-fold cross-validation over
   whole debates (out-of-fold scores); CFS P/R/F1 are then reported on the held-out debates.
2. CheckThat! 2019, dev-style: the 2019 transcripts that CheckThat! 2020 does not (mostly) contain are
   the dev set; the CheckThat! head is fitted on every other 2019/2020 transcript (minus any sentence
   whose text occurs in dev), the blend weight is chosen there, and MAP is reported there.
3. The shipped model is refitted on all of it with those settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path

import click
import numpy as np

from .. import assets
from ..claims import readers
from ..claims.features import tag_sentences
from ..claims.model import CheckworthinessModel
from ..claims.training import best_threshold, cfs_metrics, fit_checked, fit_classes, mean_average_precision
from ..embeddings import STATIC_NAME, encode_static
from ..parse import model_version
from . import shared_data

RESOURCE = Path(__file__).resolve().parents[1] / "resources" / "checkworthiness"
EMBEDDING_SCALE = 1.0  # the static vector's weight against TF-IDF (chosen by cross-validation on the training debates)
CV_FOLDS = 4
CLAIMBUSTER_OVERLAP = {"2012-10-22", "2016-09-26", "2016-10-09", "2016-10-19"}
CHECKTHAT_DEV = (
    "20160722_trump_acceptance", "20170216_trump_press", "20170601_paris_climate_n", "20170928_trump_tax",
    "20180916_trump_miami", "20180926_un_press", "20181010_medicare", "20182601_trump_world", "20190108_oval_office",
)  # the 2019 transcripts less than 40 % of whose sentences occur in CheckThat! 2020's training data
BLENDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def claimbuster_dev_debates(sentences: list[readers.Sentence], share: float = 0.25, seed: int = 7) -> set[str]:
    """Whole debates, shuffled with a fixed seed, taken until `share` of the sentences are held out."""
    eligible = sorted({s.group for s in sentences} - CLAIMBUSTER_OVERLAP)
    random.Random(seed).shuffle(eligible)
    held, count = set(), 0
    for debate in eligible:
        if count >= share * len(sentences):
            break
        held.add(debate)
        count += sum(1 for s in sentences if s.group == debate)
    return held


def cached_tags(texts: list[str], cache: Path | None) -> list[list[str]]:
    """`tag_sentences`, memoised under `cache` (spaCy over ~20,000 sentences takes minutes on a shared CPU)."""
    if cache is None:
        return tag_sentences(texts)
    digest = hashlib.sha256("\x00".join([model_version(), *texts]).encode("utf-8")).hexdigest()[:24]
    path = Path(cache) / f"tags-{digest}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    tags = tag_sentences(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tags), encoding="utf-8")
    return tags


def cross_validated_scores(train: np.ndarray, groups: np.ndarray, fit_score) -> np.ndarray:
    """Out-of-fold P(check-worthy) of the `train` rows, folds made of whole debates (fixed shuffle).

    `fit_score(fit_rows, score_rows)` fits on the first index array and scores the second."""
    debates = sorted(set(groups[train]))
    random.Random(11).shuffle(debates)
    scores = np.zeros(len(groups))
    for k in range(CV_FOLDS):
        held = set(debates[k::CV_FOLDS])
        in_fold = np.array([groups[i] in held for i in train])
        scores[train[in_fold]] = fit_score(train[~in_fold], train[in_fold])
    return scores[train]


@click.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None, help="The shared data folder (default ../shared/data).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Keep the sentences' spaCy tags here between runs.")
def command(data: Path | None, cache: Path | None) -> None:
    """Train the check-worthiness model (ClaimBuster three classes + CheckThat! debates)."""
    root = data or shared_data()
    cb_dir = root / "claimbuster-checkworthy-debates"
    cb = readers.read_claimbuster(cb_dir)
    texts = [s.text for s in cb]
    labels = np.array([s.label for s in cb])
    groups = np.array([s.group for s in cb])
    cb_tags = cached_tags(texts, cache)
    cb_vectors = encode_static(texts)
    dev_debates = claimbuster_dev_debates(cb)
    is_dev = np.array([g in dev_debates for g in groups])

    def fit_score(fit: np.ndarray, score: np.ndarray) -> np.ndarray:
        head = fit_classes([texts[i] for i in fit], [cb_tags[i] for i in fit], labels[fit], cb_vectors[fit], EMBEDDING_SCALE)
        return CheckworthinessModel(head, head, EMBEDDING_SCALE).class_probabilities(
            [texts[i] for i in score], [cb_tags[i] for i in score], cb_vectors[score])[:, 2]

    click.echo(f"ClaimBuster: {len(cb)} sentences, dev debates {sorted(dev_debates)} ({int(is_dev.sum())} sentences)")
    train_rows, dev_rows = np.flatnonzero(~is_dev), np.flatnonzero(is_dev)
    cv_scores = cross_validated_scores(train_rows, groups, fit_score)
    threshold = best_threshold(labels[train_rows] == 2, cv_scores)
    dev_scores = fit_score(train_rows, dev_rows)
    truth = labels[is_dev] == 2
    gt_ids = {s.id for s in readers.read_claimbuster_csv(cb_dir / "groundtruth.csv")} if (cb_dir / "groundtruth.csv").is_file() else set()
    in_gt = np.array([s.id in gt_ids for s in cb])[is_dev]
    ncs_path = cb_dir / "3xNCS.json"
    ncs_ids = {s.id for s in readers.read_ncs(ncs_path, {})} if ncs_path.is_file() else set()
    in_ncs = np.array([s.id in ncs_ids for s in cb])[is_dev]
    metrics: dict[str, object] = {
        "claimbuster_crossdebate_dev": {
            "debates": sorted(dev_debates),
            "threshold": round(threshold, 3),
            "threshold_chosen_on": f"out-of-fold scores of the {len(set(groups[train_rows]))} training debates ({CV_FOLDS}-fold by debate)",
            "training_debates_cv": cfs_metrics(labels[train_rows] == 2, cv_scores, threshold),
            "both_files": cfs_metrics(truth, dev_scores, threshold),
            "both_files_at_0.5": cfs_metrics(truth, dev_scores, 0.5),
            "both_files_at_best_threshold_for_comparison": cfs_metrics(truth, dev_scores, best_threshold(truth, dev_scores)),
            "crowdsourced": cfs_metrics(truth[~in_gt], dev_scores[~in_gt], threshold),
            "groundtruth": cfs_metrics(truth[in_gt], dev_scores[in_gt], threshold),
            "high_agreement_xNCS_rows": cfs_metrics(truth[in_ncs], dev_scores[in_ncs], threshold),
        }
    }
    click.echo(json.dumps(metrics["claimbuster_crossdebate_dev"], indent=1))

    ct_all = [s for d in ("checkthat2019-task1-debate-checkworthiness", "checkthat2020-task5-debate-checkworthiness")
              for f in readers.transcripts(root / d) for s in readers.read_transcript(f)]
    ct_dev = [s for s in ct_all if s.group in CHECKTHAT_DEV]
    dev_text = {s.text.strip().lower() for s in ct_dev}
    ct_train = [s for s in ct_all if s.group not in CHECKTHAT_DEV and s.text.strip().lower() not in dev_text]
    full_head = fit_classes(texts, cb_tags, labels, cb_vectors, EMBEDDING_SCALE)
    dev_model = CheckworthinessModel(full_head, fit_checked([s.text for s in ct_train], [s.label for s in ct_train]), EMBEDDING_SCALE)
    dev_texts = [s.text for s in ct_dev]
    p_cfs = dev_model.class_probabilities(dev_texts, cached_tags(dev_texts, cache), encode_static(dev_texts))[:, 2]
    p_checked = dev_model.checked_probability(dev_texts)

    def ct_map(blend: float) -> float:
        scores = blend * p_cfs + (1 - blend) * p_checked
        groups: dict[str, tuple[list[int], list[float]]] = {}
        for s, v in zip(ct_dev, scores):
            groups.setdefault(s.group, ([], []))
            groups[s.group][0].append(s.label)
            groups[s.group][1].append(float(v))
        return mean_average_precision(groups)

    by_blend = {b: round(ct_map(b), 4) for b in BLENDS}
    blend = max(BLENDS, key=lambda b: by_blend[b])
    metrics["checkthat2019_dev"] = {"transcripts": list(CHECKTHAT_DEV), "map_by_blend": by_blend, "blend": blend, "map": by_blend[blend],
                                    "map_classes_head_only": by_blend[1.0], "map_checked_head_only": by_blend[0.0]}
    click.echo(json.dumps(metrics["checkthat2019_dev"], indent=1))

    checked = fit_checked([s.text for s in ct_all], [s.label for s in ct_all])
    RESOURCE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        RESOURCE / "model.npz",
        classes_idf=full_head.idf, classes_tag_idf=full_head.tag_idf, classes_coef=full_head.coef.astype(np.float16),
        classes_intercept=full_head.intercept,
        checked_idf=checked.idf, checked_coef=checked.coef.astype(np.float16), checked_intercept=checked.intercept[0],
    )
    config = {"classes_vocabulary": full_head.vocabulary, "classes_tag_vocabulary": full_head.tag_vocabulary,
              "checked_vocabulary": checked.vocabulary, "embedding_scale": EMBEDDING_SCALE,
              "static_embeddings": assets.load_json(f"{STATIC_NAME}/MANIFEST.json").get("created"), "tagger": model_version(),
              "threshold": round(threshold, 3), "blend": blend, "classes": list(readers.CLASSES)}
    (RESOURCE / "model.json").write_text(json.dumps(config, separators=(",", ":")) + "\n", encoding="utf-8")
    manifest = {
        "name": "checkworthiness",
        "version": dt.date.today().strftime("%Y.%m.%d"),
        "origin": ["../shared/data/claimbuster-checkworthy-debates (crowdsourced.csv, groundtruth.csv)",
                   "../shared/data/checkthat2019-task1-debate-checkworthiness (training/)",
                   "../shared/data/checkthat2020-task5-debate-checkworthiness (train/)"],
        "licence": "Derived weights. ClaimBuster: CC BY 4.0 (Zenodo record, as reported); CheckThat!: 'free for general research use'. "
                   "Static vectors distilled from all-MiniLM-L6-v2 (Apache-2.0).",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "train_command": "unspun train checkworthiness",
        "model": "logistic regression: 3 classes over TF-IDF word 1-2-grams + TF-IDF spaCy tags/tag bigrams/entity types "
                 "+ static MiniLM-distilled sentence vector (ClaimBuster); binary over TF-IDF (CheckThat! debates)",
        "depends_on": [STATIC_NAME, model_version()],
        "metrics": metrics,
        "files": {name: (RESOURCE / name).stat().st_size for name in ("model.npz", "model.json")},
    }
    (RESOURCE / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    click.echo(f"wrote {RESOURCE}")
