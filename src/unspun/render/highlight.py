"""Turn a text and the spans that point into it into non-overlapping, labelled segments.

Every renderer that highlights (terminal, HTML report, web page) uses this one sweep, so
overlapping findings (a quote that contains loaded language) show both marks consistently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import Finding

#: Finding kinds that are about the article as a whole and are never highlighted inline.
WHOLE_ARTICLE_KINDS = frozenset({"summary", "figures", "publisher", "no_factcheck"})


@dataclass(frozen=True)
class Mark:
    """One finding's claim on a stretch of text."""

    index: int  # position of the finding in Report.findings
    analyzer: str
    kind: str
    label: str


@dataclass
class Segment:
    """A maximal stretch of text covered by the same set of marks (possibly none)."""

    start: int
    end: int
    text: str
    marks: list[Mark] = field(default_factory=list)


def marks_for(findings: list[Finding], text_field: str = "body") -> list[tuple[int, int, Mark]]:
    """(start, end, mark) for every span of every highlightable finding in one text field."""
    out = []
    for i, f in enumerate(findings):
        if f.kind in WHOLE_ARTICLE_KINDS:
            continue
        for s in f.spans:
            if s.field == text_field and s.end > s.start:
                out.append((s.start, s.end, Mark(i, f.analyzer, f.kind, f.label)))
    return out


def segments(text: str, findings: list[Finding], text_field: str = "body") -> list[Segment]:
    """Split `text` at every span boundary; each segment lists the marks that cover it."""
    spans = [(max(0, s), min(len(text), e), m) for s, e, m in marks_for(findings, text_field)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        if b <= a:
            continue
        covering = [m for s, e, m in spans if s <= a and b <= e]
        out.append(Segment(a, b, text[a:b], covering))
    return out
