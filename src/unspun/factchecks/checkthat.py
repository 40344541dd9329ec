"""Reader for the CheckThat! 2020 Task 2 layout (verified-claim retrieval), as it lies in ../shared/data.

`verified_claims.docs.tsv` (the claim database: id, claim, Snopes title; CSV-quoted, fields may hold
newlines), and per split `tweets.queries.tsv` (id, tweet) and `tweet-vclaim-pairs.qrels`
(`tweet_id 0 vclaim_id 1`, relevant pairs only).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class VerifiedClaim:
    id: str
    claim: str
    title: str


def _rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise InputError(f"missing {path} (expected the CheckThat! 2020 Task 2 layout)")
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t"))
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    return [r for r in rows[1:] if r and r[0].strip()]


def verified_claims(root: Path) -> list[VerifiedClaim]:
    """The claim database of the task."""
    return [VerifiedClaim(r[0].strip(), r[1], r[2] if len(r) > 2 else "") for r in _rows(root / "verified_claims.docs.tsv")]


def queries(split_dir: Path) -> dict[str, str]:
    """Tweet id -> tweet text of one split."""
    return {r[0].strip(): r[1] for r in _rows(split_dir / "tweets.queries.tsv") if len(r) > 1}


def qrels(split_dir: Path) -> dict[str, set[str]]:
    """Tweet id -> the ids of its relevant verified claims (empty if the split has no qrels)."""
    path = split_dir / "tweet-vclaim-pairs.qrels"
    out: dict[str, set[str]] = {}
    if not path.is_file():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if len(cols) >= 4 and cols[3] != "0":
            out.setdefault(cols[0], set()).add(cols[2])
    return out
