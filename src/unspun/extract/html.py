"""HTML to Article: one lxml parse shared by every step.

The page is parsed once. Structured data, the canonical URL, the declared language, badges and
comment items are read from that tree; comment items and comment forms are then cut from it, and
trafilatura (which copies the tree it is given, and runs htmldate for the date) extracts the body
and metadata from what is left. trafilatura's XML body keeps `<quote>` and `<ref>`, which is how
blockquotes and links keep their offsets in `Article.text`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

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
    document = _trafilatura(tree, base)
    site_name = (document.sitename if document else None) or meta.name_of(article_item.get("publisher"))
    if site_name and site_name.lower().startswith(("http://", "https://")):
        site_name = None  # "https://pawszilla.com" is an address, not a name (the domain says it already)
    title = _without_site_name(_title(tree, document, article_item), site_name)
    pieces = pieces_from_xml(document.body) if document is not None and document.body is not None else []
    if not pieces:
        pieces = _bare_text(tree)
    body = assemble(pieces, title=title, comment_texts=[c.text for c in found.comments], base_url=base)
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
        date=(document.date if document else None) or _iso_date(article_item.get("datePublished")),
        language=language or meta.guess_language(body.text),
        text=body.text,
        blocks=body.blocks,
        links=body.links,
        comments=found.comments,
        badges=badges,
        jsonld=items,
        claim_reviews=meta.claim_reviews(items),
        source_format="html",
    )


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
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
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
    for suffix in (*( [site_name] if site_name else []), *_WIRES):
        if author.casefold().endswith(" " + suffix.casefold()):
            author = author[: -len(suffix)].rstrip(" ,;|-–—")
    return author.strip() or None


def _iso_date(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or len(value) < 10:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _lang(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    if isinstance(value, str) and value.strip():
        return value.strip().split("-")[0].lower()[:3] or None
    return None
