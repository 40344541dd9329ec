"""Monthly usage figures for the Akismet `key-sites` and `usage-limit` endpoints.

Akismet's meanings: `spam`/`ham` count checks by verdict, `missed_spam` counts spam reports
(spam the filter let through), `false_positives` counts ham reports.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import InputError
from .tables import ModEvent, ModKey, ModSite


def month_bounds(month: str | None) -> tuple[str, datetime, datetime]:
    """`YYYY-MM` (default: this month) and its first instant and the next month's."""
    today = datetime.now(UTC)
    label = month or today.strftime("%Y-%m")
    try:
        start = datetime.strptime(label, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise InputError(f"month must be YYYY-MM, not {label!r}") from None
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return label, start, end


def site_month(db: Session, site: ModSite, start: datetime, end: datetime) -> dict:
    """One site's row of the key-sites report for a month."""
    rows = db.execute(
        select(ModEvent.kind, ModEvent.spam, func.count())
        .where(ModEvent.site_id == site.id, ModEvent.created >= start, ModEvent.created < end)
        .group_by(ModEvent.kind, ModEvent.spam)
    ).all()
    count = {(kind, spam): n for kind, spam, n in rows}
    live = select(func.count()).select_from(ModKey).where(ModKey.site_id == site.id, ModKey.revoked.is_(None))
    revoked = not db.scalar(live)
    return {
        "site": site.host,
        "api_calls": sum(count.values()),
        "spam": count.get(("check", True), 0),
        "ham": count.get(("check", False), 0),
        "missed_spam": sum(n for (kind, _), n in count.items() if kind == "spam"),
        "false_positives": sum(n for (kind, _), n in count.items() if kind == "ham"),
        "is_revoked": revoked,
    }


def checks_this_month(db: Session, site: ModSite) -> int:
    """Calls counted against the usage limit: this month's checks and reports."""
    _, start, end = month_bounds(None)
    return db.scalar(
        select(func.count())
        .select_from(ModEvent)
        .where(ModEvent.site_id == site.id, ModEvent.created >= start, ModEvent.created < end)
    ) or 0
