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
from .patterns import BADGE_HINT, badge_match, squash

_SKIP_TAGS = {"script", "style", "noscript", "nav", "form", "option", "select", "textarea", "title", "head", "template"}
_SKIP_CLASS = re.compile(r"(?:^|[-_ ])(?:menu|nav|navigation|breadcrumbs?|comments?|comment-list|footer|sidebar|widget)(?:[-_ ]|$)")


def find_badges(tree: lxml_html.HtmlElement, html_text: str, base_url: str | None) -> list[Badge]:
    """Badges in document order, each once (the smallest element whose whole text is the badge)."""
    if not BADGE_HINT.search(html_text):
        return []
    badges: list[Badge] = []
    seen: set[int] = set()
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        if el.tag == "img":
            label = el.get("alt") or el.get("title") or ""
            if badge_match(label) and not _skipped(el):
                badges.append(Badge(text=squash(label), origin="image", link=_link(el, base_url)))
            continue
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        if not BADGE_HINT.search(own) and not any(
            isinstance(c.tag, str) and c.tag in ("b", "strong", "em", "i", "span", "a") and BADGE_HINT.search(c.text or "")
            for c in el
        ):
            continue
        text = squash(el.text_content())
        if not badge_match(text) or _skipped(el):
            continue
        if any(id(a) in seen for a in el.iterancestors()):
            continue
        seen.add(id(el))
        badges.append(Badge(text=text, origin="text", link=_link(el, base_url)))
    return _dedupe(badges)


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
