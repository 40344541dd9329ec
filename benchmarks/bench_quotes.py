"""Quote attribution: accuracy on PolNeAR dev (beside Citron's PARC 3.0 figures) and speed of the
`quotes` analyzer on one core.

Accuracy: the same predictions and scorer as `unspun eval attribution` (gold = first annotator in
metadata.tsv; one-to-one matching). Speed: extraction over the parsed dev articles (the parse is shared
with every analyzer and timed apart), the whole analyzer on the example page, and the analyzer's cost
per page on ../shared/data/article-extraction-benchmark beside the extraction + parse floor it runs
on (issue #11 budgets the whole pipeline at twice that floor; best of three passes over the pages).

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


def page_speed(passes: int = 3) -> dict:
    """ms/page of page extraction, the shared parse and the `quotes` analyzer on the extraction
    benchmark's pages (pages without an article are skipped, as the pipeline skips them)."""
    import gzip

    from unspun import page as page_mod
    from unspun.analyzers.quotes import quotes
    from unspun.errors import UnspunError
    from unspun.extract import extract
    from unspun.parse import parse
    from unspun.settings import get_settings

    settings = get_settings()
    pages, extract_s, parse_s = [], 0.0, 0.0
    for path in sorted((shared_data("article-extraction-benchmark") / "html").glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes())
        started = time.perf_counter()
        try:
            article = extract(page_mod.load(html, settings=settings))
        except UnspunError:
            continue
        extract_s += time.perf_counter() - started
        started = time.perf_counter()
        parsed = parse(article.text)
        parse_s += time.perf_counter() - started
        pages.append((article, parsed))
    quotes(*pages[0])  # load the model
    runs = []
    for _ in range(passes):
        started = time.perf_counter()
        for article, parsed in pages:
            quotes(article, parsed)
        runs.append(time.perf_counter() - started)
    per_page = lambda seconds: round(1000 * seconds / len(pages), 1)  # noqa: E731
    return {"pages": len(pages), "extract_ms_per_page": per_page(extract_s), "parse_ms_per_page": per_page(parse_s),
            "quotes_ms_per_page": per_page(min(runs)), "quotes_ms_per_page_runs": [per_page(r) for r in runs],
            "goal_quotes_ms_per_page": 40}


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
                  "extract_words_per_s": round(words / extract_s), "example_page": page,
                  "extraction_benchmark_pages": page_speed()},
        "machine": f"{platform.machine()} {os.cpu_count()} cpu(s), shared; python {platform.python_version()}",
        "load_average": os.getloadavg(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"headline": figures["headline"], "speed": figures["speed"]}, indent=2))


if __name__ == "__main__":
    main()
