"""The REST API over real HTTP: a uvicorn server on 127.0.0.1, called with httpx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from unspun.report import Report
from unspun.server.app import create_app
from unspun.server.live import running
from unspun.settings import Settings

PROBLEM = "application/problem+json"


def _settings(tmp: Path, **overrides) -> Settings:
    return Settings(data_dir=tmp, **overrides)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with default safety settings and its own SQLite store."""
    with running(create_app(_settings(tmp_path_factory.mktemp("api")))) as url:
        yield url


@pytest.fixture(scope="module")
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def analysed(client: httpx.Client, example_html: Path) -> httpx.Response:
    """The example page analysed once (badges only, to keep the module fast), as JSON."""
    html = example_html.read_text(encoding="utf-8")
    return client.post("/v1/analyze", params={"analyzers": "badges"}, json={"html": html})


def _problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and "type" in body
    return body


def test_analyze_returns_the_stored_report(client: httpx.Client, analysed: httpx.Response) -> None:
    assert analysed.status_code == 201, analysed.text
    report = Report.model_validate(analysed.json())
    assert report.article.title == "Assad Says Aleppo Victory Will Change Course Of War In Syria"
    badges = report.by_analyzer("badges")
    assert [f.label for f in badges] == ["unsubstantiated"]
    assert "unspun" in report.versions and "analyzer.quotes" not in report.versions
    location = analysed.headers["location"]
    assert location == f"/v1/reports/{analysed.headers['x-report-id']}"
    again = client.get(location)
    assert again.status_code == 200 and Report.model_validate(again.json()) == report


def test_reports_are_listed_newest_first(client: httpx.Client, analysed: httpx.Response, example_txt: Path) -> None:
    later = client.post("/v1/analyze?analyzers=badges", data={"source": example_txt.read_text(encoding="utf-8")})
    assert later.status_code == 201, later.text
    listing = client.get("/v1/reports", params={"limit": 100})
    assert listing.status_code == 200
    ids = [item["id"] for item in listing.json()["items"]]
    assert ids.index(later.headers["x-report-id"]) < ids.index(analysed.headers["x-report-id"])
    first = listing.json()["items"][ids.index(analysed.headers["x-report-id"])]
    assert first["title"].startswith("Assad Says") and first["analyzers"] == ["badges"]
    assert client.get("/v1/reports", params={"limit": 1}).json()["items"][0]["id"] == ids[0]
    _problem(client.get("/v1/reports", params={"limit": 0}), 422)


def test_text_field_is_read_as_plain_text(client: httpx.Client, example_txt: Path) -> None:
    response = client.post("/v1/analyze?analyzers=badges", json={"text": example_txt.read_text(encoding="utf-8")})
    assert response.status_code == 201, response.text
    article = Report.model_validate(response.json()).article
    assert article.source_format == "text"
    assert article.title == "Assad Says Aleppo Victory Will Change Course Of War In Syria"


