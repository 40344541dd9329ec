"""ClaimReview (schema.org) <-> FactCheck: the format fact-checkers publish and unspun exports.

Reading is forgiving (fact-checkers' markup varies: `author` as a string or an object, ratings as
`alternateName` or `name`, records nested in `@graph` or in other objects); writing is canonical,
so an exported file re-imports to the same records. Where unspun got a record from is kept in
`isBasedOn` (a `Dataset` named by the provenance), which schema.org defines as the resource a work
is derived from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .records import FactCheck, text_of


def _name(value: Any) -> str:
    """A name out of a schema.org Thing, a list of them, or a plain string."""
    if isinstance(value, list):
        return ", ".join(n for n in (_name(v) for v in value) if n)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("alternateName") or "")
    return "" if value is None else str(value)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    return {str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind])}


def find_claim_reviews(data: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object anywhere in a JSON-LD document (lists, `@graph`, nested values), in
    document order. The walk keeps its own stack: a document nested deeper than Python's recursion
    limit (json parses nearly that deep) must not crash it."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if "ClaimReview" in _types(node):
                yield node
                continue
            stack.extend(reversed([v for v in node.values() if isinstance(v, (dict, list))]))


def from_claim_review(node: dict[str, Any], provenance: str = "") -> FactCheck:
    """A FactCheck from one ClaimReview object; `provenance` applies when the object names none."""
    rating = node.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    rating_text = _name(rating) if isinstance(rating, dict) else str(rating)
    if not rating_text and isinstance(rating, dict) and rating.get("ratingValue") not in (None, ""):
        rating_text = f"{rating.get('ratingValue')}/{rating.get('bestRating', '?')}"
    item = node.get("itemReviewed") or {}
    item = item[0] if isinstance(item, list) and item else item
    item = item if isinstance(item, dict) else {}
    author = node.get("author") or {}
    author = author[0] if isinstance(author, list) and author else author
    based_on = node.get("isBasedOn")
    return FactCheck(
        claim=text_of(node.get("claimReviewed") or item.get("text") or item.get("name"), numbers=False),
        rating=rating_text,
        publisher=_name(author),
        publisher_url=text_of(author.get("url"), numbers=False) if isinstance(author, dict) else "",
        url=text_of(node.get("url"), numbers=False),
        date=text_of(node.get("datePublished")),
        title=text_of(node.get("headline") or node.get("name")),
        claimant=_name(item.get("author")),
        claim_date=text_of(item.get("datePublished")),
        language=_name(node.get("inLanguage")),
        provenance=_name(based_on) or provenance,
    )


def to_claim_review(record: FactCheck) -> dict[str, Any]:
    """The canonical ClaimReview JSON-LD object of a record (empty fields left out)."""
    node: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": record.claim}
    if record.url:
        node["url"] = record.url
    if record.date:
        node["datePublished"] = record.date
    if record.title:
        node["headline"] = record.title
    if record.language:
        node["inLanguage"] = record.language
    if record.publisher or record.publisher_url:
        node["author"] = {"@type": "Organization", "name": record.publisher}
        if record.publisher_url:
            node["author"]["url"] = record.publisher_url
    node["reviewRating"] = {"@type": "Rating", "alternateName": record.rating}
    item: dict[str, Any] = {"@type": "Claim"}
    if record.claimant:
        item["author"] = {"@type": "Thing", "name": record.claimant}
    if record.claim_date:
        item["datePublished"] = record.claim_date
    if len(item) > 1:
        node["itemReviewed"] = item
    if record.provenance:
        node["isBasedOn"] = {"@type": "Dataset", "name": record.provenance}
    return node
