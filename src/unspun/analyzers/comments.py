"""Reader comments: spam or ham, with the reason, for every comment `unspun check` extracted.

The same rules and model as the Akismet-compatible endpoints, minus what only a site's own store
knows (its lists, reports and repeats): the page's title and site name are the comment's context,
the page's host is the site's own host, so a link back to the page is not promotion.
"""

from __future__ import annotations

import functools
import re

from ..moderation.comment import Comment as ModComment
from ..moderation.scoring import Scorer
from ..parse import Parsed
from ..report import Article, Comment, Finding, Span
from . import register


@functools.cache
def _scorer() -> Scorer:
    return Scorer()


def _cue_spans(text: str, cues: list[tuple[str, float]], field: str) -> list[Span]:
    """Where the cue words first occur in the comment (cues that are not words have no span)."""
    spans = []
    for name, _ in cues:
        if not (name.startswith("'") and name.endswith("'")):
            continue
        match = re.search(rf"(?<!\w){re.escape(name[1:-1])}(?!\w)", text, re.IGNORECASE)
        if match:
            spans.append(Span(start=match.start(), end=match.end(), field=field))
    return spans


def _as_submitted(article: Article, comment: Comment) -> ModComment:
    page = article.canonical_url or article.url or ""
    return ModComment(
        blog=page,
        permalink=page,
        comment_type="comment",
        author=comment.author or "",
        author_url=comment.author_url or "",
        content=comment.text,
        context=[t for t in (article.title, article.site_name) if t],
    )


@register(
    "comments",
    description="Reader comments moderated as spam or ham, with the reason (the Akismet-compatible filter).",
    version="1",
    needs_parse=False,
    resources=("spam",),
)
def analyze(article: Article, parsed: Parsed | None) -> list[Finding]:
    """One finding per comment: label `spam`|`ham`, score = spam probability, evidence `{reason}`."""
    findings = []
    scorer = _scorer()
    for index, comment in enumerate(article.comments):
        field = f"comments[{index}]"
        whole = Span(start=0, end=len(comment.text), field=field)
        verdict = scorer.decide(_as_submitted(article, comment))
        label = "spam" if verdict.spam else "ham"
        who = f" by {comment.author}" if comment.author else ""
        findings.append(
            Finding(
                analyzer="comments",
                kind="comment",
                label=label,
                score=round(verdict.probability, 4),
                spans=[whole, *_cue_spans(comment.text, verdict.cues, field)],
                message=f"Comment {index + 1}{who} looks like {label}: {verdict.reason}",
                evidence={
                    "reason": verdict.reason,
                    "rule": verdict.rule,
                    "cues": [{"cue": name, "weight": round(weight, 3)} for name, weight in verdict.cues],
                    "model": f"spam-{scorer.model.version}",
                },
            )
        )
    return findings
