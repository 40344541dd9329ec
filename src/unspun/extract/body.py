"""Assembling the body: blocks of text with their offsets, links with theirs.

Both extractors (HTML via trafilatura's XML tree, plain text via its lines) produce a list of
`Piece`s; `assemble` drops what is not body (a repeated title, a badge line, comment-form
furniture, a comment that leaked in) and lays the rest out as `Article.text`, paragraphs separated
by a blank line. Blocks tile the body at paragraph level (`paragraph`, `heading`, `list`); a
`blockquote` block is laid over the paragraphs it encloses, so counting paragraphs and finding
re-reported material ("Outlet reports:" followed by a blockquote) are both simple.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin

from lxml import etree

from ..report import Block, Link
from .patterns import BYLINE, POST_SIGNATURE, badge_match, clean, fold, is_boilerplate

SEPARATOR = "\n\n"


@dataclass
class Piece:
    """One paragraph-level unit before layout; `quote` groups pieces of the same blockquote."""

    text: str
    kind: str = "paragraph"
    quote: int | None = None
    links: list[tuple[str, int, int]] = field(default_factory=list)  # (href, start, end) within text


@dataclass
class Body:
    """The laid-out body, plus what was taken out of it because it is metadata (badge lines, a byline)."""

    text: str
    blocks: list[Block]
    links: list[Link]
    badges: list[str]
    byline: str | None = None


def assemble(pieces: list[Piece], *, title: str | None, comment_texts: list[str], base_url: str | None) -> Body:
    """Filter the pieces and lay them out as the article body."""
    title_key = fold(title) if title else None
    comment_keys = {fold(c) for c in comment_texts if len(c) > 20}
    kept: list[Piece] = []
    badges: list[str] = []
    byline = None
    for index, piece in enumerate(pieces):
        piece = _normalised(piece)
        if not piece.text.strip():
            continue
        if title_key and index < 4 and not kept:
            if fold(piece.text) == title_key:
                continue
            piece = _without_title_line(piece, title_key)
        by = BYLINE.match(piece.text) if len(kept) < 2 and byline is None else None
        if by:
            byline = by.group("name")
            continue
        if badge_match(piece.text):
            badges.append(piece.text.strip())
            continue
        if is_boilerplate(piece.text) or fold(piece.text) in comment_keys:
            continue
        kept.append(piece)
    body = _layout(_posts_as_quotes(kept), badges, base_url)
    body.byline = byline
    return body


def _posts_as_quotes(pieces: list[Piece]) -> list[Piece]:
    """Embedded social posts that arrive as plain paragraphs (copied text, flattened markup) become blockquotes.

    A post is recognised by its signature, "— Name (@handle) Month D, YYYY", ending the paragraph that holds
    the post's text; a signature standing alone closes the post of the paragraph before it. The quotes and
    propaganda analyzers then read the post as relayed words, not the page's own.
    """
    out = list(pieces)
    next_id = max((p.quote or 0 for p in out), default=0) + 1
    for i, piece in enumerate(out):
        found = piece.quote is None and POST_SIGNATURE.search(piece.text)
        if not found:
            continue
        quote = next_id
        if found.start() == 0 and i:
            quote = out[i - 1].quote if out[i - 1].quote is not None else next_id
            out[i - 1] = replace(out[i - 1], quote=quote)
        out[i] = replace(piece, quote=quote)
        next_id += 1
    return out


def _without_title_line(piece: Piece, title_key: str) -> Piece:
    """The piece minus a first line that repeats the title (trafilatura's fallback can fuse the two)."""
    head, _, rest = piece.text.partition("\n")
    if not rest or fold(head) != title_key:
        return piece
    cut = len(head) + 1
    return Piece(rest, piece.kind, piece.quote, [(h, s - cut, e - cut) for h, s, e in piece.links if s >= cut])


def _normalised(piece: Piece) -> Piece:
    text = clean(piece.text)
    if text == piece.text:
        return piece
    links = [(h, len(clean(piece.text[:s])), len(clean(piece.text[:e]))) for h, s, e in piece.links]
    return Piece(text, piece.kind, piece.quote, links)


def _layout(pieces: list[Piece], badges: list[str], base_url: str | None) -> Body:
    out: list[str] = []
    blocks: list[Block] = []
    links: list[Link] = []
    quotes: dict[int, list[int]] = {}
    offset = 0
    for piece in pieces:
        if out:
            out.append(SEPARATOR)
            offset += len(SEPARATOR)
        start, end = offset, offset + len(piece.text)
        out.append(piece.text)
        blocks.append(Block(start=start, end=end, kind=piece.kind))  # type: ignore[arg-type]
        if piece.quote is not None:
            quotes.setdefault(piece.quote, [start, end])[1] = end
        for href, s, e in piece.links:
            links.append(Link(href=urljoin(base_url, href) if base_url else href, text=piece.text[s:e], start=start + s, end=start + e))
        offset = end
    for start, end in quotes.values():
        blocks.append(Block(start=start, end=end, kind="blockquote"))
    blocks.sort(key=lambda b: (b.start, b.kind != "blockquote"))
    return Body(text="".join(out), blocks=blocks, links=links, badges=badges)


# --------------------------------------------------------------------------- trafilatura XML


_BLOCK = {"p", "head", "code", "item", "row", "quote", "list", "table", "div", "cell"}


def pieces_from_xml(body) -> list[Piece]:  # body: lxml element of trafilatura's output tree
    """Walk trafilatura's XML body (`p`, `head`, `quote`, `list/item`, `table/row/cell`, `ref`, `lb`)."""
    pieces: list[Piece] = []
    counter = [0]

    def emit(el, quote: int | None) -> None:
        tag = el.tag
        if tag == "quote" and _has_blocks(el):
            counter[0] += 1
            mixed(el, counter[0])
            return
        if tag in ("list",):
            if el.text and el.text.strip():
                pieces.append(Piece(" ".join(el.text.split()), "paragraph", quote))
            for child in el:
                emit(child, quote)
                _tail_piece(child, quote, pieces)
            return
        if tag == "table":
            for row in el.iter("row"):
                cells = [" ".join("".join(c.itertext()).split()) for c in row.iter("cell")]
                line = " | ".join(c for c in cells if c)
                if line:
                    pieces.append(Piece(line, "paragraph", quote))
            return
        if tag in ("div",) and _has_blocks(el):
            mixed(el, quote)
            return
        if tag == "quote":
            counter[0] += 1
            quote = counter[0]
        kind = {"head": "heading", "item": "list"}.get(tag, "paragraph")
        _text_piece(el, kind, quote, pieces)

    def mixed(el, quote: int | None) -> None:
        """Block children in order; the text and inline elements between them (a post's signature "— Name
        (@handle)" and its linked date) are one paragraph each, as a reader sees them."""
        run = etree.Element("p")
        run.text = el.text
        for child in el:
            if isinstance(child.tag, str) and child.tag in _BLOCK:
                _text_piece(run, "paragraph", quote, pieces)
                emit(child, quote)
                run = etree.Element("p")
                run.text = child.tail
            else:
                run.append(_spaced(run, copy.deepcopy(child)))  # the copy keeps the child's tail
        _text_piece(run, "paragraph", quote, pieces)

    for child in body:
        if isinstance(child.tag, str):
            emit(child, None)
        _tail_piece(child, None, pieces)
    return pieces


def _spaced(run, child):
    """`child` (an inline element about to join `run`), with a space on either side where trafilatura dropped
    the line break that separated it from the words around it ("source code from<ref>http://…</ref>")."""
    before = run[-1].tail if len(run) else run.text
    if before and not before[-1].isspace() and child.text and not child.text[0].isspace():
        child.text = " " + child.text
    if child.tail and child.tail[0].isalnum():
        child.tail = " " + child.tail
    return child


def _has_blocks(el) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK for c in el)


