"""Character spans of a text, merged and measured: the quotes' figures, the cited outlets' shares of the
body, the verdict's relayed shares and the propaganda scorer all count the same way."""

from __future__ import annotations

from collections.abc import Iterable


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans merged into one, sorted."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def length(spans: Iterable[tuple[int, int]]) -> int:
    """Characters inside the union of `spans`."""
    return sum(e - s for s, e in merge(spans))


def covered_share(spans: Iterable[tuple[int, int]], text: str) -> float:
    """Share of the text's non-space characters inside the union of `spans`, to 4 places."""
    total = len("".join(text.split()))
    covered = sum(1 for s, e in merge(spans) for i in range(s, min(e, len(text))) if not text[i].isspace())
    return round(covered / total, 4) if total else 0.0
