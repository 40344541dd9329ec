"""Check-worthiness: the model's classes, the analyzer's spans and order, the readers and the metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun.claims import readers
from unspun.claims.features import Tfidf, ngrams, normalise, tag_features, tag_sentences
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


def test_body_sentences_get_the_same_tags_from_the_shared_parse_as_alone() -> None:
    # Training tags standalone sentences with the tagger and NER only; articles take them from the
    # full parse. If the two disagreed, the model would see other features at run time.
    sentences = ["The council spent $48 million on the bridge in 2023.", "Critics in Leeds called it a waste."]
    doc = parse(" ".join(sentences)).doc
    in_context = [tag_features(doc.char_span(0, len(sentences[0]))), tag_features(doc[doc.char_span(0, len(sentences[0])).end :])]
    assert in_context == tag_sentences(sentences)
    assert {"T_CD", "E_MONEY", "E_DATE", "T_VBD"} <= set(in_context[0]) and "E_GPE" in in_context[1]


def test_static_sentence_vectors_keep_meaning_and_ignore_neighbours() -> None:
    from unspun.embeddings import encode_static

    texts = [
        "The army retook two-thirds of the territory held by the rebels.",
        "Government troops recaptured most of the rebel-held area.",
        "A cat sat on the mat.",
        "",
    ]
    vectors = encode_static(texts)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5) and not vectors[3].any()
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2
    assert np.allclose(encode_static(texts[::-1])[::-1], vectors, atol=1e-6)


def test_distillation_centres_reduces_weights_and_quantises() -> None:
    from unspun.train.static_embeddings import distil, quantise

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 16)).astype(np.float32)
    vectors[7] = 0  # an [unused] piece: no vector
    counts = np.ones(50)
    counts[3] = 1e6  # a very frequent piece ("the")
    table = distil(vectors, counts, dims=4)
    assert table.shape == (50, 4) and not table[7].any()
    assert np.linalg.norm(table[3]) < 0.01 * np.median(np.linalg.norm(table, axis=1))
    q, scale = quantise(table)
    assert q.dtype == np.int8 and np.abs(q * scale[:, None] - table).max() <= scale.max() / 2 + 1e-7


def test_an_article_is_scored_once_for_every_analyzer_that_asks() -> None:
    from unspun.claims.scoring import score_article

    article = Article(title="Bridge Audit", text=BODY)
    parsed = parse(article.text)
    first = score_article(article, parsed)
    first.clear()  # a caller's list is its own
    again = score_article(article, parsed)
    assert len(again) == 5 and again[0].span.field == "title"
    assert all(a is b for a, b in zip(again, score_article(article, parsed)))  # served from memory, not rescored
    assert [s.text for s in again[1:]] == [article.span_text(s.span) for s in again[1:]]


def test_the_title_is_always_scored_by_the_transformer() -> None:
    """Headlines are telegraphese in title case, which the linear first stage reads badly: "Son of former German
    president stabbed to death in Berlin" stayed under its cut-off and was called unimportant (a real-page review)."""
    from unspun.claims.scoring import score_article

    title = "Son of former German president stabbed to death in Berlin"
    assert model().linear_probabilities([title])[0, 2] < model().cascade  # the cascade alone would not pass it
    article = Article(title=title, text=BODY)
    scored = score_article(article, parse(article.text))
    assert scored[0].span.field == "title" and scored[0].prediction.scored_by == "transformer"
    assert scored[0].prediction.label == "check-worthy"


def test_a_line_that_only_introduces_a_quote_is_no_claim() -> None:
    from unspun.analyzers.claims import analyze

    text = "Press TV reports:\n\nThe army said it had retaken 140 villages since March, officials said."
    found = analyze(Article(text=text), parse(text))
    assert [f.evidence["sentence"] for f in found] == ["The army said it had retaken 140 villages since March, officials said."]


def test_a_list_number_is_no_claim() -> None:
    from unspun.analyzers.claims import analyze

    text = "Milk is bad for you.\n\n3.\n\nCheese causes 40 percent of cancers, the study found.\n\n4.\n\n* * *"
    found = analyze(Article(text=text), parse(text))
    assert sorted(f.evidence["sentence"] for f in found) == [
        "Cheese causes 40 percent of cancers, the study found.", "Milk is bad for you."]


CASCADE_TEXTS = [
    "Thank you very much.",
    "Unemployment fell to 3.9 percent in March, the lowest rate since 2001.",
    "What a wonderful evening this is!",
    "We have cut the deficit by $200 billion since 2009, and exports doubled.",
    "I want to thank the people of Ohio.",
    "The city council spent $48 million on the new bridge, twice its original budget.",
]


def test_the_transformer_rescores_exactly_what_the_cascade_passes() -> None:
    m = model()
    assert m.transformer is not None and 0 < m.cascade < 1
    linear = m.linear_probabilities(CASCADE_TEXTS)
    preds = m.predict(CASCADE_TEXTS)
    passed = linear[:, 2] >= m.cascade
    assert 0 < passed.sum() < len(CASCADE_TEXTS)  # both stages at work on these sentences
    assert [p.scored_by for p in preds] == ["transformer" if k else "linear" for k in passed]
    rescored = m.transformer.probabilities([t for t, k in zip(CASCADE_TEXTS, passed) if k])
    assert np.allclose([p.score for p, k in zip(preds, passed) if k], rescored[:, 2], atol=1e-6)
    assert np.allclose([p.score for p, k in zip(preds, passed) if not k], linear[~passed, 2], atol=1e-6)


