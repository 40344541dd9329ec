"""The verdict's parts: style features, the stored text model, calibration error, the bundled manifest."""

from __future__ import annotations

import numpy as np

from unspun import assets
from unspun.verdict import features as F
from unspun.verdict.metrics import expected_calibration_error
from unspun.verdict.textmodel import TextModel


def test_sensational_text_raises_sensational_features_and_points_at_the_words() -> None:
    calm = F.style_vector("Council approves budget", "The council approved the budget on Monday, the mayor said.")
    loud = F.style_vector("SHOCKING cover-up EXPOSED!", "This shocking bombshell will destroy them! Wake up!")
    i, j = F.NAMES.index("sensational"), F.NAMES.index("exclamations")
    assert loud[i] > calm[i] and loud[j] > calm[j]
    text = "This shocking bombshell will destroy them!"
    words = [text[s:e].lower() for field, s, e in F.feature_spans("sensational", "", text) if field == "body"]
    assert words == ["shocking", "bombshell", "destroy"]


def test_attribution_feature_counts_sourced_statements() -> None:
    sourced = F.style_vector("", "Prices rose 3 percent, the ministry said. According to the bank, rates will hold.")
    bare = F.style_vector("", "Prices rose. Rates will hold. Everyone knows it.")
    k = F.NAMES.index("attribution")
    assert sourced[k] > bare[k] == 0


def test_text_model_round_trips_through_npz_and_json(tmp_path, monkeypatch) -> None:
    docs = ["calm report said officials", "shocking lies exposed now", "officials said the report", "lies shocking cover up"] * 3
    y = np.array([0, 1, 0, 1] * 3)
    dense = np.random.default_rng(0).normal(size=(len(docs), 2))
    params = {"min_df": 1, "max_df": 1.0, "C": 1.0, "char_max_features": 300, "char_min_df": 1}
    model = TextModel.fit(docs, y, dense=dense, dense_names=["a", "b"], classes=["r", "u"], params=params)
    assert model.char_vocabulary and model.n_text_columns == len(model.vocabulary) + len(model.char_vocabulary)
    model.save(tmp_path / "toy", "m")
    monkeypatch.setattr(assets, "RESOURCES", tmp_path)
    assets.load_npz.cache_clear()
    assets.load_json.cache_clear()
    loaded = TextModel.load("toy", "m")
    assets.load_npz.cache_clear()
    assets.load_json.cache_clear()
    before = model.decision(model.features(docs, dense=dense))
    after = loaded.decision(loaded.features(docs, dense=dense))
    assert np.allclose(before, after, atol=1e-4)
    assert (after[:, 0] > 0).tolist() == [bool(v) for v in y]


def test_expected_calibration_error() -> None:
    y = np.array([1, 0] * 50)
    assert expected_calibration_error(y, np.full(100, 0.5)) == 0.0
    assert abs(expected_calibration_error(y, np.full(100, 0.9)) - 0.4) < 1e-9


def test_bundled_manifest_reports_site_disjoint_figures_and_priors() -> None:
    manifest = assets.load_json("verdict/MANIFEST.json")
    assert "site-disjoint" in manifest["metrics"]["protocol"]
    for name in ("buzzfeed-webis", "fakenewsnet", "recovery"):
        figures = manifest["metrics"]["articles_text_only"][name]
        assert 0.5 < figures["roc_auc"] <= 1.0 and 0.0 <= figures["ece"] < 0.5
    assert manifest["metrics"]["liar_valid"]["accuracy_6way"] > 1 / 6
    assert "badge_unsubstantiated" in manifest["prior_weights"]
    maps = assets.load_json("verdict/combiner.json")["set_calibration"]["text-only"]
    assert set(maps) == {"buzzfeed-webis", "fakenewsnet", "recovery"}
    assert all(m["a"] > 0 and 0.05 <= m["threshold"] <= 0.95 for m in maps.values())
    for entry in manifest["files"]:
        assert (assets.path("verdict") / entry["path"]).stat().st_size == entry["bytes"]


def test_set_maps_recover_each_sets_own_calibration() -> None:
    """Two sets share a logit scale but not a base rate: each map must recover its own intercept."""
    from unspun.verdict.calibration import apply_set_maps, fit_set_maps
    from unspun.verdict.metrics import sigmoid

    rng = np.random.default_rng(1)
    z = rng.normal(size=4000)
    sets = np.array(["low"] * 2000 + ["high"] * 2000)
    shift = np.where(sets == "low", -1.5, 1.0)
    y = (rng.random(4000) < sigmoid(2.0 * z + shift)).astype(int)
    maps = fit_set_maps(z, y, sets)
    assert abs(maps["low"].b + 1.5) < 0.25 and abs(maps["high"].b - 1.0) < 0.25
    assert all(abs(m.a - 2.0) < 0.3 for m in maps.values())
    p, thresholds = apply_set_maps(maps, z, sets)
    for name in ("low", "high"):
        m = sets == name
        assert expected_calibration_error(y[m], p[m]) < 0.05 < expected_calibration_error(y[m], sigmoid(z[m]))
    assert thresholds[sets == "low"][0] < thresholds[sets == "high"][0]


def test_f1_threshold_finds_the_cut_between_the_classes() -> None:
    from unspun.verdict.calibration import f1_threshold

    y = np.array([0] * 80 + [1] * 20)
    p = np.concatenate([np.linspace(0.0, 0.25, 80), np.linspace(0.3, 0.45, 20)])
    assert 0.25 < f1_threshold(y, p) <= 0.30


def test_ece_floor_is_the_noise_of_a_perfectly_calibrated_model() -> None:
    from unspun.verdict.metrics import ece_floor

    rng = np.random.default_rng(2)
    small, large = rng.random(280), rng.random(20000)
    assert ece_floor(small) > 0.03 > 0.01 > ece_floor(large)
    assert ece_floor(np.full(500, 0.0)) == 0.0
