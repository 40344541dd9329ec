"""The Akismet-compatible API, driven over HTTP against a real `unspun serve` on 127.0.0.1: with
the PyPI `akismet` client (its transport rewritten to the local server, since its base URL is
fixed) and with raw form posts shaped like the WordPress plugin's.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import akismet
import httpx
import pytest
from click.testing import CliRunner, Result
from starlette.testclient import TestClient

from unspun.cli.main import cli
from unspun.db import sessions
from unspun.moderation import events, keys
from unspun.moderation.tables import ModEvent
from unspun.server.akismet import skip_access_log
from unspun.server.app import create_app
from unspun.settings import Settings, get_settings

BLOG = "https://blog.example.org/"
THANKS = "Thanks for making the web a better place."
SPAM_TEXT = "Check out my channel and subscribe!!! Free money at http://cheap-followers.xyz/now"
HAM_TEXT = "I disagree with the article: the casualty figures come from a single source."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(data_dir: Path) -> dict[str, str]:
    """The server's and CLI's environment: its own data folder, SQLite store, no config file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPUN_") or k == "UNSPUN_SHARED"}
    env.update(UNSPUN_DATA_DIR=str(data_dir), UNSPUN_CONFIG=str(data_dir / "absent.toml"), OMP_NUM_THREADS="1")
    return env


def unspun(data_dir: Path, *args: str) -> Result:
    """Run an `unspun` command in this process against `data_dir` (as a user would, minus the
    seconds a fresh interpreter spends on imports)."""
    env = {k: None for k in os.environ if k.startswith("UNSPUN_") and k != "UNSPUN_SHARED"}
    env.update(UNSPUN_DATA_DIR=str(data_dir), UNSPUN_CONFIG=str(data_dir / "absent.toml"))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, list(args), env=env)
    finally:
        get_settings.cache_clear()


class Server:
    """`unspun serve` in a child process; `restart()` stops it and starts a fresh one."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return self.data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "unspun.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=environment(self.data_dir), stdout=subprocess.DEVNULL, stderr=self.log.open("ab"),
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                httpx.post(f"{self.url}/1.1/verify-key", data={}, timeout=2)
                return self
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("server did not start within 90 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


class Rewrite(httpx.BaseTransport):
    """Send every request to the local server, whatever host the client aimed at."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("akismet")


@pytest.fixture(scope="module")
def key(data_dir: Path) -> str:
    created = unspun(data_dir, "keys", "create", "--site", BLOG)
    assert created.exit_code == 0, created.output
    return created.output.strip()


@pytest.fixture(scope="module")
def server(data_dir: Path, key: str):
    srv = Server(data_dir).start()
    yield srv
    srv.stop()


def client(server: Server, key: str, blog: str = BLOG) -> akismet.SyncClient:
    """The PyPI client, unchanged except for where its requests go."""
    http = httpx.Client(transport=Rewrite(server.port), headers={"User-Agent": akismet.USER_AGENT}, timeout=30)
    return akismet.SyncClient(config=akismet.Config(key=key, url=blog), http_client=http)


def post(server: Server, path: str, data: dict | list[tuple[str, str]], **headers: str) -> httpx.Response:
    """A form post; a list of pairs keeps repeated names (`comment_context[]`)."""
    body = urlencode(data)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    return httpx.post(f"{server.url}{path}", content=body, headers=headers, timeout=30)


def test_verify_key_with_the_client(server: Server, key: str) -> None:
    assert akismet.SyncClient.validated_client(config=akismet.Config(key=key, url=BLOG), http_client=client(server, key)._http_client)
    assert client(server, key, "https://www.blog.example.org/some/page").verify_key()
    assert not client(server, "0" * 32).verify_key()
    assert not client(server, key, "https://elsewhere.example.net/").verify_key()
    with pytest.raises(akismet.APIKeyError):
        akismet.SyncClient.validated_client(config=akismet.Config(key="0" * 32, url=BLOG), http_client=client(server, key)._http_client)


def test_verify_key_invalid_carries_debug_help(server: Server) -> None:
    reply = post(server, "/1.1/verify-key", {"key": "nope", "blog": BLOG})
    assert reply.status_code == 200 and reply.text == "invalid"
    assert reply.headers["X-akismet-debug-help"]
    reply = post(server, "/1.1/verify-key", {"blog": BLOG})
    assert reply.text == "invalid" and "key" in reply.headers["X-akismet-debug-help"]


