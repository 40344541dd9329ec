"""From the parse of one article to its quote findings: attributions, speakers, relay chains,
anonymous sourcing and the article's figures (the `quotes` analyzer's whole job)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..extract.patterns import POST_SIGNATURE
from ..report import Article, Finding, Span
from ..spans import covered_share
from .extractor import Found, extract
from .quotemarks import QuoteRegion, find_quotes
from .relay import ANONYMITY, Outlet, is_anonymous, outlet_at, outlet_speaking, outlets_in, paragraphs, passages
from .speakers import FIRST_PERSON, Speaker, resolve

ANALYZER = "quotes"
#: The report shows unquoted attributions only above this cue probability. The evaluation keeps the
#: dev-tuned threshold (it maximises F1 over PolNeAR's broad notion of attribution, beliefs included);
#: a reader is better served by fewer, surer findings ("troops appear closer" is not a quote).
#: Unnamed sourcing ("recent reports saying …") is kept at any probability: it is what a reader needs.
REPORT_THRESHOLD = 0.7
_DASH_LINE = re.compile(r"^\s*(?P<dash>[—–―-]{1,2})\s*(?P<who>[^\n]{2,80})$")
#: The dash and the name of an embedded post's signature (`POST_SIGNATURE` finds the whole signature).
_SIGNER = re.compile(r"(?P<dash>[—–-]{1,2})\s*(?P<name>[^\n()]+?)\s*\(@")


@dataclass
class Item:
    """One attribution on its way to a finding."""

    content: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    source: list  # tokens
    speaker_tokens: list
    relays: list[str] = field(default_factory=list)
    quoted: bool = False
    probability: float | None = None
    how: str = "parse"


def _tokens(doc, frags) -> list:
    out = []
    for s, e in frags:
        span = doc.char_span(s, e, alignment_mode="expand")
        out.extend(t for t in (span or []) if not t.is_space)
    return out


def _from_found(doc, f: Found, outlets: list[Outlet]) -> Item:
    """An extracted attribution; "X quoted Y as saying" makes Y the speaker and X a relay."""
    a = f.attribution(doc)
    head = doc[f.head]
    source = [doc[i] for i in f.source]
    speaker = source
    if len(source) == 1 and source[0].tag_ in ("WP", "WDT") and source[0].head.dep_ == "relcl":
        noun = source[0].head.head  # "Alexander Vindman, who described …": the speaker is the noun "who" stands for
        speaker = list(doc[noun.left_edge.i : noun.i + 1])
    relays: list[str] = []
    objects = [c for c in head.children if c.dep_ == "dobj"]
    if head.lemma_ in ("quote", "cite") and objects and any(c.lower_ == "as" for c in head.children):
        speaker = [doc[i] for i in range(objects[0].left_edge.i, objects[0].right_edge.i + 1)]
        if source:
            outlet = outlet_at(outlets, source[0].idx, source[-1].idx + len(source[-1].text))
            relays.append(outlet.name if outlet else "".join(t.text_with_ws for t in source).strip())
    return Item(list(a.content), list(a.cue), source, speaker, relays, f.quoted, f.probability)


def _speaker_line(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The dash and the name of a line such as "— Commissioner Tom Baker", if `[start, end)` is one; a
    sentence going on after a dash ('"…a chief executive officer"—and someone he learned from') names no one."""
    m = _DASH_LINE.match(text[start:end])
    if m is None or not m.group("who")[0].isupper():
        return None
    who = m.group("who").rstrip()
    return (start + m.start("dash"), start + m.end("dash")), (start + m.start("who"), start + m.start("who") + len(who))


