"""Findings -> credibility score 0-100, label and top reasons.

The text model turns the article's wording and style into two signals; the other analyzers' findings
become signals too (source record, badges, propaganda, attribution, fact-checks, corroboration); the
calibrated combiner weighs them into P(unreliable). The score is 100 x P(reliable); the reasons are the
signals that moved it most, signed (+ raises credibility, - lowers it), each pointing at its spans or at
the source profile. With too little to go on, the report says so instead of guessing.
"""

from __future__ import annotations

import re

from . import assets
from .language import language_name
from .report import Reason, Report, Score
from .verdict import combiner as C
from .verdict.signals import Signal, finding_signals, publisher_profile
from .verdict.text import RESOURCE, text_signals

#: Fewer body words than this is a body too short to read (a caption, a paywall's teaser, a blocked page): with
#: no checkable finding about the page itself it is "not enough evidence", whoever published it.
MIN_WORDS = 60
#: Signals about the page itself that are evidence on their own, even for a short text. The publisher's record
#: is not among them: it speaks for the outlet's other articles, and "100/100 reliable" on a 25-word caption
#: would be the outlet's score shown as the page's.
_DECISIVE = ("badge_", "factcheck_", "corroboration_")
MAX_REASONS = 6
_WORD = re.compile(r"\w+")


def band_label(value: float) -> str:
    """The label of a 0-100 score by the bands in `combiner.BANDS`."""
    if value >= C.BANDS["reliable"]:
        return "reliable"
    if value < C.BANDS["unreliable"]:
        return "unreliable"
    return "mixed"


def _reasons(combiner: C.Combiner, signals: list[Signal]) -> list[Reason]:
    """The signals that moved the score most, signed towards credibility, strongest first."""
    scored = [(-combiner.contribution(s), s) for s in signals]
    scored = [(w, s) for w, s in scored if abs(w) >= 0.05]
    scored.sort(key=lambda ws: -abs(ws[0]))
    return [
        Reason(text=s.detail, weight=round(w, 3), analyzer=s.analyzer, spans=s.spans, evidence=s.evidence)
        for w, s in scored[:MAX_REASONS]
    ]


def _enough_evidence(words: int, signals: list[Signal], *, readable: bool = True) -> bool:
    if readable and words >= MIN_WORDS:
        return True
    return any(s.name.startswith(_DECISIVE) for s in signals)


def _not_enough(report: Report, words: int, foreign: str | None) -> str:
    """The first reason of a "not enough evidence" verdict: what was too little (or unreadable), and what the
    publisher's record (listed among the reasons) does and does not say."""
    known = publisher_profile(report) is not None
    body = (f"the page is in {foreign}, a language the text models do not read" if foreign
            else f"the body has {words} words of text, too few to read")
    return (f"Not enough evidence: {body}, and no checkable finding; "
            + ("the publisher's record speaks for its other articles, not for this page" if known
               else "no record of the publisher either"))


def score_report(report: Report) -> None:
    """Fill `report.score` (value 0-100 = 100 x P(reliable), label, probability, model) and `report.reasons`."""
    article = report.article
    combiner = C.load()
    foreign = language_name(article.language)  # the wording and style model reads English only
    signals = ([] if foreign else text_signals(article.title or "", article.text, combiner.centers)) + finding_signals(report)
    p_reliable = 1.0 - combiner.probability(signals)
    model = f"verdict {assets.version(RESOURCE)}"
    report.versions["verdict"] = assets.version(RESOURCE)
    reasons = _reasons(combiner, signals)
    words = len(_WORD.findall(article.text))
    if not _enough_evidence(words, signals, readable=not foreign):
        report.score = Score(value=None, label="not enough evidence", probability=round(p_reliable, 4), model=model)
        report.reasons = [Reason(text=_not_enough(report, words, foreign), weight=0.0, analyzer="score"), *reasons]
        return
    value = round(100.0 * p_reliable, 1)
    report.score = Score(value=value, label=band_label(value), probability=round(p_reliable, 4), model=model)
    report.reasons = reasons
