"""Features of the two learned decisions: is this token the head of an attribution cue, and which of
the tokens around a cue head belong to the cue.

Both are one-hot string features over the dependency parse; they are shared verbatim by training
(`unspun train attribution`) and prediction, so the two can never drift apart.
"""

from __future__ import annotations

from .quotemarks import QuoteRegion, inside

#: Dependency labels of a cue head's children that say "something is being reported here".
_REPORT_DEPS = ("ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "agent", "prep", "dative", "advcl", "parataxis")
_PUNCT_CUES = {":", "—", "―", "–"}


def is_candidate(tok, lexicon: frozenset[str]) -> bool:
    """Tokens worth asking about: a lexicon lemma (learned + hand list) or a colon/dash introducing speech."""
    return tok.lemma_.lower() in lexicon or tok.lower_ in lexicon or tok.text in _PUNCT_CUES


def _word(doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else "<s>"


def _ent(tok) -> str:
    return tok.ent_type_ or ("PRON" if tok.pos_ == "PRON" else tok.pos_)


def cue_features(tok, quotes: list[QuoteRegion]) -> dict[str, float]:
    """Features of a candidate cue head: its word, syntax, arguments and quotation context."""
    lemma = tok.lemma_.lower()
    doc = tok.doc
    f: dict[str, float] = {
        f"lemma={lemma}": 1, f"lower={tok.lower_}": 1, f"tag={tok.tag_}": 1, f"dep={tok.dep_}": 1,
        f"lemma|dep={lemma}|{tok.dep_}": 1, f"lemma|tag={lemma}|{tok.tag_}": 1,
        f"head={tok.head.lemma_.lower()}": 1, f"dep|headpos={tok.dep_}|{tok.head.pos_}": 1,
        f"prev={_word(doc, tok.i - 1)}": 1, f"next={_word(doc, tok.i + 1)}": 1,
        f"prev2={_word(doc, tok.i - 2)}|{_word(doc, tok.i - 1)}": 1,
        f"next2={_word(doc, tok.i + 1)}|{_word(doc, tok.i + 2)}": 1,
        f"lemma|next={lemma}|{_word(doc, tok.i + 1)}": 1, f"lemma|prev={lemma}|{_word(doc, tok.i - 1)}": 1,
        f"lemma|head={lemma}|{tok.head.lemma_.lower()}": 1,
        f"sent_pos={min(tok.i - tok.sent.start, 5)}": 1,
    }
    for child in tok.children:
        f[f"child={child.dep_}"] = 1
        f[f"lemma|child={lemma}|{child.dep_}"] = 1
        if child.dep_ in ("nsubj", "nsubjpass"):
            f[f"subj={_ent(child)}"] = 1
            f[f"subj_lemma={child.lemma_.lower()}"] = 1
            f[f"lemma|subj={lemma}|{_ent(child)}"] = 1
        if child.dep_ in ("ccomp", "xcomp"):
            marks = [g.lower_ for g in child.children if g.dep_ == "mark"]
            f[f"comp_mark={marks[0] if marks else '-'}"] = 1
        if child.dep_ == "prep":
            f[f"prep={child.lower_}"] = 1
            f[f"lemma|prep={lemma}|{child.lower_}"] = 1
    if not any(c.dep_ in _REPORT_DEPS for c in tok.children):
        f["no_args"] = 1
    region = inside(quotes, tok.idx)
    sent = tok.sent
    f["in_quote"] = float(region is not None)
    f[f"lemma|in_quote={lemma}|{region is not None}"] = 1
    f["sent_quote"] = float(any(r.start < sent.end_char and r.end > sent.start_char for r in quotes))
    if tok.text in _PUNCT_CUES:
        after = doc[tok.i + 1 : sent.end]
        f["punct_then_quote"] = float(any(inside(quotes, t.idx) for t in after[:3]))
        f["punct_sent_end"] = float(tok.i + 1 >= sent.end - 1)
        f[f"punct_prev_ent={_ent(doc[tok.i - 1]) if tok.i else '-'}"] = 1
        f[f"punct_next_ent={_ent(doc[tok.i + 1]) if tok.i + 1 < len(doc) else '-'}"] = 1
        f[f"punct|prev={tok.text}|{_word(doc, tok.i - 1)}"] = 1
    return f


def extent_features(head, tok, level: int) -> dict[str, float]:
    """Features of `tok`, a dependent reached from cue head `head`, for "is it part of the cue?"."""
    hl = head.lemma_.lower()
    side = "L" if tok.i < head.i else "R"
    size = tok.right_edge.i - tok.left_edge.i + 1
    objs = [c.lemma_.lower() for c in tok.children if c.dep_ == "pobj"]
    return {
        f"dep={tok.dep_}": 1, f"lemma={tok.lemma_.lower()}": 1, f"tag={tok.tag_}": 1,
        f"ent={tok.ent_type_ or '-'}": 1, f"pobj={objs[0] if objs else '-'}": 1,
        f"lemma|pobj={tok.lemma_.lower()}|{objs[0] if objs else '-'}": 1,
        f"dep|side={tok.dep_}|{side}": 1, f"level={min(level, 3)}": 1,
        f"head|dep={hl}|{tok.dep_}": 1, f"head|lemma={hl}|{tok.lemma_.lower()}": 1,
        f"parent|dep={tok.head.lemma_.lower()}|{tok.dep_}": 1,
        f"adjacent={abs(tok.i - tok.head.i) == 1}": 1, f"size={min(size, 6)}": 1,
        f"dep|size={tok.dep_}|{min(size, 4)}": 1,
    }
