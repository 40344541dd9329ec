"""`unspun eval verdict`: score a labelled set from url, title and text alone; write JSONL; print metrics.

Layouts: articles.jsonl (BuzzFeed-Webis, FakeNewsNet), recovery-news-data.csv (ReCOVery), LIAR .tsv.
Each line of FILE is `{"id", "score", "label"}`: `score` is 0-100 credibility (100 x P(reliable), given
even where the label is "not enough evidence"); `label` is the verdict label for articles and the
predicted six-way rating for LIAR. `--no-source` turns off every publisher and cited-outlet lookup.
The binary metrics call "unreliable" at score < 50 (P(unreliable) >= 0.5); `f1_mixed_or_worse` calls it
at score < 60 (the label "mixed" or "unreliable"). No benchmark-specific recalibration is applied.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from ..errors import UnspunError
from ..report import Article, Finding, Report
from ..verdict import labels as L
from ..verdict.combiner import BANDS
from ..verdict.datasets import Record, layout, read
from ..verdict.metrics import binary_report


def _domain(url: str) -> str | None:
    try:
        from ..sources import registrable_domain
    except ImportError:
        return None
    return registrable_domain(url) if url else None


def _source_findings(article: Article) -> list[Finding]:
    """The source analyzer's publisher and cited-outlet findings (no parse needed), when installed."""
    try:
        from ..analyzers.source import analyze
    except ImportError:
        return []
    return analyze(article, None)


def score_article(record: Record, *, use_source: bool) -> tuple[float, str]:
    """(P(reliable), label) of one article from its url, title and text alone, as `unspun check` gives it."""
    from ..score import score_report

    article = Article(url=record.url or None, domain=_domain(record.url) if use_source else None,
                      title=record.title or None, text=record.text)
    report = Report(article=article, findings=_source_findings(article) if use_source else [])
    score_report(report)
    assert report.score is not None and report.score.probability is not None
    return report.score.probability, report.score.label


def _score_articles(records: list[Record], use_source: bool) -> Iterator[tuple[Record, float, str]]:
    for r in records:
        try:
            p_reliable, label = score_article(r, use_source=use_source)
        except UnspunError as exc:
            click.echo(f"unspun: skipped {r.id}: {exc.message}", err=True)
            continue
        yield r, round(100.0 * p_reliable, 2), label


def _score_claims(records: list[Record]) -> Iterator[tuple[Record, float, str]]:
    from ..verdict.claims import model
    from ..verdict.training import claim_probabilities

    probs = claim_probabilities(model(), records)
    for r, p in zip(records, probs):
        yield r, round(100.0 * float(p[3:].sum()), 2), L.LIAR_LABELS[int(p.argmax())]


def _liar_split(data: Path) -> str | None:
    if data.is_file():
        return None
    for split in ("test", "valid"):
        if (data / f"{split}.tsv").exists():
            return split
    return None


def _metrics(scored: list[tuple[Record, float, str]]) -> dict[str, Any]:
    labelled = [(r, s, lab) for r, s, lab in scored if r.label is not None]
    if not labelled:
        return {"n": len(scored), "note": "no labels in the data"}
    y = np.array([r.label for r, _, _ in labelled])
    p = 1.0 - np.array([s for _, s, _ in labelled]) / 100.0
    out: dict[str, Any] = binary_report(y, p)
    out["f1_mixed_or_worse"] = round(float(f1_score(y, p > 1.0 - BANDS["reliable"] / 100.0)), 4)
    if scored[0][0].dataset == "liar":
        y6 = [r.raw_label for r, _, _ in scored if r.raw_label in L.LIAR_LABELS]
        pred6 = [lab for r, _, lab in scored if r.raw_label in L.LIAR_LABELS]
        out["accuracy_6way"] = round(float(accuracy_score(y6, pred6)), 4)
        out["macro_f1_6way"] = round(float(f1_score(y6, pred6, average="macro")), 4)
    if scored[0][0].dataset == "recovery":
        keep = [i for i, (r, _, _) in enumerate(labelled) if r.meta.get("publisher") not in L.RECOVERY_AGGREGATORS]
        out["without_aggregators"] = binary_report(y[keep], p[keep])
    return out


@click.command()
@click.option("--data", required=True, type=click.Path(exists=True, path_type=Path),
              help="A dataset folder (or file): articles.jsonl, recovery-news-data.csv or LIAR .tsv.")
@click.option("--predictions", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the JSONL predictions.")
@click.option("--no-source", is_flag=True, help="Turn off every lookup of the publisher and of cited outlets.")
@click.option("--split", default=None, help="LIAR folder only: which .tsv to read (default: test, else valid).")
def command(data: Path, predictions: Path, no_source: bool, split: str | None) -> None:
    """Score a verdict dataset; write {"id", "score", "label"} per line; print ROC-AUC, macro-F1 and ECE."""
    kind = layout(data)
    records = list(read(data, split or (_liar_split(data) if kind == "liar" else None)))
    scored = list(_score_claims(records) if kind == "liar" else _score_articles(records, use_source=not no_source))
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8") as fh:
        for r, score, label in scored:
            fh.write(json.dumps({"id": r.id, "score": score, "label": label}) + "\n")
    figures = _metrics(scored)
    figures["source"] = "off" if no_source or kind == "liar" else "on"
    click.echo(json.dumps(figures, indent=1))
    click.echo(f"wrote {len(scored)} predictions to {predictions}", err=True)
    sys.stdout.flush()
