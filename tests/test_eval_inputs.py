"""`unspun eval` on inputs that are not the shared training folders: a PolNeAR part without gold files
(predictions for every text, scores only where an annotation exists) and a malformed ClaimBuster CSV (one line
naming the file and line, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from unspun.cli.main import cli

TEXTS = {
    "a_2016-01-01_one": "The mayor said the bridge would reopen in May.",
    "b_2016-01-02_two": "“We are on schedule,” Smith said on Tuesday.",
}


def _part(root: Path, annotated: set[str]) -> Path:
    part = root / "test"
    (part / "text").mkdir(parents=True)
    (part / "attributions").mkdir()
    for stem, text in TEXTS.items():
        (part / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
    for stem in annotated:
        s = TEXTS[stem].index("said")
        ann = f"T1\tCue {s} {s + 4}\tsaid\nE1\tAttribution:T1 Cue:T1\n"
        (part / "attributions" / f"{stem}_aaaa.ann").write_text(ann, encoding="utf-8")
    return part


def _run(part: Path, out: Path, *extra: str):
    return CliRunner().invoke(cli, ["eval", "attribution", "--data", str(part), "--predictions", str(out), *extra])


def test_a_part_without_any_annotation_is_predicted_not_scored(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    result = _run(_part(tmp_path, set()), out)
    assert result.exit_code == 0, result.output
    assert "not scored" in result.output and "cue " not in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["file"] for line in lines] == [f"{stem}.txt" for stem in TEXTS]
    assert all(line["attributions"] for line in lines)


def test_articles_without_annotation_do_not_count_as_false_positives(tmp_path: Path) -> None:
    result = _run(_part(tmp_path, {"a_2016-01-01_one"}), tmp_path / "pred.jsonl", "--json")
    assert result.exit_code == 0, result.output
    cue = json.loads(result.stdout)["metrics"]["cue"]["exact"]
    assert cue["recall"] == 1.0 and cue["precision"] == 1.0  # b's "said" is predicted but b has no gold file


def test_a_short_claimbuster_row_is_named_by_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "cb"
    data.mkdir()
    (data / "crowdsourced.csv").write_text(
        "Sentence_id,Text,Speaker,Speaker_title,Speaker_party,File_id,Length,Line_number,Sentiment,Verdict\n"
        "1,We cut taxes by 20 percent.,A,B,C,1988-09-25.txt,6,1,0.0,1\n"
        "2,Thank you.,A,B\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "checkworthiness", "--data", str(data), "--predictions", str(tmp_path / "p.csv")])
    assert result.exit_code != 0
    message = str(result.exception) if result.exception else result.output
    assert "crowdsourced.csv line 3: fewer fields" in message
