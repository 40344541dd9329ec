"""Finding outlets named in article text, and whether the text cites them as sources.

Three ways in: the database's outlet names (matched token by token, as proper names: "The Week" is not
"the week"), domain names written in the text ("Breitbart.com"), and, when a spaCy parse is given, its
organisation entities looked up by name ("al-Mayadeen" -> almayadeen.net). A name that is also ordinary
English ("Time", "People", "The Hill") counts only where the parse tags it as an organisation or, with
no parse, where a citation cue stands next to it and it is not the first word of its sentence. A name is no
outlet inside a longer name or a title ("the Detroit Free Press", "the National Report on Drug Use and Health"),
nor where several papers share it ("the Daily Record").
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from .compile import TOKEN, core_name, is_news_word
from .database import copy_profile
from .domains import looks_like_domain, name_keys, registrable_domain
from .kinds import is_outlet

#: Lower-case words allowed inside a proper name ("Voice of America", "al-Mayadeen").
_NAME_PARTICLES = {"al", "el", "de", "of", "the", "and", "for", "la", "le", "du", "von", "van", "der", "di", "da", "des", "on", "in", "a"}
_MAX_TOKENS = 8

_VERBS = (
    r"reports?|reported|reporting|quoted|quotes|quoting|cited|cites|citing|said|says|saying|wrote|writes|"
    r"published|publishes|claimed|claims|announced|announces|revealed|reveals|noted|notes|added|adds|stated|"
    r"states|broadcast|broadcasts|aired|airs|tweeted|posted|posts|learned|confirmed|confirms|described|"
    r"describes|explained|explains|alleged|alleges|has learned|carried|warned|warns|insisted|insists|denied|"
    r"denies|argued|argues|urged|urges|declared|declares|accused|accuses|asserted|asserts|editoriali[sz]ed"
)
#: A cue after the name: "Press TV reports", "al-Mayadeen quoted", "Reuters, citing officials, said".
_AFTER = re.compile(
    r"^(?:['\u2019]s?)?(?:\s+(?:news agency|agency|television|tv|channel|network|newspaper|daily|website|"
    r"has|have|had|also|later|first|previously|then|earlier|recently|reportedly|\w+ly))*"
    r"(?:\s*,[^,.;:!?]{1,80},)?\s+(?:" + _VERBS + r")\b",
    re.IGNORECASE,
)
#: A cue before the name: "according to Reuters", "told CNN", "reported by the BBC".
_BEFORE = re.compile(
    r"(?:according to|told|tells|telling|reported by|quoted by|cited by|published by|broadcast by|aired by|"
    r"carried by|interview with|interviewed by|speaking to|spoke to|spoke with|talking to|said to|wrote in|"
    r"writing in|wrote for|writing for|reports? (?:in|by|from|on)|via|source:|sources:|citing|quoting|"
    r"(?:article|report|interview|op-ed|editorial|piece|story|broadcast|statement) (?:in|by|for|on|with|to))"
    r"\s+(?:the\s+)?(?:[\w-]+['\u2019]s\s+)?$",
    re.IGNORECASE,
)
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he\s$")
_DOMAIN_IN_TEXT = re.compile(r"(?<![@\w.-])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-]|\.\w)")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s+|\n\s*\n|:\s*\n")


@dataclass(frozen=True)
class _Entry:
    domain: str
    name: str
    ambiguous: bool
    needs_article: bool
    #: The name of several newspapers ("Daily Record"): it names none of them in text.
    shared: bool = False


def _key(word: str) -> str:
    return word.lower().replace("\u2019", "'")


@functools.cache
def _index() -> tuple[dict[tuple[str, ...], list[_Entry]], dict[str, int]]:
    """Lower-cased token tuples of the text-matchable names (without a leading "The") -> entries, and for
    each first word the length of the longest name it starts.

    The second map is what keeps matching cheap: most words of an article start no outlet's name, and
    those are passed over with one dictionary look-up instead of one per possible name length."""
    from .store import database

    index: dict[tuple[str, ...], list[_Entry]] = {}
    longest: dict[str, int] = {}
    for name, domain, ambiguous in database().text_names:
        core = core_name(name)
        key = tuple(_key(t) for t in TOKEN.findall(core))
        if not key or len(key) > _MAX_TOKENS:
            continue
        # "The Australian", "The Hindu": one word that is also a nationality or a faith needs its "the"
        needs_article = (ambiguous or len(key) == 1) and core != name.strip()
        entries = index.setdefault(key, [])
        if all(e.domain != domain for e in entries):
            entries.append(_Entry(domain, name, ambiguous, needs_article))
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    for key, entries in index.items():
        if _shared_name(key, entries, index):
            index[key] = [replace(e, shared=True) for e in entries]
    return index, longest


def _shared_name(key: tuple[str, ...], entries: list[_Entry], index: dict[tuple[str, ...], list[_Entry]]) -> bool:
    """Whether a name of generic newspaper words only names several papers: the lists give it, with a place
    added, to another outlet as well ("Daily Record" is dailyrecord.com, New Jersey's, and "Daily Record
    Scotland" is dailyrecord.co.uk; "Daily Telegraph" and "Daily Telegraph Australia"). In text such a name
    does not say which paper it is."""
    from .store import database

    if len(key) < 2 or not all(is_news_word(w) for w in key):
        return False
    own = {e.domain for e in entries}
    aliases = {a for d in own for a in database().profile(d)["aliases"]} | own
    return any(
        len(other) > len(key) and other[:len(key)] == key and any(e.domain not in aliases for e in more)
        for other, more in index.items()
    )


def reset() -> None:
    """Forget the gazetteer (after the user layer changed)."""
    _index.cache_clear()


def _looks_proper(words: list[str]) -> bool:
    """Every word capitalised (or a particle such as "al", "of", or the "s" of a possessive that TOKEN
    splits off: "People's Daily"), and at least one capitalised."""
    caps = [w[:1].isupper() or w[:1].isdigit() for w in words]
    return any(caps) and all(
        c or w.lower() in _NAME_PARTICLES or (w == "s" and k) for k, (w, c) in enumerate(zip(words, caps))
    )


_SENTENCES = "unspun.sentence_chars"  # the parse's sentence starts and ends, kept in `doc.user_data` once found


def sentence_bounds(text: str, start: int, end: int, doc: Any = None) -> tuple[int, int]:
    """The sentence around `[start, end)`: from the parse when given, else from punctuation. The parse's
    sentence offsets are listed once per parse (this runs for every name candidate of every outlet scan)."""
    if doc is not None:
        spans = doc.user_data.get(_SENTENCES)
        if spans is None:
            sents = list(doc.sents)
            spans = doc.user_data[_SENTENCES] = ([s.start_char for s in sents], [s.end_char for s in sents])
        starts, ends = spans
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < ends[i]:
            return starts[i], max(ends[i], end)
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.start() + 1 if m else len(text)
    return left, min(max(right, end), len(text))


def citation_cue(text: str, start: int, end: int, doc: Any = None) -> str | None:
    """The words that present the outlet at `[start, end)` as a source, or None."""
    s_start, s_end = sentence_bounds(text, start, end, doc)
    after = _AFTER.match(text[end:s_end])
    if after:
        return after.group(0).strip(" ,")
    before = _BEFORE.search(text[max(s_start, start - 80):start])
    if before:
        return before.group(0).strip()
    return None


def _entity_candidates(doc: Any) -> list[tuple[int, int, str]]:
    """Organisation entities of the parse, and entities of other labels that look like an outlet's name
    with a particle ("al-Mayadeen" is often tagged as a person)."""
    if doc is None:
        return []
    return [
        (e.start_char, e.end_char, e.text) for e in doc.ents
        if e.label_ == "ORG" or re.match(r"^(?:al|el)[-\s]\w", e.text.strip(), re.IGNORECASE)
    ]


def find_outlets(text: str, doc: Any = None) -> list[dict[str, Any]]:
    """Outlets mentioned in `text`: one dict per mention with `start`, `end`, `text`, `domain`, `name`,
    `cue` (the citing words, or None), `cited` (bool), `method` (`name`, `domain`, `entity`) and the
    outlet's `profile`. `doc` is the spaCy parse of the same text; without it no entity is used."""
    from .store import database

    db = database()
    index, longest = _index()
    tokens = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]
    keys = [_key(t[2]) for t in tokens]
    org_labels = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"} if doc is not None else set()
    places = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"GPE", "LOC", "FAC"}] if doc is not None else []
    # surnames of people named in full: "Bloomberg said" after "Michael Bloomberg" is the man, not the outlet
    # (the parser often tags the bare surname ORG, so that tag cannot overrule it)
    surnames = {e.text.split()[-1].lower() for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1} if doc is not None else set()
    doc_tokens = {t.idx: t for t in doc} if doc is not None else {}
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, domain: str, method: str, cue: str | None) -> None:
        taken.append((start, end))
        if not is_outlet(domain):
            return  # "via Twitter", "a video posted on YouTube": the platform carries the post, it is not a source
        profile = copy_profile(db.profile(domain))
        found.append({
            "start": start, "end": end, "text": text[start:end], "domain": domain, "name": profile["name"],
            "cue": cue, "cited": cue is not None, "method": method, "profile": profile,
        })

    i = 0
    while i < len(tokens):
        matched = False
        for n in range(min(longest.get(keys[i], 0), len(tokens) - i), 0, -1):
            words = [t[2] for t in tokens[i:i + n]]
            entries = index.get(tuple(keys[i:i + n]))
            if not entries or not _looks_proper(words):
                continue
            start, end = tokens[i][0], tokens[i + n - 1][1]
            if text[start:end].count("\n"):
                continue
            entry = entries[0]
            if entry.shared:
                taken.append((start, end))  # nor is it looked up again as the parse's organisation entity
                i += n
                matched = True
                break
            if _is_place(start, end, places) or (entry.needs_article and not _article_name(text, start, end)):
                continue
            if n == 1 and text[start:end].lower() in surnames:
                continue
            if _inside_longer_name(text, tokens, i, n, doc, doc_tokens) or _longer_name_after(text, end, words[-1]):
                continue
            cue = citation_cue(text, start, end, doc)
            if entry.ambiguous and not _ambiguous_ok(text, start, end, entry, cue, doc, org_labels):
                continue
            article = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
            if article and entry.name.lower().startswith("the "):
                start = article.start()  # the span names the outlet as the text does: "The Week"
            add(start, end, entry.domain, "name", cue)
            i += n
            matched = True
            break
        if not matched:
            i += 1

    for m in _DOMAIN_IN_TEXT.finditer(text):
        if _overlaps(taken, m.start(), m.end()) or not looks_like_domain(m.group(0)):
            continue
        domain = registrable_domain(m.group(0))
        if domain and db.knows(domain):
            add(m.start(), m.end(), domain, "domain", citation_cue(text, m.start(), m.end(), doc))

    for start, end, ent_text in _entity_candidates(doc):
        name = re.sub(r"['\u2019]s$", "", ent_text.strip())
        end = start + len(name)
        if _overlaps(taken, start, end) or not name_keys(name) or name.lower() in surnames:
            continue
        domain = db.find_name(name, news_only=True)
        if domain:
            add(start, end, domain, "entity", citation_cue(text, start, end, doc))
    found.sort(key=lambda f: f["start"])
    return found


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
#: A weekday or a month: capitalised, yet no part of a name ("told The Australian on Monday", "On Monday Reuters said").
_DATE_WORD = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Jan|Febr)uary|March|April|May|June?|July|August|"
    r"(?:Septem|Octo|Novem|Decem)ber)\b"
)
_CAPITAL_AFTER = re.compile(r"[ \t]+(?!" + _DATE_WORD + r")[A-Z]")
#: Capitalised words before a name that do not make it longer ("The Free Press", "On Monday Reuters said").
_DATE_OR_THE = re.compile(r"(?:The|I|" + _DATE_WORD + r")$")
#: Capitalised words that name a part or a programme of the outlet itself, not another name ("Fox News Channel",
#: "BBC Radio", "the New York Times Magazine", "the Washington Post Editorial Board").
_OWN_PART = r"(?:News Agency|Agency|Television|TV|Channel|Network|Radio|Newspaper|Magazine|Online|Digital|Editorial|Website)\b"
#: After a name that ends in a word such as News, Report, Press or Times, a capitalised word makes a longer name
#: ("the Empire News Service", "World News Tonight", "the Morning Star Baptist Church"), and "on"/"of" followed
#: by two capitalised words makes a title ("the National Report on Drug Use and Health").
_NAME_GOES_ON = re.compile(r"[ \t]+(?!" + _DATE_WORD + "|" + _OWN_PART + r")[A-Z]")
_TITLE_GOES_ON = re.compile(r"[ \t]+(?:on|of)[ \t]+(?!" + _DATE_WORD + r")[A-Z][\w'\u2019-]*[ \t]+(?:(?:and|of|on|the|for)[ \t]+)?[A-Z]")


