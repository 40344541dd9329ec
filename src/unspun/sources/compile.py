"""Compile the lists in ../shared/data and our curated tables into the bundled source database.

The bundle keeps each list's ratings apart (original label, date, notes, link) with the values mapped
onto our vocabulary beside them; how ratings combine into a profile is decided at lookup time
(`database.py`), so the bundle stays a faithful, checkable copy of what the lists say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .domains import display_name, name_keys
from .lists import (
    LISTS, read_fakenewscorpus, read_mbfc, read_opensources, read_rebrands, read_state_media, read_wikipedia,
)

FORMAT = 1
#: Name flags in the bundle: lookup only, matched in text anywhere, matched in text only with support.
LOOKUP_ONLY, TEXT, TEXT_AMBIGUOUS = 0, 1, 2
#: Which name wins when several sources name one outlet (lower wins).
ORIGIN_RANK = {"user": 0, "state": 1, "rebrand": 2, "wikipedia": 3, "mbfc": 4}

#: Words of a name or a text; a possessive "'s" is not part of the word ("CNN's" -> "CNN").
_URLISH = re.compile(r"\S*(?:https?://|www\.)\S*|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co|uk|tv|ir|ru|cn|info|us|news)\b\S*")
TOKEN = re.compile(r"[^\W_]+(?:['\u2019](?![sS]\b)[^\W_]+)*")


def core_name(name: str) -> str:
    """The name without a leading "The" (matched separately in text)."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


