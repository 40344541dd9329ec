"""The figures spam evaluation reports: accuracy, spam F1 and Matthews correlation."""

from __future__ import annotations

from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef


def scores(gold: list[int], predicted: list[int]) -> dict[str, float | int]:
    """Accuracy, F1 of the spam class (label 1) and MCC, rounded to four places, with the count."""
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "spam_f1": round(float(f1_score(gold, predicted, pos_label=1, zero_division=0)), 4),
        "mcc": round(float(matthews_corrcoef(gold, predicted)), 4),
    }
