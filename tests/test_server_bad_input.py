"""Bad input to the REST API is a clear problem response (400/422), never a 500, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from unspun.server.app import create_app
from unspun.server.live import running
from unspun.settings import Settings

PROBLEM = "application/problem+json"
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    with running(create_app(Settings(data_dir=tmp_path_factory.mktemp("api-bad")))) as url:
        with httpx.Client(base_url=url, timeout=120) as c:
            yield c


def _problem(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert words in response.json()["detail"], response.text


def test_deeply_nested_json_is_a_400_not_a_500(client: httpx.Client) -> None:
    json_type = {"content-type": "application/json"}
    _problem(client.post("/v1/analyze", content=DEEP, headers=json_type), 400, "nested too deeply")
    _problem(client.post("/v1/analyze", content=b'{"text":' + DEEP + b"}", headers=json_type), 400, "nested too deeply")
    _problem(client.post("/v1/factchecks", content=DEEP, headers=json_type), 400, "nested too deeply")


def test_a_page_sent_as_a_multipart_file_is_analysed(client: httpx.Client) -> None:
    page = ("<html><head><title>Council approves budget</title></head><body><article><p>The council voted 7 to 3 "
            "on Monday to approve the budget, officials said.</p></article></body></html>").encode("cp1252")
    response = client.post("/v1/analyze", params={"analyzers": "badges"}, files={"source": ("page.html", page, "text/html")})
    assert response.status_code == 201, response.text
    assert response.json()["article"]["title"] == "Council approves budget"
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    _problem(client.post("/v1/analyze", files={"html": ("x.png", png, "image/png")}), 422, "PNG")


def test_page_url_must_be_an_http_url(client: httpx.Client) -> None:
    response = client.post("/v1/analyze", json={"text": "Title\n\nSome body text.", "page_url": "javascript:alert(1)"})
    assert response.status_code == 422, response.text
    assert "page_url must be an http" in response.text


def test_fact_checks_with_values_that_are_not_text_are_skipped(client: httpx.Client) -> None:
    response = client.post("/v1/factchecks", json=[
        {"claim": 123, "url": ["x"], "rating": {"a": 1}},
        {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": 12, "url": ["a"]},
        {"claim": "Port Elsewhere's mayor owns the harbour", "url": ["https://checks.example/a"], "rating": "False"},
    ])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["added"] == 1 and len(body["skipped"]) == 2
    stored = client.get("/v1/factchecks").json()["items"]
    assert [(item["claim"], item["url"]) for item in stored] == [("Port Elsewhere's mayor owns the harbour", "")]
