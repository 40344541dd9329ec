"""`unspun train propaganda` end to end on a small slice of the PTC train split (linear tagger only, so no torch):
the MANIFEST must say exactly how the files were made, and list exactly the files in the folder; the final refit
on every non-held-out article must change the fitted parts but keep the settings chosen on dev."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from click.testing import CliRunner

from conftest import need
from unspun.cli.main import cli

ARTICLES = 16


def _slice(corpus: Path, folder: Path) -> Path:
    """The first `ARTICLES` train articles with their labels, in the corpus's own layout."""
    (folder / "train-articles").mkdir(parents=True)
    paths = sorted((corpus / "train-articles").glob("article*.txt"))[:ARTICLES]
    ids = {p.stem[len("article"):] for p in paths}
    for p in paths:
        (folder / "train-articles" / p.name).write_bytes(p.read_bytes())
    for name in ("train-task-si.labels", "train-task-flc-tc.labels"):
        rows = (corpus / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (folder / name).write_text("".join(r for r in rows if r.split("\t", 1)[0] in ids), encoding="utf-8")
    return folder


def _train(data: Path, out: Path, *extra: str) -> dict:
    args = ["train", "propaganda", "--data", str(data), "--out", str(out), "--linear-only", "--held-out", "0.25", "--dev", "0.2"]
    result = CliRunner().invoke(cli, [*args, *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "MANIFEST.json").read_text())


def test_manifest_records_the_command_as_run(shared: Path, tmp_path: Path) -> None:
    corpus = need(shared / "data" / "ptc-semeval2020-task11", "needs the PTC corpus")
    data = _slice(corpus, tmp_path / "ptc")
    out = tmp_path / "model"
    out.mkdir()
    (out / "tagger.onnx").write_bytes(b"stale")  # a linear-only build must not ship a transformer left from before
    manifest = _train(data, out)
    assert manifest["train_command"] == f"unspun train propaganda --data {data} --held-out 0.25 --dev 0.2 --linear-only"
    assert set(manifest["files"]) == {p.name for p in out.iterdir()} - {"MANIFEST.json"}
    assert not (out / "tagger.onnx").exists()
    config = json.loads((out / "config.json").read_text())
    assert "tagger" not in config and 0 < manifest["metrics"]["held_out_articles"] < ARTICLES


def test_refit_uses_dev_articles_and_keeps_the_dev_settings(shared: Path, tmp_path: Path) -> None:
    corpus = need(shared / "data" / "ptc-semeval2020-task11", "needs the PTC corpus")
    data = _slice(corpus, tmp_path / "ptc")
    refit, tuning = _train(data, tmp_path / "refit"), _train(data, tmp_path / "tuning", "--no-refit")
    config = json.loads((tmp_path / "refit" / "config.json").read_text())
    fit, both = ARTICLES - len(config["held_out_ids"]) - len(config["dev_ids"]), ARTICLES - len(config["held_out_ids"])
    assert refit["fitted_on"]["sentence model, linear token tagger"].startswith(f"fit + dev parts ({both} articles")
    assert tuning["fitted_on"]["sentence model, linear token tagger"] == f"fit part ({fit} articles)"
    assert refit["metrics"]["dev_si_f1"] == tuning["metrics"]["dev_si_f1"]
    assert refit["metrics"]["threshold"] == tuning["metrics"]["threshold"] == config["threshold"]
    with np.load(tmp_path / "refit" / "model.npz") as a, np.load(tmp_path / "tuning" / "model.npz") as b:
        refit_w, tuning_w = a["sentence.weights"], b["sentence.weights"]
        assert refit_w.shape != tuning_w.shape or not np.allclose(refit_w, tuning_w)
        assert np.array_equal(a["technique.weights"], b["technique.weights"])  # fitted on fit + dev either way