class Ambiguity:
    """Decides whether an outlet's name is also ordinary English ("The Week", "Time", "People").

    A name is ambiguous when it is a short acronym ("AP", "NPR"), when its words occur in lower case, as
    one phrase, in a corpus of news text, or when the corpus says "in <name>" (a place) several times.
    Such a name only counts in an article where a citation cue or the parser's organisation entity
    supports it.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        # Lower case inside a URL or an address ("www.cnn.com") says nothing about English usage.
        text = _URLISH.sub(" ", "\n".join(texts))
        tokens = TOKEN.findall(text)
        self.words = " " + " ".join(tokens) + " "
        #: Words as written: whether "CBS" or "Free" is the usual form tells an acronym from a word.
        self.cased: Counter[str] = Counter(tokens)
        # Capitalised phrases (1-4 words) right after "in": places, counted once for every name.
        self.after_in: Counter[str] = Counter()
        for m in re.finditer(r"\bin\s+((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){0,3})", text):
            words = m.group(1).split()
            self.after_in.update(" ".join(words[:n]) for n in range(1, len(words) + 1))

    def is_acronym(self, word: str) -> bool | None:
        """Whether news prose writes `word` in capitals ("CBS", "NPR") more often than as a word ("free", "Free",
        "El"); None when it never writes it."""
        upper = self.cased[word.upper()]
        other = self.cased[word.lower()] + self.cased[word.capitalize()]
        return upper > other if upper + other else None

    def __call__(self, name: str) -> bool:
        core = core_name(name)
        words = TOKEN.findall(core)
        if not words or len(core) <= 2 or (core.isupper() and len(core) <= 4):
            return True
        if self.after_in[core] >= 3:
            return True  # a place as well ("in New York"): the city is not the magazine
        return f" {' '.join(w.lower() for w in words)} " in self.words


#: Words that make a name an outlet's ("CBS News", "Tampa Bay Times", "Deccan Herald"), and words that make it
#: an organisation's ("Heritage Foundation", "Pew Research Center"). MBFC rates think tanks, NGOs and
#: agencies too, and names them all by page slug; only names shaped like a news medium's are looked for in
#: text, so "the World Health Organization said" is not re-reporting from an outlet.
_NEWS_NAME = re.compile(
    r"\b(news\w*|times|post|journal|daily|herald|tribune|gazette|magazine|press|radio|tv|television|broadcast\w*|"
    r"reporter|report|chronicle|observer|monitor|wire|star|sun|telegraph|mail|express|guardian|standard|register|"
    r"inquirer|dispatch|courier|bulletin|record|review|weekly|today|examiner|sentinel|bee|beacon|globe|leader|"
    r"citizen|spectator|insider|mirror|independent|week|voice)\b",
    re.IGNORECASE,
)
_ORG_NAME = re.compile(
    r"\b(institute|institution|foundation|cent(?:er|re)|council|association|organi[sz]ation|society|committee|"
    r"coalition|campaign|federation|union|fund|alliance|trust|university|college|school|league|project|"
    r"watch|action|party|forum|group|movement|commission|department|office)\b",
    re.IGNORECASE,
)


def is_news_word(word: str) -> bool:
    """Whether one word is a generic word of news media's names ("News", "Press", "Report", "Times"): a name ending
    in one goes on into a longer name when a capitalised word follows ("the Empire News Service")."""
    return bool(_NEWS_NAME.fullmatch(word))


def _news_shaped(name: str) -> bool:
    """Whether a name from a list that rates more than news media names a news medium."""
    return bool(_NEWS_NAME.search(name)) and not _ORG_NAME.search(name)


def _is_text_name(name: str) -> bool:
    """Names worth looking for in prose: capitalised, with a letter, not a bare domain."""
    core = core_name(name)
    if not core:
        return False
    return core[0].isupper() or (core[0].isdigit() and any(c.isalpha() for c in core))


def compile_database(data: Path, curated: Path, corpus: Iterable[str]) -> dict[str, Any]:
    """The bundle: lists' provenance, every rating, outlet names with their text-matching flag, the
    rebrand/mirror table and the state-media table."""
    ratings: list[dict[str, Any]] = []
    names: list[tuple[str, str, str, bool]] = []  # (name, domain, origin, news outlet)

    opensources = list(read_opensources(data / "opensources"))
    ratings += opensources
    seen = {(r["domains"][0], r["label"]) for r in opensources}
    fnc = data / "fakenewscorpus-sample"
    if (fnc / "websites.csv").exists():
        ratings += read_fakenewscorpus(fnc, seen)
    for rating in read_mbfc(data / "mbfc-baly-media-factuality-bias"):
        name = rating.pop("name")
        if name:
            names.append((name, rating["domains"][0], "mbfc", _news_shaped(name)))
        ratings.append(rating)
    rated_news = {d for r in ratings for d in r["domains"]}
    for rating in read_wikipedia(data / "wikipedia-perennial-sources"):
        news = rating.pop("news") or bool(rated_news & set(rating["domains"]))
        for name in rating.pop("names"):
            names.append((name, rating["domains"][0], "wikipedia", news))
        ratings.append(rating)

    links = read_rebrands(curated / "rebrands.csv")
    for row in links:
        for side in ("old", "new"):
            if row[f"{side}_name"].strip():
                names.append((row[f"{side}_name"].strip(), row[f"{side}_domain"], "rebrand", True))
    state_media = read_state_media(curated / "state_media.csv")
    for row in state_media:
        for name in [row["name"], *row["names"]]:
            names.append((name, row["domains"][0], "state", True))
        ratings.append({
            "list": "unspun state-media table", "domains": row["domains"], "label": row["control"],
            "date": LISTS["unspun state-media table"]["date"], "notes": f"{row['state']}: {row['basis']}",
            "url": row["reference"], "factuality": None, "bias": None, "categories": [row["control"]],
        })

    ambiguous = Ambiguity(corpus)
    seen_names: set[tuple[str, str]] = set()
    name_rows = []
    for name, domain, origin, news in sorted(names, key=lambda n: ORIGIN_RANK[n[2]]):
        if (name, domain) in seen_names or not name_keys(name):
            continue
        seen_names.add((name, domain))
        flag = LOOKUP_ONLY
        # MBFC's names are page slugs in lower case ("cbs news"): judged as a reader sees them ("CBS News"),
        # else CBS News, ABC News Australia and most MBFC-only outlets were never found in text
        # (stored as shown: the prose decides which short words are acronyms, "CBS News" but "Free Press")
        shown = display_name(name, domain, ambiguous.is_acronym)
        if news and _is_text_name(shown) and "." not in core_name(shown):
            flag = TEXT_AMBIGUOUS if ambiguous(shown) else TEXT
        name_rows.append([shown, domain, origin, flag])

    return {
        "format": FORMAT,
        "lists": {k: {f: v for f, v in meta.items() if f != "folder"} for k, meta in LISTS.items()},
        "ratings": ratings,
        "names": name_rows,
        "links": links,
        "state_media": state_media,
    }
