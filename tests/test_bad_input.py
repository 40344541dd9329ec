"""Bad input never costs the user other work and never gives a traceback: one line on stderr and an
exit code, or (in a batch) one error row per bad record or file while the good ones are still analysed.

Each case comes from a robustness test of the CLI and the API (real files, real SQLite, a real server)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from unspun.records import read

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-article.html"
EARLIER = '{"error": null, "id": "kept", "report": null, "status": "ok"}\n'
GOOD = {"id": "g1", "text": "Council approves budget\n\nThe council voted 7 to 3 on Monday to approve the budget, officials said."}


def unspun(*args: str, env: dict[str, str] | None = None, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unspun.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600, env={**os.environ, **(env or {})}, stdin=stdin)


def one_line_error(proc: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unspun: error:") and words in lines[0], proc.stderr


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------ batch: the user's files are kept


@pytest.mark.parametrize(
    ("inputs", "extra", "code", "words"),
    [
        (["x.json"], [], 2, "unknown input type"),
        (["nocols.csv"], [], 2, "CSV needs a header"),
        (["good.jsonl"], ["--scheduler", "tcp://127.0.0.1:9"], 6, "--scheduler needs --engine dask"),
    ],
)
def test_a_batch_that_fails_before_its_first_row_keeps_the_earlier_output(tmp_path, inputs, extra, code, words):
    (tmp_path / "x.json").write_text('{"a": 1}\n', encoding="utf-8")
    (tmp_path / "nocols.csv").write_text("id,body\nr1,hello\n", encoding="utf-8")
    (tmp_path / "good.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    out = tmp_path / "earlier.jsonl"
    out.write_text(EARLIER, encoding="utf-8")
    one_line_error(unspun("batch", *(str(tmp_path / i) for i in inputs), "-o", str(out), "--only", "badges", *extra),
                   code, words)
    assert out.read_text(encoding="utf-8") == EARLIER


def test_batch_refuses_an_output_that_is_an_input_or_inside_an_input_folder(tmp_path):
    records = tmp_path / "pages" / "records.jsonl"
    records.parent.mkdir()
    records.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    one_line_error(unspun("batch", str(records), "-o", str(records), "--only", "badges"), 6, "also the input")
    one_line_error(unspun("batch", str(records.parent), "-o", str(records.parent / "out.jsonl"), "--only", "badges"),
                   6, "inside the input")
    assert records.read_text(encoding="utf-8") == json.dumps(GOOD) + "\n"
    assert not (records.parent / "out.jsonl").exists()


def test_resume_refuses_a_file_that_is_not_a_batch_output_and_leaves_it_whole(tmp_path):
    other = tmp_path / "records.jsonl"
    other.write_text(json.dumps(GOOD) + "\n{not json\n" + json.dumps({**GOOD, "id": "g2"}) + "\n", encoding="utf-8")
    before = other.read_bytes()
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({**GOOD, "id": "g3"}) + "\n", encoding="utf-8")
    one_line_error(unspun("batch", str(good), "-o", str(other), "--resume", "--only", "badges"), 2,
                   "is not an unspun batch output")
    assert other.read_bytes() == before


def test_resume_still_cuts_only_a_torn_last_line(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(EARLIER + '{"error": null, "id": "to', encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    proc = unspun("batch", str(good), "-o", str(out), "--resume", "--only", "badges")
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in rows(out)] == ["kept", "g1"]


def test_one_bad_file_in_a_folder_becomes_an_error_row_and_the_pages_around_it_are_analysed(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    page = DEMO.read_text(encoding="utf-8")
    (folder / "a.html").write_text(page, encoding="utf-8")
    (folder / "c.html.gz").write_bytes(b"not gzip at all")
    (folder / "sub" / "d.csv").write_text("id,body\nr1,hello\n", encoding="utf-8")
    (folder / "z.html").write_text(page, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = unspun("batch", str(folder), "-o", str(out), "--only", "badges")
    assert proc.returncode == 0, proc.stderr
    got = {r["id"]: r for r in rows(out)}
    assert [got[i]["status"] for i in ("a.html", "c.html.gz", "sub/d.csv", "z.html")] == ["ok", "error", "error", "ok"]
    assert "CSV needs a header" in got["sub/d.csv"]["error"]


def test_a_cut_off_jsonl_gz_keeps_its_complete_lines_and_names_the_cut(tmp_path):
    lines = "".join(json.dumps({**GOOD, "id": f"g{i}"}) + "\n" for i in range(200)).encode()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(lines)[:-40])
    notgz = tmp_path / "plain.jsonl.gz"
    notgz.write_bytes(lines)
    *complete, last = read(cut)
    assert last.id == "cut.jsonl.gz:truncated" and "ends early" in last.error
    assert len(complete) > 150 and [r.id for r in complete] == [f"g{i}" for i in range(len(complete))]
    [bad] = read(notgz)
    assert "not a gzipped file" in bad.error.lower()
    out = tmp_path / "out.jsonl"
    proc = unspun("batch", str(notgz), str(cut), "-o", str(out), "--only", "badges")
    assert proc.returncode == 0, proc.stderr
    assert rows(out)[0]["status"] == "error" and rows(out)[-1]["id"] == "cut.jsonl.gz:truncated"


def test_csv_with_an_open_quote_does_not_swallow_the_rows_after_it(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text('id,text\nr1,"unterminated quote\nr2,fine\n', encoding="utf-8")
    [bad] = read(path)
    assert bad.error and "malformed CSV" in bad.error
    mid = tmp_path / "mid.csv"
    mid.write_text('id,text\nr1,"quoted"junk\nr2,fine\n', encoding="utf-8")
    got = list(read(mid))
    assert got[0].error and "malformed CSV" in got[0].error
    assert got[1].id == "r2" and got[1].fields["text"] == "fine"


def test_jsonl_records_name_their_real_fault(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "num", "html": 12345}\n{"id": "list", "text": ["a", "b"]}\n'
                     b'{"id": "latin", "text": "caf\xe9 \xe9t\xe9"}\n{"id": "tab", "text": "a\tb"}\n'
                     + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    got = [r.error for r in read(path)]
    assert got[0] == "field html is not a string (int)"
    assert got[1] == "field text is not a string (list)"
    assert got[2] == "line 3 is not UTF-8 text (byte 29)"
    assert got[3] == "bad JSON on line 4: Invalid control character at column 25"
    assert got[4] == "bad JSON on line 5: nested too deeply"


# ------------------------------------------------------------------ a body over spaCy's max_length


def test_a_body_over_a_million_characters_is_parsed_in_pieces_over_the_same_text():
    from unspun.parse import parse

    # ~1.2 M characters but few tokens (runs of spaces are one token each), so the parse takes seconds
    paragraphs = [f"The council met on day {i}. Officials said the budget passed." + " " * 12_000 for i in range(100)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 1_000_000
    parsed = parse(text)
    assert parsed.doc.text == text
    starts = [text[s.start:s.end] for s in parsed.sentences]
    assert starts.count("Officials said the budget passed.") == 100
    from unspun.parse import pieces

    assert "".join(pieces(text, 50_000)) == text and max(map(len, pieces(text, 50_000))) <= 50_000


# ------------------------------------------------------------------ WARC damage warcio passes over quietly


def _warc(path: Path, bodies: list[bytes], compress: bool) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        for i, body in enumerate(bodies):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))


def test_damaged_warc_files_say_so_in_an_error_row(tmp_path):
    bodies = [b"<html><body><p>Page %d of the crawl, long enough to cut.</p></body></html>" % i * 20 for i in range(3)]
    whole = tmp_path / "whole.warc.gz"
    _warc(whole, bodies, compress=True)
    cut_gz = tmp_path / "cut.warc.gz"
    cut_gz.write_bytes(whole.read_bytes()[:-200])
    plain = tmp_path / "plain.warc"
    _warc(plain, bodies, compress=False)
    cut_plain = tmp_path / "cut.warc"
    cut_plain.write_bytes(plain.read_bytes()[:-500])
    text = tmp_path / "notes.warc"
    text.write_text("this is not a warc file at all\n" * 10, encoding="utf-8")

    assert [r.error for r in read(whole)] == [None, None, None]
    *first, last = read(cut_gz)
    assert [r.error for r in first] == [None, None] and "ends early" in last.error
    *first, last = read(cut_plain)
    assert [r.error for r in first] == [None, None] and "cut short" in last.error
    [only] = read(text)
    assert "not a WARC file" in only.error


# ------------------------------------------------------------------ one line and an exit code, never a traceback


@pytest.fixture
def home(tmp_path, monkeypatch) -> dict[str, str]:
    """Settings of a fresh user: data in tmp_path, no settings file, no UNSPUN_* from the caller."""
    for key in [k for k in os.environ if k.startswith("UNSPUN_") and k != "UNSPUN_SHARED"]:
        monkeypatch.delenv(key)
    return {"UNSPUN_DATA_DIR": str(tmp_path / "data"), "UNSPUN_CONFIG": str(tmp_path / "absent.toml")}


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path, home):
    not_a_db = tmp_path / "img.png"
    not_a_db.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4096))
    one_line_error(unspun("factchecks", "search", "moon cheese", "--no-bundled", "--db", "sqlite:////nonexistent/dir/x.db",
                          env=home), 6, "cannot open the database sqlite:////nonexistent/dir/x.db: unable to open database file")
    one_line_error(unspun("factchecks", "export", "--db", f"sqlite:///{not_a_db}", env=home), 6, "file is not a database")
    one_line_error(unspun("serve", "--port", "0", env={**home, "UNSPUN_DATABASE_URL": "sqlite:////nonexistent/x.db"}),
                   6, "cannot open the database")


def test_serve_on_a_port_in_use_is_one_line(home):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        one_line_error(unspun("serve", "--port", str(port), env=home), 6, f"cannot listen on 127.0.0.1:{port}")


def test_files_that_are_not_utf8_or_nest_too_deeply_are_one_line(tmp_path, home):
    png = tmp_path / "img.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    deep = tmp_path / "fc_deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    one_line_error(unspun("check", str(DEMO), "--only", "badges", env={**home, "UNSPUN_CONFIG": str(png)}), 6,
                   "is not UTF-8 text")
    one_line_error(unspun("eval", "spam", "--data", str(png), "--predictions", str(tmp_path / "s.csv"), env=home), 2,
                   "not UTF-8 text")
    one_line_error(unspun("factchecks", "import", str(deep), "--db", f"sqlite:///{tmp_path / 'fc.db'}", env=home), 2,
                   "nested too deeply")


def test_a_dask_scheduler_address_that_does_not_parse_is_one_line(tmp_path, home):
    pytest.importorskip("distributed")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    one_line_error(unspun("batch", str(good), "-o", str(tmp_path / "out.jsonl"), "--engine", "dask", "--scheduler",
                          "not an address", "--only", "badges", env=home), 6, "cannot reach Dask scheduler")


def test_check_stdin_closed_other_url_schemes_and_a_bad_url_option(home):
    closed = subprocess.run([sys.executable, "-m", "unspun.cli", "check", "-", "--only", "badges"], capture_output=True,
                            text=True, cwd=ROOT, timeout=600, env={**os.environ, **home}, preexec_fn=lambda: os.close(0))
    one_line_error(closed, 2, "stdin is closed")  # fd 0 closed, as a daemon or some CI runners start it
    one_line_error(unspun("check", "ftp://example.org/x.html", env=home), 3, "unsupported URL scheme")
    one_line_error(unspun("check", str(DEMO), "--url", "not a url", "--only", "badges", env=home), 2,
                   "--url must be an http:// or https:// URL")


def test_options_that_would_silently_mislead_are_refused(home):
    proc = unspun("evidence", "search", "minister offensive", "--since", "yesterday", env=home)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "--since" in proc.stderr
    one_line_error(unspun("factchecks", "search", "  ", env=home), 2, "the search text is empty")
    proc = unspun("factchecks", "search", "moon cheese", "-k", "0", env=home)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "-k" in proc.stderr
    one_line_error(unspun("keys", "revoke", "zzzz", env=home), 2, "no live key is or ends in 'zzzz'")
    one_line_error(unspun("moderation", "purge", env={**home, "UNSPUN_COMMENT_RETENTION_DAYS": "-5"}), 6,
                   "comment_retention_days")


def test_batch_says_which_format_an_output_of_another_suffix_gets(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    proc = unspun("batch", str(good), "-o", str(tmp_path / "out.csv"), "--only", "badges")
    assert proc.returncode == 0, proc.stderr
    assert "out.csv does not end in .jsonl or .parquet; writing JSON Lines" in proc.stderr


def test_a_device_is_read_only_up_to_the_size_cap(home):
    """`check /dev/zero` read without end until the kernel killed it; a file that says size 0 is read to the cap."""
    import resource

    def limit() -> None:  # the old code would eat all memory: let it fail fast instead
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    proc = subprocess.run([sys.executable, "-m", "unspun.cli", "check", "/dev/zero"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, **home}, preexec_fn=limit)
    one_line_error(proc, 2, "larger than the 10 MB limit")


def test_only_that_names_no_analyzer_is_refused(home):
    """`--only ,,` ran no analyzer and still printed a score of 50/100."""
    one_line_error(unspun("check", str(DEMO), "--only", ",,", env=home), 6, "no analyzer named")


def test_an_unexpected_failure_is_one_line_and_its_own_exit_code(monkeypatch, capsys, home):
    """A bug deep in an analyzer must not greet the user with a traceback; UNSPUN_DEBUG=1 shows it."""
    from unspun import pipeline
    from unspun.cli.main import INTERNAL_ERROR, main

    def broken(*args, **kwargs):
        raise RuntimeError("the parse went away")

    for name, value in home.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(pipeline, "analyze_article", broken)
    monkeypatch.setattr(sys, "argv", ["unspun", "check", str(DEMO)])
    with pytest.raises(SystemExit) as stop:
        main()
    err = capsys.readouterr().err.strip().splitlines()
    assert stop.value.code == INTERNAL_ERROR and len(err) == 1
    assert err[0].startswith("unspun: internal error: RuntimeError: the parse went away")
    monkeypatch.setenv("UNSPUN_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main()
