"""`unspun train attribution`: learn the cue-head and cue-extent classifiers from PolNeAR train, tune
the decision thresholds on PolNeAR dev, and write them to `resources/attribution/`. The rules were read
off dev errors and the thresholds are tuned on dev, so the MANIFEST also records a check dev never saw:
every tenth train article held out, scored by classifiers fitted on the other nine tenths.

Gold is the first annotator metadata.tsv lists for each article. Everything else (source, content)
follows the dependency parse, so these two small linear models are all the learning there is.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import click

from ..assets import RESOURCES
from ..attribution.benchmark import headline, predict, score
from ..attribution.corpus import parse_documents
from ..attribution.extractor import Model, extent_candidate
from ..attribution.features import cue_features, extent_features, is_candidate
from ..attribution.linear import LinearModel
from ..attribution.polnear import Document, read_part
from ..attribution.quotemarks import find_quotes
from . import shared_data

#: Reporting verbs users ask about that PolNeAR train may hold too rarely to learn on its own.
HAND_LEXICON = (
    "say tell state warn insist tweet claim add note argue explain announce declare report write ask reply "
    "respond suggest acknowledge admit confirm deny allege assert contend maintain stress emphasize recall "
    "quote cite according testify predict promise vow urge complain concede remark observe comment reiterate "
    "caution sigh grumble mutter shout whisper exclaim boast joke quip lament recount describe post believe "
    "think fear hope charge counter accuse blast criticize praise threaten pledge"
).split()
MIN_LEMMA_COUNT = 2
#: Features whose weights all stay below this are dropped after fitting (measured on dev: 16 MB -> 3 MB,
#: the same F1 to the third decimal).
MIN_WEIGHT = 0.05
OUT = RESOURCES / "attribution"


def _tokens(doc, fragments) -> list:
    out = []
    for start, end in fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.extend(t for t in span if not t.is_space)
    return out


def gold_cues(doc, document: Document) -> list[tuple[object, set[int]]]:
    """`(head token, cue token indices)` of each gold attribution with a cue."""
    out = []
    for attribution in document.gold:
        toks = _tokens(doc, attribution.cue)
        if not toks:
            continue
        ids = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
        out.append((heads[0], ids))
    return out


def build_lexicon(docs: Sequence[Document], parsed: Sequence) -> list[str]:
    """Lemmas heading a gold cue at least `MIN_LEMMA_COUNT` times in train, plus the hand list."""
    counts = Counter(head.lemma_.lower() for d, doc in zip(docs, parsed) for head, _ in gold_cues(doc, d))
    return sorted({lemma for lemma, n in counts.items() if n >= MIN_LEMMA_COUNT} | set(HAND_LEXICON))


def examples(docs: Sequence[Document], parsed: Sequence, lexicon: frozenset[str]):
    """Rows and labels for the cue-head classifier and the cue-extent classifier."""
    cue_x, cue_y, ext_x, ext_y = [], [], [], []
    for d, doc in zip(docs, parsed):
        quotes = find_quotes(doc.text)
        cues = gold_cues(doc, d)
        heads = {head.i for head, _ in cues}
        for tok in doc:
            if is_candidate(tok, lexicon):
                cue_x.append(cue_features(tok, quotes))
                cue_y.append(int(tok.i in heads))
        for head, ids in cues:
            frontier = [(c, 1) for c in head.children]
            while frontier:
                nxt = []
                for tok, level in frontier:
                    if not extent_candidate(tok):
                        continue
                    ext_x.append(extent_features(head, tok, level))
                    ext_y.append(int(tok.i in ids))
                    if tok.i in ids:
                        nxt.extend((c, level + 1) for c in tok.children)
                frontier = nxt
    return cue_x, cue_y, ext_x, ext_y


def fit(rows: list[dict], labels: list[int], c: float) -> LinearModel:
    """L2 logistic regression on one-hot features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear wants 32-bit
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, labels)
    return LinearModel.from_sklearn(vec, clf)


def fit_model(docs: Sequence[Document], parsed: Sequence, c: float) -> Model:
    """Lexicon and both classifiers from these articles (thresholds left at their defaults)."""
    lexicon = build_lexicon(docs, parsed)
    cue_x, cue_y, ext_x, ext_y = examples(docs, parsed, frozenset(lexicon))
    click.echo(f"{len(cue_x)} cue candidates ({sum(cue_y)} cues), {len(ext_x)} extent rows", err=True)
    return Model(fit(cue_x, cue_y, c).pruned(MIN_WEIGHT), fit(ext_x, ext_y, c).pruned(MIN_WEIGHT), frozenset(lexicon))


