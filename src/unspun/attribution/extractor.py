"""Attribution extraction from a spaCy parse: cue, source and content of every attribution.

The two decisions that rules get wrong most often are learned from PolNeAR train: whether a word is
the head of an attribution cue (a linear classifier over its lemma, syntax and arguments) and how far
the cue reaches ("said", "has said", "said in a statement", "according to"). Source and content then
follow the dependency tree: the cue's subject (or "according to X", "by X", the noun a participle
hangs on), its clausal complement or the clause it comments on, widened to whole quotations so a
quote across sentence and paragraph breaks stays one content.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from .. import assets
from .features import cue_features, extent_features, is_candidate
from .linear import LinearModel
from .polnear import Attribution
from .quotemarks import QuoteRegion, find_quotes, inside
from .speakers import TITLES

RESOURCE = "attribution"
_BREAKS_KEY = "unspun.attribution.paragraph_breaks"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd")
_INHERIT_SUBJECT = ("conj", "xcomp", "advcl", "pcomp", "prep")  # "… before asking", "by announcing"
#: A cue with no complement and no quotation nearby keeps the rest of its clause as content only when
#: this sure (measured on dev: at any probability cue exact F1 fell 0.004, at 0.7 it rose 0.002).
_FALLBACK_PROBABILITY = 0.7
#: Words that are never a content on their own ("Trump has been eager to withdraw, but …" had made "but" a
#: content); no PolNeAR content consists only of them ("said so" and "as" do occur, so those are not here).
_NOT_CONTENT = frozenset("a an the of to in on at for and or but with by from nor yet".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
#: Dependents after an object that PolNeAR counts as part of the content ("blasted him for …").
_OBJECT_COMPLEMENTS = ("prep", "oprd", "xcomp", "ccomp", "advcl", "acomp")
#: Capitalised words that open a line before a colon without naming a speaker.
_NOT_SPEAKERS = {"update", "updated", "breaking", "note", "editor", "correction", "photo", "video", "watch", "read",
                 "related", "source", "sources", "transcript", "latest", "live", "opinion", "analysis", "exclusive",
                 "warning", "advertisement", "tags", "share", "see", "more", "also", "graphic", "graphics", "chart",
                 "map", "guide", "tool", "factbox", "explainer", "timeline", "poll", "quiz", "podcast", "newsletter"}
_TRIM = set(" \t\n,;:—–-")
#: Marks that set off a clause inside a source ("Mr. Trump, who said …, issued").
_CLAUSE_MARKS = {",", "—", "–", "--", "-", "―", "("}
#: Raising verbs: their subject is what seems, not who judges ("Clinton appeared to have the most to
#: gain"); PolNeAR gives their cues no source (train, eight tenths: seem 24 of 32, appear 18 of 21).
_RAISING = {"seem", "appear"}
#: Verbs whose object holds the attitude ("That worries environmentalists"): the object is the source.
_EXPERIENCER_OBJECT = {"worry", "concern", "anger", "frustrate", "alarm", "upset", "trouble", "bother", "disturb",
                       "dismay", "annoy", "irritate", "surprise", "shock", "please", "delight", "impress",
                       "disappoint", "infuriate", "outrage", "scare", "frighten", "enrage", "excite"}

#: Verbs whose object is the one spoken to ("told us", "urged voters", "warned the drivers that …"): that
#: object is not what was said (reports had shown "an agency spokesman — told: us").
_ADDRESSEE_VERBS = {"tell", "ask", "urge", "remind", "inform", "assure", "notify", "brief", "warn", "advise", "caution",
                    "implore", "beg", "persuade"}

#: Dependents that only join or mark a clause (with "when", "where", …): what another attribution leaves of a
#: clause when they are all that is left.
_CLAUSE_PARTS = {"mark", "cc", "punct", "aux", "auxpass", "neg", "det"}
#: Entity types of a dateline's words.
_PLACES = {"GPE", "LOC"}
#: Words that open a clause of time: a cue in one says nothing about the clause it is attached to.
_WHEN = {"when", "while", "after", "before", "until", "once", "whenever"}


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
    """The cue: its head plus the dependents the extent classifier keeps, followed down the tree, cut
    to the unbroken run of tokens around the head. PolNeAR cues are contiguous, so a kept dependent
    beyond a rejected one ("released a letter from | his doctor | … says") can only make the cue
    wrong (measured: cue exact F1 +0.002 on dev and on a tenth of train)."""
    keep = {head.i}
    frontier = [(c, 1) for c in head.children]
    while frontier:
        rows = [(tok, level) for tok, level in frontier if extent_candidate(tok)]
        frontier = []
        if not rows:
            break
        probs = model.extent.proba(extent_features(head, tok, level) for tok, level in rows)
        for (tok, level), p in zip(rows, probs):
            if p >= model.extent_threshold:
                keep.add(tok.i)
                frontier.extend((c, level + 1) for c in tok.children)
    start = end = head.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    return list(range(start, end + 1))


def _subject_of(verb):
    """The subject of a verb, looking up through conjoined, open-complement and adverbial clauses."""
    para = _paragraph_of(verb.doc, verb.i)
    cue = verb
    for _ in range(4):
        subj = [c for c in verb.children if c.dep_ in _SUBJECTS and _paragraph_of(verb.doc, c.i) == para]
        if subj:
            # '"Full panic mode," said Leslie Wimes' is parsed with two subjects: the speaker is the
            # inverted one after the verb, the quotation before it is content
            return subj[-1] if len(subj) > 1 and subj[-1].i > verb.i else subj[0]
        if verb.dep_ not in _INHERIT_SUBJECT or verb.head is verb:
            break
        verb = verb.head
    return _stray_subject(cue, para)


def _stray_subject(verb, para: int):
    """A subject the parser hung on a verb of another paragraph, before `verb` in its own paragraph
    ("…, says Stephen E. Strang.\n\nStrang, who was a guest on Fox & Friends, said that …": "Strang" was the
    subject of "says", and "said" had none)."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and _paragraph_of(doc, i) == para:
        tok = doc[i]
        if tok.dep_ in _SUBJECTS and _paragraph_of(doc, tok.head.i) != para:
            return tok
        i -= 1
    return None


