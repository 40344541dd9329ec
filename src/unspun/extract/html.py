"""HTML to Article: one lxml parse shared by every step.

The page is parsed once. Structured data, the canonical URL, the declared language, badges and
comment items are read from that tree; comment items and comment forms are then cut from it, and
trafilatura (which copies the tree it is given, and runs htmldate for the date) extracts the body
and metadata from what is left. trafilatura's XML body keeps `<quote>` and `<ref>`, which is how
blockquotes and links keep their offsets in `Article.text`.
"""

from __future__ import annotations

import html as html_entities
import logging
import re
from dataclasses import replace
from datetime import date as calendar_date
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from ..report import Article, Badge
from . import metadata as meta
from .badges import find_badges
from .body import Piece, assemble, pieces_from_xml
from .comments import comment_forms, find_comments
from .patterns import squash
from .scan import scan

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def parse_html(html: str) -> lxml_html.HtmlElement | None:
    """The page's tree (trafilatura's loader: tolerant of broken markup and odd encodings)."""
    from trafilatura.utils import load_html

    return load_html(html)


def extract_html(html: str, url: str | None = None) -> Article:
    """Extract an Article from an HTML string (the page's URL, when known, resolves links and domain)."""
    tree = parse_html(html)
    if tree is None:
        return Article(url=url, source_format="html")
    items = meta.structured_data(tree, url)
    article_item = meta.news_article(items)
    canonical = meta.canonical(tree, url)
    base = url or canonical
    language = meta.html_language(tree) or _lang(article_item.get("inLanguage"))
    candidates = scan(tree)
    badges = find_badges(candidates, base)
    found = find_comments(candidates, base)
    for el in [*found.elements, *comment_forms(candidates)]:
        if el.getparent() is not None:
            el.drop_tree()  # lxml keeps the element's tail text in the parent
    _unwrap_embedded_posts(tree)
    document = _trafilatura(tree, base)
    site_name = (document.sitename if document else None) or meta.name_of(article_item.get("publisher"))
    if site_name and site_name.lower().startswith(("http://", "https://")):
        site_name = None  # "https://pawszilla.com" is an address, not a name (the domain says it already)
    title = _without_site_name(_title(tree, document, article_item), site_name)
    pieces = pieces_from_xml(document.body) if document is not None and document.body is not None else []
    if not pieces:
        pieces = _bare_text(tree)
    comment_texts = [c.text for c in found.comments]
    body = assemble(pieces, title=title, comment_texts=comment_texts, base_url=base)
    declared = _declared_body(article_item.get("articleBody"), body.text)
    if declared:
        laid_out = assemble(declared, title=title, comment_texts=comment_texts, base_url=base)
        body = replace(laid_out, badges=body.badges, byline=body.byline)  # what the markup said about itself stays
    reviews = meta.claim_reviews(items)  # a page that publishes a ClaimReview is a fact-check
    for text in body.badges:
        if not any(b.text.casefold() == text.casefold() for b in badges):
            badges.append(Badge(text=text, origin="text"))
    return Article(
        url=url,
        canonical_url=canonical,
        domain=meta.registrable_domain(url or canonical),
        site_name=site_name,
        title=title,
        byline=_byline(document, article_item, site_name) or body.byline,
        date=_not_before_url(
            (document.date if document else None) or _iso_date(article_item.get("datePublished")), url or canonical
        ),
        genre=meta.genre(article_item, meta.sections(tree), title) or ("fact-check" if reviews else None),
        # what the body is written in beats what the page declares: Business Insider's German edition serves English
        # articles under lang="de", and some Spanish and French sites declare "en"
        language=meta.guess_language(body.text) or language,
        text=body.text,
        blocks=body.blocks,
        links=body.links,
        comments=found.comments,
        badges=badges,
        jsonld=items,
        claim_reviews=reviews,
        source_format="html",
    )


