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
from .speakers import phrase_head

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


def outlet_speaking(outlets: list[Outlet], tokens: list) -> Outlet | None:
    """The outlet (other than the page's own) that a speaker phrase names as the one speaking: its name
    holds the phrase's head ("Press TV reported", "the state-run news agency SANA said") or owns it ("Press
    TV's correspondent", "a CNN report"). An outlet deeper in the phrase is part of a person's role or an
    aside ("said Jim Rich, a former editor of the New York Daily News"): the person speaks, and the outlet
    relays nothing (it had been made the speaker and counted as relaying the person's words)."""
    if not tokens:
        return None
    head = phrase_head(tokens)
    heads = [head]
    if head.ent_type_ != "PERSON":
        heads += [c for c in head.children if c.dep_ in ("poss", "compound")]
    for token in heads:
        outlet = outlet_at(outlets, token.idx, token.idx + len(token.text))
        if outlet is not None:
            return outlet
    return None


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
    head = phrase_head(tokens)
    return (head.lemma_.lower() in ANONYMOUS_HEADS and head.pos_ in ("NOUN", "PRON") and not _owned(head)
            and not _generic(head))


#: Heads that are a document or one of a group rather than a kind of source: said with "the" ("the
#: report", "the staff member") they are one the article has already named or introduced.
_DEFINITE_NAMED = {"report", "account", "member"}
_DOCUMENTS = {"report", "account", "rumor", "rumour"}
#: Prepositions that name a document's author or venue ("a report by the VOV", "published in the journal
#: BMJ Case Reports") and those that name the body a spokesperson speaks for ("a spokesperson for UCEA").
_AUTHOR_PREPS = ("by", "in", "from")
_BODY_PREPS = ("for", "of", "at")
#: Heads that are everyone, not a source, when nothing narrows them ("commercials in which people say …").
_GENERIC = {"people"}


def _proper(token) -> bool:
    """A name, or a word with a name compounded into it or set beside it ("the VOV", "Omar", "the Nigerian
    Senate", "the journal BMJ Case Reports")."""
    return token.pos_ == "PROPN" or any(c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" for c in token.children)


def _named_by(head, preps: tuple[str, ...]) -> bool:
    """Whether a prepositional phrase on `head`, or on a participle hanging on it ("a case report published
    in the journal BMJ Case Reports"), names someone with one of `preps`."""
    for child in head.children:
        if child.dep_ == "acl" and child.tag_ == "VBN" and _named_by(child, preps):
            return True
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            if any(o.dep_ == "pobj" and _proper(o) for o in child.children):
                return True
    return False


def _definite(token) -> bool:
    """Said with "the", "this" or "that": one the article has named or introduced."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)


def _owned(head) -> bool:
    """The phrase says whose it is: a named owner ("Omar's staffer"; not "CNN's sources", which stay
    unnamed), a named author of a document ("a report by the VOV", "an account in the Global Times", "a
    case report published in the journal BMJ Case Reports", or "The report by the University and College
    Union" in the next sentence), the named body a spokesperson speaks for on the record ("a spokesperson
    for the Universities and Colleges Employers' Association", "a UCEA spokesperson"), or "the" before a
    document or a member the article has introduced ("the report", "the staff member")."""
    lemma = head.lemma_.lower()
    if lemma != "source" and any(c.dep_ == "poss" and _proper(c) for c in head.children):
        return True
    if lemma in _DOCUMENTS and (_named_by(head, _AUTHOR_PREPS) or _named_next(head)):
        return True
    if lemma == "spokesperson" and (_proper(head) or _named_by(head, _BODY_PREPS)):
        return True
    return lemma in _DEFINITE_NAMED and head.tag_ == "NN" and _definite(head)


def _named_next(head) -> bool:
    """A document introduced without its author whose next mention, in the same or the next sentence, names
    it ("…, says a report highlighting …" / "The report by the University and College Union claims …")."""
    sentences = 0
    for token in head.doc[head.i + 1 :]:
        if token.is_sent_start and not token.is_space:
            sentences += 1
            if sentences > 1:
                return False
        if token.lemma_ == head.lemma_ and _definite(token) and _named_by(token, _AUTHOR_PREPS):
            return True
    return False


def _generic(head) -> bool:
    """A bare "people": everyone, not someone the article relies on ("TV commercials in which people say
    'I'm on meth'"); "people close to the talks" or "many people" stay unnamed sourcing."""
    return head.lemma_.lower() in _GENERIC and not any(not c.is_punct for c in head.children)
