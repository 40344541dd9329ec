"""Findings -> named signals: the numeric inputs of the combiner, each with the evidence behind it.

A signal is positive when it points towards *unreliable*. Each one keeps the spans and evidence a reason
will point at, so the explanation is built from the same numbers as the score.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..report import Finding, Report, Span
from ..spans import covered_share, length

#: Factuality words (MBFC, Baly et al., our own ratings), normalised to four levels.
_LEVELS = {
    "very low": "very_low", "low": "low", "mixed": "mixed",
    "mostly factual": "high", "high": "high", "very high": "high",
}
#: Category words that mark a questionable or a reliable publisher (OpenSources, MBFC, Wikipedia RSP).
_QUESTIONABLE = (
    "questionable", "conspiracy", "pseudoscience", "fake", "junk", "hate", "propaganda", "unreliable",
    "deprecated", "blacklist", "satire", "clickbait", "rumor", "rumour",
)
_RELIABLE = ("generally reliable", "reliable", "pro-science")
#: Fact-check ratings (normalised by the factchecks analyzer).
_FALSE_RATINGS = {"false", "mostly-false"}
_TRUE_RATINGS = {"true", "mostly-true"}


@dataclass
class Signal:
    """One input of the combiner: its value and what a reason about it should point at."""

    name: str
    value: float
    analyzer: str
    detail: str = ""
    spans: list[Span] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.lower()]
    if isinstance(value, dict):
        return [str(k).lower() for k in value] + [str(v).lower() for v in value.values() if isinstance(v, str)]
    return [str(v).lower() for v in value]


def factuality_level(profile: dict[str, Any]) -> str | None:
    """`very_low`, `low`, `mixed`, `high` or None from a source profile's factuality (any spelling)."""
    raw = str(profile.get("factuality") or "").strip().lower().replace("_", " ").replace("-", " ")
    return _LEVELS.get(raw)


#: State control that speaks for a government. "state-funded" (VOA, DW, RFE/RL, Al Jazeera: public money under a
#: statutory firewall) is not among them: the source lists keep it apart, and so does the verdict.
STATE_CONTROL = frozenset({"state", "state-media", "state-aligned"})


def is_state_media(profile: dict[str, Any]) -> bool:
    """Whether a profile says its outlet is state media or state-aligned (its state-media row or a category)."""
    details = profile.get("state_media")
    if isinstance(details, dict) and details.get("control") in STATE_CONTROL:
        return True
    if details and not isinstance(details, dict):  # a user's own entry may just say `state_media: true`
        return True
    return any(w in STATE_CONTROL for w in _words(profile.get("categories")))


def _questionable(categories: list[str]) -> bool:
    return any(q in w for w in categories for q in _QUESTIONABLE)


def _reliable(categories: list[str]) -> bool:
    return any(w.startswith(r) for w in categories for r in _RELIABLE) and not _questionable(categories)


def is_questionable(profile: dict[str, Any]) -> bool:
    """Whether a profile's categories put the outlet among questionable sources."""
    return _questionable(_words(profile.get("categories")))


def is_reliable_listed(profile: dict[str, Any]) -> bool:
    """Whether a profile's categories list the outlet as reliable (and nothing questionable)."""
    return _reliable(_words(profile.get("categories")))


def profile_name(profile: dict[str, Any]) -> str:
    """The outlet's display name, else its domain."""
    return str(profile.get("name") or profile.get("domain") or "the publisher")


def _listings(profile: dict[str, Any], keep: Callable[[list[str]], bool]) -> list[str]:
    """What each list whose categories `keep` accepts says of the outlet, in the list's own words:
    "Generally unreliable (Wikipedia perennial sources, entry Forbes.com)". A reason built from these says
    which list said what, so it never reads "listed as reliable, unreliable" when two lists (or two entries of
    one list: Forbes' staff and its contributors) disagree. The entry (the notes' "Name:" opening) is named
    only where one list rates the outlet twice; a rating of another domain (an earlier name) says "as" it."""
    ratings = [r for r in profile.get("ratings") or [] if isinstance(r, dict)]
    lists = [r.get("list") for r in ratings]
    out: list[str] = []
    for r in ratings:
        cats = _words(r.get("categories"))
        if not keep(cats):
            continue
        where = [str(r.get("list") or "a list")]
        entry = str(r.get("notes") or "").split(":", 1)[0]
        if lists.count(r.get("list")) > 1 and ":" in str(r.get("notes") or "") and len(entry) <= 60:
            where.append(f"entry {entry}")
        if r.get("domain") and profile.get("domain") and r["domain"] != profile["domain"]:
            where.append(f"as {r['domain']}")
        text = f"{_said(str(r.get('label') or ''), cats)} ({', '.join(where)})"
        if text not in out:
            out.append(text)
    return out


