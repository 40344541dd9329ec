"""`unspun serve`: the REST API and the web page on uvicorn."""

from __future__ import annotations

import gc
import ipaddress
import logging
import socket
import threading

import click


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, type=click.IntRange(0, 65535), show_default=True, help="Port to listen on.")
@click.option("--allow-private", is_flag=True, help="Let the server fetch private, loopback and link-local addresses.")
def serve(host: str, port: int, allow_private: bool) -> None:
    """Run the REST API (/v1, /openapi.json) and the web page (/) on HOST:PORT."""
    import uvicorn

    from ..db import redacted
    from ..server.akismet import skip_access_log
    from ..server.app import create_app
    from ..settings import get_settings

    settings = get_settings().with_overrides(allow_private=allow_private or None)
    sock = _listen(host, port)
    if not _is_loopback(host) and not settings.api_token:
        click.echo(
            f"unspun: warning: listening on {host} with no API token; anyone who can reach it may run analyses "
            "(set UNSPUN_API_TOKEN)",
            err=True,
        )
    app = create_app(settings)
    logging.getLogger("uvicorn.access").addFilter(skip_access_log)
    threading.Thread(target=_warm_up, name="unspun-warm-up", daemon=True).start()
    click.echo(f"unspun: serving on http://{host}:{sock.getsockname()[1]}/ (store: {redacted(settings.db_url)})", err=True)
    config = uvicorn.Config(app, host=host, port=port, server_header=False, proxy_headers=False, log_level="info")
    uvicorn.Server(config).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed: a port in use or an address that is not
    this machine's is one line and exit 6, not uvicorn's log lines and its own exit code 3 (which
    unspun uses for a failed fetch)."""
    from ..errors import ConfigError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def _warm_up() -> None:
    """Load the models in the background so the first visitor does not wait for them (seconds)."""
    from ..errors import UnspunError
    from ..pipeline import analyze_article
    from ..report import Article

    text = "The minister said on Tuesday that the new bridge will open next year, officials reported."
    try:
        analyze_article(Article(title="Bridge to open next year", text=text))
    except UnspunError as exc:  # a missing resource: the first real request will report it
        click.echo(f"unspun: warning: warm-up: {exc.message}", err=True)
    # The models are millions of long-lived objects: keep them out of the collector's full
    # passes (one took ~0.3 s while requests waited).
    gc.freeze()
