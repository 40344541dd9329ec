"""The one loader for bundled resources (ratings, lexicons, model weights) under `unspun/resources/`.

Each resource is a folder `resources/<name>/` with its data files and a `MANIFEST.json`
(origin, licence, version, metrics, how to rebuild it).
Loading is lazy and happens once per process; a missing or corrupt file is a `ResourceError`
naming the file, never a silent empty result. Weights are arrays (npz) + JSON, never pickles.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ResourceError

RESOURCES = Path(__file__).parent / "resources"


def path(name: str) -> Path:
    """Absolute path of a bundled resource, checked to exist."""
    p = RESOURCES / name
    if not p.exists():
        raise ResourceError(f"missing resource {p}: rebuild it with `unspun train` or reinstall unspun")
    return p


@functools.cache
def manifest() -> dict[str, dict[str, Any]]:
    """Every resource's manifest, keyed by the resource folder's name."""
    return {p.parent.name: load_json(f"{p.parent.name}/MANIFEST.json") for p in sorted(RESOURCES.glob("*/MANIFEST.json"))}


def version(name: str) -> str:
    """The version string a report records for a resource folder (its manifest's `version`)."""
    return str(load_json(f"{name}/MANIFEST.json").get("version", "unknown"))


@functools.cache
def load_json(name: str) -> Any:
    """Parsed JSON of a bundled resource (cached)."""
    p = path(name)
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"corrupt resource {p}: {exc}") from None


@functools.cache
def load_npz(name: str) -> dict[str, np.ndarray]:
    """Arrays of a bundled `.npz` resource (cached; `allow_pickle` stays off)."""
    p = path(name)
    try:
        with np.load(p, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}
    except (OSError, ValueError) as exc:
        raise ResourceError(f"corrupt resource {p}: {exc}") from None