def _dash_after_quote(head) -> bool:
    """A dash right after a closing quotation mark introduces the speaker ('"…" ― Carlos Ruiz'); a
    non-breaking space between the two is its own token. The name starts with a capital: a sentence that
    goes on after the dash names no one ('“called himself a genius” — able to win roughly the same share
    of ballots as …' had made that phrase a speaker)."""
    if head.text not in {"—", "―", "–"}:
        return False
    i = head.i - 1
    while i >= 0 and head.doc[i].is_space and "\n" not in head.doc[i].text:
        i -= 1
    name = next((t for t in head.doc[head.i + 1 : head.i + 4] if not t.is_space), None)
    return i >= 0 and head.doc[i].text in {"”", '"', "»", "''"} and name is not None and name.text[:1].isupper()


def _line_start(tok) -> int:
    """Index of the first token on `tok`'s line."""
    doc = tok.doc
    i = tok.i
    while i > 0 and "\n" not in doc[i - 1].whitespace_ and "\n" not in doc[i - 1].text:
        i -= 1
    return i


def _speaker_label(head) -> bool:
    """A transcript's speaker label, a colon after one to four capitalised name words opening a line
    ('"WALLACE: …', 'Sen. Sanders: …'): an attribution whatever the classifier says. Page furniture
    with the same layout ("UPDATE:", "Photo:", "The Latest:") is not a speaker, nor is a label before
    a figure or an all-capitals line ("GOLD: $1357.15", "TORY MPs: CONSTITUENCY, …"), nor one before
    a heading, a line that ends without a full stop ("Graphic: Global assets in 2019 - here)"), nor a
    dateline of place names; a name in mixed case is a person's ("Mr Smith: …", not "Short Circuiting
    Policy: …")."""
    if head.text != ":" or head.i + 1 >= len(head.doc) or "\n" in head.whitespace_:
        return False
    words = [t for t in head.doc[_line_start(head) : head.i] if not t.is_punct and not t.is_space]
    if not 0 < len(words) <= 4 or not all(t.text[:1].isupper() and (t.is_upper or t.pos_ == "PROPN")
                                          and t.lower_ not in _NOT_SPEAKERS for t in words):
        return False
    if all(t.ent_type_ in _PLACES for t in words):
        return False  # a dateline ("Washington, DC, United States: Getting to the Moon …")
    turn = [head.doc[i] for i in _line_after(head, stop=())]
    said = "".join(t.text_with_ws for t in turn)
    ends = [t.text for t in turn if not (t.is_punct and t.is_right_punct or t.is_quote or t.text == ")")]
    if not said[:1].isalpha() and said[:1] not in "\"“'‘([" or not any(c.islower() for c in said):
        return False
    if not ends or ends[-1] not in {".", "?", "!", "…", "...", "—", "–", "--", "-", ":"}:
        return False
    # a mixed-case label names a person: "Mr Smith", "Sen. Sanders"
    return any(t.is_upper or t.ent_type_ == "PERSON" or t.lower_.rstrip(".") in TITLES for t in words)


