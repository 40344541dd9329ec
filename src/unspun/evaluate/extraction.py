"""`unspun eval extraction`: article-body extraction on the Zyte (scrapinghub) benchmark layout.

Reads `DIR/ground-truth.json` (`{id: {"articleBody", "url"}}`) and `DIR/html/<id>.html.gz`, writes
`{id: extracted body}` as JSON, and scores it the way the benchmark's `evaluate.py` does: word
4-gram shingle multisets per page, TP/FP/FN normalised per page, precision and recall averaged
over pages (pages with no predicted / no gold shingles skipped for P / R), F1 = 2PR/(P+R);
accuracy = share of pages whose token sequence equals the gold one.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import InputError
from ..train import shared_data

DATASET = "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def read_benchmark(data: Path) -> dict[str, dict[str, str]]:
    """The gold records `{id: {"articleBody", "url"}}` of a benchmark folder."""
    path = data / "ground-truth.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no ground-truth.json in {data} (expected the article-extraction-benchmark layout)") from None
    except ValueError as exc:
        raise InputError(f"unreadable {path}: {exc}") from None


def read_html(data: Path, page_id: str) -> bytes:
    """The raw bytes of one page (`html/<id>.html.gz`, or an uncompressed `html/<id>.html`)."""
    packed = data / "html" / f"{page_id}.html.gz"
    if packed.exists():
        with gzip.open(packed, "rb") as fh:
            return fh.read()
    return (data / "html" / f"{page_id}.html").read_bytes()


def _shingles(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(gold: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page's shingle multisets."""
    g, p = _shingles(gold), _shingles(predicted)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy averaged over the gold pages."""
    precisions, recalls, exact = [], [], 0
    for page_id, gold_text in gold.items():
        pred_text = predicted.get(page_id, "")
        tp, fp, fn = page_scores(gold_text, pred_text)
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
        exact += _TOKEN.findall(gold_text) == _TOKEN.findall(pred_text)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "accuracy": round(exact / len(gold), 4) if gold else 0.0,
        "pages": len(gold),
    }


def unspun_body(raw: bytes, url: str | None) -> str:
    """The body text unspun extracts from a page's bytes (the same load/extract path as `unspun check`)."""
    from ..extract import extract
    from ..page import decode

    try:
        return extract(decode(raw, url=url)).text
    except InputError:
        return ""


def predict(data: Path, extractor: Callable[[bytes, str | None], str] = unspun_body) -> dict[str, str]:
    """`{id: extracted body}` for every page of the benchmark folder."""
    gold = read_benchmark(data)
    return {page_id: extractor(read_html(data, page_id), record.get("url")) for page_id, record in gold.items()}


@click.command()
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True), help=f"benchmark folder (default ../shared/data/{DATASET})")
@click.option("--predictions", type=click.Path(path_type=Path, dir_okay=False), required=True, help="where to write {id: body} JSON")
def command(data: Path | None, predictions: Path) -> None:
    """Extract every page of the benchmark, write the bodies, print P/R/F1 and accuracy."""
    data = data or shared_data(DATASET)
    gold = read_benchmark(data)
    predicted = predict(data)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    predictions.write_text(json.dumps(predicted, ensure_ascii=False, indent=1), encoding="utf-8")
    result = score({k: v.get("articleBody", "") for k, v in gold.items()}, predicted)
    click.echo(
        f"{data.name}: {result['pages']} pages  precision {result['precision']:.4f}  recall {result['recall']:.4f}  "
        f"F1 {result['f1']:.4f}  accuracy {result['accuracy']:.4f}"
    )
