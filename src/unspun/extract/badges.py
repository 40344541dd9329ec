"""Self-declared trust badges in HTML: a short element that says "Fact checked", "Verified",
"Reviewed by ...", or an image whose alt/title says so.

A badge is a claim the page makes about itself; finding it is extraction, judging whether
anything backs it is the `badges` analyzer's job. Menus and comment sections are skipped: a
"Fact Check" link in a site's navigation is a section name, not a seal.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html as lxml_html

from ..report import Badge
from .patterns import badge_match, squash
from .scan import Scan

_SKIP_TAGS = {"script", "style", "noscript", "nav", "form", "option", "select", "textarea", "title", "head", "template"}
_SKIP_CLASS = re.compile(r"(?:^|[-_ ])(?:menu|nav|navigation|breadcrumbs?|comments?|comment-list|footer|sidebar|widget)(?:[-_ ]|$)")


def find_badges(found: Scan, base_url: str | None) -> list[Badge]:
    """Badges in document order, each once (the element whose whole text is the badge, with its sole wrappers)."""
    hits: dict[int, tuple[lxml_html.HtmlElement, Badge]] = {}
    for el, is_tail in found.badge_text:
        hit = _text_badge(el.getparent() if is_tail else el, base_url)
        if hit is not None and id(hit[0]) not in hits and not _skipped(hit[0]):
            hits[id(hit[0])] = hit
    for img in found.images:
        label = img.get("alt") or img.get("title") or ""
        if badge_match(label) and not _skipped(img):
            hits.setdefault(id(img), (img, Badge(text=squash(label), origin="image", link=_link(img, base_url))))
    outer = [v for v in hits.values() if not any(id(a) in hits for a in v[0].iterancestors())]
    outer.sort(key=lambda v: v[0].sourceline or 0)
    return _dedupe([badge for _, badge in outer])


def _text_badge(el: lxml_html.HtmlElement | None, base_url: str | None) -> tuple[lxml_html.HtmlElement, Badge] | None:
    """The element around a badge-like text (climbing through its sole wrappers), if its whole text is a badge."""
    best = None
    while el is not None and isinstance(el.tag, str) and el.tag not in ("body", "html"):
        text = squash(el.text_content())
        if len(text) > 90 or not badge_match(text):
            break
        best = el, text
        # Climb only through wrappers of this badge alone (a link, a bold span), never into a row of items.
        el = el.getparent()
        if el is None or len(el) != 1:
            break
    return (best[0], Badge(text=best[1], origin="text", link=_link(best[0], base_url))) if best else None


def _skipped(el: lxml_html.HtmlElement) -> bool:
    for node in (el, *el.iterancestors()):
        if node.tag in _SKIP_TAGS:
            return True
        names = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if names.strip() and _SKIP_CLASS.search(names):
            return True
    return False


def _link(el: lxml_html.HtmlElement, base_url: str | None) -> str | None:
    """The link a badge carries: its own `<a>` ancestor, else a link inside it."""
    anchor = next((a for a in (el, *el.iterancestors()) if a.tag == "a"), None)
    if anchor is None:
        anchor = next(el.iter("a"), None)
    href = anchor.get("href", "").strip() if anchor is not None else ""
    if not href or href.startswith(("#", "javascript:")):
        return None
    return urljoin(base_url, href) if base_url else href


def _dedupe(badges: list[Badge]) -> list[Badge]:
    out: list[Badge] = []
    for badge in badges:
        if not any(b.text.casefold() == badge.text.casefold() and b.link == badge.link for b in out):
            out.append(badge)
    return out
