"""Propaganda techniques: the spans of the 14 SemEval-2020 Task 11 techniques in the body, each with a
confidence and a plain-language explanation, plus a per-sentence propaganda probability.

The model (`unspun.propaganda`) reads the shared parse; spans come from a small fine-tuned transformer
(int8 ONNX, onnxruntime) run only on the sentences the linear sentence model flags.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import assets
from ..attribution.quotemarks import find_quotes, inside
from ..parse import Parsed
from ..propaganda.features import ArticleView
from ..propaganda.model import Model
from ..report import Article, Finding, Span
from . import register

RESOURCE = "propaganda"
ALTERNATIVES = 3


@functools.cache
def model() -> Model:
    """The bundled model, loaded once per process."""
    return Model.from_parts(
        assets.load_npz(f"{RESOURCE}/model.npz"),
        assets.load_json(f"{RESOURCE}/vocab.json"),
        assets.load_json(f"{RESOURCE}/config.json"),
        assets.path(RESOURCE),
    )


def explanations() -> dict[str, dict[str, str]]:
    """Display name and one-sentence explanation of each technique."""
    return assets.load_json(f"{RESOURCE}/techniques.json")


@register("propaganda", description="Spans of 14 propaganda techniques and per-sentence propaganda probability.",
          version="1", resources=("propaganda",), english_only=True)
def analyze(article: Article, parsed: Parsed) -> list[Finding]:
    """Technique findings (one per detected span) and one summary finding."""
    m, about = model(), explanations()
    view = ArticleView(parsed.doc)
    sent_prob = m.sentence_probs(view)
    spans = m.spans(view, m.span_probs(view, sent_prob))
    tech_prob = m.technique_probs(view, [(s, e) for s, e, _ in spans])
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    blockquotes = [(b.start, b.end) for b in article.blocks if b.kind == "blockquote"]  # quoted posts, relayed reports
    quotations = find_quotes(article.text)  # double marks only: an apostrophe ("People’s") opens no quotation
    for (start, end, span_p), probs in zip(spans, tech_prob):
        order = np.argsort(-probs)
        label = m.labels[order[0]]
        counts[label] = counts.get(label, 0) + 1
        info = about[label]
        # a reader weighs a technique in quoted words differently: the page relays it rather than uses it
        quoted = inside(quotations, start) is not None or any(b <= start < e for b, e in blockquotes)
        findings.append(
            Finding(
                analyzer="propaganda",
                kind="technique",
                label=label,
                score=round(span_p * float(probs[order[0]]), 3),
                spans=[Span(start=start, end=end)],
                message=f"{info['name']}: {info['explanation']}" + (" (Inside a quotation.)" if quoted else ""),
                evidence={
                    "text": article.text[start:end],
                    "quoted": quoted,
                    "technique": info["name"],
                    "span_probability": round(span_p, 3),
                    "technique_probability": round(float(probs[order[0]]), 3),
                    "alternatives": [
                        {"label": m.labels[k], "probability": round(float(probs[k]), 3)} for k in order[1 : ALTERNATIVES + 1]
                    ],
                },
            )
        )
    sentences = [
        {"start": s, "end": e, "probability": round(float(p), 3)}
        for (s, e), p in zip((view.char_span(i, j) for i, j in view.sentences), sent_prob)
    ]
    words = sum(1 for t in view.tokens if t.is_alpha)
    findings.append(
        Finding(
            analyzer="propaganda",
            kind="summary",
            label="techniques-found" if spans else "none-found",
            score=round(float(sent_prob.max()), 3) if len(sent_prob) else 0.0,
            message=f"{len(spans)} technique span(s); {sum(1 for x in sentences if x['probability'] >= 0.5)} of "
            f"{len(sentences)} sentence(s) likely persuasive",
            evidence={
                "sentences": sentences,
                "counts": dict(sorted(counts.items(), key=lambda kv: -kv[1])),
                "density": round(100 * len(spans) / words, 2) if words else 0.0,
                "explanations": {k: about[k]["explanation"] for k in counts},
            },
        )
    )
    return findings
