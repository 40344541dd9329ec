"""Parse corpus documents once with the shared spaCy pipeline, optionally cached as a DocBin.

Training and evaluation both need the parse of every article; parsing PolNeAR train takes minutes on
a shared CPU, so `--cache DIR` keeps a DocBin keyed by part and model version for the next run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from ..parse import model_version, nlp
from .polnear import Document


def _key(docs: Sequence[Document]) -> str:
    digest = hashlib.sha1(model_version().encode())
    for d in docs:
        digest.update(d.name.encode())
        digest.update(str(len(d.text)).encode())
    return digest.hexdigest()[:16]


def parse_documents(docs: Sequence[Document], cache: Path | None = None, batch_size: int = 8) -> list:
    """spaCy Docs of `docs`' texts, in order; read from / written to `cache` when given."""
    from spacy.tokens import DocBin

    target = cache / f"polnear-{_key(docs)}.spacy" if cache else None
    if target is not None and target.is_file():
        return list(DocBin().from_disk(target).get_docs(nlp().vocab))
    parsed = list(nlp().pipe((d.text for d in docs), batch_size=batch_size))
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=parsed, store_user_data=False).to_disk(target)
    return parsed