def test_html_rendering_on_request(client: httpx.Client, analysed: httpx.Response) -> None:
    response = client.get(analysed.headers["location"], headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    assert "Assad Says Aleppo Victory" in response.text and "unsubstantiated" in response.text
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(analysed.headers["location"], headers={"Accept": browser_accept}).text.startswith("<!doctype html>")
    assert client.get(analysed.headers["location"], headers={"Accept": "*/*"}).json()["article"]


def test_the_web_page_says_an_opinion_column_is_opinion(client: httpx.Client) -> None:
    """An opinion column must not read as news on the web page any more than in the terminal or HTML report."""
    html = (Path(__file__).parent / "pages" / "app-state-opinion.html").read_text(encoding="utf-8")
    analysed = client.post("/v1/analyze", params={"analyzers": "badges"}, json={"html": html})
    assert analysed.status_code == 201, analysed.text
    report_id = analysed.headers["x-report-id"]
    assert '<span class="genre">opinion</span>' in client.get(f"/v1/reports/{report_id}", headers={"Accept": "text/html"}).text
    assert '<span class="genre" id="article-genre">opinion</span>' in client.get(f"/reports/{report_id}").text


def test_unknown_things_are_problems(client: httpx.Client) -> None:
    body = _problem(client.get("/v1/reports/" + "f" * 32), 404)
    assert body["type"] == "urn:unspun:problem:report-not-found" and body["instance"].startswith("/v1/reports/")
    _problem(client.get("/v1/nothing-here"), 404)
    unknown = _problem(client.post("/v1/analyze?analyzers=nope", json={"text": "Title\n\nSome body text here."}), 400)
    assert "nope" in unknown["detail"] and unknown["type"] == "urn:unspun:problem:config"


def test_bad_requests_are_problems(client: httpx.Client) -> None:
    both = _problem(client.post("/v1/analyze", json={"html": "<p>x</p>", "text": "x"}), 422)
    assert "exactly one" in both["detail"] and both["errors"]
    _problem(client.post("/v1/analyze", json={}), 422)
    _problem(client.post("/v1/analyze", json={"url": "file:///etc/passwd"}), 422)
    _problem(client.post("/v1/analyze", json={"html": "x", "extra": 1}), 422)
    _problem(client.post("/v1/analyze", content=b"{not json", headers={"content-type": "application/json"}), 400)
    _problem(client.post("/v1/analyze", content=b"hello", headers={"content-type": "text/plain"}), 415)
    _problem(client.post("/v1/analyze", json={"html": "\x00\x01\x02 binary"}), 422)
    _problem(client.put("/v1/reports"), 405)


def test_server_never_reads_its_own_files(client: httpx.Client) -> None:
    """A path pasted as the source is content, never opened: it has no article, and nothing leaks."""
    response = client.post("/v1/analyze", data={"source": "/etc/passwd"})
    assert response.status_code == 422 and "root:" not in response.text


def test_private_urls_are_refused(client: httpx.Client, base: str) -> None:
    body = _problem(client.post("/v1/analyze", json={"url": base + "/"}), 422)
    assert body["type"] == "urn:unspun:problem:fetch-refused" and "loopback" in body["detail"]


def test_security_headers_and_no_cors(client: httpx.Client) -> None:
    page = client.get("/", headers={"Origin": "https://evil.example"})
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in page.headers
    preflight = client.options(
        "/v1/analyze", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 405 and "access-control-allow-origin" not in preflight.headers
    assert client.get("/static/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert client.get("/static/report.css").headers["content-type"].startswith("text/css")


def test_openapi_documents_every_endpoint(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for path, method in [("/v1/analyze", "post"), ("/v1/reports", "get"), ("/v1/reports/{report_id}", "get"),
                         ("/v1/analyzers", "get"), ("/v1/sources/{query}", "get"), ("/v1/factchecks", "get"),
                         ("/v1/factchecks", "post")]:
        operation = paths[path][method]
        assert operation["summary"] and operation["responses"], path
    assert "requestBody" in paths["/v1/analyze"]["post"]
    assert set(paths["/v1/analyze"]["post"]["requestBody"]["content"]) >= {"application/json", "application/x-www-form-urlencoded"}
    assert paths["/v1/analyze"]["post"]["security"] == [{"HTTPBearer": []}]
    schemas = doc["components"]["schemas"]
    assert {"Report", "Problem", "ReportPage"} <= set(schemas)
    refs = {part.split('"')[0] for part in client.get("/openapi.json").text.split('"$ref":"#/components/schemas/')[1:]}
    assert refs <= set(schemas), refs - set(schemas)
    assert not any(p == "/" or p.startswith("/reports") for p in paths), "pages are not API"
    assert {"/1.1/comment-check", "/1.1/verify-key"} <= set(paths), "the Akismet-compatible router is mounted"
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_analyzers_are_listed(client: httpx.Client) -> None:
    names = [a["name"] for a in client.get("/v1/analyzers").json()]
    assert "badges" in names


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A server with a token, a tiny body limit and a time limit no analysis can meet."""
    settings = _settings(tmp_path_factory.mktemp("strict"), api_token="s3cret", max_request_bytes=2048,
                         request_timeout=0.0)
    with running(create_app(settings)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_token_guards_write_endpoints_only(strict: httpx.Client) -> None:
    body = _problem(strict.post("/v1/analyze", json={"text": "x"}), 401)
    assert body["type"] == "urn:unspun:problem:unauthorized"
    assert _problem(strict.post("/v1/analyze", json={"text": "x"}, headers={"Authorization": "Bearer nope"}), 401)
    assert strict.post("/v1/analyze", json={"text": "x"}).headers["www-authenticate"].startswith("Bearer")
    # the right token gets past the guard (to the validation of an empty body)
    _problem(strict.post("/v1/analyze", json={}, headers={"Authorization": "Bearer s3cret"}), 422)
    _problem(strict.post("/v1/factchecks", json={"claim": "x"}), 401)
    assert strict.get("/v1/reports").status_code == 200


def test_body_limit(strict: httpx.Client) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    body = _problem(strict.post("/v1/analyze", json={"text": "x" * 5000}, headers=auth), 413)
    assert "2048" in body["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    _problem(strict.post("/v1/analyze", content=chunks(), headers={**auth, "content-type": "application/json"}), 413)


def test_time_limit(strict: httpx.Client) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    response = strict.post("/v1/analyze?analyzers=badges", data={"source": "Title line\n\n" + "Body text. " * 100},
                           headers=auth)
    body = _problem(response, 504)
    assert "limit" in body["detail"]


def test_source_profiles(client: httpx.Client) -> None:
    by_domain = client.get("/v1/sources/thepeoplesvoice.tv")
    assert by_domain.status_code == 200
    profile = by_domain.json()
    assert profile["domain"] == "thepeoplesvoice.tv" and profile["ratings"]
    assert all(r["list"] and "layer" in r for r in profile["ratings"])
    by_url = client.get("/v1/sources/https://www.thepeoplesvoice.tv/some/story.html").json()
    assert by_url["domain"] == "thepeoplesvoice.tv" and by_url["query"].startswith("https://")
    unknown = client.get("/v1/sources/no-such-outlet.example").json()
    assert unknown["ratings"] == [] and unknown["factuality"] is None
    _problem(client.get("/v1/sources/%20"), 422)


def test_factchecks_are_added_listed_and_found(client: httpx.Client) -> None:
    review = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "claimReviewed": "The harbour bridge in Port Elsewhere was sold to a private bank",
        "url": "https://checks.example/harbour-bridge", "datePublished": "2026-01-02",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire"},
    }
    flat = {"claim": "Port Elsewhere doubled its rainfall in one year", "rating": "Mostly true",
            "url": "https://checks.example/rain"}
    added = client.post("/v1/factchecks", json={"@graph": [review, flat, {"nothing": 1}]})
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["added"] == 1 and body["skipped"] == []  # inside @graph only the ClaimReview counts
    again = client.post("/v1/factchecks", json=[review, flat, {"nothing": 1}]).json()
    assert (again["added"], again["duplicates"]) == (1, 1) and len(again["skipped"]) == 1
    listing = client.get("/v1/factchecks").json()
    stored = {item["url"]: item for item in listing["items"]}
    assert listing["total"] == 2 and stored["https://checks.example/harbour-bridge"]["verdict"] == "false"
    assert stored["https://checks.example/harbour-bridge"]["publisher"] == "Example Checks"
    found = client.get("/v1/factchecks", params={"q": "Was the harbour bridge of Port Elsewhere sold to a bank?"})
    assert found.status_code == 200, found.text
    top = found.json()["items"][0]
    assert top["url"] == "https://checks.example/harbour-bridge" and top["origin"] == "store"
    assert top["similarity"] > 0.5
    _problem(client.post("/v1/factchecks", json={"nothing": 1}), 422)
    _problem(client.post("/v1/factchecks", content=b"claim=x", headers={"content-type": "application/x-www-form-urlencoded"}), 415)


def test_url_is_fetched_when_private_addresses_are_allowed(tmp_path: Path, example_html: Path) -> None:
    """The URL path end to end: a local web server (allowed here on purpose) serves the example page."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = example_html.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/story.html")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    origin = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    try:
        with running(create_app(_settings(tmp_path, allow_private=True))) as url, httpx.Client(base_url=url, timeout=120) as c:
            target = f"http://127.0.0.1:{origin.server_address[1]}/moved"
            response = c.post("/v1/analyze?analyzers=badges", data={"source": target})
            assert response.status_code == 201, response.text
            report = Report.model_validate(response.json())
            assert report.article.url.endswith("/story.html")  # the redirect was followed
            assert [f.label for f in report.by_analyzer("badges")] == ["unsubstantiated"]
    finally:
        origin.shutdown()
