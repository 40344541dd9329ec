"""The relational store shared by the server, comment moderation and the fact-check store.

SQLAlchemy 2 with Alembic migrations; a SQLite file by default, PostgreSQL (or anything
SQLAlchemy speaks) by URL. Each feature declares its tables on `Base` and ships its own
migration revision (each branches from `0001`), and `migrate()` upgrades every head.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .errors import ConfigError

MIGRATIONS = Path(__file__).parent / "migrations"


class Base(DeclarativeBase):
    """Declarative base of every table unspun stores."""


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


@functools.cache
def engine(url: str) -> Engine:
    """One engine per URL per process (SQLite gets WAL and a busy timeout for concurrent use)."""
    try:
        if url.startswith("sqlite"):
            eng = create_engine(url, connect_args={"check_same_thread": False})
            event.listen(eng, "connect", _sqlite_pragmas)
            return eng
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # SQLAlchemy raises several types for a bad URL
        raise ConfigError(f"bad database URL {url!r}: {exc}") from None


@functools.cache
def sessions(url: str) -> sessionmaker[Session]:
    """A session factory bound to the migrated database at `url`."""
    migrate(url)
    return sessionmaker(engine(url), expire_on_commit=False)


def migrate(url: str) -> None:
    """Bring the database at `url` to the newest revision of every feature (idempotent)."""
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import DBAPIError

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection_url"] = url
    try:
        with engine(url).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
    except CommandError as exc:  # e.g. a database written by a newer unspun, with revisions we lack
        raise ConfigError(f"cannot migrate the database at {redacted(url)}: {exc}") from None
    except DBAPIError as exc:  # the first connection: a missing folder, a file that is no database, a server down
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise ConfigError(f"cannot open the database {redacted(url)}: {reason}") from None


def redacted(url: str) -> str:
    """`url` without its password, for messages that may end up in logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
