"""Speaker resolution across an article: the mentions "President Bashar al-Assad", "Assad", "the Syrian
President", "the president" and "he" become one speaker with one display name and one role.

Rules over the shared parse, in three passes: named mentions cluster by surname; role mentions ("the
president") join the named speaker who carries the same head noun in a title or role elsewhere in the
article; "he"/"she" take the most recent person before them, a speaker or a person named as the subject
of a clause outside quotation marks ("Trump was more direct. '…,' he said"), skipping one of the other
gender (known from a title, "Mr", "Queen", "spokeswoman", or from an earlier "he"/"she" bound to
them); "it" takes the most recent organisation, government or group. Names of places, organisations
and groups ("New Delhi", "the Standing Committee") are speakers of kind `organisation`, never a "he" or
"she". What stays unresolved keeps its own words as its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .quotemarks import QuoteRegion, find_quotes, inside

#: Words that title a person rather than name them ("President X", "Sen. Y").
TITLES = {
    "president", "vice", "prime", "minister", "secretary", "senator", "sen.", "rep.", "representative", "gov.",
    "governor", "mayor", "general", "gen.", "mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "dr", "chancellor",
    "king", "queen", "prince", "ambassador", "chairman", "chairwoman", "commissioner", "judge", "justice",
    "director", "spokesman", "spokeswoman", "spokesperson", "speaker", "leader", "chief", "ceo", "sheikh",
    "pope", "foreign", "defense", "defence", "deputy", "former", "lt.", "col.", "sgt.", "adm.", "attorney",
    "congressman", "congresswoman", "councilman", "councilwoman", "councillor", "assemblyman", "del.", "sheriff",
    "professor", "prof.", "rev.", "bishop", "imam", "rabbi", "coach", "president-elect", "lawmaker", "economist",
    "mp", "mep",
}
PRONOUNS = {"he", "she", "him", "her"}  # singular third person: "they", "I", "we" name someone else
#: Grammatical gender of the singular pronouns and of gendered titles ("Mr", "Queen", "spokeswoman").
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GENDER: dict[str, str] = {}
_GENDER.update(dict.fromkeys(("mr", "sir", "lord", "king", "prince", "duke", "baron", "emperor", "spokesman",
                              "chairman", "congressman", "councilman", "assemblyman", "businessman"), "m"))
_GENDER.update(dict.fromkeys(("mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "duchess",
                              "baroness", "empress", "spokeswoman", "chairwoman", "congresswoman",
                              "councilwoman", "assemblywoman", "businesswoman"), "f"))
#: Titles that are courtesy, not a role: left out of the role shown ("Trump (mr.)", "Noem (gov.)" read oddly).
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "rev", "sir", "dame", "madam", "messrs", "hon"}
#: Abbreviated titles, spelt out in a role.
_SPELT = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
          "col": "colonel", "sgt": "sergeant", "adm": "admiral", "prof": "professor", "del": "delegate",
          "supt": "superintendent", "insp": "inspector", "atty": "attorney"}
#: Words that keep the word after them in a role's head ("vice president" is not "president").
_HEAD_MODIFIERS = {"vice", "deputy", "assistant", "acting", "associate", "former", "ex"}
#: Words after which a role's head is done ("secretary of state", "ambassador to Britain").
_HEAD_ENDS = {"of", "to", "for", "at", "in", "on", "with", "from", "and", "who", "which", "that", "whose"}
#: Entity types of a body that can be "it": "the US military said … It added that …".
_BODIES = {"ORG", "GPE", "NORP"}
#: Entity types of a name that is not a person: "New Delhi said", "the Standing Committee views".
_NOT_PERSONS = _BODIES | {"LOC", "FAC"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: The writer's own voice outside quotation marks ("I don't think", "we reported").
FIRST_PERSON = {"i", "me", "we", "us"}
#: Words that bring someone new into the story ("a spokesperson", "one academic").
_INDEFINITE = {"a", "an", "one", "another"}
#: Nouns for one person besides titles, which a role-only mention can have as its head ("an official").
_PERSON_NOUNS = {"official", "aide", "diplomat", "insider", "witness", "staffer", "analyst", "expert", "observer",
                 "person", "source", "resident", "academic", "lecturer", "teacher", "doctor", "lawyer", "officer",
                 "worker", "student", "woman", "man", "activist", "researcher", "scientist", "employee"}
_NAME_POS = {"PROPN"}


@dataclass
class Speaker:
    """One resolved speaker: display name, role, kind (`person`, `organisation` for a named place,
    organisation or group, `author` for the page's own "I"/"we", `role`, `outlet`, `anonymous`) and mentions."""

    name: str
    role: str | None = None
    kind: str = "person"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""
    gender: str | None = None  # "m" / "f" once a title or a bound "he"/"she" tells; never shown


def _is_name(tok) -> bool:
    return tok.pos_ in _NAME_POS and not _is_title(tok)


def _is_person_name(tok) -> bool:
    return tok.ent_type_ == "PERSON" and _is_name(tok)


def phrase_head(tokens: list):
    """The head of a token phrase: its first token whose head lies outside it, else its last token."""
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
    head = phrase_head(tokens)
    part_of_name = _is_name
    if not _is_name(head):
        head = _appositive(head, ids)
        if head is None or head.ent_type_ != "PERSON":
            return []
        part_of_name = _is_person_name  # "China's ambassador to Britain Liu Xiaming": not "Britain Liu"
    doc = head.doc
    if head.ent_type_ == "PERSON":  # "Secretary of State Mike Pompeo": not "State Mike Pompeo"
        named = part_of_name
        part_of_name = lambda t: named(t) and t.ent_type_ not in _NOT_PERSONS  # noqa: E731
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
        return _cased(words)
    ids = {t.i for t in tokens}
    doc = name[0].doc
    lo = name[0].i
    while lo - 1 in ids and doc[lo - 1].pos_ != "DET" and (not doc[lo - 1].is_punct or _glued_hyphen(doc[lo - 1])):
        lo -= 1
    before = list(doc[lo : name[0].i])
    while before and before[0].is_punct:
        before.pop(0)
    if any(_is_title(t) for t in before):
        return _cased(before)
    named = {t.i for t in name}
    head = phrase_head(tokens)
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


def _glued_hyphen(tok) -> bool:
    """A hyphen inside a word ("Vice-President", "Ex-Environment Secretary")."""
    return tok.text in {"-", "‑"} and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


def _cased(words: list) -> str | None:
    """Words joined as written, titles and common words lower-cased ("Syrian president"), abbreviated
    titles spelt out ("gov." -> "governor") and courtesy titles left out ("Mr.", "Dr.", "Rev.")."""
    out = []
    for t in words:
        bare = t.lower_.rstrip(".")
        if bare in _HONORIFICS:
            continue
        out.append((_SPELT.get(bare) or (t.text if _keeps_case(t) else t.lower_)) + (t.whitespace_ and " "))
    return "".join(out).strip() or None


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


def resolve(mentions: list[tuple[int, list]], doc, quotes: list[QuoteRegion] | None = None) -> dict[int, Speaker]:
    """Resolve source mentions `(id, tokens)` given in text order; returns `{id: Speaker}`.

    Speakers with the same key are the same object, so callers can count distinct speakers. `quotes`: the
    quotation regions of `doc.text`, when the caller has found them already.
    """
    by_key: dict[str, Speaker] = {}
    quoted = find_quotes(doc.text) if quotes is None else quotes
    people = {surname_key(e.text) for e in doc.ents if e.label_ == "PERSON"}  # surnames of persons named
    parsed: list[tuple[int | None, list, list, str | None]] = []
    for mid, tokens in mentions:
        name = _name_tokens(tokens)
        parsed.append((mid, tokens, name, _role_words(tokens, name)))
    # pass 1: named speakers, clustered by surname; the longest name is the display name. Titled people
    # named anywhere in the text count too, so "the president" reaches "President X" seen in passing.
    for tokens in _titled_people(doc):
        name = _name_tokens(tokens)
        role = _role_words(tokens, name)
        if name:
            parsed.append((None, tokens, name, role))
    for _, tokens, name, role in parsed:
        if name:
            _named(by_key, tokens, name, role, people)
    # persons named as the subject of a sentence between two speakers: "Trump was more direct. '…,' he said"
    others: dict[str, Speaker] = {}  # persons who are no source's mention
    subjects = [(tokens[0].i, _named(others, tokens, name, _role_words(tokens, name), people, by_key))
                for tokens, name in _subjects(doc, people, quoted)]
    for speaker in others.values():  # "Trump" named in full elsewhere: "Donald Trump"
        full = [e.text for e in doc.ents if e.label_ == "PERSON" and surname_key(e.text) == speaker.key]
        speaker.name = max([speaker.name, *full], key=len)
    out: dict[int, Speaker] = {}
    persons: list[tuple[int, Speaker]] = []  # (token index, person) in text order, for "he" and "she"
    last_body: Speaker | None = None  # the latest organisation, government or group, for "it"
    for mid, tokens, name, role in parsed:
        if mid is None:
            continue
        span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)) if tokens else (0, 0)
        words = [t for t in tokens if not t.is_punct]
        at = tokens[0].i if tokens else 0
        persons += [(i, s) for i, s in subjects if (persons[-1][0] if persons else -1) < i < at]
        speaker: Speaker | None = None
        guess = False  # a "he" or "she" reached past someone else: the next pronoun does not start from it
        if name:
            speaker = by_key[surname_key(_text(name))]
        elif len(words) == 1 and words[0].lower_ in PRONOUNS:
            speaker = _antecedent(persons, _PRONOUN_GENDER[words[0].lower_])
            guess = speaker is not None and speaker is not persons[-1][1]
        elif len(words) == 1 and words[0].lower_ == "it":
            speaker = last_body
        elif len(words) == 1 and words[0].lower_ in FIRST_PERSON and not inside(quoted, words[0].idx):
            # "I don't think …" in the page's own voice: the writer, not a speaker called "I"
            speaker = by_key.setdefault("author", Speaker(name="the author", kind="author", key="author"))
        elif role:
            speaker = _by_role(by_key.values(), _text(tokens))
            if speaker is not None and (speaker.role is None or len(role) > len(speaker.role)):
                speaker.role = role
        if speaker is None:
            text = _text(tokens) or "unnamed"
            key = "role:" + (role or text.lower())
            speaker = by_key.setdefault(key, Speaker(name=text, kind="role", key=key))
        speaker.mentions.append(span)
        out[mid] = speaker
        if (speaker.kind == "person" or _one_person(tokens)) and not guess:
            persons.append((at, speaker))
        if any(t.ent_type_ in _BODIES for t in tokens):
            last_body = speaker
    return out


