"""Retention and data-subject requests: purge old comment text, export or delete one commenter.

The purge empties the `content` of events older than `comment_retention_days` (default 15, the
period the WordPress Akismet plugin keeps what it sent); verdicts, counts and fingerprints stay.
Export and delete find a commenter by the keyed hash of their email address.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from .tables import ModEvent, ModFeedback, ModSite


def purge(factory: sessionmaker[Session], retention_days: int, at: datetime | None = None) -> int:
    """Empty the text of every event older than the retention period; returns how many."""
    cutoff = (at or datetime.now(UTC)) - timedelta(days=max(0, retention_days))
    with factory() as db:
        result = db.execute(
            update(ModEvent).where(ModEvent.content.is_not(None), ModEvent.created < cutoff).values(content=None)
        )
        db.commit()
        return result.rowcount or 0


def export(factory: sessionmaker[Session], email_hash: str | None) -> dict:
    """Everything stored under one email address, as plain JSON-ready data."""
    if not email_hash:
        return {"events": []}
    with factory() as db:
        rows = db.execute(
            select(ModEvent, ModSite.url)
            .join(ModSite, ModSite.id == ModEvent.site_id)
            .where(ModEvent.email_hash == email_hash)
            .order_by(ModEvent.created)
        ).all()
    return {
        "note": "IP addresses, email addresses and names are stored only as keyed hashes and cannot be shown.",
        "events": [
            {
                "id": e.id,
                "site": url,
                "kind": e.kind,
                "created": e.created.isoformat() if e.created else None,
                "verdict": None if e.spam is None else ("spam" if e.spam else "ham"),
                "reason": e.reason,
                "comment_type": e.comment_type,
                "content": e.content,
            }
            for e, url in rows
        ],
    }


def erase(factory: sessionmaker[Session], email_hash: str | None) -> dict[str, int]:
    """Delete every event and report fingerprint stored under one email address."""
    if not email_hash:
        return {"events": 0, "feedback": 0}
    with factory() as db:
        feedback = db.execute(delete(ModFeedback).where(ModFeedback.email_hash == email_hash)).rowcount or 0
        events = db.execute(delete(ModEvent).where(ModEvent.email_hash == email_hash)).rowcount or 0
        db.commit()
    return {"events": events, "feedback": feedback}
