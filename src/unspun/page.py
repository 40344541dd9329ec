"""Loading: from a path, URL, stdin or raw content to a decoded, size-limited `Page`.

Everything a user can point unspun at arrives here, so this module is where untrusted input is
bounded: a size cap on every source, http/https only, redirects followed by hand so that each hop
is checked, and a refusal of loopback/private/link-local/multicast/reserved addresses *after* DNS
resolution (the connection then goes to the very address that was checked, so a second lookup
cannot swap in a private one).
"""

from __future__ import annotations

import codecs
import dataclasses
import ipaddress
import re
import socket
import sys
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin

from .errors import FetchError, FetchRefused, InputError
from .settings import Settings

USER_AGENT = "unspun/0.1 (offline credibility checker)"
#: Anything that starts like a URL ("ftp://", "file://"): only http(s) is fetched, the rest is refused.
URL_SCHEME = re.compile(r"(?i)[a-z][a-z0-9+.-]*://")
#: An http(s) URL with a host: what may be fetched, and what `--url` / the API's `page_url` may name.
HTTP_URL = re.compile(r"(?i)https?://[^/\s]\S*")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_SNIFF = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|meta|title|p|div|article|section|br|span|a\s|h[1-6]|script|!--)",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
}
_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml"}


@dataclasses.dataclass(frozen=True)
class Page:
    """A loaded page: raw bytes, their decoded text, and what is known about where they came from."""

    content: bytes
    text: str
    url: str | None = None
    content_type: str | None = None
    is_html: bool = True
    encoding: str | None = None
    path: str | None = None


def load(source: str | bytes, *, settings: Settings, url: str | None = None) -> Page:
    """Load a page from `source`.

    `"-"` reads stdin; a string starting with http:// or https:// is fetched; a string naming an
    existing file reads that file; any other string holding a newline or `<` is the content itself;
    bytes are the content. `url` records where content came from (it is not fetched).
    """
    if isinstance(source, (bytes, bytearray)):
        return decode(bytes(source), url=url, max_bytes=settings.max_bytes)
    if source == "-":
        data = sys.stdin.buffer.read(settings.max_bytes + 1)
        return decode(data, url=url, max_bytes=settings.max_bytes, what="stdin")
    if re.match(r"(?i)https?://", source):
        return fetch(source, settings=settings)
    path = _as_path(source)
    if path is not None:
        return _read_file(path, url=url, max_bytes=settings.max_bytes)
    if "\n" in source or "<" in source:
        return decode(source.encode("utf-8"), url=url, max_bytes=settings.max_bytes, declared="utf-8")
    if URL_SCHEME.match(source):
        raise FetchRefused(f"unsupported URL scheme (only http and https): {source}")
    raise InputError(f"no such file: {source}")


def _as_path(source: str) -> Path | None:
    """The file `source` names, or None when it names nothing (or is too odd to be a path)."""
    if len(source) > 4096 or "\x00" in source or "\n" in source:
        return None
    path = Path(source).expanduser()
    try:
        return path if path.exists() else None
    except OSError:
        return None


def _read_file(path: Path, *, url: str | None, max_bytes: int) -> Page:
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a page")
    try:
        if path.stat().st_size > max_bytes:  # a regular file says its size: refuse it unread
            raise InputError(f"{path} is larger than the {_mb(max_bytes)} limit")
        with path.open("rb") as fh:  # a device, pipe or /proc file says 0: read one byte over the cap at most
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return dataclasses.replace(decode(data, url=url, max_bytes=max_bytes, what=str(path)), path=str(path))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB"


# --------------------------------------------------------------------------- decoding


