"""Findings -> named signals: the numeric inputs of the combiner, each with the evidence behind it.

A signal is positive when it points towards *unreliable*. Each one keeps the spans and evidence a reason
will point at, so the explanation is built from the same numbers as the score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..report import Finding, Report, Span

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


def is_questionable(profile: dict[str, Any]) -> bool:
    """Whether a profile's categories put the outlet among questionable sources."""
    return any(q in w for w in _words(profile.get("categories")) for q in _QUESTIONABLE)


def is_reliable_listed(profile: dict[str, Any]) -> bool:
    """Whether a profile's categories list the outlet as reliable (and nothing questionable)."""
    cats = _words(profile.get("categories"))
    return any(w.startswith(r) for w in cats for r in _RELIABLE) and not is_questionable(profile)


def profile_name(profile: dict[str, Any]) -> str:
    """The outlet's display name, else its domain."""
    return str(profile.get("name") or profile.get("domain") or "the publisher")


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
        cats = ", ".join(_words(profile.get("categories"))[:4])
        out.append(Signal("source_questionable", 1.0, "source", f"{name} is listed as {cats}{via}", evidence=profile))
    elif is_reliable_listed(profile):
        out.append(Signal("source_reliable", 1.0, "source", f"{name} is listed as a reliable source{via}", evidence=profile))
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


def _propaganda_signals(report: Report) -> list[Signal]:
    summary = next((f for f in report.by_analyzer("propaganda") if f.kind == "summary"), None)
    techniques = [f for f in report.by_analyzer("propaganda") if f.kind == "technique"]
    if summary is None and not techniques:
        return []
    sentences = (summary.evidence if summary else {}).get("sentences") or []
    flagged = sum(1 for x in sentences if float(x.get("probability") or 0.0) >= 0.5)
    density = flagged / len(sentences) if sentences else 0.0
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


def _relays(report: Report) -> tuple[dict[str, float], dict[str, str], dict[str, str], list[Span]]:
    """Per outlet (lower-cased key): the share of the body relayed from it (quotes' `relayed_by`, else the
    source analyzer's `share_of_body`), its display name, whether it is state media, and the relayed spans."""
    shares: dict[str, float] = {}
    names: dict[str, str] = {}
    state: dict[str, str] = {}
    spans: list[Span] = []
    figures = next((f.evidence for f in report.by_analyzer("quotes") if f.kind == "figures"), {})
    for outlet, share in (figures.get("relayed_by") or {}).items():
        shares[str(outlet).lower()] = float(share)
        names[str(outlet).lower()] = str(outlet)
    for f in report.by_analyzer("source"):
        if f.kind != "cited_outlet" or not f.evidence:
            continue
        name = profile_name(f.evidence)
        keys = {str(k).lower() for k in [name, f.evidence.get("domain"), *(f.evidence.get("aliases") or [])] if k}
        share = float(f.evidence.get("share_of_body") or 0.0)
        key = next((k for k in keys if k in shares), name.lower())
        shares[key] = max(shares.get(key, 0.0), share)
        names[key] = name
        if is_state_media(f.evidence):
            state[key] = name
        if share:
            attributed = f.evidence.get("attributed") or []
            spans += [Span(start=int(a), end=int(b)) for a, b in attributed] or list(f.spans)
    spans += [s for f in report.by_analyzer("quotes") if f.kind == "quote" and f.evidence.get("chain") for s in f.spans]
    return shares, names, state, spans


def _quote_signals(report: Report) -> list[Signal]:
    quotes = report.by_analyzer("quotes")
    figures = next((f.evidence for f in quotes if f.kind == "figures"), {})
    shares, names, state, spans = _relays(report)
    out: list[Signal] = []
    state_share = min(1.0, sum(v for k, v in shares.items() if k in state))
    if state_share > 0:
        outlets = ", ".join(sorted({state[k] for k in shares if k in state and shares[k] > 0}))
        out.append(Signal(
            "state_media_relayed_share", state_share, "source",
            f"{state_share:.0%} of the body is relayed from state media ({outlets})", spans[:8],
            {"relayed_by": {names[k]: v for k, v in shares.items()}, "state_media": sorted(set(state.values()))},
        ))
    relayed = max(float(figures.get("relayed_share") or 0.0), min(1.0, sum(shares.values())))
    if relayed > 0:
        # only outlets the body re-reports: one merely linked (share 0) is not where the text came from
        outlets = ", ".join(names[k] for k in sorted(shares, key=lambda k: -shares[k])[:3] if shares[k] > 0)
        out.append(Signal(
            "relayed_share", relayed, "quotes" if figures else "source",
            f"{relayed:.0%} of the body is re-reported from other outlets" + (f" ({outlets})" if outlets else ""),
            spans[:8], {"relayed_share": relayed, "relayed_by": {names[k]: v for k, v in shares.items()}},
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

