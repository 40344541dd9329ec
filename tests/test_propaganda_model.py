"""Features, decoding and storage of the propaganda model (bundled weights, no corpus needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspun.analyzers.propaganda import model as bundled
from unspun.parse import parse
from unspun.propaganda.features import ArticleView, span_features
from unspun.propaganda.linear import fit
from unspun.propaganda.model import Model

TEXT = "Officials met on Monday to talk. The corrupt regime and its terrorist groups lied again!"


@pytest.fixture(scope="module")
def view() -> ArticleView:
    return ArticleView(parse(TEXT).doc)


def _words(view: ArticleView, span: tuple[int, int]) -> str:
    return TEXT[span[0] : span[1]]


def test_lexicon_labels_take_their_noun_along(view: ArticleView) -> None:
    labels = [_words(view, view.char_span(i, j)) for i, j in view.label_spans]
    assert labels == ["regime", "terrorist groups"]
    assert view.lex[[t.text for t in view.tokens].index("corrupt")] == "loaded"


def test_token_range_maps_characters_to_tokens(view: ArticleView) -> None:
    start = TEXT.index("corrupt")
    i, j = view.token_range(start, start + len("corrupt regime"))
    assert [t.text for t in view.tokens[i:j]] == ["corrupt", "regime"]
    i, j = view.token_range(start + 2, start + 4)  # inside one word
    assert [t.text for t in view.tokens[i:j]] == ["corrupt"]


def test_decoding_joins_hits_of_a_sentence_and_splits_at_labels(view: ArticleView) -> None:
    m = bundled()
    probs = np.zeros(len(view.tokens))
    words = [t.text for t in view.tokens]
    probs[words.index("met")] = probs[words.index("talk")] = 0.9
    probs[words.index("lied")] = 0.9
    spans = m.spans(view, probs)
    texts = [TEXT[s:e] for s, e, _ in spans]
    assert texts == ["met on Monday to talk", "regime", "terrorist groups", "lied"]
    confidence = dict(zip(texts, (c for _, _, c in spans)))
    assert confidence["regime"] == pytest.approx(m.config["lexicon_prior"])
    assert confidence["met on Monday to talk"] == pytest.approx(0.9 * 2 / 5)


def test_decoding_drops_a_run_of_function_words_alone(view: ArticleView) -> None:
    """"The" stranded before a label span, or "to" alone, is not a span (no annotated span is only such words)."""
    probs = np.zeros(len(view.tokens))
    words = [t.text for t in view.tokens]
    probs[words.index("The")] = probs[words.index("to")] = 0.9
    assert [TEXT[s:e] for s, e, _ in bundled().spans(view, probs)] == ["regime", "terrorist groups"]


def _decoded(text: str, hot: tuple[str, ...]) -> list[str]:
    """The spans the bundled decoder makes of `text` when the tagger fires on the words `hot` alone."""
    v = ArticleView(parse(text).doc)
    words = [t.text for t in v.tokens]
    probs = np.zeros(len(words))
    probs[[words.index(w) for w in hot]] = 0.9
    return [text[s:e] for s, e, _ in bundled().spans(v, probs)]


def test_decoding_does_not_end_a_span_on_a_preposition() -> None:
    """The tagger's runs often stop one word late ("huge blow to"); annotated spans seldom end on such words,
    though they may on "it" or "that"."""
    text = "It would deal a huge blow to the rebels. They hate that."
    assert _decoded(text, ("huge", "blow", "to", "hate", "that")) == ["huge blow", "hate that"]


def test_a_span_stops_at_a_paragraph_break_and_skips_names_and_urls() -> None:
    """The parse may run a sentence across a blank line; a place's name alone ("Uglii") or a URL is no technique."""
    text = "Why was the election so normal\n\nWhich is to say a disgrace. Officials in Uglii see https://example.org/x now."
    hot = ("normal", "Which", "disgrace", "Uglii", "https://example.org/x")
    assert _decoded(text, hot) == ["normal", "Which is to say a disgrace"]


def test_repetition_cue_sees_earlier_occurrences() -> None:
    text = "Build the wall. They said it again: build the wall."
    v = ArticleView(parse(text).doc)
    first, _ = span_features(v, 0, 14)
    second, _ = span_features(v, text.rindex("build"), text.rindex("build") + 14)
    assert "rep_first" in first and "rep_before" in second
    assert "rep=1" in first  # two occurrences fall in the second bin


def test_fit_recovers_a_separable_rule_and_folds_dense_scaling() -> None:
    rng = np.random.default_rng(0)
    feats = [["bias", "good"] if k % 2 else ["bias", "bad"] for k in range(200)]
    dense = rng.normal(5.0, 3.0, size=(200, 2)).astype(np.float32)
    y = np.array([k % 2 for k in range(200)])
    lin, names = fit(feats, dense, y, c=10.0)
    assert set(names) == {"bias", "good", "bad"}
    scores = lin.scores(feats, dense)[:, 0]
    assert ((scores > 0) == (y == 1)).all()


def test_fit_does_not_depend_on_the_order_of_features_in_a_row() -> None:
    """Feature rows come from sets of strings, whose order changes with Python's hash seed; a rebuild must still
    give the same weights bit for bit."""
    rng = np.random.default_rng(1)
    names = [f"f{k:03d}" for k in range(300)]
    rows = [list(rng.choice(names, size=40, replace=False)) for _ in range(400)]
    y = np.array([int(sum(int(f[1:]) for f in row) > 40 * 150) for row in rows])
    dense = rng.normal(size=(400, 3)).astype(np.float32)
    a, _ = fit(rows, dense, y, c=1.0, max_iter=30)
    b, _ = fit([list(reversed(row)) for row in rows], dense, y, c=1.0, max_iter=30)
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)


def test_save_and_load_round_trip(tmp_path: Path, view: ArticleView) -> None:
    m = bundled()
    m.save(tmp_path)
    again = Model.load(tmp_path)
    sp = m.sentence_probs(view)
    np.testing.assert_allclose(again.sentence_probs(view), sp, rtol=1e-5)
    np.testing.assert_allclose(again.token_probs(view, sp), m.token_probs(view, sp), rtol=1e-5)
    assert again.labels == m.labels and again.config["threshold"] == m.config["threshold"]
