"""API keys, the sites they belong to, and each site's allow- and block-lists.

A key is shown once, at creation, and stored only as its SHA-256; listing shows its last four
characters. A site is identified by its host (`https://www.example.com/blog` -> `example.com`),
so the `blog` value a client sends may be any URL on that host.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InputError
from .privacy import Hasher, key_digest
from .tables import ModKey, ModListEntry, ModSite, ModState
from .text import host

LIST_FIELDS = ("email", "ip", "author", "domain")
HASHED_FIELDS = frozenset({"email", "ip", "author"})


_SITE_FOR_KEY = (
    select(ModSite)
    .join(ModKey, ModKey.site_id == ModSite.id)
    .where(ModKey.key_hash == bindparam("digest"), ModKey.revoked.is_(None))
)


@dataclass(frozen=True)
class KeyInfo:
    """One key as `unspun keys list` shows it."""

    hint: str
    site: str
    created: datetime
    revoked: datetime | None


def site_host(url: str) -> str:
    """The host that identifies a site, refusing values that are not http(s) URLs."""
    if not url.startswith(("http://", "https://")):
        raise InputError(f"site must be a full URL starting with http:// or https://, not {url!r}")
    name = host(url)
    if not name:
        raise InputError(f"no host in site URL {url!r}")
    return name


def get_or_create_site(db: Session, url: str) -> ModSite:
    """The site for a URL, created on first use."""
    name = site_host(url)
    site = db.scalar(select(ModSite).where(ModSite.host == name))
    if site is None:
        site = ModSite(url=url, host=name, created=datetime.now(UTC))
        db.add(site)
        db.flush()
    return site


def find_site(db: Session, url: str) -> ModSite:
    """An existing site, or an InputError naming it."""
    site = db.scalar(select(ModSite).where(ModSite.host == site_host(url)))
    if site is None:
        raise InputError(f"no site {url!r}: create a key for it first (`unspun keys create --site URL`)")
    return site


def create_key(factory: sessionmaker[Session], site_url: str) -> str:
    """A new random key for a site (32 hex characters); returned once, stored only hashed."""
    key = secrets.token_hex(16)
    with factory() as db:
        site = get_or_create_site(db, site_url)
        db.add(ModKey(key_hash=key_digest(key), hint=key[-4:], site_id=site.id, created=datetime.now(UTC)))
        db.commit()
    return key


def list_keys(factory: sessionmaker[Session]) -> list[KeyInfo]:
    """Every key, newest first, without the keys themselves."""
    with factory() as db:
        rows = db.execute(
            select(ModKey, ModSite.url).join(ModSite, ModSite.id == ModKey.site_id).order_by(ModKey.created.desc())
        ).all()
    return [KeyInfo(k.hint, url, k.created, k.revoked) for k, url in rows]


def revoke_key(factory: sessionmaker[Session], key_or_hint: str) -> int:
    """Revoke a key given in full, or every live key ending in the given 4+ characters; returns
    how many were revoked (an ambiguous hint revokes nothing and says so)."""
    value = key_or_hint.strip()
    with factory() as db:
        live = select(ModKey).where(ModKey.revoked.is_(None))
        exact = db.scalars(live.where(ModKey.key_hash == key_digest(value))).all()
        matches = exact or (db.scalars(live.where(ModKey.hint == value[-4:])).all() if len(value) >= 4 else [])
        if len(matches) > 1 and not exact:
            raise InputError(f"{len(matches)} live keys end in {value[-4:]!r}: give the whole key")
        for key in matches:
            key.revoked = datetime.now(UTC)
        db.commit()
        return len(matches)


def site_for_key(db: Session, api_key: str) -> ModSite | None:
    """The site a live key belongs to, or None."""
    if not api_key:
        return None
    return db.scalar(_SITE_FOR_KEY, {"digest": key_digest(api_key)})


def add_list_entry(
    factory: sessionmaker[Session], hasher: Hasher, site_url: str, action: str, field: str, value: str
) -> None:
    """Put an email, IP, author name (all stored hashed) or host on a site's allow/block list."""
    if action not in {"allow", "block"} or field not in LIST_FIELDS:
        raise InputError(f"list entries are allow|block of {'|'.join(LIST_FIELDS)}")
    stored = hasher(field, value) if field in HASHED_FIELDS else host(value)
    if not stored:
        raise InputError(f"empty {field} value")
    with factory() as db:
        site = find_site(db, site_url)
        db.add(ModListEntry(site_id=site.id, action=action, field=field, value=stored, created=datetime.now(UTC)))
        _touch_lists(db, site)
        db.commit()


def remove_list_entry(factory: sessionmaker[Session], hasher: Hasher, site_url: str, field: str, value: str) -> int:
    """Remove an email, IP, author or host from both of a site's lists; returns how many entries."""
    stored = hasher(field, value) if field in HASHED_FIELDS else host(value)
    with factory() as db:
        site = find_site(db, site_url)
        rows = db.scalars(
            select(ModListEntry).where(
                ModListEntry.site_id == site.id, ModListEntry.field == field, ModListEntry.value == stored
            )
        ).all()
        for row in rows:
            db.delete(row)
        _touch_lists(db, site)
        db.commit()
        return len(rows)


def _touch_lists(db: Session, site: ModSite) -> None:
    """Mark a site's lists changed, so every running server reloads them on its next check."""
    db.merge(ModState(name=f"lists:{site.id}", value=secrets.token_hex(8)))
