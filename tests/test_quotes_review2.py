"""Quote findings that misled the second review of the s4 fixes (issue #6): embedded posts read as the page's
own voice, a quote lost to the non-speech-verb rule, and agentless passives shown as a speaker. Each passage is
a short rewrite of what a page said, run through the real extractor, parse and `quotes` analyzer."""

from __future__ import annotations

from test_quotes_review import covering, figures_of, findings_of

from unspun.analyzers.quotes import quotes
from unspun.extract import extract_html
from unspun.parse import parse
from unspun.report import Article, Finding

#: nj.com: the governor's tweet, embedded after the article quotes part of it.
NJ = """<html><body><article>
<p>Noem saw the Twitter reaction and doubled down on the slogan, which drew a great deal of attention online.</p>
<p>She proceeded to share the hashtag and the website for the initiative, which many people then visited.</p>
<blockquote class="twitter-tweet"><p>Hey Twitter, the whole point of this ad campaign is to raise awareness.
So I think that’s working... #thanks</p>&mdash; Governor Kristi Noem (@govkristinoem)
<a href="https://twitter.com/govkristinoem/status/1">November 18, 2019</a></blockquote>
<p>Still, this isn’t the first time a slogan has gone awry in South Dakota, where slogans are a serious business.</p>
</article></body></html>"""


def page_findings(html: str) -> tuple[Article, list[Finding]]:
    """The extracted article of a page and its quote findings."""
    article = extract_html(html)
    return article, quotes(article, parse(article.text))


def test_a_signed_post_is_its_signers_words() -> None:
    """nj.com: "the author — think: that's working" was the governor's tweet, signed "— Governor Kristi Noem
    (@govkristinoem) November 18, 2019"; the post is one quote of hers, and nothing in it is the author's."""
    article, findings = page_findings(NJ)
    (post,) = covering(findings, article.text, "Hey Twitter, the whole point")
    assert post.evidence["speaker"] == "Kristi Noem", post.message
    assert post.label == "blockquote" and post.evidence["found_by"] == "post signature"
    assert post.evidence["text"].endswith("#thanks") and "@govkristinoem" not in post.evidence["text"]
    assert not [f for f in findings if f.kind == "quote" and f.evidence["speaker"] == "the author"], \
        [f.message for f in findings]
    assert figures_of(findings).evidence["named_speakers"] == ["Kristi Noem"]


def test_first_person_in_an_unsigned_blockquote_is_not_the_author() -> None:
    """A blockquote with no signature is someone else's passage: its "I" is not the page's author."""
    html = """<html><body><article>
<p>The mayor's office released a long statement on Tuesday about the state of the city's roads and bridges.</p>
<blockquote><p>We have heard the residents. I think that the repairs will be finished by the spring.</p></blockquote>
<p>The council will vote on the repair budget next week, after a public hearing on the plan.</p>
</article></body></html>"""
    _, findings = page_findings(html)
    assert not [f for f in findings if f.kind == "quote" and f.evidence["speaker"] == "the author"], \
        [f.message for f in findings]


def test_a_quote_before_its_cue_is_kept_whatever_the_verb() -> None:
    """LA Times: '“If women wanted …,” read one.' was found before the non-speech-verb rule and lost after it
    ("read" is not a reporting verb, and the parse gives "one" as its object, so there is no source)."""
    text = ("Colleagues memorialized the comments in a commemorative booklet titled “The Wit and Wisdom of Michael "
            "Bloomberg.”\n\n“If women wanted to be appreciated for their brains, they would go to the library "
            "instead of Bloomingdale’s,” read one.")
    found = covering(findings_of(text), text, "If women wanted")
    assert len(found) == 1 and found[0].evidence["form"] == "direct", [f.message for f in found]


def test_the_non_speech_verb_rule_still_holds_for_quotes_after_the_cue() -> None:
    """What the rule is for: a quoted name after "is called" is not a quote."""
    text = ("The state launched a campaign on Monday against the drug.\n\n"
            "The campaign is called “Meth. We’re on it” and it runs on television and on billboards.")
    assert not [f for f in findings_of(text) if f.kind in ("quote", "anonymous_source")]


def test_agentless_passives_are_hearsay_or_nothing_never_a_speaker() -> None:
    """Natural News, awarenessact, the Guardian: "an unidentified speaker — is estimated:", "— has been
    reported:", "— was alleged:", "— were said:". An estimate is no attribution; what "has been reported" or
    "was alleged" with no one named is unnamed sourcing."""
    text = ("It is estimated that 75% of the world's citizens lack the enzyme needed to digest milk.\n\n"
            "It has been reported that many years later, the same incident occurred in Philadelphia.\n\n"
            "The ship was alleged to have been part of a military experiment during the war.\n\n"
            "Two of the protesters who were arrested were said to be secondary school pupils.")
    findings = findings_of(text)
    assert not [f for f in findings if f.kind == "quote" and f.evidence["speaker"] is None], \
        [f.message for f in findings]
    assert not covering(findings, text, "75% of the world")
    for fragment in ("the same incident", "to have been part", "to be secondary school"):
        found = covering(findings, text, fragment)
        assert [f.kind for f in found] == ["anonymous_source"], (fragment, [f.message for f in found])
        assert found[0].message.startswith("Unnamed sourcing — "), found[0].message


def test_a_passive_with_its_agent_is_not_hearsay() -> None:
    """"It was alleged by prosecutors" names who alleged it: not unnamed sourcing."""
    text = "It was alleged by prosecutors that the company had hidden its losses from investors for years."
    assert not [f for f in findings_of(text) if f.kind == "anonymous_source"]


def test_the_message_is_one_line_the_evidence_whole() -> None:
    """nj.com: a post's lines ("on. meth. dot. com.\nmeth.\nwe’re. on. it.") broke the one-line message."""
    html = NJ.replace("So I think that’s working... #thanks", "So I think<br>that’s working...<br>#thanks")
    article, findings = page_findings(html)
    (post,) = covering(findings, article.text, "Hey Twitter, the whole point")
    assert "\n" in post.evidence["text"], post.evidence["text"]
    assert "\n" not in post.message and "I think that’s working... #thanks" in post.message, post.message
