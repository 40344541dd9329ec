"""Read fact-checks from the files people have: ClaimReview JSON-LD (or HTML pages carrying it),
JSON Lines and CSV/TSV.

Flat records (JSON Lines objects that are not ClaimReview, CSV/TSV rows) are read by column name.
The documented columns are the `FactCheck` field names:

| column | meaning | also accepted |
|---|---|---|
| `claim` (required) | the claim as the fact-checker states it | `claimReviewed`, `claimReview_claimReviewed`, `statement`, `vclaim` |
| `rating` | the fact-checker's own verdict words | `textualRating`, `rating_alternateName`, `evaluation` |
| `publisher` | the fact-checking organisation | `claimReview_source`, `claimReview_author_name` |
| `url` | the fact-check article | `claimReview_url`, `review_url` |
| `date` | when the fact-check was published | `datePublished`, `reviewDate`, `claimReview_datePublished`, `date_posted` |
| `title` | the fact-check article's headline | `headline`, `extra_title` |
| `claimant` | who made the claim | `claimAuthor` |
| `claim_date` | when the claim was made | `claimDate`, `creativeWork_datePublished` |
| `language`, `publisher_url`, `provenance` | as named | `inLanguage`, `languageCode` |

A record with no claim falls back to its title (some fact-checkers only headline the claim); a record
with neither is skipped and counted, and reading goes on past it. Files may be gzip-compressed (`.gz`).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .claimreview import find_claim_reviews, from_claim_review
from .records import TEXT_ONLY, FactCheck, text_of

ALIASES: dict[str, tuple[str, ...]] = {
    "claim": ("claim", "claimReviewed", "claimReview_claimReviewed", "statement", "vclaim"),
    "rating": ("rating", "textualRating", "rating_alternateName", "evaluation"),
    "publisher": ("publisher", "claimReview_source", "claimReview_author_name"),
    "url": ("url", "claimReview_url", "review_url"),
    "date": ("date", "datePublished", "reviewDate", "claimReview_datePublished", "date_posted"),
    "title": ("title", "headline", "extra_title"),
    "claimant": ("claimant", "claimAuthor"),
    "claim_date": ("claim_date", "claimDate", "creativeWork_datePublished"),
    "language": ("language", "inLanguage", "languageCode"),
    "publisher_url": ("publisher_url",),
    "provenance": ("provenance",),
}


@dataclass
class ImportResult:
    """What a file gave: the records, and the entries skipped with the reason for each."""

    records: list[FactCheck] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def from_flat(row: dict[str, Any], provenance: str) -> FactCheck | None:
    """A record from a flat dict by column name (the first non-empty of each field's ALIASES)."""
    values: dict[str, str] = {}
    for name, aliases in ALIASES.items():
        raw = next((row[k] for k in aliases if k in row and row[k] not in (None, "")), None)
        values[name] = text_of(raw, numbers=name not in TEXT_ONLY).strip()
    values["claim"] = values["claim"] or values["title"]
    if not values["claim"]:
        return None
    values["provenance"] = values["provenance"] or provenance
    return FactCheck(**values)


def _open_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except OSError as exc:
            raise InputError(f"{path} is not valid gzip: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None


def _format(path: Path, text: str) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    ext = suffixes[-1] if suffixes else ""
    if ext in {".jsonl", ".ndjson"}:
        return "jsonl"
    if ext in {".csv", ".tsv"}:
        return ext[1:]
    if ext in {".html", ".htm"} or text.lstrip()[:1] == "<":
        return "html"
    if ext in {".json", ".jsonld"}:
        return "json"
    head = text.lstrip()[:1]
    if head in "[{":
        first = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first)
            return "jsonl" if "\n" in text.strip() else "json"
        except (ValueError, RecursionError):
            return "json"
    return "tsv" if "\t" in text.split("\n", 1)[0] else "csv"


def _google_api(data: Any) -> Iterator[dict[str, Any]]:
    """Google Fact Check Tools `claims:search` responses, turned into ClaimReview-shaped objects."""
    for claim in data.get("claims", []) if isinstance(data, dict) else []:
        for review in claim.get("claimReview", []):
            yield {
                "@type": "ClaimReview",
                "claimReviewed": claim.get("text", ""),
                "itemReviewed": {"author": claim.get("claimant", ""), "datePublished": claim.get("claimDate", "")},
                "url": review.get("url", ""),
                "headline": review.get("title", ""),
                "datePublished": review.get("reviewDate", ""),
                "reviewRating": {"alternateName": review.get("textualRating", "")},
                "author": {"name": (review.get("publisher") or {}).get("name", ""), "url": (review.get("publisher") or {}).get("site", "")},
                "inLanguage": review.get("languageCode", ""),
            }


#: Why a JSON value deeper than Python's recursion limit is refused (json's parser recurses).
TOO_DEEP = "nested too deeply"


def _from_object(obj: Any, where: str, result: ImportResult) -> None:
    """Add the records of one JSON value found at `where` (ClaimReview anywhere inside, an API response, or a flat record)."""
    reviews = list(find_claim_reviews(obj)) or list(_google_api(obj))
    if reviews:
        for node in reviews:
            record = from_claim_review(node, provenance=where)
            if record.claim:
                result.records.append(record)
            else:
                result.skipped.append(f"{where}: ClaimReview whose claimReviewed is missing or not text")
    elif isinstance(obj, dict):
        record = from_flat(obj, where)
        if record:
            result.records.append(record)
        else:
            result.skipped.append(f"{where}: no claim")
    else:
        result.skipped.append(f"{where}: not a JSON object")


def read_file(path: Path, provenance: str | None = None) -> ImportResult:
    """Every fact-check in a file, format sniffed from the name and content; bad entries are skipped, not fatal."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    text = _open_text(path)
    if not text.strip():
        raise InputError(f"{path} is empty")
    provenance = provenance or path.name
    result = ImportResult()
    kind = _format(path, text)
    if kind == "html":
        import extruct

        data = extruct.extract(text, syntaxes=["json-ld", "microdata"], uniform=True)
        _from_object([data.get("json-ld", []), data.get("microdata", [])], provenance, result)
    elif kind == "json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(f"{path} is not valid JSON: {exc}") from None
        except RecursionError:
            raise InputError(f"{path} is not valid JSON: {TOO_DEEP}") from None
        for i, obj in enumerate(data if isinstance(data, list) else [data], 1):
            _from_object(obj, f"{provenance}:{i}", result)
    elif kind == "jsonl":
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    result.skipped.append(f"{provenance}:{n}: bad JSON ({exc.msg})")
                    continue
                except RecursionError:
                    result.skipped.append(f"{provenance}:{n}: bad JSON ({TOO_DEEP})")
                    continue
                _from_object(obj, f"{provenance}:{n}", result)
    else:
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if kind == "tsv" else ",")
        if not reader.fieldnames:
            raise InputError(f"{path} has no header row")
        for n, row in enumerate(reader, 2):
            record = from_flat(row, f"{provenance}:{n}")
            if record:
                result.records.append(record)
            else:
                result.skipped.append(f"{provenance}:{n}: no claim")
    return result
