"""The claim-matching encoder switch, duplicate collapsing, and the build-time training command."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.embeddings import DIM
from unspun.factchecks import encoding
from unspun.factchecks.index import Index, collapse_duplicates, first_stored
from unspun.factchecks.records import FactCheck
from unspun.factchecks.search import Searcher


def test_claim_encoder_vectors_are_unit_and_rank_the_stated_claim_first() -> None:
    claims = ["Drinking bleach cures the coronavirus.", "The Eiffel Tower will be moved to Las Vegas.", "Sharks swam on a flooded Houston highway."]
    vectors = encoding.encode(claims)
    assert vectors.shape == (3, DIM) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    tweet = encoding.encode(["OMG they say if you drink bleach it kills covid!! #COVID19 pic.twitter.com/x"])[0]
    assert int(np.argmax(vectors @ tweet)) == 0
    assert encoding.model_id() == encoding.claim_encoder().model_id


def test_near_identical_claims_of_one_publisher_show_once_as_the_first_stored() -> None:
    claims = ['Joe Biden said: "Poor kids are just as bright as white kids."',
              "Joe Biden said: 'Poor kids are just as bright as white kids.'",
              'Joe Biden said: "Poor kids are just as bright as white kids."',
              "A photograph shows a shark on a flooded highway."]
    publishers = ["Snopes", "Snopes", "PolitiFact", "Snopes"]
    index = Index([FactCheck(claim=c, publisher=p, url=f"https://x.example/{i}") for i, (c, p) in enumerate(zip(claims, publishers))], encoding.encode(claims))
    ranked = [c for c in index.candidates("Biden said poor kids are as bright as white kids")]
    ranked.sort(key=lambda c: c.index != 1)  # the later Snopes copy ranked first, as happens on CheckThat!
    shown = [c.index for c in collapse_duplicates(ranked, first_stored(index, [c.index for c in ranked]))]
    assert shown[0] == 0  # the group keeps its best rank but shows the first-stored record
    assert 1 not in shown and 2 in shown  # another publisher's check of the same claim is kept


def test_search_never_returns_two_copies_of_one_bundled_claim() -> None:
    matches = Searcher(None).search("Jane Fonda said the coronavirus pandemic is God's gift to the left.", k=5)
    texts = [(m.record.publisher, " ".join(m.record.claim.replace("'", '"').lower().split())) for m in matches]
    assert len(texts) == len(set(texts))


@pytest.mark.skipif(importlib.util.find_spec("torch") is not None, reason="torch is installed here")
def test_training_the_encoder_without_torch_fails_with_one_line() -> None:
    result = CliRunner().invoke(cli, ["train", "claim-encoder"])
    assert result.exit_code != 0
    message = (result.output or "") + (str(result.exception) if result.exception else "")
    assert "torch" in message and "pip install" in message
