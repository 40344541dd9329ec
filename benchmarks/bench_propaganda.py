"""Speed of the propaganda analyzer on top of the shared parse, in ms per 1,000 words on one core.

The main figure is CPU time of this process (`time.process_time`, one thread), which stays honest on a
machine shared with other jobs; wall time is reported beside it.

Parses 40 held-out PTC articles once, then times `analyze(article, parsed)` alone (ms per 1,000 words);
does the same on the ordinary news pages of ../shared/data/article-extraction-benchmark (text extracted
with trafilatura, as the batch benchmark's floor does), which is issue #11's budget: about 30-40 ms per
page. Also times the first model load (which includes the ONNX tagger's session). Writes
benchmarks/results/propaganda.json.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_propaganda.py
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "propaganda.json"


def cpu_ms(analyze, parsed: list) -> tuple[float, float]:
    """Best of 3 passes over `parsed`: (CPU seconds, wall seconds)."""
    analyze(*parsed[0])  # warm caches
    cpu, wall = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        for article, p in parsed:
            analyze(article, p)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(cpu), min(wall)


def news_pages() -> list[str]:
    """Article texts of the extraction benchmark's pages (ordinary news), as trafilatura extracts them."""
    import gzip

    import trafilatura

    from unspun.train import shared_data

    folder = shared_data("article-extraction-benchmark") / "html"
    texts = [trafilatura.extract(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")) or "" for p in sorted(folder.glob("*.html.gz"))]
    return [t for t in texts if t.strip()]


def main() -> None:
    from unspun import assets
    from unspun.analyzers import propaganda
    from unspun.parse import parse
    from unspun.propaganda.corpus import read_corpus
    from unspun.report import Article
    from unspun.train import shared_data

    t0 = time.perf_counter()
    propaganda.model()
    load_s = time.perf_counter() - t0

    _, articles = read_corpus(shared_data("ptc-semeval2020-task11"))
    held = set(propaganda.model().config.get("held_out_ids", []))
    texts = [a.text for a in articles if a.id in held][:40]
    parsed = [(Article(text=t), parse(t)) for t in texts]
    words = sum(sum(1 for tok in p.doc if not tok.is_space and not tok.is_punct) for _, p in parsed)
    best, best_wall = cpu_ms(propaganda.analyze, parsed)
    pages = [(Article(text=t), parse(t)) for t in news_pages()]
    page_words = sum(sum(1 for tok in p.doc if not tok.is_space and not tok.is_punct) for _, p in pages)
    page_cpu, page_wall = cpu_ms(propaganda.analyze, pages)
    size = sum(f.stat().st_size for f in assets.path("propaganda").iterdir() if f.is_file())
    result = {
        "articles": len(parsed),
        "words": words,
        "ms_per_1000_words": round(1000 * best / words * 1000, 1),
        "ms_per_1000_words_wall": round(1000 * best_wall / words * 1000, 1),
        "ms_per_article": round(1000 * best / len(parsed), 1),
        "news_pages": len(pages),
        "news_words_per_page": round(page_words / len(pages)),
        "news_ms_per_page": round(1000 * page_cpu / len(pages), 1),
        "news_ms_per_page_wall": round(1000 * page_wall / len(pages), 1),
        "news_ms_per_1000_words": round(1000 * page_cpu / page_words * 1000, 1),
        "load_average": os.getloadavg()[0],
        "model_load_s": round(load_s, 3),
        "model_size_bytes": size,
        "threads": os.environ.get("OMP_NUM_THREADS"),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "held_out_metrics": assets.load_json("propaganda/MANIFEST.json").get("metrics", {}),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
