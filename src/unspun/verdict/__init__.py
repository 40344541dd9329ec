"""The credibility verdict: text features and model, the signal combiner, dataset readers and labels.

- `features`: hand-made style features (sensationalism, subjectivity, sourcing, readability) with spans.
- `textmodel`: the linear TF-IDF + style model, stored as arrays; `text`: its signals for one article.
- `signals`: other analyzers' findings as named signals; `combiner`: the calibrated weighing of them.
- `datasets` / `labels`: the shared sets in their own layouts and how their labels map.
- `training`: site-disjoint cross-validation and fitting; `claims`: the LIAR short-claim model.
`unspun.score.score_report` is the entry point the pipeline calls.
"""