def _said(label: str, categories: list[str]) -> str:
    """What one rating says, readable mid-sentence: a list of tags ("clickbait, bias") in the categories that spell
    them out ("clickbait, extreme bias": OpenSources' "bias" is extreme bias), a list's own words as written, its
    parts joined ("Blacklisted; Generally unreliable" -> "blacklisted and generally unreliable")."""
    tags = [p.strip() for p in re.split(r"[;,]", label) if p.strip()]
    if categories and tags and all(" " not in t for t in tags):
        return ", ".join(c.replace("-", " ") for c in categories)
    parts = [p.strip() for p in label.split(";") if p.strip()]
    return " and ".join(p[:1].lower() + p[1:] if p[1:2].islower() else p for p in parts) or ", ".join(categories)


def _listed_detail(profile: dict[str, Any], via: str) -> str:
    """The reason for a questionable or reliable listing, from what each list says (the profile's own
    categories when it carries no per-list ratings, such as a user's own entry)."""
    name, cats = profile_name(profile), _words(profile.get("categories"))
    good = _listings(profile, _reliable)
    if is_questionable(profile):
        bad = _listings(profile, _questionable)
        if not bad:
            return f"{name} is listed as {', '.join(w for w in cats if _questionable([w]))}{via}"
        return f"{name} is listed as {'; '.join(bad)}" + (f", but as {'; '.join(good)}" if good else "")
    level = factuality_level(profile)
    # a list calling it reliable beside a mixed or low factuality rating: the reason says both
    rated = f"; its factual reporting is rated {profile.get('factuality')}" if level and level != "high" else ""
    return f"{name} is listed as {'; '.join(good) if good else 'a reliable source' + via}{rated}"


def source_signals(profile: dict[str, Any] | None) -> list[Signal]:
    """Signals from the publisher's profile: factuality level and listed categories (incl. earlier names)."""
    if not profile:
        return []
    name = profile_name(profile)
    earlier = profile.get("via")
    earlier = ", ".join(earlier) if isinstance(earlier, list) else earlier
    via = f" (ratings of its earlier name(s): {earlier})" if earlier else ""
    out: list[Signal] = []
    level = factuality_level(profile)
    if level:
        detail = f"{name}'s factual reporting is rated {profile.get('factuality')}{via}"
        out.append(Signal(f"source_{level}", 1.0, "source", detail, evidence=profile))
    if is_state_media(profile):
        out.append(Signal("source_state", 1.0, "source", f"{name} is listed as state media{via}", evidence=profile))
    if is_questionable(profile):
        out.append(Signal("source_questionable", 1.0, "source", _listed_detail(profile, via), evidence=profile))
    elif is_reliable_listed(profile):
        out.append(Signal("source_reliable", 1.0, "source", _listed_detail(profile, via), evidence=profile))
    return out


def publisher_profile(report: Report) -> dict[str, Any] | None:
    """The publisher's profile from the `source` analyzer, or None when unknown or absent."""
    for f in report.by_analyzer("source"):
        if f.kind == "publisher" and f.label != "unknown" and f.evidence:
            return f.evidence
    return None


def _badge_signals(report: Report) -> list[Signal]:
    out = []
    for label, name, detail in (
        ("unsubstantiated", "badge_unsubstantiated", "claims a trust badge ({}) with nothing behind it"),
        ("substantiated", "badge_substantiated", "carries a trust badge ({}) backed by a published review"),
    ):
        found = [f for f in report.by_analyzer("badges") if f.kind == "badge" and f.label == label]
        if found:
            text = ", ".join(f'"{f.evidence.get("badge", "badge")}"' for f in found)
            spans = [s for f in found for s in f.spans]
            out.append(Signal(name, 1.0, "badges", "The page " + detail.format(text), spans, found[0].evidence))
    return out


