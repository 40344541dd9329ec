"""Speed of check-worthiness scoring on one core, beside the extraction + parse floor (issues #7 and #11).

On the pages of ../shared/data/article-extraction-benchmark, each page is run through the pipeline with
only the `claims` analyzer, and the pipeline's own stage timings are summed: `extract` + `parse` is the
floor every report pays, `analyze.claims` is this area's share (scoring the title and every sentence:
word n-grams, the shared parse's tags, static word-piece vectors, two linear heads; then the fine-tuned
transformer on the sentences the cascade passes; the findings). The budget is about 50 ms CPU a page (issue #11).
Wall clock and process CPU of `analyze.claims` are both given, with the load average, because the build
machine is shared. Also: raw model throughput (sentences per CPU second, tags and vectors included).

Run: OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_checkworthiness.py [PAGES]
(writes benchmarks/results/checkworthiness.json; PAGES defaults to all 107)
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

RESULTS = Path(__file__).resolve().parent / "results" / "checkworthiness.json"


def pages(limit: int | None) -> list[bytes]:
    import gzip

    from unspun.train import shared_data

    files = sorted((shared_data("article-extraction-benchmark") / "html").glob("*.html.gz"))[:limit]
    return [gzip.decompress(p.read_bytes()) for p in files]


def time_pipeline(htmls: list[bytes]) -> dict[str, object]:
    """Mean per-page stage timings (wall, ms) of `analyze(html, only="claims")`."""
    from unspun.pipeline import analyze

    analyze(b"<html><head><title>Warm up</title></head><body><p>Loading the models outside the timing "
            b"costs nothing here. The council spent $4 million.</p></body></html>", only="claims")
    stages: dict[str, list[float]] = {}
    sentences = rescored = 0
    for html in htmls:
        report = analyze(html, only="claims")
        found = report.by_analyzer("claims")
        sentences += len(found)
        rescored += sum(1 for f in found if f.evidence.get("scored_by") == "transformer")
        for stage, seconds in report.timings.items():
            stages.setdefault(stage, []).append(seconds * 1000)
    mean = {stage: round(statistics.fmean(v), 2) for stage, v in stages.items()}
    return {
        "pages": len(htmls),
        "sentences_per_page": round(sentences / len(htmls), 1),
        "transformer_sentences_per_page": round(rescored / len(htmls), 1),
        "wall_ms_per_page": mean,
        "floor_extract_plus_parse_ms": round(mean.get("extract", 0) + mean.get("parse", 0), 2),
        "claims_wall_median_ms": round(statistics.median(stages.get("analyze.claims", [0])), 2),
    }


def time_analyzer_cpu(htmls: list[bytes]) -> dict[str, float]:
    """CPU ms per page of the `claims` analyzer alone (pages extracted and parsed beforehand, untimed)."""
    from unspun import page as page_mod
    from unspun.analyzers.claims import analyze
    from unspun.extract import extract
    from unspun.parse import parse
    from unspun.settings import get_settings

    items = []
    for html in htmls:
        article = extract(page_mod.load(html, settings=get_settings()))
        items.append((article, parse(article.text)))
    cpu = []
    for article, parsed in items:  # distinct pages: none is served from the scoring cache
        start = time.process_time()
        analyze(article, parsed)
        cpu.append((time.process_time() - start) * 1000)
    return {"mean": round(statistics.fmean(cpu), 2), "median": round(statistics.median(cpu), 2),
            "p95": round(sorted(cpu)[int(0.95 * (len(cpu) - 1))], 2)}


def time_model(n: int = 2000) -> dict[str, float]:
    """Sentences per CPU second of `model().predict` on ClaimBuster sentences (tags by spaCy included; the cascade's
    transformer runs on the sentences it passes, as in the analyzer)."""
    from unspun.claims import readers
    from unspun.claims.model import model
    from unspun.train import shared_data

    texts = [s.text for s in readers.read_claimbuster(shared_data("claimbuster-checkworthy-debates"))][:n]
    m = model()
    m.predict(texts[:16])
    start = time.process_time()
    m.predict(texts)
    with_tags = time.process_time() - start
    from unspun.claims.features import tag_sentences

    tags = tag_sentences(texts)
    start = time.process_time()
    m.predict(texts, tags)
    given_tags = time.process_time() - start
    return {"sentences": len(texts), "sentences_per_cpu_s_tagging_included": round(len(texts) / with_tags, 1),
            "sentences_per_cpu_s_tags_given": round(len(texts) / given_tags, 1)}


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    htmls = pages(limit)
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average_before": os.getloadavg()[0],
                    "omp_num_threads": os.environ.get("OMP_NUM_THREADS")},
        "pipeline": time_pipeline(htmls),
        "claims_cpu_ms_per_page": time_analyzer_cpu(htmls),
        "model": time_model(),
    }
    result["machine"]["load_average_after"] = os.getloadavg()[0]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