def _article_name(text: str, start: int, end: int) -> bool:
    """A "The X" name said as the text says the outlet: "the" before it ("told the Hill", not "Fiona Hill"),
    and no capitalised word after it that makes it part of a longer name ("the Australian Prime Minister",
    "the Atlantic Council")."""
    return bool(_THE_BEFORE.search(text[max(0, start - 5):start])) and not _CAPITAL_AFTER.match(text, end)


def _inside_longer_name(
    text: str, tokens: list[tuple[int, int, str]], i: int, n: int, doc: Any, doc_tokens: dict[int, Any]
) -> bool:
    """Whether the name at tokens `[i, i + n)` is the end of a longer proper name: "the Detroit Free Press" and "the
    Winnipeg Free Press" are not freepress.net. The word before, with only spaces between, is capitalised and is
    neither "The", a weekday nor a month. The first word of a sentence is capitalised anyway ("But CNN said"), so it
    continues the name only where the parse reads it as a proper noun ("Detroit Free Press reported"). A nationality
    is no part of the name ("the Iranian Press TV"). `doc_tokens` are the parse's tokens by start offset."""
    if i == 0:
        return False
    p_start, p_end, word = tokens[i - 1]
    gap = text[p_end:tokens[i][0]]
    if not gap or gap.strip(" \t") or not word[:1].isupper() or _DATE_OR_THE.match(word):
        return False
    token = doc_tokens.get(p_start)
    if token is not None and token.ent_type_ == "NORP":
        return False
    s_start, _ = sentence_bounds(text, tokens[i][0], tokens[i + n - 1][1], doc)
    if text[s_start:p_start].strip(" \t\n\"'\u201c\u2018(["):
        return True
    return token is not None and token.pos_ == "PROPN"


