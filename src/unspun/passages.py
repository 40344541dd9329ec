"""How a document is cut into the passages that get embeddings: its lead, in ~600-character pieces
ending at a sentence where possible. The evidence store indexes these and the stance model compares a
claim with the same pieces, so what is stored is exactly what the model was trained on."""

from __future__ import annotations

PASSAGE_CHARS = 600
LEAD_PASSAGES = 2


def lead_passages(text: str, count: int = LEAD_PASSAGES, size: int = PASSAGE_CHARS) -> list[tuple[int, int, str]]:
    """(start, end, text) of the first `count` passages of `text`."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    while pos < len(text) and len(out) < count:
        end = min(len(text), pos + size)
        if end < len(text):
            cut = text.rfind(". ", pos, end)
            end = cut + 1 if cut > pos + size // 3 else end
        piece = text[pos:end].strip()
        if piece:
            out.append((pos, end, piece))
        pos = end
    return out
