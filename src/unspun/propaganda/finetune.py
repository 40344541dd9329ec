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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .corpus import CorpusArticle

IGNORE = -100  # label of [CLS], [SEP] and padding: no loss


def require_torch() -> None:
    """Fail with a one-line message when the build-time extra is missing."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise ConfigError(f"training the propaganda span tagger needs torch and transformers ({exc.name} is missing): "
                          "pip install -e '.[train]'") from None


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


def _batches(data: list[tuple[list[int], list[int]]], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Batches of similar length (less padding, faster on CPU), in random order."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), rng.random()))
    batches = [order[b : b + batch_size] for b in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


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
    model.bert.encoder.layer = model.bert.encoder.layer[:layers]
    model.config.num_hidden_layers = layers
    # A few thousand training sentences cannot teach 30,000 word vectors; freezing them also spares the optimiser most of its work.
    model.bert.embeddings.word_embeddings.requires_grad_(False)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    rng = random.Random(seed)
    steps = epochs * -(-len(data) // batch_size)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    model.train()
    step, start = 0, time.time()
    for epoch in range(epochs):
        for rows in _batches(data, batch_size, rng):
            width = max(len(data[i][0]) for i in rows)
            ids = torch.zeros((len(rows), width), dtype=torch.long)
            labels = torch.full((len(rows), width), IGNORE, dtype=torch.long)
            for r, i in enumerate(rows):
                ids[r, : len(data[i][0])] = torch.tensor(data[i][0])
                labels[r, : len(data[i][1])] = torch.tensor(data[i][1])
            loss = model(input_ids=ids, attention_mask=(ids != 0).long(), labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0 or step == steps:
                progress(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.4f} ({time.time() - start:.0f} s)")
    return model.eval()


def export_onnx(model: Any, out: Path) -> None:
    """The tagger as int8 ONNX with one output, `prob` (batch, pieces): P(piece inside a propaganda span).

    Matrices are quantised per output channel and only the MatMuls (per-tensor int8 of everything lost too much
    accuracy for MiniLM, see ../shared/research/packages.md); the word-embedding table is quantised too, which
    keeps the file small.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Prob(torch.nn.Module):
        """Softmax of the two logits folded into the graph, so the runtime needs no post-processing."""

        def __init__(self) -> None:
            super().__init__()
            self.tagger = model.eval().requires_grad_(False)

        def forward(self, input_ids, attention_mask):  # noqa: D102 - ONNX graph signature
            logits = self.tagger(input_ids=input_ids, attention_mask=attention_mask).logits
            return torch.softmax(logits, dim=-1)[..., 1]

    ids = torch.tensor([[101, 2023, 2003, 1037, 6251, 102], [101, 2178, 102, 0, 0, 0]])
    names = ["input_ids", "attention_mask"]
    axes = {n: {0: "batch", 1: "pieces"} for n in [*names, "prob"]}
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        fp32 = Path(tmp) / "tagger-fp32.onnx"
        torch.onnx.export(Prob(), (ids, (ids != 0).long()), str(fp32), input_names=names, output_names=["prob"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
        quantize_dynamic(str(fp32), str(out), per_channel=True, op_types_to_quantize=["MatMul", "Gather"], weight_type=QuantType.QInt8)
