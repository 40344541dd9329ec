"""Build-time fine-tuning of the span tagger: MiniLM-L6's first layers + a per-word-piece "inside a
propaganda span" head, trained on PTC sentences, exported to int8 ONNX for `unspun.propaganda.tagger`.

Why a transformer: the linear tagger sees a few words of context and reached SI F1 0.32; annotated spans are
clauses whose meaning carries the technique. Why only the first layers: the analyzer has about 30-40 ms per
news page (issue #11's budget); each MiniLM layer costs about as much as the whole linear tagger, so the
tagger keeps `layers` of the 6 and the analyzer runs it only on sentences the cheap sentence model flags.

Needs torch and transformers (`pip install -e '.[train]'`, best in a throwaway build venv); the product runs
the exported file with onnxruntime and tokenizers only. Training units are the corpus's lines (one sentence
each, NLTK-split), labelled per word piece: 1 when most of its characters lie inside a gold SI span.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .. import finetune as shared
from .corpus import CorpusArticle

IGNORE = -100  # label of [CLS], [SEP] and padding: no loss


def require_torch() -> None:
    """Fail with a one-line message when the build-time extra is missing."""
    shared.require_torch("the propaganda span tagger")


def lines(article: CorpusArticle) -> list[tuple[int, str, list[tuple[int, int]]]]:
    """The article's non-empty lines as `(offset, text, gold spans relative to the line)`."""
    out, offset = [], 0
    for line in article.text.split("\n"):
        end = offset + len(line)
        if line.strip():
            spans = [(max(s, offset) - offset, min(e, end) - offset) for s, e in article.si if s < end and e > offset]
            out.append((offset, line, spans))
        offset = end + 1
    return out


def piece_labels(offsets: list[tuple[int, int]], special: list[int], spans: list[tuple[int, int]], length: int) -> list[int]:
    """1/0 per word piece (mostly inside a gold span or not); IGNORE for special tokens."""
    mask = np.zeros(length + 1, bool)
    for s, e in spans:
        mask[s:e] = True
    return [IGNORE if sp else int(e > s and mask[s:e].mean() >= 0.5) for (s, e), sp in zip(offsets, special)]


def examples(
    articles: list[CorpusArticle], tokenizer: Any, max_tokens: int, negatives: float = 1.0, seed: int = 13
) -> list[tuple[list[int], list[int]]]:
    """`(word-piece ids, labels)` of the articles' lines (cut at `max_tokens`): every line with a gold span and
    a random share `negatives` of the others. The analyzer only tags sentences its sentence model flags, so
    the tagger mostly sees propaganda-rich text; dropping most span-free lines also shortens training on CPU."""
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    rng = random.Random(seed)
    out = []
    for article in articles:
        for _, text, spans in lines(article):
            if not spans and rng.random() >= negatives:
                continue
            enc = tokenizer.encode(text)
            out.append((enc.ids, piece_labels(enc.offsets, enc.special_tokens_mask, spans, len(text))))
    return out


def fine_tune(
    base: Path,
    data: list[tuple[list[int], list[int]]],
    *,
    layers: int,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int,
    threads: int,
    progress: Callable[[str], None],
) -> Any:
    """MiniLM's first `layers` layers with a 2-class token head, fine-tuned with cross-entropy (word
    embeddings frozen)."""
    import torch
    from transformers import AutoModelForTokenClassification

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    model = AutoModelForTokenClassification.from_pretrained(str(base), num_labels=2)
    shared.truncated(model.bert, layers)
    rng = random.Random(seed)
    steps = epochs * -(-len(data) // batch_size)
    take_step = shared.optimiser(model, lr, steps)
    model.train()
    step, start = 0, time.time()
    for epoch in range(epochs):
        for rows in shared.length_batches([len(ids) for ids, _ in data], batch_size, rng):
            width = max(len(data[i][0]) for i in rows)
            ids = torch.zeros((len(rows), width), dtype=torch.long)
            labels = torch.full((len(rows), width), IGNORE, dtype=torch.long)
            for r, i in enumerate(rows):
                ids[r, : len(data[i][0])] = torch.tensor(data[i][0])
                labels[r, : len(data[i][1])] = torch.tensor(data[i][1])
            loss = model(input_ids=ids, attention_mask=(ids != 0).long(), labels=labels).loss
            take_step(loss)
            step += 1
            if step % 50 == 0 or step == steps:
                progress(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.4f} ({time.time() - start:.0f} s)")
    return model.eval()


def export_onnx(model: Any, out: Path) -> None:
    """The tagger as int8 ONNX with one output, `prob` (batch, pieces): P(piece inside a propaganda span)."""
    shared.export_softmax(model, lambda m, ids, mask: m(input_ids=ids, attention_mask=mask).logits, "prob", out,
                          column=1, per_piece=True)