def rule_cue(head) -> bool:
    """Cues fixed by layout rather than learned: a name line after a quotation, a transcript label."""
    return _dash_after_quote(head) or _speaker_label(head)


def _line_after(head, stop: tuple[str, ...] = (",", ";", "(")) -> list[int]:
    """Tokens after the dash up to the end of the line or the first comma (the speaker's name); with no
    `stop` marks, the rest of the line."""
    out: list[int] = []
    end = head.sent.end if stop else len(head.doc)
    for tok in head.doc[head.i + 1 : end]:
        if not out and tok.is_space and "\n" not in tok.text:
            continue  # the non-breaking space after the dash
        if (tok.is_space and "\n" in tok.text) or (tok.is_space and stop) or tok.text in stop:
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
    if head.lemma_ in _RAISING:
        return []
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
        if subject.lower_ == "it" and (head.lemma_ == "be" or head.pos_ == "ADJ"):
            return []  # "It is unclear whether …": the expletive says nothing about who holds the view
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
    if _speaker_label(head):  # a transcript turn runs to the end of its paragraph
        para = _paragraph_of(doc, head.i)
        end = head.i + 1
        while end < len(doc) and _paragraph_of(doc, end) == para:
            end += 1
        return list(range(head.i + 1, end))
    if head.text in {":", "—", "―", "–"}:
        return list(range(head.i + 1, head.sent.end))
    if head.lemma_ in ("quote", "cite") and any(c.lower_ == "as" for c in head.children):
        return []  # "X quoted Y as saying": the object is the speaker, the content is the quotation
    para = _paragraph_of(doc, head.i)
    if head.lemma_ in _EXPERIENCER_OBJECT:
        subjects = [c for c in head.children if c.dep_ in _SUBJECTS and c.i not in taken]
        if subjects:
            return [i for i in _subtree(subjects[0]) if i not in taken]
    if any(c.dep_ == "agent" for c in head.children):  # "The issue was first reported by the Post"
        subjects = [c for c in head.children if c.dep_ == "nsubjpass" and c.i not in taken]
        if subjects:
            return [i for i in _subtree(subjects[0]) if i not in taken]
    addressee = _addressee(head)
    if addressee and not _object_complements(head, addressee, taken):
        taken |= set(addressee)  # only the one spoken to ("told us"): what was said is elsewhere
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
        rest = [i for i in _subtree(host) if i not in own and i not in taken]
        if head.dep_ == "advcl" and any(c.lower_ in _WHEN for c in head.children):
            # a cue in a clause of time says nothing about its host clause: what follows the clause is what was
            # said ("Audience members laughed when he urged voters, '…'" is not what he urged); with nothing
            # after it the clause is most likely a misparse of "…, X is reporting" and the host stays
            return [i for i in rest if i > max(own)] or rest
        return rest
    if head.dep_ == "ROOT":
        # "Content, X said." parsed with the content as a dependent on the left
        inverted = any(c.dep_ in _SUBJECTS and c.i > head.i for c in head.children)
        left = [c for c in head.children if c.i < head.i and (inverted or c.dep_ not in _SUBJECTS)
                and c.i not in taken and c.dep_ not in ("punct", "aux", "auxpass", "neg", "advmod", "cc")]
        if left:
            return [i for c in left for i in _subtree(c) if i not in taken]
    return []


def _word_part(tok) -> bool:
    """A piece of a hyphenated word ("re" of "re-elected", which had been a cue "re"): not a word of its own."""
    doc = tok.doc
    glued_after = not tok.whitespace_ and tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-"
    glued_before = tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_
    return tok.is_alpha and (glued_after or glued_before)


