"""Who stands behind a page, on the second review's pages (issue #4): platforms and link shorteners are not
cited outlets, primary sources say so, well-known outlets are found in text, wire copy is credited, and no
rating carries an empty note."""

from __future__ import annotations

from unspun.analyzers.source import analyze
from unspun.report import Article, Block, Finding, Link
from unspun.sources import find_outlets, lookup


def _page(text: str, url: str, links: list[Link] | None = None) -> Article:
    return Article(text=text, blocks=[Block(start=0, end=len(text), kind="paragraph")], url=url, links=links or [])


def _cited(article: Article) -> dict[str, Finding]:
    return {f.evidence["domain"]: f for f in analyze(article, None) if f.kind == "cited_outlet"}


def test_platforms_and_shorteners_linked_from_a_page_are_not_cited_outlets() -> None:
    """Vox on Delhi's smog: Kejriwal's embedded tweet showed "Twitter (twitter.com); factuality low" under "Who
    stands behind it", beside t.co; nj.com's "follow us" footer did the same for Twitter and Facebook."""
    text = "The chief minister called the city a gas chamber. November 1, 2019. Follow us on Twitter and Facebook."
    links = [
        Link(href="https://twitter.com/ArvindKejriwal/status/1190165751032262656", text="November 1, 2019", start=51, end=67),
        Link(href="https://t.co/Rt7kLgNqPp", text="pic"), Link(href="https://www.facebook.com/njdotcom", text="Facebook"),
        Link(href="https://www.youtube.com/watch?v=1", text="video"), Link(href="https://bit.ly/abc", text="here"),
        Link(href="https://www.reuters.com/article/x", text="Reuters"),
    ]
    cited = _cited(_page(text, "https://www.vox.com/2019/11/8/delhi", links))
    assert set(cited) == {"reuters.com"}
    assert find_outlets("The clip, shared via Twitter and YouTube, was seen by millions.") == []
    # the lists' rating of the platform is still what a lookup answers, marked as a platform
    twitter = lookup("https://x.com/someone/status/1")
    assert twitter["kind"] == "platform" and lookup("twitter.com")["ratings"]


def test_primary_sources_are_labelled_primary_not_unrated_outlets() -> None:
    """PolitiFact's cbp.gov, dea.gov and colorado.gov, Vox's thelancet.com and the Guardian's ucea.ac.uk showed
    as "unknown … not rated by any list", as if unrated news sites."""
    links = [Link(href=f"https://www.{d}/data", text=d) for d in ("cbp.gov", "ucea.ac.uk", "thelancet.com", "ecmwf.int", "sre.gob.mx")]
    links.append(Link(href="https://www.unratedlocalnews.com/x", text="local"))
    cited = _cited(_page("Seizures rose, the data show.", "https://www.politifact.com/x", links))
    for domain, what in (("cbp.gov", "government (.gov)"), ("ucea.ac.uk", "academic (.ac.uk)"),
                         ("thelancet.com", "scientific journal"), ("ecmwf.int", "international body (.int)"),
                         ("sre.gob.mx", "government (.gob.mx)")):
        assert cited[domain].label == "primary", domain
        assert f"primary source: {what}" in cited[domain].message and "not rated" not in cited[domain].message
    assert cited["unratedlocalnews.com"].label == "unknown" and "not rated by any list" in cited["unratedlocalnews.com"].message
    # a suffix that anyone may register is no primary source, nor is a news site under go.com
    assert "kind" not in lookup("startup.ac") and "kind" not in lookup("abcnews.go.com")


def test_well_known_outlets_are_found_in_text() -> None:
    """AP's story on the Tories' "factcheckUK" account: "Raab told the BBC" gave no outlet, as the BBC's
    Wikipedia summary mentions "user-generated content" in a clause on some of its projects; MBFC-only outlets
    ("CBS News") were never matched, as their names are lower-case page slugs."""
    assert [(m["text"], m["domain"], m["cue"]) for m in find_outlets("It's a lie, Raab told the BBC.")] == [("BBC", "bbc.com", "told the")]
    assert [m["domain"] for m in find_outlets("She told CBS News on Friday that she would run.")] == ["cbsnews.com"]
    assert [m["domain"] for m in find_outlets("The report, first published by the Tampa Bay Times, was denied.")] == ["tampabay.com"]
    # organisations that MBFC also rates are not outlets, and platforms stay out
    assert find_outlets("The Heritage Foundation said the bill would fail, according to the World Health Organization.") == []
    assert lookup("bbc.co.uk")["factuality"] == lookup("bbc.com")["factuality"] == "high"


def test_a_wikipedia_summary_about_part_of_a_source_does_not_unmake_a_news_outlet() -> None:
    from unspun.sources.lists import _is_news

    assert _is_news("BBC is considered generally reliable. However, this excludes BBC projects that incorporate user-generated content.")
    assert not _is_news("Twitter is a social network. As a self-published source, it is generally unreliable.")
    assert not _is_news("User reviews on Amazon are anonymous, self-published, and unverifiable.")


def test_a_wire_dateline_credits_the_agency() -> None:
    """SFGate's "HAYWARD, Calif. (AP) — The Latest …" read as SFGate's own story; AP was not mentioned."""
    text = "HAYWARD, Calif. (AP) — The Latest on a deadly stabbing on a commuter train. Police say the man ran away."
    cited = _cited(_page(text, "https://www.sfgate.com/news/article/x.php"))
    ap = cited["apnews.com"]
    assert ap.evidence["wire"] and ap.evidence["cues"] == ["dateline"] and ap.evidence["share_of_body"] == 0
    assert text[ap.spans[0].start:ap.spans[0].end] == "AP" and "wire copy" in ap.message
    assert "apnews.com" not in _cited(_page(text, "https://apnews.com/x"))  # the agency's own page
    assert not _cited(_page("HARBOR CITY, March 14 (Example News Wire) - The council voted.", "https://x.example/a"))


def test_no_rating_carries_an_empty_note() -> None:
    """`ratings[].notes == ""` on 24 of 30 pages' JSON (MBFC rows carry no note)."""
    ratings = lookup("cbsnews.com")["ratings"] + lookup("presstv.com")["ratings"]
    assert ratings and all(r.get("notes") != "" and r.get("url") != "" for r in ratings)
    assert any("notes" in r for r in ratings)


def test_a_leading_small_word_of_a_slug_is_not_an_acronym() -> None:
    """Vox's link to thehindu.com read "THE Hindu": "the" is where the domain starts, as "cbs" is for cbsnews.com."""
    from unspun.sources.database import display_name

    assert display_name("the hindu", "thehindu.com") == "The Hindu"
    assert display_name("cbs news", "cbsnews.com") == "CBS News"
