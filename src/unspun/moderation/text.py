"""Comment text helpers: cleaning, links, the text the model reads, and near-duplicate fingerprints.

The same cleaning runs at training time and at check time, so the model never sees markup or
entity escapes that one source (YouTube's `<br />`, WordPress's `&#039;`) has and another lacks.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from urllib.parse import urlsplit

import numpy as np

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
#: Explicit URLs plus bare host names with a common TLD ("murdev.com", "hh.nl/x"): spammers drop
#: the scheme on purpose, so both count as links.
URL = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9][\w-]*(?:\.[\w-]+)*"
    r"\.(?:com|net|org|info|biz|ly|co|tv|me|us|uk|ru|de|nl|pl|be|io|xyz|top|cc|in)\b[^\s<>\"']*"
)
#: Fediverse handles ("@alice@example.social") and plain "@name" mentions.
MENTION = re.compile(r"(?<![\w@])@[\w.-]+(?:@[\w.-]+\.\w+)?")
_WORD = re.compile(r"\w+")


def clean(text: str) -> str:
    """Plain text: markup and entities removed, Unicode compatibility forms folded (full-width
    "ｈｔｔｐ" becomes "http"), byte-order marks dropped, whitespace collapsed."""
    text = html.unescape(_TAG.sub(" ", html.unescape(text or "")))
    text = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    return _SPACE.sub(" ", text).strip()


@functools.lru_cache(maxsize=4096)
def _host(url: str) -> str:
    raw = url.strip()
    try:
        name = urlsplit(raw if "://" in raw else f"http://{raw}").hostname or ""
    except ValueError:
        return ""
    name = name.lower().rstrip(".")
    return name[4:] if name.startswith("www.") else name


def host(url: str | None) -> str:
    """The lower-cased host of a URL or bare host name, without a leading `www.` ('' if none);
    remembered, since one check asks for the same few hosts (blog, permalink, links) many times."""
    return _host(url) if url else ""


def links(text: str) -> list[str]:
    """Every URL or bare host name in cleaned text, in order."""
    return [m.group(0).rstrip(".,;:!?)") for m in URL.finditer(text)]


#: Words too common to say what a page is about.
_STOP = frozenset(
    "the and for are but not you all any can had her was one our out has him his how its may new now old "
    "see two way who did get let put say she too use with this that from they will what when your have "
    "been were than then them into only over also just more most some such very official video html www "
    "com http https php index".split()
)


def context_words(*texts: str) -> frozenset[str]:
    """The subject words of the page a comment is on, from its title, tags (`comment_context[]`)
    or permalink slug: lower-case words of three letters or more, minus common words."""
    words = (w.lower() for t in texts for w in _WORD.findall(unicodedata.normalize("NFKC", t or "")))
    return frozenset(w for w in words if len(w) >= 3 and w not in _STOP and not w.isdigit())


def model_text(text: str, own_hosts: frozenset[str] = frozenset(), context: frozenset[str] = frozenset()) -> str:
    """The cleaned text with each link replaced by tokens the model can weigh: `zzurl` for any
    link, `zzownlink` for a link to the site itself, `zzdom<host>` for the host of any other;
    and `zzctx` after each word that names the page's subject (`context`).

    Replacing links keeps random path strings out of the vocabulary while keeping what matters:
    that there is a link and where it points. Marking subject words lets the model learn that a
    comment about the page is seldom spam, whatever the page is about.
    """

    def replace(match: re.Match[str]) -> str:
        name = host(match.group(0))
        if name in own_hosts or any(name.endswith("." + h) for h in own_hosts):
            return " zzurl zzownlink "
        return f" zzurl zzdom{re.sub(r'[^a-z0-9]', '', name)} "

    linked = URL.sub(replace, clean(text))
    if not context:
        return linked
    return _WORD.sub(lambda m: f"{m.group(0)} zzctx" if m.group(0).lower() in context else m.group(0), linked)


def normalised(text: str) -> str:
    """Lower-case words only: the form two copies of one message share despite case, spacing,
    punctuation and markup (used for exact-repeat detection)."""
    return normalised_clean(clean(text))


def normalised_clean(cleaned: str) -> str:
    """`normalised` of text that has been through `clean` already."""
    return " ".join(_WORD.findall(cleaned.lower()))


def simhash(text: str) -> int:
    """A 64-bit SimHash over character 5-grams of the normalised text, as a signed integer so it
    fits a SQL BIGINT. Texts that differ by a word or two differ in a few bits (character
    shingles are many, so one edit moves few of them)."""
    return simhash_normalised(normalised(text))


def simhash_normalised(norm: str) -> int:
    """`simhash` of text that is normalised already."""
    grams = [norm[i : i + 5] for i in range(len(norm) - 4)] or ([norm] if norm else [])
    if not grams:
        return 0
    digests = b"".join(hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams)
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8)).reshape(len(grams), 64)
    votes = bits.sum(axis=0, dtype=np.int64) * 2 > len(grams)  # bit i set when most grams set it
    unsigned = int.from_bytes(np.packbits(votes).tobytes(), "big")
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def bands(fingerprint: int) -> tuple[int, int, int, int]:
    """The four 16-bit bands of a fingerprint. Two fingerprints within 3 bits of each other share
    at least one band (pigeonhole), so an equality lookup on bands finds every near-duplicate."""
    unsigned = fingerprint & (1 << 64) - 1
    return tuple((unsigned >> shift) & 0xFFFF for shift in (0, 16, 32, 48))  # type: ignore[return-value]


def distance(a: int, b: int) -> int:
    """Hamming distance of two 64-bit fingerprints."""
    return ((a ^ b) & (1 << 64) - 1).bit_count()
