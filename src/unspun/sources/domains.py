"""Normalising what people type or pages link to into the one key the database uses.

A source is keyed by its *registrable domain* (`news.bbc.co.uk` -> `bbc.co.uk`), because lists rate
outlets, not hosts. The exception is a shared platform (blogs on `x.wordpress.com`, `x.blogspot.com`,
...), where each host is a different publisher: there the key is the host under the platform.
The Public Suffix List comes from tldextract's bundled snapshot (`suffix_list_urls=()`), so nothing is
fetched; it no longer lists every platform (blogspot.co.uk, wordpress.com), hence our own list.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

import tldextract

from .kinds import ARCHIVES

#: Hosting platforms whose sub-hosts are separate publishers (matched on the host's end; `blogspot.*`
#: covers every country variant of Blogger).
SHARED_PLATFORMS: frozenset[str] = frozenset(
    {
        "wordpress.com", "wp.com", "blogspot.com", "blogger.com", "weebly.com", "tumblr.com",
        "livejournal.com", "typepad.com", "wixsite.com", "substack.com", "medium.com", "ghost.io",
        "github.io", "gitlab.io", "netlify.app", "herokuapp.com", "webs.com", "jimdo.com", "jimdofree.com",
        "over-blog.com", "home.blog", "squarespace.com", "tripod.com", "angelfire.com", "yolasite.com",
        "blog.com", "edublogs.org", "wordpress.org", "sites.google.com", "neocities.org", "bearblog.dev",
        "go.com",  # Disney's: abcnews.go.com and espn.go.com are different outlets
    }
)

#: Host prefixes that name a rendition of the same site, not another publisher.
_RENDITION_PREFIXES = ("www.", "www1.", "www2.", "www3.", "m.", "mobile.", "amp.", "mob.", "wap.")

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def _platform_host(host: str) -> str | None:
    """For a host on a shared platform, the publisher's host (`a.b.wordpress.com` -> `b.wordpress.com`)."""
    labels = host.split(".")
    platform_at = next((i for i in range(1, len(labels) - 1) if ".".join(labels[i:]) in SHARED_PLATFORMS), None)
    if platform_at is None and "blogspot" in labels[1:]:
        platform_at = labels.index("blogspot", 1)
    if platform_at is None:
        return None
    return ".".join(labels[platform_at - 1:])


