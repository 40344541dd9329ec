"""The source database at run time: the bundled lists plus the user layer, indexed for fast lookups.

Outlets are classes of domains that are the same outlet (mirrors, a list entry naming several sites);
renames link classes in time (yournewswire.com -> newspunch.com -> thepeoplesvoice.tv). A profile
shows the ratings of its own class and of every earlier name, saying which (`via`), and keeps each
list's rating beside the others: where lists disagree the profile says so (`disagreement`) instead of
averaging. The user layer's entries win over the bundled ones and are listed as their own provenance.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from .compile import LOOKUP_ONLY, ORIGIN_RANK, TEXT, TEXT_AMBIGUOUS, TOKEN, core_name
from .domains import display_name, name_keys
from .kinds import source_kind

_RATING_FIELDS = ("list", "label", "date", "notes", "url", "factuality", "bias")
_OPTIONAL_FIELDS = {"notes", "url"}
#: Rank of a name derived from a domain's first label (`presstv.com` -> "presstv"): the last resort.
_DOMAIN_LABEL_RANK = 9


def _date_key(rating: dict[str, Any]) -> str:
    return rating.get("date") or ""


class SourceDatabase:
    """Indexes over the bundle (and user entries): domain -> outlet class, names, ratings, gazetteer."""

    def __init__(self, bundle: dict[str, Any], user_entries: list[dict[str, Any]] | None = None) -> None:
        self.lists: dict[str, dict[str, str]] = dict(bundle["lists"])
        self._parent: dict[str, str] = {}
        self._ratings: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._renamed_to: dict[str, set[str]] = defaultdict(set)
        self._names: dict[str, tuple[int, str]] = {}
        self._keys: dict[str, tuple[int, str]] = {}
        self._state: dict[str, dict[str, Any]] = {}
        self.text_names: list[tuple[str, str, bool]] = []  # (name, domain, ambiguous)
        self._profiles: dict[str, dict[str, Any]] = {}
        self._graph: tuple[dict[str, list[str]], dict[str, set[str]], dict[str, set[str]]] | None = None
        #: Outlets known as news media (rated by a news-media list or named as one), the only ones a
        #: parser's organisation entity may resolve to: "Google" is not a cited outlet.
        self._news: set[str] = set()

        for rating in bundle["ratings"]:
            self._add_rating(rating, "bundled")
            if rating["list"] != "Wikipedia perennial sources":
                self._news.update(rating["domains"])
        for link in bundle["links"]:
            if link["kind"] == "mirror":
                self._union(link["old_domain"], link["new_domain"])
            else:
                self._renamed_to[link["old_domain"]].add(link["new_domain"])
        for row in bundle["state_media"]:
            for domain in row["domains"]:
                self._union(row["domains"][0], domain)
            details = {k: row[k] for k in ("state", "demonym", "control", "basis", "reference")}
            details["description"] = describe_state_media(details)
            self._state[row["domains"][0]] = details
        for name, domain, origin, flag in bundle["names"]:
            self._add_name(name, domain, ORIGIN_RANK[origin], flag)
        for entry in user_entries or []:
            self._add_user_entry(entry)
        for domain, ratings in list(self._ratings.items()):
            label = domain.split(".")[0]
            # A site rated fake is often a spoof of a real outlet's name (abcnews.com.co): no name for it.
            if len(label) >= 3 and not any("fake" in r["categories"] for r in ratings):
                self._add_key(label, domain, _DOMAIN_LABEL_RANK)

    # -- building -------------------------------------------------------------------------------
    def _find(self, domain: str) -> str:
        parent = self._parent.get(domain, domain)
        if parent == domain:
            return domain
        root = self._find(parent)
        self._parent[domain] = root
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        self._parent.setdefault(a, a)
        self._parent.setdefault(b, b)
        if ra != rb:
            self._parent[rb] = ra

    def _add_rating(self, rating: dict[str, Any], layer: str) -> None:
        domains = rating["domains"]
        for other in domains[1:]:
            self._union(domains[0], other)
        self._parent.setdefault(domains[0], domains[0])
        # an empty note or link is left out, not shown as "" (most MBFC rows carry no note)
        entry = {k: v for k in _RATING_FIELDS if (v := rating.get(k)) or k not in _OPTIONAL_FIELDS}
        entry["categories"] = list(rating.get("categories") or [])
        entry["domain"] = domains[0]
        entry["layer"] = layer
        self._ratings[domains[0]].append(entry)

    def _add_key(self, key: str, domain: str, rank: int) -> None:
        current = self._keys.get(key)
        if current is None or (rank, -len(self._ratings.get(domain, ()))) < (current[0], -len(self._ratings.get(current[1], ()))):
            self._keys[key] = (rank, domain)

    def _add_name(self, name: str, domain: str, rank: int, flag: int) -> None:
        self._parent.setdefault(domain, domain)
        if domain not in self._names or rank < self._names[domain][0]:
            self._names[domain] = (rank, name)
        for key in name_keys(name):
            self._add_key(key, domain, rank)
        if flag != LOOKUP_ONLY:
            self.text_names.append((name, domain, flag == TEXT_AMBIGUOUS))
            self._news.add(domain)

    def _add_user_entry(self, entry: dict[str, Any]) -> None:
        domain = entry["domain"]
        for alias in entry.get("aliases") or []:
            self._union(domain, alias)
        for old in entry.get("renamed_from") or []:
            self._renamed_to[old].add(domain)
        self._news.add(domain)
        if entry.get("name"):
            words = TOKEN.findall(core_name(entry["name"]))
            self._add_name(entry["name"], domain, ORIGIN_RANK["user"], TEXT if len(words) > 1 else TEXT_AMBIGUOUS)
        if any(entry.get(k) for k in ("factuality", "bias", "categories", "label", "notes")):
            rating = dict(entry, domains=[domain], list=entry.get("list") or "user")
            self._add_rating(rating, "user")
        self._parent.setdefault(domain, domain)

    # -- queries --------------------------------------------------------------------------------
    def knows(self, domain: str) -> bool:
        """True when some list, table or user entry mentions the domain."""
        return domain in self._parent

    def domains(self) -> list[str]:
        """Every domain the database knows."""
        return sorted(self._parent)

    def find_name(self, name: str, news_only: bool = False) -> str | None:
        """The domain of the outlet best matching a name ("Press TV", "al-Mayadeen"), or None;
        `news_only` keeps to the names of news media (for names the parser found in running text: a
        domain's first label is not a name there, "House" is not house.gov)."""
        for key in name_keys(name):
            hit = self._keys.get(key)
            if hit is None:
                continue
            if news_only and (hit[0] == _DOMAIN_LABEL_RANK or not any(d in self._news for d in self._outlet_domains(hit[1]))):
                continue
            return hit[1]
        return None

    def _outlet_domains(self, domain: str) -> list[str]:
        members, _, _ = self._class_graph()
        return members.get(self._find(domain), [domain])

    def _class_graph(self) -> tuple[dict[str, list[str]], dict[str, set[str]], dict[str, set[str]]]:
        """Members of each class, and rename edges between classes (both directions); built once."""
        if self._graph is None:
            members: dict[str, list[str]] = defaultdict(list)
            for domain in sorted(self._parent):
                members[self._find(domain)].append(domain)
            later: dict[str, set[str]] = defaultdict(set)
            earlier: dict[str, set[str]] = defaultdict(set)
            for old, news in self._renamed_to.items():
                for new in news:
                    a, b = self._find(old), self._find(new)
                    if a != b:
                        later[a].add(b)
                        earlier[b].add(a)
            self._graph = (members, later, earlier)
        return self._graph

    @staticmethod
    def _walk(start: str, edges: dict[str, set[str]]) -> list[str]:
        """Classes reachable from `start` along `edges`, nearest first (not including `start`)."""
        seen, order, queue = {start}, [], deque([start])
        while queue:
            for nxt in sorted(edges.get(queue.popleft(), ())):
                if nxt not in seen:
                    seen.add(nxt)
                    order.append(nxt)
                    queue.append(nxt)
        return order

    def profile(self, domain: str) -> dict[str, Any]:
        """The profile of a registrable domain (cached); treat the result as read-only."""
        if domain not in self._parent:
            return empty_profile(domain)  # not cached: unknown domains are many and cheap
        cached = self._profiles.get(domain)
        if cached is None:
            cached = self._profiles[domain] = self._build_profile(domain)
        return cached

    def _build_profile(self, domain: str) -> dict[str, Any]:
        members, later, earlier = self._class_graph()
        root = self._find(domain)
        before = self._walk(root, earlier)
        after = self._walk(root, later)
        own = members[root]
        via = [d for cls in before for d in members[cls]]
        ratings = sorted((r for d in own for r in self._ratings.get(d, ())), key=_date_key, reverse=True)
        ratings += [r for cls in before for d in members[cls] for r in sorted(self._ratings.get(d, ()), key=_date_key, reverse=True)]
        ratings.sort(key=lambda r: r["layer"] != "user")
        names = [self._names[d] for d in own if d in self._names]
        name = self._names[domain][1] if domain in self._names else (min(names)[1] if names else None)
        if name is None:
            later_names = [self._names[d] for cls in after for d in members[cls] if d in self._names]
            name = min(later_names)[1] if later_names else None
        aliases = [d for d in own if d != domain] + [d for cls in after + before for d in members[cls]]
        profile: dict[str, Any] = {
            "domain": domain,
            "name": display_name(name, domain) if name else None,
            "factuality": _first(ratings, "factuality"),
            "bias": _first(ratings, "bias"),
            "categories": list(dict.fromkeys(c for r in ratings for c in r["categories"])),
            "aliases": list(dict.fromkeys(aliases)),
            "ratings": ratings,
        }
        if via and any(r["domain"] in via for r in ratings):
            profile["via"] = via
        _add_kind(profile)
        state = next((self._state[d] for d in own if d in self._state), None)
        if state:
            profile["state_media"] = dict(state)
        disagreement = _disagreement(ratings)
        if disagreement:
            profile["disagreement"] = disagreement
        return profile


def _first(ratings: list[dict[str, Any]], field: str) -> str | None:
    """The value of the first rating (user layer first, then most recent) that sets `field`."""
    return next((r[field] for r in ratings if r.get(field)), None)


def _disagreement(ratings: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """For factuality and bias, which lists say what, when they do not all say the same."""
    out = {}
    for field in ("factuality", "bias"):
        values: dict[str, list[str]] = {}
        for r in ratings:
            if r.get(field):
                values.setdefault(r[field], [])
                if r["list"] not in values[r[field]]:
                    values[r[field]].append(r["list"])
        if len(values) > 1:
            out[field] = values
    return out


def describe_state_media(details: dict[str, str]) -> str:
    """Plain words for a state-media entry: "Iranian state media", "aligned with the Syrian and Iranian
    governments", "US state-funded media"."""
    if details["control"] == "state-aligned":
        plural = "s" if " and " in details["demonym"] else ""
        return f"aligned with the {details['demonym']} government{plural}"
    if details["control"] == "state-funded":
        return f"{details['demonym']} state-funded media"
    return f"{details['demonym']} state media"


def empty_profile(domain: str | None) -> dict[str, Any]:
    """The answer for a source no list rates: known domain (or none), no ratings."""
    return _add_kind({"domain": domain, "name": None, "factuality": None, "bias": None, "categories": [], "aliases": [], "ratings": []})


def _add_kind(profile: dict[str, Any]) -> dict[str, Any]:
    """`kind` (platform, shortener, primary) and `kind_of` (its words) when the domain is not a news outlet,
    so every reader of the profile (report, lookup, API) can tell a platform or a ministry from an outlet."""
    kind = source_kind(profile["domain"])
    if kind:
        profile["kind"], profile["kind_of"] = kind
    return profile


def copy_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """A copy of a cached profile that the caller may change freely (cheaper than a deep copy)."""
    out = dict(profile)
    for key in ("categories", "aliases", "via"):
        if key in out:
            out[key] = list(out[key])
    out["ratings"] = [{**r, "categories": list(r["categories"])} for r in profile["ratings"]]
    for key in ("state_media", "disagreement"):
        if key in out:
            out[key] = dict(out[key])
    return out
