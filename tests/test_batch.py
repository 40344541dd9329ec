"""Batch analysis: identical rows across engines, error rows for bad records, crash isolation, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unspun.batch import LocalEngine, chunked, done_ids, error_row
from unspun.records import Record, read

ROOT = Path(__file__).resolve().parents[1]
UNSPUN = [sys.executable, "-m", "unspun.cli"]
N_RECORDS = int(os.environ.get("UNSPUN_TEST_BATCH_N", "2000"))


def generate(path: Path, n: int) -> None:
    """n records: text and HTML articles, plus broken ones (no fields, empty text, binary junk, bad JSON)."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            kind = i % 10
            if kind == 7:
                fh.write("{not json\n")
                continue
            if kind == 8:
                row = {"id": f"r{i}", "text": "   "}
            elif kind == 9:
                row = {"id": f"r{i}", "html": "\x00\x01\x02" * 50}
            elif kind % 2:
                row = {"id": f"r{i}", "html": f"<html><head><title>Council vote {i}</title></head><body><article>"
                       f"<p>The council voted {i} to 3 on Monday to approve the new budget for the city.</p>"
                       f"<p>Officials said the plan would add {i % 50} buses.</p></article></body></html>"}
            else:
                row = {"id": f"r{i}", "text": f"Report {i}\n\nThe river rose {i % 9} metres overnight, officials said.\n\n"
                       "Residents were told to leave low-lying streets."}
            fh.write(json.dumps(row) + "\n")


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([*UNSPUN, *args], capture_output=True, text=True, cwd=ROOT, timeout=900)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "records.jsonl"
    generate(path, N_RECORDS)
    return path


@pytest.fixture(scope="module")
def two_workers(corpus: Path) -> list[dict]:
    out = corpus.with_name("workers2.jsonl")
    run("batch", str(corpus), "-o", str(out), "--workers", "2", "--only", "badges", "--chunk-size", "32")
    return rows(out)


def test_every_record_gets_one_row_and_bad_ones_are_error_rows(two_workers):
    assert len(two_workers) == N_RECORDS
    assert len({r["id"] for r in two_workers}) == N_RECORDS
    errors = [r for r in two_workers if r["status"] == "error"]
    assert len(errors) == 3 * N_RECORDS // 10
    assert all(r["error"] and "\n" not in r["error"] for r in errors)
    ok = [r for r in two_workers if r["status"] == "ok"]
    assert all(r["report"]["article"]["text"] for r in ok)


def test_dask_engine_writes_identical_rows(corpus, two_workers):
    out = corpus.with_name("dask.jsonl")
    run("batch", str(corpus), "-o", str(out), "--engine", "dask", "--workers", "2", "--only", "badges", "--chunk-size", "32")
    assert rows(out) == two_workers


def test_killed_run_resumes_to_the_same_rows(corpus, two_workers):
    out = corpus.with_name("killed.jsonl")
    proc = subprocess.Popen([*UNSPUN, "batch", str(corpus), "-o", str(out), "--workers", "2", "--only", "badges",
                             "--chunk-size", "16"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and (not out.exists() or out.read_bytes().count(b"\n") < N_RECORDS // 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(done_ids(out))
    assert 0 < partial < N_RECORDS
    result = run("batch", str(corpus), "-o", str(out), "--workers", "2", "--only", "badges", "--resume")
    assert "already done" in result.stderr
    again = rows(out)
    assert len(again) == N_RECORDS
    assert sorted(again, key=lambda r: r["id"]) == sorted(two_workers, key=lambda r: r["id"])


def test_parquet_output(corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    small = tmp_path / "small.jsonl"
    small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:40]), encoding="utf-8")
    out = tmp_path / "out.parquet"
    run("batch", str(small), "-o", str(out), "--only", "badges")
    table = pq.read_table(out)
    assert table.num_rows == 40
    assert set(table.column_names) >= {"id", "status", "error", "score", "label", "report"}
    assert not out.with_name("out.parquet.partial.jsonl").exists()


def crash_on_marked(record: Record) -> dict:
    """A per-record function that kills its worker process on one record, as a segfault would."""
    if record.id == "boom":
        os._exit(1)
    return {"id": record.id, "status": "ok", "error": None, "report": None}


def test_worker_crash_becomes_an_error_row_and_the_run_goes_on():
    records = [Record(f"r{i}", {"text": "x"}) for i in range(30)]
    records.insert(17, Record("boom", {"text": "x"}))
    engine = LocalEngine(2, crash_on_marked)
    out = [row for chunk in engine.run(chunked(records, 4)) for row in chunk]
    assert [r["id"] for r in out] == [r.id for r in records]
    assert out[17] == error_row("boom", "worker crashed while processing this record")
    assert all(r["status"] == "ok" for i, r in enumerate(out) if i != 17)


def test_readers_cover_csv_warc_and_folders(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    import io

    csv_path = tmp_path / "in.csv"
    csv_path.write_text('id,text\na,"Some text, with a comma"\nb,\n', encoding="utf-8")
    got = list(read(csv_path))
    assert got[0].id == "a" and got[0].fields["text"].startswith("Some text")
    assert got[1].error

    warc_path = tmp_path / "in.warc.gz"
    with warc_path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for status, body in (("200 OK", b"<html><body><p>Hello world article.</p></body></html>"), ("404 Not Found", b"nope")):
            headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record("https://example.org/a", "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(rec)
    got = list(read(warc_path))
    assert got[0].fields["url"] == "https://example.org/a" and b"Hello" in got[0].fields["content"]
    assert got[1].error == "HTTP status 404"

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.html").write_text("<p>one</p>", encoding="utf-8")
    (folder / "notes.bin").write_bytes(b"\x00")
    assert [r.id for r in read(folder)] == ["one.html"]
