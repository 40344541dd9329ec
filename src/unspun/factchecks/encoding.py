"""Which sentence encoder claim matching uses: the one switch.

`CLAIM_ENCODER` names it. `"claim-encoder"` is MiniLM-L6 fine-tuned on CheckThat! 2020 Task 2 train to match
tweets and sentences to fact-checked claims (`resources/claim-encoder/`, `unspun train claim-encoder`);
`"minilm"` is the project's general all-MiniLM-L6-v2 (`unspun.embeddings`), which the other analyzers keep
using. The bundled fact-check vectors, the user store's vectors and the re-ranker are all built with the
encoder named here (`unspun train factchecks`); the bundle records the encoder's id, so a mismatch is
reported instead of silently comparing vectors from two spaces. Only the fact-check code imports this.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from .. import assets
from ..embeddings import DIM, MAX_TOKENS, MODEL_ID, Encoder, encoder

#: "claim-encoder" (fine-tuned for claim matching) or "minilm" (the general encoder).
CLAIM_ENCODER = "claim-encoder"
RESOURCE_NAME = "claim-encoder"


@functools.cache
def _fine_tuned() -> Encoder:
    from ..embeddings import _default_threads

    config = assets.load_json(f"{RESOURCE_NAME}/config.json")
    return Encoder(threads=_default_threads(), max_tokens=int(config.get("max_tokens", MAX_TOKENS)),
                   model=assets.path(f"{RESOURCE_NAME}/model.onnx"),  # tokenizer: MiniLM's own (fine-tuning keeps it)
                   model_id=str(config["model_id"]))


def claim_encoder() -> Encoder:
    """The encoder of claim matching (loaded once per process)."""
    return _fine_tuned() if CLAIM_ENCODER == "claim-encoder" else encoder()


def model_id() -> str:
    """Id of the claim-matching vector space, without loading the model."""
    if CLAIM_ENCODER == "claim-encoder":
        return str(assets.load_json(f"{RESOURCE_NAME}/config.json")["model_id"])
    return MODEL_ID


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors of `texts` in the claim-matching space, `(n, 384)`."""
    return claim_encoder().encode(list(texts)) if texts else np.zeros((0, DIM), dtype=np.float32)


def encode_cached(texts: list[str], cache: Path | None) -> np.ndarray:
    """`encode`, memoised under `cache` (see `Encoder.encode_cached`)."""
    return claim_encoder().encode_cached(list(texts), cache)
