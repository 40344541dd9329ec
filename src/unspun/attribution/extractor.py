"""Attribution extraction from a spaCy parse: cue, source and content of every attribution.

The two decisions that rules get wrong most often are learned from PolNeAR train: whether a word is
the head of an attribution cue (a linear classifier over its lemma, syntax and arguments) and how far
the cue reaches ("said", "has said", "said in a statement", "according to"). Source and content then
follow the dependency tree: the cue's subject (or "according to X", "by X", the noun a participle
hangs on), its clausal complement or the clause it comments on, widened to whole quotations so a
quote across sentence and paragraph breaks stays one content.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .. import assets
from .features import cue_features, extent_features, is_candidate
from .linear import LinearModel
from .polnear import Attribution
from .quotemarks import QuoteRegion, find_quotes, inside

RESOURCE = "attribution"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd")
_INHERIT_SUBJECT = ("conj", "xcomp", "advcl", "pcomp", "prep")  # "… before asking", "by announcing"
_TRIM = set(" \t\n,;:—–-")
#: Verbs whose object holds the attitude ("That worries environmentalists"): the object is the source.
_EXPERIENCER_OBJECT = {"worry", "concern", "anger", "frustrate", "alarm", "upset", "trouble", "bother", "disturb",
                       "dismay", "annoy", "irritate", "surprise", "shock", "please", "delight", "impress",
                       "disappoint", "infuriate", "outrage", "scare", "frighten", "enrage", "excite"}


@dataclass
class Model:
    """The learned parts: cue-head and cue-extent classifiers, the lexicon, the decision thresholds."""

    cue: LinearModel
    extent: LinearModel
    lexicon: frozenset[str]
    cue_threshold: float = 0.5
    extent_threshold: float = 0.5


@functools.cache
def bundled_model() -> Model:
    """The model shipped in `resources/attribution/` (loaded once per process)."""
    config = assets.load_json(f"{RESOURCE}/config.json")
    return Model(
        cue=LinearModel.load(RESOURCE, "cue"),
        extent=LinearModel.load(RESOURCE, "extent"),
        lexicon=frozenset(assets.load_json(f"{RESOURCE}/lexicon.json")),
        cue_threshold=float(config["cue_threshold"]),
        extent_threshold=float(config["extent_threshold"]),
    )


@dataclass
class Found:
    """One extracted attribution with its tokens, for the analyzer's speaker and chain resolution."""

    head: int
    probability: float
    cue: list[int]
    source: list[int]
    content: list[tuple[int, int]] = field(default_factory=list)
    quoted: bool = False

    def attribution(self, doc) -> Attribution:
        """Character fragments of each role, as the evaluation and the findings use them."""
        return Attribution(content=tuple(self.content), cue=_fragments(doc, self.cue),
                           source=_fragments(doc, self.source))


def _fragments(doc, indices: list[int]) -> tuple[tuple[int, int], ...]:
    """Contiguous token runs as character fragments."""
    out: list[list[int]] = []
    prev = None
    for i in sorted(set(indices)):
        tok = doc[i]
        if prev is not None and i == prev + 1:
            out[-1][1] = tok.idx + len(tok.text)
        else:
            out.append([tok.idx, tok.idx + len(tok.text)])
        prev = i
    return tuple((s, e) for s, e in out)


def _subtree(tok) -> list[int]:
    return list(range(tok.left_edge.i, tok.right_edge.i + 1))


def extent_candidate(tok) -> bool:
    """Dependents the extent classifier is asked about: not subjects, no punctuation but a colon."""
    return tok.dep_ not in _SUBJECTS and (not tok.is_punct or tok.text == ":")


def cue_tokens(head, model: Model) -> list[int]:
    """The cue: its head plus the dependents the extent classifier keeps, followed down the tree."""
    keep = [head.i]
    frontier = [(c, 1) for c in head.children]
    while frontier:
        rows = [(tok, level) for tok, level in frontier if extent_candidate(tok)]
        frontier = []
        if not rows:
            break
        probs = model.extent.proba(extent_features(head, tok, level) for tok, level in rows)
        for (tok, level), p in zip(rows, probs):
            if p >= model.extent_threshold:
                keep.append(tok.i)
                frontier.extend((c, level + 1) for c in tok.children)
    return sorted(keep)


def _subject_of(verb):
    """The subject of a verb, looking up through conjoined, open-complement and adverbial clauses."""
    para = _paragraph_of(verb.doc, verb.i)
    for _ in range(4):
        subj = [c for c in verb.children if c.dep_ in _SUBJECTS and _paragraph_of(verb.doc, c.i) == para]
        if subj:
            return subj[0]
        if verb.dep_ not in _INHERIT_SUBJECT or verb.head is verb:
            return None
        verb = verb.head
    return None


def _dash_after_quote(head) -> bool:
    """A dash right after a closing quotation mark introduces the speaker ('"…" ― Carlos Ruiz')."""
    return head.text in {"—", "―", "–"} and head.i > 0 and head.doc[head.i - 1].text in {"”", '"', "»", "''"}


