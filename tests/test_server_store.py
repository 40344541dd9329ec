"""The server's report store, on a real SQLite file and a real PostgreSQL (UNSPUN_TEST_PG_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from conftest import IN_CI
from unspun.db import migrate
from unspun.report import Article, Badge, Finding, Report, Score, Span
from unspun.server.store import ReportNotFound, ReportStore


def _pg_url() -> str:
    url = os.environ.get("UNSPUN_TEST_PG_URL")
    if not url:
        message = "UNSPUN_TEST_PG_URL is not set (source .ci/services.sh to start PostgreSQL)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own that is dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = _pg_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        from unspun.db import engine

        engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _report(title: str, label: str = "not enough evidence") -> Report:
    article = Article(
        title=title, text="Officials said the city was taken. <script>alert(1)</script>", domain="example.org",
        url="https://example.org/story", badges=[Badge(text="Fact checked")],
    )
    finding = Finding(
        analyzer="badges", kind="badge", label="unsubstantiated", spans=[Span(start=0, end=12, field="badges[0]")],
        evidence={"badge": "Fact checked", "origin": "text"},
    )
    return Report(article=article, findings=[finding], score=Score(value=None, label=label), versions={"unspun": "t"})


def test_report_round_trips_exactly(db_url: str) -> None:
    store = ReportStore(db_url)
    report = _report("Ünïcode “title” — <b>not markup</b>")
    summary = store.add(report, ["badges"])
    again_summary, again = store.get(summary.id)
    assert again == report
    assert again_summary.title == report.article.title
    assert again_summary.analyzers == ["badges"] and again_summary.findings == 1
    assert again_summary.created.tzinfo is not None


def test_history_is_newest_first_and_pages(db_url: str) -> None:
    store = ReportStore(db_url)
    ids = [store.add(_report(f"story {i}"), ["badges"]).id for i in range(5)]
    first = store.page(limit=2)
    assert first.total == 5
    assert [item.id for item in first.items] == ids[::-1][:2]
    rest = store.page(limit=10, offset=2)
    assert [item.id for item in rest.items] == ids[::-1][2:]


def test_unknown_id_is_not_found(db_url: str) -> None:
    with pytest.raises(ReportNotFound):
        ReportStore(db_url).get("0" * 32)


def test_migration_creates_the_table_once(db_url: str) -> None:
    ReportStore(db_url).add(_report("kept"), [])
    migrate(db_url)  # a second upgrade is a no-op and keeps the rows
    engine = create_engine(db_url)
    try:
        assert "server_reports" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM server_reports")).scalar() == 1
    finally:
        engine.dispose()
