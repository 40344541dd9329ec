"""Reproducible training: `unspun train TASK` rebuilds a bundled resource from ../shared/data."""

from __future__ import annotations

import os
import platform
import shlex
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


def invocation(task: str) -> str:
    """The running `unspun train TASK` command with every option given on its command line, so a MANIFEST says
    exactly how to rebuild its files (`--data` included: which data it read). `--cache` and `--out` are left out:
    they change where files go, not what they hold."""
    import click
    from click.core import ParameterSource

    ctx = click.get_current_context()
    words = ["unspun", "train", task]
    for param in ctx.command.params:
        if param.name in ("cache", "out") or ctx.get_parameter_source(param.name) != ParameterSource.COMMANDLINE:
            continue
        value = ctx.params[param.name]
        if isinstance(param, click.Option) and param.is_flag:
            words.append(param.opts[0] if value else param.secondary_opts[0])
        else:
            words += [param.opts[0], str(value)]
    return shlex.join(words)


def environment() -> dict[str, str]:
    """Versions that decide the fitted numbers (fine-tuning on CPU is only reproducible on the same stack)."""
    import numpy
    import sklearn

    versions = {"python": platform.python_version(), "numpy": numpy.__version__, "scikit-learn": sklearn.__version__}
    try:  # the shared parse's tags and tokens are features of several models
        import spacy
        import thinc

        versions |= {"spacy": spacy.__version__, "thinc": thinc.__version__}
    except ImportError:
        pass
    try:
        import torch
        import transformers

        versions |= {"torch": torch.__version__, "transformers": transformers.__version__}
    except ImportError:
        pass
    return versions
