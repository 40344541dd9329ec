"""Readers for the check-worthiness datasets, in their own layouts as they lie in ../shared/data.

Two layouts: ClaimBuster (`crowdsourced.csv`, `groundtruth.csv`, `*xNCS.json`; three classes per sentence)
and the CheckThat! debate transcripts (one `line<TAB>speaker<TAB>text<TAB>label` TSV per transcript;
binary, "was fact-checked by a journalist"). Every sentence keeps the debate it came from, because
sentences of one debate are correlated and every split here is a split by debate.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

#: ClaimBuster's verdict codes and the class names unspun reports.
CLAIMBUSTER_CLASSES = {-1: "non-factual", 0: "unimportant-factual", 1: "check-worthy"}
CLASSES: tuple[str, ...] = ("non-factual", "unimportant-factual", "check-worthy")


@dataclass(frozen=True)
class Sentence:
    """One labelled sentence: `label` is a class index into `CLASSES` (ClaimBuster) or 0/1 (CheckThat!)."""

    id: str
    text: str
    label: int
    group: str  # the debate / transcript, for splits by debate
    speaker: str = ""


def is_claimbuster(folder: Path) -> bool:
    """True when `folder` holds ClaimBuster's CSV files."""
    return (folder / "crowdsourced.csv").is_file() or (folder / "groundtruth.csv").is_file()


def read_claimbuster_csv(path: Path) -> list[Sentence]:
    """Rows of `crowdsourced.csv` / `groundtruth.csv`; labels mapped -1/0/1 -> 0/1/2 (index into CLASSES)."""
    out: list[Sentence] = []
    reader = None
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            for row in reader:
                if None in row.values():
                    raise ValueError("fewer fields than the header names")
                verdict = int(row["Verdict"]) if row.get("Verdict", "").strip() else -1
                out.append(
                    Sentence(
                        id=row["Sentence_id"],
                        text=row["Text"],
                        label=verdict + 1,
                        group=row["File_id"].removesuffix(".txt"),
                        speaker=row.get("Speaker", ""),
                    )
                )
    except (OSError, KeyError, ValueError) as exc:
        where = f" line {reader.line_num}" if reader is not None and reader.line_num else ""
        raise InputError(f"cannot read ClaimBuster file {path}{where}: {exc}") from None
    return out


def read_claimbuster(folder: Path) -> list[Sentence]:
    """Both labelled ClaimBuster CSVs of a folder (whichever exist), crowdsourced first."""
    files = [folder / name for name in ("crowdsourced.csv", "groundtruth.csv") if (folder / name).is_file()]
    if not files:
        raise InputError(f"{folder} holds neither crowdsourced.csv nor groundtruth.csv")
    return [s for f in files for s in read_claimbuster_csv(f)]


def read_ncs(path: Path, debates: dict[str, str]) -> list[Sentence]:
    """A `*xNCS.json` file (binary: 1 = check-worthy, 0 = not); `debates` maps sentence id -> debate."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    return [
        Sentence(id=str(r["sentence_id"]), text=r["text"], label=int(r["label"]), group=debates.get(str(r["sentence_id"]), "?"))
        for r in rows
    ]


def transcripts(folder: Path) -> list[Path]:
    """The CheckThat! transcript files of a folder (searched one level down too: `training/`, `train/`)."""
    files = sorted(folder.glob("*.tsv")) or sorted(folder.glob("*/*.tsv"))
    if not files:
        raise InputError(f"no CheckThat! transcript (*.tsv) in {folder}")
    return files


def read_transcript(path: Path) -> list[Sentence]:
    """One CheckThat! debate transcript; the label column is optional (unlabelled test input)."""
    out: list[Sentence] = []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for cols in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(cols) < 3 or not cols[0].strip().isdigit():
                    continue
                label = int(cols[3]) if len(cols) > 3 and cols[3].strip() else 0
                out.append(Sentence(id=cols[0].strip(), text=cols[2], label=label, group=path.stem, speaker=cols[1]))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read transcript {path}: {exc}") from None
    return out
