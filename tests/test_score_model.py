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
    for entry in manifest["files"]:
        assert (assets.path("verdict") / entry["path"]).stat().st_size == entry["bytes"]
