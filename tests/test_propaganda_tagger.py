"""The bundled transformer span tagger (int8 ONNX) and the cascade that decides which sentences it reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun.analyzers.propaganda import model as bundled
from unspun.parse import parse
from unspun.propaganda.features import ArticleView
from unspun.propaganda.model import Model
from unspun.propaganda.tagger import MAX_PIECES

TEXT = ("The council approved the road budget on Tuesday by seven votes to two. "
        "These treacherous traitors and corrupt globalist thugs are destroying our great nation!")


@pytest.fixture(scope="module")
def model() -> Model:
    m = bundled()
    assert m.tagger is not None, "the bundled model has no transformer tagger"
    return m


@pytest.fixture(scope="module")
def view() -> ArticleView:
    return ArticleView(parse(TEXT).doc)


def _mean(view: ArticleView, probs: np.ndarray, sentence: int) -> float:
    i, j = view.sentences[sentence]
    return float(probs[i:j].mean())


def test_tagger_reads_only_the_sentences_it_is_given(model: Model, view: ArticleView) -> None:
    assert len(view.sentences) == 2
    only_second = model.tagger.token_probs(view, [1])
    i, j = view.sentences[1]
    assert not only_second[:i].any()
    assert ((only_second[i:j] > 0) & (only_second[i:j] <= 1)).all()
    both = model.tagger.token_probs(view, [0, 1])
    # A sentence's tags do not depend on the others, except through int8 activation scales computed per batch.
    np.testing.assert_allclose(both[i:j], only_second[i:j], atol=0.03)


def test_loaded_sentence_tags_higher_than_plain_reporting(model: Model, view: ArticleView) -> None:
    probs = model.tagger.token_probs(view, [0, 1])
    assert _mean(view, probs, 1) > _mean(view, probs, 0) + 0.2
    words = [t.lower_ for t in view.tokens]
    assert probs[words.index("thugs")] >= model.config["threshold"]


def test_sentences_longer_than_the_training_length_are_tagged_to_the_end(model: Model) -> None:
    text = " ".join(["the corrupt elites keep lying to the hard working people"] * 30) + "."
    v = ArticleView(parse(text).doc)
    assert len(model.tagger.tokenizer.encode(text).overflowing) >= 2  # three windows or more
    assert len(text.split()) > 2 * MAX_PIECES
    probs = model.tagger.token_probs(v, list(range(len(v.sentences))))
    alpha = [k for k, t in enumerate(v.tokens) if t.is_alpha]
    assert (probs[alpha] > 0).all()


def test_cascade_threshold_gates_the_tagger(model: Model, view: ArticleView) -> None:
    sent = model.sentence_probs(view)
    saved = model.config["tagger"]["cascade"]
    try:
        model.config["tagger"]["cascade"] = 1.01
        assert not model.span_probs(view, sent).any()
        model.config["tagger"]["cascade"] = 0.0
        assert model.span_probs(view, sent).any()
    finally:
        model.config["tagger"]["cascade"] = saved


def test_save_and_load_carry_the_tagger(tmp_path: Path, model: Model, view: ArticleView) -> None:
    paths = model.save(tmp_path)
    assert (tmp_path / model.config["tagger"]["file"]) in paths
    again = Model.load(tmp_path)
    sent = model.sentence_probs(view)
    np.testing.assert_allclose(again.span_probs(view, sent), model.span_probs(view, sent), rtol=1e-5)


def test_fine_tuning_examples_label_word_pieces_inside_gold_spans() -> None:
    from tokenizers import Tokenizer

    from unspun.embeddings import tokenizer_file
    from unspun.propaganda.corpus import CorpusArticle
    from unspun.propaganda.finetune import IGNORE, examples, lines

    text = "Title here\n\nThe council met.\nThese corrupt traitors lied!\n"
    at = text.index("corrupt traitors")
    article = CorpusArticle("1", text, si=[(at, at + len("corrupt traitors"))])
    assert [(o, t) for o, t, _ in lines(article)] == [(0, "Title here"), (12, "The council met."), (29, "These corrupt traitors lied!")]
    assert lines(article)[2][2] == [(at - 29, at - 29 + len("corrupt traitors"))]
    tokenizer = Tokenizer.from_file(str(tokenizer_file()))
    rows = examples([article], tokenizer, 128, negatives=0.0)
    assert len(rows) == 1, "span-free lines are dropped when negatives=0"
    ids, labels = rows[0]
    pieces = tokenizer.decode([i for i, y in zip(ids, labels) if y == 1]).split()
    assert pieces == ["corrupt", "traitors"]
    assert labels[0] == IGNORE and labels[-1] == IGNORE
