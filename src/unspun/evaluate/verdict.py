"""`unspun eval verdict`: score a labelled set from url, title and text alone; write JSONL; print metrics.

Layouts: articles.jsonl (BuzzFeed-Webis, FakeNewsNet), recovery-news-data.csv (ReCOVery), LIAR .tsv.
Each line of FILE is `{"id", "score", "label"}`: `score` is 0-100 credibility (100 x P(reliable), given
even where the label is "not enough evidence"); `label` is the verdict label for articles and the
predicted six-way rating for LIAR. `--no-source` turns off every lookup: the publisher, cited outlets and the
title's fact-check matches.
The set (BuzzFeed-Webis, FakeNewsNet, ReCOVery) is known from the layout, so its own calibration map
(`verdict/calibration.py`, fitted in training on out-of-fold logits) turns the combiner's probability into
one calibrated for that set (a scrape failure, text under 200 characters, gets the set's rate of unreliable
among its scrape failures), and its threshold gives `f1_unreliable_at_set_threshold`;
`--no-set-calibration` scores with the pooled combiner alone, as `unspun check` does. The binary metrics
call "unreliable" at score < 50 (P(unreliable) >= 0.5); `f1_mixed_or_worse` calls it at score < 60.
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
from ..score import band_label
from ..verdict import combiner as C
from ..verdict import labels as L
from ..verdict.calibration import SetMap
from ..verdict.combiner import BANDS
from ..verdict.datasets import MIN_CHARS, Record, layout, read
from ..verdict.metrics import binary_report

#: One scored record: the record, its score 0-100, its label, and its set's threshold on P(unreliable).
Scored = tuple[Record, float, str, float | None]


def _domain(url: str) -> str | None:
    try:
        from ..sources import registrable_domain
    except ImportError:
        return None
    return registrable_domain(url) if url else None


def _lookup_findings(article: Article) -> list[Finding]:
    """What `--no-source` turns off: the source analyzer's publisher and cited-outlet findings and the
    title's matches in the bundled fact-check collection (neither needs a parse), when installed."""
    try:
        from ..analyzers.factchecks import headline_matches
        from ..analyzers.source import analyze
    except ImportError:
        return []
    return [*analyze(article, None), *headline_matches(article)]


def score_article(record: Record, *, use_source: bool) -> tuple[float, str]:
    """(P(reliable), label) of one article from its url, title and text alone, as `unspun check` gives it."""
    from ..score import score_report

    article = Article(url=record.url or None, domain=_domain(record.url) if use_source else None,
                      title=record.title or None, text=record.text)
    report = Report(article=article, findings=_lookup_findings(article) if use_source else [])
    score_report(report)
    assert report.score is not None and report.score.probability is not None
    return report.score.probability, report.score.label


def set_map(dataset: str, use_source: bool) -> SetMap | None:
    """The stored calibration map of a labelled set for this variant, if training fitted one."""
    return C.load().set_calibration.get("with-source" if use_source else "text-only", {}).get(dataset)


def _calibrated(mapping: SetMap, p_reliable: float, label: str, text: str) -> tuple[float, str]:
    """(P(reliable), label) after the set's map (its scrape-failure rate for a text under MIN_CHARS);
    "not enough evidence" stays as it was."""
    p = min(max(1.0 - p_reliable, 1e-6), 1.0 - 1e-6)
    p_reliable = 1.0 - float(mapping.probability(np.log(p / (1.0 - p)), len(text) < MIN_CHARS))
    return p_reliable, label if label == "not enough evidence" else band_label(100.0 * p_reliable)


def _score_articles(records: list[Record], use_source: bool, per_set: bool) -> Iterator[Scored]:
    for r in records:
        try:
            p_reliable, label = score_article(r, use_source=use_source)
        except UnspunError as exc:
            click.echo(f"unspun: skipped {r.id}: {exc.message}", err=True)
            continue
        calibration = set_map(r.dataset, use_source) if per_set else None
        if calibration is not None:
            p_reliable, label = _calibrated(calibration, p_reliable, label, r.text)
        yield r, round(100.0 * p_reliable, 2), label, calibration.threshold if calibration else None