def _line_after(head) -> list[int]:
    """Tokens after the dash up to the end of the line or the first comma (the speaker's name)."""
    out: list[int] = []
    for tok in head.doc[head.i + 1 : head.sent.end]:
        if tok.is_space or tok.text in {",", ";", "("}:
            break
        out.append(tok.i)
        if "\n" in tok.whitespace_:
            break
    return out


def source_tokens(head, cue: list[int]) -> list[int]:
    """The source: who the cue attributes the content to, as a token list (empty when unstated)."""
    doc = head.doc
    cue_set = set(cue)
    if _dash_after_quote(head):
        return _line_after(head)
    if head.text in {":", "—", "―", "–"}:
        left = doc[head.i - 1] if head.i else None
        while left is not None and left.is_punct and left.i > head.sent.start:
            left = doc[left.i - 1]
        if left is None or left.i < head.sent.start:
            return []
        root = left
        while root.head.i < head.i and root.head is not root and root.head.i >= head.sent.start and root.dep_ in ("compound", "amod", "det", "poss"):
            root = root.head
        return [i for i in _subtree(root) if i < head.i]
    if head.lower_ == "according":
        to = [c for c in head.children if c.lower_ == "to"]
        objs = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
        return _subtree(objs[0]) if objs else []
    objects = [c for c in head.children if c.dep_ == "dobj"]
    if head.lemma_ in _EXPERIENCER_OBJECT and objects:
        return _subtree(objects[0])
    for child in head.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _subtree(objs[0])
    if head.tag_ == "VBN" and head.dep_ in ("advcl", "acl") and not any(c.dep_ in _SUBJECTS for c in head.children):
        return []  # "Asked about it, X said", "a week known as": the noun or subject is not who says it
    subject = _subject_of(head)
    # a passive subject is what was said ("a curfew was announced"), except "X was quoted as saying"
    passive_source = head.lemma_ in ("quote", "cite")
    if subject is not None and (subject.dep_ != "nsubjpass" or passive_source):
        if subject.tag_ in ("WP", "WDT"):
            return [subject.i] if head.dep_ == "relcl" else []  # "…, who said" / "…, which reported"
        return [i for i in _subtree(subject) if i not in cue_set]
    if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        noun = head.head
        return [i for i in range(noun.left_edge.i, noun.i + 1)]
    poss = [c for c in head.children if c.dep_ == "poss"]
    if poss:
        return _subtree(poss[0])
    return []


def content_tokens(head, cue: list[int], source: list[int]) -> list[int]:
    """The content: the cue's clausal complement, or the clause the cue comments on."""
    doc = head.doc
    taken = set(cue) | set(source)
    if _dash_after_quote(head):
        return []  # '"…" ― Name': the content is the quotation before the dash
    if head.text in {":", "—", "―", "–"}:
        return list(range(head.i + 1, head.sent.end))
    if head.lemma_ in ("quote", "cite") and any(c.lower_ == "as" for c in head.children):
        return []  # "X quoted Y as saying": the object is the speaker, the content is the quotation
    para = _paragraph_of(doc, head.i)
    if head.lemma_ in _EXPERIENCER_OBJECT:
        subjects = [c for c in head.children if c.dep_ in _SUBJECTS and c.i not in taken]
        if subjects:
            return [i for i in _subtree(subjects[0]) if i not in taken]
    for dep in _CONTENT_DEPS:
        for child in head.children:
            if child.dep_ == dep and child.i not in taken and _paragraph_of(doc, child.i) == para:
                return [i for i in _subtree(child) if i not in taken]
    for i in cue:
        tok = doc[i]
        if tok.dep_ == "prep" and tok.i != head.i:
            objs = [c for c in tok.children if c.dep_ in ("pobj", "pcomp") and c.i not in taken]
            if objs:
                return [i for i in _subtree(objs[0]) if i not in taken]
    if head.dep_ in ("parataxis", "ccomp", "advcl", "prep", "conj") and head.head is not head:
        host = head.head
        own = set(_subtree(head))
        return [i for i in _subtree(host) if i not in own and i not in taken]
    if head.dep_ == "ROOT":
        # "Content, X said." parsed with the content as a dependent on the left
        left = [c for c in head.children if c.i < head.i and c.dep_ not in _SUBJECTS and c.i not in taken
                and c.dep_ not in ("punct", "aux", "auxpass", "neg", "advmod", "cc")]
        if left:
            return [i for c in left for i in _subtree(c) if i not in taken]
    return []


def _paragraph_of(doc, i: int) -> int:
    """Index of the paragraph (blank-line separated) holding token `i`."""
    return doc.text.count("\n\n", 0, doc[i].idx)


def _same_paragraph(doc, head, indices: list[int]) -> list[int]:
    """Keep the tokens in the head's paragraph: a parse that runs across a paragraph break ("X reports:"
    then the next paragraph) must not make one paragraph the content of another."""
    para = _paragraph_of(doc, head.i)
    return [i for i in indices if _paragraph_of(doc, i) == para]


