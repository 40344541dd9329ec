"""Readers for the FNC-1 layout (`*_bodies.csv` + `*_stances.csv[.gz]`) and its official score."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError
from . import LABELS


@dataclass(frozen=True)
class Pair:
    """One headline/body pair; `stance` is None where the file has no gold label."""

    headline: str
    body_id: str
    stance: str | None


def _open(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise InputError(f"{folder}: expected exactly one {pattern}, found {len(found)}")
    return found[0]


def read_fnc(folder: str | Path) -> tuple[dict[str, str], list[Pair], Path]:
    """Bodies by id, the pairs in file order, and the stances file's path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}")
    bodies_path = _one(folder, "*_bodies.csv")
    stances_path = _one(folder, "*_stances.csv*")
    with _open(bodies_path) as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with _open(stances_path) as fh:
        pairs = [Pair(r["Headline"], r["Body ID"], r.get("Stance") or None) for r in csv.DictReader(fh)]
    missing = {p.body_id for p in pairs} - bodies.keys()
    if missing:
        raise InputError(f"{stances_path.name}: {len(missing)} body ids have no body, e.g. {sorted(missing)[0]}")
    return bodies, pairs, stances_path


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """The official FNC-1 score and its maximum (relative score = score / maximum)."""
    score = best = 0.0
    for g, p in zip(gold, pred):
        related_g, related_p = g != "unrelated", p != "unrelated"
        best += 1.0 if related_g else 0.25
        if related_g == related_p:
            score += 0.25
            if related_g and g == p:
                score += 0.75
    return score, best


def confusion(gold: Sequence[str], pred: Sequence[str]) -> np.ndarray:
    """4x4 confusion matrix, rows = gold, columns = predicted, in `LABELS` order."""
    index = {label: i for i, label in enumerate(LABELS)}
    m = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    for g, p in zip(gold, pred):
        m[index[g], index[p]] += 1
    return m


def per_class_f1(matrix: np.ndarray) -> dict[str, float]:
    """F1 of each class from a confusion matrix."""
    out = {}
    for i, label in enumerate(LABELS):
        tp = matrix[i, i]
        precision = tp / matrix[:, i].sum() if matrix[:, i].sum() else 0.0
        recall = tp / matrix[i, :].sum() if matrix[i, :].sum() else 0.0
        out[label] = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return out
