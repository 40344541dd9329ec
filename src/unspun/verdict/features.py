"""Hand-made style features of reliability: sensationalism, subjectivity, sourcing and readability.

Why hand-made: they are few, they generalise across sites better than word lists learned from a handful
of publishers (Potthast et al. 2018), and each one can point at the words that raised it. Lexicons are
short and written for this project. Everything is regex-based, so scoring needs no parse.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_END = re.compile(r"[.!?]+(?:[\"'”’)\]]*)(?=\s|$)")
_DIGITS = re.compile(r"\b\d[\d,.%]*\b")
_QUOTE = re.compile(r"[\"“”]")


def _lexicon(*words: str) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern; `*` at a word's end allows any ending."""
    parts = [re.escape(w).replace(r"\*", r"\w*").replace(r"\ ", r"\s+") for w in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


SENSATIONAL = _lexicon(
    "shocking", "shock*", "stunning", "stunned", "bombshell", "explosive", "outrage*", "outrageous", "insane",
    "horrif*", "terrif*", "destroy*", "devastat*", "slam*", "blast*", "epic", "unbelievable", "incredible",
    "jaw-dropping", "mind-blowing", "exposed", "busted", "caught", "meltdown", "freak* out", "humiliat*",
    "disgrac*", "disgusting", "scandal*", "massive", "huge", "breaking", "urgent", "alert", "miracle",
    "secret*", "hidden", "banned", "cover-up", "coverup", "they don't want you to know", "wake up",
)
INTENSIFIERS = _lexicon(
    "very", "really", "totally", "completely", "absolutely", "utterly", "extremely", "literally", "truly",
    "definitely", "clearly", "obviously", "undeniably", "entirely", "ever", "never", "always", "everyone",
    "nobody", "worst", "best", "greatest", "biggest", "most",
)
SUBJECTIVE = _lexicon(
    "i think", "i believe", "in my opinion", "we believe", "frankly", "honestly", "sadly", "thankfully",
    "hopefully", "unfortunately", "ridiculous", "absurd", "pathetic", "shameful", "evil", "corrupt*",
    "liar*", "lying", "idiot*", "moron*", "stupid", "crazy", "disgusting", "hypocri*", "traitor*",
    "thug*", "scum", "radical*", "elite*", "globalist*", "puppet*", "regime", "propaganda", "sheeple",
    "tyrann*", "treason*", "criminal*", "crook*",
)
PERSONAL = _lexicon("i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours")
ATTRIBUTION = _lexicon(
    "said", "says", "told", "according to", "stated", "reported", "announced", "explained", "wrote",
    "testified", "confirmed", "noted", "added", "spokesman", "spokeswoman", "spokesperson", "statement",
    "study", "researchers", "data", "survey", "published",
)
ANONYMOUS = _lexicon(
    "sources say", "sources said", "a source", "insiders", "reportedly", "rumored", "rumoured",
    "it is said", "some say", "many people", "people are saying", "allegedly", "unnamed", "anonymous",
)
CLICKBAIT = _lexicon(
    "you won't believe", "you will never", "what happens next", "here's why", "here is why", "this is why",
    "the reason why", "goes viral", "just did", "watch", "video", "must see", "must-see", "you need to",
    "will make you", "the truth about", "finally", "wow", "omg", "lol",
)


@dataclass(frozen=True)
class StyleFeature:
    """A named feature, what it counts in plain words, and the pattern that finds its words.

    A reason reads "many <plain> (the words found)" or "few <plain>", beside other sections' findings, so
    `plain` says what is counted: `anonymous` counts words of vague sourcing ("reportedly", "many people"),
    not the unnamed sources the quotes section finds."""

    name: str
    plain: str
    pattern: re.Pattern[str] | None = None


FEATURES: tuple[StyleFeature, ...] = (
    StyleFeature("sensational", "sensational words", SENSATIONAL),
    StyleFeature("intensifiers", "absolutes and intensifiers", INTENSIFIERS),
    StyleFeature("subjective", "opinionated or insulting words", SUBJECTIVE),
    StyleFeature("personal", "first- and second-person pronouns", PERSONAL),
    StyleFeature("clickbait_title", "clickbait cues in the headline", CLICKBAIT),
    StyleFeature("exclamations", "exclamation marks", re.compile(r"!+")),
    StyleFeature("questions", "question marks", re.compile(r"\?+")),
    StyleFeature("caps_words", "words in capitals", re.compile(r"\b[A-Z]{4,}\b")),
    StyleFeature("title_caps", "headline words in capitals", None),
    StyleFeature("attribution", "attribution words", ATTRIBUTION),
    StyleFeature("anonymous", "words of vague sourcing", ANONYMOUS),
    StyleFeature("quotes", "quotation marks", _QUOTE),
    StyleFeature("numbers", "figures and numbers", _DIGITS),
    StyleFeature("sentence_length", "words per sentence", None),
    StyleFeature("word_length", "letters per word", None),
    StyleFeature("lexical_variety", "distinct words", None),
    StyleFeature("length", "words in total", None),
)
NAMES = tuple(f.name for f in FEATURES)
BY_NAME = {f.name: f for f in FEATURES}


def _rate(pattern: re.Pattern[str], text: str, per: float) -> float:
    return len(pattern.findall(text)) / per


def style_vector(title: str, text: str) -> np.ndarray:
    """The feature values of one article, in `NAMES` order (rates per 100 words or per sentence)."""
    words = _WORD.findall(text)
    n_words = max(len(words), 1)
    per100 = n_words / 100.0
    n_sentences = max(len(_SENTENCE_END.findall(text)), 1)
    title_words = _WORD.findall(title)
    head = [w.lower() for w in words[:400]]
    both = f"{title}\n{text}"
    values = {
        "sensational": _rate(SENSATIONAL, both, per100),
        "intensifiers": _rate(INTENSIFIERS, text, per100),
        "subjective": _rate(SUBJECTIVE, both, per100),
        "personal": _rate(PERSONAL, text, per100),
        "clickbait_title": float(bool(CLICKBAIT.search(title))) + float("!" in title or "?" in title),
        "exclamations": _rate(re.compile(r"!+"), both, n_sentences),
        "questions": _rate(re.compile(r"\?+"), text, n_sentences),
        "caps_words": _rate(re.compile(r"\b[A-Z]{4,}\b"), text, per100),
        "title_caps": sum(w.isupper() and len(w) > 1 for w in title_words) / max(len(title_words), 1),
        "attribution": _rate(ATTRIBUTION, text, n_sentences),
        "anonymous": _rate(ANONYMOUS, text, per100),
        "quotes": _rate(_QUOTE, text, per100),
        "numbers": _rate(_DIGITS, text, per100),
        "sentence_length": min(n_words / n_sentences, 80.0),
        "word_length": sum(map(len, words)) / n_words,
        "lexical_variety": len(set(head)) / max(len(head), 1),
        "length": math.log1p(len(words)),
    }
    return np.array([values[n] for n in NAMES], dtype=np.float64)


def style_matrix(items: list[tuple[str, str]]) -> np.ndarray:
    """Feature rows for many `(title, text)` pairs."""
    return np.vstack([style_vector(t, x) for t, x in items]) if items else np.zeros((0, len(NAMES)))


def feature_spans(name: str, title: str, text: str, limit: int = 8) -> list[tuple[str, int, int]]:
    """Where a feature's words lie: `(field, start, end)` triples, title first, at most `limit`."""
    feature = BY_NAME[name]
    if feature.pattern is None:
        return []
    found: list[tuple[str, int, int]] = []
    fields = [("title", title)] if name in {"sensational", "subjective", "clickbait_title", "exclamations"} else []
    if name != "clickbait_title":
        fields.append(("body", text))
    for field_name, value in fields:
        for m in feature.pattern.finditer(value):
            found.append((field_name, m.start(), m.end()))
            if len(found) >= limit:
                return found
    return found