def test_comment_check_spam_and_ham(server: Server, key: str) -> None:
    api = client(server, key)
    assert api.comment_check("203.0.113.7", comment_content=HAM_TEXT, comment_type="comment", comment_author="Ann") == akismet.CheckResponse.HAM
    assert api.comment_check("203.0.113.8", comment_content=SPAM_TEXT, comment_type="comment", comment_author="Bo") != akismet.CheckResponse.HAM


def test_documented_test_triggers(server: Server, key: str) -> None:
    api = client(server, key)
    assert api.comment_check("203.0.113.9", comment_author="akismet-guaranteed-spam", comment_content=HAM_TEXT)
    assert api.comment_check("203.0.113.9", comment_author_email="akismet-guaranteed-spam@example.com", comment_content=HAM_TEXT)
    assert api.comment_check("203.0.113.9", user_role="administrator", is_test=True, comment_content=SPAM_TEXT) == akismet.CheckResponse.HAM


def test_check_headers_guid_reason_and_discard(server: Server, key: str) -> None:
    form = {"api_key": key, "blog": BLOG, "user_ip": "198.51.100.4", "comment_content": HAM_TEXT}
    reply = post(server, "/1.1/comment-check", form)
    assert reply.text == "false"
    assert len(reply.headers["X-akismet-guid"]) == 36
    assert reply.headers["X-unspun-reason"].startswith("model:")
    assert "X-akismet-pro-tip" not in reply.headers
    trap = {**form, "honeypot_field_name": "hp_url", "hp_url": "http://bot.example/"}
    reply = post(server, "/1.1/comment-check", trap)
    assert reply.text == "true" and reply.headers["X-akismet-pro-tip"] == "discard"
    assert "honeypot" in reply.headers["X-unspun-reason"]
    assert post(server, "/1.1/comment-check", {**form, "api_key": "bad"}).text == "invalid"
    missing = post(server, "/1.1/comment-check", {k: v for k, v in form.items() if k != "user_ip"})
    assert missing.text != "false" and "user_ip" in missing.headers["X-akismet-debug-help"]


def test_every_documented_parameter_is_accepted(server: Server, key: str) -> None:
    form = [
        ("api_key", key), ("blog", BLOG), ("user_ip", "198.51.100.5"), ("user_agent", "Mozilla/5.0"),
        ("referrer", "https://blog.example.org/"), ("permalink", "https://blog.example.org/2024/05/city-budget-vote/"),
        ("comment_type", "reply"), ("comment_author", "Dee"), ("comment_author_email", "dee@example.net"),
        ("comment_author_url", "https://dee.example.net/"), ("comment_content", "The budget vote was closer than reported."),
        ("comment_date_gmt", "2024-05-01T10:00:00Z"), ("comment_post_modified_gmt", "2024-05-01T09:00:00Z"),
        ("comment_parent", "12"), ("blog_lang", "en,fr"), ("blog_charset", "UTF-8"), ("user_role", "subscriber"),
        ("is_test", "1"), ("recheck_reason", "edit"), ("honeypot_field_name", "hp"), ("hp", ""),
        ("comment_context[]", "city budget"), ("comment_context[]", "council"),
    ]
    reply = post(server, "/1.1/comment-check", form)
    assert reply.text == "false", reply.headers.get("X-unspun-reason")


def test_ham_report_flips_the_next_check_and_near_duplicates(server: Server, key: str) -> None:
    api = client(server, key)
    text = "Check out my new channel please subscribe and like, free gift cards http://giftcards-now.xyz"
    fields = {"comment_content": text, "comment_author": "Eve", "comment_author_email": "eve@example.com"}
    assert api.comment_check("192.0.2.10", **fields) != akismet.CheckResponse.HAM
    assert api.submit_ham("192.0.2.10", **fields) is True
    assert api.comment_check("192.0.2.10", **fields) == akismet.CheckResponse.HAM
    for variant in (text.upper(), text + "!!", text.replace("please ", "")):
        reason = post(server, "/1.1/comment-check", {"api_key": key, "blog": BLOG, "user_ip": "192.0.2.11", "comment_content": variant})
        assert reason.text == "false", (variant, reason.headers["X-unspun-reason"])


