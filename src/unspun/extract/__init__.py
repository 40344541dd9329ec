"""Extraction: from a loaded `Page` to an `Article` (metadata, body with block offsets, comments,
badges, structured data). HTML goes through `html.py`, plain text through `plaintext.py`; both
lay out the body the same way (`body.py`), so a page and its copied text read alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..report import Article
from .html import extract_html
from .plaintext import extract_text

if TYPE_CHECKING:
    from ..page import Page

__all__ = ["extract", "extract_html", "extract_text"]


def extract(page: "Page") -> Article:
    """The Article a loaded page holds (its URL, when known, fills in what the page does not say)."""
    if page.is_html:
        return extract_html(page.text, url=page.url)
    article = extract_text(page.text)
    if page.url:
        from .metadata import registrable_domain

        article = article.model_copy(update={"url": page.url, "domain": registrable_domain(page.url)})
    return article
