"""Training and corpus-level prediction: parse the articles once, fit the three parts, decode, score.

The sentence model's probabilities feed the token tagger; to keep them honest the tagger is trained
on out-of-fold sentence probabilities (folds by article), as it will see unseen text at analysis time.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .corpus import CorpusArticle
from .features import ArticleView, sentence_features, span_features, token_features
from .linear import Linear, fit
from .model import Model
from .scoring import si_scores, tc_scores

log = logging.getLogger(__name__)

TECHNIQUES = [
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
]

DEFAULTS: dict[str, Any] = {
    "c_sentence": 0.1,
    "c_token": 0.05,
    "c_technique": 3.0,
    "min_count": 2,
    "folds": 5,
    "threshold": 0.3,
    "lexicon_prior": 0.5,
}


THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45)
TAGGER_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
CASCADES = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
CASCADE_TOLERANCE = 0.005


def parse_views(articles: list[CorpusArticle], cache: Path | None = None) -> list[ArticleView]:
    """Parse every article with the shared spaCy pipeline; with `cache`, reuse serialised Docs (a
    speed-up for repeated training runs, keyed by the texts and the pipeline version)."""
    from spacy.tokens import Doc

    from ..parse import model_version, nlp

    pipeline = nlp()
    key = hashlib.sha1(model_version().encode())
    for a in articles:
        key.update(a.id.encode() + hashlib.sha1(a.text.encode()).digest())
    cached = cache / f"ptc-docs-{key.hexdigest()[:16]}.npz" if cache else None
    if cached and cached.is_file():
        with np.load(cached, allow_pickle=False) as data:
            return [ArticleView(Doc(pipeline.vocab).from_bytes(data[a.id].tobytes())) for a in articles]
    docs = list(pipeline.pipe((a.text for a in articles), batch_size=8))
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cached, **{a.id: np.frombuffer(d.to_bytes(), np.uint8) for a, d in zip(articles, docs)})
    return [ArticleView(d) for d in docs]


def _mask(length: int, spans: list[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(length + 1, bool)
    for s, e in spans:
        mask[s:e] = True
    return mask


def sentence_labels(view: ArticleView, spans: list[tuple[int, int]]) -> np.ndarray:
    """1 for each sentence that overlaps a gold span."""
    mask = _mask(len(view.text), spans)
    return np.array([mask[slice(*view.char_span(i, j))].any() for i, j in view.sentences], np.int64)


def token_labels(view: ArticleView, spans: list[tuple[int, int]]) -> np.ndarray:
    """1 for each token whose characters lie mostly inside a gold span."""
    mask = _mask(len(view.text), spans)
    return np.array([mask[t.idx : t.idx + len(t.text)].mean() >= 0.5 for t in view.tokens], np.int64)


def _fit_sentence(views: list[ArticleView], articles: list[CorpusArticle], params: dict[str, Any]):
    feats, dense, y = [], [], []
    for v, a in zip(views, articles):
        f, d = sentence_features(v)
        feats += f
        dense.append(d)
        y.append(sentence_labels(v, a.si))
    return fit(feats, np.vstack(dense), np.concatenate(y), c=params["c_sentence"], min_count=params["min_count"])


def fit_model(
    views: list[ArticleView],
    articles: list[CorpusArticle],
    params: dict[str, Any] | None = None,
    progress: Callable[[str], None] = log.info,
    technique: Linear | None = None,
) -> Model:
    """Fit sentence model, token tagger (on out-of-fold sentence probabilities) and technique classifier (unless
    `technique` is given: the trainer fits it once, on more articles than the taggers, and shares it)."""
    params = {**DEFAULTS, **(params or {})}
    folds = int(params["folds"])
    oof: list[np.ndarray] = [np.zeros(0)] * len(views)
    for fold in range(folds):
        progress(f"sentence model, fold {fold + 1}/{folds}")
        train = [k for k in range(len(views)) if k % folds != fold]
        part, _ = _fit_sentence([views[k] for k in train], [articles[k] for k in train], params)
        shell = Model(part, part, part, TECHNIQUES)
        for k in range(fold, len(views), folds):
            oof[k] = shell.sentence_probs(views[k])
    progress("sentence model, all articles")
    sentence, _ = _fit_sentence(views, articles, params)

    progress("token tagger")
    feats, dense, y = [], [], []
    for v, a, sp in zip(views, articles, oof):
        f, d = token_features(v, sp)
        feats += f
        dense.append(d)
        y.append(token_labels(v, a.si))
    token, _ = fit(feats, np.vstack(dense), np.concatenate(y), c=params["c_token"], min_count=params["min_count"])

    if technique is None:
        progress("technique classifier")
        technique = fit_technique(views, articles, params)
    config = {k: params[k] for k in DEFAULTS}
    return Model(sentence, token, technique, TECHNIQUES, config)


def fit_technique(views: list[ArticleView], articles: list[CorpusArticle], params: dict[str, Any]) -> Linear:
    """The technique classifier, fitted on every gold TC span (a span with two techniques counts twice)."""
    feats, dense, labels = [], [], []
    for v, a in zip(views, articles):
        for tech, s, e in a.tc:
            f, d = span_features(v, s, e)
            feats.append(f)
            dense.append(d)
            labels.append(TECHNIQUES.index(tech))
    model, _ = fit(feats, np.vstack(dense), np.array(labels), c=params["c_technique"], min_count=params["min_count"], max_iter=500)
    return model


def predict_si(model: Model, views: list[ArticleView], articles: list[CorpusArticle]) -> dict[str, list[tuple[int, int]]]:
    """Predicted propaganda spans per article id."""
    out = {}
    for v, a in zip(views, articles):
        tp = model.span_probs(v, model.sentence_probs(v))
        out[a.id] = [(s, e) for s, e, _ in model.spans(v, tp)]
    return out


def tune_threshold(
    model: Model,
    views: list[ArticleView],
    articles: list[CorpusArticle],
    grid: tuple[float, ...] | None = None,
    cascades: tuple[float, ...] = CASCADES,
) -> dict[str, float]:
    """SI F1 for each token threshold (and, with a transformer tagger, each cascade threshold) on labelled
    articles; sets the model's thresholds to the best. Among cascade thresholds within `CASCADE_TOLERANCE`
    of the best F1 the highest wins, since every sentence it lets through costs the tagger's time."""
    grid = grid or (TAGGER_THRESHOLDS if model.tagger else THRESHOLDS)
    gold = {a.id: a.si for a in articles}
    sent = [model.sentence_probs(v) for v in views]
    if model.tagger is None:
        probs = {0.0: [model.token_probs(v, p) for v, p in zip(views, sent)]}
    else:
        every = [model.tagger.token_probs(v, list(range(len(v.sentences)))) for v in views]
        probs = {c: [np.where(p[v.sent_of] >= c, t, 0.0) for v, p, t in zip(views, sent, every)] for c in cascades}
    f1: dict[tuple[float, float], float] = {}
    for cascade, token_probs in probs.items():
        for threshold in grid:
            model.config["threshold"] = threshold
            pred = {a.id: [(s, e) for s, e, _ in model.spans(v, p)] for v, a, p in zip(views, articles, token_probs)}
            f1[(cascade, threshold)] = si_scores(gold, pred)["f1"]
    best = max(f1.values())
    cascade, threshold = max((k for k, v in f1.items() if v >= best - CASCADE_TOLERANCE), key=lambda k: (k[0], f1[k]))
    model.config["threshold"] = threshold
    if model.tagger is None:
        return {str(t): v for (_, t), v in f1.items()}
    model.config["tagger"]["cascade"] = cascade
    return {f"cascade {c} threshold {t}": v for (c, t), v in f1.items()}


