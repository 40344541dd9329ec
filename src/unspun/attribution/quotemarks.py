"""Quotation regions of a text, robust to the marks real pages use.

Straight, curly, low-9 and guillemet marks; opening marks whose closing mark never comes (the region
ends with its paragraph); closing marks whose opening mark is missing (the region starts with its
paragraph); and the news convention for long quotes, where every paragraph of the quote opens with a
mark and only the last one closes it (one region across the paragraph breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKS = set("“„«‹\"”»›")
CLOSERS = {"”", "»", "›", '"', "“"}  # “ closes a German „…“ pair


@dataclass(frozen=True)
class QuoteRegion:
    """A quoted passage: `start`/`end` include the marks, `inner_*` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    balanced: bool = True


def _is_opening(text: str, i: int) -> bool:
    """Whether the mark at `i` opens a quote (decided from its neighbours for ambiguous marks)."""
    ch = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "“„«‹":
        return not (ch == "“" and before.isalnum() and not after.isalnum())
    if ch == '"':
        return (before.isspace() or before in "([{—–-:;,/") and not after.isspace()
    return False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def find_quotes(text: str) -> list[QuoteRegion]:
    """Quote regions of double marks (single marks are too often apostrophes to pair), in text order.

    Two apostrophes (''like this'', the New York Times' plain-text convention) count as one straight
    mark, and two curly single marks as one curly double mark (‘‘like this’’, as AP copy closes its
    quotes: a lone ’ would be an apostrophe, so "voters,’’ Will Moy said" never closed and the quote ran
    on to the next opening mark). The scan reads a copy where each pair becomes a space and one mark
    (same offsets; a closing pair keeps its mark last, an opening pair first, so the region spans both).
    """
    text = text.replace("''", ' "').replace("’’", " ”").replace("‘‘", "“ ")
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    carried = False
    paragraphs = _paragraphs(text)
    for p, (pstart, pend) in enumerate(paragraphs):
        if open_at is not None and not carried:
            open_at = None
        carried = False
        i = pstart
        while i < pend:
            ch = text[i]
            if ch in MARKS:
                if open_at is None:
                    if _is_opening(text, i):
                        open_at = i
                    elif ch in CLOSERS:
                        regions.append(QuoteRegion(pstart, i + 1, pstart, i, balanced=False))
                elif ch in CLOSERS and not _is_opening(text, i):
                    regions.append(QuoteRegion(open_at, i + 1, open_at + 1, i))
                    open_at = None
                elif _is_opening(text, i) and ch == text[open_at] and ch != '"':
                    # a new opening while one is open: the first was never closed
                    regions.append(QuoteRegion(open_at, i, open_at + 1, i, balanced=False))
                    open_at = i
                elif ch == '"':
                    regions.append(QuoteRegion(open_at, i + 1, open_at + 1, i))
                    open_at = None
            i += 1
        if open_at is not None:
            nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
            continues = nxt is not None and text[nxt[0] : nxt[1]].lstrip()[:1] in {"“", '"', "„", "«"}
            if continues:
                carried = True
                # the next paragraph's opening mark continues this quote rather than opening a new one
                skip = nxt[0] + len(text[nxt[0] : nxt[1]]) - len(text[nxt[0] : nxt[1]].lstrip())
                paragraphs[p + 1] = (skip + 1, nxt[1])
            else:
                regions.append(QuoteRegion(open_at, pend, open_at + 1, pend, balanced=False))
                open_at = None
    return [r for r in regions if r.inner_end > r.inner_start]


def inside(regions: list[QuoteRegion], pos: int) -> QuoteRegion | None:
    """The region whose inner text contains character `pos`, if any."""
    for r in regions:
        if r.inner_start <= pos < r.inner_end:
            return r
    return None
