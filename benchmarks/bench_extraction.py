"""Extraction accuracy and speed: unspun's extractor beside bare trafilatura, on the same pages.

    .venv/bin/python benchmarks/bench_extraction.py      # writes benchmarks/results/extraction.json

1. ../shared/data/article-extraction-benchmark (107-page developer part): word 4-gram shingle P/R/F1
   as its README defines them (`unspun.evaluate.extraction.score`).
2. ../shared/data/trafilatura-eval-benchmark (592-page developer part): snippet metric (each `with`
   snippet found = TP, each `without` snippet found = FP), for the body and for the comments.
   trafilatura was tuned on this corpus, so its figures there are optimistic.

"bare trafilatura" is `trafilatura.extract(html)` with its defaults (comments are appended to the
text) and, as the fairer body-only baseline, with `include_comments=False`. Speed is pages per
second of CPU time (`time.process_time`, one process, one thread; the machine is shared, so wall
time would measure the neighbours), bytes in -> body text out, parse included, after one warm-up page.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "extraction.json"

from unspun.evaluate.extraction import read_benchmark, read_html, score  # noqa: E402
from unspun.extract import extract  # noqa: E402
from unspun.page import decode  # noqa: E402
from unspun.train import shared_data  # noqa: E402


def _trafilatura(include_comments: bool) -> Callable[[bytes, str | None], str]:
    import trafilatura

    def run(raw: bytes, url: str | None) -> str:
        return trafilatura.extract(raw, url=url, include_comments=include_comments) or ""

    return run


def _unspun(raw: bytes, url: str | None) -> str:
    return extract(decode(raw, url=url)).text


SYSTEMS: dict[str, Callable[[bytes, str | None], str]] = {
    "unspun": _unspun,
    "trafilatura (defaults)": _trafilatura(True),
    "trafilatura (include_comments=False)": _trafilatura(False),
}


def zyte() -> dict[str, dict[str, float]]:
    data = shared_data("article-extraction-benchmark")
    gold = read_benchmark(data)
    pages = {pid: read_html(data, pid) for pid in gold}
    results = {}
    first = next(iter(pages))
    for name, system in SYSTEMS.items():
        system(pages[first], None)  # warm-up: imports and lazy initialisation are not per-page costs
        start = time.process_time()  # CPU time: the machine is shared, wall time would measure the neighbours
        predicted = {pid: system(raw, gold[pid].get("url")) for pid, raw in pages.items()}
        seconds = time.process_time() - start
        result = score({k: v.get("articleBody", "") for k, v in gold.items()}, predicted)
        result["pages_per_cpu_second"] = round(len(pages) / seconds, 1)
        results[name] = result
        print(f"zyte  {name:<38} {result}", flush=True)
    return results


def _snippet_counts(text: str, record: dict, key_with: str) -> tuple[int, int, int, int]:
    flat = " ".join(text.split())
    found = [" ".join(s.split()) in flat for s in record.get(key_with, [])]
    tp, fn = sum(found), len(found) - sum(found)
    if key_with != "with":
        return tp, 0, fn, 0
    bad = [" ".join(s.split()) in flat for s in record.get("without", [])]
    return tp, sum(bad), fn, len(bad) - sum(bad)


def _prf(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "accuracy": round((tp + tn) / max(1, tp + fp + fn + tn), 4),
    }


def trafilatura_eval() -> dict[str, dict[str, float]]:
    import trafilatura

    data = shared_data("trafilatura-eval-benchmark")
    records = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    pages = {}
    for url, record in records.items():
        path = data / "html" / f"{record['file']}.gz"
        if path.exists():
            pages[url] = gzip.decompress(path.read_bytes())
    out: dict[str, dict[str, float]] = {}
    for name in ("unspun", "trafilatura (include_comments=False)"):
        body = [0, 0, 0, 0]
        comments = [0, 0, 0, 0]
        for url, raw in pages.items():
            source_url = url if url.startswith("http") else None
            if name == "unspun":
                try:
                    article = extract(decode(raw, url=source_url))
                except Exception:  # a page the loader refuses scores as an empty extraction
                    article = None
                text = article.text if article else ""
                comment_text = "\n".join(c.text for c in article.comments) if article else ""
            else:
                text = trafilatura.extract(raw, url=source_url, include_comments=False) or ""
                document = trafilatura.bare_extraction(raw, url=source_url, include_comments=True)
                comment_text = (document.comments if document else "") or ""
            for i, v in enumerate(_snippet_counts(text, records[url], "with")):
                body[i] += v
            if records[url].get("comments"):
                for i, v in enumerate(_snippet_counts(comment_text, records[url], "comments")):
                    comments[i] += v
        out[name] = {"body": _prf(*body), "comments_recall": _prf(*comments)["recall"], "pages": len(pages)}
        print(f"trafilatura-eval  {name:<38} {out[name]}", flush=True)
    return out


def main() -> None:
    results = {
        "article-extraction-benchmark (dev, 107 pages)": zyte(),
        "trafilatura-eval-benchmark (dev, 592 pages)": trafilatura_eval(),
        "machine": f"{os.cpu_count()} cores, single process; {sys.version.split()[0]}",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--zyte-only":
        print(json.dumps(zyte(), indent=2))
    else:
        main()
