"""Readers for the lists that rate sources, each in its own layout as it lies in ../shared/data, and for
our curated tables. Every reader yields plain records that `compile.py` bundles:

- rating: `{list, domains, label, date, notes, url, factuality, bias, categories}` (`domains` is every
  site the list entry names; `label` is the list's own wording);
- name: `{name, domain, origin, news}` (`news`: the entry is a news outlet, so its name may be matched in
  article text; `origin` orders names when several lists name one outlet).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .domains import registrable_domain
from .vocabulary import MBFC_FACT, OPENSOURCES, WIKIPEDIA, check, worst_factuality

#: Provenance of each list: how a rating names it, and what a person needs to check it.
LISTS: dict[str, dict[str, str]] = {
    "OpenSources": {
        "folder": "opensources", "date": "2017-04-28", "licence": "LGPL-3.0 (repository), CC BY 4.0 (website)",
        "url": "https://github.com/OpenSourcesGroup/opensources",
        "cite": "M. Zimdars et al., OpenSources (opensources.co), 2017",
    },
    "MBFC (Baly et al. 2018)": {
        "folder": "mbfc-baly-media-factuality-bias", "date": "2018", "licence": "none stated (MBFC content)",
        "url": "https://github.com/ramybaly/News-Media-Reliability",
        "cite": "Baly et al., Predicting Factuality of Reporting and Bias of News Media Sources, EMNLP 2018",
    },
    "MBFC (Baly et al. 2020)": {
        "folder": "mbfc-baly-media-factuality-bias", "date": "2020", "licence": "none stated (MBFC content)",
        "url": "https://github.com/ramybaly/News-Media-Reliability",
        "cite": "Baly et al., What Was Written vs. Who Read It, ACL 2020",
    },
    "Wikipedia perennial sources": {
        "folder": "wikipedia-perennial-sources", "date": "2021-03-17", "licence": "CC BY-SA 3.0",
        "url": "https://en.wikipedia.org/wiki/Wikipedia:Reliable_sources/Perennial_sources",
        "cite": "Wikipedia contributors, Reliable sources/Perennial sources (2021-03-17), via Kudusch/wikipedia-perennial-sources",
    },
    "FakeNewsCorpus": {
        "folder": "fakenewscorpus-sample", "date": "2018", "licence": "Apache-2.0",
        "url": "https://github.com/several27/FakeNewsCorpus",
        "cite": "M. Szpakowski, FakeNewsCorpus (2018); types derived from OpenSources",
    },
    "unspun state-media table": {
        "folder": "", "date": "2026", "licence": "Apache-2.0 (our table; each row cites a public reference)",
        "url": "resources/sources/state_media.csv", "cite": "unspun contributors",
    },
}

#: Words in a Wikipedia consensus summary that say the entry is not a news outlet (a wiki, shop,
#: database, forum, scripture): its name is then looked for in article text only when a news-media list
#: rates the outlet too.
_NOT_NEWS_WORDS = re.compile(
    r"\b(wikis?|user-generated|self-published|social (?:media|network)|database|forums?|encyclop\w*|genealog\w*|"
    r"aggregator|question-and-answer|content farm|video-sharing|search engine|retailer|e-commerce|fan site|"
    r"tertiary source|press releases?|scriptur\w*|transcripts?|official record)\b",
    re.IGNORECASE,
)
#: A sentence about one part of a source ("However, this excludes BBC projects that incorporate
#: user-generated content", "contributor pieces", "Press releases published by Reuters"): its words say
#: what that part is, not what the source is.
_PART_WORDS = re.compile(
    r"\b(however|contributors?|excludes?|except|sections?|projects?|pieces|posts from|user reviews|reviews on|"
    r"profiles|published by)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
_COUNTRY_QUALIFIERS = {"UK", "US", "USA", "U.S."}


def _is_news(info: str) -> bool:
    """Whether a Wikipedia consensus summary describes a news source: no sentence says it is a wiki, a
    forum, a shop, a social network (`_NOT_NEWS_WORDS`), other than one about a part of it. The first
    sentence always counts ("User reviews on Amazon are ... self-published" says what Amazon is cited for).
    Read over the whole summary, the words dropped the BBC, The Hill, HuffPost and Reuters for a clause on
    their user-generated or contributor sections, and the BBC's name was then never matched in text."""
    sentences = _SENTENCE.split(info)
    return not any(
        _NOT_NEWS_WORDS.search(s) for k, s in enumerate(sentences) if k == 0 or not _PART_WORDS.search(s)
    )


def _types(*values: str) -> list[str]:
    return [v.strip().lower() for v in values if v and v.strip()]


def _opensources_rating(list_name: str, domain: str, types: list[str], notes: str) -> dict[str, Any] | None:
    known = [t for t in types if t in OPENSOURCES]
    if not known:
        return None
    return {
        "list": list_name, "domains": [domain], "label": ", ".join(known), "date": LISTS[list_name]["date"],
        "notes": notes.strip(), "url": LISTS[list_name]["url"],
        "factuality": worst_factuality([OPENSOURCES[t][1] for t in known]), "bias": None,
        "categories": list(dict.fromkeys(OPENSOURCES[t][0] for t in known)),
    }


