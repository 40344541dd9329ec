"""Keyed hashing of personal data, so the store can match a commenter without knowing who it is.

IPs, email addresses and author names are kept only as HMAC-SHA256 under a secret that never
leaves this machine: `settings.secret_key` when set, else a random key created once in
`settings.data_dir/moderation.key` (mode 0600). Without the secret a stored hash cannot be tested
against a guessed address, which a plain hash of an email or IPv4 address would allow.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ..errors import ConfigError
from ..settings import Settings

SECRET_FILE = "moderation.key"


@functools.cache
def _file_secret(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    try:
        value = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise ConfigError(f"cannot read the moderation secret {path}: {exc.strerror}") from None
    if len(value) < 32:
        raise ConfigError(f"the moderation secret {path} is too short; delete it to create a new one")
    return value.encode()


def secret(settings: Settings) -> bytes:
    """The hashing secret: `settings.secret_key`, else the per-installation key file."""
    if settings.secret_key:
        return settings.secret_key.encode()
    return _file_secret(settings.data_dir / SECRET_FILE)


class Hasher:
    """Keyed hashes of the identifiers the moderation store keeps."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, kind: str, value: str | None) -> str | None:
        """HMAC of a normalised value, domain-separated by `kind` (`ip`, `email`, `author`, `text`);
        None for an empty value."""
        value = (value or "").strip().lower()
        if not value:
            return None
        return hmac.new(self._key, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest()


def key_digest(api_key: str) -> str:
    """How an API key is stored: its SHA-256 (keys are 128-bit random values)."""
    return hashlib.sha256(api_key.strip().encode()).hexdigest()
