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

#: Cues that make the outlet the one a source spoke to ("an insurgent source told Agence France-Presse"):
#: whoever speaks in that sentence is relayed by the outlet.
_TOLD = re.compile(r"(?:told|tells|telling|speaking to|spoke to|spoke with|talking to|said to|interview with|"
                   r"interviewed by)\b", re.I)
#: Words that open an intro line without naming anyone ("See tweets:", "Read reports:", "He said:").
_NOT_A_SOURCE = {"see", "read", "watch", "view", "click", "listen", "follow", "share", "related", "more", "also",
                 "latest", "here", "this", "it", "he", "she", "they", "we", "i", "you"}


@dataclass(frozen=True)
class Outlet:
    """An outlet mention: where it is, the words used and the resolved name (and domain, when known)."""

    start: int
    end: int
    text: str
    name: str
    domain: str | None = None
    cue: str | None = None
    #: the sentence, when the outlet is the one spoken to ("told Ruptly"): what is said there it relays
    sentence: tuple[int, int] | None = None
    own: bool = False


@dataclass(frozen=True)
class Passage:
    """Body text re-reported from an outlet: an intro paragraph and the passage it introduces."""

    intro: tuple[int, int]
    start: int
    end: int
    relay: str
    blockquote: bool


def outlets_in(article: Article, doc) -> list[Outlet]:
    """Outlet mentions in the body, from the source profiles where that capability exists. A mention of
    the page's own outlet ("CNN" on cnn.com, "POLITICO" on politico.com) is kept with `own` set: the page
    itself, never an outlet it relays."""
    try:
        from ..sources import find_outlets, page_domain, same_outlet
        from ..sources.gazetteer import sentence_bounds
    except ImportError:
        return []
    try:
        found = find_outlets(article.text, doc)
        publisher, _ = page_domain(article)
        own = [same_outlet(f.get("domain"), publisher) for f in found]
    except Exception:  # a missing or broken source database must not break quote analysis
        return []
    return [Outlet(f["start"], f["end"], f["text"], f.get("name") or f["text"], f.get("domain"), f.get("cue"),
                   sentence_bounds(article.text, f["start"], f["end"], doc) if _TOLD.match(f.get("cue") or "") else None,
                   mine)
            for f, mine in zip(found, own)]


def outlet_at(outlets: list[Outlet], start: int, end: int) -> Outlet | None:
    """The outlet other than the page's own mentioned within `[start, end)`, if any."""
    return next((o for o in _mentioned(outlets, start, end) if not o.own), None)


def _mentioned(outlets: list[Outlet], start: int, end: int) -> list[Outlet]:
    return [o for o in outlets if o.start < end and o.end > start]


def paragraphs(article: Article) -> list[tuple[int, int, str]]:
    """`(start, end, kind)` of the body's blocks, or blank-line paragraphs when there are no blocks."""
    if article.blocks:
        return sorted(((b.start, b.end, b.kind) for b in article.blocks), key=lambda b: (b[0], b[2] != "blockquote"))
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", article.text):
        out.append((m.start(), m.end(), "paragraph"))
    return out


def passages(article: Article, outlets: list[Outlet]) -> list[Passage]:
    """Passages introduced by a short paragraph ending in a colon that names who is relayed, then the
    sentences where someone speaks to an outlet ("a doctor on the scene told Ruptly").

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
        named = _mentioned(outlets, start, end)
        outlet = named[0] if named else None
        relay = outlet.name if outlet else (m.group("by") or m.group("who")).strip()
        if (outlet and outlet.own) or (outlet is None and (relay.split() or [""])[0].lower() in _NOT_A_SOURCE):
            continue
        after = [b for b in blocks[i + 1 :] if b[0] >= end]
        if not after:
            continue
        quote = next((b for b in after if b[2] == "blockquote" and not text[end : b[0]].strip()), None)
        target = quote or after[0]
        out.append(Passage((start, end), target[0], target[1], relay, quote is not None))
    out += [Passage((o.start, o.end), o.sentence[0], o.sentence[1], o.name, False) for o in outlets
            if o.sentence and not o.own]
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
    return head.lemma_.lower() in ANONYMOUS_HEADS and head.pos_ in ("NOUN", "PRON") and not _owned(head)


#: Heads that are a document or one of a group rather than a kind of source: said with "the" ("the
#: report", "the staff member") they are one the article has already named or introduced.
_DEFINITE_NAMED = {"report", "account", "member"}
_DOCUMENTS = {"report", "account", "rumor", "rumour"}


def _proper(token) -> bool:
    """A name, or a word with a name compounded into it ("the VOV", "Omar", "the Nigerian Senate")."""
    return token.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)


def _owned(head) -> bool:
    """The phrase says whose it is: a named owner ("Omar's staffer"; not "CNN's sources", which stay
    unnamed), a named author of a document ("a report by the VOV", "an account in the Global Times"), or
    "the" before a document or a member the article has introduced ("the report", "the staff member")."""
    lemma = head.lemma_.lower()
    for child in head.children:
        if child.dep_ == "poss" and lemma != "source" and _proper(child):
            return True
        if lemma in _DOCUMENTS and child.dep_ in ("prep", "agent") and child.lower_ in ("by", "in", "from"):
            if any(o.dep_ == "pobj" and _proper(o) for o in child.children):
                return True
        if lemma in _DEFINITE_NAMED and head.tag_ == "NN" and child.dep_ == "det" and child.lower_ in ("the", "this", "that"):
            return True
    return False
