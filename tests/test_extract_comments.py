"""Reader comments are kept apart from the body, with author and date, on every comment layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.extract import extract, extract_text
from unspun.page import load
from unspun.report import Article
from unspun.settings import Settings

PAGES = Path(__file__).parent / "pages"

LAYOUTS = {
    "wordpress": (
        ["Petra Lund", "Ole Brandt", "cheap-watches-online"],
        "on display for six weeks",
        "2023-04-17T10:02",
    ),
    "disqus": (["Hanne Wick", "Guest"], "supermarket contracts are settled", "Monday, October 3, 2022"),
    "blogger": (["Ada Crome", "Anonymous"], "a new fish pass downstream may be helping", "12 June 2021"),
    "drupal": (["Jonas Feld", "Mo Aziz"], "stay open until eight", "Tue, 07/05/2024"),
    "generic": (["Greta Munro", "Tam"], "reach the corner of the street", "3 March 2024"),
}
FURNITURE = ["Leave a Reply", "Leave a comment", "Add new comment", "Post a Comment", "Your email address", "Akismet",
             "Share this", "Powered by Disqus", "Reply", "comments:", "What readers said"]


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {name: extract(load(str(PAGES / f"{name}.html"), settings=Settings())) for name in LAYOUTS}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_comments_are_separated(layout: str, articles: dict[str, Article]) -> None:
    article = articles[layout]
    authors, last_body_words, first_date = LAYOUTS[layout]
    assert [c.author for c in article.comments] == authors
    assert article.comments[0].date and article.comments[0].date.startswith(first_date)
    assert article.text.rstrip().endswith(last_body_words + ".")
    for comment in article.comments:
        assert comment.text and comment.text not in article.text
        assert comment.author not in comment.text
        assert not any(f in comment.text for f in ("Reply", "Like", "says:"))
    assert not any(f in article.text for f in FURNITURE)


def test_windows_1252_page_decodes(articles: dict[str, Article]) -> None:
    assert (PAGES / "generic.html").read_bytes().count("Caf\u00e9".encode("cp1252")) == 1
    assert "Caf\u00e9 next door" in articles["generic"].comments[0].text


def test_replies_are_their_own_comments(articles: dict[str, Article]) -> None:
    parent, reply, _spam = articles["wordpress"].comments
    assert "Thirty years of repairs" not in parent.text
    assert reply.text == "Thirty years of repairs would have cost more than the rebuild.\n\nThe pontoon idea was never serious."
    assert reply.author_url == "https://example.org/ole"


def test_numbered_comments_in_plain_text() -> None:
    text = (
        "Ferry Fares Rise Again\n\n"
        "Fares on the island ferry of a fictional county will rise by six per cent in May.\n\n"
        "The operator blamed fuel costs.\n\n\n"
        "  1. Third rise in two years. Ridiculous.\n"
        "  2. Still cheaper than the bridge toll,\n"
        "     if you ask me.\n\n"
        "Leave a Reply\n\n"
        "Your email address will not be published.\n"
    )
    article = extract_text(text)
    assert [c.text for c in article.comments] == ["Third rise in two years. Ridiculous.", "Still cheaper than the bridge toll, if you ask me."]
    assert article.text == "Fares on the island ferry of a fictional county will rise by six per cent in May.\n\nThe operator blamed fuel costs."


def test_says_style_comments_in_plain_text() -> None:
    text = (
        "Market Hall Reopens\n\n"
        "The market hall of an invented town reopened on Friday after two years of repairs.\n\n"
        "2 thoughts on \u201cMarket Hall Reopens\u201d\n\n"
        "Ivy Marsh says:\n"
        "March 9, 2024 at 4:10 pm\n"
        "The new roof looks splendid.\n\n"
        "Bo Lind says:\n"
        "Where has the cheese stall gone?\n"
    )
    article = extract_text(text)
    assert [(c.author, c.text) for c in article.comments] == [
        ("Ivy Marsh", "The new roof looks splendid."),
        ("Bo Lind", "Where has the cheese stall gone?"),
    ]
    assert article.comments[0].date == "2024-03-09T16:10"
    assert article.text == "The market hall of an invented town reopened on Friday after two years of repairs."


@pytest.mark.parametrize("furniture", ["", "\nLeave a Reply\n"])
def test_a_numbered_list_in_the_body_is_not_comments(furniture: str) -> None:
    text = (
        "Three Rules for Safe Swimming\n\n"
        "Lifeguards in an imaginary resort gave three rules:\n"
        "  1. Swim between the flags.\n"
        "  2. Never swim alone.\n"
        "  3. Check the tide times.\n\n"
        "They said the rules apply all summer.\n" + furniture
    )
    article = extract_text(text)
    assert article.comments == []
    assert "Never swim alone." in article.text and article.text.endswith("all summer.")


ARTICLE = "".join(
    f"<p>Paragraph {i} of an invented story about a ferry timetable that changed twice in one week.</p>" for i in range(5)
)


def test_teasers_and_comment_buttons_are_not_comments() -> None:
    html = (
        f"<html><body><article><h1>Timetable</h1>{ARTICLE}</article>"
        "<ul><li class='teaser comment'><a href='/opinion/ferries-should-be-free/'>Comment: ferries should be free</a>"
        "<span class='author'>Ola Berg</span></li>"
        "<li class='teaser comment'><a href='/opinion/bridges-are-better/'>Comment: bridges are better</a>"
        "<span class='author'>Ida Lunde</span></li></ul>"
        "<li class='add-comment'><a class='addcomment'>Comment</a></li></body></html>"
    )
    article = extract(load(html, settings=Settings()))
    assert article.comments == []
    assert article.text.startswith("Paragraph 0")


def test_author_wrapper_holding_the_date_gives_the_name_only() -> None:
    html = (
        f"<html><body><article><h1>Timetable</h1>{ARTICLE}</article><ol class='comment-list'>"
        "<li id='comment-7' class='comment'><div class='comment-author-info'>"
        "<div class='comment-author vcard'><cite class='fn'><a href='https://example.org/kai'>Kai</a></cite></div>"
        "<div class='comment-metadata'><a href='https://news.example.com/t/#comment-7'><time datetime='2024-01-02T03:04:05'>"
        "January 2, 2024</time></a></div></div>"
        "<div class='comment-content'><p>Short and sweet.</p></div></li></ol></body></html>"
    )
    [comment] = extract(load(html, settings=Settings(), url="https://news.example.com/t/")).comments
    assert (comment.author, comment.date, comment.text) == ("Kai", "2024-01-02T03:04:05", "Short and sweet.")
