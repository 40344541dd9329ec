"""Findings -> credibility score 0-100, label and top reasons.

Placeholder until the verdict model lands (issue 8): it abstains, honestly.
"""

from __future__ import annotations

from .report import Report, Score


def score_report(report: Report) -> None:
    """Fill `report.score` and `report.reasons` from the findings."""
    report.score = Score(value=None, label="not enough evidence")
