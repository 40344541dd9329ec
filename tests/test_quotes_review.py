"""Quote findings that misled the readers of the s4 review of 30 real pages (issue #6): each passage is a
short rewrite of what a page said, run through the real `quotes` analyzer on the real spaCy parse."""

from __future__ import annotations

import re

from unspun.analyzers.quotes import quotes
from unspun.attribution.quotemarks import find_quotes
from unspun.parse import parse
from unspun.report import Article, Block, Finding


def findings_of(text: str) -> list[Finding]:
    """The quote findings of a plain-text body whose paragraphs are separated by blank lines."""
    blocks = [Block(start=m.start(), end=m.end()) for m in re.finditer(r"[^\n]+", text)]
    return quotes(Article(text=text, blocks=blocks, source_format="text"), parse(text))


def figures_of(findings: list[Finding]) -> Finding:
    return next(f for f in findings if f.kind == "figures")


def covering(findings: list[Finding], text: str, fragment: str) -> list[Finding]:
    """Quote and unnamed-sourcing findings whose spans hold the start of `fragment`."""
    at = text.index(fragment)
    return [f for f in findings if f.kind in ("quote", "anonymous_source") and any(s.start <= at < s.end for s in f.spans)]


AP = ("Organizations that seek to combat political misinformation cried foul.\n\n"
      "“It was an attempt to mislead voters,’’ Will Moy, chief executive of the fact-checking website Full Fact, "
      "told the BBC. “And I think it is not the kind of thing we expect.”")


def test_two_closing_single_marks_close_a_quote() -> None:
    """AP closes quotes with ’’: the quote ran on to the next opening mark, and the cue after it was lost."""
    regions = find_quotes(AP)
    first = AP[regions[0].start : regions[0].end]
    assert first == "“It was an attempt to mislead voters,’’", first
    assert find_quotes("He said ‘‘fine’’ twice.")[0].start == len("He said ")
    (moy,) = covering(findings_of(AP), AP, "It was an attempt")
    assert moy.evidence["speaker"] == "Will Moy", moy.message
    assert moy.evidence["text"] == "“It was an attempt to mislead voters,’’", moy.evidence["text"]


def test_an_outlet_in_a_persons_role_is_not_the_speaker() -> None:
    """LA Times: 'said Jim Rich, a former editor of the New York Daily News' showed the Daily News as the
    speaker, and counted the quote as relayed by it."""
    text = ("Bloomberg has faced questions about his past.\n\n"
            "“There are a lot of stories out there about him,” said Jim Rich, a former editor of the New York Daily News.")
    findings = findings_of(text)
    (rich,) = covering(findings, text, "There are a lot")
    assert rich.evidence["speaker"] == "Jim Rich", rich.message
    assert "New York Daily News" in (rich.evidence["role"] or ""), rich.evidence
    assert figures_of(findings).evidence["relayed_by"] == {}


def test_on_the_record_bodies_and_named_reports_are_not_anonymous_sourcing() -> None:
    """Guardian, Forbes, nj.com, Washington Examiner: a named body's spokesperson, a journal's case report, a
    report named in the next sentence, a joke about what 'people say' and leaflets warning drivers were each
    charged as anonymous sourcing. Sources, an official who asked not to be named and recent reports stay."""
    text = ("Academic staff are being treated as second-class citizens, says a report highlighting the rise of "
            "casualised labour.\n\nThe report by the University and College Union claims universities rely on them.\n\n"
            "But a spokesperson for the Universities and Colleges Employers’ Association (UCEA) said its members had "
            "cut the number of such contracts.\n\n"
            "It was fluffy bedding that left a man breathless, according to a case report published in the journal "
            "BMJ Case Reports.\n\n"
            "The campaign runs TV commercials in which people say, “I’m on meth.”\n\n"
            "U.S. officials settled on a plan to drop leaflets on the trucks before the raid, warning the drivers that "
            "an attack was coming.\n\n"
            "Sources said the talks had stalled. A senior official who asked not to be named said the deal was off. "
            "Recent reports say the army had retaken the city.")
    findings = findings_of(text)
    for fragment in ("Academic staff", "its members had", "It was fluffy", "I’m on meth", "an attack was coming"):
        assert not any(f.kind == "anonymous_source" for f in covering(findings, text, fragment)), fragment
    for fragment in ("the talks had stalled", "the deal was off", "the army had retaken"):
        assert any(f.kind == "anonymous_source" for f in covering(findings, text, fragment)), fragment
    # "who asked not to be named" describes the official: one source, not a quote and a second source
    assert figures_of(findings).evidence["anonymous_sources"] == 3
    assert not any(f.kind == "quote" and "not to be named" in f.evidence["text"] for f in findings)