def read_opensources(folder: Path) -> Iterator[dict[str, Any]]:
    """OpenSources `sources.csv`: domain, three types and a note per row."""
    with open(folder / "sources.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            domain = registrable_domain(row["domain"])
            types = _types(row["type"], row["2nd type"], row["3rd type"])
            record = _opensources_rating("OpenSources", domain, types, row.get("Source Notes (things to know?)") or "") if domain else None
            if record:
                yield record


def read_fakenewscorpus(folder: Path, already: set[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    """FakeNewsCorpus `websites.csv` (OpenSources-style types); rows that repeat an OpenSources rating
    (same domain, same types) are left out, so only what the corpus adds is shown."""
    with open(folder / "websites.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            domain = registrable_domain(row["url"])
            types = _types(row["type"], row["2nd_type"], row["3rd_type"])
            record = _opensources_rating("FakeNewsCorpus", domain, types, "") if domain else None
            if record and (domain, record["label"]) not in already:
                yield record


def _mbfc_name(ref: str) -> str | None:
    """An outlet name from the MBFC page slug (`.../the-gateway-pundit/` -> "the gateway pundit")."""
    slug = ref.rstrip("/").rsplit("/", 1)[-1]
    # MBFC numbers a second page for one name ("usa-today-2"): the number is no part of the name
    return re.sub(r"-\d$", "", slug).replace("-", " ") if slug and "." not in slug else None


def read_mbfc(folder: Path) -> Iterator[dict[str, Any]]:
    """Baly et al.'s two releases of MBFC labels (`corpus_emnlp18.tsv`, `corpus_acl2020.tsv`)."""
    for file, list_name in (("corpus_emnlp18.tsv", "MBFC (Baly et al. 2018)"), ("corpus_acl2020.tsv", "MBFC (Baly et al. 2020)")):
        with open(folder / file, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                domain = registrable_domain(row["source_url"])
                if not domain:
                    continue
                fact, bias = row["fact"].strip().lower(), row["bias"].strip().lower()
                yield {
                    "list": list_name, "domains": [domain], "label": f"factuality {fact}, bias {bias}",
                    "date": LISTS[list_name]["date"], "notes": "", "url": row["ref"].strip(),
                    "factuality": MBFC_FACT.get(fact), "bias": check("bias", bias), "categories": [],
                    "name": _mbfc_name(row["ref"]),
                }


def _split_wikipedia_name(name: str) -> tuple[str, list[str]]:
    """`"RT (Russia Today)"` -> ("RT", ["Russia Today"]); lower-case qualifiers such as
    "(politics and science)" and country tags such as "(UK)" are not names."""
    groups = re.findall(r"\(([^()]*)\)", name)
    main = re.sub(r"\s*\([^()]*\)", "", name).strip()
    alternatives = []
    for group in groups:
        for item in (g.strip() for g in group.split(",")):
            if item and item[0].isupper() and item not in _COUNTRY_QUALIFIERS and not re.match(r"\d", item):
                alternatives.append(item)
    return main, alternatives


def _wikipedia_domains(urls: list[str]) -> list[str]:
    """The outlet's own sites among the infobox URLs: home pages only (paths often point at YouTube
    channels, catalogues or Wikidata), falling back to every URL's site when no home page is listed."""
    home = [u for u in urls if re.sub(r"^(?:https?:)?//", "", u).strip("/").count("/") == 0]
    sites = [registrable_domain(u) for u in (home or urls)]
    return list(dict.fromkeys(s for s in sites if s))


def read_wikipedia(folder: Path) -> Iterator[dict[str, Any]]:
    """Wikipedia's perennial sources: status list, consensus summary and the outlet's sites."""
    with open(folder / "perennial-sources.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            domains = _wikipedia_domains(json.loads(row["urls"] or "[]"))
            statuses = [s for s in json.loads(row["status"] or "[]") if s in WIKIPEDIA]
            if not domains or not statuses:
                continue
            main, alternatives = _split_wikipedia_name(row["name"])
            info = " ".join(row["info"].split())
            yield {
                "list": "Wikipedia perennial sources", "domains": domains, "label": "; ".join(statuses),
                "date": LISTS["Wikipedia perennial sources"]["date"], "notes": f"{row['name']}: {info}",
                "url": row["wiki_url"].strip() or LISTS["Wikipedia perennial sources"]["url"],
                "factuality": worst_factuality([WIKIPEDIA[s][0] for s in statuses]), "bias": None,
                "categories": list(dict.fromkeys(c for s in statuses if (c := WIKIPEDIA[s][1]))),
                "names": [main, *alternatives],
                "news": _is_news(info),
            }


def read_rebrands(path: Path) -> list[dict[str, str]]:
    """Our table of rebrands, redirects and mirrors (`old_domain -> new_domain`, with a reference)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [dict(r) for r in csv.DictReader(fh)]
    for row in rows:
        for key in ("old_domain", "new_domain"):
            domain = registrable_domain(row[key])
            if domain is None:
                raise ValueError(f"{path.name}: bad domain {row[key]!r}")
            row[key] = domain
        if row["kind"] not in {"rebrand", "redirect", "mirror"} or not row["reference"].strip():
            raise ValueError(f"{path.name}: row {row['old_domain']} needs a kind and a reference")
    return rows


def read_state_media(path: Path) -> list[dict[str, Any]]:
    """Our table of state-affiliated media: domain(s), names, state, kind of control, basis, reference."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            domains = [registrable_domain(d) for d in [row["domain"], *row["aliases"].split(";")] if d.strip()]
            if None in domains or not row["reference"].strip():
                raise ValueError(f"{path.name}: row {row['domain']} needs valid domains and a reference")
            if row["control"] not in {"state-media", "state-funded", "state-aligned"}:
                raise ValueError(f"{path.name}: row {row['domain']}: unknown control {row['control']!r}")
            out.append({
                "domains": domains, "name": row["name"].strip(),
                "names": [n.strip() for n in row["names"].split(";") if n.strip()],
                "state": row["state"].strip(), "demonym": row["demonym"].strip(), "control": row["control"],
                "basis": row["basis"].strip(), "reference": row["reference"].strip(),
            })
    return out
