"""Batch throughput: the full pipeline against its floor (bare trafilatura extraction + the spaCy
parse alone) on the same fixed pages, scaling from 1 to 2 workers, peak memory per worker, and the
10,000-record identity check (local workers vs Dask, killed-and-resumed run).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_batch.py [floor] [memory] [scaling] [identity]   # writes benchmarks/results/batch.json

Pages: the article-extraction benchmark's HTML in ../shared/data (a fixed, public set).
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_batch import generate, rows  # noqa: E402  (the same generator the tests use)

from unspun.batch import LocalEngine, chunked, default_process  # noqa: E402
from unspun.records import Record  # noqa: E402
from unspun.train import shared_data  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "batch.json"


def pages() -> list[bytes]:
    folder = shared_data("article-extraction-benchmark") / "html"
    return [gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("*.html.gz"))]


def per_second(n: int, seconds: float) -> float:
    return round(n / seconds, 2)


def floor_and_full(htmls: list[bytes]) -> dict:
    """Pages per CPU-second (one core; robust to other load on the machine) of each stage and the pipeline."""
    import trafilatura

    from unspun.parse import nlp
    from unspun.pipeline import analyze

    nlp()  # load once, outside the timings
    analyze(htmls[0])
    t = time.process_time()
    texts = [trafilatura.extract(h.decode("utf-8", "replace")) or "" for h in htmls]
    extract_s = time.process_time() - t
    t = time.process_time()
    for text in texts:
        nlp()(text)
    parse_s = time.process_time() - t
    t = time.process_time()
    failed = 0
    stages: dict[str, float] = {}
    for h in htmls:
        try:
            for stage, seconds in analyze(h).timings.items():
                stages[stage] = stages.get(stage, 0.0) + seconds
        except Exception:  # noqa: BLE001 - a page without text counts as done
            failed += 1
    full_s = time.process_time() - t
    n = len(htmls)
    return {
        "pages": n,
        "clock": "CPU time of this process (one thread: OMP_NUM_THREADS=1)",
        "trafilatura_pages_per_s": per_second(n, extract_s),
        "spacy_parse_pages_per_s": per_second(n, parse_s),
        "floor_pages_per_s": per_second(n, extract_s + parse_s),
        "full_pipeline_pages_per_s": per_second(n, full_s),
        "full_over_floor": round(full_s / (extract_s + parse_s), 2),
        "stage_ms_per_page_wall": {k: round(1000 * v / n, 1) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])},
        "pages_without_text": failed,
    }


def worker_memory(htmls: list[bytes]) -> dict:
    """Peak RSS of one `unspun batch --workers 1` process over every page (a worker's real peak:
    models, the parse and the analyzers, nothing of this benchmark's own memory). Runs before any
    other child process, so the children's maximum is this one's."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pages.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for i, h in enumerate(htmls):
                fh.write(json.dumps({"id": f"p{i}", "html": h.decode("utf-8", "replace")}) + "\n")
        subprocess.run([sys.executable, "-m", "unspun.cli", "batch", str(src), "-o", f"{tmp}/out.jsonl", "--workers", "1"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"pages": len(htmls), "peak_rss_mb": round(peak / 1024, 1)}


def scaling(htmls: list[bytes], repeat: int = 3) -> dict:
    records = [Record(f"p{i}", {"content": h}) for i, h in enumerate(htmls * repeat)]
    process, warm = default_process(None)
    out = {}
    for workers in (1, 2):
        engine = LocalEngine(workers, process, warm)
        start = time.perf_counter()
        first = None
        n = 0
        for chunk in engine.run(chunked(iter(records), 4)):
            if first is None:  # steady state: from the first finished chunk (models loaded) to the end
                first = time.perf_counter()
            else:
                n += len(chunk)
        out[f"workers_{workers}_records_per_s"] = per_second(n, time.perf_counter() - first)
        out[f"workers_{workers}_wall_s_including_model_loading"] = round(time.perf_counter() - start, 1)
    out["speedup_2_over_1"] = round(out["workers_2_records_per_s"] / out["workers_1_records_per_s"], 2)
    out["note"] = "records/s are steady-state wall-clock rates (after the first chunk)"
    return out


def identity(n: int = 10_000) -> dict:
    cli = [sys.executable, "-m", "unspun.cli", "batch"]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "records.jsonl"
        generate(src, n)
        common = ["--only", "badges", "--chunk-size", "32"]
        t = time.perf_counter()
        subprocess.run([*cli, str(src), "-o", f"{tmp}/w2.jsonl", "--workers", "2", *common], check=True)
        w2_s = time.perf_counter() - t
        subprocess.run([*cli, str(src), "-o", f"{tmp}/dask.jsonl", "--engine", "dask", "--workers", "2", *common], check=True)
        proc = subprocess.Popen([*cli, str(src), "-o", f"{tmp}/resumed.jsonl", "--workers", "2", *common], start_new_session=True)
        time.sleep(w2_s / 2)
        os.killpg(proc.pid, 9)
        proc.wait()
        halfway = sum(1 for _ in open(f"{tmp}/resumed.jsonl", encoding="utf-8"))
        subprocess.run([*cli, str(src), "-o", f"{tmp}/resumed.jsonl", "--workers", "2", "--resume", *common], check=True)
        w2, dask, resumed = rows(Path(f"{tmp}/w2.jsonl")), rows(Path(f"{tmp}/dask.jsonl")), rows(Path(f"{tmp}/resumed.jsonl"))
        key = lambda r: r["id"]  # noqa: E731
        return {
            "records": n,
            "workers2_equals_dask": w2 == dask,
            "rows_before_kill": halfway,
            "resumed_equals_clean": sorted(resumed, key=key) == sorted(w2, key=key),
            "resumed_duplicates": len(resumed) - len({r["id"] for r in resumed}),
            "error_rows": sum(r["status"] == "error" for r in w2),
        }


def main() -> None:
    htmls = pages()
    parts = set(sys.argv[1:]) or {"floor", "memory", "scaling", "identity"}
    result = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    result["cores"] = os.cpu_count()
    steps = {"floor": lambda: floor_and_full(htmls), "memory": lambda: worker_memory(htmls),
             "scaling": lambda: scaling(htmls), "identity": identity}
    for name in steps:
        if name in parts:
            result[name] = steps[name]()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