def test_a_cue_that_reports_nothing_and_names_no_one_is_not_an_attribution() -> None:
    """'an unidentified speaker — is called: “feather duvet lung.”', '— was known as:', '— is charged with:',
    '— would not seem:', '— view: this video' (Forbes, The Sun, USA Today, AnonHQ, Awareness Act)."""
    text = ("The condition is called “feather duvet lung.” The plague was known as the \"Black Death\".\n\n"
            "Noel is charged with one count of conspiring to falsify records.\n\n"
            "It would not seem that the numbers are falling.\n\nView this video to learn more about the experiment.\n\n"
            "Warden Ann Cole said the prison was understaffed.")
    findings = findings_of(text)
    cues = [f.message for f in findings if f.kind == "quote"]
    assert len(cues) == 1 and "Ann Cole" in cues[0], cues


def test_the_cue_shown_is_a_word_not_a_piece_of_one() -> None:
    """'the author — ve asked:', 'Alberto Shiguematsu — d read:' (a contracted auxiliary cut from its host) and
    'Louisiana Democrats — re: elected Governor John Bel Edwards' (the prefix of "re-elected")."""
    text = ("We’ve asked him to share some insights into the business.\n\n"
            "He’d read that there were fires in the Amazon, Alberto Shiguematsu said.\n\n"
            "And Louisiana Democrats re-elected Governor John Bel Edwards in a state Trump won.")
    messages = [f.message for f in findings_of(text) if f.kind in ("quote", "anonymous_source")]
    assert messages
    for message in messages:
        assert not re.search(r"— (ve|d|re|s|ll)\b", message), message


def test_a_dateline_or_a_sentence_after_a_dash_is_not_a_speaker() -> None:
    """Al Jazeera: 'Washington, DC, United States: Getting to the Moon …' made "United States" a speaker; New
    York magazine: '“called himself a genius” — able to win roughly the same share …' made that phrase one."""
    text = ("Washington, DC, United States: Getting to the Moon, while not easy, has been done. Staying there is harder.\n\n"
            "He was a reality star who “called himself a genius” — able to win roughly the same share of ballots as the "
            "previous standard-bearer.")
    speakers = [f.evidence["speaker"] for f in findings_of(text) if f.kind == "quote"]
    assert speakers == [], speakers


def test_the_one_spoken_to_is_not_what_was_said() -> None:
    """'an agency spokesman — told: us', 'Meghan — told: Winfrey', 'Boris Johnson — urged: voters', 'a reporter
    — asked: Operation Inherent Resolve spokesman Col. Steve Warren' (PolitiFact, CNN, AP, Washington Examiner):
    the content was the addressee, and the quotation went to the wrong cue or was lost."""
    text = ("The official way the agency measures seizures is by pounds, not by value, an agency spokesman told us.\n\n"
            "\"Because it's like, who else could understand what it's like on the inside?\" Meghan told Winfrey.\n\n"
            "Audience members laughed when Johnson urged voters, “Look what I have said I’m going to do.”\n\n"
            "\"Why didn't you go back?\" a reporter asked Operation Inherent Resolve spokesman Col. Steve Warren.")
    findings = findings_of(text)
    said = {f.evidence["speaker"]: f.evidence["text"] for f in findings if f.kind == "quote"}
    assert said.get("Meghan", "").startswith("\"Because"), said
    assert said.get("Johnson", "").startswith("“Look what"), said
    assert any(f.evidence["text"].startswith("The official way") for f in findings if f.kind == "quote"), said
    assert said.get("a reporter", "").startswith("\"Why"), said
    assert not any(f.evidence["text"] in {"us", "Winfrey", "voters"} for f in findings if f.kind == "quote"), said


