"""Outlets found in text: the page's own outlet, names that are also words of a longer name, possessive
names, curated aliases (issue #4/#6 area; modelled on real pages of the defect review)."""

from __future__ import annotations

from unspun.analyzers.source import analyze
from unspun.report import Article, Block, Link
from unspun.sources import find_outlets, page_domain, same_outlet


def _names(text: str) -> list[tuple[str, str]]:
    return [(m["text"], m["name"]) for m in find_outlets(text)]


def test_a_nationality_before_a_title_is_not_the_newspaper() -> None:
    assert _names("Australian Prime Minister Scott Morrison said in a statement that he was relieved.") == []
    assert _names("The Australian Prime Minister said he was relieved.") == []
    assert _names("Hindu nationalists marched on Sunday.") == []
    # the newspaper itself, said with its "the", even before a weekday
    assert _names("The senator told The Australian on Monday that he was relieved.") == [("The Australian", "The Australian")]
    assert _names("The senator told the Hill Tuesday that he would run.") == [("the Hill", "The Hill")]


def test_a_possessive_name_is_matched_whole() -> None:
    found = find_outlets("On Monday, the People’s Daily, the party's mouthpiece, warned there is no room for compromise.")
    assert [(m["text"], m["domain"]) for m in found] == [("People’s Daily", "people.com.cn")]
    assert [m["domain"] for m in find_outlets("According to People's Daily, the talks failed.")] == ["people.com.cn"]


def test_curated_aliases_and_state_broadcasters_are_found() -> None:
    (ruptly,) = find_outlets("A doctor on the scene told Ruptly that he tried to save one of the wounded.")
    assert ruptly["domain"] == "rt.com" and ruptly["cue"] == "told"
    (vov,) = find_outlets("According to a report by the VOV, Vietnam’s national radio broadcaster, the talks went well.")
    assert vov["name"] == "Voice of Vietnam" and vov["cited"] and vov["profile"]["state_media"]["state"] == "Vietnam"
    (osservatore,) = find_outlets("The Vatican newspaper, L’Osservatore Romano, gave the remarks front-page attention.")
    assert osservatore["domain"] == "osservatoreromano.va"


def test_same_outlet_covers_aliases_and_sister_domains_only() -> None:
    assert same_outlet("bbc.com", "bbc.co.uk") and same_outlet("rt.com", "ruptly.tv") and same_outlet("ap.org", "apnews.com")
    assert not same_outlet("people.com", "people.com.cn")  # People magazine is not People's Daily
    assert not same_outlet("x.blogspot.com", "x.wordpress.com") and not same_outlet("cnn.com", None)
    assert page_domain(Article(text="x", url="https://edition.cnn.com/a")) == ("cnn.com", "url")


def test_the_page_own_outlet_and_its_sister_domain_are_not_cited() -> None:
    text = "Sources told CNN that the president had changed little. He told NBC News that he felt fine."
    article = Article(
        text=text, blocks=[Block(start=0, end=len(text), kind="paragraph")], url="https://www.cnn.com/2019/11/story",
        links=[Link(href="https://www.cnn.co.uk/other", text="more"), Link(href="https://www.nbcnews.com/x", text="NBC")],
    )
    cited = {f.evidence["domain"] for f in analyze(article, None) if f.kind == "cited_outlet"}
    assert cited == {"nbcnews.com"}


def test_a_surname_of_a_person_named_in_full_is_the_person_not_the_outlet() -> None:
    """LA Times on Michael Bloomberg: "Bloomberg said in a statement" was read as the outlet Bloomberg, a cited
    source and "re-reported" text. "Bloomberg News" stays the outlet."""
    from unspun.parse import parse
    from unspun.sources import find_outlets

    text = ("Michael Bloomberg entered the race on Sunday. Bloomberg said in a statement that he would spend his "
            "own money. Bloomberg News reported the figure.")
    assert [f["text"] for f in find_outlets(text, parse(text).doc)] == ["Bloomberg News"]


def test_names_from_lower_case_slugs_read_as_names() -> None:
    """1,268 of the bundled profiles are named by MBFC page slugs in lower case ("Published by deccan herald")."""
    from unspun.sources.database import display_name
    from unspun.sources.store import database

    assert database().profile("deccanherald.com")["name"] == "Deccan Herald"
    assert display_name("cbs news", "cbsnews.com") == "CBS News"
    assert display_name("above the law", "abovethelaw.com") == "Above the Law"
    assert display_name("NBC News", "nbcnews.com") == "NBC News"  # a cased name is kept as written


def test_an_outlet_that_warns_or_insists_is_cited() -> None:
    """The Guardian's "People's Daily … warned that …" was a relay in the quotes section but no cited outlet in
    "Who stands behind it": the citing verbs lacked warned, insisted, denied, urged, accused."""
    from unspun.parse import parse
    from unspun.sources import find_outlets

    text = "The People’s Daily, the Communist party’s mouthpiece, warned that there is no room for compromise."
    (found,) = find_outlets(text, parse(text).doc)
    assert found["name"] == "People's Daily" and found["cited"]
