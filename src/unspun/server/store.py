"""Stored reports: every analysis the server runs is kept so it can be listed and reopened.

The whole Report is stored as its JSON (the schema the API serves), beside the few columns the
history list shows and sorts on, so listing never parses report bodies. The table lives on the
shared `unspun.db.Base` and is created by the Alembic revision `0002_reports`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import DateTime, Float, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, sessions
from ..errors import UnspunError
from ..report import Report


class ReportNotFound(UnspunError):
    """A report id that the store does not hold."""

    http_status = 404
    title = "Report not found"


class StoredReportRow(Base):
    """One analysed article: listing columns plus the full report JSON."""

    __tablename__ = "server_reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    domain: Mapped[str | None] = mapped_column(String(255))
    score: Mapped[float | None] = mapped_column(Float)
    label: Mapped[str | None] = mapped_column(String(40))
    findings: Mapped[int] = mapped_column(Integer, default=0)
    analyzers: Mapped[str] = mapped_column(String(500), default="")
    report: Mapped[str] = mapped_column(Text)


class ReportSummary(BaseModel):
    """One line of the history: enough to pick a report without loading it."""

    id: str
    created: datetime
    title: str | None
    url: str | None
    domain: str | None
    score: float | None
    label: str | None
    findings: int
    analyzers: list[str]


class ReportPage(BaseModel):
    """A page of the history, newest first, with the total count for paging."""

    total: int
    limit: int
    offset: int
    items: list[ReportSummary]


def _summary(row: StoredReportRow) -> ReportSummary:
    created = row.created if row.created.tzinfo else row.created.replace(tzinfo=UTC)  # SQLite drops the zone
    return ReportSummary(
        id=row.id, created=created, title=row.title, url=row.url, domain=row.domain, score=row.score,
        label=row.label, findings=row.findings, analyzers=[a for a in row.analyzers.split(",") if a],
    )


class ReportStore:
    """Reports kept in the relational store at `url` (migrated on first use)."""

    def __init__(self, url: str) -> None:
        self._sessions = sessions(url)

    def add(self, report: Report, analyzers: list[str]) -> ReportSummary:
        """Store a report; `analyzers` are the ones that ran (so the history can say what was checked)."""
        article = report.article
        row = StoredReportRow(
            id=uuid.uuid4().hex,
            created=datetime.now(UTC),
            title=(article.title or "")[:500] or None,
            url=(article.canonical_url or article.url or "")[:2000] or None,
            domain=(article.domain or "")[:255] or None,
            score=report.score.value if report.score else None,
            label=report.score.label if report.score else None,
            findings=len(report.findings),
            analyzers=",".join(analyzers)[:500],
            report=report.model_dump_json(),
        )
        with self._sessions.begin() as session:
            session.add(row)
        return _summary(row)

    def get(self, report_id: str) -> tuple[ReportSummary, Report]:
        """The stored report with its summary; `ReportNotFound` for an unknown id."""
        with self._sessions() as session:
            row = session.get(StoredReportRow, report_id)
            if row is None:
                raise ReportNotFound(f"no report with id {report_id!r}")
            return _summary(row), Report.model_validate_json(row.report)

    def page(self, limit: int = 20, offset: int = 0) -> ReportPage:
        """Summaries newest first (ties broken by id so paging is stable)."""
        with self._sessions() as session:
            total = session.scalar(select(func.count()).select_from(StoredReportRow)) or 0
            rows = session.scalars(
                select(StoredReportRow)
                .order_by(StoredReportRow.created.desc(), StoredReportRow.id.desc())
                .limit(limit)
                .offset(offset)
            ).all()
            return ReportPage(total=total, limit=limit, offset=offset, items=[_summary(r) for r in rows])
