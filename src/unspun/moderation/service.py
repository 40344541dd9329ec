"""The moderator: decides spam or ham for one comment, with its reason, and learns from reports.

Decision order (the first rule that applies gives the verdict and the reason; 1, 3, 5 and 6 live
in `scoring.py`):
1. Akismet's test triggers (`akismet-guaranteed-spam`; `user_role=administrator`).
2. The site's block-list, then its allow-list (email, IP, author, email/author-URL/link host).
3. A filled honeypot field (blatant: "discard").
4. The site's own reports: an earlier spam/ham report of the same or a near-duplicate text.
5. Pingbacks and webmentions (verified by the receiver) are ham.
6. The model: the bundled TF-IDF model, plus the site's learned corrections, plus stated
   priors for signals the training data lacks (links, roles, repeats, comment type).
Every verdict is stored as an event (text only until the retention purge) and answered with
an id (`X-akismet-guid`) that later reports can refer to; the server stores them write-behind
(`events.py`).
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, and_, bindparam, event, func, or_, select
from sqlalchemy.orm import Session

from ..db import engine, sessions
from ..settings import Settings
from . import housekeeping
from .comment import Comment
from .events import EventWriter
from .keys import site_for_key
from .model import SpamModel
from .privacy import Hasher, secret
from .scoring import Scorer, Verdict
from .tables import ModEvent, ModFeedback, ModListEntry, ModSite, ModState, ModWeight
from .text import bands, distance, host, simhash_normalised

#: Bits two SimHash fingerprints may differ by and still be the same comment.
NEAR_DUPLICATE_BITS = 3
REPEAT_MIN_WORDS = 4
DOMAIN_STEP = 1.0  # what one report teaches about an email/author-URL/link host
DOMAIN_LIMIT = 4.0
#: A report moves the site's text weights until the comment scores this far on the reported
#: side (log-odds 3: probability 0.95), in one passive-aggressive step of at most PA_CAP.
PA_TARGET = 3.0
PA_CAP = 50.0
PURGE_EVERY_S = 3600.0
KEY_CACHE_S = 5.0
_RELAXED: set[Engine] = set()


# Statements built once: composing SQLAlchemy expressions per request costs more than running them.
_LIST_QUERY = select(ModListEntry.action, ModListEntry.field, ModListEntry.value).where(
    ModListEntry.site_id == bindparam("site")
)
_WEIGHTS_QUERY = select(ModWeight.feature, ModWeight.weight).where(ModWeight.site_id == bindparam("site"))
_FEEDBACK_QUERY = (
    select(ModFeedback.spam, ModFeedback.simhash, ModFeedback.text_hash)
    .where(
        # The site in every branch, so each branch is one (site, column) index lookup; with the
        # site outside the OR, SQLite scanned all of the site's reports on every check.
        or_(
            *(
                and_(ModFeedback.site_id == bindparam("site"), column == bindparam(name))
                for column, name in (
                    (ModFeedback.text_hash, "text"),
                    (ModFeedback.band0, "b0"),
                    (ModFeedback.band1, "b1"),
                    (ModFeedback.band2, "b2"),
                    (ModFeedback.band3, "b3"),
                )
            )
        ),
    )
    .order_by(ModFeedback.created.desc(), ModFeedback.id.desc())
)
# Earlier checks of the same text on the site in the window, not counting the same sender's own
# (a retry or an edit is not a repeat campaign).
_REPEAT_QUERY = select(func.count()).where(
    ModEvent.site_id == bindparam("site"),
    ModEvent.text_hash == bindparam("text"),
    ModEvent.kind == "check",
    ModEvent.created >= bindparam("since"),
    ~and_(
        func.coalesce(ModEvent.author_hash, "") == bindparam("author"),
        func.coalesce(ModEvent.ip_hash, "") == bindparam("ip"),
    ),
)
_STAMP_QUERY = select(ModState.name, ModState.value).where(
    or_(ModState.name == bindparam("weights"), ModState.name == bindparam("lists"))
)
_INSERT_EVENT = ModEvent.__table__.insert()


@dataclass
class _SiteState:
    """What a Moderator caches per site, with the stamps that say when to reload it."""

    weights: dict[str, float] | None = None
    weights_stamp: str = ""
    lists: dict[tuple[str, str], str] | None = None
    lists_stamp: str = ""


def _relaxed_sync(eng: Engine) -> None:
    """On SQLite, let commits skip the per-commit fsync (`synchronous=NORMAL`; safe with WAL: a
    crash or restart loses nothing, only a power cut can lose the last commits). That is what
    makes a check take milliseconds rather than a disk flush. Applied to new connections, so the
    pool is emptied once."""
    if eng in _RELAXED:
        return
    _RELAXED.add(eng)

    def pragma(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    event.listen(eng, "connect", pragma)
    eng.dispose()


def now() -> datetime:
    """The current time in UTC (one place, so tests and the purge agree)."""
    return datetime.now(UTC)


class Moderator(Scorer):
    """Checks comments and learns from reports for every site in one store."""

    def __init__(self, settings: Settings, model: SpamModel | None = None, write_behind: bool = False) -> None:
        """`write_behind`: queue check events and store them from a background thread, which
        also runs the retention purge (what the server does; see `events.py`)."""
        super().__init__(model)
        self.settings = settings
        self.sessions = sessions(settings.db_url)
        self.engine = engine(settings.db_url)
        self.hash = Hasher(secret(settings))
        self._last_purge = 0.0
        self._purge_lock = threading.Lock()
        self._state: dict[int, _SiteState] = {}
        self._keys: dict[str, tuple[float, ModSite | None]] = {}
        if settings.db_url.startswith("sqlite"):
            _relaxed_sync(self.engine)
        self.writer = EventWriter(self.engine, self.maybe_purge) if write_behind else None

    def session(self) -> Session:
        """A session on the store."""
        return self.sessions()

    def site_for_key(self, api_key: str, fresh: bool = False) -> ModSite | None:
        """The live site of a key, remembered for KEY_CACHE_S unless `fresh` (a revoked key stops
        working for checks within that time; verify-key always looks it up)."""
        if not api_key:
            return None
        cached = self._keys.get(api_key)
        if cached and not fresh and time.monotonic() - cached[0] < KEY_CACHE_S:
            return cached[1]
        with self.session() as db:
            site = site_for_key(db, api_key)
        if len(self._keys) > 10_000:
            self._keys.clear()
        self._keys[api_key] = (time.monotonic(), site)
        return site

    # -- the public operations -------------------------------------------------------------

    def check(self, site: ModSite, comment: Comment, store: bool = True) -> Verdict:
        """Decide one comment; store the event unless `store` is False."""
        if self.writer is None:
            self.maybe_purge()
        text_hash = self.hash("text", comment.normalised)
        with self.engine.connect() as conn:
            verdict = self._decide(conn, site, comment, text_hash)
            if store:
                row = self._event(site, comment, "check", text_hash)
                row.update(spam=verdict.spam, score=verdict.probability, reason=verdict.reason[:500])
                verdict.guid = row["id"]
                if self.writer is not None:
                    self.writer.add(row)
                else:
                    conn.execute(_INSERT_EVENT, row)
                    conn.commit()
        return verdict

    def flush(self) -> None:
        """Store queued check events now (before reading events back)."""
        if self.writer is not None:
            self.writer.flush()

    def close(self) -> None:
        """Store queued check events and stop the writer thread."""
        if self.writer is not None:
            self.writer.close()

    def report(self, site: ModSite, comment: Comment, spam: bool) -> None:
        """Learn from a spam/ham report at once (unless it is a test, as Akismet does)."""
        self.flush()  # the check it names may still be queued
        with self.session() as db:
            event = ModEvent(**self._event(site, comment, "spam" if spam else "ham"))
            event.spam = spam
            event.check_id = self._find_check(db, site, comment, event.text_hash)
            db.add(event)
            if not comment.is_test:
                self._remember(db, site, comment, event, spam)
                self._learn(db, site, comment, spam)
                db.merge(ModState(name=f"weights:{site.id}", value=event.id))
            db.commit()

    def maybe_purge(self) -> None:
        """Apply the retention purge at most once an hour, from whichever request comes first."""
        if time.monotonic() - self._last_purge < PURGE_EVERY_S or not self._purge_lock.acquire(blocking=False):
            return
        try:
            self._last_purge = time.monotonic()
            housekeeping.purge(self.sessions, self.settings.comment_retention_days)
        finally:
            self._purge_lock.release()

    # -- deciding ---------------------------------------------------------------------------

    def _decide(self, db: Connection, site: ModSite, comment: Comment, text_hash: str | None) -> Verdict:
        state = self._site_state(db, site)
        rules = (
            self._test_trigger,
            lambda c: self._lists(state.lists or {}, c),
            self._honeypot,
            lambda c: self._feedback(db, site, c, text_hash),
            self._verified_linkback,
        )
        for rule in rules:
            verdict = rule(comment)
            if verdict is not None:
                return verdict
        prepared = self._text_for_model(comment)
        features = self.model.vectorize(prepared)
        weights = self._site_weights(state.weights or {}, features, comment)
        repeats = self._repeats(db, site, comment, text_hash)
        return self._model_verdict(comment, weights, repeats, prepared, features)

    def _identifiers(self, c: Comment) -> list[tuple[str, str, str]]:
        """(field, stored value, how to name it in a reason) for every list-matchable identifier."""
        out = []
        for fld, value, label in (
            ("email", self.hash("email", c.email), "email address"),
            ("ip", self.hash("ip", c.user_ip), "IP address"),
            ("author", self.hash("author", c.author), "author name"),
        ):
            if value:
                out.append((fld, value, label))
        hosts = {c.email_domain: "email domain", host(c.author_url): "author URL host"}
        for link in c.links:
            hosts.setdefault(host(link), "link host")
        out += [("domain", h, f"{label} {h}") for h, label in hosts.items() if h]
        return out

    def _lists(self, lists: dict[tuple[str, str], str], c: Comment) -> Verdict | None:
        if not lists:
            return None
        hits = {action: label for fld, value, label in self._identifiers(c) if (action := lists.get((fld, value)))}
        for action in ("block", "allow"):
            if action in hits:
                spam = action == "block"
                return Verdict(spam, 1.0 if spam else 0.0, f"{action}-list: {hits[action]}", action, discard=spam)
        return None

    def _feedback(self, db: Connection, site: ModSite, c: Comment, text_hash: str | None) -> Verdict | None:
        if not text_hash:
            return None
        fp = simhash_normalised(c.normalised)
        b = bands(fp)
        params = {"site": site.id, "text": text_hash, "b0": b[0], "b1": b[1], "b2": b[2], "b3": b[3]}
        rows = db.execute(_FEEDBACK_QUERY, params).all()
        for row in rows:
            bits = 0 if row.text_hash == text_hash else distance(row.simhash, fp)
            if bits <= NEAR_DUPLICATE_BITS:
                label = "spam" if row.spam else "ham"
                how = "the same text" if bits == 0 else f"a near-duplicate ({bits} of 64 SimHash bits differ)"
                reason = f"reported as {label} on this site: {how}"
                return Verdict(row.spam, 1.0 if row.spam else 0.0, reason, "feedback")
        return None

    def _site_state(self, db: Connection, site: ModSite) -> _SiteState:
        """A site's learned weights and allow/block lists, cached until they change: reports and
        list edits (in this process or another, such as the CLI) rewrite the site's state stamps."""
        names = {"weights": f"weights:{site.id}", "lists": f"lists:{site.id}"}
        stamps = dict(db.execute(_STAMP_QUERY, names).all())
        state = self._state.get(site.id) or _SiteState()
        if state.weights_stamp != stamps.get(names["weights"], "") or state.weights is None:
            rows = db.execute(_WEIGHTS_QUERY, {"site": site.id}).all()
            state.weights, state.weights_stamp = {r.feature: r.weight for r in rows}, stamps.get(names["weights"], "")
        if state.lists_stamp != stamps.get(names["lists"], "") or state.lists is None:
            rows = db.execute(_LIST_QUERY, {"site": site.id}).all()
            lists = {(r.field, r.value): r.action for r in rows if r.action == "allow"}
            lists.update({(r.field, r.value): r.action for r in rows if r.action == "block"})  # block wins
            state.lists, state.lists_stamp = lists, stamps.get(names["lists"], "")
        self._state[site.id] = state
        return state

    def _site_weights(self, learned: dict[str, float], features: dict[int, float], c: Comment) -> dict[str, float]:
        """The site's learned weights for this comment's features and hosts."""
        if not learned:
            return {}
        keys = [f"t:{i}" for i in features] + self._domain_features(c)
        return {k: learned[k] for k in keys if k in learned}

    def _repeats(self, db: Connection, site: ModSite, c: Comment, text_hash: str | None) -> int:
        if not text_hash or len(c.normalised.split()) < REPEAT_MIN_WORDS or c.recheck_reason:
            return 0
        params = {
            "site": site.id, "text": text_hash, "since": now() - timedelta(days=1),
            "author": self.hash("author", c.author) or "", "ip": self.hash("ip", c.user_ip) or "",
        }

        def count(queued: list[dict]) -> int:  # the same test as _REPEAT_QUERY, on rows not yet stored
            stored = db.execute(_REPEAT_QUERY, params).scalar() or 0
            return stored + sum(
                1
                for r in queued
                if r["site_id"] == site.id and r["text_hash"] == text_hash and r["kind"] == "check"
                and r["created"] >= params["since"]
                and ((r["author_hash"] or "") != params["author"] or (r["ip_hash"] or "") != params["ip"])
            )

        return self.writer.consistent(count) if self.writer is not None else count([])

    # -- storing and learning ----------------------------------------------------------------

    def _event(self, site: ModSite, c: Comment, kind: str, text_hash: str | None = None) -> dict:
        """An event row: every column of the events table (the write-behind batch needs all)."""
        return {
            "id": str(uuid.uuid4()),
            "site_id": site.id,
            "kind": kind,
            "created": now(),
            "spam": None,
            "score": None,
            "reason": None,
            "comment_type": c.comment_type[:40] or None,
            "is_test": c.is_test,
            "check_id": None,
            "text_hash": text_hash or self.hash("text", c.normalised),
            "email_hash": self.hash("email", c.email),
            "ip_hash": self.hash("ip", c.user_ip),
            "author_hash": self.hash("author", c.author),
            "content": c.content or None,
        }

    def _find_check(self, db: Session, site: ModSite, c: Comment, text_hash: str | None) -> str | None:
        """The check a report is about: by its guid, else the latest check of the same text."""
        if c.guid:
            found = db.scalar(select(ModEvent.id).where(ModEvent.id == c.guid, ModEvent.site_id == site.id))
            if found:
                return found
        if not text_hash:
            return None
        return db.scalar(
            select(ModEvent.id)
            .where(ModEvent.site_id == site.id, ModEvent.kind == "check", ModEvent.text_hash == text_hash)
            .order_by(ModEvent.created.desc())
            .limit(1)
        )

    def _remember(self, db: Session, site: ModSite, c: Comment, event: ModEvent, spam: bool) -> None:
        if not event.text_hash:
            return
        fp = simhash_normalised(c.normalised)
        b0, b1, b2, b3 = bands(fp)
        db.add(
            ModFeedback(
                site_id=site.id, event_id=event.id, spam=spam, created=event.created, simhash=fp,
                band0=b0, band1=b1, band2=b2, band3=b3, text_hash=event.text_hash, email_hash=event.email_hash,
            )
        )

    def _learn(self, db: Session, site: ModSite, c: Comment, spam: bool) -> None:
        """One passive-aggressive step: move the site's text weights just far enough that this
        comment lands on the reported side by PA_TARGET log-odds; nudge its hosts' weights."""
        features = self.model.vectorize(self._text_for_model(c))
        current = self._site_weights(self._site_state(db.connection(), site).weights or {}, features, c)
        y = 1.0 if spam else -1.0
        extra = {int(k[2:]): w for k, w in current.items() if k.startswith("t:")}
        loss = max(0.0, PA_TARGET / self.model.calibration[0] - y * self.model.margin(features, extra))
        norm = sum(v * v for v in features.values())
        updates: dict[str, float] = {}
        if loss > 0 and norm > 0:
            tau = min(PA_CAP, loss / norm)
            updates = {f"t:{i}": current.get(f"t:{i}", 0.0) + tau * y * v for i, v in features.items()}
        for name in self._domain_features(c):
            updates[name] = max(-DOMAIN_LIMIT, min(DOMAIN_LIMIT, current.get(name, 0.0) + DOMAIN_STEP * y))
        for name, weight in updates.items():
            db.merge(ModWeight(site_id=site.id, feature=name, weight=weight))
