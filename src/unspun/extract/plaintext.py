"""Plain text to Article: the same reading of a page as from its HTML, from lines alone.

The first line is the title (a later repeat of it is not body); a lone badge line is a badge;
"By ..." and a date line near the top are the byline and date; a trailing comment section
(a "N comments" header, or a numbered or "X says:" list after the body, followed by comment-form
furniture) is split into comments; lines starting with ">" are a blockquote. Paragraphs are
blank-line separated, except that a block of long unwrapped lines is one paragraph per line
(text copied from a browser), while a hard-wrapped block is joined.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..report import Article, Badge, Comment
from .body import Piece, assemble
from .metadata import genre, guess_language
from .patterns import BYLINE, is_boilerplate, squash

_NUMBERED = re.compile(r"^\s+(\d{1,3})[.)]\s+(\S.*)$")
_SAYS = re.compile(r"^\s*(?P<author>[^\n]{1,60}?)\s+(?:says|said|wrote|commented)\s*:\s*$", re.IGNORECASE)
_COMMENTS_HEADER = re.compile(
    r"^\s*(?:(?:one|no|\d+)\s+(?:thoughts?|comments?|responses?|replies)(?:\s+(?:on|to)\s+.{1,200})?|comments?|reader comments)\s*:?\s*$",
    re.IGNORECASE,
)
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %d %Y", "%A, %B %d, %Y")
_DATE_LINE = re.compile(r"^\s*(?:published|posted|updated)?\s*(?:on)?\s*:?\s*(?P<date>.{6,40}?)(?:\s+at\s+.{3,12})?\s*$", re.IGNORECASE)


def extract_text(text: str) -> Article:
    """Extract an Article from plain text."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Article(source_format="text")
    title = squash(lines[first])
    body_lines, tail = _split_comments(lines[first + 1 :])
    comments = _comments(tail)
    byline, date, body_lines = _header(body_lines)
    pieces = _pieces(body_lines)
    body = assemble(pieces, title=title, comment_texts=[c.text for c in comments], base_url=None)
    return Article(
        title=title,
        byline=byline,
        date=date,
        genre=genre({}, [], title),
        language=guess_language(body.text),
        text=body.text,
        blocks=body.blocks,
        links=[],
        comments=comments,
        badges=[Badge(text=t, origin="text") for t in body.badges],
        source_format="text",
    )


def _split_comments(lines: list[str]) -> tuple[list[str], list[str]]:
    """Cut the trailing comment section (and its form furniture) off the body."""
    end = len(lines)
    # Trailing comment-form furniture ("Leave a Reply", the Akismet notice) closes the page.
    while end and (not lines[end - 1].strip() or is_boilerplate(lines[end - 1])):
        end -= 1
    furniture = end < len(lines) and any(lines[i].strip() for i in range(end, len(lines)))
    for i in range(end):
        if _COMMENTS_HEADER.match(lines[i]) and (furniture or _rest_is_comments(lines[i + 1 : end])):
            return lines[:i], lines[i + 1 : end]
    for i in range(end):
        if not (_NUMBERED.match(lines[i]) or _SAYS.match(lines[i])):
            continue
        blank_before = i >= 2 and not lines[i - 1].strip() and not lines[i - 2].strip()
        if (furniture or blank_before) and _rest_is_comments(lines[i:end]):
            return lines[:i], lines[i:end]
    return lines[:end] if furniture else lines, []


def _rest_is_comments(lines: list[str]) -> bool:
    """Whether lines read as a comment list: opened by "X says:", or numbered items and nothing else."""
    runs = _runs(lines)
    if not runs or not (_NUMBERED.match(runs[0][0]) or _SAYS.match(runs[0][0])):
        return False
    if _SAYS.match(runs[0][0]):
        return True  # "Name says:" comments may run to several paragraphs
    # A numbered list followed by ordinary paragraphs is part of the article, not a comment list.
    return all(_NUMBERED.match(run[0]) for run in runs)