#: Fewer sentences than this and the share of flagged sentences says nothing about the article: on 2 sentences
#: it can only be 0, 50 or 100 %, and one sentence moves it by 20 points or more (0.47 logit at the prior's slope).
MIN_SENTENCES = 5


def _propaganda_signals(report: Report) -> list[Signal]:
    summary = next((f for f in report.by_analyzer("propaganda") if f.kind == "summary"), None)
    techniques = [f for f in report.by_analyzer("propaganda") if f.kind == "technique"]
    if summary is None and not techniques:
        return []
    sentences = (summary.evidence if summary else {}).get("sentences") or []
    if len(sentences) < MIN_SENTENCES:
        return []
    flagged = sum(1 for x in sentences if float(x.get("probability") or 0.0) >= 0.5)
    density = flagged / len(sentences)
    counts: dict[str, int] = {}
    for f in techniques:
        counts[f.label] = counts.get(f.label, 0) + 1
    top = sorted(counts, key=lambda k: -counts[k])
    spans = [s for f in techniques if top and f.label == top[0] for s in f.spans][:8]
    names = ", ".join(f"{t.replace('_', ' ').replace(',', '/').lower()} ({counts[t]})" for t in top[:3])
    from .combiner import PRIORS  # combiner imports this module

    # the sentence model's share is the signal; the technique spans (the tagger's, on fewer sentences) are
    # named beside it, so the reason never says "techniques" where the propaganda section shows none
    neutral = PRIORS["propaganda_density"]["center"]
    detail = f"The propaganda model flags {density:.0%} of the sentences as persuasive (reliable articles: {neutral:.0%} on average)"
    detail += f"; technique spans: mostly {names}" if names else "; no technique span marked"
    evidence = {"flagged_sentences": flagged, "sentences": len(sentences), "counts": counts}
    return [Signal("propaganda_density", density, "propaganda", detail, spans, evidence)]


@dataclass
class Relays:
    """What of the body other outlets wrote: one share for all of them (overlapping relays count once: "Al
    Mayadeen → Press TV" lies inside Press TV's share), the part of it relayed from state media, each outlet's
    own share as the section that measured it shows it, the state outlets, and the spans (all; state media's)."""

    share: float
    state_share: float
    by_outlet: dict[str, float]
    state: set[str]
    spans: list[Span]
    state_spans: list[Span]
    analyzer: str


def _cited_profiles(report: Report) -> dict[str, dict[str, Any]]:
    """Each cited outlet's profile under every name it goes by (display name, domain, aliases; lower-cased)."""
    out: dict[str, dict[str, Any]] = {}
    for f in report.by_analyzer("source"):
        if f.kind == "cited_outlet" and f.evidence:
            for key in (profile_name(f.evidence), f.evidence.get("domain"), *(f.evidence.get("aliases") or [])):
                if key:
                    out.setdefault(str(key).lower(), f.evidence)
    return out


def _relayed_by(f: Finding) -> set[str]:
    """The outlets a quote finding is relayed by: its chain, and the outlet itself when an outlet speaks."""
    ev = f.evidence
    speaking = {str(ev["speaker"])} if ev.get("speaker_kind") == "outlet" else set()
    return {str(o) for o in ev.get("chain") or []} | speaking


def _state_spans(report: Report, figures: Finding, state: set[str]) -> list[tuple[int, int]]:
    """The relayed spans that come from a state outlet: each statement relayed by one, and each relayed
    passage ("Press TV reports:" and its blockquote) whose statements are all relayed by one."""
    items = [(_relayed_by(f), [(s.start, s.end) for s in f.spans]) for f in report.by_analyzer("quotes")
             if f.kind in {"quote", "anonymous_source"} and f.spans]
    out = [span for outlets, spans in items if outlets & state for span in spans]
    for s in figures.spans:
        inside = [outlets for outlets, spans in items if s.start <= spans[0][0] < s.end]
        if inside and set.intersection(*inside) & state:
            out.append((s.start, s.end))
    return out


