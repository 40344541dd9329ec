"""Evidence store: idempotent incremental indexing, error rows, hybrid search, date window."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unspun.evidence.ingest import add_records
from unspun.evidence.store import Document, EvidenceStore
from unspun.records import read

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ["flood", "election", "vaccine", "bridge", "strike", "wildfire", "budget", "satellite"]


def make_jsonl(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            topic = TOPICS[i % len(TOPICS)]
            fh.write(json.dumps({"id": f"d{i}", "url": f"https://wire{i % 5}.example/{topic}/{i}",
                                 "text": f"Story {i} about the {topic}\n\nOfficials reported the {topic} number {i} on Monday. "
                                         f"Witnesses described the {topic} in district {i % 37}."}) + "\n")
        fh.write(json.dumps({"id": "empty", "text": "   "}) + "\n")
        fh.write("{broken json\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ev")
    src = tmp / "docs.jsonl"
    make_jsonl(src, 1000)
    store = EvidenceStore(tmp / "store")
    first = add_records(store, read(src))
    second = add_records(store, read(src))
    return store, first, second


def test_rebuilding_from_the_same_documents_does_not_duplicate(built):
    store, first, second = built
    assert first.added == 1000 and len(store) == 1000
    assert second.added == 0 and second.duplicates == 1000
    assert len(first.errors) == 2 and any(e.startswith("empty:") for e in first.errors)


def test_search_finds_topic_and_respects_dates(tmp_path):
    store = EvidenceStore(tmp_path / "s")
    store.add([
        Document("Heavy rain flooded the valley towns overnight, and rivers burst their banks.", url="https://a.example/1",
                 title="Valley towns flooded", date="2024-05-02", domain="a.example"),
        Document("The central bank raised interest rates by half a point to fight inflation.", url="https://b.example/2",
                 title="Rates rise again", date="2024-05-03", domain="b.example"),
        Document("Rivers overflowed after storms swamped the valley.", url="https://c.example/3",
                 title="Storm swamps valley", date="2023-01-01", domain="c.example"),
    ])
    hits = store.search("floods hit valley towns after rain")
    assert hits[0].url == "https://a.example/1"
    assert "https://b.example/2" not in [h.url for h in hits[:2]]
    dated = store.search("valley flooding", since="2024-04-25", until="2024-05-09")
    assert [h.url for h in dated if h.url == "https://c.example/3"] == []
    assert store.stats()["documents"] == 3


def test_cli_add_search_stats(tmp_path):
    src = tmp_path / "docs.jsonl"
    make_jsonl(src, 40)
    env = {"UNSPUN_EVIDENCE_URL": str(tmp_path / "cli-store"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "unspun.cli", "evidence", *a], capture_output=True,  # noqa: E731
                                    text=True, cwd=ROOT, env=env, timeout=300)
    added = run("add", str(src), "--quiet")
    assert added.returncode == 0, added.stderr
    assert "added 40" in added.stdout and "errors 2" in added.stdout
    found = run("search", "wildfire district", "--json")
    assert found.returncode == 0 and json.loads(found.stdout)[0]["title"].endswith("wildfire")
    assert json.loads(run("stats").stdout)["documents"] == 40
