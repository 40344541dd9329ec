"""Corroboration speed: indexing rate of the evidence store, and retrieval + stance for 10 claims
against a store of 100,000 documents, on one core.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_corroboration.py   # writes benchmarks/results/corroboration.json

Documents are generated news-like texts (topic words, places, numbers). The first 10,000 are indexed
through the real path (`unspun evidence add`'s code: extraction, outlet lookup, MiniLM embeddings).
To reach 100,000 without an hour of embedding, the remaining 90,000 get real FTS rows and re-use
embeddings computed for the first 10,000: search cost depends on the matrix size, not its values.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from unspun.evidence.ingest import add_records  # noqa: E402
from unspun.evidence.store import EvidenceStore  # noqa: E402
from unspun.records import Record  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "corroboration.json"
TOPICS = ["flood", "election", "vaccine", "bridge", "strike", "wildfire", "budget", "satellite", "ceasefire", "merger",
          "drought", "protest", "earthquake", "tariff", "outbreak", "verdict", "summit", "heatwave", "blackout", "recall"]
PLACES = ["Springfield", "Riverton", "Lakeside", "Northport", "Eastvale", "Hillcrest", "Westbury", "Oakridge"]


def article(rng: random.Random, i: int) -> dict:
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    n = rng.randint(2, 900)
    sentences = [f"Officials in {place} confirmed the {topic} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}.",
                 f"At least {n} people were affected, according to the regional authority.",
                 f"Witnesses described the {topic} as the worst in {rng.randint(5, 50)} years.",
                 f"The {place} council will meet again next week to review the response to the {topic}."]
    rng.shuffle(sentences)
    return {"id": f"d{i}", "url": f"https://wire{i % 50}.example/{topic}/{i}",
            "text": f"{place} {topic}: {n} affected\n\n" + " ".join(sentences)}


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = EvidenceStore(Path(tmp) / "store")
        records = [Record(r["id"], {k: v for k, v in r.items() if k != "id"}) for r in (article(rng, i) for i in range(10_000))]
        add_records(store, records[:64])  # load the models outside the timing
        start, cpu = time.perf_counter(), time.process_time()
        result = add_records(store, records[64:])
        add_s, add_cpu = time.perf_counter() - start, time.process_time() - cpu
        rows = store.db.execute("SELECT vector FROM passages").fetchall()
        with store.db:
            for i in range(10_000, 100_000):
                r = article(rng, i)
                title, text = r["text"].split("\n\n", 1)
                cur = store.db.execute("INSERT INTO documents (key, url, title, text) VALUES (?,?,?,?)", (r["url"], r["url"], title, text))
                store.db.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)", (cur.lastrowid, title, text))
                store.db.execute("INSERT INTO passages (doc_id, start, end, vector) VALUES (?,?,?,?)",
                                 (cur.lastrowid, -1, -1, rows[i % len(rows)][0]))
        from unspun.analyzers.corroboration import witnesses
        from unspun.report import Article

        claims = [f"{rng.choice(PLACES)} {rng.choice(TOPICS)} affects {rng.randint(2, 900)} people" for _ in range(10)]
        witnesses(store, claims[0], Article(text="x"), None, None)  # warm the stance model and the vector matrix
        start, cpu = time.perf_counter(), time.process_time()
        found = [witnesses(store, c, Article(text="x"), None, None) for c in claims]
        ten_s, ten_cpu = time.perf_counter() - start, time.process_time() - cpu
        result_json = {
            "documents_indexed_for_real": result.added + 64,
            "add_docs_per_second_one_core": round(result.added / add_s, 1),
            "add_docs_per_cpu_second": round(result.added / add_cpu, 1),  # what one core delivers, load or not
            "store_documents": len(store),
            "ten_claims_retrieval_plus_stance_seconds": round(ten_s, 3),
            "ten_claims_retrieval_plus_stance_cpu_seconds": round(ten_cpu, 3),
            "loadavg_at_end": os.getloadavg(),
            "witnesses_found": sum(len(f) for f in found),
            "embedding_dim": int(np.frombuffer(rows[0][0], dtype=np.float16).shape[0]),
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result_json, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result_json, indent=2))


if __name__ == "__main__":
    main()
