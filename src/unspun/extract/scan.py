"""One walk over the parsed page that collects what the badge, comment and form finders look at.

XPath string functions (`translate`, `contains` over every element) are slow in libxml2, and each
finder walking the tree on its own would multiply the cost; a single Python pass that reads each
element's class, id, text and tail once is several times faster on real pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

#: Words every badge contains (a cheap filter before the full badge pattern).
BADGE_HINT = re.compile(r"fact|verified|reviewed|checked|trusted|reliable", re.IGNORECASE)


@dataclass
class Scan:
    """Candidates found in one pass, each list in document order."""

    named_comment: list[lxml_html.HtmlElement] = field(default_factory=list)  # class/id mentions "comment"
    disqus: list[lxml_html.HtmlElement] = field(default_factory=list)  # class/id mentions "disqus"
    forms: list[lxml_html.HtmlElement] = field(default_factory=list)  # <form> and comment-form wrappers
    badge_text: list[tuple[lxml_html.HtmlElement, bool]] = field(default_factory=list)  # (element, is_tail)
    images: list[lxml_html.HtmlElement] = field(default_factory=list)  # <img> with alt/title


def scan(tree: lxml_html.HtmlElement) -> Scan:
    """Walk the tree once."""
    found = Scan()
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if "comment" in names:
            found.named_comment.append(el)
        if "disqus" in names:
            found.disqus.append(el)
        if tag == "form" or "respond" in names or "akismet" in names:
            found.forms.append(el)
        if tag == "img" and (el.get("alt") or el.get("title")):
            found.images.append(el)
        text = el.text
        if text and len(text) < 200 and tag not in ("script", "style") and BADGE_HINT.search(text):
            found.badge_text.append((el, False))
        tail = el.tail
        if tail and len(tail) < 200 and BADGE_HINT.search(tail):
            found.badge_text.append((el, True))
    return found
