"""Source profiles in the report: who publishes the page, and which outlets it cites.

The publisher comes from the page's canonical URL (else the URL given, the domain, the site name).
Cited outlets are those the body presents as sources ("Press TV reports", "according to Reuters",
"told CNN") and those it links to; each gets its profile, the spans where it is cited and the share of
the body attributed to it: the sentence that cites it, and a blockquote introduced by "X reports:".
"""

from __future__ import annotations

import re
from typing import Any

from ..parse import Parsed
from ..report import Article, Finding, Span
from ..sources import database, find_outlets, page_domain, profile_of, registrable_domain, same_outlet
from ..sources.gazetteer import sentence_bounds
from ..sources.kinds import is_outlet
from ..spans import length, merge
from . import register

#: A wire dateline opening the body: "HAYWARD, Calif. (AP) —", "WASHINGTON (Reuters) -", "(AFP) -".
_DATELINE = re.compile(r"\s*(?:[A-Z][^()\n]{0,60}?\s)?\(([A-Z][\w .&'-]{0,40})\)\s*[-\u2013\u2014]")


def _publisher(article: Article) -> tuple[dict[str, Any] | None, str | None]:
    """The publisher's profile and where it was read from."""
    domain, basis = page_domain(article)
    if basis is None:
        return None, None
    profile = profile_of(domain)
    if basis == "site_name":
        profile["name"] = profile["name"] or article.site_name
    return profile, basis


def _rating_words(profile: dict[str, Any]) -> str:
    """"OpenSources: clickbait, junksci (as yournewswire.com); ..." for a message. A list that gives the same
    label to the outlet's own domain and to another of its domains (presstv.com and presstv.ir) is named once:
    the repetition reads as two verdicts where there is one."""
    domains: dict[tuple[str, str], list[str]] = {}
    for r in profile["ratings"]:
        domains.setdefault((r["list"], r["label"]), []).append(r["domain"])
    parts = []
    for (name, label), rated in domains.items():
        elsewhere = "" if profile["domain"] in rated else f" (as {', '.join(dict.fromkeys(rated))})"
        parts.append(f"{name}: {label}{elsewhere}")
    return "; ".join(parts)


def _label(profile: dict[str, Any]) -> str:
    """The finding's label: the factuality the lists give, else `primary` for a government, university,
    international body or journal (no news-media list rates those, and "unknown" would read as a doubt),
    else `unknown`."""
    return profile["factuality"] or ("primary" if profile.get("kind") == "primary" else "unknown")


def _describe(profile: dict[str, Any]) -> str:
    """One line: name (domain), what kind of source, state media, factuality, ratings and earlier names."""
    who = profile["name"] or profile["domain"] or "unknown outlet"
    if profile["name"] and profile["domain"]:
        who = f"{profile['name']} ({profile['domain']})"
    bits = [who]
    if profile.get("kind") == "primary":
        bits.append(f"primary source: {profile['kind_of']}")
    if profile.get("state_media"):
        bits.append(profile["state_media"]["description"])
    if profile["ratings"]:
        bits.append(f"factuality {profile['factuality'] or 'unrated'}")
        if profile.get("via"):
            bits.append("ratings of its earlier name(s) " + ", ".join(profile["via"]))
        bits.append(_rating_words(profile))
    elif profile.get("kind") != "primary":
        bits.append("not rated by any list")
    return "; ".join(bits)


def _blockquote_owners(article: Article, cited: list[dict[str, Any]]) -> dict[str, list[tuple[int, int]]]:
    """Blockquotes introduced by a cited outlet ("Press TV reports:") -> that outlet's domain."""
    owners: dict[str, list[tuple[int, int]]] = {}
    blocks = article.blocks
    for k, block in enumerate(blocks):
        if block.kind != "blockquote":
            continue
        j = k - 1
        while j >= 0 and blocks[j].kind == "blockquote":
            j -= 1
        if j < 0:
            continue
        intro = blocks[j]
        if not article.text[intro.start:intro.end].rstrip().endswith(":"):
            continue
        in_intro = [m for m in cited if intro.start <= m["start"] < intro.end]
        if in_intro:
            owners.setdefault(in_intro[-1]["domain"], []).append((block.start, block.end))
    return owners