#: The declared body replaces the extracted one only when it is at least this many times longer ...
DECLARED_BODY_RATIO = 4
#: ... and the extracted text is either this short (a caption, a teaser, a paywall stub) ...
STUB_CHARS = 500
#: ... or this share of its words is in the declared body (it is a fragment of the same article).
CONTAINED_SHARE = 0.8
_WORD = re.compile(r"\w+")
_BREAK_TAG = re.compile(r"<\s*(?:br|/p|/div|/h\d|/li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{1,200}>")


def _declared_body(value: Any, extracted: str) -> list[Piece] | None:
    """The page's JSON-LD `articleBody` as body pieces, when the extracted body is a stub of it.

    Some pages render the article from app-state JSON, so their markup holds only a photo caption
    (SCMP: 151 characters) while their NewsArticle record carries the whole text (4,312 characters).
    The declared body wins only when it is much longer than what was extracted and the extracted
    text is tiny or mostly contained in it; a declared body that is a teaser, or a different text of
    similar length, never replaces the page's own. Paragraphs follow its line breaks (HTML breaks too).
    """
    if not isinstance(value, str) or len(value) < DECLARED_BODY_RATIO * len(extracted):
        return None
    text = html_entities.unescape(_TAG.sub(" ", _BREAK_TAG.sub("\n", value)))
    lines = [squash(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    declared = "\n".join(lines)
    if not declared or len(declared) < DECLARED_BODY_RATIO * len(extracted):
        return None
    if len(extracted) >= STUB_CHARS:
        words = _WORD.findall(extracted.casefold())
        vocabulary = set(_WORD.findall(declared.casefold()))
        if sum(w in vocabulary for w in words) < CONTAINED_SHARE * len(words):
            return None
    return [Piece(line) for line in lines]


def _title(tree: lxml_html.HtmlElement, document: Any, article_item: dict[str, Any]) -> str | None:
    """trafilatura's title, corrected to the post's hAtom `entry-title` when the `<h1>` is the blog's name;
    else the NewsArticle headline, else the document `<title>`."""
    page_title = " ".join((tree.findtext(".//title") or "").split()) or None
    title = (document.title if document else None) or meta.name_of(article_item.get("headline")) or page_title
    title = meta.entry_title(tree, page_title) or title
    return squash(title) if title else None


def _without_site_name(title: str | None, site_name: str | None) -> str | None:
    """The title without a trailing " - Site Name" (or " | ", " – ", " — "): pages append their name to the
    headline in `<title>` and og:title, and the claims and fact-check search read the title as the headline."""
    if not title or not site_name:
        return title
    for sep in (" - ", " | ", " – ", " — "):
        head, found, tail = title.rpartition(sep)
        if found and head.strip() and tail.strip().casefold() == site_name.strip().casefold():
            return head.strip()
    return title


_EMBEDDED_POST = re.compile(r"(?:^|\s)(?:twitter-tweet|twitter-video|bluesky-embed|mastodon-embed)(?:\s|$)")
_WRAPPERS = {"div", "figure", "section", "aside", "span", "p"}
_SILENT = {"script", "style", "noscript"}


def _unwrap_embedded_posts(tree: lxml_html.HtmlElement) -> None:
    """Embedded social posts (`blockquote.twitter-tweet`, "text — Name (@handle) date") as bare blockquotes.

    A page quotes a post the way it quotes a person, so the post must reach the body as a blockquote. Pages
    wrap the embed in a container named for it ("social-media-embed"), which trafilatura discards as sharing
    furniture (nj.com lost all ten of its tweets); the wrappers that hold nothing but the post go.
    """
    for quote in tree.xpath("//blockquote[@class]"):
        if not _EMBEDDED_POST.search(quote.get("class", "")):
            continue
        outer = quote
        parent = outer.getparent()
        while parent is not None and parent.tag in _WRAPPERS and _holds_only(parent, outer):
            outer, parent = parent, parent.getparent()
        for name in list(quote.attrib):
            del quote.attrib[name]
        if outer is not quote and parent is not None:
            quote.tail = outer.tail
            parent.replace(outer, quote)


def _holds_only(wrapper: lxml_html.HtmlElement, child: lxml_html.HtmlElement) -> bool:
    """Whether `wrapper` shows nothing besides `child` (scripts and empty elements aside)."""
    if (wrapper.text or "").strip():
        return False
    for other in wrapper:
        if (other.tail or "").strip():
            return False
        if other is not child and isinstance(other.tag, str) and other.tag not in _SILENT and other.text_content().strip():
            return False
    return True


def _trafilatura(tree: lxml_html.HtmlElement, url: str | None) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        # Comments come from our own markup reading (with authors and dates); letting trafilatura prune
        # comment sections instead of extracting them gives it a cleaner body (measured on both benchmarks).
        include_comments=False,
        include_links=True,
        include_formatting=False,
        include_tables=True,
        # Dates from the page's markup only: as fast, and a date guessed from free text is worse than none.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _bare_text(tree: lxml_html.HtmlElement) -> list[Piece]:
    """The body element's lines, for pages too bare for trafilatura (text with little or no markup)."""
    body = tree.find(".//body")
    if body is None:
        return []
    for junk in body.xpath(".//script | .//style | .//noscript | .//nav | .//form"):
        junk.drop_tree()
    return [Piece(" ".join(line.split())) for line in body.text_content().splitlines() if line.strip()]


_BIO = re.compile(r"\s+is\s+(?:a|an|the)\s.*$", re.IGNORECASE | re.DOTALL)  # "Phil Helsel is a reporter for …"
_MONTH_NUMBERS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTHS = r"(?:%s)[a-z]*\.?" % "|".join(_MONTH_NUMBERS)  # "sept" is "sep" + letters
_DATED = re.compile(r"\s+" + _MONTHS + r"(?:\s+\d{1,2},?)?\s+\d{1,4}$", re.IGNORECASE)  # "… November 19, 2019"
_MONTH = re.compile(r"\s+" + _MONTHS + r"$", re.IGNORECASE)  # only in an all-caps byline: "… STAFF NOVEMBER"
_WIRES = ("associated press", "reuters", "agence france-presse", "afp", "pti")


def _byline(document: Any, article_item: dict[str, Any], site_name: str | None) -> str | None:
    """The author as the page gives it, without what pages glue to it: a one-line bio ("… is a reporter"), a
    trailing month ("… STAFF NOVEMBER"), the site's or a wire's name ("Finian Cunningham Sputnik International")."""
    author = (document.author if document is not None else None) or meta.name_of(article_item.get("author"))
    if not author:
        return None
    author = _DATED.sub("", _BIO.sub("", re.sub(r"^by\s+", "", author.strip(), flags=re.IGNORECASE)))
    if author.isupper():
        author = _MONTH.sub("", author)
    for suffix in ((site_name,) if site_name else ()) + _WIRES:
        if author.casefold().endswith(" " + suffix.casefold()):
            author = author[: -len(suffix)].rstrip(" ,;|-–—")
    return author.strip() or None


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2}|[a-z]{3})[a-z]*[/-](\d{1,2})(?=[/-]|$)", re.IGNORECASE)


def _not_before_url(date: str | None, url: str | None) -> str | None:
    """The page's date, or the date its URL path declares (`/2019/nov/18/`, `/2019/11/18/`) when the page's is
    earlier or missing.

    htmldate looks for the original publication date, and on a page with a dated sources list it can take
    a cited article's date (PolitiFact: "Oct. 13, 2019" for a fact-check published on 2019-11-18). A page
    is not published before the URL it is published under was minted; a later date (an update) stays.
    Neutral on the trafilatura-eval pages' gold dates (361 of 429 right before and after).
    """
    found = _URL_DATE.search(urlsplit(url).path) if url else None
    if not found:
        return date
    year, month, day = found.groups()
    number = _MONTH_NUMBERS.get(month[:3].lower()) if month.isalpha() else int(month)
    try:
        declared = calendar_date(int(year), number or 0, int(day)).isoformat()
    except ValueError:
        return date
    return declared if date is None or date < declared else date


def _iso_date(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return calendar_date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _lang(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if isinstance(value, str) and value.strip():
        return value.strip().split("-")[0].lower()[:3] or None
    return None
