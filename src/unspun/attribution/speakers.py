"""Speaker resolution across an article: the mentions "President Bashar al-Assad", "Assad", "the Syrian
President", "the president" and "he" become one speaker with one display name and one role.

Rules over the shared parse, in three passes: named mentions cluster by surname; role mentions ("the
president") join the named speaker who carries that title or role elsewhere in the article; pronouns
take the most recent speaker before them. What stays unresolved keeps its own words as its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Words that title a person rather than name them ("President X", "Sen. Y").
TITLES = {
    "president", "vice", "prime", "minister", "secretary", "senator", "sen.", "rep.", "representative", "gov.",
    "governor", "mayor", "general", "gen.", "mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "dr", "chancellor",
    "king", "queen", "prince", "ambassador", "chairman", "chairwoman", "commissioner", "judge", "justice",
    "director", "spokesman", "spokeswoman", "spokesperson", "speaker", "leader", "chief", "ceo", "sheikh",
    "pope", "foreign", "defense", "defence", "deputy", "former", "lt.", "col.", "sgt.", "adm.", "attorney",
    "congressman", "congresswoman", "councilman", "councilwoman", "councillor", "assemblyman", "del.", "sheriff",
    "professor", "prof.", "rev.", "bishop", "imam", "rabbi", "coach", "president-elect", "lawmaker", "economist",
}
PRONOUNS = {"he", "she", "him", "her"}  # singular third person: "they", "I", "we" name someone else
_NAME_POS = {"PROPN"}


@dataclass
class Speaker:
    """One resolved speaker: display name, role, kind (`person`, `role`, `outlet`, `anonymous`) and mentions."""

    name: str
    role: str | None = None
    kind: str = "person"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""


def _is_name(tok) -> bool:
    return tok.pos_ in _NAME_POS and not _is_title(tok)


def _name_tokens(tokens: list) -> list:
    """The proper-noun run that names the mention's head, without titles ("President Bashar al-Assad" ->
    "Bashar al-Assad"); empty when the head is a common noun ("Assad's troops", "the president")."""
    if not tokens:
        return []
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head is t]
    head = roots[0] if roots else tokens[-1]
    if not _is_name(head):
        return []
    doc = head.doc
    lo = hi = head.i
    while lo - 1 in ids and (_is_name(doc[lo - 1]) or doc[lo - 1].text == "-"):
        lo -= 1
    while hi + 1 in ids and (doc[hi + 1].text == "-" or (_is_name(doc[hi + 1]) and not doc[hi].whitespace_)):
        hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


def _text(tokens: list) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _role_words(tokens: list, name: list) -> str | None:
    """The role a mention states: titles before a name, or a common-noun phrase ("the Syrian president")."""
    named = {t.i for t in name}
    words = [t for t in tokens if t.i not in named and t.pos_ in ("ADJ", "NOUN", "PROPN") and not t.is_punct]
    if name:
        words = [t for t in words if t.i < name[0].i and _is_title(t)]
    if not words:
        return None
    return " ".join(t.text if t.ent_type_ in ("NORP", "GPE") else t.lower_ for t in words)


def _titled_people(doc) -> list[list]:
    """Person entities with the titles right before them ("Syrian President Bashar al-Assad")."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start
        while i > ent.sent.start and (_is_title(doc[i - 1]) or doc[i - 1].ent_type_ in ("NORP", "GPE")):
            i -= 1
        if any(_is_title(t) for t in doc[i : ent.end]):
            out.append(list(doc[i : ent.end]))
    return out


def _is_title(tok) -> bool:
    return tok.lower_ in TITLES or tok.lower_.rstrip(".") in TITLES


def surname_key(name: str) -> str:
    """A name's clustering key: its last word, lower-cased, without "al-"-style particles."""
    last = re.split(r"[\s]+", name.strip())[-1]
    last = re.sub(r"^(al|el|ad|as|ar|ash)-", "", last.lower())
    return re.sub(r"['’]s$", "", last)


def resolve(mentions: list[tuple[int, list]], doc) -> dict[int, Speaker]:
    """Resolve source mentions `(id, tokens)` given in text order; returns `{id: Speaker}`.

    Speakers with the same key are the same object, so callers can count distinct speakers.
    """
    by_key: dict[str, Speaker] = {}
    parsed: list[tuple[int | None, list, list, str | None]] = []
    for mid, tokens in mentions:
        name = _name_tokens(tokens)
        parsed.append((mid, tokens, name, _role_words(tokens, name)))
    # pass 1: named speakers, clustered by surname; the longest name is the display name. Titled people
    # named anywhere in the text count too, so "the president" reaches "President X" seen in passing.
    for tokens in _titled_people(doc):
        name = _name_tokens(tokens)
        role = _role_words(tokens, name)
        if name and role:
            parsed.append((None, tokens, name, role))
    for _, tokens, name, role in parsed:
        if not name:
            continue
        key = surname_key(_text(name))
        speaker = by_key.setdefault(key, Speaker(name=_text(name), key=key))
        if len(_text(name)) > len(speaker.name):
            speaker.name = _text(name)
        if role and (speaker.role is None or len(role) > len(speaker.role)):
            speaker.role = role
    out: dict[int, Speaker] = {}
    last: Speaker | None = None
    for mid, tokens, name, role in parsed:
        if mid is None:
            continue
        span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else (0, 0)
        speaker: Speaker | None = None
        if name:
            speaker = by_key[surname_key(_text(name))]
        elif len([t for t in tokens if not t.is_punct]) == 1 and tokens[0].lower_ in PRONOUNS:
            speaker = last
        elif role:
            speaker = _by_role(by_key.values(), role)
            if speaker is not None and (speaker.role is None or len(role) > len(speaker.role)):
                speaker.role = role
        if speaker is None:
            text = _text(tokens) or "unnamed"
            key = "role:" + (role or text.lower())
            speaker = by_key.setdefault(key, Speaker(name=text, kind="role", key=key))
        speaker.mentions.append(span)
        out[mid] = speaker
        if speaker.kind == "person":
            last = speaker
    return out


def _by_role(speakers, role: str) -> Speaker | None:
    """The named speaker whose title or role shares the role's head noun ("president")."""
    head = role.split()[-1].lower()
    matches = [s for s in speakers if s.kind == "person" and s.role and head in s.role.lower().split()]
    return matches[0] if len(matches) == 1 else None
