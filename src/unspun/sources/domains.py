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
from urllib.parse import unquote, urlsplit

import tldextract

#: Hosting platforms whose sub-hosts are separate publishers (matched on the host's end; `blogspot.*`
#: covers every country variant of Blogger).
SHARED_PLATFORMS: frozenset[str] = frozenset(
    {
        "wordpress.com", "wp.com", "blogspot.com", "blogger.com", "weebly.com", "tumblr.com",
        "livejournal.com", "typepad.com", "wixsite.com", "substack.com", "medium.com", "ghost.io",
        "github.io", "gitlab.io", "netlify.app", "herokuapp.com", "webs.com", "jimdo.com", "jimdofree.com",
        "over-blog.com", "home.blog", "squarespace.com", "tripod.com", "angelfire.com", "yolasite.com",
        "blog.com", "edublogs.org", "wordpress.org", "sites.google.com", "neocities.org", "bearblog.dev",
    }
)

#: Host prefixes that name a rendition of the same site, not another publisher.
_RENDITION_PREFIXES = ("www.", "www1.", "www2.", "www3.", "m.", "mobile.", "amp.", "mob.", "wap.")

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def _blogspot(host: str) -> str | None:
    """`blogspot.<any suffix>` (Blogger's country domains) as the platform part of `host`, if it is one."""
    parts = host.split(".")
    for i, label in enumerate(parts):
        if label == "blogspot" and i > 0:
            return ".".join(parts[i:])
    return None


def _platform_host(host: str) -> str | None:
    """For a host on a shared platform, the publisher's host (`a.b.wordpress.com` -> `b.wordpress.com`)."""
    platform = _blogspot(host)
    if platform is None:
        platform = next((p for p in SHARED_PLATFORMS if host.endswith("." + p)), None)
    if platform is None:
        return None
    label = host[: -len(platform) - 1].rsplit(".", 1)[-1]
    return f"{label}.{platform}" if label else None


def _unwrap_amp_cache(parts) -> str | None:
    """The publisher host behind Google's AMP caches (`x-com.cdn.ampproject.org/c/s/x.com/...`,
    `google.com/amp/s/x.com/...`), whose own host says nothing about the source."""
    host = (parts.hostname or "").lower()
    path = parts.path
    if host.endswith(".cdn.ampproject.org"):
        m = re.match(r"^/[a-z]/(?:s/)?([^/]+)", path)
        return m.group(1) if m else None
    if re.match(r"^(?:www\.)?google\.[a-z.]+$", host) and path.startswith("/amp/"):
        m = re.match(r"^/amp/(?:s/)?([^/]+)", path)
        return m.group(1) if m else None
    return None


def host_of(url_or_host: str) -> str | None:
    """The lower-case ASCII (IDNA) host of a URL or bare host, without port, credentials or trailing dot."""
    text = unicodedata.normalize("NFKC", url_or_host.strip())
    text = re.sub(r"\s+", "", text)
    if not text:
        return None
    if not _SCHEME.match(text):
        text = "//" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    inner = _unwrap_amp_cache(parts)
    if inner:
        return host_of(inner)
    if not host:
        return None
    host = unquote(host).strip(".").lower()
    if not host or ".." in host:
        return None
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


@functools.lru_cache(maxsize=16384)
def registrable_domain(url_or_host: str) -> str | None:
    """The database key for a URL, host or domain: its registrable domain, or its own host on a shared
    platform; an IP address is kept as is; None when there is no usable host (relative link, `mailto:`)."""
    if not url_or_host or url_or_host.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    host = host_of(url_or_host)
    if host is None:
        return None
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
