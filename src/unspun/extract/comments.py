"""Reader comments in HTML: WordPress, Disqus, Blogger, Drupal and generic `comment` markup.

trafilatura finds comment *text* but not who wrote it or when, and misses comment sections whose
classes it does not know. Comment systems share a shape, though: a repeated item whose class or
id says "comment" (Disqus: a `post` inside the Disqus thread), holding an author element, a date
and a content element. Recognising that shape, rather than listing platforms, covers hand-written
layouts too. The items found are also removed from the tree before body extraction, so no
comment can leak into the article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from ..report import Comment
from .patterns import is_boilerplate, squash
from .scan import Scan

_ITEM = re.compile(
    r"^(?!(?:add|new|post|leave|write|show|load|more|no|open|toggle|count|view|hide|js-add)[-_]?comment)"
    r"(?:[a-z]+[-_]?)?comment(?:[-_]?(?:item|entry|box|wrap|wrapper|container|single|node|card|thread-item))?$"
)
_ITEM_ID = re.compile(r"^(?:li-)?comment[-_]?\d+$|^c\d{4,}$")
_DISQUS = re.compile(r"^disqus(?:[-_](?:thread|comments?|container|embed|wrapper|section))?$")
_REGION = re.compile(r"comment|disqus|respon[sd]|discussion|reactions")
_AUTHOR = re.compile(r"(?:^|[-_])(?:author|fn|username|user|commenter|nick|nickname|name|byline|poster)(?:[-_]|$)")
_NOT_AUTHOR = re.compile(r"avatar|photo|img|url|link|says|meta")
_DATE = re.compile(r"(?:^|[-_])(?:date|time|timestamp|datetime|published|ago|when|metadata|submitted)(?:[-_]|$)")
_CONTENT = re.compile(
    r"(?:^|[-_])(?:content|text|body|message|post-message|comment-body|field--name-comment-body)$"
)
_FURNITURE = re.compile(r"reply|respond|actions?|vote|share|report|like|flag|footer|meta|avatar|children|replies")
_SAYS = re.compile(r"\s*(?:says|said|wrote|commented)\s*:?\s*$", re.IGNORECASE)
_DROP_TAGS = {"script", "style", "noscript", "form", "textarea", "input", "button", "select", "svg", "template"}


@dataclass
class FoundComments:
    """Comments found in markup, and the elements to cut from the tree before body extraction."""

    comments: list[Comment]
    elements: list[lxml_html.HtmlElement]


def _tokens(el: lxml_html.HtmlElement) -> list[str]:
    return (el.get("class", "") + " " + el.get("id", "")).lower().split()


def _is_item(el: lxml_html.HtmlElement, in_disqus: bool) -> bool:
    if not isinstance(el.tag, str) or el.tag in _DROP_TAGS or el.tag in ("a", "button", "span"):
        return False  # an "Add comment" link or button, or a count badge
    tokens = el.get("class", "").lower().split()
    if any(_ITEM.match(t) for t in tokens) or _ITEM_ID.match(el.get("id", "").lower()):
        return el.find(".//h1") is None  # an element holding the page's headline is not a comment
    return in_disqus and "post" in tokens and bool(el.xpath('.//*[contains(@class, "post-message")]'))


def find_comments(found: Scan, base_url: str | None = None) -> FoundComments:
    """Every comment item in the page, in document order, with replies kept as separate comments."""
    items = [el for el in found.named_comment if _is_item(el, False) and not _inside_form_or_script(el)]
    regions = [r for r in found.disqus if r.tag not in ("html", "body", "main") and any(_DISQUS.match(t) for t in _tokens(r))]
    if regions:
        posts = [el for r in regions for el in r.iter("li", "div", "article") if _is_item(el, True)]
        items = sorted({id(el): el for el in items + posts}.values(), key=lambda el: el.sourceline or 0)
    if not items:
        return FoundComments([], [])
    item_ids = {id(i) for i in items}
    comments: list[Comment] = []
    kept: list[lxml_html.HtmlElement] = []
    for item in items:
        comment = _read_item(item, item_ids, base_url)
        if comment is not None:
            comments.append(comment)
            kept.append(item)
    if not _plausible(comments, kept):
        return FoundComments([], [])
    kept_ids = {id(k) for k in kept}
    outer = [el for el in kept if not any(id(a) in kept_ids for a in el.iterancestors())]
    return FoundComments(comments, outer)


def _plausible(comments: list[Comment], items: list[lxml_html.HtmlElement]) -> bool:
    """A lone "comment" element with no author or date is more likely a page part named "comment"."""
    if not comments:
        return False
    if len(comments) >= 2:
        return True
    only = comments[0]
    in_region = any(_REGION.search(" ".join(_tokens(a))) for a in items[0].iterancestors())
    return bool(only.author or only.date) and (in_region or len(only.text) < 3000)


def _inside_form_or_script(el: lxml_html.HtmlElement) -> bool:
    return any(a.tag in ("form", "script", "template", "nav") for a in el.iterancestors())


def _own(el: lxml_html.HtmlElement, item_ids: set[int]):
    """Descendants of an item, not descending into nested reply items or dropped tags."""
    for child in el:
        if not isinstance(child.tag, str) or child.tag in _DROP_TAGS or id(child) in item_ids:
            continue
        yield child
        yield from _own(child, item_ids)


def _read_item(item: lxml_html.HtmlElement, item_ids: set[int], base_url: str | None) -> Comment | None:
    own = list(_own(item, item_ids))
    authors = [e for e in own if _is_author(e)]
    # The innermost candidate: "comment-author-info" may wrap both the name and the date.
    author_el = next((a for a in authors if not any(_contains(a, b) for b in authors if b is not a)), None)
    date_text = _date(own)
    if author_el is None and any(id(d) in item_ids for d in item.iterdescendants()):
        return None  # a wrapper around comments (a "comment-wrapper" section), not a comment
    content_el = next(
        (
            e
            for e in own
            if any(_CONTENT.search(t) for t in _tokens(e))
            and not _is_furniture(e)
            and not _contains(e, author_el)
            and _text(e, item_ids)
        ),
        None,
    )
    if content_el is not None:
        text = _paragraphs(content_el, item_ids)
    else:
        skip = {id(e) for e in own if _is_furniture(e) or e is author_el or (e.tag == "time")}
        text = _paragraphs(item, item_ids, skip)
    text = "\n\n".join(p for p in text.split("\n\n") if not is_boilerplate(p))
    if not text.strip() or _is_teaser(own, author_el, text, base_url):
        return None
    author = _SAYS.sub("", squash(author_el.text_content())) if author_el is not None else None
    author_url = None
    if author_el is not None:
        link = author_el if author_el.tag == "a" else next(author_el.iter("a"), None)
        if link is not None and link.get("href", "").startswith(("http", "/")):
            author_url = _absolute(link.get("href"), base_url)
    return Comment(author=author or None, date=date_text, text=text, author_url=author_url)


def _is_teaser(own: list[lxml_html.HtmlElement], author_el, text: str, base_url: str | None) -> bool:
    """A link to another page of the site dressed as a "comment" (an opinion-column teaser), not a reader's comment.

    Its text is mostly the anchor of an internal link; a reader's comment is mostly their own words
    (a spam comment's link points off-site, so it still counts as a comment and reaches the spam model).
    """
    host = urlsplit(base_url).hostname if base_url else None
    linked = 0
    for el in own:
        href = el.get("href", "") if el.tag == "a" else ""
        if not href or "#" in href or el.find(".//time") is not None:
            continue  # permalinks and reply links carry a fragment or the timestamp
        if author_el is not None and (el is author_el or _contains(author_el, el)):
            continue
        if any(_is_furniture(a) for a in el.iterancestors()):
            continue
        target = urlsplit(href)
        if (not target.netloc and href.startswith("/")) or (host and target.hostname == host):
            linked += len(squash(el.text_content()))
    return linked > 0.5 * len(text)


def _is_author(el: lxml_html.HtmlElement) -> bool:
    if el.tag == "cite":
        return bool(squash(el.text_content()))
    tokens = [t for t in _tokens(el) if not _NOT_AUTHOR.search(t)]
    if not any(_AUTHOR.search(t) for t in tokens):
        return False
    text = _SAYS.sub("", squash(el.text_content()))
    return 0 < len(text) <= 80


def _date(own: list[lxml_html.HtmlElement]) -> str | None:
    for el in own:
        if el.tag == "time":
            return el.get("datetime") or squash(el.text_content()) or None
    for el in own:
        if any(_DATE.search(t) for t in _tokens(el)):
            stamp = el.get("datetime") or el.get("title") or squash(el.text_content())
            if stamp and len(stamp) <= 60:
                return stamp
    return None


def _is_furniture(el: lxml_html.HtmlElement) -> bool:
    return any(_FURNITURE.search(t) or _DATE.search(t) for t in _tokens(el))


def _contains(outer: lxml_html.HtmlElement, inner: lxml_html.HtmlElement | None) -> bool:
    return inner is not None and any(a is outer for a in inner.iterancestors())


def _text(el: lxml_html.HtmlElement, item_ids: set[int]) -> str:
    return _paragraphs(el, item_ids).strip()


_BLOCK_TAGS = {"p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "article", "section", "dd", "dt"}


def _paragraphs(el: lxml_html.HtmlElement, item_ids: set[int], skip: set[int] | None = None) -> str:
    """The element's text with paragraph breaks kept, leaving out nested replies and `skip`ped parts."""
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        if node.tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _DROP_TAGS and id(child) not in item_ids and (
                skip is None or id(child) not in skip
            ):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if node.tag in _BLOCK_TAGS:
            parts.append("\n\n")

    walk(el)
    paragraphs = (squash(p) for p in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _absolute(href: str, base_url: str | None) -> str:
    return urljoin(base_url, href) if base_url else href


_FORM_NAMES = re.compile(r"(?:^|\s)(?:respond|comment-respond|comment-form|akismet_comment_form_privacy_notice)(?:\s|$)")


def comment_forms(found: Scan) -> list[lxml_html.HtmlElement]:
    """Comment forms and their wrappers ("Leave a Reply", the Akismet notice), to cut before body extraction."""
    forms = []
    for el in found.forms:
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if (el.tag == "form" and (el.find(".//textarea") is not None or "comment" in names)) or _FORM_NAMES.search(names):
            forms.append(el)
    ids = {id(el) for el in forms}
    return [el for el in forms if not any(id(a) in ids for a in el.iterancestors())]
