"""Claim retrieval: the encoder, the index (lexical + semantic), the re-ranker's metrics and calibration,
and the bundled collection."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.embeddings import DIM, encode
from unspun.factchecks import encoding
from unspun.factchecks.bundle import bundled_index, dequantise, quantise, reranker
from unspun.factchecks.index import FEATURES, MATCH_FEATURES, Candidate, Index
from unspun.factchecks.records import FactCheck
from unspun.factchecks.retrieval_training import Run, average_precision_at_k, calibrate, map_at_k
from unspun.factchecks.search import Searcher
from unspun.factchecks.text import clean, terms

CLAIMS = [
    "A photograph shows a shark swimming on a flooded highway in Houston after Hurricane Harvey.",
    "Drinking hot water every fifteen minutes kills the coronavirus.",
    "The Eiffel Tower will be dismantled and moved to Las Vegas in 2025.",
    "Senator Quimby voted 37 times against veterans' health funding.",
    "Bill Gates said vaccines will be used to reduce the world population.",
]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index([FactCheck(claim=c, url=f"https://x.example/{i}") for i, c in enumerate(CLAIMS)], encoding.encode(CLAIMS))


def test_encoder_gives_unit_vectors_that_rank_paraphrases_first() -> None:
    vectors = encode(["A cat sits on the mat.", "There is a cat sitting on the mat.", "Stocks fell sharply today.", ""])
    assert vectors.shape == (4, DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > 0.8 > 0.3 > vectors[0] @ vectors[2]
    single = encode(["There is a cat sitting on the mat."])[0]
    assert np.allclose(single, vectors[1], atol=1e-4)  # batching and padding change nothing


def test_query_cleaning_drops_links_and_keeps_who_tweeted_when() -> None:
    tweet = "Sharks on the freeway!! #HurricaneHarvey pic.twitter.com/abc123 — Jo Smith (@jo) August 28, 2017"
    assert clean(tweet) == "Sharks on the freeway!! Hurricane Harvey Jo Smith August 2017"
    assert clean("Wow — see @Jo's https://t.co/x") == "Wow — see Jo's"  # a dash alone is no signature
    assert terms("The vaccines were tested") == ["vaccin", "test"]
    assert terms("vaccine vaccinated")[0] == terms("vaccine vaccinated")[1]


def test_index_finds_paraphrases_and_rare_names(index: Index) -> None:
    model = reranker()
    for query, expected in [
        ("There's a shark on the highway in Houston!", 0),
        ("Hot water kills COVID if you drink it often", 1),
        ("Quimby voted against veterans 37 times", 3),
    ]:
        ranked = model.rank(index.candidates(query))
        assert ranked[0].index == expected, query
        assert len(ranked[0].features) == len(FEATURES)


def test_quantised_vectors_keep_their_cosines() -> None:
    vectors = encode(CLAIMS)
    restored = dequantise(**quantise(vectors))
    assert np.min(np.sum(vectors * restored, axis=1)) > 0.999


def test_map_at_5_and_calibration_on_hand_made_runs() -> None:
    assert average_precision_at_k([4, 2, 9], frozenset({2}), 5) == 0.5
    assert average_precision_at_k([1, 2], frozenset({1, 2, 3}), 5) == pytest.approx(2 / 3)
    weights = np.zeros(len(FEATURES), dtype=np.float32)
    weights[0] = 10.0  # rank by cosine
    def cand(i: int, cos: float) -> Candidate:
        f = np.zeros(len(FEATURES), dtype=np.float32)
        f[0], f[-1] = cos, 1.0  # cosine, bias
        return Candidate(i, f)
    runs = [Run("a", [cand(1, 0.9), cand(2, 0.5)], frozenset({1})), Run("b", [cand(3, 0.8), cand(4, 0.7)], frozenset({4}))]
    assert map_at_k(runs, weights) == pytest.approx((1 + 0.5) / 2)
    assert MATCH_FEATURES[0] == "cosine" and MATCH_FEATURES[-1] == "bias"
    match = np.array([10.0, 0, 0, 0, -5.0], dtype=np.float32)  # P(match) = sigmoid(10 * cosine - 5)
    threshold, stats = calibrate(runs, weights, match, precision=0.99)
    # "a" is right at the top (P = sigmoid(4)); "b"'s top candidate is wrong (P = sigmoid(3)), stored or withheld.
    assert stats["precision"] == 1.0 and stats["recall"] == 0.5
    assert 1 / (1 + np.exp(-3.0)) < threshold <= 1 / (1 + np.exp(-4.0)) + 1e-4
    assert stats["false_match_rate_when_absent"] == 0.0


def test_bundled_collection_matches_a_known_snopes_claim_and_not_an_unrelated_sentence() -> None:
    searcher = Searcher(None)
    known, unrelated = searcher.search_many([
        "Jane Fonda said the coronavirus pandemic is God's gift to the left.",
        "The municipal library will extend its opening hours on Saturdays from next month.",
    ])
    assert known[0].is_match and "snopes.com" in known[0].record.url
    assert known[0].record.provenance.startswith("snopes-factchecks-2020/")
    assert not any(m.is_match for m in unrelated)
    assert len(bundled_index()) > 9000
