"""Page metadata that trafilatura leaves to us: structured data, canonical URL, domain, language.

JSON-LD and microdata are read with extruct from the already-parsed tree (no second parse).
ClaimReview records are kept apart because a trust badge is only substantiated by them; a
NewsArticle record fills in what the page's visible metadata lacks.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from .patterns import fold

_LOG = logging.getLogger(__name__)
#: schema.org article types that declare a genre of their own.
_GENRE_TYPES = {
    "OpinionNewsArticle": "opinion",
    "AnalysisNewsArticle": "analysis",
    "ReviewNewsArticle": "review",
    "SatiricalArticle": "satire",
    "AdvertiserContentArticle": "sponsored",
}
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "WebPage", "ScholarlyArticle", "Report", *_GENRE_TYPES}
#: Section and genre names that say what kind of piece it is (a whole value, or a whole part of "Opinion/Columns").
_GENRE_WORDS = {
    "opinion": r"opinions?|comment|commentary|editorials?|op-?eds?|columns?|columnists?|letters(?: to the editor)?|viewpoints?",
    "analysis": r"(?:news )?analysis",
    "review": r"(?:(?:book|film|movie|music|album|theat(?:er|re)|tv|restaurant|game|product) )?reviews?",
    "press release": r"(?:press|news|media) releases?",
    "sponsored": r"sponsored(?: content)?|paid (?:content|post)|advertorial|partner content",
    "satire": r"satire",
}
_GENRE_NAME = [(genre, re.compile(words, re.IGNORECASE)) for genre, words in _GENRE_WORDS.items()]
#: A title that opens with the genre: "Opinion | Republicans Are …", "Review: …", "OP-ED — …".
_TITLE_GENRE = re.compile(r"^\s*(?P<name>[\w -]{3,30}?)\s*(?:\||:|–|—| - )\s*\S")


@functools.cache
def _tld():  # -> tldextract.TLDExtract
    """The offline public-suffix extractor (bundled snapshot; never fetches the list)."""
    import tldextract

    # Private suffixes count: notesfromthefen.blogspot.com is a publisher of its own, not blogspot.com.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def registrable_domain(url: str | None) -> str | None:
    """`https://www.news.bbc.co.uk/x` -> `bbc.co.uk`; an IP address or bare host is returned as is."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    parts = _tld()(host)
    domain = parts.top_domain_under_public_suffix
    return (domain or host).lower()


def structured_data(tree: lxml_html.HtmlElement, base_url: str | None) -> list[dict[str, Any]]:
    """Every JSON-LD and microdata item of the page, flattened (`@graph` unpacked), microdata as JSON-LD."""
    items: list[dict[str, Any]] = []
    if tree.xpath('boolean(//script[@type="application/ld+json"])'):
        from extruct.jsonld import JsonLdExtractor

        for script in tree.xpath('//script[@type="application/ld+json"]'):
            try:
                found = JsonLdExtractor().extract_items(script)
            except Exception as exc:  # extruct raises whatever its JSON parsers raise on bad markup
                _LOG.debug("unreadable JSON-LD: %s", exc)
                continue
            items.extend(_flatten(found))
    if tree.xpath("boolean(//*[@itemscope])"):
        from extruct.w3cmicrodata import LxmlMicrodataExtractor

        try:
            micro = LxmlMicrodataExtractor().extract_items(tree, base_url)
        except Exception as exc:  # same reason as above
            _LOG.debug("unreadable microdata: %s", exc)
            micro = []
        items.extend(_flatten([_from_microdata(m) for m in micro]))
    return items