def _whole_words(doc, indices: list[int]) -> list[int]:
    """Widen to whole hyphenated words ("al" of "al-Mayadeen" brings "-Mayadeen")."""
    if not indices:
        return indices
    lo, hi = min(indices), max(indices)
    while lo > 0 and not doc[lo - 1].whitespace_ and (doc[lo - 1].text == "-" or doc[lo].text == "-"):
        lo -= 1
    while hi + 1 < len(doc) and not doc[hi].whitespace_ and (doc[hi + 1].text == "-" or doc[hi].text == "-"):
        hi += 1
    return sorted(set(indices) | set(range(lo, min(indices))) | set(range(max(indices) + 1, hi + 1)))


def _closing_comma(doc, source: list[int], cue: list[int]) -> list[int]:
    """Keep the comma that closes an appositive source before its cue ("Justin Bamberg, a lawyer, said"),
    as PolNeAR annotators do; the parser hangs that comma on the verb."""
    if not source or not cue or not any(doc[i].text == "," for i in source):
        return source
    after = max(source) + 1
    if after + 1 < len(doc) and doc[after].text == "," and after + 1 in cue:
        return source + [after]
    return source


def _trim_tokens(doc, indices: list[int]) -> list[int]:
    """Drop leading punctuation and spaces and trailing spaces (a source subtree can start at a stray mark)."""
    indices = _whole_words(doc, sorted(indices))
    while indices and (doc[indices[0]].is_punct or doc[indices[0]].is_space):
        indices.pop(0)
    while indices and doc[indices[-1]].is_space:
        indices.pop()
    return indices


def _char_fragments(doc, indices: list[int], quotes: list[QuoteRegion], blocked: set[int]) -> list[tuple[int, int]]:
    """Character fragments of the content, trimmed of edge punctuation and widened to whole quotations."""
    if not indices:
        return []
    frags = [list(f) for f in _fragments(doc, indices)]
    text = doc.text
    start, end = frags[0][0], frags[-1][1]
    for region in quotes:
        overlaps = region.inner_start < end and region.inner_end > start
        if overlaps and not any(region.inner_start <= doc[i].idx < region.inner_end for i in blocked):
            if region.start < start:
                frags[0][0] = region.start
            if region.end > end:
                frags[-1][1] = region.end
            start, end = frags[0][0], frags[-1][1]
    out = []
    for s, e in frags:
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _adjacent_quote(doc, tokens: list[int], quotes: list[QuoteRegion]) -> QuoteRegion | None:
    """A quotation right before or right after the cue and source ('"…," said X' / 'X said: "…"'),
    else the first one later in the cue's sentence ('X said in answer to … that it was "…"')."""
    if not tokens:
        return None
    first, last = doc[tokens[0]], doc[tokens[-1]]
    start, end = first.idx, last.idx + len(last.text)
    for region in quotes:
        between = doc.text[region.end : start] if region.end <= start else doc.text[end : region.start]
        if (region.end <= start or region.start >= end) and len(between) <= 3 and not any(c.isalnum() for c in between):
            return region
    sent_end = last.sent.end_char
    return next((r for r in quotes if end <= r.start < sent_end), None)


def extract(doc, model: Model | None = None, quotes: list[QuoteRegion] | None = None) -> list[Found]:
    """Every attribution in a parsed text.

    Attributions do not nest in PolNeAR (a token has one role in one attribution), so the most
    confident cue claims its tokens first and a cue inside claimed content is dropped (measured on dev:
    better than cutting the outer content short at the inner cue).
    """
    model = model or bundled_model()
    quotes = find_quotes(doc.text) if quotes is None else quotes
    candidates = [t for t in doc if is_candidate(t, model.lexicon)]
    if not candidates:
        return []
    probs = model.cue.proba(cue_features(t, quotes) for t in candidates)
    ranked = sorted(((float(p), t) for p, t in zip(probs, candidates) if p >= model.cue_threshold),
                    key=lambda x: -x[0])
    claimed: set[int] = set()
    found: list[Found] = []
    for p, head in ranked:
        if head.i in claimed:
            continue
        cue = [i for i in cue_tokens(head, model) if i not in claimed]
        # one source can say several things ("he said …, adding …"), so sources may be shared
        source = _closing_comma(doc, _trim_tokens(doc, _same_paragraph(doc, head, source_tokens(head, cue))), cue)
        content = [i for i in _same_paragraph(doc, head, content_tokens(head, cue, source)) if i not in claimed]
        cue_source = set(cue) | set(source)
        frags = _char_fragments(doc, content, quotes, cue_source)
        if not frags:
            region = _adjacent_quote(doc, sorted(cue_source), quotes)
            if region is None or any(region.start <= doc[i].idx < region.end for i in claimed):
                continue
            frags = [(region.start, region.end)]
            content = [t.i for t in doc.char_span(region.start, region.end, alignment_mode="expand") or []]
        quoted = any(inside(quotes, s) or inside(quotes, e - 1) for s, e in frags)
        found.append(Found(head.i, p, cue, source, frags, quoted))
        claimed |= cue_source | set(content)
    found.sort(key=lambda f: f.content[0][0])
    return found