def _line_attributions(article: Article, doc, quotes: list[QuoteRegion], items: list[Item]) -> list[Item]:
    """Quotes whose attribution is a line of its own: "— Commissioner X" after the quote (in its paragraph
    or the next), or "And from Chairwoman Y:" in the paragraph before a paragraph that is one quotation."""
    covered = [(s, e) for it in items for s, e in it.content]
    blocks = [b for b in paragraphs(article) if b[2] != "blockquote"]
    text = article.text
    out: list[Item] = []
    for region in quotes:
        if any(s < region.inner_end and e > region.inner_start for s, e in covered):
            continue
        idx = next((i for i, b in enumerate(blocks) if b[0] <= region.start < b[1]), None)
        if idx is None:
            continue
        start, end, _ = blocks[idx]
        whole = not text[start : region.start].strip() and len(text[region.end : end].strip()) <= 2
        line = _speaker_line(text, region.end, end)
        if line is None and whole and idx + 1 < len(blocks):
            line = _speaker_line(text, *blocks[idx + 1][:2])
        if line is not None:
            who = _tokens(doc, [line[1]])
            out.append(Item([(region.start, region.end)], [line[0]], who, who, quoted=True, how="line after"))
            continue
        prev = blocks[idx - 1] if idx else None
        if whole and prev and text[prev[0] : prev[1]].rstrip().endswith(":"):
            colon = prev[0] + len(text[prev[0] : prev[1]].rstrip()) - 1
            toks = _tokens(doc, [(prev[0], colon)])
            names = [t for t in toks if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"]
            if names:
                who = [t for t in toks if names[0].i <= t.i <= names[-1].i]
                out.append(Item([(region.start, region.end)], [(colon, colon + 1)], who, who, quoted=True,
                                how="line before"))
    return out


def _posts(article: Article, doc) -> tuple[list[Item], list[tuple[int, int]]]:
    """Embedded posts: a blockquote ending in a post signature ("— Governor Kristi Noem (@govkristinoem)
    November 18, 2019") is the signer's words, one attribution whose speaker is the signature's name. Returns
    those attributions and the posts' spans."""
    text = article.text
    out: list[Item] = []
    spans: list[tuple[int, int]] = []
    for start, end, kind in paragraphs(article):
        found = POST_SIGNATURE.search(text, start, end) if kind == "blockquote" else None
        signer = _SIGNER.search(text, found.start(), found.end()) if found else None
        said = text[start : found.start()].rstrip() if found else ""
        if signer is None or not said:
            continue
        who = _tokens(doc, [signer.span("name")])
        while who and not any(ch.isalnum() for ch in who[-1].text):  # "Dianna E. Anderson 🏳️‍🌈": no emoji
            who.pop()
        out.append(Item([(start, start + len(said))], [signer.span("dash")], who, who, quoted=True,
                        how="post signature"))
        spans.append((start, end))
    return out, spans


def _first_person(tokens: list) -> bool:
    """A source that is only "I", "we", "me" or "us" (or none at all)."""
    return all(t.lower_ in FIRST_PERSON for t in tokens)


def _continued(items: list[Item], article: Article, quotes: list[QuoteRegion], doc) -> list[Item]:
    """A paragraph that is one bare quotation continues the previous paragraph's single speaker."""
    covered = [(s, e) for it in items for s, e in it.content]
    blocks = [b for b in paragraphs(article) if b[2] != "blockquote"]
    text = article.text
    out = []
    for i, (start, end, _) in enumerate(blocks[1:], 1):
        region = next((q for q in quotes if q.start == start + len(text[start:end]) - len(text[start:end].lstrip())), None)
        if region is None or text[region.end : end].strip() or any(s < region.end and e > region.start for s, e in covered):
            continue
        pstart, pend, _ = blocks[i - 1]
        before = [it for it in items if it.content and pstart <= it.content[0][0] < pend and it.speaker_tokens]
        if len({"".join(t.text for t in it.speaker_tokens) for it in before}) == 1:
            out.append(Item([(region.start, region.end)], [], [], before[-1].speaker_tokens, list(before[-1].relays),
                            quoted=True, how="continued"))
    return out


def _form(content: list[tuple[int, int]], quotes: list[QuoteRegion], text: str) -> str:
    """direct (all inside quotation marks), mixed (partly) or indirect (none)."""
    chars = [i for s, e in content for i in range(s, e) if not text[i].isspace() and text[i] not in "“”\"«»„"]
    if not chars:
        return "indirect"
    inside = sum(1 for i in chars if any(q.inner_start <= i < q.inner_end for q in quotes))
    if inside >= 0.9 * len(chars):
        return "direct"
    return "mixed" if inside else "indirect"


def _pairs(frags) -> list[list[int]]:
    return [[int(s), int(e)] for s, e in frags]


_CUE_MARKS = " \t\n:;,.—–-―\"“”'‘’()"  # a cue's own punctuation is not shown ("said::", "— — revealed")
#: A contracted auxiliary at a cue's start, cut from the word it leans on ("we’ve asked" -> cue "’ve asked"):
#: shown, it read "ve asked", so the message leaves it out ("asked").
_CLITIC = re.compile(r"^\s*['’](?:ve|d|ll|s|re|m)\b\s*", re.I)
#: Cue lemmas that make an unnamed source *sourcing*: telling, reporting, judging. "Officials have made no
#: changes", "audience members laughed", "reports urging …" are attributions in PolNeAR's broad sense, but
#: nobody is relied on for a fact, so they are quotes of an unidentified group, not anonymous sources.
#: With no source at all, only these cues are reported: "is called", "was known as", "is charged with",
#: "would not seem", "view this video" name, charge, hedge or instruct, and nobody says anything.
_REPORTING = frozenset(
    "say tell report claim state add note explain confirm deny reveal suggest believe think argue insist warn "
    "allege accord indicate describe acknowledge admit estimate predict expect fear suspect speculate maintain "
    "assert announce disclose brief testify write tweet post quote cite show find conclude caution "
    "stress emphasise emphasize contend reckon signal hint mention recount recall concede".split()
)


def _reports(doc, cue: list[tuple[int, int]]) -> bool:
    """Whether an attribution's cue reports or judges (any cue word's lemma in `_REPORTING`, not in a
    narrated participle; no cue: yes)."""
    words = [t for s, e in cue for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
    return not words or any(t.lemma_.lower() in _REPORTING and not _narrated(t) for t in words)


#: Cues that pass on what is going round when they are passive with no agent ("it was alleged", "it has been
#: reported", "they were said to be"): unnamed sourcing. Any other agentless passive ("it is estimated", "is
#: expected", "is believed") hedges a figure or a forecast, and nobody is quoted: no attribution.
_HEARSAY = frozenset("say report allege claim rumor rumour".split())


def _kept(doc, item: Item, quotes: list[QuoteRegion], text: str) -> bool:
    """Whether an attribution is shown. One with a source is; one with none only when its cue reports or judges
    and is not an agentless passive that hedges, or when it follows the quotation it attributes
    ('“…,” read one.': the layout of a quote, whatever its verb)."""
    if item.speaker_tokens:
        return True
    passive = _agentless(doc, item.cue)
    if passive:
        return _hearsay(passive)
    return _reports(doc, item.cue) or _after_quote(item, quotes, text)


def _agentless(doc, cue: list[tuple[int, int]]) -> list:
    """The cue's passive verbs with no "by" agent ("is estimated", "was alleged", "has been reported")."""
    words = [t for s, e in cue for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
    return [t for t in words if any(c.dep_ == "auxpass" for c in t.children)
            and not any(c.dep_ == "agent" for c in t.children)]


def _hearsay(passive: list) -> bool:
    """Whether agentless passive cue words pass on hearsay (`_HEARSAY`)."""
    return any(t.lemma_.lower() in _HEARSAY for t in passive)


def _after_quote(item: Item, quotes: list[QuoteRegion], text: str) -> bool:
    """A cue right after a quotation closed by a comma, "?" or "!" that is the attribution's content
    ('“If women wanted …,” read one.'): the inverted layout of a quote and its attribution."""
    if not item.cue:
        return False
    before = len(text[: min(s for s, _ in item.cue)].rstrip())
    return any(q.end == before and text[q.inner_start : q.inner_end].rstrip()[-1:] in (",", "?", "!")
               and any(s <= q.inner_start < e for s, e in item.content) for q in quotes)


def _within(item: Item, spans: list[tuple[int, int]]) -> bool:
    """Whether an attribution's content starts inside one of `spans`."""
    return any(s <= item.content[0][0] < e for s, e in spans)


def _narrated(token) -> bool:
    """A participle with no subject of its own hanging on a verb that reports nothing: it tells what that
    verb's subject did ("U.S. officials settled on a plan to drop leaflets …, warning the drivers that an
    attack was coming"), so nobody is relied on for what it says ("officials said …, adding" still reports)."""
    return (token.tag_ == "VBG" and token.dep_ == "advcl" and token.head.lemma_.lower() not in _REPORTING
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children))


def _describes_source(item: Item, wording: list[tuple[int, int]]) -> bool:
    """An attribution that is anonymity wording and nothing else ("a senior official who asked not to be
    named said …" had given the quote "A senior official — asked: not to be named"): it describes a source."""
    frags = item.cue + item.content
    return any(all(s <= a and b <= e for a, b in frags) for s, e in wording)


def analyze(article: Article, doc) -> list[Finding]:
    """All quote findings of one article, in text order, then the article's `figures`."""
    text = article.text
    quotes = find_quotes(text)
    outlets = outlets_in(article, doc)
    relayed = passages(article, outlets)
    items = [_from_found(doc, f, outlets) for f in extract(doc, quotes=quotes)]
    wording = [(m.start(), m.end()) for m in ANONYMITY.finditer(text)]
    items = [it for it in items if (it.quoted or (it.probability or 0) >= REPORT_THRESHOLD or is_anonymous(it.source))
             and _kept(doc, it, quotes, text) and not _describes_source(it, wording)]
    posts, post_spans = _posts(article, doc)
    # what a post says in the first person (or with no source) is the post itself, its signer's
    items = [it for it in items if not (_first_person(it.speaker_tokens) and _within(it, post_spans))] + posts
    items += _line_attributions(article, doc, quotes, items)
    items += _continued(items, article, quotes, doc)
    items.sort(key=lambda it: it.content[0][0])
    blockquotes = [(s, e) for s, e, k in paragraphs(article) if k == "blockquote"]

    anonymous = [(is_anonymous(it.speaker_tokens) and _reports(doc, it.cue))
                 or (not it.speaker_tokens and _hearsay(_agentless(doc, it.cue))) for it in items]
    outlet_of = [outlet_speaking(outlets, it.speaker_tokens) for it in items]
    # unnamed sources are mentions too: "he" after "a senior official said" is that official, not someone named
    # earlier (their own finding stays unnamed sourcing). An "I" or "we" in a blockquote is whoever wrote the
    # quoted passage, not the page's author: it is left unresolved.
    mentions = [(i, it.speaker_tokens) for i, it in enumerate(items) if it.speaker_tokens and outlet_of[i] is None
                and not (_first_person(it.speaker_tokens) and _within(it, blockquotes))]
    mentions.sort(key=lambda m: m[1][0].i)
    speakers: dict[int, Speaker] = resolve(mentions, doc, quotes)

    findings: list[Finding] = []
    relayed_spans: dict[str, list[tuple[int, int]]] = {}
    for p in relayed:
        relayed_spans.setdefault(p.relay, []).append((p.start, p.end))
    named: dict[str, Speaker] = {}
    for i, it in enumerate(items):
        start = it.content[0][0]
        passage = next((p for p in relayed if p.start <= start < p.end), None)
        chain = list(it.relays) + ([passage.relay] if passage and passage.relay not in it.relays else [])
        speaker, role, kind = None, None, "unknown"
        if outlet_of[i] is not None:
            speaker, kind = outlet_of[i].name, "outlet"
            relayed_spans.setdefault(speaker, []).extend(it.content)
        elif anonymous[i]:
            kind = "anonymous"
        elif i in speakers:
            s = speakers[i]
            speaker, role, kind = s.name, s.role, s.kind
            if s.kind == "person":
                named[s.key] = s
        for outlet in it.relays:
            relayed_spans.setdefault(outlet, []).extend(it.content)
        in_block = any(s <= start < e for s, e in blockquotes)
        form = _form(it.content, quotes, text)
        source_pairs = _pairs((t.idx, t.idx + len(t.text)) for t in it.source) if it.source else []
        said = " ".join(text[s:e] for s, e in it.content)
        line = " ".join(said.split())  # a post's lines ("on. meth.\nwe’re. on. it.") make one line of the message
        excerpt = line if len(line) <= 160 else line[:157] + "…"  # the message stays short; the evidence is whole
        evidence = {
            "content": _pairs(it.content), "cue": _pairs(it.cue), "source": _merge(source_pairs, text),
            "speaker": speaker, "role": role, "chain": chain, "form": form, "speaker_kind": kind,
            "found_by": it.how, "text": said,
        }
        via = f" via {' → '.join(chain)}" if chain else ""
        # the cue words in the message: "denied", "declined", "does not want" reverse what the content says
        cue_words = " ".join(w for w in (_CLITIC.sub("", text[s:e]).strip(_CUE_MARKS) for s, e in it.cue)
                             if any(ch.isalpha() for ch in w))
        via += f" — {cue_words}" if cue_words else ""
        if kind == "anonymous":
            words = "".join(t.text_with_ws for t in it.speaker_tokens).strip()
            findings.append(Finding(analyzer=ANALYZER, kind="anonymous_source", label="unnamed",
                                    score=it.probability, spans=[Span(start=s, end=e) for s, e in it.content],
                                    message=f"Unnamed sourcing{f' ({words})' if words else ''}{via}: {excerpt}",
                                    evidence=evidence))
            continue
        who = f"{speaker} ({role})" if speaker and role else (speaker or "an unidentified speaker")
        findings.append(Finding(analyzer=ANALYZER, kind="quote", label="blockquote" if in_block else form,
                                score=it.probability, spans=[Span(start=s, end=e) for s, e in it.content],
                                message=f"{who}{via}: {excerpt}", evidence=evidence))
    findings += _anonymity_phrases(text, items, [it for i, it in enumerate(items) if anonymous[i]], wording)
    n_anonymous = sum(1 for f in findings if f.kind == "anonymous_source")
    # quotes listed as "an unidentified speaker" are neither named speakers nor unnamed sourcing: counted apart
    n_unidentified = sum(1 for f in findings if f.kind == "quote" and f.evidence["speaker"] is None)
    contents = [c for it in items for c in it.content]
    relayed_all = [c for spans in relayed_spans.values() for c in spans]
    figures = {
        "quoted_share": covered_share(contents, text),
        "direct_quote_share": covered_share([(q.start, q.end) for q in quotes], text),
        "relayed_share": covered_share(relayed_all, text),
        "relayed_by": {name: covered_share(spans, text) for name, spans in relayed_spans.items()},
        "named_speakers": sorted({s.name for s in named.values()}),
        "speakers": [{"name": s.name, "role": s.role, "attributions": len(s.mentions)} for s in named.values()],
        "anonymous_sources": n_anonymous,
        "unidentified_speakers": n_unidentified,
        "attributions": len(items),
    }
    by = ", ".join(f"{k} {v:.0%}" for k, v in figures["relayed_by"].items())
    message = (f"{figures['quoted_share']:.0%} of the body is attributed to someone; "
               f"{figures['relayed_share']:.0%} is relayed from other outlets{f' ({by})' if by else ''}; "
               f"{len(figures['named_speakers'])} named speaker(s), {n_anonymous} unnamed source(s)"
               f"{f', {n_unidentified} quote(s) with no identified speaker' if n_unidentified else ''}.")
    findings.append(Finding(analyzer=ANALYZER, kind="figures", label="figures", message=message,
                            spans=[Span(start=s, end=e) for s, e in relayed_all], evidence=figures))
    return findings


def _merge(pairs: list[list[int]], text: str) -> list[list[int]]:
    out: list[list[int]] = []
    for s, e in pairs:
        if out and not text[out[-1][1] : s].strip():
            out[-1][1] = e
        else:
            out.append([s, e])
    return out


def _anonymity_phrases(text: str, items: list[Item], anonymous: list[Item],
                       wording: list[tuple[int, int]]) -> list[Finding]:
    """Anonymity wording ("speaking on condition of anonymity") outside any extracted attribution and outside
    the sentences of the unnamed sourcing already found (there it describes that source: counted twice, one
    source had read as two)."""
    covered = [(t.idx, t.idx + len(t.text)) for it in items for t in it.speaker_tokens]
    covered += [c for it in items for c in it.content]
    covered += [(t.sent.start_char, t.sent.end_char) for it in anonymous for t in it.speaker_tokens[:1]]
    out = []
    for start, end in wording:
        if any(s <= start < e for s, e in covered):
            continue
        out.append(Finding(analyzer=ANALYZER, kind="anonymous_source", label="unnamed",
                           spans=[Span(start=start, end=end)],
                           message=f"Unnamed sourcing: “{text[start:end]}”",
                           evidence={"content": [], "cue": [], "source": [[start, end]], "speaker": None,
                                     "role": None, "chain": [], "speaker_kind": "anonymous", "found_by": "wording"}))
    return out
