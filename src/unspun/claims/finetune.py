"""Build-time fine-tuning of the check-worthiness sentence classifier: MiniLM-L6's first layers, mean-pooled, with
a three-class head (ClaimBuster's non-factual / unimportant factual / check-worthy), exported to int8 ONNX for
`unspun.claims.transformer`.

Why fine-tuning: every linear feature set (word and tag n-grams, static and frozen MiniLM sentence vectors) stalls
at CFS F1 0.69-0.70 across debates; whether a sentence asserts a checkable fact is carried by its whole wording
(a past-tense verb with a figure vs. the same figure in a promise), which a fine-tuned encoder reads and a bag of
features does not. Why three classes rather than check-worthy vs. the rest: the analyzer reports all three, and
the unimportant-factual class is the one a CFS-vs-rest model confuses most, so it helps to learn it apart.
Mean pooling is MiniLM's own (its sentence vectors are trained that way), so the head starts from a useful vector.

Needs the build-time extra (torch, transformers): see `unspun.finetune`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..finetune import export_softmax, length_batches, optimiser, padded, truncated
from .features import normalise

MAX_PIECES = 64  # ClaimBuster sentences average 24 word pieces; 64 cuts about 1 % of them
SOFT_WEIGHT = 0.5  # distillation: the teacher's probabilities' share of the loss (0.8 at temperature 2 lost F1, docs/claims.md)


def encode(texts: Sequence[str], tokenizer: Any) -> list[list[int]]:
    """Word-piece ids (with [CLS]/[SEP], cut at MAX_PIECES) of the normalised texts: training and serving both
    read `features.normalise(text)`, the one register for speech and prose."""
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_PIECES)
    return [e.ids for e in tokenizer.encode_batch([normalise(t) or "." for t in texts])]


def classifier(base: Path, layers: int, classes: int = 3) -> Any:
    """MiniLM's first `layers` layers + mean pooling + a linear head; `forward(ids, mask)` returns logits."""
    import torch
    from transformers import AutoModel

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = truncated(AutoModel.from_pretrained(str(base)), layers)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, classes)

        def forward(self, input_ids, attention_mask):  # noqa: D102 - also the ONNX graph signature
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return self.head(self.dropout(pooled))

    return Classifier()


def fine_tune(
    base: Path,
    rows: list[list[int]],
    labels: Sequence[int],
    *,
    layers: int,
    epochs: int,
    batch_size: int,
    lr: float,
    seed: int,
    threads: int,
    progress: Callable[[str], None],
    after_epoch: Callable[[int, Any], None] | None = None,
    soft: np.ndarray | None = None,
) -> Any:
    """Cross-entropy fine-tuning (AdamW, warm-up then linear decay); `after_epoch(epoch, model)` is called after
    each epoch (the trainer measures on its inner split there, to choose the number of epochs).

    `soft`: a teacher's (n, 3) probabilities of the same rows (knowledge distillation). The loss is then
    `distillation_loss`: a larger model's graded view of a sentence (how check-worthy, not just which crowd label
    won) is a richer target than the noisy crowd label alone, and the small served model learns to rank like it."""
    import torch

    if soft is not None and np.shape(soft) != (len(rows), 3):
        raise ValueError(f"soft targets must be ({len(rows)}, 3) probabilities, got {np.shape(soft)}")
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    model = classifier(base, layers)
    rng = random.Random(seed)
    steps = epochs * -(-len(rows) // batch_size)
    take_step = optimiser(model, lr, steps)
    target = torch.tensor(list(labels), dtype=torch.long)
    teacher = None if soft is None else torch.tensor(np.asarray(soft, dtype=np.float32))
    step, start = 0, time.time()
    for epoch in range(1, epochs + 1):
        model.train()
        for batch in length_batches([len(r) for r in rows], batch_size, rng):
            ids, mask = padded([rows[i] for i in batch])
            logits = model(ids, mask)
            loss = (torch.nn.functional.cross_entropy(logits, target[batch]) if teacher is None
                    else distillation_loss(logits, target[batch], teacher[batch]))
            take_step(loss)
            step += 1
            if step % 100 == 0 or step == steps:
                progress(f"epoch {epoch} step {step}/{steps} loss {loss.item():.4f} ({time.time() - start:.0f} s)")
        model.eval()
        if after_epoch is not None:
            after_epoch(epoch, model)
    return model.eval()


def distillation_loss(logits: Any, target: Any, soft: Any) -> Any:
    """(1 - SOFT_WEIGHT) x cross-entropy to the labels + SOFT_WEIGHT x cross-entropy to the teacher's probabilities."""
    import torch

    return ((1 - SOFT_WEIGHT) * torch.nn.functional.cross_entropy(logits, target)
            + SOFT_WEIGHT * torch.nn.functional.cross_entropy(logits, soft))


def probabilities(model: Any, rows: list[list[int]], batch_size: int = 64) -> np.ndarray:
    """(n, 3) class probabilities of the torch model (float32; used while training, before export)."""
    import torch

    out = np.zeros((len(rows), 3), dtype=np.float32)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    with torch.no_grad():
        for b in range(0, len(order), batch_size):
            batch = order[b : b + batch_size]
            out[batch] = torch.softmax(model(*padded([rows[i] for i in batch])), dim=-1).numpy()
    return out


def export(model: Any, out: Path) -> None:
    """The classifier as int8 ONNX with one output, `probs` (batch, 3): softmax folded into the graph."""
    export_softmax(model, lambda m, ids, mask: m(ids, mask), "probs", out)
