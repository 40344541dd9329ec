"""Features of tokens (span identification), sentences (propaganda probability) and spans (technique).

Everything is read off the shared spaCy parse: words, lemmas, tags, dependencies, entities and the
96-dimensional `doc.tensor` of the small pipeline's tok2vec layer (contextual token vectors that the
parse computes anyway, so they cost nothing at analysis time). Sparse features are strings, mapped to
columns by a vocabulary stored as JSON.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .. import assets

QUOTES = set("\"“”‘’«»")
_WORD = re.compile(r"\w+")


@functools.cache
def lexicon() -> dict[str, frozenset[str]]:
    """The hand-written lexicon (`resources/propaganda/lexicon.json`): stigmatising labels, loaded
    words, and multi-word labels (kept as lower-case word tuples joined by spaces)."""
    raw = assets.load_json("propaganda/lexicon.json")
    return {key: frozenset(w.lower() for w in raw[key]) for key in ("labels", "loaded", "phrases")}


def _bin(value: float, edges: tuple[float, ...]) -> int:
    return bisect.bisect_right(edges, value)


@dataclass
class ArticleView:
    """Non-space tokens of a parsed text with what several features need (built once per article)."""

    doc: object
    tokens: list = field(init=False)
    starts: list[int] = field(init=False)
    sent_of: list[int] = field(init=False)
    sentences: list[tuple[int, int]] = field(init=False)  # token index ranges [i, j)
    tensor: np.ndarray = field(init=False)
    text: str = field(init=False)
    lower_text: str = field(init=False)
    lemma_counts: Counter = field(init=False)
    in_quote: list[bool] = field(init=False)
    lex: list[str] = field(init=False)  # "label", "loaded" or "" per token
    label_spans: list[tuple[int, int]] = field(init=False)  # token ranges of stigmatising labels

    def __post_init__(self) -> None:
        doc = self.doc
        self.tokens = [t for t in doc if not t.is_space]  # type: ignore[attr-defined]
        self.starts = [t.idx for t in self.tokens]
        rows = [t.i for t in self.tokens]
        tensor = getattr(doc, "tensor", None)
        dim = tensor.shape[1] if tensor is not None and tensor.size else 96
        self.tensor = tensor[rows].astype(np.float32) if tensor is not None and tensor.size else np.zeros((len(rows), dim), np.float32)
        self.sent_of, self.sentences, self.in_quote = [], [], []
        for sent in doc.sents:  # type: ignore[attr-defined]
            first = len(self.sent_of)
            quoted = False
            for t in sent:
                if t.is_space:
                    continue
                if any(c in QUOTES for c in t.text):
                    quoted = not quoted
                self.sent_of.append(len(self.sentences))
                self.in_quote.append(quoted)
            if len(self.sent_of) > first:
                self.sentences.append((first, len(self.sent_of)))
        self.text = doc.text  # type: ignore[attr-defined]  # spaCy rebuilds doc.text on every access
        self.lower_text = self.text.lower()
        self.lemma_counts = Counter(t.lemma_.lower() for t in self.tokens if t.is_alpha and not t.is_stop)
        self._find_lexicon()

    def _find_lexicon(self) -> None:
        """Mark lexicon words; a label used as a modifier ("terrorist groups") takes its noun along."""
        lex = lexicon()
        lower = [t.lower_ for t in self.tokens]
        self.lex = ["label" if w in lex["labels"] else "loaded" if w in lex["loaded"] else "" for w in lower]
        self.label_spans = []
        k = 0
        while k < len(self.tokens):
            phrase = next((n for n in (4, 3, 2) if " ".join(lower[k : k + n]) in lex["phrases"]), 0)
            if phrase:
                self.lex[k : k + phrase] = ["label"] * phrase
                self.label_spans.append((k, k + phrase))
                k += phrase
                continue
            if self.lex[k] == "label":
                t, end = self.tokens[k], k + 1
                head = t.head.i
                if t.dep_ in ("amod", "compound") and 0 < head - t.i <= 3 and self.tokens[min(k + head - t.i, len(self.tokens) - 1)].i == head:
                    end = k + head - t.i + 1
                self.label_spans.append((k, end))
                k = end
                continue
            k += 1

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        """Character offsets of tokens `[i, j)`."""
        return self.tokens[i].idx, self.tokens[j - 1].idx + len(self.tokens[j - 1].text)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices `[i, j)` of the tokens that overlap characters `[start, end)`."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        if i < len(self.tokens) and self.tokens[i].idx + len(self.tokens[i].text) <= start:
            i += 1
        j = bisect.bisect_left(self.starts, end)
        return i, max(j, i + 1) if i < len(self.tokens) else i


def sentence_features(view: ArticleView) -> tuple[list[list[str]], np.ndarray]:
    """Per sentence: word and bigram bag, punctuation and length cues; dense = mean token vector."""
    feats, dense = [], []
    for i, j in view.sentences:
        toks = view.tokens[i:j]
        words = [t.lower_ for t in toks]
        f = ["bias", f"len={_bin(len(toks), (5, 10, 20, 35, 60))}"]
        f += [f"w={w}" for w in set(words)]
        f += [f"b={a}_{b}" for a, b in set(zip(words, words[1:]))]
        f += [f"l={t.lemma_.lower()}" for t in toks if t.is_alpha]
        if any(t.text == "!" for t in toks):
            f.append("excl")
        if any(t.text == "?" for t in toks):
            f.append("quest")
        if any(view.in_quote[i:j]):
            f.append("quote")
        if sum(1 for t in toks if t.is_upper and len(t.text) > 2):
            f.append("caps")
        f += [f"lex={kind}" for kind in set(view.lex[i:j]) if kind]
        feats.append(f)
        dense.append(view.tensor[i:j].mean(axis=0))
    return feats, (np.vstack(dense) if dense else np.zeros((0, view.tensor.shape[1]), np.float32))


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def token_features(view: ArticleView, sent_prob: np.ndarray) -> tuple[list[list[str]], np.ndarray]:
    """Per token: the word, its neighbours, syntax, entity, lexicon class, quote state and the
    sentence's propaganda probability (binned); dense = the token's tok2vec vector and that
    probability's logit."""
    toks = view.tokens
    n = len(toks)
    lower = [t.lower_ for t in toks]
    lemma = [t.lemma_.lower() for t in toks]
    tag = [t.tag_ for t in toks]
    feats: list[list[str]] = []
    for k, t in enumerate(toks):
        s = view.sent_of[k]
        si, sj = view.sentences[s]
        prev1 = lower[k - 1] if k > si else "<s>"
        prev2 = lower[k - 2] if k - 1 > si else "<s>"
        next1 = lower[k + 1] if k + 1 < sj else "</s>"
        next2 = lower[k + 2] if k + 2 < sj else "</s>"
        ptag = tag[k - 1] if k > si else "<s>"
        ntag = tag[k + 1] if k + 1 < sj else "</s>"
        sp = _bin(float(sent_prob[s]), (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9))
        f = [
            "bias",
            f"w={lower[k]}",
            f"l={lemma[k]}",
            f"t={tag[k]}",
            f"d={t.dep_}",
            f"sh={t.shape_}",
            f"suf={lower[k][-3:]}",
            f"w-1={prev1}",
            f"w+1={next1}",
            f"w-2={prev2}",
            f"w+2={next2}",
            f"b-={prev1}_{lower[k]}",
            f"b+={lower[k]}_{next1}",
            f"t-={ptag}_{tag[k]}",
            f"t+={tag[k]}_{ntag}",
            f"h={t.head.lemma_.lower()}",
            f"hd={t.dep_}_{t.head.pos_}",
            f"sp={sp}",
            f"sp|t={sp}_{t.pos_}",
            f"pos={_bin(k - si, (1, 3, 8, 15))}",
            f"end={_bin(sj - k, (1, 2, 4, 8))}",
        ]
        if t.ent_type_:
            f.append(f"e={t.ent_iob_}{t.ent_type_}")
        if view.lex[k]:
            f.append(f"lex={view.lex[k]}")
        if k > si and view.lex[k - 1]:
            f.append(f"lex-1={view.lex[k - 1]}")
        if k + 1 < sj and view.lex[k + 1]:
            f.append(f"lex+1={view.lex[k + 1]}")
        if view.in_quote[k]:
            f.append("inq")
            f.append(f"inq|t={t.pos_}")
        if t.is_upper and len(t.text) > 2:
            f.append("caps")
        if t.is_alpha and view.lemma_counts[lemma[k]] > 2:
            f.append(f"rep={_bin(view.lemma_counts[lemma[k]], (3, 5, 8))}")
        feats.append(f)
    if not n:
        return feats, np.zeros((0, view.tensor.shape[1] + 1), np.float32)
    dense = np.hstack([view.tensor, logit(sent_prob)[view.sent_of][:, None]]).astype(np.float32)
    return feats, dense