def test_the_figures_count_quotes_with_no_identified_speaker() -> None:
    """Awareness Act: the list showed four 'an unidentified speaker' items under '0 unnamed source(s)'. (Those
    four are now unnamed sourcing; a quote whose attribution names no one still counts here.)"""
    text = "“The ship became invisible,” read one. Tesla said he could see the past."
    findings = findings_of(text)
    unidentified = [f for f in findings if f.kind == "quote" and f.evidence["speaker"] is None]
    figures = figures_of(findings)
    assert unidentified and figures.evidence["unidentified_speakers"] == len(unidentified)
    assert f"{len(unidentified)} quote(s) with no identified speaker" in figures.message, figures.message


def test_the_evidence_text_is_the_whole_content() -> None:
    """Long quotes' evidence.text was cut to 158 characters and "…", so it no longer equalled the body's span."""
    text = ("“We will hold every village in the northern province and every road that leads to it, we will rebuild "
            "the schools and the clinics that the rebels burned, and we will not leave until the last family is "
            "home,” the minister said.")
    (found,) = [f for f in findings_of(text) if f.kind == "quote"]
    whole = " ".join(text[s:e] for s, e in found.evidence["content"])
    assert len(whole) > 160 and found.evidence["text"] == whole
    assert len(found.message) < 220  # the message stays an excerpt


def test_what_another_attribution_left_of_a_clause_is_not_a_content() -> None:
    """CNN: 'Winfrey — declined: When' (the clause "When Winfrey asked …" was the asking's own attribution)."""
    text = ("When Winfrey asked if he could share the questions posed during the conversation, he declined, saying "
            "\"I'm not comfortable with sharing that.\"")
    contents = [f.evidence["text"] for f in findings_of(text) if f.kind == "quote"]
    assert contents and all(c.strip(" ,.").lower() != "when" for c in contents), contents


def test_he_after_an_unnamed_or_role_only_speaker_is_that_speaker() -> None:
    """Guardian: the employers' spokesperson's "'UCEA has …,' he said" was credited to the union's general
    secretary, the last person named before it; "he" after "a senior official" is that official too."""
    text = ("Jo Grady, UCU general secretary, said students would be shocked.\n\n"
            "But a spokesperson for the Universities and Colleges Employers’ Association said its members had cut such "
            "contracts.\n\n“UCEA has worked with UCU to better understand employment,” he said.\n\n"
            "A senior official who asked not to be named said the deal was off. “It is over,” he added.")
    findings = findings_of(text)
    (ucea,) = covering(findings, text, "UCEA has worked")
    assert "spokesperson" in ucea.evidence["speaker"], ucea.message
    (over,) = covering(findings, text, "It is over")
    assert over.evidence["speaker"] != "Jo Grady", over.message


def test_a_subject_parsed_into_the_previous_paragraph_is_still_the_source() -> None:
    """Charisma News: 'Strang, who was a guest on Fox & Friends, said that …' showed 'an unidentified speaker'
    (the parser had made "Strang" the subject of the previous paragraph's "says")."""
    text = ("And his boldness resonated with voters, says Stephen E. Strang, author of the book God and Donald Trump.\n\n"
            "Strang, who was a guest on Fox & Friends this past Sunday, said that when then-candidate Trump began "
            "responding to his critics on Twitter, he surprised a lot of his detractors.")
    (strang,) = covering(findings_of(text), text, "that when then-candidate")
    assert strang.evidence["speaker"] == "Stephen E. Strang", strang.message
