"""The analyzer registry.

An analyzer is a pure function `(article, parsed) -> list[Finding]`, independent of the others and
free of order. Each lives in its own module and registers itself with `@register`; `MODULES` lists
them in report order, so adding one touches one new file and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ConfigError
from ..parse import Parsed
from ..report import Article, Finding

AnalyzeFn = Callable[[Article, Parsed], list[Finding]]

#: Analyzer modules in report order (module name == analyzer name).
MODULES: tuple[str, ...] = (
    "badges",
    "source",
    "quotes",
    "propaganda",
    "claims",
    "factchecks",
    "corroboration",
    "comments",
)


@dataclass(frozen=True)
class Analyzer:
    """A registered analyzer: its name, what it does, its version and its function."""

    name: str
    description: str
    version: str
    fn: AnalyzeFn
    needs_parse: bool = True
    resources: tuple[str, ...] = ()  # bundled resource folders it reads (their versions go in the report)
    english_only: bool = False  # its models or word lists read English: not run on a page in another language


_REGISTRY: dict[str, Analyzer] = {}


def register(name: str, *, description: str, version: str = "1", needs_parse: bool = True,
             resources: tuple[str, ...] = (), english_only: bool = False):
    """Decorator that adds an analyzer function to the registry under `name`."""

    def wrap(fn: AnalyzeFn) -> AnalyzeFn:
        _REGISTRY[name] = Analyzer(name, description, version, fn, needs_parse, resources, english_only)
        return fn

    return wrap


def registry(names: tuple[str, ...] = MODULES) -> dict[str, Analyzer]:
    """The named analyzers (all by default), in report order; only their modules are imported."""
    for module in names:
        if module not in _REGISTRY:
            importlib.import_module(f"{__name__}.{module}")
    return {name: _REGISTRY[name] for name in MODULES if name in names}


def select(only: str | list[str] | None) -> list[Analyzer]:
    """The analyzers named in `only` (comma-separated or a list), or all of them."""
    if not only:
        return list(registry().values())
    names = [n.strip() for n in (only.split(",") if isinstance(only, str) else only) if n.strip()]
    if not names:  # "--only ,," names nothing: running no analyzer would still print a score
        raise ConfigError(f"no analyzer named in {only!r}; choose from {', '.join(MODULES)}")
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        raise ConfigError(f"unknown analyzer(s): {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    return list(registry(tuple(names)).values())