def _addressee(head) -> list[int]:
    """The tokens of the one a telling verb speaks to, its object when that is a person or a group (a
    pronoun, a name, or a bare plural: "told us", "told Winfrey", "urged voters"); "told the story" keeps
    its object as content."""
    if head.lemma_.lower() not in _ADDRESSEE_VERBS:
        return []
    for obj in (c for c in head.children if c.dep_ in ("dobj", "dative")):
        bare_plural = obj.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in obj.children)
        if obj.pos_ in ("PRON", "PROPN") or obj.ent_type_ in ("PERSON", "ORG", "NORP") or bare_plural:
            return _subtree(obj)
    return []


def _object_complements(head, content: list[int], taken: set[int]) -> list[int]:
    """What completes an object as content ("blasted him | for not paying", "linked X | to Y",
    "called the charges | unsubstantiated"): the cue's complements after the object, as PolNeAR
    annotates them. They widen the content but claim no tokens, so a cue inside them still counts."""
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.i in content), None)
    if obj is None:
        return []
    return [i for c in head.children if c.i > obj.i and c.dep_ in _OBJECT_COMPLEMENTS and c.i not in taken
            for i in _subtree(c) if i not in taken]


def _rest_of_clause(head, taken: set[int]) -> list[int]:
    """Last resort for a confident cue with no complement and no quotation ("has responded with
    attacks on Machado", "sent a letter Thursday"): what the cue's clause says after it."""
    taken = taken | set(_addressee(head))
    return [i for c in head.children if c.i > head.i and not c.is_punct and c.i not in taken
            for i in _subtree(c) if i not in taken]


def _paragraph_of(doc, i: int) -> int:
    """Index of the paragraph (blank-line separated) holding token `i`.

    The blank-line offsets are found once per doc and kept in `doc.user_data`: `Doc.text` rebuilds the
    whole string on every access, which made this lookup most of the analyzer's time.
    """
    ends = doc.user_data.get(_BREAKS_KEY)
    if ends is None:
        ends = [m.end() for m in re.finditer("\n\n", doc.text)]
        doc.user_data[_BREAKS_KEY] = ends
    return bisect.bisect_right(ends, doc[i].idx)


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


def _clause_span(doc, clause) -> set[int]:
    """A clause inside a source with the marks that set it off (", who said …,")."""
    lo, hi = clause.left_edge.i, clause.right_edge.i
    out = set(range(lo, hi + 1))
    if lo > 0 and doc[lo - 1].text in _CLAUSE_MARKS:
        out.add(lo - 1)
        if hi + 1 < len(doc) and doc[hi + 1].text in _CLAUSE_MARKS:
            out.add(hi + 1)
    return out


def _source_clauses(doc, source: list[int], heads: set[int]) -> list[int]:
    """Drop the clauses PolNeAR leaves out of a source (counted on train, the held-out and
    error-reading tenths left out):

    - a relative or participial clause that holds another cue ("Mr. Trump, who said last week that …,
      issued a statement"): attributions do not nest, and no such clause is kept (0 of 125), while
      most clauses without a cue are;
    - a participle set off by a comma after the source's head ("Clinton, speaking in Ohio, said"):
      kept in 1 of 31.
    """
    inside = set(source)
    drop: set[int] = set()
    for i in inside & heads:
        tok = doc[i]
        while tok.dep_ not in ("relcl", "acl") and tok.head.i in inside and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ("relcl", "acl") and tok.head.i in inside:
            drop |= _clause_span(doc, tok)
    root = next((doc[i] for i in source if doc[i].head.i not in inside or doc[i].head.i == i), None)
    for child in root.children if root is not None else ():
        if child.i > root.i and child.dep_ == "acl" and child.tag_ == "VBG" and child.left_edge.i > 0 \
                and doc[child.left_edge.i - 1].text in _CLAUSE_MARKS:
            drop |= _clause_span(doc, child)
    return [i for i in source if i not in drop]


def _after_dateline(doc, source: list[int]) -> list[int]:
    """What follows a news dateline that a lead's subject starts with ("RENO, Nev. (AP) — Republican
    presidential hopeful Donald Trump says"): the dateline says where the story was filed, not who
    speaks. A dateline is at most six words before the first dash, opening with a capitalised place
    ("WASHINGTON —") or closing with the agency in brackets ("Philadelphia (AFP) –")."""
    dash = next((n for n, i in enumerate(source) if doc[i].text in {"—", "–", "--", "―"}), None)
    if not dash or dash > 6:
        return source
    first, last = doc[source[0]], doc[source[dash - 1]]
    if (first.is_upper and first.is_alpha and len(first.text) >= 3) or last.text == ")":
        return source[dash + 1 :]
    return source


