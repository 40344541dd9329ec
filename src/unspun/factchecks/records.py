"""A fact-check record, and how the fact-checkers' many rating words map onto one scale.

Every record keeps the fact-checker's own textual rating (`rating`) next to unspun's normalised verdict
(`verdict`), so a reader always sees the publisher's words and a program can still compare verdicts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: The normalised verdicts (the `factcheck_match` finding's label).
VERDICTS: tuple[str, ...] = ("false", "mostly-false", "mixture", "mostly-true", "true", "other")

# Checked in order against the rating lower-cased with hyphens as spaces; the first match wins.
_RATING_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bmostly false\b|\bpartly false\b|\bpartially false\b|\bmostly inaccurate\b|\bbarely true\b|\bmisleading\b", "mostly-false"),
    (r"\bmostly true\b|\bmostly correct\b|\bmostly accurate\b", "mostly-true"),
    (r"\bhalf true\b|\bmixture\b|\bmixed\b|\bhalf right\b|\bpartly true\b|\bpartially true\b|\bmissing context\b|\bneeds context\b", "mixture"),
    (
        r"\bfalse\b|\bfake\b|\bpants on fire\b|\bincorrect\b|\binaccurate\b|\bwrong\b|\bscam\b|\bhoax\b|\bmiscaptioned\b"
        r"|\bmisattributed\b|\bfabricated\b|\bnot true\b|\buntrue\b|\bbaseless\b|\bunfounded\b|\bno evidence\b|\bdoctored\b"
        r"|\bmanipulated\b|\baltered\b|\bdecontextuali[sz]ed\b|\bincorrect attribution\b|\bfiction\b|\bfour pinocchios\b|\bdisputed\b",
        "false",
    ),
    (r"\btrue\b|\bcorrect\b|\baccurate\b|\bcorrect attribution\b|\bverified\b", "true"),
)


def normalise_rating(rating: str | None) -> str:
    """The verdict on unspun's scale for a fact-checker's textual rating ("Pants on Fire!" -> "false")."""
    text = re.sub(r"[_\s]+", " ", (rating or "").strip().lower().replace("-", " "))
    if not text:
        return "other"
    for pattern, verdict in _RATING_PATTERNS:
        if re.search(pattern, text):
            return verdict
    return "other"


def text_of(value: Any, numbers: bool = True) -> str:
    """A JSON or CSV value as a record's text: a string as it is, a number written out (unless
    `numbers` is False: a claim or a URL is never a number), anything else (None, a boolean, a list,
    an object) as absent. Applying `str()` to everything stored `{"url": ["a"]}` as the URL "['a']"
    and `{"claimReviewed": 12}` as the claim "12", which then came up in every search."""
    if isinstance(value, str):
        return value
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


#: Fields that only text can fill (see `text_of`).
TEXT_ONLY = frozenset({"claim", "url", "publisher_url"})


@dataclass
class FactCheck:
    """One ClaimReview: the claim, who checked it, their rating, when, where, and where unspun got it."""

    claim: str
    rating: str = ""
    publisher: str = ""
    url: str = ""
    date: str = ""
    title: str = ""
    claimant: str = ""
    claim_date: str = ""
    language: str = ""
    publisher_url: str = ""
    provenance: str = ""
    verdict: str = field(default="")

    def __post_init__(self) -> None:
        self.claim = " ".join(self.claim.split())
        if not self.verdict:
            self.verdict = normalise_rating(self.rating)

    @property
    def key(self) -> str:
        """Identity of a record for de-duplication: its review URL and claim (a URL may review several claims)."""
        basis = f"{self.url.strip()}\n{self.claim.strip().lower()}"
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of every field (what JSON Lines export writes and `from_dict` reads)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FactCheck":
        """Build a record from a dict holding (a subset of) the field names; other keys are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: text_of(v, numbers=k not in TEXT_ONLY) for k, v in data.items() if k in names})

    def evidence(self) -> dict[str, Any]:
        """What a finding shows a reader: claim, the publisher's rating, publisher, date, URL, provenance."""
        return {
            "claim": self.claim,
            "rating": self.rating,
            "verdict": self.verdict,
            "publisher": self.publisher,
            "date": self.date,
            "url": self.url,
            "title": self.title,
            "claimant": self.claimant,
            "provenance": self.provenance,
        }


def iso_date(text: str) -> str:
    """`YYYY-MM-DD` for the date spellings fact-checkers use ("9 October 2020", "2021-7-13"); else unchanged."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text[:19] if fmt.endswith("%S") else text, fmt).date().isoformat()
        except ValueError:
            continue
    return text
