"""The SemEval-2020 Task 11 measures and the corpus reader, on small hand-made cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.errors import InputError
from unspun.propaganda.corpus import held_out, read_corpus
from unspun.propaganda.scoring import si_interval, si_scores, tc_scores
from unspun.spans import merge


def test_si_partial_overlap_credit() -> None:
    gold = {"1": [(0, 10), (20, 30)]}
    # half of the first gold span, the whole of a prediction inside the second, one miss
    pred = {"1": [(5, 15), (22, 24), (40, 50)]}
    s = si_scores(gold, pred)
    assert s["precision"] == pytest.approx((5 / 10 + 2 / 2 + 0) / 3)
    assert s["recall"] == pytest.approx((5 / 10 + 2 / 10) / 2)
    assert s["f1"] == pytest.approx(2 * s["precision"] * s["recall"] / (s["precision"] + s["recall"]))


def test_si_gold_merged_and_overlaps_refused() -> None:
    assert merge([(5, 8), (0, 6), (10, 12)]) == [(0, 8), (10, 12)]
    assert si_scores({"1": [(0, 6), (4, 10)]}, {"1": [(0, 10)]})["f1"] == pytest.approx(1.0)
    with pytest.raises(InputError):
        si_scores({"1": [(0, 5)]}, {"1": [(0, 5), (3, 8)]})


def test_si_empty_prediction_scores_zero() -> None:
    assert si_scores({"1": [(0, 5)]}, {})["f1"] == 0.0


def test_si_interval_resamples_whole_articles() -> None:
    # identical articles: every resample scores the same, so the interval is the point
    same = {str(k): [(0, 10)] for k in range(20)}
    half = {str(k): [(0, 5)] for k in range(20)}
    low, high = si_interval(same, half, rounds=200)
    assert low == pytest.approx(si_scores(same, half)["f1"]) == pytest.approx(high)
    # half the articles found exactly, half missed: the interval is wide and holds the point estimate
    gold = {str(k): [(0, 10)] for k in range(40)}
    pred = {str(k): [(0, 10)] for k in range(20)}
    f1 = si_scores(gold, pred)["f1"]
    low, high = si_interval(gold, pred, rounds=500)
    assert low < f1 < high and high - low > 0.1
    assert si_interval(gold, pred, rounds=500) == (low, high), "seeded: the same figures every run"


def test_tc_micro_f1_matches_multi_label_spans_as_multisets() -> None:
    gold = [("1", "Doubt", 0, 5), ("1", "Repetition", 0, 5), ("1", "Slogans", 9, 12), ("2", "Doubt", 1, 3)]
    pred = [("1", "Repetition", 0, 5), ("1", "Doubt", 0, 5), ("1", "Doubt", 9, 12), ("2", "Doubt", 1, 3)]
    s = tc_scores(gold, pred)
    assert s["micro_f1"] == pytest.approx(3 / 4)
    assert s["f1.Slogans"] == 0.0


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "dev-articles").mkdir()
    (tmp_path / "dev-articles" / "article7.txt").write_bytes(b"Title\r\n\r\nThey are traitors.\r\n")
    (tmp_path / "dev-articles" / "article8.txt").write_bytes(b"Calm text.\n")
    (tmp_path / "dev-task-si.labels").write_text("7\t18\t26\n")
    (tmp_path / "dev-task-flc-tc.labels").write_text("7\tName_Calling,Labeling\t18\t26\n7\tLoaded_Language\t18\t26\n")
    return tmp_path


def test_read_corpus_keeps_offsets_and_comma_labels(tmp_path: Path) -> None:
    split, articles = read_corpus(_corpus(tmp_path))
    assert split == "dev" and [a.id for a in articles] == ["7", "8"]
    first = articles[0]
    assert first.text[18:26] == "traitors"  # \r\n kept, so the offsets still point at the word
    assert first.tc == [("Name_Calling,Labeling", 18, 26), ("Loaded_Language", 18, 26)]
    assert articles[1].si == []


def test_read_corpus_rejects_bad_layouts(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_corpus(tmp_path)  # no <split>-articles/
    folder = _corpus(tmp_path)
    (folder / "dev-task-si.labels").write_text("7\t18\n")
    with pytest.raises(InputError, match="tab-separated"):
        read_corpus(folder)


def test_held_out_is_stable_and_about_the_asked_share() -> None:
    ids = [str(111111111 + k) for k in range(2000)]
    part = held_out(ids, 0.2)
    assert part == held_out(list(reversed(ids)), 0.2)
    assert 0.17 < len(part) / len(ids) < 0.23
    assert held_out(ids[:100], 0.2) == {i for i in ids[:100] if i in part}