def _trim_tokens(doc, indices: list[int]) -> list[int]:
    """Drop leading punctuation and spaces and trailing spaces (a source subtree can start at a stray mark)."""
    indices = _whole_words(doc, sorted(indices))
    while indices and (doc[indices[0]].is_punct or doc[indices[0]].is_space):
        indices.pop(0)
    while indices and doc[indices[-1]].is_space:
        indices.pop()
    return indices


def _char_fragments(doc, text: str, indices: list[int], quotes: list[QuoteRegion],
                    blocked: set[int]) -> list[tuple[int, int]]:
    """Character fragments of the content, trimmed of edge punctuation and widened to whole quotations.
    `text` is `doc.text`, passed in because spaCy rebuilds that string on every access."""
    if not indices:
        return []
    frags = [list(f) for f in _fragments(doc, indices)]
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


def _meaningful(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`frags`, or none when their words are all `_NOT_CONTENT` (a stray conjunction is a parse error, not a
    content)."""
    words = [w.lower() for s, e in frags for w in _WORD.findall(text[s:e])]
    return frags if any(w not in _NOT_CONTENT for w in words) else []


def _adjacent_quote(doc, text: str, tokens: list[int], quotes: list[QuoteRegion]) -> QuoteRegion | None:
    """A quotation right before or right after the cue and source ('"…," said X' / 'X said: "…"'),
    else the first one later in the cue's sentence ('X said in answer to … that it was "…"')."""
    if not tokens:
        return None
    first, last = doc[tokens[0]], doc[tokens[-1]]
    start, end = first.idx, last.idx + len(last.text)
    for region in quotes:
        between = text[region.end : start] if region.end <= start else text[end : region.start]
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
    text = doc.text
    quotes = find_quotes(text) if quotes is None else quotes
    candidates = [t for t in doc if is_candidate(t, model.lexicon)]
    if not candidates:
        return []
    probs = model.cue.proba(cue_features(t, quotes) for t in candidates)
    probs = [1.0 if rule_cue(t) else float(p) for p, t in zip(probs, candidates)]
    ranked = sorted(((p, t) for p, t in zip(probs, candidates) if p >= model.cue_threshold), key=lambda x: -x[0])
    heads = {t.i for _, t in ranked}
    claimed: set[int] = set()
    found: list[Found] = []
    for p, head in ranked:
        if head.i in claimed or _word_part(head):
            continue
        cue = [i for i in cue_tokens(head, model) if i not in claimed]
        # one source can say several things ("he said …, adding …"), so sources may be shared
        source = _source_clauses(doc, _same_paragraph(doc, head, source_tokens(head, cue)), heads - {head.i})
        source = _after_dateline(doc, source)
        source = _closing_comma(doc, _trim_tokens(doc, source), cue)
        whole = _same_paragraph(doc, head, content_tokens(head, cue, source))
        content = [i for i in whole if i not in claimed]
        if len(content) < len(whole) and all(doc[i].dep_ in _CLAUSE_PARTS or doc[i].tag_ == "WRB" for i in content):
            content = []  # what another attribution left of a clause ("When", its clause claimed) is not a content
        cue_source = set(cue) | set(source)
        widened = content + _same_paragraph(doc, head, _object_complements(head, content, claimed | cue_source))
        frags = _meaningful(text, _char_fragments(doc, text, sorted(set(widened)), quotes, cue_source))
        if not frags:
            region = _adjacent_quote(doc, text, sorted(cue_source), quotes)
            if region is not None and not any(region.start <= doc[i].idx < region.end for i in claimed):
                frags = [(region.start, region.end)]
                content = [t.i for t in doc.char_span(region.start, region.end, alignment_mode="expand") or []]
            elif p >= _FALLBACK_PROBABILITY:
                content = _rest_of_clause(head, claimed | cue_source)
                frags = _meaningful(text, _char_fragments(doc, text, content, quotes, cue_source))
            if not frags:
                continue
        quoted = any(inside(quotes, s) or inside(quotes, e - 1) for s, e in frags)
        found.append(Found(head.i, p, cue, source, frags, quoted))
        claimed |= cue_source | set(content)
    found.sort(key=lambda f: f.content[0][0])
    return found
