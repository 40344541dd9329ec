"""The transformer span tagger at analysis time: int8 ONNX (MiniLM's first layers + a token head, see
`finetune.py`) run with onnxruntime on one thread, MiniLM's own WordPiece tokenizer, no torch.

It tags whole sentences (the unit it was trained on) and only those it is given: the model runs it on the
sentences the linear sentence model flags, which is what keeps it inside the analyzer's time budget.
Word-piece probabilities are carried to the shared parse's tokens (a token takes its pieces' maximum), so
decoding and technique classification stay on spaCy tokens. Dynamic int8 quantisation scales activations per
batch, so a sentence's probabilities move by up to about 0.01 with the sentences it is batched with.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import numpy as np

from ..embeddings import load_tokenizer, onnx_session
from .features import ArticleView

MAX_PIECES = 128  # the training length; longer sentences are tagged in overlapping windows
STRIDE = 32
BATCH = 4  # sentences per run, sorted by length: fastest of 1/2/4/8/16 (little padding, few calls)


class SpanTagger:
    """P(token inside a propaganda span) for chosen sentences of a parsed article."""

    def __init__(self, model: Path, tokenizer: Path, threads: int = 1) -> None:
        self.tokenizer = load_tokenizer(tokenizer)
        self.file = Path(model)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_PIECES, stride=STRIDE)
        self.session = onnx_session(model, threads, "propaganda tagger")

    def token_probs(self, view: ArticleView, sentences: list[int]) -> np.ndarray:
        """Per token of `view`; tokens outside the given sentences get 0."""
        out = np.zeros(len(view.tokens), np.float32)
        if not sentences:
            return out
        spans = [view.char_span(*view.sentences[s]) for s in sentences]
        windows = []  # (sentence offset, encoding)
        for (offset, _), enc in zip(spans, self.tokenizer.encode_batch([view.text[a:b] for a, b in spans])):
            windows += [(offset, e) for e in (enc, *enc.overflowing)]
        windows.sort(key=lambda w: len(w[1].ids))
        for begin in range(0, len(windows), BATCH):
            batch = windows[begin : begin + BATCH]
            width = len(batch[-1][1].ids)
            ids = np.zeros((len(batch), width), np.int64)
            for r, (_, enc) in enumerate(batch):
                ids[r, : len(enc.ids)] = enc.ids
            probs = self.session.run(["prob"], {"input_ids": ids, "attention_mask": (ids != 0).astype(np.int64)})[0]
            for (offset, enc), row in zip(batch, probs):
                for (s, e), special, p in zip(enc.offsets, enc.special_tokens_mask, row):
                    if special or e <= s:
                        continue
                    k = bisect.bisect_right(view.starts, offset + s) - 1
                    if k >= 0 and p > out[k]:
                        out[k] = p
        return out