def _longer_name_after(text: str, end: int, last_word: str) -> bool:
    """Whether the words after a name make it part of a longer name or of a title: a capitalised word after a name
    ending in a generic word ("Empire News Service"), or "on"/"of" + capitalised words after any name ("National
    Report on Drug Use and Health"). A single brand ("BBC World Service", "CNN International") goes on with its
    own programmes and editions, so only generic endings are cut."""
    if _TITLE_GOES_ON.match(text, end):
        return True
    return is_news_word(last_word) and bool(_NAME_GOES_ON.match(text, end))


def _ambiguous_ok(text: str, start: int, end: int, entry: _Entry, cue: str | None, doc: Any, org_labels: set) -> bool:
    """Whether a name that is also ordinary English is the outlet here."""
    if doc is not None and any(s <= start and end <= e for s, e in org_labels):
        return True
    if cue is None:
        return False
    s_start, _ = sentence_bounds(text, start, end, doc)
    lead = text[s_start:start].strip(" \"'\u201c\u2018(")
    return bool(lead)  # a sentence's first word is capitalised anyway; after "The" it is telling


def _is_place(start: int, end: int, places: list[tuple[int, int]]) -> bool:
    """The parse reads these words as a place ("New York" the city, not the magazine)."""
    return any(s <= start and end <= e for s, e in places)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
