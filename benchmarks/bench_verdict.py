"""Verdict speed: the scorer alone (text model + combiner) and with the publisher/cited-outlet lookups.

    .venv/bin/python benchmarks/bench_verdict.py [--limit 300]   # writes benchmarks/results/verdict.json

Articles are FakeNewsNet's texts from ../shared/data (url, title, text, as `unspun eval verdict` reads
them). The accuracy figures are not re-measured here: they are the site-disjoint cross-validation figures
of `unspun train verdict`, copied from resources/verdict/MANIFEST.json so one file holds both.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from unspun import assets
from unspun.evaluate.verdict import score_article
from unspun.train import shared_data
from unspun.verdict.datasets import read

OUT = Path(__file__).parent / "results" / "verdict.json"


def _rate(records: list, use_source: bool) -> dict[str, float]:
    score_article(records[0], use_source=use_source)  # load models and databases once
    start = time.perf_counter()
    for r in records:
        score_article(r, use_source=use_source)
    elapsed = time.perf_counter() - start
    words = sum(len(r.text.split()) for r in records)
    return {"articles": len(records), "seconds": round(elapsed, 3),
            "articles_per_s": round(len(records) / elapsed, 1), "words_per_s": round(words / elapsed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    records = list(read(shared_data("fakenewsnet-2017-politifact-buzzfeed")))[: args.limit]
    results = {
        "machine": "shared 2-core VM, one process",
        "load_average_1min": round(os.getloadavg()[0], 2),  # timings are only comparable at similar load
        "scorer_only": _rate(records, use_source=False),
        "with_source_lookups": _rate(records, use_source=True),
        "accuracy_site_disjoint_cv": assets.load_json("verdict/MANIFEST.json")["metrics"],
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "accuracy_site_disjoint_cv"}, indent=1))


if __name__ == "__main__":
    main()
