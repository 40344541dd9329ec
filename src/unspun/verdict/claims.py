"""The short-claim model (LIAR's six ratings) at scoring time.

A single claim carries too little text for the article model, and LIAR's best published figure without
the leaking credit history is low (Wang 2017: 0.27 six-way); the model serves `unspun eval verdict` on
LIAR and is reported beside the anchors, not folded into an article's score.
"""

from __future__ import annotations

import functools

from .textmodel import TextModel

RESOURCE = "verdict"
PREFIX = "claims"


@functools.cache
def model() -> TextModel:
    """The bundled claim model (cached)."""
    return TextModel.load(RESOURCE, PREFIX)
