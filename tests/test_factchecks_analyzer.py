"""The `factchecks` analyzer on hand-built articles, and both claim analyzers end to end on the example page."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.analyzers.factchecks import analyze
from unspun.parse import parse
from unspun.report import Article


@pytest.fixture(autouse=True)
def no_user_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the settings at an empty data folder, so only the bundled collection is searched."""
    from unspun import settings

    monkeypatch.setenv("UNSPUN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("UNSPUN_DATABASE_URL", raising=False)
    settings.get_settings.cache_clear()
    yield
    settings.get_settings.cache_clear()


def _run(title: str, body: str):
    article = Article(title=title, text=body)
    return article, analyze(article, parse(body))


def test_a_known_claim_is_matched_with_the_fact_checks_details(tmp_path: Path) -> None:
    article, findings = _run(
        "Actress Speaks Out",
        "Jane Fonda said in October 2020 that the COVID-19 pandemic was God's gift to the left. "
        "The remark was widely shared on social media.",
    )
    matches = [f for f in findings if f.kind == "factcheck_match"]
    assert matches, findings
    top = matches[0]
    assert top.label in {"false", "mostly-false", "mixture", "mostly-true", "true", "other"}
    for key in ("claim", "rating", "publisher", "date", "url", "similarity", "provenance"):
        assert top.evidence.get(key), key
    assert "Fonda" in top.evidence["claim"] and top.evidence["publisher"] == "Snopes"
    assert "Jane Fonda said" in article.span_text(top.spans[0])
    assert not (tmp_path / "unspun.db").exists()  # the analyzer creates no database


def test_searched_are_the_title_and_the_most_check_worthy_claims_not_fragments() -> None:
    from types import SimpleNamespace

    from unspun.analyzers.factchecks import MAX_QUERIES, _queries
    from unspun.report import Span

    def scored(field: str, text: str, label: str, score: float) -> SimpleNamespace:
        return SimpleNamespace(span=Span(start=0, end=len(text), field=field), text=text, prediction=SimpleNamespace(label=label, score=score))

    claims = [scored("body", f"The council approved budget number {i} for the new hospital wing.", "check-worthy", i / 10) for i in range(8)]
    sentences = [
        scored("title", "Council approves hospital wing budget", "non-factual", 0.1),
        scored("body", "12)", "check-worthy", 0.99),  # a fragment: a lone number would "cover" any claim holding it
        scored("body", "We will see what happens next week, she said.", "non-factual", 0.05),
        *claims,
    ]
    chosen = _queries(sentences)
    assert len(chosen) == MAX_QUERIES and chosen[0].span.field == "title"
    assert [q.text for q in chosen[1:]] == [c.text for c in claims[::-1][: MAX_QUERIES - 1]]


def test_novel_claims_get_an_honest_no_known_fact_check() -> None:
    article, findings = _run(
        "Town Budget",
        "The town of Little Wexley spent 48 million pounds on its new footbridge in 2023, twice the original budget. "
        "Its mayor said the bridge carried 12,000 people in the first week.",
    )
    assert not [f for f in findings if f.kind == "factcheck_match"]
    none = [f for f in findings if f.kind == "no_factcheck"]
    assert none and all(f.spans[0].field == "body" for f in none)
    assert none[0].evidence["searched"] > 9000
    assert "not a verdict" in none[0].message


def test_example_page_ranks_its_claims_and_says_when_none_is_known(example_html: Path) -> None:
    from unspun.pipeline import analyze as run_pipeline

    report = run_pipeline(str(example_html), only="claims,factchecks")
    claims = [f for f in report.by_analyzer("claims") if f.label == "check-worthy"]
    top = [report.article.span_text(f.spans[0]) for f in claims[:3]]
    assert any("retake two-thirds of the territory" in t for t in top), top
    assert any("rebels retreated from the last parts of Aleppo" in t for t in top), top
    assert any(f.label == "check-worthy" for f in report.by_analyzer("claims") if f.spans[0].field == "body")
    kinds = {f.kind for f in report.by_analyzer("factchecks")}
    assert "no_factcheck" in kinds