def _named(by_key: dict[str, Speaker], tokens: list, name: list, role: str | None, people: set[str],
           known: dict[str, Speaker] | None = None) -> Speaker:
    """The speaker a named mention joins by surname (`known`'s as it is, else made when new), its
    display name the longest and its role the longest seen, its kind and gender updated from the mention."""
    key = surname_key(_text(name))
    if known and key in known:
        return known[key]
    speaker = by_key.setdefault(key, Speaker(name=_text(name), key=key, kind="organisation"))
    if len(_text(name)) > len(speaker.name):
        speaker.name = _text(name)
    if role and (speaker.role is None or len(role) > len(speaker.role)):
        speaker.role = role
    if not _is_body(name, people):
        speaker.kind = "person"
    speaker.gender = speaker.gender or _title_gender(tokens)
    return speaker


def _is_body(name: list, people: set[str]) -> bool:
    """A name of a place, organisation or group ("New Delhi", "Standing Committee"), not of a person: a
    person's name is a person entity, or untyped, or shares its surname with one named in full ("Ada
    Brook … Brook said", the second tagged as an organisation)."""
    if any(t.ent_type_ == "PERSON" for t in name) or surname_key(_text(name)) in people:
        return False
    return any(t.ent_type_ in _NOT_PERSONS for t in name)