def span_features(view: ArticleView, start: int, end: int) -> tuple[list[str], np.ndarray]:
    """Features of a given span for technique classification: its words, edges, context, length,
    repetition in the article (the cue for Repetition), punctuation and sentence share."""
    i, j = view.token_range(start, end)
    toks = view.tokens[i:j] or view.tokens[max(i - 1, 0) : i + 1]
    words = [t.lower_ for t in toks]
    text = view.lower_text[start:end].strip()
    f = ["bias", f"first={words[0]}", f"last={words[-1]}", f"len={_bin(len(toks), (1, 2, 3, 5, 8, 13, 21, 35))}"]
    f += [f"u={w}" for w in set(words)]
    f += [f"ul={t.lemma_.lower()}" for t in toks if t.is_alpha]
    f += [f"b={a}_{b}" for a, b in set(zip(words, words[1:]))]
    f += [f"pt={t.tag_}" for t in toks]
    f += [f"et={t.ent_type_}" for t in toks if t.ent_type_]
    if len(toks) <= 4:
        f.append("pp=" + "_".join(t.tag_ for t in toks))
    lo, hi = toks[0].i, toks[-1].i
    root = next((t for t in toks if t.head.i == t.i or not lo <= t.head.i <= hi), toks[0])
    f += [f"root={root.lemma_.lower()}", f"rootdep={root.dep_}", f"rootpos={root.pos_}"]
    if any(t.like_num for t in toks):
        f.append("num")
    if len(toks) == 1:
        f.append(f"only={words[0]}")
    if len(toks) <= 4:
        f.append(f"span={' '.join(words)}")
    for d in (1, 2, 3):
        f.append(f"l{d}={view.tokens[i - d].lower_}" if i - d >= 0 else f"l{d}=<a>")
        f.append(f"r{d}={view.tokens[j + d - 1].lower_}" if j + d - 1 < len(view.tokens) else f"r{d}=</a>")
    repeats = view.lower_text.count(text) if text else 0
    f.append(f"rep={_bin(repeats, (2, 3, 5))}")
    if repeats > 1:
        f.append("rep_before" if view.lower_text.find(text) < start else "rep_first")
    lemmas = [view.lemma_counts[t.lemma_.lower()] for t in toks if t.is_alpha and not t.is_stop]
    f.append(f"lrep={_bin(max(lemmas, default=0), (2, 3, 5, 9))}")
    first_line = view.lower_text.split("\n", 1)[0]
    if text and text in first_line:
        f.append("intitle")
    if text and len(_WORD.findall(text)) > 1 and repeats > 1:
        f.append("phrase_rep")
    s = view.sent_of[min(i, len(view.sent_of) - 1)] if view.sent_of else 0
    if view.sentences:
        si, sj = view.sentences[s]
        f.append(f"share={_bin(len(toks) / max(sj - si, 1), (0.1, 0.25, 0.5, 0.8, 0.95))}")
        f += [f"sw={w}" for w in {t.lower_ for t in view.tokens[si:sj] if t.is_alpha}]
    raw = view.text[start:end]
    for mark, name in (("!", "excl"), ("?", "quest"), ("#", "hash")):
        if mark in raw:
            f.append(name)
    if any(c in QUOTES for c in view.text[max(start - 2, 0) : end + 2]):
        f.append("quoted")
    if any(t.is_upper and len(t.text) > 2 for t in toks):
        f.append("caps")
    f += [f"lex={kind}" for kind in set(view.lex[i:j]) if kind]
    vec = view.tensor[i:j].mean(axis=0) if j > i else np.zeros(view.tensor.shape[1], np.float32)
    dense = np.concatenate([vec, [math.log1p(len(toks)), math.log1p(repeats)]]).astype(np.float32)
    return f, dense