def held_out_tenth(docs: Sequence[Document], parsed: Sequence, c: float, tuned: Model) -> dict:
    """Scores on every tenth article (by file-name order) for classifiers fitted on the other nine
    tenths with `tuned`'s thresholds: whether what dev chose holds on articles it never saw."""
    rest = [i for i in range(len(docs)) if i % 10]
    held = [i for i in range(len(docs)) if i % 10 == 0]
    model = fit_model([docs[i] for i in rest], [parsed[i] for i in rest], c)
    model = Model(model.cue, model.extent, model.lexicon, tuned.cue_threshold, tuned.extent_threshold)
    return score([docs[i] for i in held], predict([parsed[i] for i in held], model))


def tune(model: Model, dev: Sequence[Document], dev_parsed: Sequence) -> tuple[Model, dict]:
    """Pick the cue and extent thresholds that maximise the mean of the three headline F1s on dev."""
    best: tuple[float, Model, dict] | None = None
    for cue_t in (0.25, 0.3, 0.35, 0.4, 0.45):
        for ext_t in (0.5, 0.6):
            trial = Model(model.cue, model.extent, model.lexicon, cue_t, ext_t)
            result = score(dev, predict(dev_parsed, trial))
            value = sum(headline(result).values()) / 3
            if best is None or value > best[0]:
                best = (value, trial, result)
    assert best is not None
    return best[1], best[2]


@click.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="PolNeAR folder (holding train/ and dev/); default ../shared/data/polnear-news-attribution.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=OUT, show_default=True,
              help="Where to write the model files.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the spaCy parses here (DocBin) to skip parsing on the next run.")
@click.option("-C", "c", type=float, default=0.3, show_default=True, help="Inverse L2 strength of both classifiers.")
def command(data: Path | None, out: Path, cache: Path | None, c: float) -> None:
    """Train the attribution cue models on PolNeAR train; tune thresholds on dev; write MANIFEST metrics."""
    data = data or shared_data("polnear-news-attribution")
    started = time.time()
    train_docs, dev_docs = list(read_part(data / "train")), list(read_part(data / "dev"))
    click.echo(f"parsing {len(train_docs)} train and {len(dev_docs)} dev articles…", err=True)
    train_parsed = parse_documents(train_docs, cache)
    dev_parsed = parse_documents(dev_docs, cache)
    model, result = tune(fit_model(train_docs, train_parsed, c), dev_docs, dev_parsed)
    held = held_out_tenth(train_docs, train_parsed, c, model)
    files = model.cue.save(out, "cue") + model.extent.save(out, "extent")
    (out / "lexicon.json").write_text(json.dumps(sorted(model.lexicon), indent=0), encoding="utf-8")
    config = {"cue_threshold": model.cue_threshold, "extent_threshold": model.extent_threshold, "C": c,
              "min_lemma_count": MIN_LEMMA_COUNT, "min_weight": MIN_WEIGHT}
    (out / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    files += [out / "lexicon.json", out / "config.json"]
    manifest = {
        "name": "attribution",
        "version": datetime.now(timezone.utc).strftime("%Y.%m.%d"),
        "origin": ["../shared/data/polnear-news-attribution (train: fit; dev: thresholds and metrics; "
                   "every tenth train article: held-out check)"],
        "licence": "Model weights derived from PolNeAR annotations (Newell, Margolin, Ruths, LREC 2018; no licence "
                   "stated, distributed for research); code: the project's licence.",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "train_command": "unspun train attribution",
        "metrics": {"dev": {**headline(result), "detail": result},
                    "train_heldout_tenth": {**headline(held), "detail": held,
                                            "note": "classifiers fitted on the other nine tenths of train"}},
        "files": {p.name: p.stat().st_size for p in files},
        "size_bytes": sum(p.stat().st_size for p in files),
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    click.echo(json.dumps({"dev": headline(result), "train_heldout_tenth": headline(held)}))
    click.echo(f"wrote {out} in {time.time() - started:.0f} s", err=True)
