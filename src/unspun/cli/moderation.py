"""`unspun keys ...` (Akismet-compatible API keys) and `unspun moderation ...` (lists, retention,
a commenter's data by email)."""

from __future__ import annotations

import json

import click

from ..db import sessions
from ..errors import InputError
from ..moderation import housekeeping, keys as keystore
from ..moderation.privacy import Hasher, secret
from ..settings import get_settings


def _factory():
    return sessions(get_settings().db_url)


def _hasher() -> Hasher:
    return Hasher(secret(get_settings()))


@click.group()
def keys() -> None:
    """Create, list and revoke API keys for the Akismet-compatible endpoints."""


@keys.command("create")
@click.option("--site", "site", required=True, help="The site's URL (the `blog` its client sends).")
def create(site: str) -> None:
    """Create a key for a site; it is printed once and stored only as a hash."""
    click.echo(keystore.create_key(_factory(), site))


@keys.command("list")
def list_() -> None:
    """List keys (last four characters), their sites, and whether they are revoked."""
    for info in keystore.list_keys(_factory()):
        state = f"revoked {info.revoked:%Y-%m-%d}" if info.revoked else "live"
        click.echo(f"...{info.hint}\t{info.site}\tcreated {info.created:%Y-%m-%d}\t{state}")


@keys.command("revoke")
@click.argument("key")
def revoke(key: str) -> None:
    """Revoke a key (the whole key, or its last four characters if that is unambiguous)."""
    count = keystore.revoke_key(_factory(), key)
    if not count:
        raise InputError(f"no live key is or ends in {key!r} (`unspun keys list` shows them)")
    click.echo(f"revoked {count} key(s)")


@click.group()
def group() -> None:
    """Comment-moderation housekeeping: retention purge, allow/block lists, a commenter's data."""


@group.command()
def purge() -> None:
    """Empty comment text older than the retention period (`comment_retention_days`, default 15)."""
    settings = get_settings()
    count = housekeeping.purge(_factory(), settings.comment_retention_days)
    click.echo(f"purged the text of {count} comment(s) older than {settings.comment_retention_days} days")


@group.command()
@click.option("--email", required=True, help="The commenter's email address.")
def export(email: str) -> None:
    """Print, as JSON, everything stored under one commenter's email address."""
    click.echo(json.dumps(housekeeping.export(_factory(), _hasher()("email", email)), indent=2, ensure_ascii=False))


@group.command()
@click.option("--email", required=True, help="The commenter's email address.")
def delete(email: str) -> None:
    """Delete everything stored under one commenter's email address."""
    counts = housekeeping.erase(_factory(), _hasher()("email", email))
    click.echo(f"deleted {counts['events']} event(s) and {counts['feedback']} report fingerprint(s)")


_FIELDS = click.Choice(list(keystore.LIST_FIELDS))


@group.command("allow")
@click.option("--site", required=True, help="The site's URL.")
@click.option("--field", "field", type=_FIELDS, required=True, help="What to match.")
@click.argument("value")
def allow(site: str, field: str, value: str) -> None:
    """Never flag comments from this email, IP, author name or host (domain) on a site."""
    keystore.add_list_entry(_factory(), _hasher(), site, "allow", field, value)
    click.echo(f"allowed {field} on {site}")


@group.command("block")
@click.option("--site", required=True, help="The site's URL.")
@click.option("--field", "field", type=_FIELDS, required=True, help="What to match.")
@click.argument("value")
def block(site: str, field: str, value: str) -> None:
    """Always flag (and advise discarding) comments from this email, IP, author or host on a site."""
    keystore.add_list_entry(_factory(), _hasher(), site, "block", field, value)
    click.echo(f"blocked {field} on {site}")


@group.command("unlist")
@click.option("--site", required=True, help="The site's URL.")
@click.option("--field", "field", type=_FIELDS, required=True, help="What to match.")
@click.argument("value")
def unlist(site: str, field: str, value: str) -> None:
    """Remove an email, IP, author or host from a site's allow- and block-lists."""
    count = keystore.remove_list_entry(_factory(), _hasher(), site, field, value)
    click.echo(f"removed {count} entr{'y' if count == 1 else 'ies'}")
