"""The propaganda analyzer on the example page and on synthetic text, with the bundled model."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from unspun import assets
from unspun.analyzers import propaganda
from unspun.parse import parse
from unspun.report import Article, Block

LABELLING = {"Loaded_Language", "Name_Calling,Labeling"}


def _body(txt: Path) -> str:
    """The example's body as the plain-text extractor gives it: no title, badge or repeated title line,
    and nothing from the numbered comment onwards."""
    title, *lines = txt.read_text(encoding="utf-8").splitlines()
    body = []
    for line in lines:
        if re.match(r"\s*\d+\.\s", line) or line.startswith("Leave a Reply"):
            break
        if line.strip() and line.strip() not in {title.strip(), "Fact checked"}:
            body.append(line.strip())
    return "\n\n".join(body)


@pytest.fixture(scope="module")
def example(example_txt: Path):
    article = Article(text=_body(example_txt), source_format="text")
    return article, propaganda.analyze(article, parse(article.text))


def test_bundled_model_is_small_and_loads_fast() -> None:
    propaganda.model.cache_clear()
    assets.load_npz.cache_clear()
    assets.load_json.cache_clear()
    start = time.perf_counter()
    model = propaganda.model()
    assert time.perf_counter() - start < 2.0
    assert len(model.labels) == 14 and set(model.labels) == set(propaganda.explanations())
    size = sum(p.stat().st_size for p in assets.path("propaganda").iterdir())
    assert size < 40 * 2**20


@pytest.mark.parametrize("phrase", ["terrorist agents", "terrorist groups"])
def test_example_terrorist_phrases_flagged_as_labelling(example, phrase: str) -> None:
    article, findings = example
    at = article.text.index(phrase)
    hits = [
        f for f in findings
        if f.kind == "technique" and any(s.start < at + len(phrase) and at < s.end for s in f.spans)
    ]
    assert hits, f"no technique span over {phrase!r}"
    assert hits[0].label in LABELLING
    assert propaganda.explanations()[hits[0].label]["explanation"] in hits[0].message
    assert 0.0 < hits[0].score <= 1.0
    assert "terrorist" in hits[0].evidence["text"].lower()


def test_example_findings_point_at_their_text(example) -> None:
    article, findings = example
    techniques = [f for f in findings if f.kind == "technique"]
    for f in techniques:
        (span,) = f.spans
        assert span.field == "body" and 0 <= span.start < span.end <= len(article.text)
        assert article.span_text(span) == f.evidence["text"]
        assert f.label in propaganda.model().labels
    starts = sorted(f.spans[0].start for f in techniques)
    ends = sorted(f.spans[0].end for f in techniques)
    assert all(e <= s for e, s in zip(ends, starts[1:])), "spans overlap"


def test_summary_gives_every_sentence_a_probability(example) -> None:
    article, findings = example
    (summary,) = [f for f in findings if f.kind == "summary"]
    sentences = summary.evidence["sentences"]
    assert len(sentences) >= 10
    assert all(0.0 <= s["probability"] <= 1.0 for s in sentences)
    assert all(article.text[s["start"]:s["end"]].strip() for s in sentences)
    counts = summary.evidence["counts"]
    assert sum(counts.values()) == sum(1 for f in findings if f.kind == "technique")
    assert set(summary.evidence["explanations"]) == set(counts)


def test_plain_reporting_scores_lower_than_loaded_rhetoric() -> None:
    plain = "The city council met on Tuesday. It approved the budget for road repairs by a vote of seven to two."
    loaded = ("These treacherous traitors and corrupt globalist thugs are destroying our great nation! "
              "Wake up, patriots, before the evil regime enslaves us all!")
    scores = {}
    for name, text in (("plain", plain), ("loaded", loaded)):
        findings = propaganda.analyze(Article(text=text), parse(text))
        summary = next(f for f in findings if f.kind == "summary")
        scores[name] = max(s["probability"] for s in summary.evidence["sentences"])
        if name == "loaded":
            assert any(f.kind == "technique" for f in findings)
    assert scores["loaded"] > scores["plain"] + 0.3


@pytest.mark.parametrize("text", ["Hi.", "!!!", "terrorists"])
def test_tiny_texts_still_give_a_summary(text: str) -> None:
    findings = propaganda.analyze(Article(text=text), parse(text))
    summary = [f for f in findings if f.kind == "summary"]
    assert len(summary) == 1
    for f in findings:
        for span in f.spans:
            assert 0 <= span.start < span.end <= len(text)


def test_a_technique_inside_quotation_marks_says_so() -> None:
    """A reader weighs "terrorist groups" in the minister's quoted words differently from the page's own."""
    text = ("The minister spoke on Monday. He said: “We will crush the terrorist groups in the north.” "
            "Later the terrorist groups retreated from the city.")
    found = [f for f in propaganda.analyze(Article(text=text), parse(text)) if f.kind == "technique"]
    flags = {(f.spans[0].start < text.index("Later")): f.evidence["quoted"] for f in found if f.evidence["text"] == "terrorist groups"}
    assert flags == {True: True, False: False}
    assert all(f.message.endswith("(Inside a quotation.)") == f.evidence["quoted"] for f in found)


def test_a_technique_inside_a_blockquote_says_so() -> None:
    """An embedded post or a relayed report ("Press TV reports:") is quoted material even without quotation marks."""
    intro, quoted, after = "The agency reports:", "The army will crush the terrorist groups in the north.", \
        "Later the terrorist groups retreated."
    text = f"{intro}\n\n{quoted}\n\n{after}"
    start = len(intro) + 2
    blocks = [Block(start=0, end=len(intro)), Block(start=start, end=start + len(quoted), kind="blockquote"),
              Block(start=start + len(quoted) + 2, end=len(text))]
    found = [f for f in propaganda.analyze(Article(text=text, blocks=blocks), parse(text)) if f.kind == "technique"]
    flags = {f.spans[0].start < text.index("Later"): f.evidence["quoted"] for f in found if f.evidence["text"] == "terrorist groups"}
    assert flags == {True: True, False: False}


def test_an_apostrophe_opens_no_quotation() -> None:
    """"People’s" had flipped the quoted flag: the page's own label read as relayed, a quoted one as the page's."""
    text = ("The People’s Daily called them terrorist groups on Monday. Delhi’s officials said: “We will crush the "
            "terrorist groups in the north.”")
    found = [f for f in propaganda.analyze(Article(text=text), parse(text))
             if f.kind == "technique" and f.evidence["text"] == "terrorist groups"]
    assert [f.evidence["quoted"] for f in sorted(found, key=lambda f: f.spans[0].start)] == [False, True]
