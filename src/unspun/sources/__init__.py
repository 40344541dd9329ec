"""Source profiles: who publishes a page and which outlets it leans on.

- `lookup(query)`: the profile of a domain, URL or outlet name, with every list's rating and its provenance.
- `find_outlets(text, doc=None)`: outlets named in a text, with their spans and whether they are cited.
- `registrable_domain(url_or_host)`: the key a source is filed under.
- `page_domain(article)` and `same_outlet(a, b)`: the page's own outlet, which is never one it cites.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from .database import copy_profile, empty_profile
from .domains import name_keys, registrable_domain, site_label
from .gazetteer import find_outlets
from .store import database, import_file

__all__ = [
    "lookup", "find_outlets", "registrable_domain", "profile_of", "database", "import_file", "page_domain", "same_outlet",
]


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://|^//")


def _dotted(query: str) -> bool:
    """A URL or something shaped like a host name (a name such as "Press TV" has a space, no dot)."""
    if _SCHEME.match(query):
        return True
    head = query.split("/", 1)[0]
    return "." in head.strip(".") and " " not in head


def profile_of(domain: str | None) -> dict[str, Any]:
    """The profile of an already-normalised registrable domain (no `query` key)."""
    if not domain:
        return empty_profile(None)
    return copy_profile(database().profile(domain))


def page_domain(article: Any) -> tuple[str | None, str | None]:
    """The registrable domain of the page's publisher and where it was read from: the canonical URL,
    else the URL given, the domain, the site name (looked up by name); `(None, None)` when none says."""
    for basis, value in (("canonical_url", article.canonical_url), ("url", article.url), ("domain", article.domain)):
        domain = registrable_domain(value) if value else None
        if domain:
            return domain, basis
    if article.site_name:
        return database().find_name(article.site_name), "site_name"
    return None, None


def same_outlet(a: str | None, b: str | None) -> bool:
    """Whether two registrable domains are one outlet: equal, aliases of each other in the profile (a
    mirror, a rename, a state broadcaster's other domain), or one name under two public suffixes
    (bbc.com, bbc.co.uk) unless the database knows them as two differently named outlets (people.com,
    People magazine, is not people.com.cn, People's Daily)."""
    if not a or not b:
        return False
    if a == b:
        return True
    db = database()
    pa, pb = db.profile(a), db.profile(b)
    if b in pa["aliases"] or a in pb["aliases"]:
        return True
    label = site_label(a)
    if not label or label != site_label(b):
        return False
    return not (pa["name"] and pb["name"]) or name_keys(pa["name"])[:1] == name_keys(pb["name"])[:1]


def lookup(query: str) -> dict[str, Any]:
    """The profile of a domain, any URL of it, or an outlet's name: `query`, `domain`, `name`,
    `factuality`, `bias`, `categories`, `aliases`, `ratings` (each `{list, label, date, notes, url,
    domain, layer, factuality, bias, categories}`), plus `via` (earlier names whose ratings are shown),
    `state_media` and `disagreement` when they apply. An unknown source is an answer, not an error."""
    if not isinstance(query, str) or not query.strip():
        raise InputError("empty source query: give a domain, a URL or an outlet's name")
    q = query.strip()
    domain = registrable_domain(q) if _dotted(q) else None
    if domain is None and not _SCHEME.match(q):
        domain = database().find_name(q)
    if domain is None:
        return {"query": query, **empty_profile(None)}
    return {"query": query, **copy_profile(database().profile(domain))}
