"""The moderation tables, on the shared `unspun.db.Base` (Alembic revision `0003_moderation`).

Nothing here holds an IP address or an email address in clear: those columns hold keyed hashes
(see `privacy.py`). Comment text lives only in the `content` columns, which the retention purge
empties; fingerprints (SimHash, a keyed hash of the normalised text) stay so that what a site
taught the filter outlives the text it was taught with.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class ModSite(Base):
    """A site (the `blog` URL of the Akismet API) that owns keys, feedback and lists."""

    __tablename__ = "moderation_sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    host: Mapped[str] = mapped_column(String(255), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ModKey(Base):
    """An API key, stored as its SHA-256 (keys are random, so a plain digest cannot be reversed)."""

    __tablename__ = "moderation_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(8))
    site_id: Mapped[int] = mapped_column(ForeignKey("moderation_sites.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ModEvent(Base):
    """One API call about one comment: a check, or a spam/ham report (`kind`)."""

    __tablename__ = "moderation_events"
    __table_args__ = (
        Index("ix_moderation_events_site_created", "site_id", "created"),
        Index("ix_moderation_events_site_text_created", "site_id", "text_hash", "created"),  # 0005_moderation_repeats
        Index("ix_moderation_events_email", "email_hash"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("moderation_sites.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    spam: Mapped[bool | None] = mapped_column(Boolean)
    score: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(String(500))
    comment_type: Mapped[str | None] = mapped_column(String(40))
    is_test: Mapped[bool] = mapped_column(Boolean, default=False)
    check_id: Mapped[str | None] = mapped_column(String(36))
    text_hash: Mapped[str | None] = mapped_column(String(64))
    email_hash: Mapped[str | None] = mapped_column(String(64))
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    author_hash: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[str | None] = mapped_column(Text)


class ModFeedback(Base):
    """A spam/ham report's fingerprint, found again by SimHash band or exact text hash."""

    __tablename__ = "moderation_feedback"
    __table_args__ = (
        Index("ix_moderation_feedback_b0", "site_id", "band0"),
        Index("ix_moderation_feedback_b1", "site_id", "band1"),
        Index("ix_moderation_feedback_b2", "site_id", "band2"),
        Index("ix_moderation_feedback_b3", "site_id", "band3"),
        Index("ix_moderation_feedback_text", "site_id", "text_hash"),
        Index("ix_moderation_feedback_email", "email_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("moderation_sites.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(36))
    spam: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    simhash: Mapped[int] = mapped_column(BigInteger)
    band0: Mapped[int] = mapped_column(Integer)
    band1: Mapped[int] = mapped_column(Integer)
    band2: Mapped[int] = mapped_column(Integer)
    band3: Mapped[int] = mapped_column(Integer)
    text_hash: Mapped[str] = mapped_column(String(64))
    email_hash: Mapped[str | None] = mapped_column(String(64))


class ModWeight(Base):
    """A site's learned correction to one model feature (an n-gram index `t:<i>` or a
    domain `email:<host>` / `url:<host>` / `link:<host>`), added to the bundled model's weight."""

    __tablename__ = "moderation_weights"

    site_id: Mapped[int] = mapped_column(ForeignKey("moderation_sites.id", ondelete="CASCADE"), primary_key=True)
    feature: Mapped[str] = mapped_column(String(300), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)


class ModListEntry(Base):
    """A site's allow- or block-list entry: `field` is `email`, `ip` (values are keyed hashes),
    `domain` (email, author-URL or link host) or `author` (keyed hash of the name)."""

    __tablename__ = "moderation_lists"
    __table_args__ = (Index("ix_moderation_lists_lookup", "site_id", "field", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("moderation_sites.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(8))
    field: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ModState(Base):
    """Small named values the moderation code keeps between restarts (the last purge time)."""

    __tablename__ = "moderation_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))
