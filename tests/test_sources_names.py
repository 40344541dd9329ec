"""Outlet names in text after the 987-name gazetteer (issue #4, second review R2): a name inside a longer proper
name or a title, a name several papers share, names shown with capitals, and archives and shops that are not
outlets. Modelled on the review's sentences and its 133-word Detroit story."""

from __future__ import annotations

from unspun.analyzers.source import analyze
from unspun.parse import parse
from unspun.report import Article, Block, Link
from unspun.sources import find_outlets, lookup, registrable_domain
from unspun.sources.domains import display_name
from unspun.sources.kinds import is_outlet


def _domains(text: str, with_parse: bool = False) -> list[str]:
    return [m["domain"] for m in find_outlets(text, parse(text).doc if with_parse else None)]


def test_a_name_inside_a_longer_name_is_not_the_outlet() -> None:
    """"The Detroit Free Press reported" was freepress.net (a media-policy group) cited as a source."""
    for with_parse in (False, True):
        assert _domains("The Detroit Free Press reported that the mayor resigned.", with_parse) == []
        assert _domains("The Winnipeg Free Press said the council voted on Monday.", with_parse) == []
        assert _domains("Officials said the Detroit Free Press reported it first.", with_parse) == []
    # the first word of a sentence is a name's only where the parse reads it as a proper noun
    assert _domains("Detroit Free Press reported that the mayor resigned.", True) == []
    # the word before that is no part of a name: a sentence's first word, a weekday, "The"
    assert _domains("But CNN said the talks failed.") == ["cnn.com"]
    assert _domains("On Monday Reuters reported that the talks failed.") == ["reuters.com"]
    assert _domains("The Free Press said the rules were weak.") == ["freepress.net"]


def test_a_name_followed_by_more_of_a_name_or_a_title_is_not_the_outlet() -> None:
    """"According to the National Report on Drug Use and Health" charged a satire/fake site (nationalreport.net)
    with 22% of a local story; "The Empire News Service" and "World News Tonight" named fake sites too."""
    assert _domains("According to the National Report on Drug Use and Health, 2 million people used meth.") == []
    assert _domains("The Empire News Service reported the attack.") == []
    assert _domains("World News Tonight aired the interview.") == []
    # an outlet's own parts and programmes, a weekday, and a brand's editions keep the outlet
    assert _domains("Fox News Channel reported the vote.") == ["foxnews.com"]
    assert _domains("She told CBS News on Friday that she would run.") == ["cbsnews.com"]
    assert _domains("He told BBC Radio 4 that he would stay.") == ["bbc.com"]
    assert _domains("According to the National Report, the attack was staged.") == ["nationalreport.net"]


def test_a_name_several_papers_share_names_none_of_them() -> None:
    """"The Daily Record reported" was dailyrecord.com (New Jersey), yet Scotland's Daily Record is another paper."""
    for with_parse in (False, True):
        assert _domains("The Daily Record reported the crash on Tuesday.", with_parse) == []
    assert _domains("The Daily Mail reported the crash.") == ["dailymail.co.uk"]


def test_only_acronyms_get_capitals() -> None:
    """"FREE Press" and "EL Pais": a word the domain starts with was upper-cased as if it were an acronym."""
    assert lookup("freepress.net")["name"] == "Free Press"
    assert lookup("foxnews.com")["name"] == "Fox News"
    assert lookup("cbsnews.com")["name"] == "CBS News"
    assert display_name("el pais", "elpais.com") == "El Pais"
    assert display_name("world health organization who", "who.int") == "World Health Organization WHO"
    assert display_name("cbs news", "cbsnews.com") == "CBS News"


def test_archives_cite_the_archived_page_and_shops_are_no_outlets() -> None:
    """Snopes' archive.ph link and a book link to amazon.com ("Amazon ... factuality low") were listed as outlets."""
    assert registrable_domain("https://web.archive.org/web/20191118000000/https://www.cnn.com/2019/a.html") == "cnn.com"
    assert registrable_domain("http://archive.ph/2019.11.18-120000/https://www.nytimes.com/a") == "nytimes.com"
    assert not is_outlet(registrable_domain("https://archive.ph/AbC12"))
    assert not is_outlet(registrable_domain("https://www.amazon.co.uk/dp/0123456789"))
    assert registrable_domain("https://web.archive.org/web/2019/*") is None  # nothing archived: no outlet, no error
    text = "The claim spread quickly. An archived copy exists. His book is on sale."
    article = Article(
        text=text, blocks=[Block(start=0, end=len(text), kind="paragraph")], url="https://www.snopes.com/fact-check/x/",
        links=[Link(href="https://archive.ph/AbC12", text="archived"), Link(href="https://www.amazon.com/dp/1", text="book"),
               Link(href="https://web.archive.org/web/2019/https://www.foxnews.com/a", text="copy")],
    )
    cited = [f.evidence["domain"] for f in analyze(article, None) if f.kind == "cited_outlet"]
    assert cited == ["foxnews.com"]
