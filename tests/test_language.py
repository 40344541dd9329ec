"""Pages in another language: the English-only analyzers say they did not run instead of reading noise."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.analyzers import registry
from unspun.language import language_name
from unspun.pipeline import analyze_article
from unspun.report import Article

FRENCH = Path(__file__).parent / "pages" / "french.txt"


def test_language_names_read_as_a_person_would() -> None:
    assert language_name("fr") == "French (fr)"
    assert language_name("pt-BR") == "Portuguese (Brazil) (pt-br)"
    assert language_name("en-GB") is None and language_name(None) is None and language_name("und") is None
    assert language_name("qq") == "qq"  # an unknown code is still not English


def test_english_only_analyzers_do_not_run_on_a_french_page() -> None:
    text = FRENCH.read_text(encoding="utf-8")
    report = analyze_article(Article(text=text, language="fr", domain="lemonde.fr"))
    english_only = {name for name, a in registry().items() if a.english_only}
    assert {"propaganda", "claims", "factchecks", "quotes"} <= english_only
    by = {name: report.by_analyzer(name) for name in registry()}
    for name in english_only:
        assert [(f.kind, f.evidence["language"]) for f in by[name]] == [("not_run", "French (fr)")]
    assert any(f.kind == "publisher" for f in by["source"])  # what reads no language still runs


def test_an_english_page_runs_every_analyzer() -> None:
    report = analyze_article(Article(text="The council approved the budget on Monday, officials said.", language="en"))
    assert not [f for f in report.findings if f.kind == "not_run"]


def test_a_pasted_text_in_french_is_recognised_as_french() -> None:
    from unspun.pipeline import analyze

    report = analyze(str(FRENCH))
    assert report.article.language == "fr"
    assert {f.analyzer for f in report.findings if f.kind == "not_run"} >= {"propaganda", "claims"}


def test_common_words_tell_the_languages_apart() -> None:
    from unspun.extract.metadata import guess_language

    german = ("Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Mieten in den Städten begrenzen "
              "soll. Die Opposition kritisierte das Gesetz als zu schwach und nicht ausreichend für die Menschen.")
    english = ("The council approved the budget on Monday after a long debate, and the mayor said it was the best "
               "plan the city had seen in years for the people who live in it.")
    assert (guess_language(german), guess_language(english), guess_language("Too short to tell.")) == ("de", "en", None)


def test_the_verdict_does_not_read_a_page_in_another_language() -> None:
    """A full French article had scored "67/100 reliable" on English wording ('un', 'le', 'la' as "unreliable words")."""
    report = analyze_article(Article(text=FRENCH.read_text(encoding="utf-8"), language="fr"))
    assert report.score is not None and report.score.label == "not enough evidence"
    assert "French (fr)" in report.reasons[0].text
    assert not [r for r in report.reasons if r.analyzer == "text"]


@pytest.mark.parametrize(("declared", "body", "expected"), [
    ("de", "english", "en"),   # an English article served by a German edition
    ("en", "french", "fr"),    # a French site that declares English
    ("ar", "short", "ar"),     # too little text to tell: the declaration stands
])
def test_the_body_language_beats_the_declared_one(declared: str, body: str, expected: str) -> None:
    from unspun.extract import extract
    from unspun.page import load
    from unspun.settings import get_settings

    texts = {"english": " ".join(["The council approved the budget on Monday after a long debate, and the mayor said it"
                                  " was the best plan the city had seen in years."] * 3),
             "french": FRENCH.read_text(encoding="utf-8"), "short": "مرحبا"}
    paragraphs = "".join(f"<p>{p}</p>" for p in texts[body].split("\n\n"))
    html = f'<html lang="{declared}"><head><title>T</title></head><body><article>{paragraphs}</article></body></html>'
    assert extract(load(html, settings=get_settings())).language == expected
