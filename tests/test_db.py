"""The one migration entry point: a database it cannot migrate is a one-line configuration error."""

from __future__ import annotations

import sqlite3

import pytest

from unspun.db import migrate
from unspun.errors import ConfigError


def test_a_database_from_a_newer_unspun_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    with pytest.raises(ConfigError, match="cannot migrate the database") as err:
        migrate(f"sqlite:///{path}")
    assert "\n" not in err.value.message


def test_migrating_twice_is_harmless(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate(url)
    migrate(url)
    with sqlite3.connect(tmp_path / "fresh.db") as conn:
        heads = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    assert "0005_moderation_repeats" in heads and "0004_factchecks" in heads