def _cited_outlets(article: Article, parsed: Parsed | None, publisher: str | None) -> list[Finding]:
    doc = parsed.doc if parsed is not None else None
    # the page's own outlet (its domain, a mirror, a sister domain: bbc.co.uk on bbc.com) is not one it cites
    mentions = [m for m in find_outlets(article.text, doc) if m["cited"] and not same_outlet(m["domain"], publisher)]
    by_domain: dict[str, dict[str, Any]] = {}
    for m in mentions:
        entry = by_domain.setdefault(m["domain"], {"spans": [], "attributed": [], "cues": [], "linked": False})
        entry["spans"].append((m["start"], m["end"]))
        entry["attributed"].append(sentence_bounds(article.text, m["start"], m["end"], doc))
        entry["cues"].append(m["cue"])
    for domain, quoted in _blockquote_owners(article, mentions).items():
        by_domain[domain]["attributed"] += quoted
    wire = _wire_agency(article.text, publisher)
    if wire:
        domain, start, end = wire
        entry = by_domain.setdefault(domain, {"spans": [], "attributed": [], "cues": [], "linked": False})
        entry["spans"].append((start, end))
        entry["cues"].append("dateline")
    for link in article.links:
        domain = registrable_domain(link.href) if link.href.startswith(("http://", "https://", "//")) else None
        # a platform or a shortener (an embedded tweet, a "follow us" footer, t.co) is no outlet the page cites
        if not domain or same_outlet(domain, publisher) or not is_outlet(domain):
            continue
        entry = by_domain.setdefault(domain, {"spans": [], "attributed": [], "cues": [], "linked": False})
        entry["linked"] = True
        if link.start is not None and link.end is not None:
            entry["spans"].append((link.start, link.end))
    # Blocks may nest (a blockquote and its paragraphs), so the body is the union of their spans.
    body = length((b.start, b.end) for b in article.blocks) or len(article.text.strip()) or 1
    findings = []
    for domain, entry in by_domain.items():
        attributed = merge(entry["attributed"])
        share = round(sum(e - s for s, e in attributed) / body, 3)
        profile = profile_of(domain)
        how = "linked" if not entry["cues"] else "cited as a source" + (" and linked" if entry["linked"] else "")
        if "dateline" in entry["cues"]:
            how = "the dateline credits the item to it (wire copy)" + (", also " + how if len(entry["cues"]) > 1 or entry["linked"] else "")
        share_words = f", {share:.0%} of the body attributed to it" if share else ""
        evidence = {**profile, "share_of_body": share, "attributed": [list(a) for a in attributed],
                    "cues": [c for c in entry["cues"] if c], "linked": entry["linked"]}
        if "dateline" in entry["cues"]:
            evidence["wire"] = True
        findings.append(Finding(
            analyzer="source", kind="cited_outlet", label=_label(profile),
            spans=[Span(start=s, end=e) for s, e in sorted(set(entry["spans"]))],
            message=f"{_describe(profile)}; {how}{share_words}", evidence=evidence,
        ))
    findings.sort(key=lambda f: -f.evidence["share_of_body"])
    return findings


def _wire_agency(text: str, publisher: str | None) -> tuple[str, int, int] | None:
    """The news agency a dateline at the start of the body credits ("HAYWARD, Calif. (AP) —"), as
    `(domain, start, end)` of its name, when the database knows it as news media and it is not the page's own
    outlet. The item is then the agency's copy, carried by the page.

    Its share of the body stays 0: the body is the agency's reporting, not re-reported from it, so it is
    credited, not counted as relayed (the verdict reads relays from `share_of_body`)."""
    m = _DATELINE.match(text)
    if not m:
        return None
    domain = database().find_name(m.group(1), news_only=True)
    if not domain or same_outlet(domain, publisher):
        return None
    return domain, m.start(1), m.end(1)


@register("source", description="Who publishes the page and which outlets it cites, with each list's rating.", version="1",
          resources=("sources",))
def analyze(article: Article, parsed: Parsed | None) -> list[Finding]:
    """A `publisher` finding (when the page says where it comes from) and one `cited_outlet` per outlet."""
    findings = []
    profile, basis = _publisher(article)
    if profile is not None:
        findings.append(Finding(
            # "unknown" unless rated: the verdict reads any other label as a record of the publisher
            analyzer="source", kind="publisher", label=profile["factuality"] or "unknown",
            message=f"Published by {_describe(profile)}",
            evidence={**profile, "from": basis},
        ))
    publisher = profile["domain"] if profile else None
    findings += _cited_outlets(article, parsed, publisher)
    return findings
