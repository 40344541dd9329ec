"""What `POST /v1/analyze` accepts and how it turns that into a Report.

User input never reaches `unspun.page.load` as a string: that function also reads local files,
which a server must not do on a client's behalf. URLs go to the guarded `page.fetch` (http/https
only, no private addresses unless the server allows them); pasted HTML or text is decoded as
content with the same size cap and binary checks as the CLI.
"""

from __future__ import annotations

import dataclasses
import time

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..page import HTTP_URL
from ..report import Report
from ..settings import Settings



class AnalyzeRequest(BaseModel):
    """One page to analyse: give exactly one of `url`, `html`, `text` or `source`."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, description="An http(s) URL for the server to fetch (private addresses are refused).")
    html: str | None = Field(None, description="The page's HTML.")
    text: str | None = Field(None, description="Plain text: the title on the first line, then the body.")
    source: str | None = Field(
        None, description="Any of the three, pasted as is: a lone http(s) URL is fetched, anything else is sniffed."
    )
    page_url: str | None = Field(
        None, description="Where `html`, `text` or `source` came from (lets the publisher be looked up)."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> "AnalyzeRequest":
        fields = ("url", "html", "text", "source")
        for name in fields:  # a blank field counts as absent (forms send every field)
            if not (getattr(self, name) or "").strip():
                setattr(self, name, None)
        given = [name for name in fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of url, html, text or source")
        if self.url is not None and not HTTP_URL.fullmatch(self.url.strip()):
            raise ValueError("url must be an http:// or https:// URL")
        self.page_url = (self.page_url or "").strip() or None
        if self.page_url is not None and not HTTP_URL.fullmatch(self.page_url):  # it names the publisher
            raise ValueError("page_url must be an http:// or https:// URL")
        return self

    def fetch_url(self) -> str | None:
        """The URL to fetch: `url`, or `source` when it is a lone http(s) URL; None for content."""
        if self.url:
            return self.url.strip()
        source = (self.source or "").strip()
        return source if HTTP_URL.fullmatch(source) else None


def run_analysis(request: AnalyzeRequest, analyzers: str | None, settings: Settings) -> tuple[Report, list[str]]:
    """Load, extract and analyse (blocking, CPU-bound: call it from a worker thread).

    Returns the report and the names of the analyzers that ran. An unknown analyzer name is a
    `ConfigError` raised before anything is fetched.
    """
    from .. import page
    from ..analyzers import select
    from ..extract import extract
    from ..pipeline import analyze_article

    names = [a.name for a in select(analyzers)]
    timings: dict[str, float] = {}
    start = time.perf_counter()
    url = request.fetch_url()
    if url:
        loaded = page.fetch(url, settings=settings)
    else:
        content = request.html or request.text or request.source or ""
        loaded = page.decode(
            content.encode("utf-8"), url=request.page_url, content_type="text/html" if request.html else None,
            max_bytes=settings.max_bytes, declared="utf-8",
        )
        if request.text:
            loaded = dataclasses.replace(loaded, is_html=False)
    timings["load"] = round(time.perf_counter() - start, 6)
    start = time.perf_counter()
    article = extract(loaded)
    timings["extract"] = round(time.perf_counter() - start, 6)
    return analyze_article(article, only=names, timings=timings), names