def test_spam_report_flags_the_next_check(server: Server, key: str) -> None:
    api = client(server, key)
    fields = {"comment_content": "Lovely photos of the harbour festival, thanks for posting them.", "comment_author": "Fay"}
    assert api.comment_check("192.0.2.20", **fields) == akismet.CheckResponse.HAM
    assert api.submit_spam("192.0.2.20", **fields) is True
    assert api.comment_check("192.0.2.21", **fields) == akismet.CheckResponse.SPAM


def _wordpress(key: str, content: str, **extra: str) -> tuple[bytes, dict[str, str]]:
    """A comment-check body as the WordPress plugin builds it: the key in the Host name, no
    api_key field, the comment's own columns plus POST_* and HTTP_* copies."""
    fields = {
        "comment_post_ID": "42", "comment_author": "Gus", "comment_author_email": "gus@example.org",
        "comment_author_url": "", "comment_content": content, "comment_type": "comment", "comment_parent": "0",
        "user_ID": "0", "user_id": "0", "user_ip": "198.51.100.77", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
        "referrer": "https://blog.example.org/2024/05/harbour-festival/", "blog": "https://blog.example.org",
        "blog_lang": "en_US", "blog_charset": "UTF-8", "permalink": "https://blog.example.org/2024/05/harbour-festival/",
        "akismet_comment_nonce": "passed", "POST_comment": content, "POST_submit": "Post Comment",
        "POST_comment_post_ID": "42", "HTTP_HOST": "blog.example.org", "HTTP_USER_AGENT": "Mozilla/5.0",
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9", "REMOTE_ADDR": "198.51.100.77", "REQUEST_URI": "/wp-comments-post.php",
        "comment_post_modified_gmt": "2024-05-02 08:00:00", **extra,
    }
    headers = {
        "Host": f"{key}.rest.akismet.com",
        "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
        "User-Agent": "WordPress/6.5.3 | Akismet/5.3.2",
    }
    return urlencode(fields).encode(), headers


def test_wordpress_plugin_posts(server: Server, key: str) -> None:
    body, headers = _wordpress(key, "What a lovely festival, the fireworks over the harbour were the best in years.")
    reply = httpx.post(f"{server.url}/1.1/comment-check", content=body, headers=headers, timeout=30)
    assert reply.text == "false", reply.headers.get("X-unspun-reason")
    guid = reply.headers["X-akismet-guid"]
    body, headers = _wordpress(key, "BUY FOLLOWERS CHEAP http://followers.xyz http://followers2.xyz http://cheap.xyz subscribe now")
    assert httpx.post(f"{server.url}/1.1/comment-check", content=body, headers=headers, timeout=30).text == "true"
    body, headers = _wordpress(key, "What a lovely festival, the fireworks over the harbour were the best in years.", guid=guid, reporter="admin")
    reply = httpx.post(f"{server.url}/1.1/submit-spam", content=body, headers=headers, timeout=30)
    assert reply.text == THANKS
    body, headers = _wordpress("0" * 32, "Nice.")
    assert httpx.post(f"{server.url}/1.1/comment-check", content=body, headers=headers, timeout=30).text == "invalid"


@pytest.mark.parametrize(
    ("kind", "content", "extra"),
    [
        ("comment", "@dana@mastodon.social you are right, the council minutes say the same: https://mastodon.social/@erin/112233",
         {"comment_author_url": "https://mastodon.social/@erin", "user_agent": "WordPress/6.5; ActivityPub/2.3"}),
        ("webmention", "This post was mentioned on https://indieweb.example/notes/2024/05/harbour : great write-up of the festival", {}),
        ("comment", "Mentioned in https://notes.example/2024/05/27/1 : check out this write-up of the harbour festival",
         {"user_agent": "Webmention (IndieWeb)"}),
        ("trackback", "[...] the harbour festival drew record crowds, as Blog Example reported [...] read more at https://another.example/post", {}),
        ("pingback", "[...] Harbour festival 2024 photos and a link to https://photos.example/harbour [...]", {"comment_author": "Photos Example"}),
    ],
)
def test_fediverse_replies_and_linkbacks_are_not_false_positives(server: Server, key: str, kind: str, content: str, extra: dict) -> None:
    form = {"api_key": key, "blog": BLOG, "user_ip": "192.0.2.30", "comment_type": kind, "comment_content": content, **extra}
    reply = post(server, "/1.1/comment-check", form)
    assert reply.text == "false", reply.headers["X-unspun-reason"]