def _quote_relays(report: Report, profiles: dict[str, dict[str, Any]]) -> Relays | None:
    """The quotes analyzer's relayed share and its state-media part, or None when it found no relay."""
    figures = next((f for f in report.by_analyzer("quotes") if f.kind == "figures"), None)
    share = float((figures.evidence.get("relayed_share") or 0.0) if figures else 0.0)
    if figures is None or share <= 0:
        return None
    by = {str(k): float(v) for k, v in (figures.evidence.get("relayed_by") or {}).items() if v}
    state = {k for k in by if is_state_media(profiles.get(k.lower()) or {})}
    spans = list(figures.spans)
    if state and state == set(by):
        return Relays(share, share, by, state, spans, spans, "quotes")
    labelled = _state_spans(report, figures, state) if state else []
    # a passage with no statement inside is not labelled: it counts at least as its own outlet's share
    state_share = min(share, max(covered_share(labelled, report.article.text), *(by[k] for k in state))) if state else 0.0
    return Relays(share, state_share, by, state, spans, [Span(start=a, end=b) for a, b in labelled], "quotes")


def _source_relays(report: Report) -> Relays:
    """The source analyzer's attributed spans of cited outlets, as one union over the body (its fallback),
    measured as its `share_of_body` is: characters over the union of the body's blocks."""
    article = report.article
    body = length((b.start, b.end) for b in article.blocks) or len(article.text.strip()) or 1
    attributed: dict[str, list[tuple[int, int]]] = {}
    by: dict[str, float] = {}
    state: set[str] = set()
    for f in report.by_analyzer("source"):
        share = float(f.evidence.get("share_of_body") or 0.0) if f.kind == "cited_outlet" and f.evidence else 0.0
        if share > 0 and f.evidence.get("kind") != "primary":  # a government report quoted is not re-reporting
            name = profile_name(f.evidence)
            by[name] = share
            attributed[name] = [(int(a), int(b)) for a, b in f.evidence.get("attributed") or []]
            if is_state_media(f.evidence):
                state.add(name)

    def union(names: set[str]) -> float:
        return round(min(1.0, length(s for n in names for s in attributed[n]) / body), 3)

    def spans(names: set[str]) -> list[Span]:
        return [Span(start=a, end=b) for n, pairs in attributed.items() if n in names for a, b in pairs]

    return Relays(union(set(by)), union(state), by, state, spans(set(by)), spans(state), "source")


def relays(report: Report) -> Relays:
    """The share of the body relayed from other outlets and from state media: the quotes analyzer's
    figures when it found a relay (the number its section shows), else the source analyzer's attributed
    spans; a union either way, never a sum of shares that overlap."""
    return _quote_relays(report, _cited_profiles(report)) or _source_relays(report)


def _named(outlets: dict[str, float], keep: Callable[[str], bool], limit: int = 3) -> str:
    """The outlets `keep` accepts, largest share first: only outlets the body re-reports (share above 0)."""
    return ", ".join(sorted((k for k, v in outlets.items() if v > 0 and keep(k)), key=lambda k: -outlets[k])[:limit])


def _quote_signals(report: Report) -> list[Signal]:
    quotes = report.by_analyzer("quotes")
    figures = next((f.evidence for f in quotes if f.kind == "figures"), {})
    found = relays(report)
    evidence = {"relayed_share": found.share, "state_media_share": found.state_share, "relayed_by": found.by_outlet}
    out: list[Signal] = []
    if found.state_share > 0:
        outlets = _named(found.by_outlet, lambda k: k in found.state, 4)
        out.append(Signal(
            "state_media_relayed_share", found.state_share, "source",
            f"{found.state_share:.0%} of the body is relayed from state media ({outlets})",
            found.state_spans[:8], {**evidence, "state_media": sorted(found.state)},
        ))
    # the state-media weight already charges what a state outlet wrote; this one charges the rest
    other = round(found.share - found.state_share, 4)
    if other > 0:
        outlets = _named(found.by_outlet, lambda k: k not in found.state)
        which = "outlets that are not state media" if found.state_share > 0 else "other outlets"
        out.append(Signal(
            "relayed_share", other, found.analyzer,
            f"{other:.0%} of the body is re-reported from {which}" + (f" ({outlets})" if outlets else ""),
            found.spans[:8], evidence,
        ))
    anonymous = [f for f in quotes if f.kind == "anonymous_source"]
    n_anon = max(len(anonymous), int(figures.get("anonymous_sources") or 0))
    if n_anon:
        out.append(Signal(
            "anonymous_sources", float(n_anon), "quotes", f"{n_anon} statement(s) rest on anonymous sources",
            [s for f in anonymous for s in f.spans][:8], {"anonymous_sources": n_anon},
        ))
    return out


