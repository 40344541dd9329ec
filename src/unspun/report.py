"""The data model: Article, Span, Finding, Score, Report.

The Report is plain data; renderers, the server, the batch runner and the evaluators consume it
and nothing downstream re-reads the HTML or re-parses the text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Character offsets `[start, end)` into a text field of the Article (`body` means `Article.text`).

    Other fields: `title`, `badges[i]` (the badge's text), `comments[i]` (the i-th comment's text).
    """

    start: int
    end: int
    field: str = "body"


class Block(_Model):
    """A paragraph-level unit of the body, with its offsets in `Article.text`."""

    start: int
    end: int
    kind: Literal["paragraph", "blockquote", "heading", "list"] = "paragraph"


class Link(_Model):
    """A hyperlink inside the body: target, anchor text and (where it lies in the text) its span."""

    href: str
    text: str = ""
    start: int | None = None
    end: int | None = None


class Comment(_Model):
    """A reader comment, kept apart from the body."""

    author: str | None = None
    date: str | None = None
    text: str
    author_url: str | None = None


class Badge(_Model):
    """A self-declared trust badge found on the page ("Fact checked", a "verified" seal image, ...)."""

    text: str
    origin: Literal["text", "image", "markup"] = "text"
    link: str | None = None


class Article(_Model):
    """What the page is: metadata, body text with block offsets, comments, badges and embedded markup."""

    url: str | None = None
    canonical_url: str | None = None
    domain: str | None = None
    site_name: str | None = None
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    #: What the page declares itself to be when it is not news: opinion, analysis, review, press release,
    #: sponsored, satire (from its markup or title only; None when the page does not say).
    genre: str | None = None
    language: str | None = None
    text: str = ""
    blocks: list[Block] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    badges: list[Badge] = Field(default_factory=list)
    jsonld: list[dict[str, Any]] = Field(default_factory=list)
    claim_reviews: list[dict[str, Any]] = Field(default_factory=list)
    source_format: Literal["html", "text"] = "html"

    def span_text(self, span: Span) -> str:
        """The text a span points at, whichever field it lives in."""
        return self.field_text(span.field)[span.start : span.end]

    def field_text(self, field: str) -> str:
        """The text of a named field: `body`, `title`, `badges[i]`, `comments[i]`."""
        if field == "body":
            return self.text
        if field == "title":
            return self.title or ""
        name, _, index = field.partition("[")
        items = {"badges": self.badges, "comments": self.comments}.get(name)
        if items is None or not index.endswith("]"):
            raise KeyError(field)
        return items[int(index[:-1])].text


class Finding(_Model):
    """One observation of one analyzer, with the evidence a person can check."""

    analyzer: str
    kind: str
    label: str
    score: float | None = None
    spans: list[Span] = Field(default_factory=list)
    message: str = ""
    evidence: dict[str, Any] = Field(default_factory=dict)


class Reason(_Model):
    """One signed contribution to the credibility score, in plain words, pointing at its evidence."""

    text: str
    weight: float
    analyzer: str | None = None
    spans: list[Span] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)


class Score(_Model):
    """The verdict: 0-100 (None when there is not enough evidence) and its label."""

    value: float | None
    label: Literal["reliable", "mixed", "unreliable", "not enough evidence"]
    probability: float | None = None
    model: str | None = None


class Report(_Model):
    """Everything unspun says about one article."""

    schema_version: str = SCHEMA_VERSION
    article: Article
    findings: list[Finding] = Field(default_factory=list)
    score: Score | None = None
    reasons: list[Reason] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    versions: dict[str, str] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list)

    def by_analyzer(self, analyzer: str) -> list[Finding]:
        """The findings of one analyzer, in report order."""
        return [f for f in self.findings if f.analyzer == analyzer]
