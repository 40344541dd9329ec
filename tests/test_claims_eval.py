"""`unspun eval checkworthiness` writes each benchmark's own prediction format and prints its metrics."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unspun.evaluate.checkworthiness import command

HEADER = "Sentence_id,Text,Speaker,Speaker_title,Speaker_party,File_id,Length,Line_number,Sentiment,Verdict\n"


def test_claimbuster_layout(tmp_path: Path) -> None:
    data = tmp_path / "cb"
    data.mkdir()
    (data / "crowdsourced.csv").write_text(
        HEADER
        + '1,"We have cut the deficit by $200 billion since 2009.",A,B,C,2012-10-22.txt,10,1,0.0,1\n'
        + "2,Thank you very much.,A,B,C,2012-10-22.txt,4,2,0.0,-1\n",
        encoding="utf-8",
    )
    (data / "groundtruth.csv").write_text(HEADER + "3,What do you think?,A,B,C,2012-10-22.txt,4,3,0.0,-1\n", encoding="utf-8")
    out = tmp_path / "pred.csv"
    result = CliRunner().invoke(command, ["--data", str(data), "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["Sentence_id"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["label"] == "1" and rows[1]["label"] == "-1"
    assert all(0 <= float(r["score"]) <= 1 for r in rows)
    report = json.loads(result.output)
    assert report["both"]["f1"] == 1.0 and report["groundtruth.csv"]["n"] == 1


def test_checkthat_layout(tmp_path: Path) -> None:
    data = tmp_path / "ct"
    data.mkdir()
    for name in ("20160926_1pres", "20161010_2pres"):
        (data / f"{name}.tsv").write_text(
            "1\tHOLT\tGood evening and welcome.\t0\n"
            "2\tTRUMP\tOur trade deficit with China is almost $500 billion a year.\t1\n"
            "3\tSYSTEM\t(APPLAUSE)\t0\n",
            encoding="utf-8",
        )
    out = tmp_path / "run"
    result = CliRunner().invoke(command, ["--data", str(data), "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["20160926_1pres.tsv", "20161010_2pres.tsv"]
    lines = (out / files[0]).read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines] == ["1", "2", "3"]
    assert json.loads(result.output)["map"] == 1.0


def test_held_out_keeps_only_the_debates_the_model_never_saw(tmp_path: Path) -> None:
    from unspun import assets

    held = assets.load_json("checkworthiness/model.json")["claimbuster_held_out_debates"][0]
    data = tmp_path / "cb"
    data.mkdir()
    (data / "crowdsourced.csv").write_text(
        HEADER
        + f'1,"We have cut the deficit by $200 billion since 2009.",A,B,C,{held}.txt,10,1,0.0,1\n'
        + "2,Thank you very much.,A,B,C,1988-09-25.txt,4,2,0.0,-1\n",
        encoding="utf-8",
    )
    out = tmp_path / "pred.csv"
    result = CliRunner().invoke(command, ["--data", str(data), "--predictions", str(out), "--held-out"])
    assert result.exit_code == 0, result.output
    assert [r["Sentence_id"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["1"]
    report = json.loads(result.output)
    assert report["both"]["n"] == 1 and report["through_transformer"] == 1.0


def test_training_without_torch_stops_with_one_line(tmp_path: Path) -> None:
    import importlib.util

    from unspun.train.checkworthiness import command as train

    if importlib.util.find_spec("torch") is not None:
        pytest.skip("torch is installed here: the build-time path is available")
    result = CliRunner().invoke(train, ["--data", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0 and "pip install -e '.[train]'" in str(result.exception)
    assert not (tmp_path / "out").exists()  # nothing written, the shipped model untouched
