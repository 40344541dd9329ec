"""From input records to indexed documents: the project's own extractor, then the source profiles
for the outlet's name (so a rebranded site is grouped under one outlet)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import UnspunError
from ..records import Record
from ..settings import get_settings
from .store import Document, EvidenceStore

BATCH = 64


@dataclass
class AddResult:
    """What `add_records` did: counts and one line per record that could not be indexed."""

    added: int = 0
    duplicates: int = 0
    errors: list[str] | None = None


def outlet_of(domain: str | None) -> str | None:
    """The outlet's display name from the source profiles (None for an unknown domain)."""
    if not domain:
        return None
    from ..sources import lookup

    return lookup(domain).get("name")


def to_document(record: Record) -> Document:
    """Extract one record into a Document (raises an UnspunError for a bad record)."""
    from ..extract import extract
    from ..page import load

    if record.error:
        raise UnspunError(record.error)
    fields = record.fields
    content = fields.get("content")
    if content is None:
        raw = fields.get("html") or fields.get("text")
        content = str(raw).encode("utf-8") if raw else None
    page = load(content if content is not None else fields["url"], settings=get_settings(), url=fields.get("url"))
    article = extract(page)
    if not article.text.strip():
        raise UnspunError("no article text")
    domain = article.domain
    return Document(
        text=article.text,
        url=article.canonical_url or article.url or fields.get("url"),
        title=article.title or fields.get("title"),
        date=article.date or fields.get("date"),
        domain=domain,
        outlet=outlet_of(domain) or article.site_name,
    )


def documents(records: Iterable[Record], errors: list[str]) -> Iterator[Document]:
    """Documents of the records that extract; the others become lines in `errors`."""
    for record in records:
        try:
            yield to_document(record)
        except UnspunError as exc:
            errors.append(f"{record.id}: {exc.message}")
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the indexing
            errors.append(f"{record.id}: internal error: {type(exc).__name__}: {exc}")


def add_records(store: EvidenceStore, records: Iterable[Record]) -> AddResult:
    """Index records in batches of 64 (one embedding call per batch)."""
    result = AddResult(errors=[])
    batch: list[Document] = []
    for doc in documents(records, result.errors):
        batch.append(doc)
        if len(batch) == BATCH:
            added, dup = store.add(batch)
            result.added, result.duplicates = result.added + added, result.duplicates + dup
            batch = []
    if batch:
        added, dup = store.add(batch)
        result.added, result.duplicates = result.added + added, result.duplicates + dup
    return result


def default_store(create: bool = True) -> EvidenceStore:
    """The store named in settings (`evidence_url`), else `<data_dir>/evidence/`."""
    settings = get_settings()
    return EvidenceStore(settings.evidence_url or settings.data_dir / "evidence", create=create)