def _tail_piece(el, quote: int | None, pieces: list[Piece]) -> None:
    if el.tail and el.tail.strip():
        pieces.append(Piece(" ".join(el.tail.split()), "paragraph", quote))


def _text_piece(el, kind: str, quote: int | None, pieces: list[Piece]) -> None:
    """Flatten one block element's inline content, recording `ref` link offsets; `lb` becomes a newline."""
    parts: list[str] = []
    links: list[tuple[str, int, int]] = []
    length = [0]

    def add(text: str | None) -> None:
        if text:
            parts.append(text)
            length[0] += len(text)

    def inline(node) -> None:
        if node.tag == "lb":
            add("\n")
        start = length[0]
        add(node.text)
        for child in node:
            if isinstance(child.tag, str):
                inline(child)
            add(child.tail)
        if node.tag == "ref" and node.get("target"):
            links.append((node.get("target"), start, length[0]))

    inline(el)
    text, links = _squash("".join(parts), links)
    # A blank line inside one element (`<br><br>` in Blogger-style posts) separates paragraphs.
    start = 0
    for segment in text.split(SEPARATOR):
        end = start + len(segment)
        if segment.strip():
            inside = [(h, s - start, e - start) for h, s, e in links if s >= start and e <= end]
            pieces.append(Piece(segment, kind, quote, inside))
        start = end + len(SEPARATOR)


_WS_RUN = re.compile(r"\s+")


def _collapse(text: str) -> str:
    """Runs of whitespace become one space, a newline where the run held one, a blank line where it held two."""
    return _WS_RUN.sub(lambda m: "\n\n" if m.group().count("\n") > 1 else "\n" if "\n" in m.group() else " ", text)


def _squash(raw: str, links: list[tuple[str, int, int]]) -> tuple[str, list[tuple[str, int, int]]]:
    """Collapse whitespace (keeping single line breaks) and move link offsets along with the text."""
    text = _collapse(raw).strip()
    if not links:
        return text, []
    lead = len(_collapse(raw)) - len(_collapse(raw).lstrip())
    moved = []
    for href, s, e in links:
        a = max(0, len(_collapse(raw[:s])) - lead)
        b = min(len(text), max(0, len(_collapse(raw[:e])) - lead))
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            moved.append((href, a, b))
    return text, moved
