"""Speed of claim work on one core: retrieval of 5 fact-checks among 100,000, and check-worthiness scoring.

Retrieval: the bundled collection (about 9,600 real fact-checks) is grown to 100,000 records by
re-using its texts with a few words swapped between records (so the vocabulary and BM25 postings grow
like a real collection's) and its vectors with small noise; each timed query is a real claim sentence,
timed end to end (claim-encoder encoding of the query, BM25 + cosine candidates, re-ranking, duplicates
collapsed, top 5). Then the `factchecks` analyzer's CPU time per page on the article-extraction benchmark's
pages (issue #11's budget: 25 ms), the index's array memory and the process's peak RSS.

Run: OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_claims.py   (writes benchmarks/results/claims.json)
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("UNSPUN_EMBEDDING_THREADS", "1")

import numpy as np  # noqa: E402

from unspun import assets  # noqa: E402
from unspun.factchecks.encoding import encode  # noqa: E402 - the encoder retrieval uses
from unspun.factchecks.bundle import bundled_index, reranker  # noqa: E402
from unspun.factchecks.index import Index, collapse_duplicates, first_stored  # noqa: E402
from unspun.factchecks.records import FactCheck  # noqa: E402

SIZE = 100_000
QUERIES = [
    "Jane Fonda said the pandemic was God's gift to the left.",
    "A photo shows sharks swimming on a flooded highway after the hurricane.",
    "The president said unemployment is at the lowest level in fifty years.",
    "Drinking bleach cures the coronavirus, a viral post claims.",
    "The senator voted against funding for veterans 37 times.",
    "Rebels retreated from the last parts of the Old City overnight.",
    "Bill Gates wants to use vaccines to implant microchips.",
    "The government has retaken two-thirds of the territory held by militants.",
]


def grown_index(base: Index, size: int, seed: int = 13) -> Index:
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    words = [w for r in base.records for w in r.claim.split()]
    records, rows, titles = [], [], []
    for i in range(size):
        j = i % len(base.records)
        source = base.records[j]
        claim = source.claim if i < len(base.records) else " ".join(rng.choice(words) if rng.random() < 0.15 else w for w in source.claim.split())
        records.append(FactCheck(claim=claim, title=source.title, url=f"{source.url}#{i}"))
        for matrix, out in ((base.vectors, rows), (base.title_vectors, titles)):
            vector = matrix[j].astype(np.float32) + (noise.normal(0, 0.02, matrix.shape[1]) if i >= len(base.records) else 0)
            out.append(vector / np.linalg.norm(vector))
    return Index(records, np.vstack(rows).astype(np.float32), np.vstack(titles))


def time_retrieval(index: Index, rounds: int = 25) -> dict[str, float]:
    """Wall-clock and CPU time per query. On a shared machine the wall clock includes waiting for a core;
    the CPU time is what the query costs one core."""
    model = reranker()
    encode(["warm-up"])
    wall, cpu = [], []
    for _ in range(rounds):
        for q in QUERIES:
            start, start_cpu = time.perf_counter(), time.process_time()
            ranked = model.rank(index.candidates(q))
            top = collapse_duplicates(ranked, first_stored(index, [c.index for c in ranked]))[:5]
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert len(top) == 5
    wall.sort()
    cpu.sort()
    return {
        "queries": len(wall),
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": round(cpu[int(0.95 * len(cpu))], 2),
        "wall_median_ms": round(statistics.median(wall), 2),
        "wall_p95_ms": round(wall[int(0.95 * len(wall))], 2),
    }


def time_checkworthiness() -> dict[str, float]:
    from unspun.claims.model import model

    sentences = [r.claim for r in bundled_index().records[:512]]
    m = model()
    m.predict(sentences[:8])
    start, start_cpu = time.perf_counter(), time.process_time()
    m.predict(sentences)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return {"sentences": len(sentences), "sentences_per_cpu_s": round(len(sentences) / cpu, 1), "sentences_per_wall_s": round(len(sentences) / wall, 1)}


def time_analyzer(pages: int = 40) -> dict[str, float]:
    """CPU time of the `factchecks` analyzer per page of ../shared/data/article-extraction-benchmark (the
    pages extracted, parsed and scored for check-worthiness beforehand, untimed: those stages are shared
    with other analyzers), how many queries it searched and how many matches it reported per page."""
    import gzip

    from unspun import page as page_mod
    from unspun.analyzers import factchecks
    from unspun.claims.scoring import score_article
    from unspun.extract import extract
    from unspun.parse import parse
    from unspun.settings import get_settings
    from unspun.train import shared_data

    items = []
    for path in sorted((shared_data("article-extraction-benchmark") / "html").glob("*.html.gz"))[:pages]:
        article = extract(page_mod.load(gzip.decompress(path.read_bytes()), settings=get_settings()))
        items.append((article, parse(article.text)))
    factchecks.analyze(*items[0])
    cpu, rescoring, queries, matches = [], [], 0, 0
    for article, parsed in items:
        chosen = factchecks._queries(score_article(article, parsed))
        start = time.process_time()
        score_article(article, parsed)  # what the analyzer pays to get the scores the claims analyzer computed
        rescoring.append((time.process_time() - start) * 1000)
        start = time.process_time()
        findings = factchecks.analyze(article, parsed)
        cpu.append((time.process_time() - start) * 1000)
        queries += len(chosen)
        matches += sum(f.kind == "factcheck_match" for f in findings)
    return {"pages": len(items), "cpu_mean_ms": round(statistics.mean(cpu), 2), "cpu_median_ms": round(statistics.median(cpu), 2),
            "cpu_max_ms": round(max(cpu), 2), "of_which_check_worthiness_rescoring_mean_ms": round(statistics.mean(rescoring), 2),
            "queries_per_page": round(queries / len(items), 2),
"matches_per_page": round(matches / len(items), 2), "target_ms": 25}


def index_memory(index: Index) -> dict[str, float]:
    """MB held by the index's arrays (vectors, title vectors, BM25 and term matrices)."""
    arrays = [index.vectors, index.bm25.data, index.bm25.indices, index.doc_terms.data, index.doc_terms.indices, index.doc_words.data]
    if index.title_vectors is not index.vectors:
        arrays.append(index.title_vectors)
    return {"arrays_mb": round(sum(a.nbytes for a in arrays) / 1e6, 1)}


def main() -> None:
    start = time.perf_counter()
    index = grown_index(bundled_index(), SIZE)
    build_s = time.perf_counter() - start
    results = {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores_used": 1, "load_average": os.getloadavg()},
        "retrieval_100k": {"records": len(index), "index_build_s": round(build_s, 1), **time_retrieval(index), "target_ms": 50, **index_memory(index)},
        "retrieval_bundled": {"records": len(bundled_index()), **time_retrieval(bundled_index(), rounds=5), **index_memory(bundled_index())},
        "factchecks_analyzer": time_analyzer(),
        "checkworthiness": time_checkworthiness(),
        "accuracy_from_manifests": {name: assets.load_json(f"{name}/MANIFEST.json").get("metrics") for name in ("checkworthiness", "factchecks")},
    }
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out = Path(__file__).parent / "results" / "claims.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