def predict_tc(
    model: Model, views: list[ArticleView], articles: list[CorpusArticle], rows: list[tuple[str, str, int, int]]
) -> list[tuple[str, str, int, int]]:
    """One technique per gold TC row, same order; the k-th row of a span that appears k times gets the
    k-th most likely technique (a span can carry several techniques)."""
    view_of = {a.id: v for v, a in zip(views, articles)}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, _, s, e in rows:
        if (s, e) not in spans[aid]:
            spans[aid].append((s, e))
    ranked: dict[tuple[str, int, int], list[int]] = {}
    for aid, items in spans.items():
        probs = model.technique_probs(view_of[aid], items)
        for (s, e), p in zip(items, probs):
            ranked[(aid, s, e)] = list(np.argsort(-p))
    seen: dict[tuple[str, int, int], int] = defaultdict(int)
    out = []
    for aid, _, s, e in rows:
        order = ranked[(aid, s, e)]
        out.append((aid, model.labels[order[min(seen[(aid, s, e)], len(order) - 1)]], s, e))
        seen[(aid, s, e)] += 1
    return out


def evaluate(model: Model, views: list[ArticleView], articles: list[CorpusArticle]) -> dict[str, Any]:
    """SI and TC scores of a model on labelled articles, with the predictions."""
    si_pred = predict_si(model, views, articles)
    rows = [(a.id, t, s, e) for a in articles for t, s, e in a.tc]
    tc_pred = predict_tc(model, views, articles, rows)
    return {
        "si": si_scores({a.id: a.si for a in articles}, si_pred),
        "tc": tc_scores(rows, tc_pred),
        "si_pred": si_pred,
        "tc_pred": tc_pred,
    }
