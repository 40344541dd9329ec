"""`unspun train propaganda` end to end on a small slice of the PTC train split (linear tagger only, so no torch):
the MANIFEST must say exactly how the files were made, and list exactly the files in the folder."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_manifest_records_the_command_as_run(shared: Path, tmp_path: Path) -> None:
    corpus = need(shared / "data" / "ptc-semeval2020-task11", "needs the PTC corpus")
    data = _slice(corpus, tmp_path / "ptc")
    out = tmp_path / "model"
    out.mkdir()
    (out / "tagger.onnx").write_bytes(b"stale")  # a linear-only build must not ship a transformer left from before
    args = ["train", "propaganda", "--data", str(data), "--out", str(out), "--linear-only", "--held-out", "0.25", "--dev", "0.2"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "MANIFEST.json").read_text())
    assert manifest["train_command"] == f"unspun train propaganda --data {data} --held-out 0.25 --dev 0.2 --linear-only"
    assert set(manifest["files"]) == {p.name for p in out.iterdir()} - {"MANIFEST.json"}
    assert not (out / "tagger.onnx").exists()
    config = json.loads((out / "config.json").read_text())
    assert "tagger" not in config and 0 < manifest["metrics"]["held_out_articles"] < ARTICLES