def _title_gender(tokens: list) -> str | None:
    """The gender a mention's own title tells ("Mr Smith", "the queen", "a spokeswoman"); not a title of
    someone else's ("the queen's spokesman" tells of the spokesman only)."""
    for t in tokens:
        owner = "poss" in (t.dep_, t.head.dep_) or (t.i + 1 < len(t.doc) and t.doc[t.i + 1].tag_ == "POS")
        if not owner and t.lower_.rstrip(".") in _GENDER:
            return _GENDER[t.lower_.rstrip(".")]
    return None


def _subjects(doc, people: set[str], quoted: list[QuoteRegion]) -> list[tuple[list, list]]:
    """Persons named, outside quotation marks, as the subject (or passive agent) of a sentence's main
    verb or the active subject of an adverbial clause ("as President Duterte has done"), with their titles: `(tokens, name
    tokens)` in text order. The subject of a reported clause is left out ("Clinton said Trump was
    unfit. '…,' she added" is still Clinton's)."""
    out = []
    for root in doc:
        by = root.dep_ == "pobj" and root.head.dep_ == "agent"  # "It will be chaired by Kate Dalmeny."
        verb = root.head.head if by else root.head
        if root.pos_ != "PROPN" or not (by or root.dep_ in _SUBJECT_DEPS) or verb.dep_ not in ("ROOT", "advcl"):
            continue
        if verb.dep_ == "advcl" and root.dep_ != "nsubj":
            continue  # "after Archie was born": a passive subordinate clause's subject is not who speaks next
        tokens = list(doc[root.left_edge.i : root.i + 1])
        name = _name_tokens(tokens)
        if name and not _is_body(name, people) and not inside(quoted, root.idx):
            out.append((tokens, name))
    return out


