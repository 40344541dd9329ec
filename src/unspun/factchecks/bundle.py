"""The bundled fact-check collection (Snopes and ClaimsKG records from ../shared/data) and the re-ranker.

It ships read-only under `resources/factchecks/`: the records as gzipped JSON Lines, the vectors of their
claims and of their titles from the claim-matching encoder (`encoding.py`) as int8 with a per-row scale (a
quarter of float32's size; cosines move by about 0.001), and the re-ranker's weights and calibrated threshold
as JSON. Search consults it beside the user's store.
"""

from __future__ import annotations

import functools
import gzip
import json

import numpy as np

from .. import assets
from ..errors import ResourceError
from .encoding import model_id
from .index import FEATURES, MATCH_FEATURES, Index, Reranker
from .records import FactCheck

NAME = "factchecks"
RECORDS = f"{NAME}/factchecks.jsonl.gz"
VECTORS = f"{NAME}/vectors.npz"
RERANKER = f"{NAME}/reranker.json"


def quantise(vectors: np.ndarray) -> dict[str, np.ndarray]:
    """int8 codes and float16 per-row scales of unit vectors (what `vectors.npz` holds)."""
    scale = np.abs(vectors).max(axis=1, keepdims=True).clip(1e-8, None)
    codes = np.round(vectors / scale * 127).astype(np.int8)
    return {"codes": codes, "scale": scale.ravel().astype(np.float16)}


def dequantise(codes: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Unit float32 vectors back from `quantise`'s arrays."""
    vectors = codes.astype(np.float32) * (scale.astype(np.float32)[:, None] / 127.0)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(1e-12, None)


def read_records() -> list[FactCheck]:
    """The bundled records, in index order."""
    path = assets.path(RECORDS)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return [FactCheck.from_dict(json.loads(line)) for line in f if line.strip()]
    except (OSError, ValueError) as exc:
        raise ResourceError(f"corrupt resource {path}: {exc}") from None


@functools.cache
def bundled_index() -> Index:
    """The search index of the bundled collection (built once per process)."""
    records = read_records()
    arrays = assets.load_npz(VECTORS)
    built_with = str(arrays["model"]) if "model" in arrays else ""
    if built_with != model_id():
        raise ResourceError(f"{assets.path(VECTORS)} was built with {built_with or 'another encoder'}, not {model_id()}: rebuild with `unspun train factchecks`")
    if "title_codes" not in arrays:
        raise ResourceError(f"{assets.path(VECTORS)} has no title vectors: rebuild with `unspun train factchecks`")
    vectors = dequantise(arrays["codes"], arrays["scale"])
    titles = dequantise(arrays["title_codes"], arrays["title_scale"])
    if not len(vectors) == len(titles) == len(records):
        raise ResourceError(f"{assets.path(VECTORS)} has {len(vectors)} vectors for {len(records)} records: rebuild it")
    return Index(records, vectors, titles)


@functools.cache
def reranker() -> Reranker:
    """The trained re-ranker and its calibrated match threshold."""
    config = assets.load_json(RERANKER)
    if tuple(config.get("features", ())) != FEATURES or tuple(config.get("match_features", ())) != MATCH_FEATURES:
        raise ResourceError(f"{assets.path(RERANKER)} does not match this unspun's features: rebuild with `unspun train factchecks`")
    return Reranker(np.array(config["weights"], dtype=np.float32), np.array(config["match_weights"], dtype=np.float32), float(config["threshold"]))
