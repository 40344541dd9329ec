"""`unspun check` and `unspun schema` as a user runs them: formats, stdin, errors as one line + exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-article.html"


def unspun(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unspun.cli", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=600)


def one_line_error(proc: subprocess.CompletedProcess, code: int, words: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and words in err and err.startswith("unspun: error:")


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("missing.html", None, 2, "no such file"),
        ("empty.html", b"", 2, "empty"),
        ("blob.bin", bytes(range(256)) * 40, 2, "binary"),
        ("shell.html", b"<html><head><title>App</title><script>boot()</script></head><body><div id='root'></div></body></html>", 4,
         "no article text"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(tmp_path, name, content, code, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    one_line_error(unspun("check", str(path)), code, words)


def test_private_url_is_refused_unless_allowed():
    one_line_error(unspun("check", "http://127.0.0.1:9/story"), 3, "127.0.0.1")


def test_unknown_analyzer_is_a_configuration_error():
    one_line_error(unspun("check", str(DEMO), "--only", "nope"), 6, "unknown analyzer")


@pytest.fixture(scope="module")
def demo_json() -> dict:
    proc = unspun("check", str(DEMO), "--format", "json", "--only", "badges,source")
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_json_report_follows_the_printed_schema(demo_json):
    from unspun.report import Report

    schema = json.loads(unspun("schema").stdout)
    assert set(schema["properties"]) == set(Report.model_fields)
    report = Report.model_validate(demo_json)
    assert report.article.title.startswith("Valdorian Minister")
    assert {"load", "extract", "parse", "analyze.badges", "score"} <= set(report.timings)
    assert report.versions["analyzer.badges"] and report.versions["spacy_model"]
    assert [f.label for f in report.by_analyzer("badges")] == ["unsubstantiated"]


def test_stdin_html_report_and_terminal_report(tmp_path):
    out = tmp_path / "report.html"
    proc = unspun("check", "-", "--format", "html", "-o", str(out), "--only", "badges,propaganda", stdin=DEMO.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<mark" in html and "unsubstantiated" in html
    text = unspun("check", str(ROOT / "examples" / "demo-article.txt"), "--only", "badges")
    assert text.returncode == 0 and b"unsubstantiated" in text.stdout and b"Credibility" in text.stdout
