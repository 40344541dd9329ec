"""`unspun train spam`: rebuild the bundled comment-spam model from ../shared/data.

Development protocol: leave-one-video-out over the YouTube files given (each video in turn is
held out whole, the model is fitted on the others, exact duplicate texts removed inside each
training fold). Those out-of-fold margins give the figures in MANIFEST.json and the calibration
of the margin into a probability; the final model is then fitted on every video.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click
import numpy as np
from scipy.sparse import hstack
from sklearn.linear_model import LogisticRegression, RidgeClassifier

from ..assets import RESOURCES
from ..moderation.datasets import Record, read_sms, read_youtube
from ..moderation.metrics import scores
from ..moderation.model import BLOCK_WEIGHTS, BLOCKS, RESOURCE, SpamModel, feature_config, vectorizer
from ..moderation.text import context_words, model_text, normalised
from . import shared_data

#: Links to the platform itself are a comment's own page, not promotion.
YOUTUBE_HOSTS = frozenset({"youtube.com", "youtu.be"})
#: Ridge regularisation and the weight of SMS messages (chosen on the development folds).
ALPHA = 1.0 / 3.0
MIN_DF = 2


def prepare(record: Record) -> str:
    """The model text of a dataset record (links tokenised, subject words marked)."""
    return model_text(record.text, YOUTUBE_HOSTS, context_words(record.context))


def fit(records: list[Record], sms: list[Record], sms_weight: float) -> SpamModel:
    """Fit vectorizers and a ridge classifier on deduplicated records (+ weighted SMS)."""
    seen: set[str] = set()
    texts, labels, weights = [], [], []
    for record in records:
        key = normalised(record.text)
        if key in seen:
            continue
        seen.add(key)
        texts.append(prepare(record))
        labels.append(record.label)
        weights.append(1.0)
    if sms_weight > 0:
        texts += [prepare(r) for r in sms]
        labels += [r.label for r in sms]
        weights += [sms_weight] * len(sms)
    vectorizers = {b: vectorizer(b, min_df=MIN_DF) for b in BLOCKS}
    matrix = hstack([vectorizers[b].fit_transform(texts) * BLOCK_WEIGHTS[b] for b in BLOCKS]).tocsr()
    clf = RidgeClassifier(alpha=ALPHA).fit(matrix, np.array(labels), sample_weight=np.array(weights))
    vocab = {b: {t: int(i) for t, i in vectorizers[b].vocabulary_.items()} for b in BLOCKS}
    idf = {b: vectorizers[b].idf_ for b in BLOCKS}
    return SpamModel.from_arrays(vocab, idf, clf.coef_.ravel(), float(clf.intercept_[0]), (1.0, 0.0))


def margins(model: SpamModel, records: list[Record]) -> np.ndarray:
    """The model's margin for each record."""
    return np.array([model.margin(model.vectorize(prepare(r))) for r in records])


def leave_one_video_out(records: list[Record], sms: list[Record], sms_weight: float) -> tuple[dict, np.ndarray]:
    """Out-of-fold margins and figures, one video held out at a time."""
    groups = sorted({r.group for r in records})
    oof = np.zeros(len(records))
    per_video = {}
    for held in groups:
        model = fit([r for r in records if r.group != held], sms, sms_weight)
        idx = [i for i, r in enumerate(records) if r.group == held]
        oof[idx] = margins(model, [records[i] for i in idx])
        per_video[held] = scores([records[i].label for i in idx], (oof[idx] > 0).astype(int).tolist())
        click.echo(f"  held out {held}: {json.dumps(per_video[held])}", err=True)
    overall = scores([r.label for r in records], (oof > 0).astype(int).tolist())
    return {"overall": overall, "per_video": per_video}, oof


@click.command()
@click.option("--youtube", type=click.Path(path_type=Path, file_okay=False), help="YouTube-layout folder.")
@click.option("--sms", type=click.Path(path_type=Path, dir_okay=False), help="SMS-layout file.")
@click.option("--sms-weight", type=float, default=0.0, show_default=True, help="Sample weight of SMS messages.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="Output folder (default: bundled).")
def command(youtube: Path | None, sms: Path | None, sms_weight: float, out: Path | None) -> None:
    """Train the comment-spam model (YouTube comments, optionally SMS) and write it as npz + JSON."""
    youtube = youtube or shared_data("youtube-spam-collection")
    sms_path = sms or shared_data("sms-spam-collection") / "SMSSpamCollection.train"
    records = read_youtube(youtube)
    sms_records = read_sms(sms_path) if sms_path.exists() else []
    click.echo(f"training on {len(records)} YouTube comments ({len({r.group for r in records})} videos)", err=True)
    lovo, oof = leave_one_video_out(records, sms_records, sms_weight)
    calib = LogisticRegression(C=1e4, fit_intercept=False).fit(oof.reshape(-1, 1), [r.label for r in records])
    model = fit(records, sms_records, sms_weight)
    model.calibration = (float(calib.coef_[0][0]), 0.0)
    sms_check = None
    if sms_records and sms_weight == 0:
        sms_check = scores([r.label for r in sms_records], (margins(model, sms_records) > 0).astype(int).tolist())
    folder = out or RESOURCES / RESOURCE
    metrics = {"leave_one_video_out": lovo}
    if sms_check:
        data = "sms-spam-collection/SMSSpamCollection.train (not trained on)"
        metrics["sms_cross_domain"] = {"data": data, **sms_check}
    files = model.save(folder, metrics)
    manifest = {
        "name": RESOURCE,
        "version": datetime.now(UTC).strftime("%Y.%m.%d"),
        "origin": [
            "../shared/data/youtube-spam-collection (UCI YouTube Spam Collection, 4 of 5 videos; CC BY 4.0)",
            "../shared/data/sms-spam-collection (UCI SMS Spam Collection v.1, developer part)"
            + ("" if sms_weight > 0 else "; used only as a cross-domain check, not for fitting"),
        ],
        "licence": "model: Apache-2.0 (project); data: CC BY 4.0 (UCI)",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_command": "unspun train spam" + (f" --sms-weight {sms_weight}" if sms_weight else ""),
        "model": {
            "features": feature_config(),
            "min_df": MIN_DF,
            "classifier": f"RidgeClassifier(alpha={ALPHA:.4f})",
            "calibration": "p = sigmoid(a * margin), a fitted on leave-one-video-out margins",
            "sms_weight": sms_weight,
        },
        "metrics": metrics,
        "files": {p.name: p.stat().st_size for p in files},
    }
    (folder / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(json.dumps(metrics["leave_one_video_out"]["overall"]))
    click.echo(f"wrote {folder}")
