"""One vocabulary for what the lists say, and how each list's own labels map onto it.

Every list keeps its original label in the rating; the mapped values sit beside it so disagreement
between lists stays visible (a profile never averages ratings).
"""

from __future__ import annotations

FACTUALITY: tuple[str, ...] = ("very-low", "low", "mixed", "high", "very-high")
BIAS: tuple[str, ...] = ("extreme-left", "left", "left-center", "center", "right-center", "right", "extreme-right")
CATEGORIES: tuple[str, ...] = (
    "fake", "satire", "conspiracy", "junk-science", "hate", "clickbait", "rumor", "extreme-bias", "political",
    "state-media", "state-funded", "state-aligned", "unreliable", "reliable", "deprecated", "blacklisted",
)

#: OpenSources types (as in its sources.csv and FakeNewsCorpus' websites.csv) -> (category, factuality).
#: OpenSources rates kinds of problem, not factuality; the factuality given here is the weakest the
#: list's own definitions allow (fake news: "entirely fabricate information"; clickbait: "generally
#: credible content" with misleading headlines), and satire or state only set a category.
OPENSOURCES: dict[str, tuple[str, str | None]] = {
    "fake": ("fake", "very-low"),
    "fake news": ("fake", "very-low"),
    "conspiracy": ("conspiracy", "very-low"),
    "junksci": ("junk-science", "very-low"),
    "hate": ("hate", "low"),
    "rumor": ("rumor", "low"),
    "unreliable": ("unreliable", "low"),
    "bias": ("extreme-bias", "low"),
    "clickbait": ("clickbait", "mixed"),
    "political": ("political", "mixed"),
    "satire": ("satire", None),
    "state": ("state-media", None),
    "reliable": ("reliable", "high"),
}

#: Wikipedia perennial-sources statuses -> (factuality, category). "Blacklisted" is about spam, so it
#: adds a category and leaves factuality to the other status of the entry.
WIKIPEDIA: dict[str, tuple[str | None, str | None]] = {
    "Generally reliable": ("high", "reliable"),
    "No consensus": ("mixed", None),
    "Generally unreliable": ("low", "unreliable"),
    "Deprecated": ("very-low", "deprecated"),
    "Blacklisted": (None, "blacklisted"),
}

#: MBFC factuality as released by Baly et al. (three levels).
MBFC_FACT: dict[str, str] = {"low": "low", "mixed": "mixed", "high": "high"}


def worst_factuality(values: list[str | None]) -> str | None:
    """The lowest of several factuality values (one list entry with several types)."""
    known = [v for v in values if v]
    return min(known, key=FACTUALITY.index) if known else None


def check(field: str, value: str | None) -> str | None:
    """`value` if it belongs to the vocabulary of `field` (`factuality`, `bias`), else ValueError."""
    if value in (None, ""):
        return None
    allowed = {"factuality": FACTUALITY, "bias": BIAS}[field]
    value = value.strip().lower()
    if value not in allowed:
        raise ValueError(f"{field} {value!r} is not one of {', '.join(allowed)}")
    return value


def check_categories(values: list[str]) -> list[str]:
    """The categories, lower-cased and checked against the vocabulary (ValueError on an unknown one)."""
    out = []
    for value in values:
        v = value.strip().lower().replace("_", "-").replace(" ", "-")
        if not v:
            continue
        if v not in CATEGORIES:
            raise ValueError(f"category {v!r} is not one of {', '.join(CATEGORIES)}")
        out.append(v)
    return list(dict.fromkeys(out))