def test_the_transformer_scores_a_sentence_the_same_way_every_time_and_nearly_so_in_any_company() -> None:
    classifier = model().transformer
    together = classifier.probabilities(CASCADE_TEXTS)
    assert np.array_equal(together, classifier.probabilities(CASCADE_TEXTS))
    assert np.allclose(together.sum(axis=1), 1.0, atol=1e-5)
    alone = np.vstack([classifier.probabilities([t]) for t in CASCADE_TEXTS])
    assert np.abs(alone - together).max() < 0.05  # int8 activation scales are per run (see transformer.py)
    assert together[1, 2] > 0.5 > together[0, 2]


def test_the_cascade_is_the_most_accurate_within_the_page_budget_or_a_cheaper_one_as_good() -> None:
    from unspun.train.checkworthiness import CASCADE_GRID, choose_cascade

    rng = np.random.default_rng(0)
    truth = rng.random(400) < 0.3
    transformer = np.where(truth, 0.9, 0.1)  # right about every sentence
    linear = np.where(truth, rng.uniform(0.22, 1.0, 400), rng.uniform(0.0, 0.6, 400))  # lowest positive: 0.22
    cascade, threshold, figures = choose_cascade(truth, linear, transformer, [], page_budget=50)
    assert cascade == max(c for c in CASCADE_GRID if c <= 0.22)  # a higher cut-off would drop check-worthy sentences
    assert figures["0.0"]["f1"] == 1.0 and figures[str(cascade)]["f1"] == 1.0 and 0.1 < threshold <= 0.9
    # A page of 21 sentences whose linear scores run 0, 0.05, ..., 1: only from 0.5 up do at most 11 reach the transformer.
    cascade, _, figures = choose_cascade(truth, linear, transformer, [np.linspace(0, 1, 21)], page_budget=11)
    assert cascade == 0.5 and figures["0.5"]["news_sentences_per_page"] == 11 and figures["0.5"]["f1"] < 1.0


def test_knowledge_distillation_mixes_the_labels_and_the_teachers_probabilities() -> None:
    torch = pytest.importorskip("torch", reason="build-time extra (torch) not installed")
    from unspun.claims.finetune import SOFT_WEIGHT, distillation_loss

    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])
    target = torch.tensor([0, 1])
    plain = torch.nn.functional.cross_entropy(logits, target)
    assert torch.isclose(distillation_loss(logits, target, torch.nn.functional.one_hot(target, 3).float()), plain)
    teacher = torch.tensor([[0.2, 0.2, 0.6], [0.0, 0.1, 0.9]])  # disagrees with both labels
    to_teacher = -(teacher * torch.log_softmax(logits, -1)).sum(-1).mean()
    assert torch.isclose(distillation_loss(logits, target, teacher), (1 - SOFT_WEIGHT) * plain + SOFT_WEIGHT * to_teacher)


@pytest.mark.parametrize("distil", [True, False])
def test_each_student_learns_from_a_teacher_fitted_on_its_own_sentences_unless_told_not_to(monkeypatch, tmp_path: Path,
                                                                                         distil: bool) -> None:
    from unspun.claims import finetune
    from unspun.train import checkworthiness as cw

    calls = []

    def fake_fine_tune(base, rows, labels, *, layers, epochs, after_epoch=None, soft=None, **_):
        model = f"model-{len(calls)}"
        calls.append({"layers": layers, "rows": rows, "soft": soft, "model": model})
        for epoch in range(1, epochs + 1):
            if after_epoch is not None:
                after_epoch(epoch, model)
        return model

    def fake_probabilities(model, rows):  # a distinct, fixed answer for every (model, rows)
        rng = np.random.default_rng([int(model.split("-")[1]), len(rows), sum(map(len, rows))])
        p = rng.random((len(rows), 3))
        return p / p.sum(axis=1, keepdims=True)

    monkeypatch.setattr(finetune, "fine_tune", fake_fine_tune)
    monkeypatch.setattr(finetune, "probabilities", fake_probabilities)
    monkeypatch.setattr(finetune, "export", lambda model, out: None)
    monkeypatch.setattr(cw, "SentenceClassifier", lambda *args: None)
    groups = np.repeat([f"debate-{d}" for d in range(8)], 6)
    labels = np.tile([0, 1, 2], 16)
    texts = [f"Sentence {i} of {g} says {i % 7} things." for i, g in enumerate(groups)]
    train_rows = np.arange(len(texts))
    _, info = cw.train_transformer(texts, labels, groups, train_rows, lambda fit, score: np.full((len(score), 3), 1 / 3), [], tmp_path,
                                   layers=3, epochs=2, lr=8e-5, threads=1, page_budget=22, distil=distil)
    students = [c for c in calls if c["layers"] == 3]
    teachers = [c for c in calls if c["layers"] == cw.TEACHER_LAYERS]
    assert len(students) == 2 and len(teachers) == (2 if distil else 0)
    for teacher, student in zip(teachers, students):
        assert calls.index(teacher) < calls.index(student) and teacher["rows"] == student["rows"] and teacher["soft"] is None
        assert np.array_equal(student["soft"], fake_probabilities(teacher["model"], teacher["rows"]))
    assert len(students[0]["rows"]) == 8 * 6 - cw.INNER_DEV_DEBATES * 6 and len(students[1]["rows"]) == 8 * 6  # inner-train, then all
    if not distil:
        assert all(s["soft"] is None for s in students)
    assert ("distillation" in info["settings"]) == distil and ("teacher" in info["inner_split"]) == distil
