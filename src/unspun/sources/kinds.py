"""What kind of source a domain is, when it is not a news outlet: a platform or a shop, a link shortener or a web
archive, a primary source.

A page links to many domains that are not outlets. A social platform (twitter.com, youtube.com) hosts other
people's posts: an embedded tweet or a "follow us" footer cites the person or the page itself, not the
platform, so the platform's own reputation (Wikipedia rates twitter.com "generally unreliable" as a source
of facts) must not be charged as an outlet's. A link shortener or redirector (t.co, bit.ly) says nothing
about where the link leads, nor does a web archive's snapshot whose URL does not hold the archived page's. A shop
(amazon.com) sells the book an article links to; it does not report. A primary source (a government, a university, an international body, a
scientific journal) is where facts come from, not an outlet that re-reports them, and no news-media list
rates it, so "not rated by any list" would read as a warning it is not.

Primary sources are recognised by public suffix (`.gov`, `.mil`, `.edu`, `.int`, and the country forms
`gov.uk`, `gob.mx`, `gouv.fr`, `ac.uk`, `edu.au`, `go.jp`, ...) and by a short list of bodies and journals
whose domains have no such suffix. The tables are small on purpose: they name kinds of site, not pages.
"""

from __future__ import annotations

import functools

#: Social and video platforms, messaging and hosting services whose pages are other people's posts.
PLATFORMS: frozenset[str] = frozenset(
    {
        "twitter.com", "x.com", "facebook.com", "fb.com", "fb.watch", "instagram.com", "youtube.com",
        "youtube-nocookie.com", "tiktok.com", "linkedin.com", "reddit.com", "pinterest.com", "snapchat.com",
        "tumblr.com", "medium.com", "substack.com", "wordpress.com", "blogspot.com", "blogger.com",
        "flickr.com", "vimeo.com", "dailymotion.com", "twitch.tv", "soundcloud.com", "spotify.com",
        "telegram.org", "t.me", "whatsapp.com", "wa.me", "vk.com", "weibo.com", "threads.net", "mastodon.social",
        "bsky.app", "gab.com", "parler.com", "truthsocial.com", "rumble.com", "bitchute.com", "quora.com",
        "giphy.com", "imgur.com", "scribd.com", "change.org", "patreon.com", "gofundme.com",
    }
)

#: Link shorteners and redirectors: the real target is elsewhere.
SHORTENERS: frozenset[str] = frozenset(
    {
        "t.co", "bit.ly", "bitly.com", "ow.ly", "goo.gl", "tinyurl.com", "buff.ly", "dlvr.it", "ift.tt",
        "trib.al", "lnkd.in", "wp.me", "amzn.to", "youtu.be", "fb.me", "is.gd", "tiny.cc", "rebrand.ly",
        "shorturl.at", "cutt.ly", "redirectingat.com", "po.st", "flip.it", "apple.co", "spoti.fi",
    }
)

#: Web archives: a snapshot of another page. The archived page's own domain is read from the snapshot's URL where it
#: holds it (`web.archive.org/web/2019.../https://cnn.com/...` is cnn.com, `domains.host_of`); a short snapshot
#: id (`archive.ph/AbC12`) names no outlet, like a shortened link.
ARCHIVES: frozenset[str] = frozenset(
    {
        "archive.org", "archive.today", "archive.ph", "archive.is", "archive.li", "archive.vn", "archive.md",
        "archive.fo", "ghostarchive.org", "webcitation.org",
    }
)

#: Shops and marketplaces, by the domain's first label under every public suffix (amazon.com, amazon.co.uk): a link
#: to a book or a product there cites the item, not a news outlet ("Amazon ... factuality low" on a book link).
SHOPS: frozenset[str] = frozenset({"amazon", "ebay", "etsy", "aliexpress", "walmart"})

#: Top-level domains, and second-level labels under a country code (gov.uk, gob.mx, gouv.fr, ac.uk, go.jp),
#: that only governments, armed forces, universities or treaty bodies may register.
_PRIMARY_TLDS = {"gov": "government", "mil": "military", "edu": "academic", "int": "international body"}
_PRIMARY_SECOND_LABELS = {**_PRIMARY_TLDS, "gob": "government", "gouv": "government", "govt": "government",
                          "gv": "government", "go": "government", "ac": "academic"}

#: Bodies and journals without such a suffix (the documented list).
PRIMARY_DOMAINS: dict[str, str] = {
    "europa.eu": "international body", "un.org": "international body", "unicef.org": "international body",
    "worldbank.org": "international body", "imf.org": "international body", "oecd.org": "international body",
    "wto.org": "international body", "icrc.org": "international body", "unhcr.org": "international body",
    "canada.ca": "government", "gc.ca": "government",
    "thelancet.com": "scientific journal", "nature.com": "scientific journal", "science.org": "scientific journal",
    "sciencemag.org": "scientific journal", "nejm.org": "scientific journal", "bmj.com": "scientific journal",
    "jamanetwork.com": "scientific journal", "cell.com": "scientific journal", "plos.org": "scientific journal",
    "pnas.org": "scientific journal", "springer.com": "scientific journal", "wiley.com": "scientific journal",
    "sciencedirect.com": "scientific journal",
    "arxiv.org": "preprint server", "biorxiv.org": "preprint server", "medrxiv.org": "preprint server",
    "doi.org": "scientific journal",
}

#: Words for each kind, as the report says them.
KIND_WORDS = {"platform": "social platform", "shortener": "link shortener or redirector", "primary": "primary source"}


@functools.lru_cache(maxsize=65536)
def source_kind(domain: str | None) -> tuple[str, str] | None:
    """`(kind, what)` for a registrable domain that is not a news outlet: ("platform", "social platform"),
    ("shortener", "link shortener or redirector") or ("primary", "government (.gov)"); None for anything else."""
    if not domain:
        return None
    if domain in PLATFORMS:
        return "platform", KIND_WORDS["platform"]
    if domain.split(".", 1)[0] in SHOPS:
        return "platform", "shop or marketplace"
    if domain in SHORTENERS:
        return "shortener", KIND_WORDS["shortener"]
    if domain in ARCHIVES:
        return "shortener", "web archive"
    if domain in PRIMARY_DOMAINS:
        return "primary", PRIMARY_DOMAINS[domain]
    # a registrable domain is one label over its public suffix (ons.gov.uk -> gov.uk); the host of a site on
    # a shared platform keeps more (abcnews.go.com -> go.com), whose last label is no country code
    suffix = domain.split(".", 1)[1] if "." in domain else ""
    labels = suffix.split(".")
    if len(labels) == 1:
        what = _PRIMARY_TLDS.get(labels[0])
    else:
        what = _PRIMARY_SECOND_LABELS.get(labels[0]) if len(labels) == 2 and len(labels[1]) == 2 else None
    return ("primary", f"{what} (.{suffix})") if what else None


def is_outlet(domain: str | None) -> bool:
    """False for a platform or a link shortener, which are never outlets a page cites."""
    kind = source_kind(domain)
    return kind is None or kind[0] == "primary"
