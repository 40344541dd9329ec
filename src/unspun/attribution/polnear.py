"""Reader for the PolNeAR corpus layout (`<part>/text/*.txt`, `<part>/attributions/*.ann`, `metadata.tsv`).

The reader keeps the corpus exactly as it lies on disk so `unspun eval attribution` runs on any part of
it. Gold is one annotator per article: the first one `metadata.tsv` lists (several annotators annotated
some articles for agreement; mixing them would double-count those articles).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

Fragments = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t", re.M)
_E_LINE = re.compile(r"^(E\d+)\t(.*)$", re.M)


@dataclass
class Attribution:
    """One attribution relation: who (`source`) said or thought (`cue`) what (`content`).

    Each role is a tuple of `(start, end)` character fragments (roles can be discontinuous); a role with
    no fragment is absent (e.g. an attribution without a stated source).
    """

    content: Fragments = ()
    cue: Fragments = ()
    source: Fragments = ()

    def to_json(self) -> dict[str, list[list[int]]]:
        """The JSONL form `unspun eval attribution` writes."""
        return {role: [list(f) for f in getattr(self, role)] for role in ("content", "cue", "source")}


@dataclass
class Document:
    """One article: its name, text and gold attributions (empty when predicting only)."""

    name: str
    text: str
    gold: list[Attribution] = field(default_factory=list)
    annotator: str | None = None


def _fragments(offsets: str) -> Fragments:
    """`"10 20;30 40"` -> `((10, 20), (30, 40))`."""
    out = []
    for part in offsets.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return tuple(out)


def parse_ann(ann: str) -> list[Attribution]:
    """Attributions of one brat-like `.ann` file (Discuss/Discard flags are ignored as noise).

    Lines are read by their `T`/`E` prefixes because a few covered texts contain newlines.
    """
    spans = {m.group(1): (m.group(2), _fragments(m.group(3))) for m in _T_LINE.finditer(ann)}
    out: list[Attribution] = []
    for m in _E_LINE.finditer(ann):
        roles: dict[str, list[tuple[int, int]]] = {"content": [], "cue": [], "source": []}
        for arg in m.group(2).split():
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in roles and tid in spans:
                roles[role].extend(spans[tid][1])
        if roles["cue"] or roles["content"]:
            out.append(Attribution(**{r: tuple(sorted(v)) for r, v in roles.items()}))
    return out


def first_annotators(data: Path) -> dict[str, str]:
    """`{article stem: first annotator}` from `metadata.tsv` (looked for in DIR and its parents)."""
    for folder in (data, *data.parents):
        meta = folder / "metadata.tsv"
        if meta.is_file():
            with meta.open(encoding="utf-8", newline="") as fh:
                return {
                    row["filename"]: row["annotators"].split("|")[0]
                    for row in csv.DictReader(fh, delimiter="\t")
                    if row.get("annotators")
                }
    return {}


def read_part(data: Path) -> Iterator[Document]:
    """Documents of one corpus part (`DIR/text/*.txt` + `DIR/attributions/*.ann`), in file-name order.

    Gold comes from `<stem>_<first annotator>.ann`; where metadata names no annotator for an article,
    the alphabetically first `.ann` of that article is used.
    """
    texts = data / "text"
    if not texts.is_dir():
        raise InputError(f"{data} has no text/ folder: expected the PolNeAR layout <part>/text/*.txt")
    annotators = first_annotators(data)
    ann_dir = data / "attributions"
    for txt in sorted(texts.glob("*.txt")):
        doc = Document(name=txt.name, text=txt.read_text(encoding="utf-8"))
        candidates = sorted(ann_dir.glob(f"{txt.stem}_*.ann")) if ann_dir.is_dir() else []
        chosen = ann_dir / f"{txt.stem}_{annotators[txt.stem]}.ann" if txt.stem in annotators else None
        if chosen is None or not chosen.is_file():
            chosen = candidates[0] if candidates else None
        if chosen is not None:
            doc.annotator = chosen.stem[len(txt.stem) + 1 :]
            doc.gold = parse_ann(chosen.read_text(encoding="utf-8"))
        yield doc
