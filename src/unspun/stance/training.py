"""Training and evaluation of the stance model on the FNC-1 layout."""

from __future__ import annotations

import random
import time
import warnings
from collections.abc import Sequence
from datetime import date

import numpy as np

from . import LABELS
from .data import Pair, confusion, fnc_score, per_class_f1
from .model import StanceModel, Vectorizers, features, lead_vectors

#: MiniLM vectors of a corpus: claim vector per headline, lead-passage vectors per body id.
Embedded = tuple[dict[str, np.ndarray], dict[str, np.ndarray]]

HIDDEN = 100
EPOCHS = 12
SEED = 13


def split_by_body(pairs: Sequence[Pair], held_share: float = 0.2, seed: int = SEED) -> tuple[list[Pair], list[Pair]]:
    """Hold out a share of body ids (as the FNC-1 baseline does), so no body is seen in training."""
    ids = sorted({p.body_id for p in pairs}, key=lambda b: (len(b), b))
    random.Random(seed).shuffle(ids)
    held = set(ids[: int(len(ids) * held_share)])
    return [p for p in pairs if p.body_id not in held], [p for p in pairs if p.body_id in held]


def split_by_event(pairs: Sequence[Pair], held_share: float = 0.2, seed: int = SEED) -> tuple[list[Pair], list[Pair]]:
    """A stricter split: events (connected headlines and bodies of related pairs) are held out whole, so
    no held-out headline or body is seen in training, as on the official test set. Mixed pairs are dropped."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        a, b = find("h:" + p.headline), find("b:" + p.body_id)
        if p.stance != "unrelated" and a != b:
            parent[a] = b
    events = sorted({find("b:" + p.body_id) for p in pairs})
    random.Random(seed).shuffle(events)
    bodies_total = len({p.body_id for p in pairs})
    held_events: set[str] = set()
    held_bodies: set[str] = set()
    for event in events:
        if len(held_bodies) >= held_share * bodies_total:
            break
        held_events.add(event)
        held_bodies |= {p.body_id for p in pairs if find("b:" + p.body_id) == event}
    in_held = lambda node: find(node) in held_events  # noqa: E731
    train = [p for p in pairs if not in_held("h:" + p.headline) and not in_held("b:" + p.body_id)]
    held = [p for p in pairs if in_held("h:" + p.headline) and in_held("b:" + p.body_id)]
    return train, held


def embed_corpus(bodies: dict[str, str], pairs: Sequence[Pair]) -> Embedded:
    """Embed every distinct headline and every body's lead passages once."""
    from ..embeddings import encode

    heads = sorted({p.headline for p in pairs})
    ids = sorted({p.body_id for p in pairs})
    return dict(zip(heads, encode(heads))), dict(zip(ids, lead_vectors([bodies[b] for b in ids])))


def _features(vec: Vectorizers, bodies: dict[str, str], pairs: Sequence[Pair], emb: Embedded):
    heads, leads = emb
    return features(vec, [p.headline for p in pairs], [bodies[p.body_id] for p in pairs],
                    np.array([heads[p.headline] for p in pairs]), [leads[p.body_id] for p in pairs])


def fit(bodies: dict[str, str], pairs: Sequence[Pair], emb: Embedded, seed: int = SEED) -> StanceModel:
    """Fit vectorisers on the training texts and the network on the pairs."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    used = sorted({p.body_id for p in pairs})
    vec = Vectorizers.fit([p.headline for p in pairs] + [bodies[b] for b in used])
    x = _features(vec, bodies, pairs, emb)
    net = MLPClassifier(hidden_layer_sizes=(HIDDEN,), max_iter=EPOCHS, batch_size=500, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed, short schedule is the regulariser
        net.fit(x, [p.stance for p in pairs])
    w1, w2 = net.coefs_
    b1, b2 = net.intercepts_
    return StanceModel(vec, w1, b1, w2, b2, tuple(net.classes_))


def metrics(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Official relative score, confusion matrix, per-class F1 and their mean (F1m)."""
    score, best = fnc_score(gold, pred)
    matrix = confusion(gold, pred)
    f1 = per_class_f1(matrix)
    return {
        "pairs": len(gold),
        "relative_score": round(score / best, 4) if best else 0.0,
        "score": round(score, 2),
        "max_score": round(best, 2),
        "f1": {k: round(v, 4) for k, v in f1.items()},
        "f1m": round(float(np.mean(list(f1.values()))), 4),
        "confusion": {"labels": list(LABELS), "rows_gold_cols_pred": matrix.tolist()},
    }


def predict_pairs(model: StanceModel, bodies: dict[str, str], pairs: Sequence[Pair], emb: Embedded | None = None,
                  batch: int = 2000) -> list[str]:
    """Predicted stance of every pair, in order."""
    heads, leads = emb or embed_corpus(bodies, pairs)
    out: list[str] = []
    for i in range(0, len(pairs), batch):
        part = pairs[i : i + batch]
        out += model.predict([p.headline for p in part], [bodies[p.body_id] for p in part],
                             np.array([heads[p.headline] for p in part]), [leads[p.body_id] for p in part])
    return out


def train_and_measure(bodies: dict[str, str], pairs: Sequence[Pair], final: bool = True) -> tuple[StanceModel, dict]:
    """Measure on a held-out 20% of bodies, then (with `final`) refit on every pair for the shipped model."""
    emb = embed_corpus(bodies, pairs)
    train, held = split_by_body(pairs)
    start = time.perf_counter()
    model = fit(bodies, train, emb)
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    pred = predict_pairs(model, bodies, held, emb)
    pred_s = time.perf_counter() - start
    strict_train, strict_held = split_by_event(pairs)
    strict = fit(bodies, strict_train, emb)
    report = {
        "held_out_by_body_id": metrics([p.stance for p in held], pred),
        "held_out_by_event": metrics([p.stance for p in strict_held], predict_pairs(strict, bodies, strict_held, emb)),
        "fit_seconds": round(fit_s, 1),
        "pairs_per_second_vectors_given": round(len(held) / pred_s, 1),
        "split": f"bodies shuffled with random.Random({SEED}); 20% of body ids held out; "
                 f"{len(train)} training pairs, {len(held)} held-out pairs; the stricter event split holds out whole "
                 f"events ({len(strict_train)} training / {len(strict_held)} held-out pairs)",
    }
    if final:
        model = fit(bodies, pairs, emb)
    return model, report


def manifest(report: dict, final: bool) -> dict:
    """The MANIFEST.json of the shipped model."""
    return {
        "name": "stance",
        "version": f"fnc1-tfmlp-{date.today().isoformat()}",
        "origin": "../shared/data/fnc-1-stance (official FNC-1 training set)",
        "licence": "model weights: Apache-2.0 (ours); training data: research use, see the dataset README",
        "created": date.today().isoformat(),
        "train_command": "unspun train stance",
        "model": f"TF(5000)+TF(5000)+TF-IDF cosine+cue features+MiniLM lead-passage cosines -> ReLU({HIDDEN}) "
                 f"-> softmax(4); {EPOCHS} epochs",
        "trained_on": "all pairs" if final else "the 80% training part",
        "metrics": report,
        "files": ["weights.npz", "vocab.json"],
    }