def _score_claims(records: list[Record]) -> Iterator[Scored]:
    from ..verdict.claims import model
    from ..verdict.training import claim_probabilities

    probs = claim_probabilities(model(), records)
    for r, p in zip(records, probs):
        yield r, round(100.0 * float(p[3:].sum()), 2), L.LIAR_LABELS[int(p.argmax())], None


def _liar_split(data: Path) -> str | None:
    if data.is_file():
        return None
    for split in ("test", "valid"):
        if (data / f"{split}.tsv").exists():
            return split
    return None


def _metrics(scored: list[Scored]) -> dict[str, Any]:
    labelled = [row for row in scored if row[0].label is not None]
    if not labelled:
        return {"n": len(scored), "note": "no labels in the data"}
    y = np.array([r.label for r, _, _, _ in labelled])
    p = 1.0 - np.array([s for _, s, _, _ in labelled]) / 100.0
    out: dict[str, Any] = binary_report(y, p)
    out["f1_mixed_or_worse"] = round(float(f1_score(y, p > 1.0 - BANDS["reliable"] / 100.0, zero_division=0)), 4)
    thresholds = [t for _, _, _, t in labelled]
    if all(t is not None for t in thresholds):
        out["f1_unreliable_at_set_threshold"] = round(float(f1_score(y, p >= np.array(thresholds), zero_division=0)), 4)
        out["set_threshold"] = thresholds[0]
    if scored[0][0].dataset == "liar":
        y6 = [r.raw_label for r, _, _, _ in scored if r.raw_label in L.LIAR_LABELS]
        pred6 = [lab for r, _, lab, _ in scored if r.raw_label in L.LIAR_LABELS]
        out["accuracy_6way"] = round(float(accuracy_score(y6, pred6)), 4)
        out["macro_f1_6way"] = round(float(f1_score(y6, pred6, average="macro")), 4)
    if scored[0][0].dataset == "recovery":
        keep = [i for i, row in enumerate(labelled) if row[0].meta.get("publisher") not in L.RECOVERY_AGGREGATORS]
        out["without_aggregators"] = binary_report(y[keep], p[keep])
    return out


@click.command()
@click.option("--data", required=True, type=click.Path(exists=True, path_type=Path),
              help="A dataset folder (or file): articles.jsonl, recovery-news-data.csv or LIAR .tsv.")
@click.option("--predictions", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the JSONL predictions.")
@click.option("--no-source", is_flag=True, help="Turn off every lookup: the publisher, cited outlets and the title's fact-checks.")
@click.option("--no-set-calibration", is_flag=True,
              help="Score with the pooled combiner alone (as `unspun check` does), not the set's own calibration.")
@click.option("--split", default=None, help="LIAR folder only: which .tsv to read (default: test, else valid).")
def command(data: Path, predictions: Path, no_source: bool, no_set_calibration: bool, split: str | None) -> None:
    """Score a verdict dataset; write {"id", "score", "label"} per line; print ROC-AUC, macro-F1 and ECE."""
    kind = layout(data)
    records = list(read(data, split or (_liar_split(data) if kind == "liar" else None)))
    scored = list(_score_claims(records) if kind == "liar"
                  else _score_articles(records, use_source=not no_source, per_set=not no_set_calibration))
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8") as fh:
        for r, score, label, _ in scored:
            fh.write(json.dumps({"id": r.id, "score": score, "label": label}) + "\n")
    figures = _metrics(scored)
    figures["source"] = "off" if no_source or kind == "liar" else "on"
    figures["set_calibration"] = "on" if any(t is not None for _, _, _, t in scored) else "off"
    click.echo(json.dumps(figures, indent=1))
    click.echo(f"wrote {len(scored)} predictions to {predictions}", err=True)
    sys.stdout.flush()
