"""`unspun eval verdict` on each layout, `--no-source`, and the readers on the shared sets."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from unspun.evaluate.verdict import command
from unspun.verdict import datasets

CALM = ("The county board voted 5-2 on Tuesday to approve the budget, officials said. "
        "According to the finance office, spending will rise 2 percent to $14 million. ") * 4
LOUD = ("SHOCKING!!! You won't believe what these corrupt globalist puppets are hiding from you! "
        "Wake up, the truth is being covered up by the lying media! ") * 4


def _articles(tmp: Path) -> Path:
    rows = [
        {"id": "a1", "veracity": "mostly true", "url": "https://calm.example/a1", "title": "Board approves budget", "mainText": CALM, "site": "calm.example"},
        {"id": "a2", "veracity": "mostly false", "url": "https://loud.example/a2", "title": "THEY LIED!", "mainText": LOUD, "site": "loud.example"},
    ]
    (tmp / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n", encoding="utf-8")
    return tmp


def _recovery(tmp: Path) -> Path:
    with (tmp / "recovery-news-data.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["row_id", "news_id", "url", "publisher", "title", "body_text", "reliability", "site"])
        w.writeheader()
        w.writerow({"row_id": "f:0", "news_id": "0", "url": "https://calm.example/x", "publisher": "Calm", "title": "Budget", "body_text": CALM, "reliability": "1", "site": "calm.example"})
        w.writerow({"row_id": "g:0", "news_id": "0", "url": "https://loud.example/y", "publisher": "Loud", "title": "Hidden cure", "body_text": LOUD, "reliability": "0", "site": "loud.example"})
    return tmp


def _liar(tmp: Path) -> Path:
    rows = [
        ["1.json", "false", "Says the tax will triple every bill.", "taxes", "a-speaker", "Senator", "Ohio", "republican", "1", "2", "3", "4", "5", "a speech"],
        ["2.json", "true", "Unemployment fell to 4 percent last year.", "economy", "b-speaker", "Governor", "Iowa", "democrat", "0", "0", "0", "0", "0", "an interview"],
    ]
    (tmp / "valid.tsv").write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return tmp


@pytest.mark.parametrize("make, ids", [(_articles, ["a1", "a2"]), (_recovery, ["f:0", "g:0"]), (_liar, ["1.json", "2.json"])])
def test_eval_writes_one_prediction_per_record(tmp_path: Path, make, ids) -> None:
    (tmp_path / "data").mkdir()
    data = make(tmp_path / "data")
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(command, ["--data", str(data), "--predictions", str(out), "--no-source"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ids
    assert all(0 <= x["score"] <= 100 and x["label"] for x in lines)
    figures = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    assert {"roc_auc", "macro_f1", "ece"} <= set(figures)


def test_figures_of_a_one_class_sample_are_strict_json(tmp_path: Path) -> None:
    """ROC-AUC is undefined on one class: the figures say null, which every JSON reader accepts (NaN is not JSON)."""
    row = {"id": "a1", "veracity": "mostly true", "url": "https://calm.example/a1", "title": "Budget", "mainText": CALM, "site": "calm.example"}
    (tmp_path / "articles.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--predictions", str(tmp_path / "p.jsonl"), "--no-source"])
    assert result.exit_code == 0, result.output
    text = result.stdout[: result.stdout.rindex("}") + 1]
    figures = json.loads(text, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))
    assert figures["roc_auc"] is None and figures["n"] == 1


def test_calm_article_outscores_loud_one(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    CliRunner().invoke(command, ["--data", str(_articles(tmp_path)), "--predictions", str(out), "--no-source"])
    scores = {x["id"]: x["score"] for x in map(json.loads, out.read_text().splitlines())}
    assert scores["a1"] > scores["a2"]


def test_no_source_makes_no_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import unspun.analyzers.source as source_analyzer

    def refuse(*_args, **_kwargs):
        raise AssertionError("a source lookup happened under --no-source")

    monkeypatch.setattr(source_analyzer, "analyze", refuse)
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(command, ["--data", str(_articles(tmp_path)), "--predictions", str(out), "--no-source"])
    assert result.exit_code == 0, result.output
    with_source = CliRunner().invoke(command, ["--data", str(_articles(tmp_path)), "--predictions", str(out)])
    assert with_source.exit_code != 0


def test_readers_match_the_shared_readmes(shared: Path) -> None:
    data = shared / "data"
    counts = {
        "buzzfeed-webis-fake-news-2016": 1153, "fakenewsnet-2017-politifact-buzzfeed": 311,
        "recovery-covid19-news": 1452,
    }
    for folder, n in counts.items():
        records = list(datasets.read(data / folder))
        assert len(records) == n
        assert all(r.site and r.label is not None for r in records)
    valid = list(datasets.read(data / "liar-politifact-statements", "valid"))
    assert len(valid) == 1284 and all(r.label is not None and r.meta["speaker"] for r in valid)


def test_eval_applies_the_sets_own_calibration_map(tmp_path: Path) -> None:
    """BuzzFeed-Webis rows get BuzzFeed-Webis's stored map and threshold; the flag turns it off."""
    from unspun.evaluate.verdict import set_map

    data = _articles(tmp_path)
    runs = {}
    for flag in ([], ["--no-set-calibration"]):
        out = tmp_path / f"pred{len(flag)}.jsonl"
        result = CliRunner().invoke(command, ["--data", str(data), "--predictions", str(out), "--no-source", *flag])
        assert result.exit_code == 0, result.output
        figures = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
        runs[bool(flag)] = ({x["id"]: x["score"] for x in map(json.loads, out.read_text().splitlines())}, figures)
    calibration = set_map("buzzfeed-webis", use_source=False)
    assert calibration is not None, "the bundled combiner has no BuzzFeed-Webis map: run `unspun train verdict`"
    (mapped, on), (raw, off) = runs[False], runs[True]
    assert on["set_calibration"] == "on" and on["set_threshold"] == calibration.threshold
    assert off["set_calibration"] == "off" and "f1_unreliable_at_set_threshold" not in off
    for key, score in raw.items():
        p = min(max(1 - score / 100, 1e-6), 1 - 1e-6)
        expected = 100 * (1 - float(calibration.probability(np.log(p / (1 - p)))))
        assert abs(mapped[key] - expected) < 1.0  # both sides start from rounded probabilities
    assert mapped != raw and mapped["a1"] > mapped["a2"]


def test_eval_scores_a_scrape_failure_by_its_sets_rate(tmp_path: Path) -> None:
    """A near-empty text gets FakeNewsNet's stored scrape-failure rate, whatever its title says."""
    from unspun.evaluate.verdict import set_map

    calibration = set_map("fakenewsnet", use_source=False)
    assert calibration is not None and calibration.scrape_failure is not None
    rows = [{"id": f"F{i}", "label": "fake", "url": f"https://gone{i}.example/x", "title": title, "text": "",
             "site": f"gone{i}.example"} for i, title in enumerate(["Board approves budget", "THEY LIED!!! SHOCKING"])]
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--predictions", str(out), "--no-source"])
    assert result.exit_code == 0, result.output
    scores = [x["score"] for x in map(json.loads, out.read_text().splitlines())]
    assert scores == [round(100 * (1 - calibration.scrape_failure), 2)] * 2
