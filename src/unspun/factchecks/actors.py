"""Actor conflicts: a fact-check about *another* person doing the same thing is not a match.

"Pope Francis endorses Donald Trump" and "Pope Francis has endorsed Hillary Clinton" share nearly every word
and most of their meaning, so neither the encoder's cosine nor the word coverage can tell them apart; who is
named can. A candidate *conflicts* with its query when both hold:
- the fact-check names a person none of whose name words occurs in the query ("Hillary Clinton"), and
- the query names an actor whose surname does not occur in the fact-check ("Trump").
Either side alone is not enough: fact-checks name people for context ("... the impeachment inquiry into
President Donald Trump") and queries name people the fact-check leaves out. Words are compared lower-cased,
possessive dropped and lightly stemmed, so "Trump", "Donald Trump", "Donald J. Trump" and "Trump's" are one
person; on the fact-check's side any name word will do ("Hillary" is "Hillary Clinton"), and a name word inside
a handle or a run-together hashtag ("realDonaldTrump") counts. On the query's side only the surname counts,
because headlines in title case give the recogniser's spans debris ("Endorses Donald Trump"). Titles ("Pope",
"President", "Sen.") are not name words, and a tweet's closing signature is not read: who posted a claim is
not who acts in it.

Names come from the shared spaCy pipeline's entity recogniser alone (the other components skipped), PERSON
entities, plus the query's ORG entities that share a word with a person a candidate names (the small model
often calls a headline's opening name an organisation: "Biden bans ..."). Only the candidates that would be
reported are compared, and names are remembered per text, so a query with no match costs nothing and one
with a match about 2.5 ms CPU (5 ms with its candidates new to the process).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .text import STOPWORDS, clean, stem, without_signature

#: Name words shorter than this are initials or the recogniser's debris ("J." of "Donald J. Trump", "DI").
_MIN_WORD = 3
#: Name words shorter than this are not looked for inside longer words ("realDonaldTrump" holds "trump").
_MIN_INSIDE = 4
#: Titles and honorifics the recogniser often takes into a name; they say nothing about who it is.
_TITLES = frozenset(stem(w) for w in (
    "pope president vice sen senator rep representative gov governor mayor king queen prince princess dr mr mrs ms "
    "miss sir lord lady saint st rev reverend father sister brother general gen former first secretary minister "
    "prime chancellor speaker judge justice chief ceo house leader breaking"
).split())

Name = tuple[str, ...]  # the words of one named actor, in order, titles dropped: ("donald", "trump")


class Names(NamedTuple):
    """The names a text holds, by the recogniser's type."""

    people: tuple[Name, ...]
    organisations: tuple[Name, ...]


_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*")


_POSSESSIVE = re.compile(r"['’]s$")


def words(text: str) -> list[str]:
    """A text's words as names are compared: lower case, a possessive dropped, inner apostrophes removed
    ("O'Brien's" -> "obrien"), lightly stemmed as search terms are ("Obamas" -> "obama")."""
    out = []
    for w in _WORD.findall(clean(text).lower()):
        w = _POSSESSIVE.sub("", w).replace("'", "").replace("’", "")
        if w not in STOPWORDS:
            out.append(stem(w))
    return out


def _name_terms(text: str) -> Name:
    return tuple(dict.fromkeys(w for w in words(text) if len(w) >= _MIN_WORD and w not in _TITLES and not w.isdigit()))


#: Names already found, by text (a process reports the same few claims again and again).
_CACHE: dict[str, Names] = {}
_CACHE_SIZE = 20_000


def names_of(texts: Sequence[str]) -> list[Names]:
    """The people each text names, and its organisations (one pass of the entity recogniser over all)."""
    from ..parse import nlp

    pipeline = nlp()
    skip = [name for name in pipeline.pipe_names if name != "ner"]
    out = []
    for doc in pipeline.pipe([clean(without_signature(t)) for t in texts], disable=skip):
        found = {label: {_name_terms(e.text) for e in doc.ents if e.label_ == label} for label in ("PERSON", "ORG")}
        out.append(Names(*(tuple(sorted(n for n in found[label] if n)) for label in ("PERSON", "ORG"))))
    return out


def names(texts: Sequence[str]) -> list[Names]:
    """`names_of`, remembered per text; the texts not seen before go through the recogniser in one batch."""
    known = {t: _CACHE.get(t) for t in dict.fromkeys(texts)}
    missing = [t for t, found in known.items() if found is None]
    if missing:
        fresh = dict(zip(missing, names_of(missing)))
        known.update(fresh)
        if len(_CACHE) + len(fresh) > _CACHE_SIZE:
            _CACHE.clear()
        _CACHE.update(fresh)
    return [known[t] for t in texts]  # type: ignore[misc]


def _mentions(text_terms: frozenset[str], name: Name) -> bool:
    """Whether a text (its search terms) mentions a named actor: one of the name's words is among them, or
    one holds the other (a handle "realdonaldtrump", a run-together hashtag "boycottpepsi")."""
    return any(w in text_terms or any(_inside(w, t) or _inside(t, w) for t in text_terms) for w in name)


def _inside(short: str, long: str) -> bool:
    return len(short) >= _MIN_INSIDE and len(long) > len(short) and short in long


def _conflict(query_words: frozenset[str], query_actors: Sequence[Name], claim: str, claim_people: Sequence[Name]) -> bool:
    """Whether the fact-check's claim is about other actors than the query: it names someone the query does
    not mention, and the query names someone (by surname) it does not mention."""
    claim_words = frozenset(words(claim))
    return any(not _mentions(query_words, n) for n in claim_people) and any(not _mentions(claim_words, n[-1:]) for n in query_actors)


def conflicts(query: str, claims: Sequence[str]) -> list[bool]:
    """`conflict` of one query with each of `claims`, names found in one batch.

    The query's actors are the people it names and, since the recogniser often calls a headline's opening
    name an organisation ("Biden bans ..."), those of its organisations that share a word with a person one
    of the claims names ("Joe Biden" in a sibling claim)."""
    if not claims:
        return []
    found = names([query, *claims])
    people = {w for n in found[1:] for name in n.people for w in name}
    actors = [*found[0].people, *(o for o in found[0].organisations if people.intersection(o))]
    query_words = frozenset(words(query))
    return [_conflict(query_words, actors, claim, n.people) for claim, n in zip(claims, found[1:])]
