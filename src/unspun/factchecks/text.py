"""Text preparation for claim matching: what a query or a stored claim is reduced to before search.

Queries arrive as article sentences, headlines or tweets; the fact-checks' words are the fact-checkers'.
Links and hashtag/handle marks carry no claim, so they are removed before both the lexical and the semantic
search. A tweet's signature ("— Name (@handle) January 14, 2020") is kept as "Name January 2020": who
tweeted and when is often what the fact-check is about ("Did Anthony Scaramucci post ... in 2009?"), and
keeping it lifted CheckThat! 2020 Task 2 MAP@5 by about 0.03 (4-fold cross-validation on the train queries
the re-ranker is fitted on; see docs/claims.md).
"""

from __future__ import annotations

import re

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.I)
_SIGNATURE = re.compile(r"\s[—–-]\s([^—–]{0,80})\(@\w+\)\s+(\w+) \d{1,2}, (\d{4})\s*$")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

#: Function words that carry no claim; kept short on purpose (negations and quantities stay).
STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or our she so "
    "that the their them they this those to was we were which who will with you your".split()
)


def clean(text: str) -> str:
    """The claim-bearing text of a query or record: no links, no #/@ marks, a tweet signature reduced to
    its author's name, month and year."""
    text = _SIGNATURE.sub(lambda m: f" {m.group(1).strip()} {m.group(2)} {m.group(3)}", text.strip().strip('"'))
    text = _URL.sub(" ", text)
    text = re.sub(r"#(\w+)", lambda m: re.sub(r"(?<=[a-z])(?=[A-Z])", " ", m.group(1)), text)
    text = re.sub(r"@(\w)", r"\1", text)
    return " ".join(text.replace('""', '"').split())


def without_signature(text: str) -> str:
    """The text without a tweet's closing signature: who posted a claim is not who acts in it."""
    return _SIGNATURE.sub("", text.strip().strip('"'))


def stem(token: str) -> str:
    """A light suffix stripper, enough that "vaccines", "vaccine" and "vaccinated" share "vaccin"."""
    if len(token) <= 3 or token[0].isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes", "zes")):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    for suffix in ("ing", "ed"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            token = token[: -len(suffix)]
            break
    if token.endswith("at") and len(token) > 6:
        token = token[:-2]
    return token[:-1] if token.endswith("e") and len(token) > 4 else token


def terms(text: str) -> list[str]:
    """Lexical search terms: lower-cased word tokens, stopwords dropped, lightly stemmed."""
    return [stem(t.replace("’", "'").split("'")[0]) for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]
