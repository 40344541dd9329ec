"""What the verdict's propaganda prior should be: the propaganda model's sentence share on labelled articles.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_propaganda_prior.py [--per-class 150]
    # writes benchmarks/results/propaganda_prior.json (about 10 minutes on one core)

The verdict reads the share of a page's sentences the propaganda model flags (probability >= 0.5). Its weight
and neutral point are a prior (`verdict.combiner.PRIORS["propaganda_density"]`): the training sets are not
parsed by `unspun train verdict`. This script measures what they say: for a random sample of each set's
reliable and unreliable articles (texts over 500 characters, the first 6,000 characters parsed), the share;
then the within-set logistic slope of the label on the share (one intercept per set, so it says what separates
articles of the same set, not which set is more persuasive), with a bootstrap interval, and the mean share of
the reliable articles (the neutral point).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from pathlib import Path

import numpy as np

from unspun.analyzers.propaganda import analyze
from unspun.parse import parse
from unspun.report import Article
from unspun.train import shared_data
from unspun.verdict.datasets import read

OUT = Path(__file__).parent / "results" / "propaganda_prior.json"
SETS = ("fakenewsnet-2017-politifact-buzzfeed", "buzzfeed-webis-fake-news-2016", "recovery-covid19-news")


def flagged_share(title: str, text: str) -> float:
    """The share of sentences the propaganda model flags, as `verdict.signals` computes it."""
    found = analyze(Article(title=title, text=text), parse(text))
    sentences = next(f for f in found if f.kind == "summary").evidence["sentences"]
    return sum(1 for s in sentences if s["probability"] >= 0.5) / max(1, len(sentences))


def sample(name: str, per_class: int, rng: random.Random) -> dict[int, list[float]]:
    records = [r for r in read(shared_data(name)) if r.label is not None and len(r.text) > 500]
    rng.shuffle(records)
    shares: dict[int, list[float]] = {0: [], 1: []}
    for r in records:
        if len(shares[r.label]) < per_class:
            shares[r.label].append(flagged_share(r.title or "", r.text[:6000]))
        if all(len(v) >= per_class for v in shares.values()):
            break
    return shares


def within_set_slope(shares: dict[str, dict[int, list[float]]], draws: int = 300) -> tuple[float, list[float]]:
    """Logistic slope of unreliable on the share with one intercept per set; bootstrap 95 % interval."""
    from sklearn.linear_model import LogisticRegression

    rows = [([v] + [float(j == i) for j in range(len(shares))], label)
            for i, by in enumerate(shares.values()) for label, vs in by.items() for v in vs]
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])

    def fit(idx: np.ndarray) -> float:
        return float(LogisticRegression(C=1e6, fit_intercept=False, max_iter=2000).fit(x[idx], y[idx]).coef_[0, 0])

    rng = np.random.default_rng(0)
    boot = [fit(rng.integers(0, len(y), len(y))) for _ in range(draws)]
    return fit(np.arange(len(y))), [round(float(q), 2) for q in np.percentile(boot, [2.5, 97.5])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-class", type=int, default=150)
    args = parser.parse_args()
    rng = random.Random(0)
    shares = {name: sample(name, args.per_class, rng) for name in SETS}
    slope, interval = within_set_slope(shares)
    reliable = [v for by in shares.values() for v in by[0]]
    result = {
        "per_set": {
            name: {("unreliable" if label else "reliable"): {"n": len(vs), "mean": round(statistics.mean(vs), 3),
                                                              "median": round(statistics.median(vs), 3)}
                   for label, vs in by.items()}
            for name, by in shares.items()
        },
        "within_set_slope": round(slope, 2),
        "slope_95": interval,
        "reliable_mean": round(statistics.mean(reliable), 3),
    }
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
