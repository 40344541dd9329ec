"""Reader for the PTC / SemEval-2020 Task 11 layout: `<split>-articles/article<ID>.txt`,
`<split>-task-si.labels` (`id, start, end`) and `<split>-task-flc-tc.labels` (`id, technique, start, end`).

Offsets index the article file as read without newline translation, so files are opened with
`newline=""`; label files are split on tabs only because technique names contain commas.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError


@dataclass
class CorpusArticle:
    """One article with its gold spans (empty lists where the corpus has none)."""

    id: str
    text: str
    si: list[tuple[int, int]] = field(default_factory=list)
    tc: list[tuple[str, int, int]] = field(default_factory=list)


def split_name(folder: Path) -> str:
    """The split prefix of a corpus folder (`train` for `train-articles/`); exactly one must exist."""
    found = sorted(p.name[: -len("-articles")] for p in folder.glob("*-articles") if p.is_dir())
    if len(found) != 1:
        what = "none" if not found else f"several ({', '.join(found)})"
        raise InputError(f"{folder}: expected one <split>-articles/ folder, found {what}")
    return found[0]


def _read_rows(path: Path, width: int) -> list[list[str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != width:
            raise InputError(f"{path}:{number}: expected {width} tab-separated fields, got {len(cells)}")
        rows.append(cells)
    return rows


def read_si(path: Path) -> list[tuple[str, int, int]]:
    """Rows of an SI label file: `(article_id, start, end)`."""
    return [(a, int(s), int(e)) for a, s, e in _read_rows(path, 3)]


def read_tc(path: Path) -> list[tuple[str, str, int, int]]:
    """Rows of a TC label file, in file order: `(article_id, technique, start, end)`."""
    return [(a, t, int(s), int(e)) for a, t, s, e in _read_rows(path, 4)]


def read_corpus(folder: Path, *, need_labels: bool = True) -> tuple[str, list[CorpusArticle]]:
    """All articles of a corpus folder with their SI and TC gold spans, sorted by id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    split = split_name(folder)
    articles: dict[str, CorpusArticle] = {}
    for path in sorted((folder / f"{split}-articles").glob("article*.txt")):
        aid = path.stem[len("article") :]
        with path.open(encoding="utf-8", newline="") as fh:
            articles[aid] = CorpusArticle(aid, fh.read())
    if not articles:
        raise InputError(f"{folder / f'{split}-articles'}: no article*.txt files")
    labels = {"si": folder / f"{split}-task-si.labels", "tc": folder / f"{split}-task-flc-tc.labels"}
    if need_labels:
        missing = [str(p) for p in labels.values() if not p.is_file()]
        if missing:
            raise InputError(f"missing label file(s): {', '.join(missing)}")
    if labels["si"].is_file():
        for aid, start, end in read_si(labels["si"]):
            _article(articles, aid, labels["si"]).si.append((start, end))
    if labels["tc"].is_file():
        for aid, tech, start, end in read_tc(labels["tc"]):
            _article(articles, aid, labels["tc"]).tc.append((tech, start, end))
    return split, [articles[k] for k in sorted(articles)]


def _article(articles: dict[str, CorpusArticle], aid: str, source: Path) -> CorpusArticle:
    if aid not in articles:
        raise InputError(f"{source}: label for article {aid}, which has no text file")
    return articles[aid]


def held_out(ids: list[str], fraction: float) -> set[str]:
    """A fixed, article-level held-out part: ids whose SHA-1 falls in the lowest `fraction`.

    Hashing (not a seeded shuffle) keeps an article's side stable when the corpus grows or is reordered.
    """
    def bucket(aid: str) -> float:
        return int(hashlib.sha1(aid.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    return {aid for aid in ids if bucket(aid) < fraction}
