"""Stance model: official scoring arithmetic, the eval command's output format, and sane predictions."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from unspun.stance.data import confusion, fnc_score, per_class_f1, read_fnc
from unspun.stance.model import load

ROOT = Path(__file__).resolve().parents[1]


def test_fnc_score_follows_the_official_definition():
    gold = ["agree", "unrelated", "discuss", "disagree"]
    pred = ["agree", "unrelated", "agree", "unrelated"]
    score, best = fnc_score(gold, pred)
    assert best == 1 + 0.25 + 1 + 1
    assert score == 1 + 0.25 + 0.25 + 0
    m = confusion(gold, pred)
    assert m.sum() == 4 and m[0, 0] == 1 and m[3, 3] == 1
    assert per_class_f1(m)["agree"] == pytest.approx(2 / 3)


def test_bundled_model_tells_related_from_unrelated():
    body = ("Police in Springfield said on Tuesday that the bridge over the Elm river collapsed after days of heavy rain. "
            "Officials confirmed that nobody was hurt when the bridge collapsed, and engineers will inspect the other bridges.")
    claims = ["Springfield bridge collapses after heavy rain", "Pop star announces new world tour dates"]
    probs = load().predict_proba(claims, [body, body])
    assert probs.shape == (2, 4)
    assert probs[0, 3] < 0.5 < probs[1, 3]


def test_eval_writes_one_row_per_stance_in_order(tmp_path, shared):
    folder = tmp_path / "fnc"
    folder.mkdir()
    bodies, pairs, _ = read_fnc(shared / "data" / "fnc-1-stance")
    keep = pairs[:300]
    with (folder / "mini_bodies.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        w.writerows([b, bodies[b]] for b in sorted({p.body_id for p in keep}))
    with (folder / "mini_stances.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows([p.headline, p.body_id, p.stance] for p in keep)
    out = tmp_path / "pred.csv"
    proc = subprocess.run([sys.executable, "-m", "unspun.cli", "eval", "stance", "--data", str(folder), "--predictions", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "relative score" in proc.stdout and "F1m" in proc.stdout
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["Headline"], r["Body ID"]) for r in rows] == [(p.headline, p.body_id) for p in keep]
    assert {r["Stance"] for r in rows} <= {"agree", "disagree", "discuss", "unrelated"}
