"""Predict attributions for corpus documents and score them against gold (shared by train and eval)."""

from __future__ import annotations

from collections.abc import Sequence

from .extractor import Model, extract
from .metrics import Scorer
from .polnear import Attribution, Document
from .quotemarks import find_quotes


def predict(parsed: Sequence, model: Model | None = None) -> list[list[Attribution]]:
    """Attributions of each parsed document, from the text alone."""
    return [[f.attribution(doc) for f in extract(doc, model, find_quotes(doc.text))] for doc in parsed]


def score(docs: Sequence[Document], predictions: Sequence[Sequence[Attribution]]) -> dict:
    """Per-role exact / overlap / character P-R-F1 over all documents."""
    scorer = Scorer()
    for doc, pred in zip(docs, predictions):
        scorer.add(doc.text, pred, doc.gold)
    return scorer.result()


def headline(result: dict) -> dict[str, float]:
    """The three figures the issue sets targets on (and Citron reports)."""
    return {
        "content_overlap_f1": result["content"]["overlap"]["f1"],
        "cue_exact_f1": result["cue"]["exact"]["f1"],
        "source_exact_f1": result["source"]["exact"]["f1"],
    }