def decode(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    max_bytes: int | None = None,
    declared: str | None = None,
    what: str = "the input",
) -> Page:
    """Turn raw bytes into a `Page`: refuse empty/binary/oversized content, sniff HTML, pick the encoding.

    The encoding is chosen in this order: a byte-order mark, valid UTF-8, the charset `declared`
    (e.g. by HTTP), a `<meta charset>`, UTF-8 with a few stray bytes, then charset-normalizer's guess.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"{what} is larger than the {_mb(max_bytes)} limit")
    if not data.strip():
        raise InputError(f"{what} is empty")
    bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
    if bom is None:
        _refuse_binary(data, what)
    text, encoding = _decode_text(data, bom or _valid_codec(declared), what)
    if not text.strip():
        raise InputError(f"{what} is empty")
    if _control_share(text) > 0.05:
        raise InputError(f"{what} looks like binary data, not a page")
    mime = (content_type or "").split(";")[0].strip().lower() or None
    is_html = mime in _HTML_TYPES or (mime in (None, "text/plain") and _looks_like_html(text))
    if mime and mime not in _HTML_TYPES and not mime.startswith("text/"):
        if not _looks_like_html(text):
            raise InputError(f"{what} is {mime}, not an HTML or text page")
        is_html = True
    kind = mime or ("text/html" if is_html else "text/plain")
    return Page(content=data, text=text, url=url, content_type=kind, is_html=is_html, encoding=encoding)


def _refuse_binary(data: bytes, what: str) -> None:
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{what} is {name}, not an HTML or text page")
    head = data[:8192]
    if b"\x00" in head and not _utf16_without_bom(head):
        raise InputError(f"{what} looks like binary data, not a page")


def _utf16_without_bom(head: bytes) -> bool:
    """UTF-16 text without a BOM has a NUL in every other byte; binary files do not."""
    even, odd = head[0::2], head[1::2]
    return len(head) >= 4 and (even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)) and (
        even.count(0) < 0.1 * len(even) or odd.count(0) < 0.1 * len(odd)
    )


def _valid_codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("'\"").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages that say latin-1 are in practice windows-1252 (the WHATWG encoding standard's rule).
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _decode_text(data: bytes, encoding: str | None, what: str) -> tuple[str, str]:
    # Bytes that are valid UTF-8 are UTF-8 whatever the page declares: text in a legacy code page
    # almost never forms valid multi-byte sequences, while "charset=iso-8859-1" on UTF-8 is common.
    candidates = ["utf-8-sig" if encoding == "utf-8-sig" else "utf-8"]
    if encoding:
        candidates.append(encoding)
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(_valid_codec(match.group(1).decode("ascii", "ignore")))
    for enc in filter(None, candidates):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    from charset_normalizer import from_bytes

    best = _web_encoding(from_bytes(data[:200_000]))
    if best:
        return data.decode(best, errors="replace"), best
    if _utf16_without_bom(data[:8192]):
        raise InputError(f"{what} looks like binary data, not a page")
    return data.decode("cp1252", errors="replace"), "cp1252"


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (a page pasted together from sources): decoded, strays replaced.

    It counts as UTF-8 when its valid multi-byte characters outnumber the invalid bytes ten to one;
    a windows-1252 page with one accented letter has no valid multi-byte character at all.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return text if good >= 10 * bad else None


def _web_encoding(matches) -> str | None:
    """charset-normalizer's guess, nudged toward the encodings web pages actually use.

    On short samples several single-byte code pages decode equally well (it may even pick
    hp_roman8 for French); among guesses about as good as the best one, the web's usual encoding wins.
    """
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    close = [m.encoding for m in matches if m.chaos <= least + 0.05]
    for enc in _WEB_ENCODINGS:
        if enc in close:
            return enc
    return matches.best().encoding


_WEB_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8_r", "iso8859_15", "iso8859_2",
    "cp1255", "cp1256", "cp1258", "cp874", "shift_jis", "cp932", "euc_jp", "gb18030", "gb2312", "big5",
    "euc_kr", "cp949",
)


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _control_share(text: str) -> float:
    sample = text[:20_000]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def _looks_like_html(text: str) -> bool:
    """Markup from its first character, or dense enough to be markup (a fragment); a plain-text
    article that mentions "<p>" in passing is neither."""
    head = text[:4096].lstrip("\ufeff \t\r\n").encode("utf-8", "ignore")
    if head.startswith(b"<") and _HTML_SNIFF.match(head):
        return True
    return len(re.findall(rb"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?>", head)) >= 5


# --------------------------------------------------------------------------- fetching


def fetch(url: str, *, settings: Settings) -> Page:
    """Fetch a URL with every guard on: scheme, address check per hop, redirect count, timeout, size cap."""
    import httpx

    current = url
    with httpx.Client(timeout=settings.fetch_timeout, follow_redirects=False, trust_env=False) as client:
        for _hop in range(settings.max_redirects + 1):
            target, addresses = _checked(current, settings)
            try:
                response = _open(client, target, addresses)
                try:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"redirect without a Location from {current}")
                        current = urljoin(str(target), location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase} from {current}")
                    body = _read_capped(response, settings.max_bytes, current)
                    content_type = response.headers.get("content-type")
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {settings.fetch_timeout:g} s fetching {current}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: network unreachable or connection failed ({_reason(exc)})") from None
            return decode(body, url=current, content_type=content_type, declared=_charset(content_type), what=current)
    raise FetchRefused(f"more than {settings.max_redirects} redirects starting at {url}")


def _open(client, target, addresses: list[str]):  # -> httpx.Response (streaming)
    """GET the target from the first checked address that accepts a connection.

    The URL's host is replaced by the address itself, so the connection cannot go anywhere the
    check did not see; the `Host` header and TLS SNI (and so certificate checks) keep the name.
    """
    import httpx

    headers = {"User-Agent": USER_AGENT, "Host": _host_header(target), "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}

    def attempt(address: str):  # -> httpx.Response
        request = client.build_request("GET", target.copy_with(host=address), headers=headers, extensions=extensions)
        return client.send(request, stream=True)

    for address in addresses[:-1]:
        try:
            return attempt(address)
        except httpx.ConnectError:
            continue
    return attempt(addresses[-1])


def _checked(url: str, settings: Settings):  # -> tuple[httpx.URL, list[str]]
    """Validate one hop: http(s), a host, and (unless allowed) only public addresses. Returns the addresses."""
    import httpx

    try:
        target = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchRefused(f"not a valid URL: {url} ({exc})") from None
    if target.scheme not in ("http", "https"):
        raise FetchRefused(f"unsupported URL scheme (only http and https): {url}")
    if not target.host:
        raise FetchRefused(f"URL has no host: {url}")
    port = target.port or (443 if target.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(target.host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve {target.host}: network unreachable or unknown host ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {target.host}: no address")
    if not settings.allow_private:
        for address in addresses:
            why = non_public(address)
            if why:
                raise FetchRefused(
                    f"refusing to fetch {url}: {target.host} resolves to {why} address {address} "
                    "(use --allow-private to permit)"
                )
    return target, addresses


def non_public(address: str) -> str | None:
    """Why an IP address is not a public one (`"loopback"`, `"private"`, ...), or None when it is public."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for name in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    if not ip.is_global:
        return "non-global"
    return None


def _host_header(target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = target.host if ":" not in target.host else f"[{target.host}]"
    return host if target.port in (None, default) else f"{host}:{target.port}"


def _read_capped(response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url} is larger than the {_mb(max_bytes)} limit")
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"{url} is larger than the {_mb(max_bytes)} limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    return msg.get_param("charset")  # type: ignore[return-value]


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__
