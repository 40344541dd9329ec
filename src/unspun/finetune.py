"""Build-time helpers shared by the models that fine-tune MiniLM-L6's first layers on CPU and ship them as int8 ONNX.

Needs torch and transformers (`pip install -e '.[train]'`, best in a throwaway build venv); nothing here runs in
the product, which reads the exported files with onnxruntime and tokenizers only (`unspun.embeddings`).
Used by the propaganda span tagger (`unspun.propaganda.finetune`, a token head) and the check-worthiness
classifier (`unspun.claims.finetune`, a sentence head).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import ConfigError


def require_torch(what: str) -> None:
    """Fail with a one-line message when the build-time extra is missing; `what` names the model being trained."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise ConfigError(f"training {what} needs torch and transformers ({exc.name} is missing): pip install -e '.[train]'") from None


def truncated(bert: Any, layers: int) -> Any:
    """Keep the first `layers` transformer layers of a `BertModel` and freeze its word embeddings.

    Each layer costs about as much at analysis time as a whole linear model, so the served models keep few; a few
    thousand training sentences cannot teach 30,000 word vectors, and freezing them spares the optimiser most of
    its work."""
    bert.encoder.layer = bert.encoder.layer[:layers]
    bert.config.num_hidden_layers = layers
    bert.embeddings.word_embeddings.requires_grad_(False)
    return bert


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Indices in batches of similar length (little padding: faster on CPU), the batches in random order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    batches = [order[b : b + batch_size] for b in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def warmup_then_linear(optimizer: Any, steps: int) -> Any:
    """Learning rate rising over the first tenth of `steps`, then falling linearly to zero."""
    import torch

    warmup = max(1, steps // 10)
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))


def optimiser(model: Any, lr: float, steps: int) -> Callable[[Any], None]:
    """AdamW (weight decay 0.01) over the trainable parameters with `warmup_then_linear` over `steps`; the function
    returned takes one step from a batch's loss (gradient norm clipped at 1)."""
    import torch

    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    schedule = warmup_then_linear(optimizer, steps)

    def step(loss: Any) -> None:
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()

    return step


def padded(rows: Sequence[Sequence[int]]) -> tuple[Any, Any]:
    """`(input_ids, attention_mask)` tensors of word-piece id lists, right-padded with 0 ([PAD])."""
    import torch

    ids = torch.zeros((len(rows), max(len(r) for r in rows)), dtype=torch.long)
    for r, row in enumerate(rows):
        ids[r, : len(row)] = torch.tensor(row)
    return ids, (ids != 0).long()


def export_int8(module: Any, output: str, out: Path, per_piece: bool) -> None:
    """`module(input_ids, attention_mask) -> output` as dynamically quantised int8 ONNX at `out`.

    Only MatMuls (per output channel) and the embedding Gather are quantised: per-tensor int8 of everything lost
    too much accuracy for MiniLM (see ../shared/research/packages.md), and the quantised word-embedding table
    keeps the file small. `per_piece`: the output has a word-piece axis (a token head) besides the batch axis.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.tensor([[101, 2023, 2003, 1037, 6251, 102], [101, 2178, 102, 0, 0, 0]])
    names = ["input_ids", "attention_mask"]
    axes = {n: {0: "batch", 1: "pieces"} for n in names} | {output: {0: "batch", 1: "pieces"} if per_piece else {0: "batch"}}
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        fp32 = Path(tmp) / "model-fp32.onnx"
        torch.onnx.export(module.eval(), (ids, (ids != 0).long()), str(fp32), input_names=names, output_names=[output],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
        quantize_dynamic(str(fp32), str(out), per_channel=True, op_types_to_quantize=["MatMul", "Gather"], weight_type=QuantType.QInt8)


def export_softmax(module: Any, logits: Callable[[Any, Any, Any], Any], output: str, out: Path, *,
                   column: int | None = None, per_piece: bool = False) -> None:
    """`softmax(logits(module, input_ids, attention_mask))` (only its `column`, when given) as int8 ONNX at `out`:
    the probabilities come out of the graph, so the runtime needs no post-processing."""
    import torch

    class Softmax(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = module.eval().requires_grad_(False)

        def forward(self, input_ids, attention_mask):  # noqa: D102 - also the ONNX graph signature
            probs = torch.softmax(logits(self.inner, input_ids, attention_mask), dim=-1)
            return probs if column is None else probs[..., column]

    export_int8(Softmax(), output, out, per_piece)
