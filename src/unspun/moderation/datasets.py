"""Readers for the two comment-spam datasets, in their own layouts.

- YouTube Spam Collection: a folder of CSV files, one per video (`COMMENT_ID, AUTHOR, DATE,
  CONTENT, CLASS`, CLASS 1 = spam). Label mapping: 1 -> spam, 0 -> ham.
- SMS Spam Collection: one text file, `label<TAB>text` per line, label `spam` or `ham`.

Each YouTube record carries its video's title as page context, as a site passes its post's
title or tags in `comment_context[]`: the five UCI videos' titles are public metadata, listed here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

#: Titles of the five videos of the UCI YouTube Spam Collection, by file-name stem.
VIDEO_TITLES = {
    "Youtube01-Psy": "PSY - GANGNAM STYLE (강남스타일) M/V",
    "Youtube02-KatyPerry": "Katy Perry - Roar (Official)",
    "Youtube03-LMFAO": "LMFAO - Party Rock Anthem ft. Lauren Bennett, GoonRock",
    "Youtube04-Eminem": "Eminem - Love The Way You Lie ft. Rihanna",
    "Youtube05-Shakira": "Shakira - Waka Waka (This Time for Africa) (The Official 2010 FIFA World Cup Song)",
}


@dataclass(frozen=True)
class Record:
    """One labelled message: its id in the dataset, text, label (1 spam), group and page context."""

    id: str
    text: str
    label: int
    group: str
    context: str = ""


def read_youtube(folder: Path) -> list[Record]:
    """Every comment of every `*.csv` in a YouTube-layout folder, file by file (group = file stem)."""
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InputError(f"no YouTube-layout CSV files in {folder}")
    records: list[Record] = []
    for path in files:
        title = VIDEO_TITLES.get(path.stem, path.stem.partition("-")[2])
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"COMMENT_ID", "CONTENT", "CLASS"} - set(reader.fieldnames or [])
            if missing:
                raise InputError(f"{path}: not the YouTube layout (missing {', '.join(sorted(missing))})")
            for row in reader:
                if row["CLASS"].strip() not in {"0", "1"}:
                    continue
                records.append(Record(row["COMMENT_ID"], row["CONTENT"], int(row["CLASS"]), path.stem, title))
    return records


def read_sms(path: Path) -> list[Record]:
    """Every message of an SMS-layout file (id = line number, group = file name)."""
    records: list[Record] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            label, sep, text = line.rstrip("\n").partition("\t")
            if not sep or label not in {"ham", "spam"}:
                continue
            records.append(Record(str(number), text, int(label == "spam"), path.name))
    if not records:
        raise InputError(f"{path}: no `label<TAB>text` lines (SMS layout)")
    return records


def read_any(data: Path) -> list[Record]:
    """A YouTube-layout folder, an SMS-layout file, or a folder holding one SMS-layout file."""
    if data.is_file():
        return read_sms(data)
    if not data.is_dir():
        raise InputError(f"no such dataset: {data}")
    if any(data.glob("*.csv")):
        return read_youtube(data)
    sms = sorted(p for p in data.iterdir() if p.is_file() and p.name.startswith("SMSSpamCollection"))
    if not sms:
        raise InputError(f"{data}: neither YouTube CSV files nor an SMSSpamCollection file")
    return [r for p in sms for r in read_sms(p)]
