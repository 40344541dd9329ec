"""The bundled int8 MiniLM: the same vector space as the packaged model, unit vectors, order kept."""

from __future__ import annotations

import numpy as np
import pytest

from unspun.embeddings import Encoder, encoder, package_model_file

SENTENCES = [
    "The army retook two-thirds of the territory held by the rebels, the government said.",
    "Rebels retreated from the last parts of the Old City on Tuesday.",
    "A cat sat on the mat.",
    "Shares in the carmaker fell 4% after the recall was announced.",
]


@pytest.fixture(scope="module")
def vectors() -> tuple[np.ndarray, np.ndarray]:
    return encoder().encode(SENTENCES), Encoder(model=package_model_file()).encode(SENTENCES)


def test_bundled_encoder_stays_in_the_packaged_models_vector_space(vectors) -> None:
    bundled, packaged = vectors
    assert np.allclose(np.linalg.norm(bundled, axis=1), 1.0, atol=1e-4)
    assert (bundled * packaged).sum(axis=1).min() > 0.98


def test_bundled_encoder_ranks_paraphrases_above_unrelated_text(vectors) -> None:
    bundled, _ = vectors
    sims = bundled @ bundled.T
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[0, 3]


def test_a_texts_vector_does_not_depend_on_its_neighbours_or_their_order() -> None:
    one_by_one = np.vstack([encoder().encode([s]) for s in SENTENCES])
    assert np.allclose(encoder().encode(SENTENCES), one_by_one, atol=1e-6)
    assert np.allclose(encoder().encode(SENTENCES[::-1]), one_by_one[::-1], atol=1e-6)