def _flatten(found: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in found:
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            out.extend(_flatten(graph))
        else:
            out.append(item)
    return out


def _from_microdata(item: Any) -> Any:
    """A microdata item in extruct's shape (`type`, `properties`) as a JSON-LD-like dict."""
    if isinstance(item, list):
        return [_from_microdata(i) for i in item]
    if not isinstance(item, dict) or "properties" not in item:
        return item
    kind = item.get("type")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    out = {"@type": str(kind or "").rsplit("/", 1)[-1]}
    out.update({k: _from_microdata(v) for k, v in item["properties"].items()})
    return out


def types(item: dict[str, Any]) -> set[str]:
    """The schema.org type names of an item (`@type` may be a string or a list, possibly URLs)."""
    kind = item.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def claim_reviews(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ClaimReview records, including those nested in another item (e.g. an article's `review`)."""
    found: list[dict[str, Any]] = []

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for n in node:
                visit(n)
        elif isinstance(node, dict):
            if "ClaimReview" in types(node):
                found.append(node)
                return
            for value in node.values():
                if isinstance(value, (dict, list)):
                    visit(value)

    visit(items)
    return found


def news_article(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The page's own article record (the first NewsArticle-like item), or {}."""
    ranked = sorted(
        (i for i in items if types(i) & _ARTICLE_TYPES),
        key=lambda i: "WebPage" in types(i),  # a real article record beats the generic WebPage
    )
    return ranked[0] if ranked else {}


def genre(article_item: dict[str, Any], sections: list[str], title: str | None) -> str | None:
    """What kind of piece the page declares itself to be: opinion, analysis, review, press release,
    sponsored, satire (a page publishing a ClaimReview is a fact-check: `html.extract` says so); None for
    news or when the page does not say.

    Only explicit signals count, in this order: the article record's schema.org type
    (`OpinionNewsArticle`), its `genre`/`articleSection` and the page's `article:section` meta values, a
    title that opens with the genre ("Opinion | …"). A reader weighs an opinion column differently from a
    news report, and a report that names no genre reads as news.
    """
    for kind in sorted(types(article_item)):
        if kind in _GENRE_TYPES:
            return _GENRE_TYPES[kind]
    values = [*_strings(article_item.get("genre")), *_strings(article_item.get("articleSection")), *sections]
    for value in values:
        for part in re.split(r"\s*[/|>»›,;]\s*", value.strip()):
            found = _genre_named(part)
            if found:
                return found
    opening = _TITLE_GENRE.match(title or "")
    return _genre_named(opening.group("name")) if opening else None


def _genre_named(name: str) -> str | None:
    return next((genre for genre, pattern in _GENRE_NAME if pattern.fullmatch(name.strip())), None)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def sections(tree: lxml_html.HtmlElement) -> list[str]:
    """The page's `article:section` meta values (Open Graph), as declared."""
    return [v for v in tree.xpath('//meta[@property="article:section"]/@content') if isinstance(v, str) and v.strip()]


def name_of(value: Any) -> str | None:
    """A person's or organisation's name from JSON-LD (`"x"`, `{"name": "x"}`, or a list of either)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return name_of(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (name_of(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def canonical(tree: lxml_html.HtmlElement, url: str | None) -> str | None:
    """`<link rel=canonical>`, else `og:url`, resolved against the page URL."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        values = [v.strip() for v in tree.xpath(xpath) if v.strip()]
        if values:
            return urljoin(url, values[0]) if url else values[0]
    return None


def entry_title(tree: lxml_html.HtmlElement, page_title: str | None) -> str | None:
    """The hAtom `entry-title` (WordPress, Blogger), when the page's `<title>` contains it.

    Blog templates often put the blog's name in the only `<h1>`; the post's own heading carries the
    microformat class, and the document title confirms which of the two is the article's.
    """
    if not page_title:
        return None
    for el in tree.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " entry-title ")]')[:3]:
        text = " ".join(el.text_content().split())
        if text and fold(text) in fold(page_title):
            return text
    return None


def html_language(tree: lxml_html.HtmlElement) -> str | None:
    """The primary language subtag the page declares (`<html lang>`, content-language, og:locale)."""
    for xpath in (
        "/html/@lang",
        "/html/@xml:lang",
        '//meta[translate(@http-equiv,"CONTENTLANGUAGE","contentlanguage")="content-language"]/@content',
        '//meta[@property="og:locale"]/@content',
    ):
        try:
            values = tree.xpath(xpath)
        except Exception:  # lxml rejects the xml: prefix on some trees
            continue
        for value in values:
            lang = re.split(r"[-_,; ]", value.strip())[0].lower()
            if re.fullmatch(r"[a-z]{2,3}", lang):
                return lang
    return None


#: The commonest short words of the languages unspun meets most, enough to tell a page's language apart.
_COMMON_WORDS = {
    "en": "the of and to in is that for it was on with as by at he from be this are have an not",
    "fr": "le la les de des du un une et est en que qui dans pour pas sur au avec il ce sont par",
    "es": "el la los las de del y en que un una es por con para no se su al lo como",
    "de": "der die das und ist nicht ein eine den dem des zu mit sich auf für von im auch",
    "it": "il lo la gli le di del della che un una per con non sono nel alla è anche dei",
    "pt": "o os as de do da dos das um uma que em no na para com não por se ao",
    "nl": "de het een en van in is dat op te zijn met voor niet die aan er ook",
}
_WORD_SETS = {lang: frozenset(words.split()) for lang, words in _COMMON_WORDS.items()}


def guess_language(text: str) -> str | None:
    """A cheap guess for pages that declare nothing: the language whose common words make up most of the text
    (at least 12 %), so that a French text pasted in is not read by English-only models; None when unsure."""
    words = re.findall(r"[^\W\d_]+", text[:5000].lower())
    if len(words) < 20:
        return None
    shares = {lang: sum(w in common for w in words) / len(words) for lang, common in _WORD_SETS.items()}
    best = max(shares, key=shares.__getitem__)
    return best if shares[best] > 0.12 else None
