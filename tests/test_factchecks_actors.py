"""Actor conflicts: a fact-check about another person doing the same thing is not reported as a match."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.factchecks.actors import conflicts, words
from unspun.factchecks.bundle import reranker
from unspun.factchecks.records import FactCheck
from unspun.factchecks.search import Searcher
from unspun.factchecks.store import Store

POPE_TITLE = "Pope Francis Shocks World, Endorses Donald Trump for President"
TRUMP = "Pope Francis endorsed Donald Trump for president."
CLINTON = "Pope Francis has endorsed Hillary Clinton for President."
SANDERS = "Pope Francis has endorsed Bernie Sanders for President."
FILLERS = [
    "A photograph shows a shark swimming on a flooded highway in Houston after Hurricane Harvey.",
    "Drinking hot water every fifteen minutes kills the coronavirus.",
    "The Eiffel Tower will be dismantled and moved to Las Vegas in 2025.",
    "Senator Quimby voted 37 times against veterans' health funding.",
    "Bill Gates said vaccines will be used to reduce the world population.",
    "Queen Elizabeth II banned Netflix from Buckingham Palace.",
    "A video shows a moose walking through a shopping mall in Alaska.",
    "Drinking bleach cures the flu, a doctor said on television.",
]


def test_the_same_act_by_another_actor_conflicts_and_the_same_actor_does_not() -> None:
    assert conflicts(POPE_TITLE, [TRUMP, CLINTON, SANDERS]) == [False, True, True]
    assert conflicts("Pope Francis endorses Ted Cruz for president", [TRUMP, CLINTON]) == [True, True]
    # a headline's opening name the recogniser calls an organisation still counts once a claim names that person
    assert conflicts("Biden bans the Pledge of Allegiance in schools", [
        "President Obama has issued an executive order banning the Pledge of Allegiance in U.S. schools.",
        "Joe Biden stumbled over the Pledge of Allegiance during a campaign speech.",
    ]) == [True, False]


def test_a_person_named_by_surname_first_name_alias_or_handle_is_the_same_person() -> None:
    fonda = 'In October 2020, actress Jane Fonda said the COVID-19 coronavirus pandemic was "God\'s gift to the Left."'
    assert conflicts("Fonda calls coronavirus 'God's gift to the left'", [fonda]) == [False]
    assert conflicts("Donald J. Trump's wall will be paid for by Mexico, Pelosi says", ["Nancy Pelosi said Mexico will pay for Trump's wall."]) == [False]
    assert conflicts("Crooked Hillary deleted 33,000 emails, Pelosi says", ["Nancy Pelosi said Hillary Clinton deleted 33,000 e-mails."]) == [False]
    assert conflicts("realDonaldTrump says Pelosi lied", ["Nancy Pelosi said Donald Trump lied."]) == [False]
    assert words("O'Brien's Obamas") == ["obrien", "obama"]


def test_who_posted_a_tweet_is_not_an_actor_of_its_claim() -> None:
    tweet = "Hillary Clinton lied about her emails to the FBI — Jane Roe (@janeroe) May 5, 2016"
    other = "Nancy Pelosi lied about her e-mails to the FBI — Jane Roe (@janeroe) May 5, 2016"
    claim = "Hillary Clinton lied to the FBI about her e-mails."
    assert conflicts(tweet, [claim]) == [False]  # "Jane Roe" is not in the fact-check, and need not be
    assert conflicts(other, [claim]) == [True]


@pytest.fixture()
def pope_store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    records = [TRUMP, CLINTON, *FILLERS]
    Store(url).add([FactCheck(claim=c, rating="False", publisher="Example Checks", url=f"https://e.example/{i}") for i, c in enumerate(records)])
    return url


def test_a_fact_check_about_another_actor_is_ranked_but_not_a_match(pope_store: str) -> None:
    found = {m.record.claim: m for m in Searcher(pope_store, bundled=False).search(POPE_TITLE, k=3)}
    assert found[TRUMP].is_match and not found[TRUMP].other_actors
    assert found[CLINTON].other_actors and not found[CLINTON].is_match
    assert found[CLINTON].probability >= reranker().threshold  # what made it a match before actors were compared


def test_the_pope_headline_matches_only_its_own_fact_check_in_the_bundled_collection() -> None:
    from unspun.analyzers.factchecks import headline_matches
    from unspun.report import Article

    matches = Searcher().search(POPE_TITLE, k=5)
    reported = [m.record.claim for m in matches if m.is_match]
    assert "Pope Francis endorsed Donald Trump for president." in reported
    assert not [c for c in reported if "Clinton" in c or "Sanders" in c]
    assert any(m.other_actors and "Clinton" in m.record.claim for m in matches)
    found = headline_matches(Article(title=POPE_TITLE, text="x"))
    assert found and not [f for f in found if "Clinton" in f.evidence["claim"] or "Sanders" in f.evidence["claim"]]


def test_a_paraphrase_naming_the_person_by_surname_still_matches() -> None:
    top = Searcher().search("Fonda calls coronavirus 'God's gift to the left'", k=3)[0]
    assert top.is_match and "Jane Fonda" in top.record.claim and not top.other_actors


def test_the_analyzer_reports_no_fact_check_about_other_actors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from unspun import settings
    from unspun.analyzers.factchecks import analyze
    from unspun.parse import parse
    from unspun.report import Article

    monkeypatch.setenv("UNSPUN_DATA_DIR", str(tmp_path))  # the bundled collection only
    monkeypatch.delenv("UNSPUN_DATABASE_URL", raising=False)
    settings.get_settings.cache_clear()
    try:
        body = "Pope Francis has endorsed Ted Cruz for president, saying 73 percent of American Catholics would vote for him in 2016."
        findings = analyze(Article(title="Vatican news", text=body), parse(body))
    finally:
        settings.get_settings.cache_clear()
    assert not [f for f in findings if f.kind == "factcheck_match"], [f.evidence.get("claim") for f in findings]
    none = [f for f in findings if f.kind == "no_factcheck"]
    assert none and all("endorsed" not in ((f.evidence["nearest"] or {}).get("claim") or "") for f in none)  # not shown as "nearest" either
