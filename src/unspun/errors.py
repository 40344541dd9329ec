"""One exception hierarchy, mapped to exit codes (CLI) and RFC 9457 problems (server).

Every error a user can cause carries a one-line message meant to be printed as is.
"""

from __future__ import annotations


class UnspunError(Exception):
    """Base of every error unspun raises on purpose; `exit_code` and `http_status` say how to report it."""

    exit_code = 1
    http_status = 500
    title = "unspun error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(UnspunError):
    """The input cannot be used: missing file, empty or binary content, unreadable record."""

    exit_code = 2
    http_status = 422
    title = "Unusable input"


class FetchError(UnspunError):
    """A URL was refused (scheme, private address, size) or could not be fetched."""

    exit_code = 3
    http_status = 502
    title = "Fetch failed"


class FetchRefused(FetchError):
    """A URL that unspun will not fetch: non-http(s), private or loopback address, too many redirects."""

    http_status = 422
    title = "URL refused"


class NoArticleError(UnspunError):
    """The page was read but holds no article text."""

    exit_code = 4
    http_status = 422
    title = "No article text"


class ResourceError(UnspunError):
    """A bundled or trained resource (model, lexicon, database) is missing or corrupt."""

    exit_code = 5
    http_status = 500
    title = "Resource unavailable"


class ConfigError(UnspunError):
    """Settings or command-line options that cannot work together."""

    exit_code = 6
    http_status = 400
    title = "Bad configuration"
