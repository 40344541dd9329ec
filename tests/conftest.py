"""Shared fixtures: where ../shared lies, and how tests that need it skip (or fail under CI=true)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("UNSPUN_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(path: Path, why: str) -> Path:
    """Return `path`, or skip the test (fail under CI=true) when it is absent."""
    if not path.exists():
        message = f"{why}: {path} is absent"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (datasets, the example page)."""
    return need(SHARED, "needs ../shared")


@pytest.fixture(scope="session")
def example_html(shared: Path) -> Path:
    return need(shared / "examples" / "aleppo-article.html", "needs the example page")


@pytest.fixture(scope="session")
def example_txt(shared: Path) -> Path:
    return need(shared / "examples" / "aleppo-article.txt", "needs the example page's text")
