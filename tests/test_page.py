"""Loading: sources, decoding, refusals, and the guarded fetch against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import io
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from unspun import page as page_mod
from unspun.errors import FetchError, FetchRefused, InputError
from unspun.page import load, non_public
from unspun.settings import Settings

PAGES = Path(__file__).parent / "pages"
HTML = "<html><head><title>T</title></head><body><p>Caf\u00e9 cr\u00e8me \u2013 na\u00efve r\u00e9sum\u00e9.</p></body></html>"


@pytest.fixture()
def settings() -> Settings:
    return Settings()


# --------------------------------------------------------------------------- sources


def test_file_html_and_text_are_sniffed(settings: Settings) -> None:
    html = load(str(PAGES / "wordpress.html"), settings=settings)
    assert html.is_html and html.content_type == "text/html" and html.path
    assert "Harbour Town" in html.text


def test_plain_text_file_is_not_html(tmp_path: Path, settings: Settings) -> None:
    f = tmp_path / "a.txt"
    f.write_text("A title\n\nThe body mentions <p> once, in passing, after a long first line of plain prose. " * 3)
    loaded = load(str(f), settings=settings)
    assert not loaded.is_html and loaded.content_type == "text/plain"


def test_string_content_and_bytes(settings: Settings) -> None:
    assert load(HTML, settings=settings).is_html
    assert load("Title\nbody line", settings=settings).text == "Title\nbody line"
    assert load(HTML.encode(), settings=settings, url="https://x.example/a").url == "https://x.example/a"


def test_stdin(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HTML.encode("utf-8"))))
    assert "Caf\u00e9" in load("-", settings=settings).text


@pytest.mark.parametrize(
    ("source", "message"),
    [("no-such-page.html", "no such file"), ("ftp://example.com/a", "unsupported URL scheme")],
)
def test_bad_sources(source: str, message: str, settings: Settings) -> None:
    with pytest.raises((InputError, FetchRefused), match=message):
        load(source, settings=settings)


def test_directory_empty_binary_and_oversized(tmp_path: Path) -> None:
    settings = Settings(max_bytes=1000)
    with pytest.raises(InputError, match="directory"):
        load(str(tmp_path), settings=settings)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match="empty"):
        load(str(empty), settings=settings)
    png = tmp_path / "x.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(InputError, match="PNG"):
        load(str(png), settings=settings)
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 2)
    with pytest.raises(InputError, match="binary"):
        load(str(blob), settings=settings)
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"a" * 2000 + b"</p>")
    with pytest.raises(InputError, match="larger than"):
        load(str(big), settings=settings)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (HTML.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + HTML.encode("utf-8"), "utf-8-sig"),
        (HTML.encode("utf-16"), "utf-16"),
        (HTML.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252"), "cp1252"),
        (HTML.replace("<head>", '<head><meta charset="iso-8859-1">').encode("cp1252"), "cp1252"),
        (HTML.encode("cp1252"), "cp1252"),  # undeclared: charset-normalizer, nudged to the web's usual code page
        (HTML.replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8"), "utf-8"),  # misdeclared
    ],
)
def test_encodings(data: bytes, expected: str, settings: Settings) -> None:
    loaded = load(data, settings=settings)
    assert loaded.encoding == expected
    assert "Caf\u00e9 cr\u00e8me \u2013 na\u00efve r\u00e9sum\u00e9." in loaded.text


def test_declared_meta_charset_for_cjk(settings: Settings) -> None:
    text = "<html><head><meta charset='shift_jis'></head><body><p>\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b\u3067\u3059\u3002</p></body></html>"
    assert "\u65e5\u672c\u8a9e" in load(text.encode("shift_jis"), settings=settings).text


def test_non_public_addresses() -> None:
    assert non_public("127.0.0.1") == "loopback"
    assert non_public("10.1.2.3") == "private"
    assert non_public("169.254.1.1") == "link-local"
    assert non_public("224.0.0.1") == "multicast"
    assert non_public("::ffff:192.168.0.1") == "private"
    assert non_public("::1") == "loopback"
    assert non_public("100.64.0.1") is not None
    assert non_public("93.184.216.34") is None


# --------------------------------------------------------------------------- fetching


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Transfer-Encoding" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        port = self.server.server_address[1]
        path = self.path
        if path == "/page":
            self._send(200, HTML.encode("cp1252"), {"Content-Type": "text/html; charset=windows-1252"})
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/page" if left == 0 else f"/hop/{left - 1}"
            self._send(302, headers={"Location": target})
        elif path == "/to-other-loopback":
            self._send(302, headers={"Location": f"http://127.0.0.2:{port}/page"})
        elif path == "/big":
            self._send(200, b"<p>" + b"x" * 5000 + b"</p>", {"Content-Type": "text/html"})
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                chunk = b"<p>" + b"y" * 1000 + b"</p>"
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, b"<p>late</p>", {"Content-Type": "text/html"})
        elif path == "/host":
            self._send(200, f"<p>Host was {self.headers.get('Host')}</p>".encode(), {"Content-Type": "text/html"})
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4 binary", {"Content-Type": "application/pdf"})
        else:
            self._send(404, b"not here")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hanging up early (size cap, timeout) is what those tests provoke


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def local() -> Settings:
    return Settings(allow_private=True, max_bytes=4000, fetch_timeout=0.5)


def test_loopback_refused_without_allow_private(server: str) -> None:
    with pytest.raises(FetchRefused, match="loopback"):
        load(f"{server}/page", settings=Settings())


def test_fetch_decodes_http_charset_and_records_final_url(server: str, local: Settings) -> None:
    loaded = load(f"{server}/hop/2", settings=local)
    assert loaded.url == f"{server}/page"
    assert loaded.encoding == "cp1252" and "Caf\u00e9" in loaded.text


def test_connection_goes_to_the_checked_address_with_the_name_as_host(server: str, local: Settings) -> None:
    by_name = server.replace("127.0.0.1", "localhost") + "/host"
    loaded = load(by_name, settings=local)
    assert f"Host was localhost:{server.rsplit(':', 1)[1]}" in loaded.text
    assert loaded.url == by_name


def test_too_many_redirects(server: str, local: Settings) -> None:
    with pytest.raises(FetchRefused, match="more than 5 redirects"):
        load(f"{server}/hop/9", settings=local)


def test_every_hop_is_checked(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop's address is let through; the redirect to another loopback address is refused."""
    real = page_mod.non_public
    monkeypatch.setattr(page_mod, "non_public", lambda a: None if a == "127.0.0.1" else real(a))
    with pytest.raises(FetchRefused, match="127.0.0.2"):
        load(f"{server}/to-other-loopback", settings=Settings())


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_size_cap(server: str, local: Settings, path: str) -> None:
    with pytest.raises(FetchError, match="larger than"):
        load(server + path, settings=local)


def test_http_error_timeout_binary_and_unreachable(server: str, local: Settings) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        load(f"{server}/missing", settings=local)
    with pytest.raises(FetchError, match="timed out"):
        load(f"{server}/slow", settings=local)
    with pytest.raises(InputError, match="PDF"):
        load(f"{server}/pdf", settings=local)
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = closed.server_address[1]
    closed.server_close()
    with pytest.raises(FetchError, match="network unreachable") as info:
        load(f"http://127.0.0.1:{port}/", settings=local)
    assert "\n" not in info.value.message
    with pytest.raises(FetchError, match="cannot resolve"):
        load("http://no-such-host.invalid/", settings=local)


def test_mostly_utf8_with_a_stray_byte_is_utf8(settings: Settings) -> None:
    """A page that declares UTF-8 but carries one windows-1252 byte must not be decoded as Cyrillic."""
    body = "<p>Zażółć gęślą jaźń. Nie możemy pozwolić na nękanie.</p>" * 3
    data = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode() + b"<p>\x96</p>"
    loaded = load(data, settings=settings)
    assert loaded.encoding == "utf-8"
    assert "Nie możemy pozwolić" in loaded.text and loaded.text.count("\ufffd") == 1