_RATED = ((_FALSE_RATINGS, "false", "rated false"), (_TRUE_RATINGS, "true", "rated true"))


def _rated_signals(matches: list[Finding], prefix: str, value: Callable[[list[Finding]], float],
                   detail: Callable[[list[Finding], str], str]) -> list[Signal]:
    """`<prefix>_false` and `<prefix>_true` from the fact-check matches rated each way."""
    out = []
    for ratings, side, word in _RATED:
        hits = [f for f in matches if f.label in ratings]
        if hits:
            out.append(Signal(f"{prefix}_{side}", value(hits), "factchecks", detail(hits, word),
                              [s for f in hits for s in f.spans][:8], hits[0].evidence))
    return out


def _fact_checkers(hits: list[Finding]) -> str:
    return ", ".join(sorted({str(f.evidence.get("publisher") or "a fact-checker") for f in hits}))


def _headline_matches(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind == "factcheck_match" and any(s.field == "title" for s in f.spans)]


def _fact_check_key(f: Finding) -> str:
    return str(f.evidence.get("url") or f.evidence.get("claim") or id(f))


def headline_factcheck_signals(findings: list[Finding]) -> list[Signal]:
    """The title's fact-check matches (`factchecks` findings on the `title` field): the best match
    probability per side, learned by the combiner with the other lookups (publisher ratings), since the
    labelled article sets say what a matching headline is worth."""
    return _headline_signals(_headline_matches(findings))


def _headline_signals(title: list[Finding]) -> list[Signal]:
    return _rated_signals(title, "headline_factcheck",
                          lambda hits: max(float(f.evidence.get("probability") or f.score or 0.0) for f in hits),
                          lambda hits, word: f"The headline matches a fact-check {word} by {_fact_checkers(hits)}")


def _factcheck_signals(report: Report) -> list[Signal]:
    """Headline matches (learned weights), then the body claims' matches (prior weights); a fact-check the
    headline already matched is not counted again for a body sentence that repeats the headline."""
    findings = report.by_analyzer("factchecks")
    title = _headline_matches(findings)
    seen = {_fact_check_key(f) for f in title}
    claims = [f for f in findings if f.kind == "factcheck_match" and all(s.field != "title" for s in f.spans)
              and _fact_check_key(f) not in seen]
    return _headline_signals(title) + _rated_signals(
        claims, "factcheck",
        lambda hits: sum(float(f.evidence.get("similarity") or f.score or 1.0) for f in hits),
        lambda hits, word: f"{len(hits)} claim(s) match fact-checks {word} by {_fact_checkers(hits)}")


_CORROBORATION = {
    "corroborated": "{n} claim(s) are reported the same way by independent outlets",
    "contradicted": "{n} claim(s) are contradicted by other outlets",
    "state-media-only": "{n} claim(s) are carried only by state media",
}


def _corroboration_signals(report: Report) -> list[Signal]:
    out = []
    found = [f for f in report.by_analyzer("corroboration") if f.kind == "corroboration"]
    for label, words in _CORROBORATION.items():
        hits = [f for f in found if f.label == label]
        if hits:
            out.append(Signal("corroboration_" + label.replace("-", "_"), float(len(hits)), "corroboration",
                              words.format(n=len(hits)), [s for f in hits for s in f.spans][:8], hits[0].evidence))
    return out


def finding_signals(report: Report) -> list[Signal]:
    """Every non-text signal of a report: source, badges, propaganda, attribution, fact-checks, corroboration."""
    return [
        *source_signals(publisher_profile(report)),
        *_badge_signals(report),
        *_propaganda_signals(report),
        *_quote_signals(report),
        *_factcheck_signals(report),
        *_corroboration_signals(report),
    ]