#: Scheme, credentials and host of a URL or bare host (port, path, query and fragment are left behind).
_HOST = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:(?=//))?(?://)?(?:[^@/?#\\]*@)?(\[[^\]]*\]|[^:/?#\\]*)")
_AMP_CACHE = re.compile(r"^/[a-z]/(?:s/)?([^/?#]+)")
_GOOGLE_AMP = re.compile(r"^/amp/(?:s/)?([^/?#]+)")


def _unwrap_amp_cache(host: str, url: str) -> str | None:
    """The publisher host behind Google's AMP caches (`x-com.cdn.ampproject.org/c/s/x.com/...`,
    `google.com/amp/s/x.com/...`), whose own host says nothing about the source."""
    if host.endswith(".cdn.ampproject.org"):
        m = _AMP_CACHE.match(urlsplit(url if "//" in url else "//" + url).path)
        return m.group(1) if m else None
    if host.startswith(("google.", "www.google.")):
        m = _GOOGLE_AMP.match(urlsplit(url if "//" in url else "//" + url).path)
        return m.group(1) if m else None
    return None


#: The archived URL in a snapshot's path: after `/web/<timestamp>/` (the Wayback Machine, scheme optional), or a
#: full URL after at most one segment (archive.today's `/<date>/` or `/newest/`).
_ARCHIVED_URL = re.compile(r"^/(?:web/[^/]+/|(?:[^/]+/)?(?=https?:/))(.+)$")


def _unwrap_archive(host: str, url: str) -> str | None:
    """The archived page's URL inside a web archive's snapshot URL (`web.archive.org/web/2019/https://x.com/a`,
    `archive.ph/2019.11.18-1200/https://x.com/a`): the snapshot cites that page. None for a short snapshot id
    (`archive.ph/AbC12`), which does not say what was archived."""
    if ".".join(host.rsplit(".", 2)[-2:]) not in ARCHIVES:  # every archive is a name under a one-label suffix
        return None
    m = _ARCHIVED_URL.match(urlsplit(url if "//" in url else "//" + url).path)
    return re.sub(r"^(https?:)/+", r"\1//", m.group(1)) if m else None


def host_of(url_or_host: str) -> str | None:
    """The lower-case ASCII (IDNA) host of a URL or bare host, without port, credentials or trailing dot."""
    text = url_or_host.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if " " in text or "\t" in text or "\n" in text:
        text = "".join(text.split())
    m = _HOST.match(text)
    host = m.group(1) if m else ""
    if "%" in host:
        host = unquote(host)
    host = host.strip(".").lower()
    if not host or ".." in host:
        return None
    inner = _unwrap_amp_cache(host, text) or _unwrap_archive(host, text)
    if inner:
        return host_of(inner)
    if host.startswith("["):
        return host.strip("[]") or None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return host


def strip_rendition(host: str) -> str:
    """`www.`, `m.`, `amp.`, `mobile.` ... removed from the front of a host, as often as they occur."""
    changed = True
    while changed:
        changed = False
        for prefix in _RENDITION_PREFIXES:
            if host.startswith(prefix) and "." in host[len(prefix):]:
                host = host[len(prefix):]
                changed = True
    return host


_NO_SITE = re.compile(r"\s*(?:#|mailto:|javascript:|tel:|data:|about:|file:)", re.IGNORECASE)


def registrable_domain(url_or_host: str) -> str | None:
    """The database key for a URL, host or domain: its registrable domain, or its own host on a shared
    platform; an IP address is kept as is; None when there is no usable host (relative link, `mailto:`)."""
    if not url_or_host or _NO_SITE.match(url_or_host):
        return None
    host = host_of(url_or_host)
    return _site_of_host(host) if host else None


@functools.lru_cache(maxsize=65536)
def _site_of_host(host: str) -> str | None:
    """`registrable_domain` for a normalised host (cached: hosts repeat far more than URLs)."""
    if _IPV4.match(host) or ":" in host:
        return host
    host = strip_rendition(host)
    on_platform = _platform_host(host)
    if on_platform:
        return on_platform
    extracted = _EXTRACT.extract_str(host)
    if not extracted.domain:
        # A private suffix on its own (`blogspot.com`, `github.io`) is the platform's own site.
        return extracted.suffix if extracted.is_private and extracted.suffix == host else None
    if not extracted.suffix:
        return None
    return f"{extracted.domain}.{extracted.suffix}"


@functools.lru_cache(maxsize=65536)  # asked per mention and per link of every page: the same few domains
def site_label(domain: str) -> str:
    """The registrable label of a domain, without its public suffix: `bbc` for bbc.com and bbc.co.uk;
    empty for a blog on a shared platform and for an IP address (their names say nothing of the owner)."""
    extracted = _EXTRACT.extract_str(domain)
    return "" if extracted.is_private or not extracted.suffix else extracted.domain


def looks_like_domain(query: str) -> bool:
    """True for a URL or a dotted host name; False for an outlet's name ("Press TV", "Al-Mayadeen")."""
    q = query.strip()
    if _SCHEME.match(q) or q.startswith("//"):
        return True
    head = re.split(r"[/?#]", q, maxsplit=1)[0]
    return " " not in head and "." in head.strip(".") and registrable_domain(head) is not None


_ARTICLE = re.compile(r"^(?:the|al|el|an|a)\s+")


def _squash(text: str) -> str:
    return text.replace(" ", "")


def name_keys(name: str) -> tuple[str, ...]:
    """Forgiving keys for an outlet's name: case, accents, punctuation and spacing do not matter, and a
    leading article may be dropped ("The Gateway Pundit" -> `thegatewaypundit`, `gatewaypundit`;
    "al-Mayadeen" -> `almayadeen`, `mayadeen`). The first key is the full one."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", " ", text.replace("'", "").replace("’", "").replace("&", " and ")).strip()
    if not text:
        return ()
    short = _ARTICLE.sub("", text)
    return tuple(dict.fromkeys(k for k in (_squash(text), _squash(short)) if k))


_SMALL_WORDS = frozenset("a an and at by for in of on or the to".split())
#: Articles and particles of other languages' names ("el pais", "die zeit", "al jazeera"): never acronyms.
_PARTICLES = frozenset("al el la le les los las de del du des der die das di da von van".split())


def display_name(name: str, domain: str, acronym: Callable[[str], bool | None] | None = None) -> str:
    """A name as a reader expects it. Most MBFC-only names come from page slugs in lower case ("deccan
    herald", "cbs news"): words get capitals, small words stay lower case after the first, and a short word
    the domain starts with may be an acronym ("cbs" of cbsnews.com -> "CBS News"). `acronym` (built from news
    prose, `compile.Ambiguity.is_acronym`) decides which: "free" of freepress.net is a word ("Free Press", not
    "FREE Press"); without it, or for a word the prose never uses, the domain decides. A small word or a
    particle is never one ("The Hindu", "El Pais", not "THE Hindu", "EL Pais"). A name with any capital is kept
    as written."""
    if not name.islower():
        return name
    label = domain.split(".")[0]
    words = []
    split = name.split()
    # a last word made of the others' initials is the acronym the slug repeats ("world health organization who")
    initials = {"".join(w[0] for w in split[:-1]), "".join(w[0] for w in split[:-1] if w not in _SMALL_WORDS)}
    for i, word in enumerate(split):
        candidate = len(word) <= 4 and word.isalpha() and label.startswith(word) and word not in _SMALL_WORDS | _PARTICLES
        decided = acronym(word) if candidate and acronym is not None else None
        if (candidate and decided is not False) or (i == len(split) - 1 and i > 1 and word in initials):
            words.append(word.upper())
        elif i and word in _SMALL_WORDS:
            words.append(word)
        else:
            words.append(word[:1].upper() + word[1:])
    return " ".join(words)
