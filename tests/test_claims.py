"""Check-worthiness: the model's classes, the analyzer's spans and order, the readers and the metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun.claims import readers
from unspun.claims.features import Tfidf, ngrams, normalise
from unspun.claims.model import model
from unspun.claims.training import average_precision, best_threshold, cfs_metrics, mean_average_precision
from unspun.parse import parse
from unspun.report import Article

BODY = (
    "Unemployment fell to 3.9 percent in March, the lowest rate since 2001.\n\n"
    "What a wonderful evening this is!\n\n"
    "I think we should all be proud of our neighbours.\n\n"
    "The city council spent $48 million on the new bridge, twice its original budget."
)


@pytest.fixture(scope="module")
def findings():
    from unspun.analyzers.claims import analyze

    article = Article(title="Council Overspent On Bridge, Audit Finds", text=BODY)
    return article, analyze(article, parse(article.text))


def test_model_separates_claims_from_opinion_and_exclamations() -> None:
    preds = model().predict([
        "Unemployment fell to 3.9 percent in March, the lowest rate since 2001.",
        "What a wonderful evening this is!",
        "Thank you very much.",
    ])
    assert preds[0].label == "check-worthy"
    assert preds[1].label != "check-worthy" and preds[2].label == "non-factual"
    assert preds[0].score > 0.5 > preds[2].score
    assert abs(sum(preds[0].probabilities.values()) - 1) < 1e-5


def test_every_sentence_and_the_title_gets_a_claim_finding_with_its_span(findings) -> None:
    article, found = findings
    assert {f.kind for f in found} == {"claim"}
    fields = [f.spans[0].field for f in found]
    assert fields.count("title") == 1 and fields.count("body") == 4
    for f in found:
        assert article.span_text(f.spans[0]) == f.evidence["sentence"]
        assert f.label in readers.CLASSES
    scores = [f.score for f in found]
    assert scores == sorted(scores, reverse=True)
    assert [f.evidence["rank"] for f in found] == list(range(1, len(found) + 1))
    top_two = {article.span_text(f.spans[0])[:20] for f in found[:2]}
    assert top_two == {"Unemployment fell to", "The city council spe"}


def test_debate_speech_and_news_prose_meet_in_one_register() -> None:
    assert normalise("Well, uh, we -- we spent (APPLAUSE) “$5 billion”") == 'Well, we - we spent "$5 billion"'
    assert "<num>" in ngrams("It rose 12,000 jobs") and "<pct>" in ngrams("It rose 12%")


def test_tfidf_reimplementation_matches_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["We cut taxes by 10 percent.", "Taxes rose by 10 percent.", "We will win.", "Taxes will fall."]
    vectorizer = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True).fit(texts)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    ours = Tfidf(vocabulary, vectorizer.idf_).transform(texts + ["unknown words only"]).toarray()
    theirs = vectorizer.transform(texts + ["unknown words only"]).toarray()
    assert np.allclose(ours, theirs, atol=1e-6)


def test_readers_keep_each_sentence_with_its_debate(tmp_path: Path) -> None:
    (tmp_path / "groundtruth.csv").write_text(
        "Sentence_id,Text,Speaker,Speaker_title,Speaker_party,File_id,Length,Line_number,Sentiment,Verdict\n"
        '7,"We spent $5 billion.",A,B,C,1988-09-25.txt,4,7,0.0,1\n8,Thank you.,A,B,C,1988-09-25.txt,2,8,0.0,-1\n',
        encoding="utf-8",
    )
    rows = readers.read_claimbuster(tmp_path)
    assert [(r.id, r.label, r.group) for r in rows] == [("7", 2, "1988-09-25"), ("8", 0, "1988-09-25")]
    transcript = tmp_path / "debates" / "20160926_1pres.tsv"
    transcript.parent.mkdir()
    transcript.write_text("1\tHOLT\tGood evening.\t0\r\n2\tTRUMP\tOur jobs are fleeing the country.\t1\r\n", encoding="utf-8")
    lines = readers.read_transcript(readers.transcripts(transcript.parent)[0])
    assert [(s.id, s.label, s.group) for s in lines] == [("1", 0, "20160926_1pres"), ("2", 1, "20160926_1pres")]


def test_metrics_follow_the_task_definitions() -> None:
    # Relevant at ranks 1 and 3 of 4: AP = (1/1 + 2/3) / 2.
    assert average_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0, 0], [0.5, 0.4]) == 0.0
    assert mean_average_precision({"a": ([1, 0], [0.9, 0.1]), "b": ([0, 1], [0.9, 0.1])}) == pytest.approx(0.75)
    truth = np.array([True, True, False, False])
    m = cfs_metrics(truth, np.array([0.9, 0.4, 0.6, 0.1]), 0.5)
    assert (m["precision"], m["recall"], m["f1"]) == (0.5, 0.5, 0.5)
    assert best_threshold(truth, np.array([0.9, 0.8, 0.3, 0.1])) > 0.3
