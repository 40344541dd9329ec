"""Lookup speed: 100,000 `unspun.sources.lookup` calls in one process (goal: under 2 s).

Two runs: "distinct" gives 100,000 different URLs (every link on a page is a new string, so no cache
helps); "repeated" cycles 15,000-odd URL variants (www./m./amp. hosts, ports, paths, query strings,
upper case, trailing dots) of every domain the database knows, plus outlet names, as a crawl that sees
the same links again would. Writes benchmarks/results/sources.json.

    .venv/bin/python benchmarks/bench_sources.py
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import time
from pathlib import Path

from unspun.sources import lookup
from unspun.sources.store import database

N = 100_000
OUT = Path(__file__).parent / "results" / "sources.json"


def _variants(domains: list[str]) -> list[str]:
    variants = [
        "{d}", "https://www.{d}/2016/12/08/story.html?utm_source=fb#comments", "http://m.{D}:8080/a/b",
        "https://amp.{d}./news", "HTTPS://MOBILE.{D}/", "//{d}/x?y=1", "{d}/path/to/page",
    ]
    out = [v.format(d=d, D=d.upper()) for d in domains for v in variants]
    return out + ["Press TV", "al-Mayadeen", "The Gateway Pundit", "Reuters", "RT", "The People's Voice"]


def queries(kind: str) -> list[str]:
    """100,000 queries over every domain the database knows."""
    domains = [d for d in database().domains() if not d.replace(".", "").isdigit()]
    if kind == "distinct":
        return [f"https://www.{d}/2016/12/{i}/story-{i}.html?ref={i}" for i, d in zip(range(N), itertools.cycle(domains))]
    return list(itertools.islice(itertools.cycle(_variants(domains)), N))


def run(qs: list[str]) -> dict[str, float | int | bool]:
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the cost of the lookups alone."""
    start, cpu = time.perf_counter(), time.process_time()
    rated = sum(1 for q in qs if lookup(q)["ratings"])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"lookups": len(qs), "distinct_queries": len(set(qs)), "seconds": round(elapsed, 3),
            "cpu_seconds": round(cpu, 3), "lookups_per_second": round(len(qs) / elapsed),
            "meets_goal": elapsed < 2.0, "rated_answers": rated}


def main() -> None:
    start = time.perf_counter()
    database()
    load_s = time.perf_counter() - start
    result = {
        "goal": "100,000 lookups in under 2 s in one process",
        "distinct": run(queries("distinct")),
        "repeated": run(queries("repeated")),
        "database_load_seconds": round(load_s, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
