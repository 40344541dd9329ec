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
    assert 0.0 < maps["fakenewsnet"]["scrape_failure"] < 1.0
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


def test_scrape_failures_get_their_sets_own_smoothed_rate() -> None:
    """A scrape failure's logit is ignored: it gets its set's Laplace-smoothed rate; a set without failures
    keeps its map for every item, and the rate survives the JSON round trip."""
    from unspun.verdict.calibration import SetMap, apply_set_maps, fit_set_maps

    rng = np.random.default_rng(3)
    z = rng.normal(size=600)
    sets = np.array(["mostly-fake"] * 300 + ["clean"] * 300)
    y = (rng.random(600) < 1 / (1 + np.exp(-2 * z))).astype(int)
    failures = (np.array([1] * 8 + [0] * 2), np.array(["mostly-fake"] * 10))
    maps = fit_set_maps(z, y, sets, failures)
    assert maps["mostly-fake"].scrape_failure == (8 + 1) / (10 + 2) and maps["clean"].scrape_failure is None
    failed = np.array([True, False, True, False])
    item_sets = np.array(["mostly-fake", "mostly-fake", "clean", "clean"])
    p, _ = apply_set_maps(maps, np.full(4, -5.0), item_sets, failed)
    assert p[0] == 0.75 and p[1] < 0.05 and p[2] == p[3] < 0.05
    assert SetMap.from_json(maps["mostly-fake"].to_json()).scrape_failure == 0.75
    assert SetMap.from_json({"a": 1.0, "b": 0.0, "threshold": 0.5}).scrape_failure is None


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


def test_site_intervals_widen_when_a_sample_holds_few_sites() -> None:
    """The same predictions vary more when they come from 5 sites than from 100: the bootstrap must draw sites."""
    from sklearn.metrics import roc_auc_score

    from unspun.verdict.metrics import site_intervals

    rng = np.random.default_rng(4)
    p = rng.random(500)
    y = (rng.random(500) < p).astype(int)
    few = site_intervals(y, p, np.arange(500) % 5)
    many = site_intervals(y, p, np.arange(500) % 100)
    lo_few, hi_few = few["ece_site_90"]
    lo_many, hi_many = many["ece_site_90"]
    assert hi_few - lo_few > hi_many - lo_many
    lo, hi = many["roc_auc_site_90"]
    assert lo < roc_auc_score(y, p) < hi and hi - lo < 0.1


def test_nested_check_keeps_each_held_out_fold_away_from_its_training_logits(monkeypatch) -> None:
    """Cross-fitted: each text model leaves one fold out. Nested: for held-out fold k, every text model that
    makes the training folds' logits leaves fold k out as well, and the nested figures are reported."""
    from unspun.verdict import training as T
    from unspun.verdict.datasets import Record

    rng = np.random.default_rng(5)
    calm, loud = "officials said the report budget data".split(), "shocking lies exposed corrupt hidden".split()
    records = []
    for i in range(150):
        label = int(rng.random() < 0.4)
        words = rng.choice(loud if label else calm, 30).tolist() + rng.choice(calm + loud, 30).tolist()
        records.append(Record(id=str(i), dataset=("buzzfeed-webis", "fakenewsnet", "recovery")[i % 3],
                              text=" ".join(words), site=f"site{i % 15}.example", label=label))
    styles = F.style_matrix([(r.title, r.text) for r in records])
    fitted: list[set[str]] = []
    real_fit = T.fit_text

    def recording_fit(recs, style_rows, params):
        fitted.append({r.id for r in recs})
        return real_fit(recs, style_rows, params)

    monkeypatch.setattr(T, "fit_text", recording_fit)
    params = {**T.TEXT_PARAMS, "min_df": 1, "char_max_features": 0}
    cv = T.cross_validate(records, styles, None, params, nested=True, log=lambda _: None)
    held = [{records[i].id for i in test} for _, test in T.site_folds(records)]
    assert len(fitted) == len(held) * len(held)
    assert all(sum(ids.isdisjoint(h) for h in held) == 1 for ids in fitted[: len(held)])
    for k in range(len(held)):
        inner = fitted[len(held) + k * (len(held) - 1): len(held) + (k + 1) * (len(held) - 1)]
        assert all(ids.isdisjoint(held[k]) and sum(ids.isdisjoint(h) for h in held) == 2 for ids in inner)
    assert 0.5 < cv["figures"]["text-only nested"]["fakenewsnet"]["roc_auc"] <= 1.0


def test_wording_reason_names_distinct_terms() -> None:
    """The bundled model's strongest terms on a page overlap ("minister", "the minister"): a reason lists each
    word once, in the order of weight, so five cues are five different words."""
    from unspun.verdict.text import model, text_signals

    title = "Minister Vows Offensive Will Crush Rebellion"
    text = ("The minister said the ministry would crush the rebellion. The minister of the ministry spoke. " * 6)
    words = text_signals(title, text, {})[0]
    terms = list(words.evidence["terms"])
    assert len(terms) >= 3
    for i, term in enumerate(terms):
        assert not set(term.split()) & {w for t in terms[:i] for w in t.split()}, terms
    assert set(terms) <= set(model().vocabulary)
