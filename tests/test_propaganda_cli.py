"""`unspun eval propaganda` on a corpus folder in the PTC layout, with the bundled model."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from unspun.cli.main import cli
from unspun.propaganda.corpus import read_si, read_tc

TEXT = (
    "Traitors Sell Out Our Nation\n\n"
    "These corrupt traitors in Washington are selling out our great nation to globalist thugs!\n"
    "The council approved the road budget on Tuesday by seven votes to two.\n"
    "Wake up, patriots, before the evil regime destroys everything we love!\n"
)


def _corpus(folder: Path) -> Path:
    (folder / "dev-articles").mkdir(parents=True)
    (folder / "dev-articles" / "article1.txt").write_text(TEXT, newline="")
    (folder / "dev-articles" / "article2.txt").write_text("Weather\n\nIt rained in the morning.\n", newline="")
    at = TEXT.index("corrupt traitors")
    thugs = TEXT.index("globalist thugs")
    evil = TEXT.index("evil regime")
    (folder / "dev-task-si.labels").write_text(f"1\t{at}\t{at + 16}\n1\t{thugs}\t{thugs + 15}\n1\t{evil}\t{evil + 11}\n")
    (folder / "dev-task-flc-tc.labels").write_text(
        f"1\tName_Calling,Labeling\t{thugs}\t{thugs + 15}\n1\tLoaded_Language\t{at}\t{at + 16}\n"
        f"1\tName_Calling,Labeling\t{at}\t{at + 16}\n1\tLoaded_Language\t{evil}\t{evil + 11}\n"
    )
    return folder


def test_eval_writes_both_files_in_the_task_format(tmp_path: Path) -> None:
    data = _corpus(tmp_path / "corpus")
    out = tmp_path / "pred"
    result = CliRunner().invoke(cli, ["eval", "propaganda", "--data", str(data), "--predictions-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert "SI  precision" in result.output and "TC  micro-F1" in result.output
    f1 = float(re.search(r"F1 (\d\.\d+)  \(", result.output).group(1))
    low, high = map(float, re.search(r"interval over articles \(bootstrap\) (\d\.\d+)-(\d\.\d+)", result.output).groups())
    assert 0.0 <= low <= f1 <= high <= 1.0
    si = read_si(out / "si.tsv")
    assert si, "no span predicted on plainly loaded text"
    by_article: dict[str, list[tuple[int, int]]] = {}
    for aid, s, e in si:
        by_article.setdefault(aid, []).append((s, e))
    for spans in by_article.values():
        spans.sort()
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    gold = read_tc(data / "dev-task-flc-tc.labels")
    pred = read_tc(out / "tc.tsv")
    assert [(a, s, e) for a, _, s, e in pred] == [(a, s, e) for a, _, s, e in gold]
    # the span that carries two techniques gets two different ones
    doubled = [t for a, t, s, e in pred if (s, e) == (gold[1][2], gold[1][3])]
    assert len(set(doubled)) == 2


def test_eval_predicts_an_unlabelled_test_folder_and_skips_its_scores(tmp_path: Path) -> None:
    """The official test set ships no SI labels and a TC template whose technique column is `?`."""
    data = _corpus(tmp_path / "corpus")
    (data / "dev-task-si.labels").unlink()
    gold = read_tc(data / "dev-task-flc-tc.labels")
    (data / "dev-task-flc-tc.labels").write_text("".join(f"{a}\t?\t{s}\t{e}\n" for a, _, s, e in gold))
    out = tmp_path / "pred"
    result = CliRunner().invoke(cli, ["eval", "propaganda", "--data", str(data), "--predictions-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert "not scored" in result.output and "micro-F1" not in result.output and "precision" not in result.output
    assert read_si(out / "si.tsv"), "no span predicted on plainly loaded text"
    pred = read_tc(out / "tc.tsv")
    assert [(a, s, e) for a, _, s, e in pred] == [(a, s, e) for a, _, s, e in gold]
    assert all(t != "?" for _, t, _, _ in pred)


def test_eval_without_a_tc_file_writes_si_only(tmp_path: Path) -> None:
    data = _corpus(tmp_path / "corpus")
    (data / "dev-task-flc-tc.labels").unlink()
    out = tmp_path / "pred"
    result = CliRunner().invoke(cli, ["eval", "propaganda", "--data", str(data), "--predictions-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert "SI  precision" in result.output and "tc.tsv not written" in result.output
    assert (out / "si.tsv").is_file() and not (out / "tc.tsv").exists()
