"""Server under load: N concurrent `POST /v1/analyze` of the example page, over real HTTP.

    .venv/bin/python benchmarks/bench_server.py                 # writes benchmarks/results/server.json
    .venv/bin/python benchmarks/bench_server.py --base http://127.0.0.1:8000   # an `unspun serve` already running

Without --base it starts the application on uvicorn at a free port on 127.0.0.1 (a throw-away
SQLite store). One warm-up analysis first loads every model (reported apart), five analyses one at
a time give the latency of an idle server, then all requests are sent at once and each one's
latency, from send to full response, is recorded. Every request must answer 201 with a report that
flags the "Fact checked" badge as unsubstantiated.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import httpx

from unspun.train import shared_data

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "server.json"


def analyse(base: str, html: str, headers: dict[str, str]) -> tuple[float, int, bool, list[str]]:
    """One analysis: (seconds, HTTP status, whether the badge came back unsubstantiated, analyzer errors)."""
    start = time.perf_counter()
    with httpx.Client(base_url=base, timeout=600) as client:
        response = client.post("/v1/analyze", json={"html": html, "page_url": "https://thepeoplesvoice.tv/"},
                                headers=headers)
    elapsed = time.perf_counter() - start
    if response.status_code != 201:
        return elapsed, response.status_code, False, []
    report = response.json()
    flagged = any(f["analyzer"] == "badges" and f["label"] == "unsubstantiated" for f in report["findings"])
    return elapsed, response.status_code, flagged, report["errors"]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100) of a small sample."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--base", help="URL of a running server (default: start one here)")
    parser.add_argument("--token", default=os.environ.get("UNSPUN_API_TOKEN"), help="bearer token, if the server needs one")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    html = (shared_data().parent / "examples" / "aleppo-article.html").read_text(encoding="utf-8")
    headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
    if args.base:
        server = nullcontext(args.base)
    else:
        from unspun.server.app import create_app
        from unspun.server.live import running
        from unspun.settings import Settings

        server = running(create_app(Settings(data_dir=Path(tempfile.mkdtemp(prefix="unspun-bench-")))))
    with server as base:
        load_before = os.getloadavg()[0]
        warmup, status, _, _ = analyse(base, html, headers)
        if status != 201:
            print(f"warm-up analysis failed with HTTP {status}", file=sys.stderr)
            return 1
        alone = [analyse(base, html, headers)[0] for _ in range(5)]  # one at a time: the floor under the queue
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.requests) as pool:
            results = list(pool.map(lambda _: analyse(base, html, headers), range(args.requests)))
        wall = time.perf_counter() - start
    latencies = [r[0] for r in results]
    ok = sum(1 for _, status, flagged, _ in results if status == 201 and flagged)
    figures = {
        "requests": args.requests,
        "concurrent": args.requests,
        "succeeded": ok,
        "statuses": sorted({str(r[1]) for r in results}),
        "analyzer_errors": sorted({e for r in results for e in r[3]}),
        "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(percentile(latencies, 95), 3),
        "max_s": round(max(latencies), 3),
        "wall_s": round(wall, 3),
        "analyses_per_s": round(args.requests / wall, 3),
        "warmup_s": round(warmup, 3),
        "one_at_a_time_p50_s": round(statistics.median(alone), 3),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_before": round(load_before, 2)},
        "command": "python benchmarks/bench_server.py" + (f" --requests {args.requests}" if args.requests != 20 else ""),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))
    return 0 if ok == args.requests else 1


if __name__ == "__main__":
    sys.exit(main())
