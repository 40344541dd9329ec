"""Speaker resolution across an article: the mentions "President Bashar al-Assad", "Assad", "the Syrian
President", "the president" and "he" become one speaker with one display name and one role.

Rules over the shared parse, in three passes: named mentions cluster by surname; role mentions ("the
president") join the named speaker who carries that title or role elsewhere in the article; pronouns
take the most recent speaker before them ("it" the most recent organisation, government or group). What stays unresolved keeps its own words as its name.
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
#: Entity types of a body that can be "it": "the US military said … It added that …".
_BODIES = {"ORG", "GPE", "NORP"}
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


def _is_person_name(tok) -> bool:
    return tok.ent_type_ == "PERSON" and _is_name(tok)


def _head(tokens: list):
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head is t]
    return roots[0] if roots else tokens[-1]


def _appositive(head, ids: set[int]):
    """The mention's appositive inside it ("minister, Anton Brezhel," -> Brezhel), if any."""
    return next((c for c in head.children if c.dep_ == "appos" and c.i in ids), None)


def _name_tokens(tokens: list) -> list:
    """The proper-noun run that names the mention's head, without titles ("President Bashar al-Assad" ->
    "Bashar al-Assad"), or the person named in apposition to a common noun ("Valdoria's defence
    minister, Anton Brezhel," -> "Anton Brezhel"); empty when neither is a name ("Assad's troops",
    "the president")."""
    if not tokens:
        return []
    ids = {t.i for t in tokens}
    head = _head(tokens)
    part_of_name = _is_name
    if not _is_name(head):
        head = _appositive(head, ids)
        if head is None or head.ent_type_ != "PERSON":
            return []
        part_of_name = _is_person_name  # "China's ambassador to Britain Liu Xiaming": not "Britain Liu"
    doc = head.doc
    lo = hi = head.i
    while lo - 1 in ids and (part_of_name(doc[lo - 1]) or doc[lo - 1].text == "-"):
        lo -= 1
    while hi + 1 in ids and (doc[hi + 1].text == "-" or (part_of_name(doc[hi + 1]) and not doc[hi].whitespace_)):
        hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


def _text(tokens: list) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


#: Where a role phrase in apposition stops: its first clause or list break ("a fellow at X, and co-author").
_ROLE_BREAK = {",", ";", ":", "(", "—", "–", "who", "which", "that", "whose"}
_ROLE_MAX_WORDS = 12


def _role_words(tokens: list, name: list) -> str | None:
    """The role a mention states: the titles right before a name ("Syrian President Bashar al-Assad",
    "Austria's interior minister Wolfgang Peschorn"), else the common-noun phrase the name stands in
    apposition to ("Valdoria's defence minister, Anton Brezhel"; "Anton Brezhel, the defence minister"),
    or the mention itself when it names no one ("the Syrian president")."""
    if not name:
        words = [t for t in tokens if (t.pos_ in ("ADJ", "NOUN", "PROPN") and not t.is_punct) or t.tag_ == "POS"]
        words = words[1:] if words and words[0].tag_ == "POS" else words
        return _cased(words) if words else None
    ids = {t.i for t in tokens}
    doc = name[0].doc
    lo = name[0].i
    while lo - 1 in ids and not doc[lo - 1].is_punct and doc[lo - 1].pos_ != "DET":
        lo -= 1
    before = list(doc[lo : name[0].i])
    if any(_is_title(t) for t in before):
        return _cased(before)
    named = {t.i for t in name}
    head = _head(tokens)
    phrase = head if head.i not in named else _appositive(head, ids)
    return _appositive_role(phrase, ids - named) if phrase is not None and not _is_name(phrase) else None


def _appositive_role(phrase, ids: set[int]) -> str | None:
    """The words of a role phrase as written, up to its first break, without its determiner; nothing
    for an age or a number ("Singh, 24,")."""
    words = []
    for t in phrase.subtree:
        if t.i not in ids:
            continue
        if t.lower_ in _ROLE_BREAK and words:
            break
        words.append(t)
    while words and (words[0].pos_ == "DET" or words[0].is_punct):
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    if not any(t.pos_ in ("NOUN", "PROPN") for t in words) or len(words) > _ROLE_MAX_WORDS:
        return None
    return _cased(words)


def _cased(words: list) -> str:
    """Words joined as written, titles and common words lower-cased ("Syrian president")."""
    return "".join((t.text if _keeps_case(t) else t.lower_) + (t.whitespace_ and " ") for t in words).strip()


def _keeps_case(tok) -> bool:
    """Places, nationalities, names and acronyms keep their capitals in a role; titles do not ("Syrian
    president", "CEO")."""
    return tok.ent_type_ in ("NORP", "GPE") or (tok.pos_ == "PROPN" and not _is_title(tok)) or (
        tok.is_upper and len(tok) > 1)


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
    last_body: Speaker | None = None  # the latest organisation, government or group, for "it"
    for mid, tokens, name, role in parsed:
        if mid is None:
            continue
        span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else (0, 0)
        speaker: Speaker | None = None
        if name:
            speaker = by_key[surname_key(_text(name))]
        elif len([t for t in tokens if not t.is_punct]) == 1 and tokens[0].lower_ in PRONOUNS:
            speaker = last
        elif len([t for t in tokens if not t.is_punct]) == 1 and tokens[0].lower_ == "it":
            speaker = last_body
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
        if any(t.ent_type_ in _BODIES for t in tokens):
            last_body = speaker
    return out


def _by_role(speakers, role: str) -> Speaker | None:
    """The named speaker whose title or role shares the role's head noun ("president")."""
    head = role.split()[-1].lower()
    matches = [s for s in speakers if s.kind == "person" and s.role and head in s.role.lower().split()]
    return matches[0] if len(matches) == 1 else None