def test_key_sites_and_usage_limit(server: Server, key: str) -> None:
    usage = client(server, key).usage_limit()
    assert usage["limit"] == "none" and usage["usage"] > 0 and usage["throttled"] is False
    sites = httpx.get(f"{server.url}/1.2/key-sites", params={"api_key": key}, timeout=30).json()
    month = next(k for k in sites if k not in {"limit", "offset", "total"})
    (row,) = sites[month]
    assert row["site"] == "blog.example.org" and row["api_calls"] >= row["spam"] + row["ham"] > 0
    assert row["false_positives"] >= 1 and row["missed_spam"] >= 1
    csv = httpx.post(f"{server.url}/1.2/key-sites", data={"api_key": key, "format": "csv"}, timeout=30).text.splitlines()
    assert csv[1] == "Site,Total API Calls,Spam,Ham,Missed Spam,False Positives,Is Revoked"
    assert csv[2].startswith("blog.example.org,")


def test_restart_keeps_keys_feedback_and_lists(server: Server, key: str, data_dir: Path) -> None:
    api = client(server, key)
    text = "Earn 500 dollars a day from home, message me on whatsapp for the secret method"
    assert api.comment_check("192.0.2.40", comment_content=text) != akismet.CheckResponse.HAM
    api.submit_ham("192.0.2.40", comment_content=text)
    blocked = unspun(data_dir, "moderation", "block", "--site", BLOG, "--field", "email", "troll@example.com")
    assert blocked.exit_code == 0, blocked.output
    server.restart()
    api = client(server, key)
    assert api.verify_key()
    assert api.comment_check("192.0.2.41", comment_content=text) == akismet.CheckResponse.HAM
    polite = {"comment_content": HAM_TEXT, "comment_author_email": "Troll@Example.com"}
    assert api.comment_check("192.0.2.42", **polite) == akismet.CheckResponse.DISCARD


def test_revoked_key_is_refused(server: Server, data_dir: Path) -> None:
    other = unspun(data_dir, "keys", "create", "--site", "https://news.example.com").output.strip()
    assert client(server, other, "https://news.example.com").verify_key()
    assert unspun(data_dir, "keys", "revoke", other).exit_code == 0
    assert not client(server, other, "https://news.example.com").verify_key()
    assert "..." + other[-4:] in unspun(data_dir, "keys", "list").output


def test_queued_checks_are_stored_when_the_server_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server answers a check before storing its event; stopping it (the app's lifespan
    shutdown, which uvicorn runs on SIGTERM before it re-raises the signal) stores the queue."""
    monkeypatch.setattr(events, "FLUSH_EVERY_S", 3600.0)  # no background flush during the test
    settings = Settings(data_dir=tmp_path)
    key = keys.create_key(sessions(settings.db_url), BLOG)
    with TestClient(create_app(settings)) as http:
        form = {"api_key": key, "blog": BLOG, "user_ip": "192.0.2.9", "comment_content": HAM_TEXT}
        guid = http.post("/1.1/comment-check", data=form).headers["X-akismet-guid"]
        with sessions(settings.db_url)() as db:
            assert db.get(ModEvent, guid) is None  # answered, not yet stored
        assert "usage" in http.post("/1.2/usage-limit", data={"api_key": key}).json()
        with sessions(settings.db_url)() as db:
            assert db.get(ModEvent, guid) is not None  # reading usage stores the queue first
        guid = http.post("/1.1/comment-check", data=form).headers["X-akismet-guid"]
    with sessions(settings.db_url)() as db:
        assert db.get(ModEvent, guid) is not None


def test_access_log_leaves_out_the_akismet_endpoints() -> None:
    def line(path: str) -> logging.LogRecord:
        args = ("127.0.0.1:5000", "POST", path, "1.1", 200)
        return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', args, None)

    assert not skip_access_log(line("/1.1/comment-check"))
    assert not skip_access_log(line("/1.2/usage-limit?api_key=x"))
    assert skip_access_log(line("/v1/analyses"))