def _runs(lines: list[str]) -> list[list[str]]:
    runs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _comments(lines: list[str]) -> list[Comment]:
    """Numbered items, or "Name says:" / date / text groups, as comments."""
    comments: list[Comment] = []
    author: str | None = None
    date: str | None = None
    texts: list[str] = []

    def flush() -> None:
        nonlocal author, date, texts
        text = "\n\n".join(t for t in texts if t)
        if text:
            comments.append(Comment(author=author, date=date, text=text))
        author, date, texts = None, None, []

    blank = True
    for line in lines:
        if not line.strip() or is_boilerplate(line):
            blank = True
            continue
        says = _SAYS.match(line)
        numbered = _NUMBERED.match(line)
        if says:
            flush()
            author = squash(says.group("author"))
        elif numbered:
            if texts:
                flush()
            texts.append(squash(numbered.group(2)))
        elif author and not texts and not date and _parse_date(line):
            date = _timestamp(line)
        elif texts and not blank:
            texts[-1] = f"{texts[-1]} {squash(line)}"  # a wrapped line of the same paragraph
        else:
            texts.append(squash(line))
        blank = False
    flush()
    return comments


def _header(lines: list[str]) -> tuple[str | None, str | None, list[str]]:
    """A "By ..." line and a date line among the first lines are metadata, not body."""
    byline = date = None
    keep: list[str] = []
    seen = 0
    for line in lines:
        if line.strip():
            seen += 1
        if seen <= 5 and line.strip():
            by = BYLINE.match(line)
            if by and byline is None:
                byline = by.group("name")
                continue
            parsed = _parse_date(line) if date is None else None
            if parsed:
                date = parsed
                continue
        keep.append(line)
    return byline, date, keep


def _parse_date(line: str) -> str | None:
    match = _DATE_LINE.match(line)
    if not match or len(line.strip()) > 60:
        return None
    candidate = squash(match.group("date")).rstrip(".")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(candidate, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _timestamp(line: str) -> str:
    """A comment's "March 9, 2024 at 4:10 pm" as ISO 8601 (minutes), or the line as written."""
    text = squash(line)
    for fmt in _DATE_FORMATS:
        for suffix in (" at %I:%M %p", " at %H:%M", ""):
            try:
                return datetime.strptime(text, fmt + suffix).isoformat(timespec="minutes")
            except ValueError:
                continue
    return text


def _pieces(lines: list[str]) -> list[Piece]:
    width = _wrap_width(lines)
    pieces: list[Piece] = []
    quote = 0
    for run in _runs(lines):
        if all(line.lstrip().startswith(">") for line in run):
            quote += 1
            inner = [line.lstrip()[1:].strip() for line in run]
            for paragraph_lines in _runs(inner):
                pieces.extend(Piece(p, "paragraph", quote) for p in _paragraphs(paragraph_lines, width))
            continue
        for paragraph in _paragraphs([line.strip() for line in run], width):
            kind = "heading" if paragraph.startswith("#") else "paragraph"
            pieces.append(Piece(paragraph.lstrip("# ") if kind == "heading" else paragraph, kind))
    return pieces


def _wrap_width(lines: list[str]) -> int | None:
    """The column the text is hard-wrapped at, or None when lines are unwrapped (one paragraph each)."""
    lengths = [len(line.strip()) for line in lines if line.strip()]
    if len(lengths) < 3 or sum(n > 100 for n in lengths) > 0.1 * len(lengths):
        return None
    return max(lengths)


def _paragraphs(run: list[str], width: int | None) -> list[str]:
    """Join a line to the next only where it was wrapped: the next word would not have fitted."""
    run = [squash(line) for line in run if line.strip()]
    if width is None:
        return run
    out = [run[0]] if run else []
    for previous, line in zip(run, run[1:]):
        if len(previous) + 1 + len(line.split()[0]) > width - 3:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out
