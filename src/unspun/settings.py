"""One settings object: defaults that work offline, then a TOML file, then `UNSPUN_*` variables,
then CLI flags (the caller passes those as overrides), in rising precedence.
"""

from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .errors import ConfigError


def _data_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "unspun"


class Settings(BaseModel):
    """Runtime configuration. Every field can be set as `UNSPUN_<FIELD>` or in the TOML file."""

    model_config = ConfigDict(extra="forbid")

    data_dir: Path = _data_home()
    database_url: str | None = None
    evidence_url: str | None = None
    allow_private: bool = False
    fetch_timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    api_token: str | None = None
    request_timeout: float = 60.0
    max_request_bytes: int = 12 * 1024 * 1024
    comment_retention_days: int = Field(15, ge=1)  # 0 or less would put the purge cutoff in the future
    secret_key: str | None = None

    @property
    def db_url(self) -> str:
        """The store's SQLAlchemy URL: the configured one, else a SQLite file in `data_dir`."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'unspun.db'}"

    def with_overrides(self, **overrides: Any) -> "Settings":
        """A copy with CLI-level overrides applied (None values are ignored)."""
        values = {k: v for k, v in overrides.items() if v is not None}
        return self.model_copy(update=values)


def _config_file() -> Path:
    explicit = os.environ.get("UNSPUN_CONFIG")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "unspun" / "config.toml"


def _from_env() -> dict[str, str]:
    fields = Settings.model_fields
    return {
        key[len("UNSPUN_"):].lower(): value
        for key, value in os.environ.items()
        if key.startswith("UNSPUN_") and key[len("UNSPUN_"):].lower() in fields
    }


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings (file, then environment)."""
    values: dict[str, Any] = {}
    cfg = _config_file()
    if cfg.exists():
        try:
            values.update(tomllib.loads(cfg.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {cfg}: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"cannot read settings file {cfg}: it is not UTF-8 text (byte {exc.start + 1})") from None
    values.update(_from_env())
    try:
        return Settings(**values)
    except ValueError as exc:
        first = str(exc).splitlines()
        raise ConfigError(f"bad setting: {' '.join(first[:3])}") from None
