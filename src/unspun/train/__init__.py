"""Reproducible training: `unspun train TASK` rebuilds a bundled resource from ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError


def shared_data(name: str = "") -> Path:
    """Default location of a shared dataset: `$UNSPUN_SHARED/data/<name>`, else `../shared/data/<name>`
    found from the current directory upwards (so it works from a clone's root and its subfolders)."""
    env = os.environ.get("UNSPUN_SHARED")
    roots = [Path(env)] if env else [p / "shared" for p in [Path.cwd(), *Path.cwd().parents]]
    for root in roots:
        if (root / "data").is_dir():
            return root / "data" / name
    raise InputError("cannot find ../shared/data: pass --data DIR or set UNSPUN_SHARED")
