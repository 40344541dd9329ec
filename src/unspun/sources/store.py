"""Where the source database lives: the bundled resource (read once per process) and the user layer,
a JSON file in the data folder that `unspun sources import` writes and lookups read on top.

User-layer columns (CSV header or JSON object keys; only `domain` or `url` is required):
`domain`/`url`, `name`, `factuality` (very-low ... very-high), `bias` (extreme-left ... extreme-right),
`categories` (separated by `;` or `,`), `label` (your own wording), `notes`, `date`, `list` (the
provenance shown on the rating, default "user"), `aliases` (other domains of the same outlet, `;`-separated),
`renamed_from` (earlier domains, `;`-separated), `reference` (a URL backing the entry).
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from .. import assets
from ..errors import InputError, ResourceError
from ..settings import get_settings
from .domains import registrable_domain
from .vocabulary import check, check_categories

BUNDLE_FILE = "sources.json.gz"
USER_FILE = "sources.json"
_FIELDS = ("domain", "name", "factuality", "bias", "categories", "label", "notes", "date", "list", "aliases", "renamed_from", "url")


@functools.cache
def load_bundle() -> dict[str, Any]:
    """The compiled database shipped with unspun (a missing or corrupt file is a ResourceError)."""
    path = assets.path(f"sources/{BUNDLE_FILE}")
    try:
        bundle = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError) as exc:
        raise ResourceError(f"corrupt resource {path}: {exc}; rebuild it with `unspun train sources`") from None
    if not isinstance(bundle, dict) or not {"lists", "ratings", "names", "links", "state_media"} <= set(bundle):
        raise ResourceError(f"corrupt resource {path}: not a source database; rebuild it with `unspun train sources`")
    return bundle


def user_layer_path() -> Path:
    """The user layer's file: `<data_dir>/sources.json`."""
    return get_settings().data_dir / USER_FILE


def read_user_layer(path: Path | None = None) -> list[dict[str, Any]]:
    """Entries of the user layer (none when the file does not exist yet)."""
    path = path or user_layer_path()
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return list(data["entries"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the user source layer {path}: {exc}") from None


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in re.split(r"[;,|]", str(value)) if v.strip()]


def normalise_entry(raw: dict[str, Any]) -> dict[str, Any]:
    """One user record checked and normalised (ValueError says what is wrong with it)."""
    raw = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    unknown = set(raw) - set(_FIELDS) - {"reference"}
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(sorted(unknown))}")
    where = raw.get("domain") or raw.get("url") or ""
    domain = registrable_domain(str(where)) if where else None
    if not domain:
        raise ValueError(f"no usable domain in {where!r}")
    def domains(key: str) -> list[str]:
        out = []
        for item in _split(raw.get(key)):
            d = registrable_domain(item)
            if not d:
                raise ValueError(f"{key}: no usable domain in {item!r}")
            out.append(d)
        return out
    entry = {
        "domain": domain,
        "name": (str(raw.get("name") or "").strip() or None),
        "factuality": check("factuality", raw.get("factuality")),
        "bias": check("bias", raw.get("bias")),
        "categories": check_categories(_split(raw.get("categories"))),
        "label": str(raw.get("label") or "").strip() or None,
        "notes": str(raw.get("notes") or "").strip(),
        "date": str(raw.get("date") or "").strip() or None,
        "list": str(raw.get("list") or "").strip() or "user",
        "aliases": domains("aliases"),
        "renamed_from": domains("renamed_from"),
        "url": str(raw.get("reference") or (raw.get("url") if raw.get("domain") else "") or "").strip() or None,
    }
    if entry["label"] is None:
        parts = [f"factuality {entry['factuality']}" if entry["factuality"] else "", f"bias {entry['bias']}" if entry["bias"] else "", ", ".join(entry["categories"])]
        entry["label"] = "; ".join(p for p in parts if p) or None
    return entry


def _records(path: Path) -> list[dict[str, Any]]:
    """Raw records of a CSV or JSON file (a list of objects, or `{"sources": [...]}` / `{"entries": [...]}`)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    if not text.strip():
        raise InputError(f"{path} is empty")
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in "[{":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError(f"{path} is not valid JSON: {exc}") from None
        if isinstance(data, dict):
            data = data.get("sources", data.get("entries", [data]))
        if not isinstance(data, list):
            raise InputError(f"{path}: expected a list of source objects")
        return data
    return list(csv.DictReader(io.StringIO(text)))


def import_file(path: Path) -> dict[str, Any]:
    """Merge a CSV/JSON file into the user layer (an entry replaces the one with the same domain and
    list). Bad records are skipped and reported; returns counts and the errors by record number."""
    records = _records(path)
    entries, errors = [], []
    for number, raw in enumerate(records, start=1):
        try:
            if not isinstance(raw, dict):
                raise ValueError("not an object")
            entries.append(normalise_entry(raw))
        except ValueError as exc:
            errors.append(f"record {number}: {exc}")
    target = user_layer_path()
    if not entries:
        return {"file": str(target), "imported": 0, "added": 0, "updated": 0, "errors": errors}
    current = {(e["domain"], e["list"]): e for e in read_user_layer(target)}
    added = sum((e["domain"], e["list"]) not in current for e in entries)
    for entry in entries:
        current[(entry["domain"], entry["list"])] = entry
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"format": 1, "entries": list(current.values())}, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)
    reset()
    return {"file": str(target), "imported": len(entries), "added": added, "updated": len(entries) - added, "errors": errors}


def bundle_stats(bundle: dict[str, Any]) -> dict[str, Any]:
    """Counts that summarise a bundle: domains, ratings per list, names, links, state-media entries."""
    domains = {d for r in bundle["ratings"] for d in r["domains"]}
    domains |= {l[k] for l in bundle["links"] for k in ("old_domain", "new_domain")}
    domains |= {d for row in bundle["state_media"] for d in row["domains"]} | {n[1] for n in bundle["names"]}
    return {
        "domains": len(domains),
        "ratings": len(bundle["ratings"]),
        "ratings_by_list": dict(sorted(Counter(r["list"] for r in bundle["ratings"]).items())),
        "factuality": dict(sorted(Counter(r["factuality"] or "none" for r in bundle["ratings"]).items())),
        "names": len(bundle["names"]),
        "names_matched_in_text": sum(1 for n in bundle["names"] if n[3]),
        "rebrands_and_mirrors": len(bundle["links"]),
        "state_media": len(bundle["state_media"]),
    }


@functools.cache
def database():  # -> SourceDatabase
    """The process-wide database: the bundle with the user layer on top (rebuilt after an import)."""
    from .database import SourceDatabase

    return SourceDatabase(load_bundle(), read_user_layer())


def reset() -> None:
    """Forget the loaded database, so the next lookup reads the user layer again."""
    database.cache_clear()
    from . import gazetteer

    gazetteer.reset()
