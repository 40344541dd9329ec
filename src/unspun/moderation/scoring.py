"""Verdicts that need no store: Akismet's test triggers, the honeypot, verified linkbacks, and the
model with its priors, in log-odds, with the words that weighed most as the reason.

`Scorer` is all the `comments` analyzer uses; `service.Moderator` adds what a site's own store
knows (its lists, its reports, repeats, its learned weights).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from operator import itemgetter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .comment import VERIFIED_LINKBACK_TYPES, Comment
from .model import SpamModel, bundled
from .text import MENTION, URL, host, model_text

TEST_SPAM_AUTHORS = frozenset({"akismet-guaranteed-spam", "viagra-test-123"})
TEST_SPAM_EMAIL = "akismet-guaranteed-spam@example.com"
#: Roles whose comments are never spam (the site trusts them to moderate others).
TRUSTED_ROLES = frozenset({"administrator", "super_admin", "editor"})
#: Probability at or above which spam is "blatant" (`X-akismet-pro-tip: discard`).
DISCARD_PROBABILITY = 0.995
#: Scores are log-odds. Linkbacks and fediverse replies must be clearly spam to be flagged
#: (they carry links and mentions by nature, and were the false positives users complained of).
LINKBACK_THRESHOLD = 2.0
#: Priors, in log-odds, for what the training data cannot teach (see docs/moderation.md).
PRIOR_EXTRA_LINK = 0.7  # per external link beyond the second, at most three counted
PRIOR_LOGGED_IN = -1.5  # any other role: a registered user
PRIOR_REPEAT = 1.0  # per doubling of earlier identical comments by others on the site in a day
CUE_GRAMS = 80  # n-grams pushing hardest toward the verdict, summed into word cues
_EDGE = re.compile(r"^\W+|\W+$")


@dataclass
class Verdict:
    """The answer to one comment-check."""

    spam: bool
    probability: float
    reason: str
    rule: str
    discard: bool = False
    cues: list[tuple[str, float]] = field(default_factory=list)
    guid: str = ""


class Scorer:
    """The verdict rules that need no store: test triggers, honeypot, the model and its priors.
    The `comments` analyzer uses this alone; the Moderator adds the site's lists and feedback."""

    def __init__(self, model: SpamModel | None = None) -> None:
        self._model = model

    @property
    def model(self) -> SpamModel:
        """The spam model (the bundled one unless another was given)."""
        if self._model is None:
            self._model = bundled()
        return self._model

    def decide(self, comment: Comment) -> Verdict:
        """A verdict from the comment alone (no site lists, reports or repeats)."""
        for rule in (self._test_trigger, self._honeypot, self._verified_linkback):
            verdict = rule(comment)
            if verdict is not None:
                return verdict
        return self._model_verdict(comment, {}, 0)

    def _test_trigger(self, c: Comment) -> Verdict | None:
        if c.author.lower() in TEST_SPAM_AUTHORS or c.email.lower() == TEST_SPAM_EMAIL:
            return Verdict(True, 1.0, "test trigger: akismet-guaranteed-spam", "test")
        if c.roles & TRUSTED_ROLES:
            role = sorted(c.roles & TRUSTED_ROLES)[0]
            return Verdict(False, 0.0, f"trusted user role: {role}", "role")
        return None

    def _verified_linkback(self, c: Comment) -> Verdict | None:
        """Pingbacks and webmentions are ham: the receiving site has fetched the linking page and
        found the link before asking (a site's lists and reports still override this)."""
        if not c.is_verified_linkback:
            return None
        kind = c.comment_type if c.comment_type in VERIFIED_LINKBACK_TYPES else "webmention"
        return Verdict(False, 0.0, f"verified {kind}: the receiver found the link on the source page", "linkback")

    def _honeypot(self, c: Comment) -> Verdict | None:
        if c.honeypot_field and c.honeypot_value:
            return Verdict(True, 1.0, f"honeypot field '{c.honeypot_field}' was filled in", "honeypot", discard=True)
        return None

    def _text_for_model(self, c: Comment) -> str:
        """What the model reads: linkbacks without their links, fediverse replies without
        @-mentions and links to the author's own instance."""
        text = c.cleaned
        if c.is_linkback:
            text = URL.sub(" ", text)
        elif c.is_fediverse:
            own = host(c.author_url)
            text = MENTION.sub(" ", text)
            text = URL.sub(lambda m: " " if own and host(m.group(0)) == own else m.group(0), text)
        return model_text(text, c.own_hosts(), c.context_words())

    def _domain_features(self, c: Comment) -> list[str]:
        names = [f"email:{c.email_domain}" if c.email_domain else ""]
        names.append(f"url:{host(c.author_url)}" if c.author_url else "")
        if not c.is_linkback:
            names += [f"link:{h}" for h in {host(u) for u in c.links} - c.own_hosts() if h]
        return [n for n in names if n]

    def _model_verdict(
        self,
        c: Comment,
        weights: dict[str, float],
        repeats: int,
        prepared: str | None = None,
        features: dict[int, float] | None = None,
    ) -> Verdict:
        """The model's verdict in log-odds: text model (with a site's learned corrections in
        `weights`), then the stated priors, against the bar for the comment's kind (`prepared`
        and `features`: the model text and its features, when the caller has them already)."""
        model = self.model
        if prepared is None:
            prepared = self._text_for_model(c)
        if features is None:
            features = model.vectorize(prepared)
        text_extra = {int(k[2:]): w for k, w in weights.items() if k.startswith("t:")}
        scale = model.calibration[0]
        contrib = {i: scale * v for i, v in model.contributions(features, text_extra).items()}
        score = scale * model.intercept + sum(contrib.values())
        notes: list[tuple[str, float]] = []
        own = c.own_hosts()
        external = [] if c.is_linkback else [u for u in c.links if host(u) not in own]
        if len(external) > 2:
            notes.append((f"{len(external)} links", PRIOR_EXTRA_LINK * min(3, len(external) - 2)))
        if c.roles and not c.roles & TRUSTED_ROLES:
            notes.append((f"registered user ({', '.join(sorted(c.roles))})", PRIOR_LOGGED_IN))
        if repeats:
            notes.append((f"same text sent {repeats} time(s) today by others", PRIOR_REPEAT * math.log2(1 + repeats)))
        notes += [(f"site feedback on {k}", w) for k, w in weights.items() if not k.startswith("t:") and w]
        score += sum(w for _, w in notes)
        threshold = LINKBACK_THRESHOLD if (c.is_linkback or c.is_fediverse) else 0.0
        spam = score > threshold
        probability = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, score))))
        cues = self._cues(contrib, spam, prepared) + [n for n in notes if (n[1] > 0) == spam]
        cues.sort(key=lambda cue: -abs(cue[1]))
        kind = "linkback" if c.is_linkback else "fediverse reply" if c.is_fediverse else "comment"
        said = ", ".join(f"{name} ({w:+.2f})" for name, w in cues[:4]) or "no strong cue"
        bar = f" (a {kind} needs over {1 / (1 + math.exp(-threshold)):.2f})" if threshold else ""
        reason = f"model: {kind} spam probability {probability:.2f}{bar}; {'spam' if spam else 'ham'} cues: {said}"
        return Verdict(spam, probability, reason, "model", spam and probability >= DISCARD_PROBABILITY, cues[:6])

    def _cues(self, contrib: dict[int, float], spam: bool, text: str) -> list[tuple[str, float]]:
        """The words that pushed hardest toward the verdict: the strongest n-grams' shares are
        spread over the words of the text they lie in, so overlapping character n-grams add up to
        one word. Function words ("the", "when", "our") weigh in the score but are not shown: an
        operator cannot act on them."""
        tokens = [(f" {t} ", _EDGE.sub("", t)) for t in set(text.lower().split())]  # char n-grams stay in a token
        per_word: dict[str, float] = {}
        strongest = sorted(contrib.items(), key=itemgetter(1), reverse=spam)[:CUE_GRAMS]  # = heapq.nlargest
        term = self.model.term
        for index, value in strongest:
            block, _, gram = term(index).partition(":")
            if block == "word":
                owners = gram.split()
            else:
                owners = [w for padded, w in tokens if gram in padded] or [gram.strip()]
            share = value / len(owners)
            for word in owners:
                name = "link to another site" if word.startswith("zzdom") else word
                per_word[name] = per_word.get(name, 0.0) + share
        chosen = [
            (name if name.startswith("link ") else f"'{name}'", v)
            for name, v in per_word.items()
            if (v > 0) == spam
            and abs(v) >= 0.02
            and not name.startswith("zz")
            and name not in ENGLISH_STOP_WORDS
            and any(ch.isalnum() for ch in name)
        ]
        return sorted(chosen, key=lambda cue: -abs(cue[1]))[:4]
