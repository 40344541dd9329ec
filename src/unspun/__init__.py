"""unspun: an offline, explainable credibility engine for news.

    >>> from unspun import analyze
    >>> report = analyze("examples/demo-article.html")   # a path, a URL, HTML/text, or bytes
    >>> report.score.label, [f.label for f in report.by_analyzer("badges")]

The public API is this module: `analyze`, `analyze_article`, `load`, `extract`, and the data model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import UnspunError
from .report import Article, Finding, Reason, Report, Score, Span

__all__ = [
    "Article", "Finding", "Reason", "Report", "Score", "Span", "UnspunError",
    "analyze", "analyze_article", "extract", "load",
]

if TYPE_CHECKING:
    from .extract import extract
    from .page import load
    from .pipeline import analyze, analyze_article

_LAZY = {
    "analyze": ("pipeline", "analyze"),
    "analyze_article": ("pipeline", "analyze_article"),
    "load": ("page", "load"),
    "extract": ("extract", "extract"),
}


def __getattr__(name: str) -> Any:
    """Import the pipeline on first use, so `import unspun` stays light (no spaCy, no trafilatura)."""
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        return getattr(import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'unspun' has no attribute {name!r}")
