"""`unspun eval extraction`: the benchmark's shingle metric and the command on a folder of its layout."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from unspun.evaluate.extraction import command, page_scores, score

PAGES = Path(__file__).parent / "pages"


def test_shingle_metric() -> None:
    gold = "one two three four five six seven eight"
    assert page_scores(gold, gold) == (1.0, 0.0, 0.0)
    assert page_scores(gold, "nine ten eleven twelve") == (0.0, 1 / 6, 5 / 6)
    half = score({"a": gold, "b": gold}, {"a": gold, "b": ""})
    assert half["precision"] == 1.0 and half["recall"] == 0.5 and half["f1"] == round(2 / 3, 4)
    assert half["accuracy"] == 0.5


def test_eval_command_writes_predictions_in_the_benchmark_format(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    gold = {}
    for name, body in [("wordpress", "Councillors in the fictional town of Saltmere"), ("drupal", "The central library in the invented borough of Northgate")]:
        (tmp_path / "html" / f"{name}.html.gz").write_bytes(gzip.compress((PAGES / f"{name}.html").read_bytes()))
        gold[name] = {"articleBody": body, "url": f"https://example.com/{name}"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(gold))
    out = tmp_path / "pred.json"
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    predicted = json.loads(out.read_text())
    assert set(predicted) == set(gold)
    assert predicted["wordpress"].startswith("Councillors in the fictional town of Saltmere")
    assert "Petra Lund" not in predicted["wordpress"]
    assert "recall 1.0000" in result.output and "2 pages" in result.output
