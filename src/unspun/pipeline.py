"""The one flow: load -> extract -> parse -> analyze -> score, timed stage by stage."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version

from . import assets
from . import page as page_mod
from .analyzers import select
from .errors import NoArticleError, UnspunError
from .extract import extract
from .language import language_name
from .parse import Parsed, model_version, parse
from .report import Article, Finding, Report
from .settings import Settings, get_settings


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(timings.get(stage, 0.0) + time.perf_counter() - start, 6)


def _unspun_version() -> str:
    try:
        return version("unspun")
    except PackageNotFoundError:
        return "dev"


def _not_run(analyzer: str, language: str) -> Finding:
    """Why an English-only analyzer said nothing: its models would read another language as noise."""
    return Finding(analyzer=analyzer, kind="not_run", label="not run",
                   message=f"Not run: its model reads English, and this page is in {language}.",
                   evidence={"language": language})


def analyze_article(
    article: Article,
    *,
    only: str | list[str] | None = None,
    parsed: Parsed | None = None,
    timings: dict[str, float] | None = None,
) -> Report:
    """Run the analyzers and the scorer on an extracted article."""
    from .score import score_report

    timings = {} if timings is None else timings
    if not article.text.strip():
        raise NoArticleError("the page holds no article text")
    analyzers = select(only)
    findings: list[Finding] = []
    language = language_name(article.language)
    if language:
        findings = [_not_run(a.name, language) for a in analyzers if a.english_only]
        analyzers = [a for a in analyzers if not a.english_only]
    if parsed is None and any(a.needs_parse for a in analyzers):
        with _timed(timings, "parse"):
            parsed = parse(article.text)
    versions = {"unspun": _unspun_version()}
    if parsed is not None:
        versions["spacy_model"] = model_version()
    errors: list[str] = []
    for analyzer in analyzers:
        with _timed(timings, f"analyze.{analyzer.name}"):
            try:
                findings.extend(analyzer.fn(article, parsed))  # type: ignore[arg-type]
            except UnspunError as exc:
                errors.append(f"{analyzer.name}: {exc.message}")
        versions[f"analyzer.{analyzer.name}"] = analyzer.version
        versions.update({f"resource.{name}": assets.version(name) for name in analyzer.resources})
    report = Report(article=article, findings=findings, versions=versions, errors=errors)
    with _timed(timings, "score"):
        score_report(report)
    report.timings = timings  # set last: it includes the scorer's own time
    return report


def analyze(
    source: str | bytes,
    *,
    only: str | list[str] | None = None,
    url: str | None = None,
    settings: Settings | None = None,
) -> Report:
    """Analyse a page: a path, a URL, `-` for stdin, or the HTML/text itself (str or bytes).

    >>> report = analyze("examples/demo-article.html")  # doctest: +SKIP
    """
    settings = settings or get_settings()
    timings: dict[str, float] = {}
    with _timed(timings, "load"):
        loaded = page_mod.load(source, settings=settings, url=url)
    with _timed(timings, "extract"):
        article = extract(loaded)
    return analyze_article(article, only=only, timings=timings)
