"""Who relays what: passages introduced by "Press TV reports:", "X quoted Y as saying" relays, outlets
as sources, and anonymous sourcing ("sources said", "an official who asked not to be named").

Outlets are recognised with `unspun.sources.find_outlets` where that capability is installed, and
by the words that present them ("X reports:", "X quoted …") otherwise, so a missing source database
degrades to names, never to an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..report import Article

ANONYMOUS_HEADS = {
    "source", "official", "report", "person", "people", "insider", "aide", "diplomat", "observer", "someone",
    "witness", "rumor", "rumour", "account", "spokesperson", "member", "expert", "analyst", "staffer",
}
ANONYMITY = re.compile(
    r"asked not to be (?:named|identified)|(?:on|under) (?:the )?condition (?:of|that he|that she|that they)"
    r"[^.]{0,30}anonym|not authori[sz]ed to (?:speak|discuss|comment)|speaking anonymously|\bunnamed\b|"
    r"\banonymous\b|familiar with (?:the|his|her|their)",
    re.I,
)
_INTRO = re.compile(
    r"^(?:(?:according to|as reported by|via)\s+(?P<by>[^:]{2,80})|(?P<who>[^:]{2,80}?)\s+"
    r"(?:reports?|reported|writes|wrote|says|said|quotes|quoted|notes|noted|states|stated|adds|added|"
    r"tweets|tweeted|posted|explains|explained)(?:\s+that)?)\s*:$",
    re.I,
)


@dataclass(frozen=True)
class Outlet:
    """An outlet mention: where it is, the words used and the resolved name (and domain, when known)."""

    start: int
    end: int
    text: str
    name: str
    domain: str | None = None


@dataclass(frozen=True)
class Passage:
    """Body text re-reported from an outlet: an intro paragraph and the passage it introduces."""

    intro: tuple[int, int]
    start: int
    end: int
    relay: str
    blockquote: bool


def outlets_in(article: Article, doc) -> list[Outlet]:
    """Outlet mentions in the body, from the source profiles where that capability exists."""
    try:
        from ..sources import find_outlets
    except ImportError:
        return []
    try:
        found = find_outlets(article.text, doc)
    except Exception:  # a missing or broken source database must not break quote analysis
        return []
    return [Outlet(f["start"], f["end"], f["text"], f.get("name") or f["text"], f.get("domain")) for f in found]


def outlet_at(outlets: list[Outlet], start: int, end: int) -> Outlet | None:
    """The outlet mentioned within `[start, end)`, if any."""
    return next((o for o in outlets if o.start < end and o.end > start), None)


def paragraphs(article: Article) -> list[tuple[int, int, str]]:
    """`(start, end, kind)` of the body's blocks, or blank-line paragraphs when there are no blocks."""
    if article.blocks:
        return sorted(((b.start, b.end, b.kind) for b in article.blocks), key=lambda b: (b[0], b[2] != "blockquote"))
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", article.text):
        out.append((m.start(), m.end(), "paragraph"))
    return out


def passages(article: Article, outlets: list[Outlet]) -> list[Passage]:
    """Passages introduced by a short paragraph ending in a colon that names who is relayed.

    The passage is the blockquote right after the intro when the page marks one; otherwise only the next
    paragraph (plain text does not say where re-reported material ends).
    """
    blocks = paragraphs(article)
    text = article.text
    out: list[Passage] = []
    for i, (start, end, kind) in enumerate(blocks):
        line = text[start:end].strip()
        m = _INTRO.match(line) if kind != "blockquote" and len(line) <= 120 else None
        if not m:
            continue
        outlet = outlet_at(outlets, start, end)
        relay = outlet.name if outlet else (m.group("by") or m.group("who")).strip()
        after = [b for b in blocks[i + 1 :] if b[0] >= end]
        if not after:
            continue
        quote = next((b for b in after if b[2] == "blockquote" and not text[end : b[0]].strip()), None)
        target = quote or after[0]
        out.append(Passage((start, end), target[0], target[1], relay, quote is not None))
    return out


def is_anonymous(tokens: list) -> bool:
    """Sourcing that names nobody: "sources", "a senior official who asked not to be named", "reports"."""
    if not tokens:
        return False
    text = "".join(t.text_with_ws for t in tokens)
    if ANONYMITY.search(text):
        return True
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return False
    ids = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in ids or t.head is t]
    head = heads[0] if heads else tokens[-1]
    return head.lemma_.lower() in ANONYMOUS_HEADS and head.pos_ in ("NOUN", "PRON")