def _one_person(tokens: list) -> bool:
    """A new person brought in by role alone ("a spokesperson for the employers' association", "a senior
    official", "one academic"): a later "he" or "she" is theirs, not the last person named before them (the
    Guardian's employers' spokesperson had been quoted as the union's general secretary). "The duchess" or
    "the former mayor" is most likely someone named already, and stays out."""
    if not tokens:
        return False
    head = phrase_head(tokens)
    new = any(c.lower_ in _INDEFINITE and c.dep_ in ("det", "nummod") for c in head.children)
    return new and head.tag_ == "NN" and (_is_title(head) or head.lower_ in _GENDER or head.lower_ in _PERSON_NOUNS)


def _antecedent(persons: list[tuple[int, Speaker]], gender: str) -> Speaker | None:
    """The most recent person before a "he" or "she" not known to be of the other gender. When that is
    the most recent person of all, the pronoun binds its gender to them, so a later "she" does not
    reach a "he"; one reached past someone else is a guess and binds nothing."""
    speaker = next((s for _, s in reversed(persons) if s.gender in (None, gender)), None)
    if speaker is not None and speaker is persons[-1][1]:
        speaker.gender = gender
    return speaker


def _by_role(speakers, mention: str) -> Speaker | None:
    """The named speaker whose title or role has the mention's head noun ("president"): "the city's
    police" is not "Hong Kong's police commissioner", "the president" not a "vice-president"."""
    head = _role_head(mention)
    matches = [s for s in speakers if s.kind == "person" and s.role and _role_head(s.role) == head]
    return matches[0] if len(matches) == 1 else None


def _role_head(role: str) -> str:
    """A role's head noun with a word that changes what it names: "Syrian president" -> "president",
    "secretary of State" -> "secretary", "vice-president" -> "vice president"."""
    words: list[str] = []
    for word in re.split(r"[\s\-‑]+", re.split(r"[,;:(—–]", role.lower())[0]):
        if word in _HEAD_ENDS and words:
            break
        word = re.sub(r"['’]s?$", "", word).strip(".,")
        if word:
            words.append(word)
    if len(words) > 1 and words[-2] in _HEAD_MODIFIERS:
        return " ".join(words[-2:])
    return words[-1] if words else ""
