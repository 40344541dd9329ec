"""Quote attribution: accuracy on PolNeAR dev (beside Citron's PARC 3.0 figures) and speed of the
`quotes` analyzer on one core.

Accuracy: the same predictions and scorer as `unspun eval attribution` (gold = first annotator in
metadata.tsv; one-to-one matching). Speed: extraction over the parsed dev articles (the parse is shared
with every analyzer and timed apart), and the whole analyzer on the example page.

Run: OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_quotes.py   (writes benchmarks/results/quotes.json)
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from unspun import assets  # noqa: E402
from unspun.attribution.benchmark import headline, predict, score  # noqa: E402
from unspun.attribution.corpus import parse_documents  # noqa: E402
from unspun.attribution.polnear import read_part  # noqa: E402
from unspun.evaluate.attribution import CITRON_PARC3  # noqa: E402
from unspun.train import shared_data  # noqa: E402

OUT = Path(__file__).parent / "results" / "quotes.json"


def main() -> None:
    docs = list(read_part(shared_data("polnear-news-attribution") / "dev"))
    started = time.perf_counter()
    parsed = parse_documents(docs)
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    predicted = predict(parsed)
    extract_s = time.perf_counter() - started
    words = sum(len(d.text.split()) for d in docs)
    result = score(docs, predicted)

    from unspun.pipeline import analyze

    example = shared_data().parent / "examples" / "aleppo-article.html"
    page = {}
    if example.is_file():
        analyze(str(example), only="quotes")  # warm the models
        started = time.perf_counter()
        report = analyze(str(example), only="quotes")
        page = {"total_s": round(time.perf_counter() - started, 3), "analyzer_s": report.timings.get("analyze.quotes"),
                "figures": next(f.evidence for f in report.by_analyzer("quotes") if f.kind == "figures")}
    figures = {
        "dataset": "../shared/data/polnear-news-attribution/dev",
        "articles": len(docs), "gold_attributions": sum(len(d.gold) for d in docs),
        "headline": headline(result), "metrics": result, "citron_parc3_test": CITRON_PARC3,
        "model_version": assets.version("attribution"),
        "speed": {"words": words, "parse_s": round(parse_s, 2), "extract_s": round(extract_s, 2),
                  "extract_words_per_s": round(words / extract_s), "example_page": page},
        "machine": f"{platform.machine()} {os.cpu_count()} cpu(s), shared; python {platform.python_version()}",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"headline": figures["headline"], "speed": figures["speed"]}, indent=2))


if __name__ == "__main__":
    main()
